"""Forms of looked-after casework: care, placements, legal status, reviews, missing episodes,
adoption and permanence, motherhood, PEPs, health assessments and dental checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django import forms
from django.db import models

from continuum.core import codes
from continuum.journey.models import (
    HealthAssessmentKind,
    MissingFrom,
    PermanencePlan,
)
from continuum.journey.services.looked_after import too_old_for_under_four
from continuum.looked_after.models import AdoptionPlan
from continuum.people.models import Child
from continuum.web.children.narrative_forms import NarrativeFields, narrative_text
from continuum.web.children.recording_forms import (
    EditForm,
    as_bool,
    clean_postcode,
    optional,
    postcode,
    radios,
    yes_no,
)
from continuum.web.govuk.fields import GovukDateField, GovukTimeField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm

# --- Care, placements and legal status ------------------------------------------------------------


class PlacementFields(GovukForm):
    """The placement questions that starting care and changing placement share."""

    place = choice_field(
        "Placement type (PLACE)",
        codes.choices("episodes.PLACE"),
        "Select the placement type",
        blank="Choose one",
    )
    place_provider = optional("Placement provider (optional)", codes.choices("episodes.PLACE_PROVIDER"))
    provider_name = text_field("Provider or carer's name (optional)", required=False)
    in_borough = yes_no(
        "Is the placement inside the borough?", "Select yes if the placement is in the borough"
    )
    pl_post = postcode("Placement postcode (optional)")
    urn = text_field("Ofsted unique reference number (optional)", required=False, max_length=8)

    def clean_pl_post(self) -> str:
        return clean_postcode(self, "pl_post")

    def clean_urn(self) -> str:
        urn = self.cleaned_data.get("urn", "").strip()
        if urn and not urn.isalnum():
            raise forms.ValidationError("Ofsted unique reference number must be letters and numbers only")
        return urn

    def placement(self) -> dict[str, Any]:
        """The placement answers as the services take them."""
        data = self.cleaned_data
        return {
            "place": data["place"],
            "place_provider": data.get("place_provider", ""),
            "provider_name": data.get("provider_name", "").strip(),
            "in_borough": bool(as_bool(data["in_borough"])),
            "pl_post": data.get("pl_post", ""),
            "urn": data.get("urn", ""),
        }


class StartCareForm(PlacementFields):
    non_field_anchor = "id_decom-day"

    decom = GovukDateField(label="Date the child started to be looked after (DECOM)")
    ls = choice_field(
        "Legal status (LS)", codes.choices("episodes.LS"), "Select the legal status", blank="Choose one"
    )
    cin = choice_field(
        "Category of need", codes.choices("episodes.CIN"), "Select the category of need", blank="Choose one"
    )
    home_post = postcode("Home postcode (optional)")
    permanence_plan = optional("Permanence plan (optional)", list(PermanencePlan.choices))

    field_order: ClassVar[list[str]] = ["decom", "ls", "cin", "home_post", "place"]

    def clean_home_post(self) -> str:
        return clean_postcode(self, "home_post")


EPISODE_SEEN = {"dec": "Date the episode ended", "place": "Placement type", "ls": "Legal status"}


#: RNE codes for a change that moves the child; T and U change the legal status as well.
PLACEMENT_RNE = [c for c in codes.choices("episodes.RNE") if c[0] in ("P", "B", "T", "U")]


class ChangePlacementForm(EditForm, PlacementFields):
    non_field_anchor = "id_on-day"
    seen_fields = EPISODE_SEEN

    on = GovukDateField(label="Date of the move")
    rne = radios("What changed (RNE)", PLACEMENT_RNE, "Select what changed")
    ls = optional("New legal status (only if it changed)", codes.choices("episodes.LS"), blank="No change")
    reason_place_change = choice_field(
        "Reason for the change",
        codes.choices("episodes.REASON_PLACE_CHANGE"),
        "Select the reason for the change of placement",
        blank="Choose one",
    )

    field_order: ClassVar[list[str]] = ["on", "rne", "ls", "reason_place_change", "place"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rne") in ("T", "U") and not data.get("ls"):
            self.add_error("ls", "Select the new legal status: the change you chose includes one")
        return data


class CeaseCareForm(EditForm):
    non_field_anchor = "id_dec-day"
    seen_fields = EPISODE_SEEN

    dec = GovukDateField(label="Date the child stopped being looked after (DEC)")
    rec = choice_field(
        "Reason the episode ceased (REC)",
        codes.choices("episodes.REC", exclude=("X1",)),
        "Select the reason the child stopped being looked after",
        blank="Choose one",
    )


class CLAReviewForm(NarrativeFields, GovukForm):
    """The SSDA903 review (date, how the child took part), with what was discussed and decided and the
    child's voice: the same narrative fields as visits, core groups and CP reviews (issue 18 point 1)."""

    non_field_anchor = "id_review-day"
    # As the page reads (the narrative fields come first by inheritance), so errors are listed in order.
    field_order = ["review", "review_code", "participation", "what_happened", "childs_voice"]

    what_happened = narrative_text("What was discussed and decided")

    review = GovukDateField(label="Date of the review")
    review_code = radios(
        "How the child took part",
        codes.choices("reviews.REVIEW_CODE", with_code=False),  # the DfE's words; the code is for the return
        "Select how the child took part in the review",
    )

    def __init__(self, *args: Any, child: Child | None = None, **kwargs: Any) -> None:
        """``child``: whose review it is, so an answer that cannot fit their age is refused beside
        the question rather than by the service at the top of the page."""
        super().__init__(*args, **kwargs)
        self.child = child

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        review, code = data.get("review"), data.get("review_code")
        if self.child is not None and review and code:
            age = too_old_for_under_four(self.child, review, code)
            if age is not None:
                self.add_error(
                    "review_code",
                    "'Child aged under 4' is only for a child under 4 on the review date; "
                    f"this child was {age}",
                )
        return data


