"""Search the access log: who saw which record, when, and why.

QA officers review break-glass access and audit who opened a child's record;
system administrators investigate misuse. Filters are sent by GET: they hold
user names, record numbers and dates, never a child's name. Reading the log
is itself logged (``audit.search``), so the auditors are audited too.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.core.models import AccessLogEntry
from continuum.core.timescales import LOCAL_ZONE
from continuum.web.access import requires
from continuum.web.audit.words import action_words
from continuum.web.children.access import log
from continuum.web.children.chronology_words import record_name
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, error_list

PAGE_SIZE = 100


class AuditFilterForm(GovukForm):
    non_field_anchor = "id_user"

    user = forms.CharField(label="User name", required=False, max_length=150)
    record = forms.CharField(
        label="Child record number",
        required=False,
        max_length=40,
        help_text="The number in the record's address.",
    )
    action = forms.ChoiceField(label="Action", required=False, choices=[])
    date_from = GovukDateField(label="From date", required=False)
    date_to = GovukDateField(label="To date", required=False)
    flagged = forms.BooleanField(label="Flagged for review only", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = sorted(set(AccessLogEntry.objects.values_list("action", flat=True).distinct()))
        named = sorted(((action_words(a), a) for a in actions), key=lambda pair: pair[0])
        self.fields["action"].choices = [("", "Any action")] + [(a, words) for words, a in named]

    def clean_record(self) -> str:
        value = self.cleaned_data["record"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError("Child record number must be a number, like 1234")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return data


def _local_midnight(day: Any) -> datetime:
    return datetime.combine(day, time.min, LOCAL_ZONE)


def _record_words(entry: AccessLogEntry) -> str:
    """The record an entry is about, by its everyday name and number, never its table name."""
    if not entry.record_type:
        return str(entry.record_id or "")
    name = "Child record" if entry.record_type == "child" else record_name(entry.record_type)
    return f"{name} {entry.record_id or ''}".strip()


@requires("accesslog.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    # Logged first, so that the page's own entry is counted in what it shows.
    log(request.user, "audit.search", record_type="")  # type: ignore[arg-type]
    form = AuditFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.select_related("user").order_by("-at", "-id")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(user__username__iexact=data["user"].strip())
        if data["record"]:
            entries = entries.filter(record_type="child", record_id=data["record"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_local_midnight(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_local_midnight(data["date_to"] + timedelta(days=1)))
        if data["flagged"]:
            entries = entries.filter(flagged=True)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "page": page,
            "rows": [(e, action_words(e.action), _record_words(e)) for e in page],
            "query": params.urlencode(),
        },
    )
