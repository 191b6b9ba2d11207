"""The IOM team's recording pages: one person's page, and the forms that keep the matrix up to date.

A person is addressed by the database id only (never a name or the IOM reference, which names them to
the police). Reading a person asks ``community_safety.iom_people`` and is logged like the cohort list;
every form asks ``community_safety.iom_record`` (the IOM team) and shows the person, so it is logged
too. The rules themselves (dates, reasons, the concurrent save) are the service's
(continuum/community_safety/iom_records.py): a refusal comes back beside the field it is about.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.community_safety import iom_records
from continuum.community_safety.models import (
    IomEventKind,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
)
from continuum.core import clock
from continuum.core.access_log import log_views
from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.web.access import requires
from continuum.web.children.recording_forms import EditForm, as_bool, radios, yes_no
from continuum.web.community_safety.nav import render_page
from continuum.web.govuk.fields import GovukDateField, govuk_options, text_field
from continuum.web.govuk.forms import GovukForm, Reveal, add_refusal, error_list

READ = "community_safety.iom_people"
#: Said after a form saved with the answers already held: nothing is written, so nothing is claimed.
NOTHING_CHANGED = "Nothing was changed: the answers were the same as those already recorded."
RECORD = "community_safety.iom_record"
REASON_LIMIT = 2_000


def _reason(label: str, message: str) -> forms.CharField:
    return text_field(label, message, max_length=REASON_LIMIT, widget=forms.Textarea)


class JoiningForm(GovukForm):
    """What is recorded when a person joins the list and may later be corrected: one set of fields for
    the adding form and the correction form, so both ask it the same way."""

    name = text_field("Name", "Enter the person's name", max_length=120)
    added_on = GovukDateField(label=iom_records.CORRECTABLE["added_on"])
    flags = forms.MultipleChoiceField(
        label=iom_records.CORRECTABLE["flags"],
        choices=IomStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one IOM status"},
    )


class AddOffenderForm(JoiningForm):
    non_field_anchor = "id_reference"
    field_order = ("reference", "name", "added_on", "flags", "colour", "reason")

    reference = text_field("IOM reference", "Enter the IOM reference", max_length=20)
    colour = radios("First risk colour", RiskColour.choices, "Select the first risk colour")
    reason = _reason("Reason for the first colour", "Enter the reason for the first colour")


#: What the correction page shows, so a refused save can say what the other officer changed.
CORRECTION_SEEN = {
    "name": iom_records.CORRECTABLE["name"],
    "added_on": iom_records.CORRECTABLE["added_on"],
    "status_words": iom_records.CORRECTABLE["flags"],
    "joined_colour": iom_records.CORRECTABLE["colour"],
}


class CorrectionForm(EditForm, JoiningForm):
    """Put right the details recorded when the person joined, with the reason kept in their history.

    The reason is asked by the service, not here: only a save that corrects something needs one, and a
    save that changes nothing is told so rather than made to give a reason for nothing."""

    non_field_anchor = "id_name"
    seen_fields: ClassVar[dict[str, str]] = CORRECTION_SEEN
    field_order = ("name", "added_on", "flags", "colour", "reason")

    colour = radios(
        iom_records.CORRECTABLE["colour"], RiskColour.choices, "Select the colour they joined with"
    )
    reason = text_field(
        "Reason for the correction", required=False, max_length=REASON_LIMIT, widget=forms.Textarea
    )


class ColourForm(GovukForm):
    non_field_anchor = "id_colour_0"

    colour = radios("New risk colour", RiskColour.choices, "Select the new risk colour")
    on = GovukDateField(label="Date of the change")
    reason = _reason("Reason for the change", "Enter the reason for the change of colour")


class EventForm(GovukForm):
    non_field_anchor = "id_kind_0"

    kind = radios("What happened", IomEventKind.choices, "Select what happened")
    on = GovukDateField(label="Date of the event")
    note = text_field("Note (optional)", required=False, max_length=200)


#: What the details page shows, so a refused save can say what the other officer changed.
DETAILS_SEEN = {
    "release_due": "Release date",
    "release_plan": "Community action plan",
    "wanted": "Wanted",
    "removal_due": "Scheduled for removal",
    "removal_reason": "Reason for removal",
}


class DetailsForm(EditForm):
    non_field_anchor = "id_release_due-day"
    seen_fields: ClassVar[dict[str, str]] = DETAILS_SEEN

    release_due = GovukDateField(label="Release date (optional)", past_only=False, required=False)
    release_plan = text_field(
        "Community action plan (optional)", required=False, max_length=REASON_LIMIT, widget=forms.Textarea
    )
    wanted = yes_no("On the wanted list?", "Select yes if they are on the wanted list")
    removal_due = yes_no("Scheduled for removal from the list?", "Select yes if they are to be removed")
    # Asked only of "Yes" (``reveals``): a reason beside "No" would be a reason for nothing, and the
    # service drops it anyway; the officer sees the box the moment the removal is chosen.
    removal_reason = govuk_options(
        text_field(
            "Reason for removal",
            required=False,
            max_length=200,
            help_text="Needed if they are to be removed, for example a transfer to another area.",
        ),
        label_class="govuk-label--s",
    )
    reveals = (Reveal("removal_due", "yes", ("removal_reason",)),)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("removal_due") == "yes" and not (data.get("removal_reason") or "").strip():
            self.add_error("removal_reason", "Enter the reason for removal from the list")
        return data


def _offender(pk: int, user: Any) -> IomOffender:
    """The person by id (404 if none), and the viewing logged as the cohort list's is."""
    offender = get_object_or_404(IomOffender, pk=pk)
    log_views(user=user, action=READ, record_type="iom_offender", record_ids=[offender.pk])
    return offender


