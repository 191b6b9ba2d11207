"""SEND forms (GOV.UK pattern: plain-English labels, errors linked from the summary)."""

from __future__ import annotations

from django import forms

from continuum.send.clocks import EXCEPTIONS
from continuum.send.models import AdviceKind, Requester
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm


class RequestForm(GovukForm):
    non_field_anchor = "id_la_child_id"

    la_child_id = forms.CharField(
        label="LAchildID of the child or young person",
        max_length=20,
        error_messages={"required": "Enter the LAchildID of the child or young person"},
    )
    requested_by = forms.ChoiceField(
        label="Who asked for the assessment?",
        choices=Requester.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who asked for the assessment"},
    )
    received_on = GovukDateField(label="Date the request was received")


class AdviceForm(GovukForm):
    non_field_anchor = "id_kind"

    kind = forms.ChoiceField(label="Advice from", choices=AdviceKind.choices)
    requested_on = GovukDateField(label="Date advice was requested")


class ExceptionForm(GovukForm):
    non_field_anchor = "id_reason"

    reason = forms.ChoiceField(label="Reason", choices=[(k, v.label) for k, v in EXCEPTIONS.items()])
    starts_on = GovukDateField(label="From")
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)
