"""Casework forms on the child record, in the GOV.UK pattern the front door set.

Each form only collects and checks what the user typed (that a date is real,
that a required answer is given, naming the field); the journey rules
(nothing before the referral, an ICPC needs a section 47, and so on) stay in
the services, and their refusals are shown as GOV.UK errors by the view.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from continuum.core import codes
from continuum.journey.models import (
    AssessmentOutcome,
    ChildParticipation,
    Conference,
    PartnerAgency,
    Section47,
    StrategyDiscussion,
    VisitKind,
)
from continuum.web.govuk.fields import GovukDateField, choice_field
from continuum.web.govuk.forms import GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message},
    )


def as_bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


# --- Seen tokens: what the user was shown, so a clash can say what changed ---------------

_SEEN_SALT = "continuum.children.seen"


def seen_token(obj: Any, fields: dict[str, str]) -> str:
    return signing.dumps({f: str(getattr(obj, f) or "") for f in fields}, salt=_SEEN_SALT)


def what_changed(token: str, obj: Any, fields: dict[str, str]) -> list[str]:
    """Plain descriptions of the fields someone else changed since the page was opened."""
    try:
        seen = signing.loads(token, salt=_SEEN_SALT)
    except signing.BadSignature:
        return []
    out = []
    for field, label in fields.items():
        now = str(getattr(obj, field) or "")
        if seen.get(field, "") != now:
            display = getattr(obj, f"get_{field}_display", None)
            out.append(f"{label} is now: {display() if display else (now or 'not set')}")
    return out


# --- Visit ------------------------------------------------------------------------------


class VisitForm(GovukForm):
    non_field_anchor = "id_kind_0"

    kind = forms.ChoiceField(
        label="Type of visit",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of visit"},
    )
    visit_date = GovukDateField(label="Date of the visit")
    seen = yes_no("Was the child seen?", "Select yes if the child was seen")
    seen_alone = yes_no("Was the child seen alone?", "", required=False)
    not_seen_alone_reason = forms.CharField(
        label="Why was the child not seen alone?",
        widget=forms.Textarea,
        required=False,
        max_length=5_000,
        error_messages={"max_length": "Why the child was not seen alone must be 5,000 characters or fewer"},
    )
    bedroom_seen = yes_no("Was the child's bedroom seen?", "", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        seen = as_bool(data.get("seen"))
        alone = as_bool(data.get("seen_alone"))
        if seen is False and alone is not None:
            self.add_error("seen_alone", "Leave 'Was the child seen alone?' blank: the child was not seen")
        if seen and alone is None:
            self.add_error("seen_alone", "Select yes if the child was seen alone")
        if seen and alone is False and not data.get("not_seen_alone_reason", "").strip():
            self.add_error("not_seen_alone_reason", "Enter why the child was not seen alone")
        return data


# --- Assessment ---------------------------------------------------------------------------


ASSESSMENT_SEEN = {
    "assessment_authorisation_date": "Authorisation date",
    "outcome": "Outcome",
    "child_seen": "Child seen",
    "assessment_factors": "Factors identified",
}


class CompleteAssessmentForm(GovukForm):
    non_field_anchor = "id_assessment_authorisation_date-day"

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)
    assessment_authorisation_date = GovukDateField(label="Date the assessment was authorised")
    assessment_factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        choices=codes.choices("AssessmentFactors"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the factors identified at assessment"},
    )
    child_seen = yes_no("Was the child seen during the assessment?", "Select yes if the child was seen")
    outcome = forms.ChoiceField(
        label="Outcome of the assessment",
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the assessment"},
    )


# --- Child protection ------------------------------------------------------------------------


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


class ModelChoice(forms.ChoiceField):
    """A choice among a few of the child's own records, by id (refuses any other id)."""

    def __init__(self, *, label: str, rows: list[tuple[Any, str]], message: str, required: bool) -> None:
        self.rows = {str(obj.pk): obj for obj, _ in rows}
        choices = ([] if required else [("", "Not specified")]) + [(str(obj.pk), text) for obj, text in rows]
        if required:
            choices = [("", "Choose one"), *choices]
        super().__init__(
            label=label, choices=choices, required=required, error_messages={"required": message}
        )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.rows.get(value) if value else None


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
            rows=[(d, f"Held {d.held_on:%d/%m/%Y}") for d in discussions],
            message="Select the strategy discussion",
            required=False,
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
            rows=[(e, f"Started {e.s47_actual_start_date:%d/%m/%Y}") for e in enquiries],
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
            rows=[(c, f"Held {c.conference_date:%d/%m/%Y}") for c in conferences],
            message="Select the initial conference that decided on a plan",
            required=True,
        )
        self.order_fields(["icpc", "initial_category_of_abuse"])


# --- Break glass and search -------------------------------------------------------------------


class BreakGlassForm(GovukForm):
    non_field_anchor = "id_reason"

    reason = forms.CharField(
        label="Why do you need to see this record?",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={
            "required": "Enter why you need to see this record",
            "max_length": "Why you need to see this record must be 2,000 characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise ValidationError("Why you need to see this record must be at least 10 characters")
        return reason


class ChildSearchForm(GovukForm):
    non_field_anchor = "id_last_name"

    la_child_id = forms.CharField(label="LAchildID (optional)", required=False, max_length=20)
    first_name = forms.CharField(label="First name (optional)", required=False, max_length=100)
    last_name = forms.CharField(label="Last name (optional)", required=False, max_length=100)
    birth_date = GovukDateField(label="Date of birth (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(
            data.get(f) for f in ("la_child_id", "first_name", "last_name", "birth_date")
        ):
            self.add_error("last_name", "Enter a name, a date of birth or an LAchildID to search for")
        return data
