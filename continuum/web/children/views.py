"""The child record pages and casework forms.

Every view is guarded twice: ``@requires`` asks the policy whether the user
may use child records at all, and :func:`~continuum.web.children.access.open_child`
asks about this particular child (team, relationship, break glass,
restriction) and writes the access log. Writes go through the journey
services only; their refusals (``JourneyRuleError``) are shown as GOV.UK
errors with everything the user typed kept, and a clash with someone else's
save (``ConcurrentChangeError``) says what changed, as the front door does.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from continuum.core import clock
from continuum.core.access_log import log_views
from continuum.core.models import RestrictedRecord
from continuum.core.policy import may, visible_children
from continuum.core.timescales import Status
from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import (
    Assessment,
    CareLeaver,
    CareLeaverContact,
    ChronologyEvent,
    CLAReview,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CPPlan,
    MissingEpisode,
    Placement,
    Section47,
    StrategyDiscussion,
    Visit,
)
from continuum.people.models import Child, Worker
from continuum.web.access import requires
from continuum.web.children import forms as f
from continuum.web.children.access import (
    AccessRefused,
    BreakGlassNeeded,
    access_for,
    glass_ids,
    grant_break_glass,
    log,
    open_child,
)
from continuum.web.govuk.forms import error_list
from continuum.web.views import permission_denied

CHRONOLOGY_PAGE_SIZE = 50
SEARCH_LIMIT = 50
DUE_SHOWN = 5
CONCURRENT_MESSAGE = "This record was changed by someone else while you were editing it"
RAG = {
    Status.OVERDUE: ("Overdue", "govuk-tag--red"),
    Status.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    Status.DUE: ("On track", "govuk-tag--green"),
}

View = Callable[..., HttpResponse]


def child_page(view: View) -> View:
    """Wrap a ``@requires``-guarded child page: log role refusals, and offer break glass.

    ``@requires`` refuses a role that may not use child records at all before
    the view runs; the refusal is logged here first so that every attempt on
    a child's record, refused or not, is in the access log, and answered with
    a 403 response rather than an exception, which would roll the log entry
    back with the request's transaction. "You could break the glass" becomes
    a redirect to the break-glass form.
    """
    action = view.continuum_action  # type: ignore[attr-defined]

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not may(user, action):
            log(user, "child.refused", record_id=kwargs.get("pk", ""))  # type: ignore[arg-type]
            return permission_denied(request)
        try:
            return view(request, *args, **kwargs)
        except BreakGlassNeeded as needed:
            return needed.response()
        except AccessRefused:
            return permission_denied(request)

    return wrapped


def _posted(request: HttpRequest) -> Any:
    """The posted data, or None for a GET: an empty POST must still be checked (and refused)."""
    return request.POST if request.method == "POST" else None


# --- The banner every child page shows ---------------------------------------------------


@dataclass(frozen=True)
class DueLine:
    name: str
    due: date
    status_text: str
    tag_class: str


def due_lines(child: Child) -> list[DueLine] | None:
    """The next outstanding items for the child with their RAG, or None if the work tray is not there.

    Imported lazily: the work-tray engine is its own module, and the record
    page must still open if it fails to load.
    """
    try:
        from continuum.journey.worktray import due_items_for_child
    except ImportError:  # pragma: no cover - only while the work tray is absent
        return None
    items = [i for i in due_items_for_child(child) if not i.status.is_done]
    items.sort(key=lambda i: (0 if i.status is Status.OVERDUE else 1, i.due))
    lines = []
    for item in items[:DUE_SHOWN]:
        text, tag = RAG.get(item.status, (str(item.status).capitalize(), "govuk-tag--grey"))
        lines.append(DueLine(item.rule_name, item.due, text, tag))
    return lines


def banner(request: HttpRequest, child: Child) -> dict[str, Any]:
    """What every child page shows at the top: status, who holds the case, key dates, what is due."""
    cin = selectors.open_cin_episode(child)
    cp = selectors.open_cp_plan(child)
    cla = selectors.open_cla_episode(child)
    care_leaver = CareLeaver.objects.filter(child=child).first()
    statuses = []
    if cla:
        statuses.append(("CLA", "Looked after"))
    if cp:
        statuses.append(("CP", "Child protection plan"))
    if cin and not cp and not cla:
        statuses.append(("CIN", "Child in need"))
    if care_leaver and care_leaver.end_date is None:
        statuses.append(("Care leaver", care_leaver.get_eligibility_category_display()))
    allocation = selectors.current_allocation(child)
    key_dates = []
    if cin:
        key_dates.append(("Referral", cin.cin_referral_date))
    if cp:
        key_dates.append(("Child protection plan start", cp.cpp_start_date))
    if cla:
        key_dates.append(("Looked-after episode start (DECOM)", cla.decom))
    if care_leaver and care_leaver.end_date is None:
        key_dates.append(("Leaving-care duties start", care_leaver.start_date))
    if allocation:
        key_dates.append(("Allocated since", allocation.start_date))
    return {
        "child": child,
        "statuses": statuses,
        "allocation": allocation,
        "key_dates": key_dates,
        "due": due_lines(child),
        "broken_glass": child.pk in glass_ids(request),
        "can_record": may(request.user, "child.record", access_for(request, child.pk)),  # type: ignore[arg-type]
        # Only team managers allocate: the links are not offered to anyone the page would refuse.
        "can_allocate": may(request.user, "child.allocate", access_for(request, child.pk)),  # type: ignore[arg-type]
        "age": child.age_on(clock.today()),
    }


# --- Read pages --------------------------------------------------------------------------


@child_page
@requires("child.view")
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's record: banner, then the journey as summary lists and tables."""
    child = open_child(request, pk, "child.view")
    context = banner(request, child)
    context.update(
        {
            "episodes": selectors.child_episodes(child),
            "strategy_discussions": StrategyDiscussion.objects.filter(child=child).order_by("-held_on"),
            "cla_episodes": list(selectors.cla_episodes(child))[::-1],
            "placements": Placement.objects.filter(child=child).order_by("-start_date"),
            "visits": Visit.objects.filter(child=child)
            .select_related("worker")
            .order_by("-visit_date", "-pk")[:20],
            "reviews": CLAReview.objects.filter(child=child).order_by("-review"),
            "missing": MissingEpisode.objects.filter(child=child).order_by("-mis_start"),
            "care_leaver_contacts": CareLeaverContact.objects.filter(child=child).order_by("-contact_date"),
            "open_assessments": Assessment.objects.filter(
                child=child, assessment_authorisation_date__isnull=True
            ).order_by("assessment_actual_start_date"),
        }
    )
    return render(request, "children/record.html", context)


