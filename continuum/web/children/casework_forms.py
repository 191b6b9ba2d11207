"""The journey's casework forms on the child record: allocation, plans, care, missing, care leavers.

As in :mod:`continuum.web.children.forms`, a form only checks what was typed
(a real date, a real time, an answer given, naming the field); the journey's
rules stay in the services. Forms that change an existing record inherit
:class:`EditForm`, which carries the version the user saw and what the page
showed, so a clash with someone else's save can say what changed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils import timezone

from continuum.core import codes
from continuum.journey.models import ChildParticipation, MissingFrom, PartnerAgency, PermanencePlan
from continuum.people.models import Worker
from continuum.web.children.forms import ModelChoice, as_bool, seen_token, what_changed, yes_no
from continuum.web.govuk.fields import POSTCODE_RE, GovukDateField, GovukTimeField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm


def optional(label: str, choices: list[tuple[str, str]], blank: str = "Not recorded") -> forms.ChoiceField:
    return choice_field(label, choices, "", required=False, blank=blank)


def radios(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": message}
    )


def postcode(label: str) -> forms.CharField:
    return text_field(label, required=False, max_length=8)


def clean_postcode(form: forms.Form, name: str) -> str:
    value = form.cleaned_data.get(name, "").strip().upper()
    if value and not POSTCODE_RE.match(value):
        what = str(form.fields[name].label).removesuffix(" (optional)")
        form.add_error(name, f"Enter a real {what[0].lower() + what[1:]}, like SE1 7QP")
    return value


# --- Time of day, for missing episodes ---------------------------------------------------


def at(day: date | None, clock: time | None) -> datetime | None:
    """The local moment of ``day`` at ``clock``, or None when either is missing."""
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))


# --- Editing an existing record --------------------------------------------------------------


class EditForm(GovukForm):
    """A form that changes a record someone else may change too.

    It carries the version the user saw; the service refuses a save against
    a newer version. ``seen_fields`` name what the page showed, so the clash
    can be explained field by field rather than by "try again".
    """

    seen_fields: ClassVar[dict[str, str]] = {}

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def opening(cls, record: models.Model, **kwargs: Any) -> EditForm:
        """The empty form for ``record`` as it stands now."""
        initial = {"version": record.version, "seen_state": seen_token(record, cls.seen_fields)}  # type: ignore[attr-defined]
        return cls(initial=initial, **kwargs)

    def catch_up(self, record: models.Model) -> list[str]:
        """After a clash: what changed, and move the form on to the current version.

        Everything the user typed stays; saving again is then a deliberate
        choice made with the other person's changes in view.
        """
        changes = what_changed(self.data.get("seen_state", ""), record, self.seen_fields)
        data = self.data.copy()
        data["version"] = str(record.version)  # type: ignore[attr-defined]
        data["seen_state"] = seen_token(record, self.seen_fields)
        self.data = data
        return changes


# --- Allocation -------------------------------------------------------------------------------


class AllocateForm(GovukForm):
    non_field_anchor = "id_worker"

    start_date = GovukDateField(label="Date the worker takes the case")
    previous_end_reason = optional(
        "Why the case is changing worker (if it already has one)",
        codes.choices("social_worker.SW_REASON"),
    )

    def __init__(self, *args: Any, workers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"] = ModelChoice(
            label="Worker",
            rows=[(w, f"{w} ({w.team.name})" if w.team else str(w)) for w in workers],
            message="Select the worker who will hold the case",
            required=True,
        )
        self.order_fields(["worker", "start_date", "previous_end_reason"])


class EndAllocationForm(EditForm):
    non_field_anchor = "id_end_date-day"
    seen_fields: ClassVar[dict[str, str]] = {"worker": "Worker", "end_date": "End date"}

    end_date = GovukDateField(label="Date the allocation ends")
    end_reason = optional("Why it ends", codes.choices("social_worker.SW_REASON"))


# --- Referral, assessment and plans -------------------------------------------------------------


class StartAssessmentForm(GovukForm):
    non_field_anchor = "id_assessment_actual_start_date-day"

    assessment_actual_start_date = GovukDateField(label="Date the assessment started")


class CloseReferralForm(EditForm):
    non_field_anchor = "id_cin_closure_date-day"
    seen_fields: ClassVar[dict[str, str]] = {
        "cin_closure_date": "Closure date",
        "reason_for_closure": "Reason for closure",
    }

    cin_closure_date = GovukDateField(label="Date the referral closed")
    reason_for_closure = radios(
        "Reason for closure", codes.choices("ReasonForClosure"), "Select the reason for closure"
    )


class ReferralNeedForm(EditForm):
    """The referral's primary need: the CIN census asks it of every referral that goes further (rule 8610)."""

    non_field_anchor = "id_primary_need_code_0"
    seen_fields: ClassVar[dict[str, str]] = {"primary_need_code": "Primary need"}

    primary_need_code = radios(
        "Primary need", codes.choices("PrimaryNeedCode"), "Select the child's primary need"
    )