def _person_url(offender: IomOffender) -> str:
    return reverse("community-safety-iom-offender", args=[offender.pk])


def _form_page(
    request: HttpRequest, template: str, form: forms.Form, offender: IomOffender | None = None, **extra: Any
) -> HttpResponse:
    errors = error_list(form)
    context = {"form": form, "errors": errors, "offender": offender, **extra}
    return render(request, f"community_safety/{template}", context, status=400 if errors else 200)


@requires(READ)
def offender_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: flags, colour now and its history, events, release and action plan, wanted/removal,
    and the corrections made to what was recorded when they joined."""
    offender = _offender(pk, request.user)
    history = list(offender.risk_history.select_related("recorded_by").order_by("-on", "-pk"))
    statuses = set(offender.flags.values_list("status", flat=True))
    today = clock.today()
    current = next((c for c in history if c.on <= today), None)
    context = {
        "offender": offender,
        "flags": [IomStatus(s).label for s in IomStatus.values if s in statuses],
        "current": current,
        "history": history,
        "events": list(offender.events.select_related("recorded_by").order_by("-on", "-pk")),
        "corrections": list(offender.corrections.select_related("by").order_by("-at", "-pk")),
        "may_record": may(request.user, RECORD),  # type: ignore[arg-type]
    }
    return render_page(request, "community_safety/iom_offender.html", context)


@requires(RECORD)
def add_offender_page(request: HttpRequest) -> HttpResponse:
    """Add a person to the cohort with their flags and first colour."""
    if request.method != "POST":
        return _form_page(request, "iom_add.html", AddOffenderForm(initial={"added_on": clock.today()}))
    form = AddOffenderForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user: User = request.user  # type: ignore[assignment]
        try:
            offender = iom_records.add_offender(
                reference=data["reference"],
                name=data["name"],
                added_on=data["added_on"],
                flags=data["flags"],
                colour=data["colour"],
                reason=data["reason"],
                by=user,
            )
        except iom_records.IomRecordError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"{offender.name} is added to the IOM list.")
            return redirect(_person_url(offender))
    return _form_page(request, "iom_add.html", form)


@requires(RECORD)
def colour_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the person's matrix colour: a new row in the history, with its reason and recorder."""
    offender = _offender(pk, request.user)
    last = offender.risk_history.order_by("-on", "-pk").first()
    if request.method != "POST":
        form = ColourForm(initial={"on": clock.today()})
        return _form_page(request, "iom_colour.html", form, offender, last=last, on_hint=_since_hint(last))
    form = ColourForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = iom_records.change_colour(
                offender,
                colour=data["colour"],
                on=data["on"],
                reason=data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except iom_records.IomRecordError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"The colour is now {change.get_colour_display()}.")
            return redirect(_person_url(offender))
    return _form_page(request, "iom_colour.html", form, offender, last=last, on_hint=_since_hint(last))


