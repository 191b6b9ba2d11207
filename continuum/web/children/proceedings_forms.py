"""Forms for pre-proceedings (the Public Law Outline): starting them, and the CIN census module 5 details."""

from __future__ import annotations

from typing import Any

from django import forms

from continuum.journey.models import PreProceedingsOutcome
from continuum.web.children.recording_forms import EditForm, as_bool, optional, seen_token, yes_no
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm

#: What the details page shows, so a clash with someone else's save is explained field by field.
PRE_PROCEEDINGS_SEEN = {
    "letter_before_proceedings_date": "letter before proceedings",
    "fgdm_offered": "FGDM offered",
    "fgdm_held": "FGDM held",
    "fgdm_date": "FGDM date",
    "initial_meeting_date": "initial meeting",
    "review_meetings": "review meetings",
    "decision_date": "decision to step up or down",
    "outcome": "outcome",
    "court_application_date": "court application",
    "letter_initiating_proceedings_date": "letter initiating care proceedings",
}
_DATES = (
    "letter_before_proceedings_date",
    "fgdm_date",
    "initial_meeting_date",
    "decision_date",
    "court_application_date",
    "letter_initiating_proceedings_date",
)


class StartPreProceedingsForm(GovukForm):
    non_field_anchor = "id_plo_start_date-day"

    plo_start_date = GovukDateField(label="Date the legal planning meeting decided to start pre-proceedings")
    letter_before_proceedings_date = GovukDateField(
        label="Date the letter before proceedings was sent (optional)", required=False
    )


class PreProceedingsForm(EditForm):
    """Every module 5 item, shown as recorded: saving writes them all (a box left empty is cleared)."""

    non_field_anchor = "id_letter_before_proceedings_date-day"
    seen_fields = PRE_PROCEEDINGS_SEEN

    letter_before_proceedings_date = GovukDateField(
        label="Date the letter before proceedings was sent (optional)", required=False
    )
    fgdm_offered = yes_no("Was a family group decision meeting offered in the letter?", "", required=False)
    fgdm_held = yes_no("Was a family group decision meeting held after the offer?", "", required=False)
    fgdm_date = GovukDateField(label="Date of the family group decision meeting (optional)", required=False)
    initial_meeting_date = GovukDateField(
        label="Date of the first effective pre-proceedings meeting (optional)", required=False
    )
    review_meetings = forms.CharField(
        label="Review meetings held after the first meeting (optional)", required=False, max_length=3
    )
    decision_date = GovukDateField(label="Date of the decision to step up or down (optional)", required=False)
    outcome = optional("Outcome of pre-proceedings (optional)", list(PreProceedingsOutcome.choices))
    court_application_date = GovukDateField(
        label="Date the court application for care proceedings was submitted (optional)", required=False
    )
    letter_initiating_proceedings_date = GovukDateField(
        label="Date the letter initiating care proceedings was sent (optional)", required=False
    )

    @classmethod
    def opening(cls, record: Any, **kwargs: Any) -> PreProceedingsForm:
        """The form filled in with what is recorded now, so saving changes only what is retyped."""
        initial: dict[str, Any] = {name: getattr(record, name) for name in _DATES}
        for name in ("fgdm_offered", "fgdm_held"):
            value = getattr(record, name)
            initial[name] = "" if value is None else ("yes" if value else "no")
        initial["review_meetings"] = "" if record.review_meetings is None else str(record.review_meetings)
        initial["outcome"] = record.outcome
        initial["version"] = record.version
        initial["seen_state"] = seen_token(record, cls.seen_fields)
        return cls(initial=initial, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = (data.get("review_meetings") or "").strip()
        if text and not text.isdigit():
            self.add_error("review_meetings", "Review meetings must be a whole number, like 2")
        data["meetings"] = int(text) if text.isdigit() else None
        return data

    @staticmethod
    def values(data: dict[str, Any]) -> dict[str, Any]:
        """The cleaned form as the service's keyword arguments."""
        return {
            **{name: data.get(name) for name in _DATES},
            "fgdm_offered": as_bool(data.get("fgdm_offered")),
            "fgdm_held": as_bool(data.get("fgdm_held")),
            "review_meetings": data.get("meetings"),
            "outcome": data.get("outcome") or "",
        }
