"""The IRO's caseload and a child's dispute-resolution (escalation) log.

Every view asks the policy: the caseload is ``iro.caseload``, the log is
part of the child's record (``child.view``, logged as a child-record view),
and writing it is the IRO's own work (``child.escalate``). Writes go through
:mod:`continuum.oversight.services`, so each is a chronology event and a
broken rule comes back as a GOV.UK error with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format

from continuum.core import clock
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import may, visible_children
from continuum.core.timescales import Status
from continuum.journey import selectors as journey_selectors
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import CLAReview, Conference
from continuum.oversight import selectors, services
from continuum.oversight.models import ConferenceBooking, Escalation
from continuum.people.models import Child
from continuum.web.access import requires
from continuum.web.children.access import access_for, glass_ids, open_child
from continuum.web.children.pages import banner, child_page, form_page, posted, recording
from continuum.web.oversight.forms import (
    AnswerEscalationForm,
    BookConferenceForm,
    ChairRecordForm,
    RaiseEscalationForm,
)
from continuum.web.worktray.tags import ON_TRACK_TAGS, status_tag, tag_or_none

#: How a review or an escalation stage stands: the trays' words (so one due today reads "Due today",
#: as on every other page), and for a stage already answered, whether the answer came in time.
STATUS_TAGS: Mapping[Status, tuple[str, str]] = {
    **ON_TRACK_TAGS,
    Status.DONE_ON_TIME: ("Answered on time", "govuk-tag--grey"),
    Status.DONE_LATE: ("Answered late", "govuk-tag--yellow"),
}
NO_REVIEW_DUE = ("No review due", "govuk-tag--grey")


@requires("iro.caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    """The looked-after children this IRO reviews, the next review due first; only children they may see."""
    worker = selectors.reviewing_officer(request.user)  # type: ignore[arg-type]
    today = clock.today()
    lines: list[selectors.CaseloadLine] = []
    if worker is not None:
        ids = selectors.caseload_child_ids(worker)
        shown = visible_children(request.user, ids, broken_glass=glass_ids(request))
        lines = selectors.caseload(worker, shown, today)
    # One entry for the page and one per child shown: a list of names is a view of each record.
    user = request.user
    log_view(user=user, action="iro.caseload", record_type="caseload", record_id="iro")  # type: ignore[arg-type]
    shown_ids = [line.child.pk for line in lines]
    log_views(user=user, action="iro.caseload", record_type="child", record_ids=shown_ids)  # type: ignore[arg-type]
    rows = [
        (
            line,
            status_tag(Status(line.next_status), line.next_due, today, STATUS_TAGS)
            if line.next_status
            else NO_REVIEW_DUE,
        )
        for line in lines
    ]
    return render(request, "oversight/caseload.html", {"worker": worker, "rows": rows, "today": today})


def _log_page(request: HttpRequest, child: Child) -> HttpResponse:
    today = clock.today()
    escalations = [
        (
            escalation,
            [
                (stage, tag_or_none(stage.status, stage.due, today, STATUS_TAGS))
                for stage in services.stage_clocks(escalation, today)
            ],
        )
        for escalation in Escalation.objects.filter(child=child).select_related("raised_by")
    ]
    context = banner(request, child)
    context.update(
        {
            "escalations": escalations,
            "can_escalate": may(request.user, "child.escalate", access_for(request, child.pk)),  # type: ignore[arg-type]
        }
    )
    return render(request, "oversight/escalations.html", context)


@child_page
@requires("child.view")
def escalations(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's escalation log: each concern, its stages, when each answer was due and came."""
    return _log_page(request, open_child(request, pk, "child.escalations"))


def _write_then_log(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: dict[str, Any],
    write: Callable[[dict[str, Any]], str],
    back_to: str = "child-escalations",
) -> HttpResponse:
    """The form on a GET or when invalid; else the write, back to the list, or the form with the refusal."""
    if request.method != "POST" or not form.is_valid():
        return form_page(request, child, form, **page)
    try:
        said = write(form.cleaned_data)
    except JourneyRuleError as error:
        return form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    messages.success(request, said)
    return redirect(back_to, pk=child.pk)


@recording("child.escalation.new", policy="child.escalate")
def escalation_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Raise a concern about the child's plan: the first dispute-resolution stage starts that day."""
    form = RaiseEscalationForm(posted(request))
    page = {"title": "Raise an escalation", "template": "oversight/escalation_form.html"}

    def write(data: dict[str, Any]) -> str:
        services.raise_escalation(
            child=child,
            concern=data["concern"],
            raised_on=data["raised_on"],
            addressed_to=data["addressed_to"],
            by=request.user,  # type: ignore[arg-type]
        )
        return "Escalation raised."

    return _write_then_log(request, child, form, page, write)