@requires(RECORD)
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an arrest, custody, remand, release or bail."""
    offender = _offender(pk, request.user)
    if request.method != "POST":
        return _form_page(request, "iom_event.html", EventForm(initial={"on": clock.today()}), offender)
    form = EventForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            event = iom_records.record_event(
                offender,
                kind=data["kind"],
                on=data["on"],
                note=data["note"],
                by=request.user,  # type: ignore[arg-type]
            )
        except iom_records.IomRecordError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"{event.get_kind_display()} on {day_words(event.on)} is recorded.")
            return redirect(_person_url(offender))
    return _form_page(request, "iom_event.html", form, offender)


def _since_hint(last: RiskChange | None) -> str:
    """The colour form's date hint: the range the service accepts, in words."""
    if last is None:
        return ""
    return (
        "The day the new colour applies from: today or earlier, and not before the last change "
        f"on {day_words(last.on)}."
    )


def _yes(value: bool) -> str:
    return "yes" if value else "no"


@requires(RECORD)
def details_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Release date, community action plan, wanted and removal; a save over a colleague's is refused."""
    offender = _offender(pk, request.user)
    if request.method != "POST":
        form = DetailsForm.opening(
            offender,
            initial={
                "release_due": offender.release_due,
                "release_plan": offender.release_plan,
                "wanted": _yes(offender.wanted),
                "removal_due": _yes(offender.removal_due),
                "removal_reason": offender.removal_reason,
            },
        )
        return _form_page(request, "iom_details.html", form, offender)
    form = DetailsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = iom_records.update_details(
                offender,
                release_due=data["release_due"],
                release_plan=data["release_plan"],
                wanted=bool(as_bool(data["wanted"])),
                removal_due=bool(as_bool(data["removal_due"])),
                removal_reason=data["removal_reason"],
                by=request.user,  # type: ignore[arg-type]
                expected_version=data["version"],
            )
        except iom_records.ChangedSinceOpened as refusal:
            # A colleague saved first: say what they changed, keep what was typed, move the form on.
            form.add_error(None, form.clash(refusal, IomOffender.objects.get(pk=offender.pk), "theirs"))
        except iom_records.IomRecordError as error:
            add_refusal(form, error)
        else:
            if changed:
                messages.success(request, f"{offender.name}'s release and status are updated.")
            else:
                messages.info(request, NOTHING_CHANGED)
            return redirect(_person_url(offender))
    return _form_page(request, "iom_details.html", form, offender)


def _joined_hint(offender: IomOffender) -> str:
    """The colour question's hint: which row of the history it corrects, and what it does not."""
    first = offender.risk_history.order_by("on", "pk").first()
    since = f", from {day_words(first.on)}" if first is not None else ""
    return (
        f"The colour recorded when they were added to the list{since}. A later change of colour is "
        "not corrected here: record a new one with \u201cChange the risk colour\u201d."
    )


@requires(RECORD)
def correct_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the name, date added, IOM status or first colour recorded wrongly when the person joined;
    the reason and the old and new values are kept in their corrections; a save over a colleague's is
    refused."""
    offender = _offender(pk, request.user)
    hint = _joined_hint(offender)
    if request.method != "POST":
        first = offender.risk_history.order_by("on", "pk").first()
        form = CorrectionForm.opening(
            offender,
            initial={
                "name": offender.name,
                "added_on": offender.added_on,
                "flags": list(offender.flags.values_list("status", flat=True)),
                "colour": first.colour if first is not None else None,
            },
        )
        return _form_page(request, "iom_correct.html", form, offender, colour_hint=hint)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            corrected = iom_records.correct_details(
                offender,
                name=data["name"],
                added_on=data["added_on"],
                flags=data["flags"],
                colour=data["colour"],
                reason=data["reason"],
                by=request.user,  # type: ignore[arg-type]
                expected_version=data["version"],
            )
        except iom_records.ChangedSinceOpened as refusal:
            form.add_error(None, form.clash(refusal, IomOffender.objects.get(pk=offender.pk), "theirs"))
        except iom_records.IomRecordError as error:
            add_refusal(form, error)
        else:
            if corrected:
                what = ", ".join(c.field.lower() for c in corrected)
                messages.success(request, f"The correction is saved ({what}), with its reason.")
            else:
                messages.info(request, NOTHING_CHANGED)
            return redirect(_person_url(offender))
    return _form_page(request, "iom_correct.html", form, offender, colour_hint=hint)
