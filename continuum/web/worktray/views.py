"""Work trays in the browser: "My work", the team view, and the conferences and reviews due.

The trays come from :mod:`continuum.journey.worktray` and the caseloads from
:mod:`continuum.people.caseloads`; these views only choose whose tray to
show, drop every child the user may not see (the ``child.view`` rule, asked
for the whole tray at once, counting a break glass earlier in the session) and write the
access log: one ``worktray.view`` entry for the page, and one for each child
whose name the page shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.core import clock
from continuum.core.access_log import log_view, log_views
from continuum.core.policy import may, service_teams, visible_children
from continuum.core.timescales import Status
from continuum.journey.worktray import TrayItem, work_tray
from continuum.people.caseloads import CASE_HOLDING_ROLES, caseload_range, caseloads, unallocated_cases
from continuum.people.models import Child, Team, TeamType, Worker, WorkerRole
from continuum.practice import supervision
from continuum.web.access import requires
from continuum.web.children.access import glass_ids
from continuum.web.worktray.tags import ON_TRACK_TAGS, status_tag

ACTION = "worktray.view"

#: The statutory visits, whose items "My work" can show on their own (and the home page counts).
VISIT_RULES = frozenset(
    {"cp_visit", "cin_visit", "cla_visit_new_placement", "cla_visit_year_one", "cla_visit_long_term"}
)


def week_end(day: date) -> date:
    """The Sunday ending ``day``'s week: "visits due this week" runs to it."""
    return day + timedelta(days=6 - day.weekday())


def is_due_today(line: TrayItem, day: date) -> bool:
    """Due on ``day`` and not yet overdue."""
    return line.status is not Status.OVERDUE and line.due == day


def is_visit_this_week(line: TrayItem, day: date) -> bool:
    """A statutory visit due by the end of ``day``'s week, not yet overdue."""
    return line.rule_code in VISIT_RULES and line.status is not Status.OVERDUE and line.due <= week_end(day)


def _status_is(*statuses: Status) -> Callable[[TrayItem, date], bool]:
    return lambda line, day: line.status in statuses


#: The filters on "My work": value in the query string, label, which items it keeps on a given day.
#: The home page's "Your cases" links to them by value and counts with the same tests, so the number
#: on the home page is the number of rows its link shows.
STATUS_FILTERS: tuple[tuple[str, str, Callable[[TrayItem, date], bool]], ...] = (
    ("all", "All outstanding", _status_is(Status.OVERDUE, Status.DUE_SOON, Status.DUE)),
    ("overdue", "Overdue", _status_is(Status.OVERDUE)),
    ("due-today", "Due today", is_due_today),
    ("visits", "Visits due this week", is_visit_this_week),
    ("due-soon", "Due soon", _status_is(Status.DUE_SOON)),
    ("due", "Due", _status_is(Status.DUE)),
)

#: The rules whose items are conferences and reviews: the ICPC, the CP review chain, the CLA review chain.
CONFERENCE_RULES = frozenset(
    {
        "icpc_15wd",
        "cp_first_review",
        "cp_review_repeat",
        "cla_first_review",
        "cla_second_review",
        "cla_review_repeat",
    }
)


@dataclass(frozen=True)
class Row:
    """One line of a tray as the template shows it."""

    line: TrayItem
    status_text: str
    tag_class: str
    worker_name: str = ""


def _visible(request: HttpRequest, child_ids: Iterable[int]) -> set[int]:
    """The children among ``child_ids`` this user may see (``child.view``, counting break glass).

    Asked for all of them at once: a tray of forty children, or the whole
    service's conferences, costs the same few queries as one child.
    """
    return visible_children(request.user, child_ids, broken_glass=glass_ids(request))


def _rows(lines: Iterable[TrayItem], today: date, workers: dict[int, str] | None = None) -> list[Row]:
    rows = []
    for line in lines:
        text, tag = status_tag(line.status, line.due, today)
        name = (workers or {}).get(line.worker_id or 0, "") if line.worker_id else "Unallocated"
        rows.append(Row(line, text, tag, name))
    return rows


def _log(user: User, page: str, child_ids: Iterable[int]) -> None:
    """One entry for the page, and one per child shown: a tray of names is a view of each record."""
    log_view(user=user, action=ACTION, record_type="worktray", record_id=page)
    log_views(user=user, action=ACTION, record_type="child", record_ids=sorted(set(child_ids)))


