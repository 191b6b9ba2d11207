"""The child record itself: search, the record page, chronology, family, break glass and visits.

Visits are here rather than in a stage: a statutory visit is recorded the
same way whether the child is in need, on a plan or looked after.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from continuum.core import clock
from continuum.core.access_log import log_views
from continuum.core.models import RestrictedRecord
from continuum.core.policy import may, visible_children
from continuum.core.query_batch import QueryBatch, model_values, per_thread
from continuum.core.safe_cells import safe_row
from continuum.core.timescales import evaluate, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import (
    Assessment,
    CareLeaver,
    CareLeaverContact,
    ChronologyEvent,
    CLAReview,
    MissingEpisode,
    Placement,
    StrategyDiscussion,
    Visit,
    VisitKind,
)
from continuum.looked_after.models import AdoptionPlan
from continuum.people.models import Child, Worker
from continuum.practice import drafts, narrative
from continuum.practice.models import SignOffEvent, SignOffKind, SignOffStep
from continuum.send.models import EHCPlan
from continuum.web.access import requires
from continuum.web.children import chronology_pdf
from continuum.web.children import chronology_words as words
from continuum.web.children.access import (
    access_for,
    glass_ids,
    grant_break_glass,
    log,
    open_child,
)
from continuum.web.children.drafting import discarding, drafted
from continuum.web.children.pages import (
    DUE_SHOWN,
    Data,
    DueLine,
    Page,
    banner,
    child_page,
    posted,
    record_form,
    recording,
)
from continuum.web.children.record_forms import BreakGlassForm, ChildSearchForm, VisitForm
from continuum.web.children.recording_forms import as_bool
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, error_list
from continuum.web.views import permission_denied
from continuum.web.worktray.tags import ON_TRACK_TAGS, status_tag

CHRONOLOGY_PAGE_SIZE = 50
SEARCH_LIMIT = 50
#: How many matches a search reads to count those the user may not open: beyond it the page says
#: "more than", since a common surname matches thousands and the count would be a floor, not a count.
MATCHES_READ = SEARCH_LIMIT * 4


#: The record page's own tables besides the referrals, read in one round trip (a
#: :class:`~continuum.core.query_batch.QueryBatch` compiled once per server thread): each was a
#: query of its own, and under load (bench/bench_web_load.py) every query costs Django's
#: building and compiling as well as a round trip. The adoption plans and the care leaver are
#: for the casework links (``children/_casework_links.html`` asks the child for them).
_TABLES: dict[str, Callable[[object], QuerySet[Any]]] = {
    "strategy_discussions": lambda child: StrategyDiscussion.objects.filter(child_id=child).order_by(
        "-held_on"
    ),
    "placements": lambda child: Placement.objects.filter(child_id=child).order_by("-start_date"),
    "reviews": lambda child: CLAReview.objects.filter(child_id=child).order_by("-review"),
    "missing": lambda child: MissingEpisode.objects.filter(child_id=child).order_by("-mis_start"),
    "care_leaver_contacts": lambda child: CareLeaverContact.objects.filter(child_id=child).order_by(
        "-contact_date"
    ),
    "open_assessments": lambda child: Assessment.objects.filter(
        child_id=child, assessment_authorisation_date__isnull=True
    ).order_by("assessment_actual_start_date"),
    "adoption_plans": lambda child: AdoptionPlan.objects.filter(child_id=child).order_by("pk"),
    "care_leaver": lambda child: CareLeaver.objects.filter(child_id=child),
    # A child in need or in care with an EHC plan shows it (continuum/send/; issue 24).
    "ehc_plans": lambda child: EHCPlan.objects.filter(child_id=child, ceased_on__isnull=True).order_by(
        "-issued_on"
    ),
}


def _record_tables(child: Child) -> dict[str, list[Any]]:
    """The tables of ``_TABLES`` for ``child``, as records; the child's own relations filled in.

    The child's adoption plans and care leaver record are put where the ORM
    keeps what it has fetched, so the template reads them without a query.
    """
    using = child._state.db or DEFAULT_DB_ALIAS
    batch = per_thread(
        ("child-record", using),
        lambda: QueryBatch(
            lambda v: [model_values(make(v["child"])) for make in _TABLES.values()],
            {"child": -1},
            {"child": -2},
            using=using,
        ),
    )
    tables = dict(zip(_TABLES, batch.read_instances({"child": child.pk}), strict=True))
    plans = child.adoption_plans.all()
    plans._result_cache, plans._prefetch_done = tables["adoption_plans"], True  # as prefetch_related does
    child._prefetched_objects_cache = {
        **getattr(child, "_prefetched_objects_cache", {}),
        "adoption_plans": plans,
    }
    Child.care_leaver.related.set_cached_value(child, next(iter(tables["care_leaver"]), None))
    return tables


@dataclass(frozen=True)
class Returned:
    """An assessment a manager returned to the worker: who, when, the start of what they said, and
    the sign-off page where the rest is and the worker answers it (blank when the user may not open it).
    """

    by: str
    on: date
    comments: str
    href: str


@dataclass(frozen=True)
class Submitted:
    """An assessment sent for a manager's authorisation and not yet answered: the day it was sent, and
    the sign-off page where a manager answers it (blank when the user may not open it).
    """

    on: date
    href: str


#: How much of the manager's comments the record shows; the sign-off page has them all.
RETURNED_CHARACTERS = 80


def _sign_off_states(
    request: HttpRequest, child: Child, open_assessments: list[Assessment]
) -> dict[int, Returned | Submitted]:
    """The open assessments whose latest sign-off step is a return or a submission, by assessment.

    Why on the record: while returned or awaiting a manager, "not yet authorised" alone hides
    where the assessment stands, and a submitted one must not be offered for completing again.
    The link is offered to whoever the policy lets open the sign-off page (``child.view``, as that
    page asks).
    """
    ids = [a.pk for a in open_assessments]
    if not ids:
        return {}
    latest: dict[int, SignOffEvent] = {}
    for step in (
        SignOffEvent.objects.filter(sign_off__kind=SignOffKind.ASSESSMENT, sign_off__record_id__in=ids)
        .select_related("sign_off", "by__worker")
        .order_by("at", "pk")
    ):
        latest[step.sign_off.record_id] = step
    answered = {
        pk: step for pk, step in latest.items() if step.step in (SignOffStep.RETURNED, SignOffStep.SUBMITTED)
    }
    if not answered:
        return {}
    may_open = may(request.user, "child.view", access_for(request, child.pk))  # type: ignore[arg-type]
    out: dict[int, Returned | Submitted] = {}
    for record_id, step in answered.items():
        href = (
            reverse("child-sign-off", args=[child.pk, SignOffKind.ASSESSMENT, record_id]) if may_open else ""
        )
        on = timezone.localtime(step.at).date()
        if step.step == SignOffStep.SUBMITTED:
            out[record_id] = Submitted(on=on, href=href)
            continue
        out[record_id] = Returned(
            by=words.recorded_by(step.by),
            on=on,
            comments=Truncator(" ".join(step.comments.split())).chars(RETURNED_CHARACTERS, truncate="…"),
            href=href,
        )
    return out


#: The statutory assessment timescale (45 working days), kept with the other timescales.
ASSESSMENT_RULE = "assessment_45wd"


def _assessment_due(open_assessments: list[Assessment]) -> list[DueLine]:
    """ "Next due" lines for open assessments that no referral clock already counts.

    The work tray's ``assessment_45wd`` clock runs from the referral and is done when any
    assessment under it is authorised, so a later assessment in the same referral (a
    reassessment) had no due date anywhere. Each such assessment is due 45 working days from
    its own start, as the CIN census measures it, on the project's working-day calendar and
    the council's rule (none when the council has switched the rule off). The first assessment
    of a referral is left to the referral's clock, so one piece of work never shows two dates.
    """
    if not open_assessments:
        return []
    rule = rules_by_code(load_rules()).get(ASSESSMENT_RULE)
    if rule is None:
        return []
    counted_again = set(
        Assessment.objects.filter(
            cin_episode_id__in={a.cin_episode_id for a in open_assessments},
            assessment_authorisation_date__isnull=False,
        ).values_list("cin_episode_id", flat=True)
    )
    today = clock.today()
    lines = []
    for assessment in open_assessments:
        if assessment.cin_episode_id not in counted_again:
            continue
        start = assessment.assessment_actual_start_date
        item = evaluate(rule, start=start, as_of=today, calendar=default_calendar())[-1]
        text, tag = status_tag(item.status, item.due, today, ON_TRACK_TAGS)
        name = f"{rule.name} (started {date_format(start, 'j M Y')})"
        lines.append(DueLine(name, item.due, text, tag))  # type: ignore[arg-type]
    return lines


@child_page
@requires("child.view")
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's record: banner, then the journey as summary lists and tables."""
    child = open_child(request, pk, "child.view")
    context = banner(request, child)
    tables = _record_tables(child)
    episodes = selectors.child_episodes(child)
    states = _sign_off_states(request, child, tables["open_assessments"])
    for assessment in [a for episode in episodes for a in episode.assessments.all()]:
        state = states.get(assessment.pk)
        assessment.returned = state if isinstance(state, Returned) else None  # type: ignore[attr-defined]
        assessment.submitted = state if isinstance(state, Submitted) else None  # type: ignore[attr-defined]
    # A submitted assessment is the manager's to answer: it is not offered for completing again.
    to_complete = [a for a in tables["open_assessments"] if not isinstance(states.get(a.pk), Submitted)]
    if context["due"] is not None:  # None: the work tray is not there, and "Next due" says so
        due = context["due"] + _assessment_due(tables["open_assessments"])
        context["due"] = sorted(due, key=lambda line: line.due)[:DUE_SHOWN]
    context.update(
        {
            "episodes": episodes,
            "strategy_discussions": tables["strategy_discussions"],
            "cla_episodes": list(selectors.cla_episodes(child))[::-1],
            "placements": tables["placements"],
            "visits": Visit.objects.filter(child=child)
            .select_related("worker")
            .order_by("-visit_date", "-pk")[:20],
            "reviews": tables["reviews"],
            "missing": tables["missing"],
            "care_leaver_contacts": tables["care_leaver_contacts"],
            "open_assessments": to_complete,
            "ehc_plans": tables["ehc_plans"],
        }
    )
    return render(request, "children/record.html", context)


