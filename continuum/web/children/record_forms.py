"""Forms of the record pages: a visit, breaking the glass, and the search.

A form only collects and checks what the user typed (that a date is real,
that a required answer is given, naming the field); the journey rules stay in
the services, and their refusals are shown by :func:`~continuum.web.children.pages.run_service`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from continuum.journey.models import (
    VisitKind,
)
from continuum.web.children.narrative_forms import NarrativeFields
from continuum.web.children.recording_forms import as_bool, yes_no
from continuum.web.govuk.fields import GovukDateField, govuk_options
from continuum.web.govuk.forms import GovukForm, Reveal


class VisitForm(NarrativeFields, GovukForm):
    non_field_anchor = "id_kind_0"

    kind = forms.ChoiceField(
        label="Type of visit",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of visit"},
    )
    visit_date = GovukDateField(label="Date of the visit")
    seen = yes_no("Was the child seen?", "Select yes if the child was seen")
    # Asked only of a child seen, and the reason only of a child seen but not alone (``reveals``):
    # "seen alone" means nothing for a child not seen, and a radio once chosen cannot be cleared,
    # so refusing it left the worker stuck; an answer left in a hidden question is dropped instead.
    seen_alone = yes_no("Was the child seen alone?", "", required=False)
    not_seen_alone_reason = govuk_options(
        forms.CharField(
            label="Why was the child not seen alone?",
            widget=forms.Textarea,
            required=False,
            max_length=5_000,
            error_messages={
                "max_length": "Why the child was not seen alone must be 5,000 characters or fewer"
            },
        ),
        rows=3,
    )
    bedroom_seen = yes_no("Was the child's bedroom seen?", "", required=False)
    reveals = (Reveal("seen", "yes", ("seen_alone",)), Reveal("seen_alone", "no", ("not_seen_alone_reason",)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen = as_bool(data.get("seen"))
        alone = as_bool(data.get("seen_alone"))
        if seen and alone is None:
            self.add_error("seen_alone", "Select yes if the child was seen alone")
        if seen and alone is False and not data.get("not_seen_alone_reason", "").strip():
            self.add_error("not_seen_alone_reason", "Enter why the child was not seen alone")
        return data


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
        data = super().clean() or {}
        if not self.errors and not any(
            data.get(f) for f in ("la_child_id", "first_name", "last_name", "birth_date")
        ):
            self.add_error("last_name", "Enter a name, a date of birth or an LAchildID to search for")
        return data