class ChangeLegalStatusForm(EditForm):
    non_field_anchor = "id_on-day"
    seen_fields = EPISODE_SEEN

    on = GovukDateField(label="Date the legal status changed")
    ls = choice_field(
        "New legal status (LS)",
        codes.choices("episodes.LS"),
        "Select the new legal status",
        blank="Choose one",
    )


# --- Missing episodes -----------------------------------------------------------------------------


class MissingForm(GovukForm):
    non_field_anchor = "id_missing_0"

    missing = radios("Missing or absent?", codes.choices("missing.MISSING"), "Select missing or absent")
    where_from = radios(
        "Where did the child go missing from?",
        MissingFrom.choices,
        "Select where the child went missing from",
    )
    start_date = GovukDateField(label="Date the child went missing")
    start_time = GovukTimeField(label="Time the child went missing")
    end_date = GovukDateField(label="Date the child returned (optional)", required=False)
    end_time = GovukTimeField(label="Time the child returned (optional)", required=False)
    reason = forms.CharField(
        label="What is known about why (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5_000,
        error_messages={"max_length": "What is known about why must be 5,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("end_date") and not data.get("end_time") and "end_time" not in self.errors:
            self.add_error("end_time", "Enter the time the child returned, or leave the return date blank")
        if data.get("end_time") and not data.get("end_date") and "end_date" not in self.errors:
            self.add_error("end_date", "Enter the date the child returned, or leave the return time blank")
        return data


class MissingReturnForm(EditForm):
    """The return and the return home interview offer, for an episode still open or without an offer."""

    non_field_anchor = "id_end_date-day"
    seen_fields: ClassVar[dict[str, str]] = {
        "mis_end": "Time the child returned",
        "rhi_offered_at": "Return home interview offered",
        "rhi_accepted": "Return home interview accepted",
        "rhi_held_at": "Return home interview held",
    }

    end_date = GovukDateField(label="Date the child returned")
    end_time = GovukTimeField(label="Time the child returned")
    rhi_offered = yes_no(
        "Has a return home interview been offered?", "Select yes if a return home interview was offered"
    )
    rhi_date = GovukDateField(label="Date the interview was offered", required=False)
    rhi_time = GovukTimeField(label="Time the interview was offered", required=False)
    rhi_accepted = yes_no("Did the child accept the interview?", "", required=False)
    rhi_held_date = GovukDateField(label="Date the interview was held", required=False)
    rhi_held_time = GovukTimeField(label="Time the interview was held", required=False)

    def __init__(self, *args: Any, returned: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.returned = returned
        if returned is not None:
            # The return is already recorded: only the interview is asked for.
            del self.fields["end_date"], self.fields["end_time"]
            self.non_field_anchor = "id_rhi_offered_0"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if as_bool(data.get("rhi_offered")):
            for name, what in (("rhi_date", "date"), ("rhi_time", "time")):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"Enter the {what} the interview was offered")
            if as_bool(data.get("rhi_accepted")) is None:
                self.add_error("rhi_accepted", "Select yes if the child accepted the interview")
            held = [name for name in ("rhi_held_date", "rhi_held_time") if data.get(name)]
            if len(held) == 1:
                missing = "time" if held[0] == "rhi_held_date" else "date"
                self.add_error(f"rhi_held_{missing}", f"Enter the {missing} the interview was held")
            elif held and as_bool(data.get("rhi_accepted")) is False:
                self.add_error("rhi_held_date", "The child refused the interview: leave the time held blank")
        elif data.get("rhi_offered") == "no" and self.returned is not None:
            self.add_error("rhi_offered", "The return is already recorded: record the interview offer")
        return data


# --- Adoption and permanence ----------------------------------------------------------------------


class AdoptionDecisionForm(GovukForm):
    non_field_anchor = "id_decided_on-day"

    decided_on = GovukDateField(label="Date of the decision that the child should be placed for adoption")


#: The later steps of a plan, in the order they happen, with the words the form shows.
PLAN_STEPS = {
    "date_placement_order": "Date of the placement order (optional)",
    "date_ffa_placed": "Date placed in a fostering for adoption or concurrent planning placement (optional)",
    "date_match": "Date matched with the prospective adopters (optional)",
    "date_placed": "Date placed for adoption (optional)",
    "date_adoption_order": "Date of the adoption order (optional)",
    "date_placed_ceased": "Date of the decision that the child should no longer be placed (optional)",
}


class AdoptionProgressForm(EditForm):
    """The plan's later steps, opened with the dates already held so the user sees where it stands."""

    non_field_anchor = "id_date_placement_order-day"
    seen_fields: ClassVar[dict[str, str]] = {
        name: label.removesuffix(" (optional)") for name, label in PLAN_STEPS.items()
    }

    reason_placed_ceased = choice_field(
        "Reason the child should no longer be placed (REASON_PLACED_CEASED)",
        codes.choices("placed_adoption.REASON_PLACED_CEASED"),
        "",
        required=False,
        blank="Not applicable",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in PLAN_STEPS.items():
            self.fields[name] = GovukDateField(label=label, required=False)
        self.order_fields([*PLAN_STEPS, "reason_placed_ceased"])

    @classmethod
    def opening(cls, record: models.Model, **kwargs: Any) -> EditForm:
        form = super().opening(record, **kwargs)
        form.initial.update({name: getattr(record, name) for name in (*PLAN_STEPS, "reason_placed_ceased")})
        return form

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_placed_ceased") and not data.get("reason_placed_ceased"):
            self.add_error(
                "reason_placed_ceased",
                "Select the reason the child should no longer be placed: the decision needs its reason",
            )
        reason_alone = data.get("reason_placed_ceased") and not data.get("date_placed_ceased")
        if reason_alone and "date_placed_ceased" not in self.errors:
            self.add_error(
                "date_placed_ceased",
                "Enter the date of the decision that the child should no longer be placed, "
                "or choose no reason",
            )
        return data

    def progress_values(self) -> dict[str, Any]:
        """The answers as :class:`~continuum.looked_after.services.AdoptionProgress` takes them."""
        data = self.cleaned_data
        return {name: data.get(name) for name in PLAN_STEPS} | {
            "reason_placed_ceased": data.get("reason_placed_ceased", "")
        }


def plan_in_progress(plan: AdoptionPlan) -> bool:
    """A plan is in progress until the adoption order or the decision that it should end."""
    return plan.date_adoption_order is None and plan.date_placed_ceased is None


class PreviousPermanenceForm(GovukForm):
    non_field_anchor = "id_prev_perm_0"

    prev_perm = radios(
        "Did the child have a permanence order before this period of care? (PREV_PERM)",
        codes.choices("prev_perm.PREV_PERM"),
        "Select whether the child had a permanence order before this period of care",
    )
    date_perm = GovukDateField(label="Date of that order (optional)", required=False)
    la_perm = text_field("Local authority that made the arrangement (optional)", required=False, max_length=9)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("prev_perm") == "Z1":
            if data.get("date_perm"):
                self.add_error("date_perm", "Leave the date of the order blank: the child had no order (Z1)")
            if data.get("la_perm", "").strip():
                self.add_error("la_perm", "Leave the local authority blank: the child had no order (Z1)")
        return data


# --- Motherhood -----------------------------------------------------------------------------------


class MotherhoodForm(GovukForm):
    non_field_anchor = "id_recorded_on-day"

    recorded_on = GovukDateField(label="Date this was recorded")
    mother = yes_no("Is the young woman a mother? (MOTHER)", "Select yes if the young woman is a mother")
    mc_dob = GovukDateField(label="Date of birth of her first child (MC_DOB, optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mc_dob") and as_bool(data.get("mother")) is False:
            self.add_error(
                "mc_dob", "Leave the date of birth of her first child blank, or select yes: she is a mother"
            )
        return data


# --- Health and education of a looked-after child -------------------------------------------------


class PEPForm(GovukForm):
    non_field_anchor = "id_pep_date-day"

    pep_date = GovukDateField(label="Date of the personal education plan meeting")


class HealthAssessmentForm(GovukForm):
    non_field_anchor = "id_assessment_date-day"

    assessment_date = GovukDateField(label="Date of the health assessment")
    kind = radios(
        "Type of health assessment", HealthAssessmentKind.choices, "Select the type of health assessment"
    )


class DentalCheckForm(GovukForm):
    non_field_anchor = "id_check_date-day"

    check_date = GovukDateField(label="Date of the dental check")