class ChronologyDatesForm(GovukForm):
    """The chronology's dates, typed as every other date in the service is (day, month and year).

    A date that cannot be read is named in the error summary and left out of the filter; the
    rest of the filter still applies, so the page is never refused for it.
    """

    non_field_anchor = "id_since-day"

    since = GovukDateField(label="From", words="The from date", required=False, past_only=False)
    until = GovukDateField(label="To", words="The to date", required=False, past_only=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The to date must be the same as or after the from date")
        return data


def _chronology_filters(request: HttpRequest, dates: ChronologyDatesForm | None = None) -> dict[str, object]:
    """The chronology filters from the query string; a date that cannot be read is not applied.

    The dates come from the page's day, month and year boxes; ``from`` and ``to`` (27/3/2024 or
    2024-03-27) are still read for links made before the boxes.
    """

    def day(name: str) -> date | None:
        text = request.GET.get(name, "").strip()
        try:
            if "/" in text:
                d, m, y = (int(part) for part in text.split("/"))
                return date(y, m, d)
            return date.fromisoformat(text)
        except ValueError:
            return None

    dates = dates or ChronologyDatesForm(request.GET)
    dates.is_valid()
    typed = dates.cleaned_data  # the dates that could be read, whatever the other says
    kind = request.GET.get("type", "")
    return {
        "kind": kind if kind in words.KIND_BY_KEY else "",
        "key_only": request.GET.get("key") == "1",
        "since": typed.get("since") or day("from"),
        "until": typed.get("until") or day("to"),
    }


def _filter_query(filters: dict[str, object]) -> str:
    """The filters as a query string for the pagination and print links (no personal data in it)."""
    params: dict[str, object] = {"type": filters["kind"], "key": "1" if filters["key_only"] else ""}
    for name in ("since", "until"):
        day = filters[name]
        if isinstance(day, date):
            params |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return urlencode({k: v for k, v in params.items() if v})


@child_page
@requires("child.view")
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's chronology in words, newest first: by kind of record, key events only, between dates."""
    child = open_child(request, pk, "child.chronology")
    dates = ChronologyDatesForm(request.GET)
    filters = _chronology_filters(request, dates)
    events = words.filtered(
        ChronologyEvent.objects.filter(child=child).select_related("by__worker"),
        **filters,  # type: ignore[arg-type]
    ).order_by("-occurred_on", "-at", "-id")
    page = Paginator(events, CHRONOLOGY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = banner(request, child)
    context.update(
        {
            "page": page,
            "entries": words.entries(page),
            "kinds": words.KINDS,
            "filters": filters,
            "query": _filter_query(filters),
            # What was typed, with its errors, when a date could not be read; else the dates applied.
            "dates": dates
            if dates.errors
            else ChronologyDatesForm(initial={"since": filters["since"], "until": filters["until"]}),
            "errors": error_list(dates),
        }
    )
    return render(request, "children/chronology.html", context)


@child_page
@requires("child.view")
def chronology_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's whole chronology as CSV (for a court bundle or a practice review), logged as an export.

    Holds what the chronology page shows, in the same words, oldest first as a
    chronology is read in court. Formula-looking cells are quoted so a
    spreadsheet cannot run them.
    """
    child = open_child(request, pk, "child.export")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chronology-{child.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["Date", "What happened", "Key event", "Record", "Record number", "Recorded by", "Recorded at"]
    )
    for entry in words.entries(selectors.chronology(child).select_related("by__worker")):
        event = entry.event
        row = [
            event.occurred_on.isoformat() if event.occurred_on else "",
            entry.words,
            "Yes" if entry.key else "",
            entry.record,
            "" if event.record_id is None else str(event.record_id),
            entry.who,
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
        ]
        writer.writerow(safe_row(row))
    return response


@child_page
@requires("child.view")
def chronology_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The chronology as a PDF for court: the child's key details, then each event oldest first.

    Uses the reports' own print stylesheet and WeasyPrint
    (:mod:`continuum.reports.html`) so a court chronology looks like the
    other printed outputs. Takes the page's filters, so a worker can print
    the key events of one period. Logged as an export, like the CSV.
    """
    child = open_child(request, pk, "child.export")
    filters = _chronology_filters(request)
    events = words.filtered(
        ChronologyEvent.objects.filter(child=child).select_related("by__worker"),
        **filters,  # type: ignore[arg-type]
    ).order_by("occurred_on", "at", "id")
    document = chronology_pdf.render(banner(request, child), words.entries(events), filters)
    if document is None:
        messages.error(request, "The printable chronology could not be made. Download the CSV instead.")
        return redirect("child-chronology", pk=child.pk)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{child.pk}.pdf"'
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
    form = BreakGlassForm(posted(request))
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


def _worker(user: User) -> Worker | None:
    return Worker.objects.filter(user=user).first()


@recording("child.visit.new")
def visit_new(request: HttpRequest, child: Child) -> HttpResponse:
    """A statutory visit of any kind (CIN, CP, looked after): who was seen, alone, and the bedroom."""
    key = drafts.key("visit", "child", child.pk)
    form, draft, kept = drafted(request, key, VisitForm)
    if kept is not None:
        return kept
    page: Page = {
        "title": "Record a visit",
        "template": "children/visit_form.html",
        "extra": {"draft": draft},
    }

    def write(data: Data) -> object:
        alone = as_bool(data.get("seen_alone"))
        visit = s.record_visit(
            child=child,
            kind=data["kind"],
            visit_date=data["visit_date"],
            seen=bool(as_bool(data["seen"])),
            seen_alone=alone,
            not_seen_alone_reason=data.get("not_seen_alone_reason", "").strip() if alone is False else "",
            bedroom_seen=as_bool(data.get("bedroom_seen")),
            worker=_worker(request.user),  # type: ignore[arg-type]
            by=request.user,  # type: ignore[arg-type]
        )
        # What happened and the child's voice: a case note about the visit (issue 18 point 1).
        narrative.write_narrative(
            child=child,
            about="visit",
            record=visit,
            on=data["visit_date"],
            by=request.user,
            **form.narrative(),  # type: ignore[arg-type]
        )
        return visit

    def done(data: Data) -> str:
        return f"{VisitKind(data['kind']).label} on {date_format(data['visit_date'])} recorded."

    return discarding(request, key, lambda: record_form(request, child, form, page, write, done))


@requires("child.search")
def search(request: HttpRequest) -> HttpResponse:
    """Find a child by name, date of birth or LAchildID.

    Sent by POST so that no name or date of birth is ever in a URL (and so in
    a server log or browser history). Only children the user may see are
    listed, plus a count of matches they may not; the search and each child
    listed are written to the access log, without the search terms.

    Names are compared without their accents, on both sides: a name is typed as it was heard,
    so "Sean" finds "Seán" and "Zoë" finds "Zoe" (PostgreSQL's ``unaccent``, people 0005).
    """
    form = ChildSearchForm(posted(request))
    results: list[Child] | None = None
    hidden = 0
    capped = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        q = Q()
        if data["la_child_id"]:
            q &= Q(la_child_id__iexact=data["la_child_id"].strip())
        if data["first_name"]:
            q &= Q(first_name__unaccent__icontains=data["first_name"].strip())
        if data["last_name"]:
            q &= Q(last_name__unaccent__icontains=data["last_name"].strip())
        if data["birth_date"]:
            q &= Q(person_birth_date=data["birth_date"])
        found = list(Child.objects.filter(q).order_by("last_name", "first_name", "pk")[: MATCHES_READ + 1])
        matches = found[:MATCHES_READ]
        visible = visible_children(request.user, (c.pk for c in matches), broken_glass=glass_ids(request))
        results = [c for c in matches if c.pk in visible][:SEARCH_LIMIT]
        # Say how many other records matched, so nobody creates a duplicate in ignorance, but
        # never count a restricted record: its very existence is what the restriction protects.
        shown = {c.pk for c in results}
        restricted = set(
            RestrictedRecord.objects.filter(child_id__in=[c.pk for c in found]).values_list(
                "child_id", flat=True
            )
        )
        hidden = sum(1 for c in matches if c.pk not in shown and c.pk not in restricted)
        # One more read than counted says whether there were more (a restricted one never says so).
        capped = len(found) > MATCHES_READ and found[-1].pk not in restricted
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
        {"form": form, "errors": error_list(form), "results": results, "hidden": hidden, "capped": capped},
    )