def _worker_of(user: User) -> Worker | None:
    return Worker.objects.filter(user=user).select_related("team").order_by("-start_date", "pk").first()


# --- My work ----------------------------------------------------------------------------


def my_tray(request: HttpRequest, as_of: date | None = None) -> tuple[Worker | None, list[TrayItem]]:
    """The user's worker and their tray, less any child they may not see: "My work" and the home page.

    One function, so the home page's "overdue" and "due today" count exactly
    what "My work" lists.
    """
    worker = _worker_of(request.user)  # type: ignore[arg-type]
    if worker is None:
        return None, []
    tray = work_tray(worker=worker, as_of=as_of)
    visible = _visible(request, (line.child_id for line in tray))
    return worker, [line for line in tray if line.child_id in visible]


@requires("worktray.mine")
def mine(request: HttpRequest) -> HttpResponse:
    """Overdue, due soon and due items for every child the user's worker holds, most urgent first."""
    from continuum.web.signoff.views import returned_to

    wanted = request.GET.get("status", "all")
    choice = next((f for f in STATUS_FILTERS if f[0] == wanted), STATUS_FILTERS[0])
    today = clock.today()
    worker, tray = my_tray(request, today)
    lines = [line for line in tray if choice[2](line, today)]
    returned = returned_to(request) if worker is not None else []
    shown = {line.child_id for line in lines} | {r.child_id for r in returned}
    _log(request.user, "mine", shown)  # type: ignore[arg-type]
    filters = [
        {
            "value": value,
            "label": label,
            "count": sum(1 for line in tray if keeps(line, today)),
            "current": value == choice[0],
        }
        for value, label, keeps in STATUS_FILTERS
    ]
    return render(
        request,
        "worktray/mine.html",
        {
            "worker": worker,
            "rows": _rows(lines, today),
            "filters": filters,
            "current": choice,
            "children_count": len(shown),
            "returned": returned,
            "today": today,
        },
    )


# --- Team view --------------------------------------------------------------------------


def manager_teams(user: User) -> list[Team]:
    """The teams a manager may look at: their worker record's team and, for a head of service, every
    team in their service (``policy.service_teams``), in name order; the team page switches between them.
    """
    own = Worker.objects.filter(user=user, team__isnull=False).values("team_id")
    return list(
        Team.objects.filter(Q(pk__in=own) | Q(pk__in=service_teams(user))).order_by("name").distinct()
    )


def _tag(clock_: supervision.SupervisionClock | None, today: date) -> tuple[str, str] | None:
    if clock_ is None or not clock_.status:
        return None
    return status_tag(clock_.status, clock_.due, today, ON_TRACK_TAGS)


def caseloads_measured(team: Team | None) -> bool:
    """Are this team's caseloads judged against the caseload range?

    Not a MASH team's: the front door decides contacts and holds no cases, so every MASH
    practitioner would read "Below range" and the team's count outside the range would be its
    headcount.
    """
    return team is None or team.team_type != TeamType.MASH


@requires("worktray.team")
def team(request: HttpRequest) -> HttpResponse:
    """One team's caseloads against the range, overdue items by worker, and its unallocated cases."""
    teams = manager_teams(request.user)  # type: ignore[arg-type]
    chosen = teams[0] if teams else None
    wanted = request.GET.get("team", "")
    if wanted.isdigit():
        chosen = next((t for t in teams if t.pk == int(wanted)), chosen)
    today = clock.today()
    context: dict[str, object] = {
        "teams": teams,
        "team": chosen,
        "today": today,
        "range": caseload_range(),
        "measured": caseloads_measured(chosen),
    }
    shown: set[int] = set()
    if chosen is not None:
        loads = caseloads(today, team=chosen)
        tray = work_tray(team=chosen, as_of=today)
        overdue = Counter(line.worker_id for line in tray if line.status is Status.OVERDUE)
        unallocated = unallocated_cases(today, team=chosen)
        visible = _visible(request, (u.child_id for u in unallocated))
        unallocated = [u for u in unallocated if u.child_id in visible]
        names = {
            pk: f"{first} {last}".strip()
            for pk, first, last in Child.objects.filter(pk__in=[u.child_id for u in unallocated]).values_list(
                "pk", "first_name", "last_name"
            )
        }
        shown = {u.child_id for u in unallocated}
        # Supervision against the local standard for each worker's role (issue 18 point 4), in two queries.
        staff = {w.pk: w for w in Worker.objects.filter(pk__in=[load.worker_id for load in loads])}
        supervised = supervision.clocks(staff.values(), today)
        context.update(
            {
                # Only case-holding workers are compared with the range; a manager or family support
                # worker with one case is "not a case holder", never "within range" (issue 18 point 10).
                "caseloads": [
                    {
                        "load": load,
                        "overdue": overdue.get(load.worker_id, 0),
                        "case_holder": load.role in CASE_HOLDING_ROLES,
                        "role_label": dict(WorkerRole.choices).get(load.role, "No role recorded"),
                        "supervision": supervised.get(load.worker_id),
                        "supervision_tag": _tag(supervised.get(load.worker_id), today),
                    }
                    for load in loads
                ],
                "overdue_unallocated": overdue.get(None, 0),
                "unallocated": [{"case": u, "name": names.get(u.child_id, "")} for u in unallocated],
            }
        )
    _log(request.user, "team", shown)  # type: ignore[arg-type]
    return render(request, "worktray/team.html", context)


