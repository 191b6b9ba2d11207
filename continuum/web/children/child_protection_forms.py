"""Forms of child protection casework: strategy, section 47, conferences, core groups, plans."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.formats import date_format

from continuum.core import codes
from continuum.journey.models import (
    ChildParticipation,
    Conference,
    PartnerAgency,
    S47Outcome,
    Section47,
    StrategyDiscussion,
)
from continuum.web.children.narrative_forms import NarrativeFields
from continuum.web.children.recording_forms import EditForm, ModelChoice, optional, radios, yes_no
from continuum.web.govuk.fields import GovukDateField, choice_field
from continuum.web.govuk.forms import GovukForm


class StrategyDiscussionForm(GovukForm):
    non_field_anchor = "id_held_on-day"

    held_on = GovukDateField(label="Date of the strategy discussion")
    decision_s47 = yes_no(
        "Did the discussion decide to start a section 47 enquiry?",
        "Select yes if the discussion decided to start a section 47 enquiry",
    )
    agencies_present = forms.MultipleChoiceField(
        label="Agencies present (optional)",
        choices=PartnerAgency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class S47Form(GovukForm):
    non_field_anchor = "id_s47_actual_start_date-day"

    s47_actual_start_date = GovukDateField(label="Date the section 47 enquiry started")
    initial_cpc_target = GovukDateField(
        label="Target date for the initial conference (optional)", required=False, past_only=False
    )

    def __init__(self, *args: Any, discussions: list[StrategyDiscussion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy_discussion"] = ModelChoice(
            label="Strategy discussion that decided on the enquiry",
            rows=[(d, f"Held {date_format(d.held_on)}") for d in discussions],
            message="Select the strategy discussion",
            required=False,
        )


class CompleteS47Form(EditForm):
    """The outcome of an enquiry; whether an initial conference is needed is part of the outcome."""

    non_field_anchor = "id_completed_on-day"
    seen_fields: ClassVar[dict[str, str]] = {"completed_on": "Completion date", "outcome": "Outcome"}

    completed_on = GovukDateField(label="Date the section 47 enquiry was completed")
    outcome = radios(
        "Outcome of the enquiry", S47Outcome.choices, "Select the outcome of the section 47 enquiry"
    )


class ICPCForm(GovukForm):
    non_field_anchor = "id_conference_date-day"

    conference_date = GovukDateField(label="Date of the initial child protection conference")
    outcome = forms.ChoiceField(
        label="Outcome of the conference",
        choices=[("plan", "Child protection plan"), ("no_plan", "No child protection plan")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the conference"},
    )
    child_participation = forms.ChoiceField(
        label="How did the child take part? (optional)",
        choices=[("", "Not recorded"), *list(ChildParticipation.choices)],
        required=False,
    )

    def __init__(self, *args: Any, enquiries: list[Section47], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section47"] = ModelChoice(
            label="Section 47 enquiry",
            rows=[(e, f"Started {date_format(e.s47_actual_start_date)}") for e in enquiries],
            message="Select the section 47 enquiry",
            required=False,
        )


class CPPlanForm(GovukForm):
    non_field_anchor = "id_icpc"

    initial_category_of_abuse = choice_field(
        "Category of abuse",
        codes.choices("InitialCategoryOfAbuse", with_code=False),
        "Select the category of abuse",
        blank="Choose a category",
    )

    def __init__(self, *args: Any, conferences: list[Conference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["icpc"] = ModelChoice(
            label="Initial conference that decided on a plan",
            rows=[(c, f"Held {date_format(c.conference_date)}") for c in conferences],
            message="Select the initial conference that decided on a plan",
            required=True,
        )
        self.order_fields(["icpc", "initial_category_of_abuse"])


class CoreGroupForm(NarrativeFields, GovukForm):
    non_field_anchor = "id_meeting_date-day"

    meeting_date = GovukDateField(label="Date of the core group meeting")
    agencies_present = forms.MultipleChoiceField(
        label="Agencies present (optional)",
        choices=PartnerAgency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


CP_PLAN_SEEN = {"cpp_end_date": "Plan end date", "latest_category_of_abuse": "Latest category of abuse"}


class CPReviewForm(NarrativeFields, EditForm):
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
