"""SEND forms (GOV.UK pattern: plain-English labels, errors that name their field, linked from the summary).

Forms that change a request or a plan inherit the casework :class:`EditForm`, so a clash with someone
else's save is refused and explained field by field, as on the child's record.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from continuum.send.clocks import EXCEPTIONS
from continuum.send.models import (
    UKPRN_VALIDATOR,
    URN_VALIDATOR,
    AdviceKind,
    AdviceRequest,
    AnnualReview,
    AssessDecision,
    CeaseReason,
    EHCRequest,
    IssueDecision,
    Phase,
    PhaseTransfer,
    PrimaryNeed,
    Requester,
    SettingType,
)
from continuum.send.services import inside_comment_period
from continuum.web.children.recording_forms import EditForm, as_bool, radios, yes_no
from continuum.web.govuk.fields import GovukDateField, choice_field, govuk_options, text_field
from continuum.web.govuk.forms import GovukForm, Reveal


def new_submission_token() -> str:
    """A one-time token for a new request's form: sent again (back and resend), it finds the request
    the first sending recorded (``services.request_for_submission``)."""
    return secrets.token_urlsafe(24)


class RequestForm(GovukForm):
    non_field_anchor = "id_la_child_id"

    la_child_id = forms.CharField(
        label="Record number of the child or young person",
        max_length=20,
        error_messages={
            "required": "Enter the record number of the child or young person",
            "max_length": "Record number must be 20 characters or fewer",
        },
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    requested_by = forms.ChoiceField(
        label="Who asked for the assessment?",
        choices=Requester.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who asked for the assessment"},
    )
    received_on = GovukDateField(label="Date the request was received")


class AdviceForm(GovukForm):
    non_field_anchor = "id_kind"

    kind = choice_field("Advice from", AdviceKind.choices, "Select who the advice is from")
    requested_on = GovukDateField(label="Date advice was requested")


class ExceptionForm(GovukForm):
    non_field_anchor = "id_reason"

    reason = choice_field(
        "Reason", [(k, v.label) for k, v in EXCEPTIONS.items()], "Select the reason the time limit was missed"
    )
    starts_on = GovukDateField(label="From")
    note = text_field("Note (optional)", required=False, max_length=500)


# --- Decisions on the request (each changes the request: versioned) ----------------------------------

_REQUEST_SEEN = {
    "assess_decision": "Decision to assess",
    "issue_decision": "Decision to issue",
    "draft_issued_on": "Draft plan",
    "final_issued_on": "Final plan",
}


class AssessForm(EditForm):
    non_field_anchor = "id_assess_decision_0"
    seen_fields: ClassVar[dict[str, str]] = _REQUEST_SEEN

    assess_decision = radios(
        "Will the council carry out an EHC needs assessment?",
        AssessDecision.choices,
        "Select whether the council will carry out an EHC needs assessment",
    )
    assess_decided_on = GovukDateField(label="Date of the decision to assess")


class IssueForm(EditForm):
    non_field_anchor = "id_issue_decision_0"
    seen_fields: ClassVar[dict[str, str]] = _REQUEST_SEEN

    issue_decision = radios(
        "Will the council issue an EHC plan?",
        IssueDecision.choices,
        "Select whether the council will issue an EHC plan",
    )
    issue_decided_on = GovukDateField(label="Date of the decision whether to issue a plan")
    despite_awaited_advice = forms.BooleanField(
        label="The decision is made without the advice still awaited", required=False
    )


class DraftForm(EditForm):
    non_field_anchor = "id_draft_issued_on-day"
    seen_fields: ClassVar[dict[str, str]] = _REQUEST_SEEN

    draft_issued_on = GovukDateField(label="Date the draft plan was sent")


class WithdrawForm(EditForm):
    non_field_anchor = "id_withdrawn_on-day"
    seen_fields: ClassVar[dict[str, str]] = _REQUEST_SEEN

    withdrawn_on = GovukDateField(label="Date the request was withdrawn")


class ConsultationForm(GovukForm):
    non_field_anchor = "id_setting_name"

    setting_name = text_field("Setting consulted", "Enter the name of the setting consulted")
    setting_type = choice_field(
        "Type of setting", SettingType.choices, "Select the type of setting", blank="Choose a type"
    )
    consulted_on = GovukDateField(label="Date the setting was consulted")
    responded_on = GovukDateField(label="Date the setting answered (optional)", required=False)
    accepts = yes_no("Can the setting meet the needs? (optional)", "", required=False)

    def clean_accepts(self) -> bool | None:
        return as_bool(self.cleaned_data.get("accepts"))


class AdviceReceivedForm(GovukForm):
    non_field_anchor = "id_advice"

    advice = forms.ModelChoiceField(
        label="Advice received",
        queryset=AdviceRequest.objects.none(),
        empty_label="Choose the advice",
        error_messages={
            "required": "Select the advice received",
            "invalid_choice": "Select advice asked for on this request",
        },
    )
    advice_received_on = GovukDateField(label="Date the advice arrived")

    def __init__(self, *args: Any, pending: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pending is not None:
            self.fields["advice"].queryset = pending  # type: ignore[attr-defined]
            self.fields["advice"].label_from_instance = advice_labeller(pending)  # type: ignore[attr-defined]


def _advice_label(advice: AdviceRequest) -> str:
    return f"{advice.get_kind_display()}, asked {advice.requested_on.day} {advice.requested_on:%b %Y}"


def advice_labeller(pending: Any) -> Any:
    """Each awaited advice request's words in the list, told apart when two read the same (two
    recorded before duplicates were refused): "Education, asked 7 Dec 2026 (1 of 2)"."""
    rows = list(pending)
    labels = {a.pk: _advice_label(a) for a in rows}
    same: dict[str, list[int]] = {}
    for a in rows:
        same.setdefault(labels[a.pk], []).append(a.pk)

    def label(advice: AdviceRequest) -> str:
        text = _advice_label(advice)
        twins = same.get(text, [advice.pk])
        if len(twins) < 2:
            return text
        return f"{text} ({twins.index(advice.pk) + 1} of {len(twins)})"

    return label


# --- The plan: sections, named setting, personal budget ----------------------------------------------


def _section(letter: str, what: str) -> forms.CharField:
    """One of the plan's sections as a box of text whose errors name the section."""
    return forms.CharField(
        label=f"Section {letter}: {what}",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={
            "required": f"Enter the {what} (section {letter})",
            "max_length": f"Section {letter} must be 10,000 characters or fewer",
        },
    )