# --- One worker --------------------------------------------------------------------------


@requires("worktray.team")
def worker_page(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """One worker as their manager sees them: caseload against the range, supervision, their children's
    overdue and due work (issue 18 point 10). Only for a worker in one of the manager's teams."""
    teams = {t.pk for t in manager_teams(request.user)}  # type: ignore[arg-type]
    worker = Worker.objects.filter(pk=worker_pk, team_id__in=teams).select_related("team").first()
    if worker is None:
        raise PermissionDenied
    today = clock.today()
    load = next((c for c in caseloads(today, team=worker.team) if c.worker_id == worker.pk), None)
    tray = work_tray(worker=worker, as_of=today)
    visible = _visible(request, (line.child_id for line in tray))
    lines = [line for line in tray if line.child_id in visible]
    counts: Counter[Status] = Counter(line.status for line in lines)
    supervised = supervision.clocks([worker], today)[worker.pk]
    _log(request.user, f"worker-{worker.pk}", {line.child_id for line in lines})  # type: ignore[arg-type]
    return render(
        request,
        "worktray/worker.html",
        {
            "worker": worker,
            "today": today,
            "range": caseload_range(),
            "measured": caseloads_measured(worker.team),
            "load": load,
            "case_holder": worker.role in CASE_HOLDING_ROLES,
            "role_label": worker.get_role_display(),
            "rows": _rows(lines, today),
            "children_count": len({line.child_id for line in lines}),
            "overdue": counts[Status.OVERDUE],
            "due_soon": counts[Status.DUE_SOON],
            "supervision": supervised,
            "supervision_tag": _tag(supervised, today),
            "can_see_supervision": may(request.user, "supervision.view", worker),
        },
    )


# --- Conferences and reviews due ------------------------------------------------------


@requires("worktray.conferences")
def conferences(request: HttpRequest) -> HttpResponse:
    """Initial conferences, CP reviews and CLA reviews due across the service, by due date.

    ``?status=overdue`` keeps the overdue ones only (the IRO's home page links to it).

    Read from the whole service's tray, keeping the conference and review
    rules, then only the children this user may see. How many were left
    out is shown as a number (no names), so a chair knows to ask.
    """
    today = clock.today()
    overdue_only = request.GET.get("status") == "overdue"
    items = [
        line
        for line in work_tray(as_of=today)
        if line.rule_code in CONFERENCE_RULES and (not overdue_only or line.status is Status.OVERDUE)
    ]
    visible = _visible(request, (line.child_id for line in items))
    hidden = sum(1 for line in items if line.child_id not in visible)
    lines = sorted(
        (line for line in items if line.child_id in visible),
        key=lambda line: (line.due, line.la_child_id, line.rule_code, line.item.sequence),
    )
    worker_ids = {line.worker_id for line in lines if line.worker_id}
    workers = {w.pk: str(w) for w in Worker.objects.filter(pk__in=worker_ids)}
    shown = {line.child_id for line in lines}
    _log(request.user, "conferences", shown)  # type: ignore[arg-type]
    return render(
        request,
        "worktray/conferences.html",
        {
            "rows": _rows(lines, today, workers),
            "hidden": hidden,
            "today": today,
            "overdue_only": overdue_only,
        },
    )