class CINPlanStartForm(GovukForm):
    non_field_anchor = "id_cin_plan_start_date-day"

    cin_plan_start_date = GovukDateField(label="Date the child in need plan started")


class CINPlanEndForm(EditForm):
    non_field_anchor = "id_cin_plan_end_date-day"
    seen_fields: ClassVar[dict[str, str]] = {"cin_plan_end_date": "Plan end date"}

    cin_plan_end_date = GovukDateField(label="Date the child in need plan ended")


class CoreGroupForm(GovukForm):
    non_field_anchor = "id_meeting_date-day"

    meeting_date = GovukDateField(label="Date of the core group meeting")
    agencies_present = forms.MultipleChoiceField(
        label="Agencies present (optional)",
        choices=PartnerAgency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


CP_PLAN_SEEN = {"cpp_end_date": "Plan end date", "latest_category_of_abuse": "Latest category of abuse"}


class CPReviewForm(EditForm):
    non_field_anchor = "id_conference_date-day"
    seen_fields = CP_PLAN_SEEN

    conference_date = GovukDateField(label="Date of the review conference")
    outcome = radios(
        "Outcome of the review",
        [("continue_plan", "The plan continues"), ("end_plan", "The plan ends")],
        "Select whether the plan continues or ends",
    )
    latest_category_of_abuse = optional(
        "Category of abuse from this review (optional)",
        codes.choices("LatestCategoryOfAbuse", with_code=False),
        blank="No change",
    )
    child_participation = optional(
        "How did the child take part? (optional)", list(ChildParticipation.choices)
    )


class EndCPPlanForm(EditForm):
    non_field_anchor = "id_cpp_end_date-day"
    seen_fields = CP_PLAN_SEEN

    cpp_end_date = GovukDateField(label="Date the child protection plan ended")


# --- Looked after -------------------------------------------------------------------------------


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


class CLAReviewForm(GovukForm):
    non_field_anchor = "id_review-day"

    review = GovukDateField(label="Date of the review")
    review_code = radios(
        "How the child took part (REVIEW_CODE)",
        codes.choices("reviews.REVIEW_CODE"),
        "Select how the child took part in the review",
    )


# --- Missing episodes ------------------------------------------------------------------------------


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
    }

    end_date = GovukDateField(label="Date the child returned")
    end_time = GovukTimeField(label="Time the child returned")
    rhi_offered = yes_no(
        "Has a return home interview been offered?", "Select yes if a return home interview was offered"
    )
    rhi_date = GovukDateField(label="Date the interview was offered", required=False)
    rhi_time = GovukTimeField(label="Time the interview was offered", required=False)
    rhi_accepted = yes_no("Did the child accept the interview?", "", required=False)

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
        elif data.get("rhi_offered") == "no" and self.returned is not None:
            self.add_error("rhi_offered", "The return is already recorded: record the interview offer")
        return data


# --- Care leavers -------------------------------------------------------------------------------------


class CareLeaverContactForm(GovukForm):
    non_field_anchor = "id_contact_date-day"

    contact_date = GovukDateField(label="Date of the contact")
    in_touch = radios(
        "Is the young person in touch? (IN_TOUCH)",
        codes.choices("oc3.IN_TOUCH"),
        "Select whether the young person is in touch",
    )
    accom = optional("Accommodation and whether it is suitable (ACCOM)", codes.choices("oc3.ACCOM"))
    activ = optional("Main activity (ACTIV)", codes.choices("oc3.ACTIV"))
    staying_put = yes_no("Is the young person Staying Put with former foster carers?", "", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("accom") and not data.get("activ"):
            self.add_error(
                "activ", "Select the main activity: accommodation and activity are recorded together"
            )
        if data.get("activ") and not data.get("accom"):
            self.add_error(
                "accom", "Select the accommodation: accommodation and activity are recorded together"
            )
        return data
