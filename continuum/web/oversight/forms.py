"""Forms for the IRO's record of a review and for the escalation log."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, ClassVar

from django import forms

from continuum.core.dates import day_words
from continuum.oversight.models import ConferenceKind, ConferenceReport
from continuum.oversight.services import ReviewAnswers
from continuum.people.models import Worker
from continuum.web.children.child_protection_forms import CPReviewForm
from continuum.web.children.looked_after_forms import CLAReviewForm
from continuum.web.children.recording_forms import radios
from continuum.web.govuk.fields import GovukDateField, text_field
from continuum.web.govuk.forms import GovukForm, refuse_field

LONG_TEXT = 10_000


def words(label: str, message: str = "", *, required: bool = False) -> forms.CharField:
    """A box of free text (a textarea): the practice record is written in words, not codes."""
    return text_field(label, message, required=required, max_length=LONG_TEXT)


class IROReviewForm(CLAReviewForm):
    """The SSDA903 review (date, how the child took part) with the IRO's own record of it.

    The child's words, wishes and feelings come from the review's narrative fields
    (:class:`CLAReviewForm`), kept as a case note about the review like every record's.
    """

    participation = words("How the child took part, in words")
    recommendations = words("The IRO's recommendations (one a line)")


class RaiseEscalationForm(GovukForm):
    non_field_anchor = "id_raised_on-day"

    raised_on = GovukDateField(label="Date the concern was raised")
    addressed_to = text_field("Raised with (name or role)", "Enter who the concern was raised with")
    concern = words(
        "The concern about the plan, and what the IRO asks for", "Enter the concern", required=True
    )


class AnswerEscalationForm(GovukForm):
    non_field_anchor = "id_answered_on-day"

    answered_on = GovukDateField(label="Date of the answer")
    answer = words("The answer at this stage", "Enter the answer", required=True)
    resolved = radios(
        "Is the concern resolved?",
        [("yes", "Yes: the escalation is resolved"), ("no", "No: take it to the next stage")],
        "Select whether the concern is resolved",
    )
    next_addressed_to = text_field("If not: next stage raised with (name or role)", required=False)

    def __init__(self, *args: Any, started_on: date | None = None, **kwargs: Any) -> None:
        """``started_on``: the day the stage being answered started, so an answer dated before it is
        refused at the date boxes, in words naming the field, rather than by the service at the top."""
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answered_on = data.get("answered_on")
        if self.started_on is not None and answered_on is not None and answered_on < self.started_on:
            refuse_field(
                self,
                "answered_on",
                "Date of the answer must be on or after the day this stage started, "
                f"{day_words(self.started_on)}",
            )
        if data.get("resolved") == "no" and not (data.get("next_addressed_to") or "").strip():
            self.add_error("next_addressed_to", "Enter who the next stage is raised with")
        return data


def reports_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=ConferenceReport.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class BookConferenceForm(GovukForm):
    non_field_anchor = "id_kind_0"

    kind = radios("What is being booked", ConferenceKind.choices, "Select what is being booked")
    on = GovukDateField(label="Date of the conference or review")
    chair = forms.ModelChoiceField(
        label="Chair (independent reviewing officer)",
        queryset=Worker.objects.filter(role="iro", leave_date__isnull=True).order_by(
            "last_name", "first_name"
        ),
        error_messages={"required": "Select the chair", "invalid_choice": "Select a chair from the list"},
    )
    invitees = words("Invitees (one a line: name, role or agency)", "Enter who is invited", required=True)
    reports = reports_field("Reports received so far")


#: The statutory questions each held kind adds to the chair's record: (our name, the working form, its
#: name, our label or None for theirs). Copied from the working forms so both pages ask the same
#: questions with the same choices and messages, and a change to one reaches the other.
_STATUTORY_FIELDS: dict[str, list[tuple[str, type[forms.Form], str, str | None]]] = {
    ConferenceKind.CLA_REVIEW: [
        ("review_code", CLAReviewForm, "review_code", "How the child took part in the review"),
        ("participation", IROReviewForm, "participation", None),
        ("recommendations", IROReviewForm, "recommendations", None),
    ],
    ConferenceKind.REVIEW_CP: [
        ("decision", CPReviewForm, "outcome", "The conference's decision on the child protection plan"),
        ("latest_category_of_abuse", CPReviewForm, "latest_category_of_abuse", None),
        ("child_participation", CPReviewForm, "child_participation", None),
    ],
}


class ChairRecordForm(GovukForm):
    """The chair's record, with the statutory questions of the kind held (see ``record_conference_outcome``).

    ``plan_version`` carries the version of the child protection plan the chair saw, so a review
    conference saved over someone else's change to the plan is refused, not silently applied.
    """

    non_field_anchor = "id_held_on-day"

    held_on = GovukDateField(label="Date the conference was held")
    outcome = words("The conference's decision and why", "Enter the decision", required=True)
    plan = words("The plan agreed: outcomes, and who does what by when", "Enter the plan", required=True)
    reports = reports_field("Reports received")

    #: As the page reads, so the error summary lists the errors in the same order (absent ones skipped).
    page_order: ClassVar[list[str]] = [
        "held_on",
        "review_code",
        "participation",
        "decision",
        "latest_category_of_abuse",
        "child_participation",
        "outcome",
        "plan",
        "recommendations",
        "reports",
    ]

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = _STATUTORY_FIELDS.get(kind, [])
        for name, source, theirs, label in asked:
            self.fields[name] = copy.deepcopy(source.base_fields[theirs])
            if label is not None:
                self.fields[name].label = label
        if kind == ConferenceKind.REVIEW_CP:
            self.fields["plan_version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.order_fields(self.page_order)

    def answers(self) -> ReviewAnswers:
        """The statutory answers given (blank where the kind asks none)."""
        data = self.cleaned_data
        return ReviewAnswers(
            review_code=data.get("review_code", ""),
            participation=data.get("participation", ""),
            recommendations=data.get("recommendations", ""),
            decision=data.get("decision", ""),
            latest_category_of_abuse=data.get("latest_category_of_abuse") or None,
            child_participation=data.get("child_participation", ""),
            plan_version=data.get("plan_version"),
        )