def _setting_id(what: str, length: int, validator: Any, hint: str) -> forms.CharField:
    """A named setting's URN or UKPRN: optional, checked as SEN2 checks it, the error naming it."""
    return forms.CharField(
        label=f"{what} of the named setting (optional)",
        help_text=hint,
        required=False,
        max_length=length,
        validators=[validator],
        error_messages={"max_length": f"{what} must be {length} digits"},
    )


def setting_urn_field() -> forms.CharField:
    return _setting_id("URN", 6, URN_VALIDATOR, "Schools: the 6-digit Unique Reference Number (GIAS).")


def setting_ukprn_field() -> forms.CharField:
    return _setting_id(
        "UKPRN", 8, UKPRN_VALIDATOR, "Colleges and other post-16 providers: 8 digits starting with 1."
    )


class PoundsField(forms.DecimalField):
    """An amount in pounds as people type it: "£1,200.50" is 1200.50 (the pound sign, thousands
    commas and spaces are dropped before the number is read)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").replace(" ", "")
        return super().to_python(value)


class PlanFields(GovukForm):
    """The plan's own fields, shared by the final plan and a later change."""

    primary_need = choice_field(
        "Primary need", PrimaryNeed.choices, "Select the primary need", blank="Choose the primary need"
    )
    needs = _section("B", "special educational needs")
    outcomes = _section("E", "outcomes")
    provision = _section("F", "special educational provision")
    setting_name = text_field("Named setting (section I)", "Enter the named setting")
    setting_type = choice_field(
        "Type of the named setting",
        SettingType.choices,
        "Select the type of the named setting",
        blank="Choose a type",
    )
    setting_urn = setting_urn_field()
    setting_ukprn = setting_ukprn_field()
    out_of_borough = yes_no(
        "Is the named setting outside the borough?", "Select whether the named setting is outside the borough"
    )
    budget_requested = yes_no(
        "Did the parent or young person ask for a personal budget?",
        "Select whether a personal budget was asked for",
    )
    # The budget's answers are asked only when one was asked for: revealed by "Yes" above (``reveals``).
    budget_agreed = govuk_options(
        yes_no("Was a personal budget agreed?", "Select whether the personal budget asked for was agreed"),
        inline=True,
    )
    budget_amount = govuk_options(
        PoundsField(
            label="Personal budget a year, in pounds (optional)",
            required=False,
            min_value=Decimal("0.01"),
            max_digits=10,
            decimal_places=2,
            error_messages={
                "invalid": "Personal budget must be an amount in pounds, like 2400 or £2,400.50",
                "min_value": "Personal budget must be more than 0",
                "max_digits": "Personal budget must be less than 100,000,000",
                "max_decimal_places": "Personal budget must have no more than 2 decimal places (pence)",
                "max_whole_digits": "Personal budget must be less than 100,000,000",
            },
        ),
        width="govuk-input--width-10",
    )
    budget_purpose = govuk_options(
        text_field("What the personal budget is for (optional)", required=False, max_length=300),
        width="govuk-input--width-30",
    )
    reveals = (Reveal("budget_requested", "yes", ("budget_agreed", "budget_amount", "budget_purpose")),)

    def clean(self) -> dict[str, Any]:
        # A budget not asked for leaves its answers blank (``reveals``): not agreed, no amount.
        data = super().clean()
        for name in ("out_of_borough", "budget_requested", "budget_agreed"):
            if name in data:
                data[name] = bool(as_bool(data[name]))
        if data.get("budget_amount") is not None and data.get("budget_agreed") is False:
            self.add_error("budget_amount", "Give a personal budget amount only when one was agreed")
        return data

    def plan_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in _PLAN_FORM_FIELDS}


