"""Sign-off forms: what the worker puts up (per kind of work), and the manager's answer."""

from __future__ import annotations

from typing import Any

from django import forms

from continuum.core import codes
from continuum.journey.models import AssessmentOutcome
from continuum.journey.services.referrals import no_factors_with_others
from continuum.web.children.recording_forms import as_bool, radios, yes_no
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm

#: The most a sign-off text may hold: a summary a manager reads before deciding (about 800 words).
#: The assessment's analysis is the assessment itself, so it may run longer.
SUMMARY_MAX = 5_000
ANALYSIS_MAX = 20_000


class _Text(forms.CharField):
    """A textarea's text with its line breaks as one character each (browsers post two, CR LF), so the
    limit checked here is the one the GOV.UK character count shows while typing."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")


def _summary(
    label: str, *, required: bool = False, message: str = "", max_length: int = SUMMARY_MAX
) -> forms.CharField:
    return _Text(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=max_length,
        error_messages={
            "required": message,
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


class SubmitForm(GovukForm):
    """Plans: only the worker's summary for their manager."""

    non_field_anchor = "id_summary"

    summary = _summary("Summary for your manager")

    def proposed(self) -> dict[str, Any]:
        return {}


#: Factors the DfE split and no longer takes for new work: 18A into 18B and 18C, 19A into 19B and 19C
#: (queried by its rules 8945Q and 8950Q). Not offered for a new assessment; an old record holding
#: one still reads it, since the model and the words keep every code.
RETIRED_FACTORS = ("18A", "19A")


class SubmitAssessmentForm(SubmitForm):
    """An assessment: the analysis, child seen, outcome and factors; never an authorisation date."""

    non_field_anchor = "id_child_seen_0"
    # The page's order (signoff/sign_off.html), so the error summary lists the errors as the page asks
    # the questions: the analysis is declared first by SubmitForm but drawn after the factors.
    field_order = ("child_seen", "outcome", "assessment_factors", "summary", "childs_voice")

    summary = _summary(
        "Analysis",
        required=True,
        message="Enter your analysis: what life is like for the child and why",
        max_length=ANALYSIS_MAX,
    )
    child_seen = yes_no("Was the child seen during the assessment?", "Select yes if the child was seen")
    outcome = radios(
        "Outcome of the assessment", AssessmentOutcome.choices, "Select the outcome of the assessment"
    )
    assessment_factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        choices=codes.choices("AssessmentFactors", exclude=RETIRED_FACTORS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the factors identified at assessment"},
    )

    childs_voice = _summary("The child's words, wishes and feelings")

    def clean_assessment_factors(self) -> list[str]:
        """Refused beside the field, by the service's own rule, before a manager is asked to authorise it."""
        factors: list[str] = self.cleaned_data["assessment_factors"]
        if no_factors_with_others(factors):
            raise forms.ValidationError(
                "Select either '21 No factors identified' or the factors identified, not both"
            )
        return factors

    def proposed(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "childs_voice": data.get("childs_voice", ""),
            "child_seen": as_bool(data["child_seen"]),
            "outcome": data["outcome"],
            "assessment_factors": list(data["assessment_factors"]),
        }


class SubmitClosureForm(SubmitForm):
    """Closure or step-down: the date the referral is to close and the DfE reason."""

    non_field_anchor = "id_cin_closure_date-day"
    field_order = ("cin_closure_date", "reason_for_closure", "summary")  # the page's order, as above

    summary = _summary("Why the case can close", required=True, message="Say why the case can close")
    cin_closure_date = GovukDateField(label="Date the referral is to close")
    reason_for_closure = radios(
        "Reason for closure", codes.choices("ReasonForClosure"), "Select the reason for closure"
    )

    def proposed(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "cin_closure_date": data["cin_closure_date"],
            "reason_for_closure": data["reason_for_closure"],
        }


class AnswerForm(GovukForm):
    """The manager's answer: comments (required to return), and which button was pressed."""

    non_field_anchor = "id_comments"

    comments = _summary("Comments")
    answer = forms.ChoiceField(choices=[("authorise", "Authorise"), ("return", "Return")], required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Comments already refused (too long) are not also "missing".
        if (
            data.get("answer") == "return"
            and "comments" not in self.errors
            and not (data.get("comments") or "").strip()
        ):
            self.add_error("comments", "Say what needs to change before it can be authorised")
        return data
