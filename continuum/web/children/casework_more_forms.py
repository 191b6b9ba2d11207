"""Forms for the rest of the journey: s47 outcomes, legal status, care leavers, adoption, health.

Same rules as :mod:`continuum.web.children.casework_forms`: a form checks
only what was typed (a real date, an answer given, answers that go together),
naming the field; the journey's rules stay in the services. Edits of an
existing record inherit :class:`~continuum.web.children.casework_forms.EditForm`
so a clash with someone else's save is caught and explained.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from continuum.core import codes
from continuum.journey.models import CareLeaverCategory, HealthAssessmentKind, S47Outcome
from continuum.looked_after.models import AdoptionPlan
from continuum.people.models import Worker
from continuum.web.children.casework_forms import EPISODE_SEEN, EditForm, radios
from continuum.web.children.forms import ModelChoice, as_bool, yes_no
from continuum.web.govuk.fields import GovukDateField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm

# --- Section 47 ------------------------------------------------------------------------------


class CompleteS47Form(EditForm):
    """The outcome of an enquiry; whether an initial conference is needed is part of the outcome."""

    non_field_anchor = "id_completed_on-day"
    seen_fields: ClassVar[dict[str, str]] = {"completed_on": "Completion date", "outcome": "Outcome"}

    completed_on = GovukDateField(label="Date the section 47 enquiry was completed")
    outcome = radios(
        "Outcome of the enquiry", S47Outcome.choices, "Select the outcome of the section 47 enquiry"
    )


# --- Looked after: legal status --------------------------------------------------------------


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


# --- Care leavers ---------------------------------------------------------------------------------


class RegisterCareLeaverForm(GovukForm):
    non_field_anchor = "id_eligibility_category_0"

    eligibility_category = radios(
        "Care leaver category", CareLeaverCategory.choices, "Select the care leaver category"
    )
    start_date = GovukDateField(label="Date leaving-care duties started")

    def __init__(self, *args: Any, advisers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["personal_adviser"] = ModelChoice(
            label="Personal adviser (optional)",
            rows=[(w, f"{w} ({w.team.name})" if w.team else str(w)) for w in advisers],
            message="",
            required=False,
        )


# --- Adoption and permanence (continuum.looked_after) ----------------------------------------------


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


# --- Health and education of a looked-after child ----------------------------------------------------


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