_PLAN_FORM_FIELDS = tuple(PlanFields.base_fields)

_PLAN_SEEN = {
    "primary_need": "Primary need",
    "setting_name": "Named setting",
    "setting_type": "Type of the named setting",
    "budget_agreed": "Personal budget agreed",
    "budget_amount": "Personal budget",
    "ceased_on": "Ceased",
}


class FinalPlanForm(EditForm, PlanFields):
    """The final plan, opened on its request (``ehc``) so the confirmation a plan inside the
    family's 15 days needs is asked for with the form's other errors, in one go."""

    non_field_anchor = "id_issued_on-day"
    seen_fields: ClassVar[dict[str, str]] = _REQUEST_SEEN
    # The error summary in the page's order.
    field_order: ClassVar[list[str]] = ["issued_on", "family_commented_early"]

    issued_on = GovukDateField(label="Date the final plan was issued")
    family_commented_early = forms.BooleanField(
        label="The family has commented or agreed to an earlier final plan", required=False
    )

    def __init__(self, *args: Any, ehc: EHCRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ehc = ehc

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        on = data.get("issued_on")
        if self.ehc is not None and on is not None and not data.get("family_commented_early"):
            early = inside_comment_period(self.ehc, on)
            if early is not None:
                self.add_error("family_commented_early", early)
        return data


class PlanChangeForm(EditForm, PlanFields):
    non_field_anchor = "id_primary_need"
    seen_fields: ClassVar[dict[str, str]] = _PLAN_SEEN

    @classmethod
    def for_plan(cls, plan: Any) -> PlanChangeForm:
        """The form opened on the plan as it stands, its answers filled in."""
        form = cls.opening(plan)
        yes = {True: "yes", False: "no"}
        form.initial.update({name: getattr(plan, name) for name in _PLAN_FORM_FIELDS})
        for name in ("out_of_borough", "budget_requested", "budget_agreed"):
            form.initial[name] = yes[getattr(plan, name)]
        return form  # type: ignore[return-value]


# --- Annual review and ceasing (each moves the plan's version) ---------------------------------------


class ReviewForm(EditForm):
    non_field_anchor = "id_held_on-day"
    seen_fields: ClassVar[dict[str, str]] = _PLAN_SEEN

    held_on = GovukDateField(label="Date of the annual review meeting")
    outcome = radios(
        "What did the review decide?", AnnualReview.Outcome.choices, "Select what the review decided"
    )
    amended_on = GovukDateField(label="Date the amended plan was issued (optional)", required=False)
    amended_on.help_text = "Leave blank until the amended plan is issued; its clock runs meanwhile."
    # The amended plan's date is asked only of a review that decided to amend.
    reveals = (Reveal("outcome", AnnualReview.Outcome.AMEND.value, ("amended_on",)),)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("amended_on") and data.get("held_on") and data["amended_on"] < data["held_on"]:
            self.add_error("amended_on", "The amended plan's date cannot be before the review meeting")
        return data


class AmendedPlanForm(GovukForm):
    non_field_anchor = "id_review"

    review = forms.ModelChoiceField(
        label="Review that decided to amend the plan",
        queryset=AnnualReview.objects.none(),
        empty_label="Choose the review",
        error_messages={
            "required": "Select the review that decided to amend the plan",
            "invalid_choice": "Select a review of this plan awaiting its amended plan",
        },
    )
    amended_plan_on = GovukDateField(label="Date the amended plan was issued")

    def __init__(self, *args: Any, awaiting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if awaiting is not None:
            self.fields["review"].queryset = awaiting  # type: ignore[attr-defined]
            self.fields["review"].label_from_instance = lambda r: f"Review of {r.held_on:%d %b %Y}"  # type: ignore[attr-defined]


# --- Phase transfers (SEND Regulations 2014 reg 18) --------------------------------------------------


class TransferForm(GovukForm):
    """A move to the next phase of education, recorded ahead of the amended plan."""

    non_field_anchor = "id_to_phase"

    from_phase = choice_field(
        "Moving from", Phase.choices, "Select the phase the child is in", blank="Choose"
    )
    to_phase = choice_field("Moving to", Phase.choices, "Select the phase the child moves to", blank="Choose")
    transfer_year = forms.IntegerField(
        label="Year of the transfer",
        help_text="The calendar year the new phase starts, in September (the deadline falls in this year).",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year of the transfer",
            "invalid": "Year of the transfer must be a year, like 2027",
            "min_value": "Year of the transfer must be 2000 or later",
            "max_value": "Year of the transfer must be 2100 or earlier",
        },
    )


class TransferIssuedForm(GovukForm):
    """The amended plan that names the new setting, issued for a transfer."""

    non_field_anchor = "id_transfer"

    transfer = forms.ModelChoiceField(
        label="Transfer",
        queryset=PhaseTransfer.objects.none(),
        empty_label="Choose the transfer",
        error_messages={
            "required": "Select the transfer the amended plan is for",
            "invalid_choice": "Select a transfer of this plan awaiting its amended plan",
        },
    )
    issued_on = GovukDateField(label="Date the amended plan for the transfer was issued")
    setting_name = text_field("New setting the amended plan names", "Enter the new setting")
    setting_type = choice_field(
        "Type of the new setting (optional)",
        SettingType.choices,
        "Select the type of the new setting",
        required=False,
        blank="Choose a type",
    )
    setting_urn = setting_urn_field()
    setting_ukprn = setting_ukprn_field()

    def __init__(self, *args: Any, awaiting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if awaiting is not None:
            self.fields["transfer"].queryset = awaiting  # type: ignore[attr-defined]
            self.fields["transfer"].label_from_instance = str  # type: ignore[attr-defined]


class CeaseForm(EditForm):
    non_field_anchor = "id_ceased_on-day"
    seen_fields: ClassVar[dict[str, str]] = _PLAN_SEEN

    ceased_on = GovukDateField(label="Date the plan ceased")
    cease_reason = choice_field(
        "Why the plan ceased", CeaseReason.choices, "Select why the plan ceased", blank="Choose a reason"
    )