@child_page
@requires("child.view")
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    """Every chronology event of the child, newest first, filtered by record type or step, 50 a page."""
    child = open_child(request, pk, "child.chronology")
    events = ChronologyEvent.objects.filter(child=child).select_related("by")
    kinds = sorted(set(events.values_list("record_type", flat=True)))
    steps = sorted(set(events.values_list("step", flat=True)))
    record_type = request.GET.get("type", "")
    step = request.GET.get("step", "")
    if record_type in kinds:
        events = events.filter(record_type=record_type)
    else:
        record_type = ""
    if step in steps:
        events = events.filter(step=step)
    else:
        step = ""
    events = events.order_by("-occurred_on", "-at", "-id")
    page = Paginator(events, CHRONOLOGY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        p for p in (f"type={record_type}" if record_type else "", f"step={step}" if step else "") if p
    )
    context = banner(request, child)
    context.update(
        {"page": page, "kinds": kinds, "steps": steps, "type": record_type, "step": step, "query": query}
    )
    return render(request, "children/chronology.html", context)


@child_page
@requires("child.view")
def chronology_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's whole chronology as CSV (for a court bundle or a practice review), logged as an export.

    Holds what the chronology page shows, oldest first as a chronology is
    read in court. Formula-looking cells are quoted so a spreadsheet cannot
    run them.
    """
    child = open_child(request, pk, "child.export")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chronology-{child.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["Date", "What happened", "Record type", "Record number", "Step", "Recorded by", "Recorded at"]
    )
    for event in selectors.chronology(child):
        row = [
            event.occurred_on.isoformat() if event.occurred_on else "",
            event.what,
            event.record_type,
            "" if event.record_id is None else str(event.record_id),
            event.step,
            event.by.username if event.by else "System",
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
        ]
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in row])
    return response


@child_page
@requires("child.view")
def family(request: HttpRequest, pk: int) -> HttpResponse:
    """Relationships (adults and other children) and the household the child lives in."""
    child = open_child(request, pk, "child.family")
    relationships = child.relationships.select_related("family_member", "related_child").order_by(
        "-lives_with_child", "relationship_type", "pk"
    )
    addresses = child.addresses.select_related("address").order_by("-start_date")
    context = banner(request, child)
    context.update(
        {
            "relationships": relationships,
            "household": [r for r in relationships if r.lives_with_child and r.end_date is None],
            "addresses": addresses,
        }
    )
    return render(request, "children/family.html", context)


# --- Break glass ------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, child: Child) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and target.startswith(f"/children/{child.pk}/")
    ):
        return target
    return reverse("child-record", args=[child.pk])


@child_page
@requires("child.break_glass")
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """State why you need a record you have no recorded relationship with; it opens for this session.

    The page shows the record number only, never the child's name, until the
    reason is given. The grant is logged as ``break_glass`` with the reason and
    flagged for QA review.
    """
    child = get_object_or_404(Child, pk=pk)
    access = access_for(request, child.pk)
    if not may(request.user, "child.break_glass", access):  # type: ignore[arg-type]
        log(request.user, "child.refused", record_id=child.pk)  # type: ignore[arg-type]
        return permission_denied(request)
    next_url = _safe_next(request, child)
    if may(request.user, "child.view", access):  # type: ignore[arg-type]
        return redirect(next_url)
    form = f.BreakGlassForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        grant_break_glass(request, child.pk)
        log(
            request.user,  # type: ignore[arg-type]
            "break_glass",
            record_id=child.pk,
            reason=form.cleaned_data["reason"],
            flagged=True,
        )
        messages.info(
            request, "You have access to this record until you sign out. Your reason was recorded for review."
        )
        return redirect(next_url)
    return render(
        request,
        "children/break_glass.html",
        {"record_id": child.pk, "form": form, "errors": error_list(form), "next": next_url},
    )


# --- Casework forms -------------------------------------------------------------------------


def _worker(user: User) -> Worker | None:
    return Worker.objects.filter(user=user).first()


def _form_page(
    request: HttpRequest,
    child: Child,
    form: Any,
    *,
    title: str,
    template: str,
    errors: list[tuple[str, str]] | None = None,
    changes: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = banner(request, child)
    context.update(
        {
            "form": form,
            "title": title,
            "errors": errors if errors is not None else error_list(form),
            "changes": changes or [],
        }
    )
    context.update(extra or {})
    return render(request, template, context)


def _saved(request: HttpRequest, child: Child, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("child-record", pk=child.pk)


def _open_for_recording(request: HttpRequest, pk: int, action: str) -> Child:
    return open_child(request, pk, action, policy_action="child.record")


@child_page
@requires("child.record")
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.visit.new")
    form = f.VisitForm(_posted(request))
    page = {"title": "Record a visit", "template": "children/visit_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    seen = f.as_bool(data["seen"])
    alone = f.as_bool(data.get("seen_alone"))
    try:
        visit = s.record_visit(
            child=child,
            kind=data["kind"],
            visit_date=data["visit_date"],
            seen=bool(seen),
            seen_alone=alone,
            not_seen_alone_reason=data.get("not_seen_alone_reason", "").strip() if alone is False else "",
            bedroom_seen=f.as_bool(data.get("bedroom_seen")),
            worker=_worker(request.user),  # type: ignore[arg-type]
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, f"{visit.get_kind_display()} on {visit.visit_date:%d/%m/%Y} recorded.")


@child_page
@requires("child.record")
def assessment_complete(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.assessment.complete")
    assessment = get_object_or_404(Assessment, pk=assessment_pk, child=child)
    page = {
        "title": f"Complete the assessment started {assessment.assessment_actual_start_date:%d/%m/%Y}",
        "template": "children/assessment_form.html",
    }
    if request.method != "POST":
        if assessment.assessment_authorisation_date is not None:
            messages.info(request, "That assessment is already authorised.")
            return redirect("child-record", pk=child.pk)
        form = f.CompleteAssessmentForm(
            initial={"version": assessment.version, "seen_state": f.seen_token(assessment, f.ASSESSMENT_SEEN)}
        )
        return _form_page(request, child, form, **page)
    form = f.CompleteAssessmentForm(request.POST)
    if not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    try:
        s.complete_assessment(
            assessment=assessment,
            assessment_authorisation_date=data["assessment_authorisation_date"],
            assessment_factors=data["assessment_factors"],
            child_seen=bool(f.as_bool(data["child_seen"])),
            outcome=data["outcome"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ConcurrentChangeError:
        fresh = Assessment.objects.get(pk=assessment.pk)
        changes = f.what_changed(data.get("seen_state", ""), fresh, f.ASSESSMENT_SEEN)
        return _form_page(
            request,
            child,
            form,
            errors=[(form.non_field_anchor, CONCURRENT_MESSAGE)],
            changes=changes,
            **page,
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, "Assessment completed.")


def _no_referral(request: HttpRequest, child: Child) -> HttpResponse:
    messages.info(
        request, "The child has no open referral, so this cannot be recorded. Open a referral first."
    )
    return redirect("child-record", pk=child.pk)


@child_page
@requires("child.record")
def strategy_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.strategy.new")
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return _no_referral(request, child)
    form = f.StrategyDiscussionForm(_posted(request))
    page = {"title": "Record a strategy discussion", "template": "children/strategy_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    try:
        s.hold_strategy_discussion(
            cin_episode=episode,
            held_on=data["held_on"],
            decision_s47=bool(f.as_bool(data["decision_s47"])),
            agencies_present=data["agencies_present"],
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, "Strategy discussion recorded.")


@child_page
@requires("child.record")
def s47_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.s47.new")
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return _no_referral(request, child)
    discussions = list(
        StrategyDiscussion.objects.filter(cin_episode=episode, decision_s47=True).order_by("-held_on")
    )
    form = f.S47Form(_posted(request), discussions=discussions)
    page = {"title": "Start a section 47 enquiry", "template": "children/s47_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    try:
        s.start_s47(
            cin_episode=episode,
            s47_actual_start_date=data["s47_actual_start_date"],
            strategy_discussion=data.get("strategy_discussion"),
            initial_cpc_target=data.get("initial_cpc_target"),
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, "Section 47 enquiry started.")


@child_page
@requires("child.record")
def icpc_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.icpc.new")
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return _no_referral(request, child)
    enquiries = list(Section47.objects.filter(cin_episode=episode).order_by("-s47_actual_start_date"))
    form = f.ICPCForm(_posted(request), enquiries=enquiries)
    page = {"title": "Record an initial child protection conference", "template": "children/icpc_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    try:
        s.hold_icpc(
            cin_episode=episode,
            conference_date=data["conference_date"],
            outcome=data["outcome"],
            section47=data.get("section47"),
            child_participation=data.get("child_participation", ""),
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, "Initial child protection conference recorded.")


@child_page
@requires("child.record")
def cp_plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.cp_plan.new")
    conferences = list(
        Conference.objects.filter(
            child=child,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN),
            outcome=ConferenceOutcome.PLAN,
        )
        .exclude(pk__in=CPPlan.objects.filter(child=child).values("icpc_id"))
        .order_by("-conference_date")
    )
    form = f.CPPlanForm(_posted(request), conferences=conferences)
    page = {"title": "Start a child protection plan", "template": "children/cp_plan_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    try:
        s.start_cp_plan(
            icpc=data["icpc"],
            initial_category_of_abuse=data["initial_category_of_abuse"],
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, "Child protection plan started.")


# --- Search --------------------------------------------------------------------------------


@requires("child.search")
def search(request: HttpRequest) -> HttpResponse:
    """Find a child by name, date of birth or LAchildID.

    Sent by POST so that no name or date of birth is ever in a URL (and so in
    a server log or browser history). Only children the user may see are
    listed, plus a count of matches they may not; the search and each child
    listed are written to the access log, without the search terms.
    """
    form = f.ChildSearchForm(_posted(request))
    results: list[Child] | None = None
    hidden = 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        q = Q()
        if data["la_child_id"]:
            q &= Q(la_child_id__iexact=data["la_child_id"].strip())
        if data["first_name"]:
            q &= Q(first_name__icontains=data["first_name"].strip())
        if data["last_name"]:
            q &= Q(last_name__icontains=data["last_name"].strip())
        if data["birth_date"]:
            q &= Q(person_birth_date=data["birth_date"])
        matches = list(Child.objects.filter(q).order_by("last_name", "first_name", "pk")[: SEARCH_LIMIT * 4])
        visible = visible_children(request.user, (c.pk for c in matches), broken_glass=glass_ids(request))
        results = [c for c in matches if c.pk in visible][:SEARCH_LIMIT]
        # Say how many other records matched, so nobody creates a duplicate in ignorance, but
        # never count a restricted record: its very existence is what the restriction protects.
        shown = {c.pk for c in results}
        restricted = set(
            RestrictedRecord.objects.filter(child_id__in=[c.pk for c in matches]).values_list(
                "child_id", flat=True
            )
        )
        hidden = sum(1 for c in matches if c.pk not in shown and c.pk not in restricted)
        log(request.user, "child.search", record_type="", reason=f"{len(results)} shown")  # type: ignore[arg-type]
        log_views(
            user=request.user,  # type: ignore[arg-type]
            action="child.search.result",
            record_type="child",
            record_ids=[child.pk for child in results],
        )
    return render(
        request,
        "children/search.html",
        {"form": form, "errors": error_list(form), "results": results, "hidden": hidden},
    )
