"""What is due for a child, and the work trays built from it.

A work tray answers the question a practitioner or manager asks every
morning: *what is late, and what is coming up, for the children I hold?*
Every answer comes from one table of timescale rules and one pure engine
(:mod:`continuum.core.timescales`); this package only decides **which clocks
apply to a child** and **what starts, satisfies and stops each one**, reading
those facts from the journey records. ``docs/worktrays.md`` sets out each
mapping and the reasons for the choices. In three parts:

* :mod:`.facts` — which records the clocks read, as data (:data:`~.facts.FACTS`),
  and the loader that reads them for many children in one round trip;
* :mod:`.clocks` — which clocks run for one child, as pure functions of those
  records (no database: tested by hand in tests/journey/test_worktray_clocks.py);
* this module — the public API:

  * :func:`due_items_for_child` — every clock for one child, as
    :class:`~continuum.core.timescales.DueItem` objects;
  * :func:`next_due_for_child` — the child's record's "Next due": that child's
    lines of a work tray, so the record and the trays always agree;
  * :func:`work_tray` — the outstanding items for the children a worker or a
    team holds (or every open case), sorted by urgency.

The loader runs a fixed number of queries (one per table, keyed by child)
however many children are asked about, and the engine then works in memory.
That is what keeps a team tray of several hundred children well under a
second, and a test checks that the number of queries does not grow with the
number of children.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from continuum.core.clock import today
from continuum.core.policy import among_children
from continuum.core.timescales import DueItem, Rule, Status, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.journey.models import (
    CareLeaver,
    CareProceedings,
    CINEpisode,
    CLAEpisode,
    Contact,
    EarlyHelpEpisode,
    MissingEpisode,
)
from continuum.journey.worktray.clocks import PEP_AGES, DueSubject, Row, day_after, due_items
from continuum.journey.worktray.facts import CHILD_FIELDS, load_facts, open_on
from continuum.people.models import Allocation, AllocationRole, Child, Team, Worker

__all__ = [
    "PEP_AGES",
    "DueSubject",
    "TrayItem",
    "due_items_for_child",
    "next_due_for_child",
    "urgency_key",
    "work_tray",
]


@dataclass(frozen=True, slots=True)
class TrayItem:
    """One line of a work tray: a due item and whose it is."""

    child_id: int
    la_child_id: str
    child_name: str
    worker_id: int | None
    team_id: int | None
    item: DueItem
    days_overdue: int

    @property
    def status(self) -> Status:
        return self.item.status

    @property
    def due(self) -> date:
        return self.item.due

    @property
    def rule_code(self) -> str:
        return self.item.rule_code


_STATUS_RANK = {
    Status.OVERDUE: 0,
    Status.DUE_SOON: 1,
    Status.DUE: 2,
    Status.DONE_LATE: 3,
    Status.DONE_ON_TIME: 4,
}


def urgency_key(item: DueItem, as_of: date) -> tuple[int, int, date, str, int]:
    """Sort key: overdue first (longest overdue first), then due soon, then due, by due date.

    Done items, when present, sort after everything outstanding. The rule
    code and sequence break ties so the order is stable between requests.
    """
    days_late = (as_of - item.due).days if item.status is Status.OVERDUE else 0
    return (_STATUS_RANK[item.status], -days_late, item.due, item.rule_code, item.sequence)


def _rule_index(rules: Mapping[str, Rule] | Iterable[Rule] | None) -> Mapping[str, Rule]:
    if rules is None:
        return rules_by_code(load_rules())
    return rules if isinstance(rules, Mapping) else rules_by_code(rules)


# --- Public API ------------------------------------------------------------------------------------


def due_items_for_child(
    child: Child | int,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
    *,
    outstanding_only: bool = False,
) -> list[DueItem]:
    """Every clock that applies to ``child``, walked to ``as_of`` (default today).

    Returns the full history by default: done items as well as the
    outstanding ones, oldest due date first, including what was missed on
    a plan that has since ended (history, not work to do). Pass
    ``outstanding_only=True`` for what a work tray shows: overdue, due soon
    and due items from clocks still running (:func:`~.clocks.is_live`);
    :func:`next_due_for_child` is that, in the tray's order. Each item's ``subject`` is a
    :class:`DueSubject` naming the record whose clock produced it.

    Pass ``rules`` (from :func:`~continuum.core.timescales.load_rules`) to
    avoid reading the rule table again when calling this in a loop; better
    still, use :func:`work_tray`, which reads many children at once.
    """
    as_of = as_of or today()
    child_id = child if isinstance(child, int) else child.pk
    rows = list(Child.objects.filter(pk=child_id).values(*CHILD_FIELDS))
    facts = load_facts(rows, as_of, outstanding_only=outstanding_only)
    if child_id not in facts:
        return []
    items = due_items(
        facts[child_id], _rule_index(rules), as_of, default_calendar(), outstanding_only=outstanding_only
    )
    return sorted(items, key=lambda i: (i.due, i.rule_code, i.sequence))


def next_due_for_child(
    child: Child | int,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
) -> list[DueItem]:
    """The child record's "Next due": exactly this child's lines of a work tray, most urgent first.

    The same clocks, the same rule for which are still running and the same
    order as :func:`work_tray`, so the record never shows as overdue what the
    trays and the home page do not count (a visit missed on a plan that has
    since ended, say).
    """
    as_of = as_of or today()
    items = due_items_for_child(child, as_of, rules, outstanding_only=True)
    return sorted(items, key=lambda item: urgency_key(item, as_of))


def _tray_children(
    worker: Worker | int | None,
    team: Team | int | None,
    as_of: date,
    children: Sequence[int] | None = None,
) -> tuple[list[Row], dict[int, tuple[int | None, int | None]]]:
    """The children in the tray and who holds each (worker, team), in two queries."""
    allocations = Allocation.objects.filter(
        open_on("end_date", as_of), role=AllocationRole.CASE_HOLDER, start_date__lte=as_of
    )
    if children is not None:
        allocations = among_children(allocations, children)
    if worker is not None:
        allocations = allocations.filter(worker=worker)
    if team is not None:
        allocations = allocations.filter(team=team)
    holders: dict[int, tuple[int | None, int | None]] = {
        row["child_id"]: (row["worker_id"], row["team_id"])
        for row in allocations.order_by("start_date", "pk").values("child_id", "worker_id", "team_id")
    }
    if children is not None and worker is None and team is None:
        rows = among_children(Child.objects.all(), children, column="id")
        return list(rows.order_by().values(*CHILD_FIELDS)), holders
    if worker is None and team is None:
        # The whole service: every allocated child, and every child with something open
        # that runs a clock but no case holder (a contact at the MASH, say).
        cutoff = day_after(as_of)
        open_work = (
            Contact.objects.filter(received_at__lt=cutoff)
            .filter(Q(decision_at__isnull=True) | Q(decision_at__gte=cutoff))
            .values("child_id")
            .union(
                CINEpisode.objects.filter(
                    open_on("cin_closure_date", as_of), cin_referral_date__lte=as_of
                ).values("child_id"),
                CLAEpisode.objects.filter(open_on("dec", as_of), decom__lte=as_of).values("child_id"),
                CareLeaver.objects.filter(open_on("end_date", as_of), start_date__lte=as_of).values(
                    "child_id"
                ),
                EarlyHelpEpisode.objects.filter(
                    open_on("eha_end_date", as_of), eha_start_date__lte=as_of
                ).values("child_id"),
                MissingEpisode.objects.filter(mis_end__lt=cutoff)
                .filter(Q(rhi_offered_at__isnull=True) | Q(rhi_offered_at__gte=cutoff))
                .values("child_id"),
                CareProceedings.objects.filter(
                    open_on("end_date", as_of), application_date__lte=as_of
                ).values("child_id"),
            )
        )
        found = Child.objects.filter(Q(pk__in=allocations.values("child_id")) | Q(pk__in=open_work))
    else:
        found = Child.objects.filter(pk__in=list(holders))
    return list(found.order_by().values(*CHILD_FIELDS)), holders


def work_tray(
    *,
    worker: Worker | int | None = None,
    team: Team | int | None = None,
    children: Iterable[int] | None = None,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
) -> list[TrayItem]:
    """The outstanding due items for a worker's or a team's children, most urgent first.

    * ``worker``: children whose case-holding allocation is with this worker on ``as_of``;
    * ``team``: children whose case-holding allocation is in this team, with a worker
      or sitting with the team unallocated;
    * both: that worker's children in that team;
    * neither: the whole service — every allocated child, plus children with open
      work that runs a clock but no case holder (a contact awaiting a MASH decision);
    * ``children``: only these children (with or without a case holder), narrowing
      ``worker`` or ``team`` when given too; the home page asks this for the
      children an IRO reviews, which is far cheaper than the whole service.

    Items are those of :func:`due_items_for_child` with ``outstanding_only=True``:
    overdue (longest overdue first), then due soon, then due (earliest first).
    The number of queries is fixed (about 25), however many children there are.
    """
    as_of = as_of or today()
    index = _rule_index(rules)
    calendar = default_calendar()
    only = None if children is None else sorted({int(pk) for pk in children})
    rows, holders = _tray_children(worker, team, as_of, only)
    facts = load_facts(rows, as_of, outstanding_only=True)
    lines: list[TrayItem] = []
    for child_id, child_facts in facts.items():
        row = child_facts.child
        name = f"{row['first_name']} {row['last_name']}".strip() or row["la_child_id"]
        worker_id, team_id = holders.get(child_id, (None, None))
        for item in due_items(child_facts, index, as_of, calendar, outstanding_only=True):
            lines.append(
                TrayItem(
                    child_id=child_id,
                    la_child_id=row["la_child_id"],
                    child_name=name,
                    worker_id=worker_id,
                    team_id=team_id,
                    item=item,
                    days_overdue=(as_of - item.due).days if item.status is Status.OVERDUE else 0,
                )
            )
    lines.sort(key=lambda line: (*urgency_key(line.item, as_of), line.la_child_id))
    return lines