@recording("child.escalation.answer", policy="child.escalate")
def escalation_answer(request: HttpRequest, child: Child, escalation_pk: int) -> HttpResponse:
    """Record the answer at the current stage; resolve the escalation or take it to the next stage."""
    escalation = get_object_or_404(Escalation, pk=escalation_pk, child=child)
    if escalation.resolved_on is not None and request.method != "POST":
        messages.info(request, "That escalation is already resolved.")
        return redirect("child-escalations", pk=child.pk)
    current = escalation.current_step()
    form = AnswerEscalationForm(posted(request), started_on=current.started_on if current else None)
    page = {
        "title": f"Answer at stage: {current.stage.name}" if current else "Answer",
        "template": "oversight/escalation_answer_form.html",
        "extra": {"escalation": escalation, "current": current},
    }

    def write(data: dict[str, Any]) -> str:
        resolved = data["resolved"] == "yes"
        services.answer_step(
            escalation=escalation,
            answered_on=data["answered_on"],
            answer=data["answer"],
            resolved=resolved,
            next_addressed_to=data.get("next_addressed_to", ""),
            by=request.user,  # type: ignore[arg-type]
        )
        return "Escalation resolved." if resolved else "Escalation taken to the next stage."

    return _write_then_log(request, child, form, page, write)


# --- Conferences: booking and the chair's record -------------------------------------------------


def _statutory_context(request: HttpRequest, child: Child) -> dict[str, Any]:
    """The child's recorded reviews and conferences, and what the review links ask the policy with.

    The tab lists what the returns and clocks count (looked-after reviews, child protection
    conferences) beside the bookings, so a review recorded on its own form is not missing from it.
    ``child_access`` counts a break glass, so the links show to everyone the forms would open for.
    """
    return {
        "cla_reviews": CLAReview.objects.filter(child=child).select_related("iro").order_by("-review", "-pk"),
        "cp_conferences": Conference.objects.filter(child=child).order_by("-conference_date", "-pk"),
        "child_access": access_for(request, child.pk),  # the review links ask the policy with it
    }


@child_page
@requires("child.view")
def conferences(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's conferences and reviews: those booked with the chair's record, and those recorded."""
    child = open_child(request, pk, "child.conferences")
    access = access_for(request, child.pk)
    context = banner(request, child)
    context.update(
        {
            "bookings": ConferenceBooking.objects.filter(child=child).select_related(
                "chair", "cla_review", "cp_review"
            ),
            "can_book": may(request.user, "child.conference.book", access),  # type: ignore[arg-type]
            "can_chair": may(request.user, "child.chair", access),  # type: ignore[arg-type]
            **_statutory_context(request, child),
        }
    )
    return render(request, "oversight/conferences.html", context)


@recording("child.conference.book", policy="child.conference.book")
def conference_book(request: HttpRequest, child: Child) -> HttpResponse:
    """Book a conference or review: date, chair, invitees and the reports received so far."""
    form = BookConferenceForm(posted(request))
    page = {"title": "Book a conference or review", "template": "oversight/conference_book_form.html"}

    def write(data: dict[str, Any]) -> str:
        booking = services.book_conference(
            child=child,
            kind=data["kind"],
            on=data["on"],
            chair=data["chair"],
            invitees=data["invitees"],
            reports=data.get("reports") or [],
            by=request.user,  # type: ignore[arg-type]
        )
        return f"{booking.get_kind_display()} booked for {date_format(booking.date)}."

    return _write_then_log(request, child, form, page, write, "child-conferences")


def _chair_form(request: HttpRequest, booking: ConferenceBooking) -> ChairRecordForm:
    """The chair's form: on a GET the booked day (if past) and the plan version the chair sees."""
    if request.method == "POST":
        return ChairRecordForm(request.POST.copy(), kind=booking.kind)
    plan = journey_selectors.open_cp_plan(booking.child_id)
    initial = {
        "reports": booking.reports_received,
        "held_on": booking.date if booking.date <= clock.today() else None,
        "plan_version": plan.version if plan is not None else None,
    }
    return ChairRecordForm(None, kind=booking.kind, initial=initial)


def _caught_up(form: ChairRecordForm, booking: ConferenceBooking) -> None:
    """After a clash on the plan, carry its new version so the chair can check and save again."""
    plan = journey_selectors.open_cp_plan(booking.child_id)
    if plan is not None and "plan_version" in form.fields:
        form.data["plan_version"] = str(plan.version)


@recording("child.conference.chair", policy="child.chair")
def conference_record(request: HttpRequest, child: Child, booking_pk: int) -> HttpResponse:
    """The chair's record of the conference, and of a review the statutory record (see the service)."""
    booking = get_object_or_404(ConferenceBooking, pk=booking_pk, child=child)
    if booking.held_on is not None and request.method != "POST":
        messages.info(request, "The chair's record of that conference is already saved.")
        return redirect("child-conferences", pk=child.pk)
    form = _chair_form(request, booking)
    page = {
        "title": f"Chair's record: {booking.get_kind_display().lower()} of {date_format(booking.date)}",
        "template": "oversight/conference_record_form.html",
        "extra": {"booking": booking, "records_as": services.STATUTORY_KINDS.get(booking.kind)},
    }

    def write(data: dict[str, Any]) -> str:
        try:
            saved = services.record_conference_outcome(
                booking=booking,
                held_on=data["held_on"],
                outcome=data["outcome"],
                plan=data["plan"],
                reports=data.get("reports") or [],
                answers=form.answers(),
                by=request.user,  # type: ignore[arg-type]
            )
        except ConcurrentChangeError:
            _caught_up(form, booking)
            raise
        if saved.statutory_record is None:
            return "The chair's record is saved."
        return f"The chair's record is saved, and the {services.STATUTORY_KINDS[booking.kind]} is recorded."

    return _write_then_log(request, child, form, page, write, "child-conferences")
