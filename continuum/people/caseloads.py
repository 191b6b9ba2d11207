"""Caseloads: how many children each worker holds on a date, and who is outside the range.

Caseloads are counted from case-holding allocations (``Allocation`` rows with
role ``case_holder``), the same rows that give changes of worker and the
SSDA903 social_worker table, so the figure a manager sees on the dashboard
and the one in the return cannot disagree. An allocation holds on a date
when it started on or before it and has not ended by it: the allocation
service ends the old allocation on the day the new one starts, so on a
changeover day the child counts for the new worker only.

The acceptable range is a local standard (Barnet's target is 12–16, seed
001 L849), so it is a setting, ``CONTINUUM_CASELOAD_RANGE``, read from
``CONTINUUM_CASELOAD_MIN`` and ``CONTINUUM_CASELOAD_MAX``. A worker above it
is overloaded; a case-holding social worker below it may be new, part-time
or carrying unrecorded work, which a manager wants to know about too.

Every function runs a fixed number of queries (two or three) whatever the
size of the service.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Q

from continuum.people.models import Allocation, AllocationRole, Child, Team, Worker, WorkerRole

__all__ = [
    "CASE_HOLDING_ROLES",
    "DEFAULT_CASELOAD_RANGE",
    "TeamCaseload",
    "UnallocatedCase",
    "WorkerCaseload",
    "caseload_range",
    "caseloads",
    "open_case_count",
    "team_caseloads",
    "unallocated_cases",
]

#: Barnet's target (seed 001 L849), used when the setting is missing.
DEFAULT_CASELOAD_RANGE = (12, 16)

#: Roles expected to carry a social work caseload. Only these are flagged as
#: below the range, and only these are listed when they hold no cases: a
#: team manager with two cases, or none, is not a caseload problem. Anyone
#: holding more cases than the range allows is flagged whatever their role.
CASE_HOLDING_ROLES = frozenset(
    {WorkerRole.SOCIAL_WORKER, WorkerRole.SENIOR_SOCIAL_WORKER, WorkerRole.ADVANCED_PRACTITIONER}
)


def caseload_range() -> tuple[int, int]:
    """The configured (minimum, maximum) caseload, inclusive."""
    low, high = getattr(settings, "CONTINUUM_CASELOAD_RANGE", DEFAULT_CASELOAD_RANGE)
    return int(low), int(high)


@dataclass(frozen=True, slots=True)
class WorkerCaseload:
    """One worker's caseload on a date.

    ``count`` is every child the worker holds as case holder on the date, in
    any team. ``team_id``/``team_name`` are the worker's own team.
    ``alert`` is "above" or "below" the range, or "" when within it (or
    when the worker's role does not carry a caseload and they are not over).
    """

    worker_id: int
    worker_name: str
    role: str
    team_id: int | None
    team_name: str
    count: int
    alert: str
    in_post: bool

    @property
    def outside_range(self) -> bool:
        return bool(self.alert)


@dataclass(frozen=True, slots=True)
class UnallocatedCase:
    """An open case sitting with a team, with no worker, and since when."""

    child_id: int
    la_child_id: str
    team_id: int
    since: date
    days_unallocated: int


@dataclass(frozen=True)
class TeamCaseload:
    """A team's caseloads on a date: each worker, the total held, and the unallocated cases."""

    team_id: int
    team_name: str
    workers: list[WorkerCaseload] = field(default_factory=list)
    children_held: int = 0
    unallocated: int = 0

    @property
    def workers_outside_range(self) -> int:
        return sum(1 for w in self.workers if w.alert)

    @property
    def average(self) -> float | None:
        """Mean caseload of the team's case-holding workers (None when there are none)."""
        counted = [w.count for w in self.workers if w.role in CASE_HOLDING_ROLES]
        return sum(counted) / len(counted) if counted else None


def _holding_on(on: date) -> Q:
    return Q(role=AllocationRole.CASE_HOLDER, start_date__lte=on) & (
        Q(end_date__isnull=True) | Q(end_date__gt=on)
    )


def _alert(count: int, role: str, bounds: tuple[int, int]) -> str:
    low, high = bounds
    if count > high:
        return "above"
    if count < low and role in CASE_HOLDING_ROLES:
        return "below"
    return ""


def caseloads(
    on: date, team: Team | int | None = None, *, bounds: tuple[int, int] | None = None
) -> list[WorkerCaseload]:
    """Each worker's caseload on ``on``, with an alert when outside the range, largest first.

    Lists every worker who holds a case on the date, and every worker in a
    case-holding role who was in post (even with no cases: an empty caseload
    is also outside the range). With ``team``, only workers whose own team it
    is, or who hold a case allocated in it on the date. ``bounds`` overrides
    the setting (for a "what if the range were..." view). Two queries.
    """
    bounds = bounds or caseload_range()
    team_id = team.pk if isinstance(team, Team) else team
    holding = Allocation.objects.filter(_holding_on(on), worker__isnull=False)
    counts = {
        row["worker_id"]: row["n"]
        for row in holding.values("worker_id").order_by().annotate(n=Count("child_id", distinct=True))
    }
    workers = Worker.objects.select_related("team")
    if team_id is not None:
        in_team = holding.filter(team_id=team_id).values("worker_id")
        workers = workers.filter(Q(team_id=team_id) | Q(pk__in=in_team))
    else:
        workers = workers.filter(Q(pk__in=holding.values("worker_id")) | Q(role__in=CASE_HOLDING_ROLES))
    result: list[WorkerCaseload] = []
    for w in workers:
        count = counts.get(w.pk, 0)
        in_post = w.is_in_post_on(on)
        if count == 0 and not (in_post and w.role in CASE_HOLDING_ROLES):
            continue
        result.append(
            WorkerCaseload(
                worker_id=w.pk,
                worker_name=str(w),
                role=w.role,
                team_id=w.team_id,
                team_name=w.team.name if w.team else "",
                count=count,
                alert=_alert(count, w.role, bounds),
                in_post=in_post,
            )
        )
    result.sort(key=lambda c: (-c.count, c.worker_name, c.worker_id))
    return result


def unallocated_cases(on: date, team: Team | int | None = None) -> list[UnallocatedCase]:
    """Open cases held by a team with no worker on ``on``, longest waiting first. One query."""
    qs = Allocation.objects.filter(_holding_on(on), worker__isnull=True)
    if team is not None:
        qs = qs.filter(team=team)
    rows = qs.order_by("start_date", "pk").values("child_id", "child__la_child_id", "team_id", "start_date")
    return [
        UnallocatedCase(
            child_id=r["child_id"],
            la_child_id=r["child__la_child_id"],
            team_id=r["team_id"],
            since=r["start_date"],
            days_unallocated=(on - r["start_date"]).days,
        )
        for r in rows
    ]


def team_caseloads(on: date, *, bounds: tuple[int, int] | None = None) -> list[TeamCaseload]:
    """Per team on ``on``: its workers' caseloads, the children it holds, and its unallocated cases.

    ``children_held`` counts the team's open case-holding allocations
    (allocated or not), so the teams' totals add up to the service's open
    cases. A worker appears under their own team. Four queries.
    """
    bounds = bounds or caseload_range()
    per_worker = caseloads(on, bounds=bounds)
    held: dict[int, int] = defaultdict(int)
    unallocated: dict[int, int] = defaultdict(int)
    for row in (
        Allocation.objects.filter(_holding_on(on))
        .values("team_id")
        .order_by()
        .annotate(n=Count("pk"), n_unallocated=Count("pk", filter=Q(worker__isnull=True)))
    ):
        held[row["team_id"]] = row["n"]
        unallocated[row["team_id"]] = row["n_unallocated"]
    teams = Team.objects.filter(Q(is_active=True) | Q(pk__in=list(held))).order_by("name")
    by_team: dict[int | None, list[WorkerCaseload]] = defaultdict(list)
    for w in per_worker:
        by_team[w.team_id].append(w)
    return [
        TeamCaseload(
            team_id=t.pk,
            team_name=t.name,
            workers=by_team.get(t.pk, []),
            children_held=held.get(t.pk, 0),
            unallocated=unallocated.get(t.pk, 0),
        )
        for t in teams
    ]


def open_case_count(on: date) -> int:
    """Children with an open case-holding allocation on ``on`` (with a worker or a team)."""
    return Child.objects.filter(pk__in=Allocation.objects.filter(_holding_on(on)).values("child_id")).count()
