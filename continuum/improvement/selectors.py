"""Reads of a plan: its state at any day, a stocktake between two days, its RAG summary and its measures.

All from the RAG history in one query: the state of an action on a day is
its last rating that took effect on or before that day (an action not yet
rated then was not yet in the plan). The committee report, the plan page and
the stocktake page all read these, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from continuum.improvement.models import Plan, PlanAction, Priority, RagChange, RagLevel


@dataclass(frozen=True)
class Line:
    """A plan action as it stood on a day: its level then and the rating that set it."""

    action: PlanAction
    level: RagLevel | None
    rating: RagChange | None

    @property
    def mitigation(self) -> str:
        """The why given with the rating in force: for an off-track action, the plan to recover."""
        return self.rating.reason if self.rating is not None else ""


def _history(plan: Plan) -> dict[int, list[RagChange]]:
    by_action: dict[int, list[RagChange]] = defaultdict(list)
    changes = (
        RagChange.objects.filter(plan_action__plan=plan)
        .select_related("level", "by")
        .order_by("plan_action_id", "on", "pk")
    )
    for change in changes:
        by_action[change.plan_action_id].append(change)
    return by_action


def _actions(plan: Plan) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(plan=plan)
        .select_related("objective__priority", "rag", "action")
        .prefetch_related("measures")
        .order_by("order")
    )


def _at(changes: list[RagChange], day: date) -> RagChange | None:
    found = None
    for change in changes:
        if change.on > day:
            break
        found = change
    return found


def state_at(plan: Plan, day: date) -> list[Line]:
    """Every action of the plan as it stood at the end of ``day`` (level None: not yet in the plan)."""
    history = _history(plan)
    lines = []
    for action in _actions(plan):
        rating = _at(history.get(action.pk, []), day)
        lines.append(Line(action, rating.level if rating else None, rating))
    return lines


@dataclass(frozen=True)
class Move:
    """How one action moved between two days, with the ratings between them (their whys)."""

    action: PlanAction
    before: RagLevel | None
    after: RagLevel | None
    changes: tuple[RagChange, ...]

    @property
    def kind(self) -> str:
        """ "slipped" (to a worse level), "completed", "improved", "added", or "unchanged"."""
        if self.before is None:
            return "added" if self.after is not None else "unchanged"
        if self.after is None or self.after.pk == self.before.pk:
            return "unchanged"
        if self.after.order > self.before.order:
            return "slipped"
        return "completed" if self.after.done else "improved"


@dataclass
class Stocktake:
    first: date
    second: date
    moves: list[Move] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Move]:
        return [m for m in self.moves if m.kind == kind]

    @property
    def moved(self) -> list[Move]:
        return [m for m in self.moves if m.kind != "unchanged"]


def stocktake(plan: Plan, first: date, second: date) -> Stocktake:
    """What moved from the end of ``first`` to the end of ``second``: slipped, completed, improved, added."""
    if second < first:
        first, second = second, first
    history = _history(plan)
    result = Stocktake(first, second)
    for action in _actions(plan):
        changes = history.get(action.pk, [])
        before, after = _at(changes, first), _at(changes, second)
        between = tuple(c for c in changes if first < c.on <= second)
        result.moves.append(
            Move(action, before.level if before else None, after.level if after else None, between)
        )
    return result


@dataclass
class PrioritySummary:
    """How many of a priority's actions stood at each level of the key on a day."""

    priority: Priority
    counts: dict[str, int]
    total: int


def summary(plan: Plan, lines: list[Line]) -> tuple[list[RagLevel], list[PrioritySummary], dict[str, int]]:
    """The RAG summary by priority (the committee report's first table) and the plan's totals."""
    levels = list(plan.rag_key.levels.all())
    rows: dict[int, PrioritySummary] = {
        p.pk: PrioritySummary(p, {lv.code: 0 for lv in levels}, 0) for p in plan.priorities.all()
    }
    totals = {lv.code: 0 for lv in levels}
    for line in lines:
        if line.level is None:
            continue
        row = rows[line.action.objective.priority_id]
        row.counts[line.level.code] += 1
        row.total += 1
        totals[line.level.code] += 1
    return levels, list(rows.values()), totals


def off_track(lines: list[Line]) -> list[Line]:
    """The actions whose level is off track (the seed's A and R), with the mitigation in force."""
    return [line for line in lines if line.level is not None and line.level.off_track]


def last_report_day(plan: Plan, before: date) -> date | None:
    """The day of the last committee report issued for a day before ``before`` (None: the first report)."""
    report = plan.reports.filter(as_of__lt=before).order_by("-as_of", "-pk").first()
    return report.as_of if report else None


def measure_codes(plan: Plan) -> list[str]:
    """Every indicator linked to the plan's actions, in plan order, once each."""
    codes: dict[str, None] = {}
    for action in _actions(plan):
        for m in sorted(action.measures.all(), key=lambda m: m.pk):
            codes.setdefault(m.indicator, None)
    return list(codes)


def measures_by_code(plan: Plan) -> dict[str, list[str]]:
    """Which plan actions (their IDs) each linked indicator measures."""
    refs: dict[str, list[str]] = defaultdict(list)
    for action in _actions(plan):
        for m in action.measures.all():
            refs[m.indicator].append(action.ref)
    return dict(refs)


def group_by_priority(lines: list[Line]) -> list[tuple[Priority, list[tuple[Any, list[Line]]]]]:
    """Lines grouped by priority then objective, in plan order (for the plan page and export)."""
    out: list[tuple[Priority, list[tuple[Any, list[Line]]]]] = []
    for line in lines:
        priority = line.action.objective.priority
        objective = line.action.objective
        if not out or out[-1][0].pk != priority.pk:
            out.append((priority, []))
        objectives = out[-1][1]
        if not objectives or objectives[-1][0].pk != objective.pk:
            objectives.append((objective, []))
        objectives[-1][1].append(line)
    return out


@dataclass
class PriorityDelivery:
    """One priority on the improvement dashboard: how its actions are delivering, and the indicators
    (linked to those actions) that show whether they make a difference."""

    priority: Priority
    lines: list[Line]
    counts: dict[str, int]
    measures: list[str]
    refs: dict[str, list[str]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return sum(1 for line in self.lines if line.level is not None and line.level.done)

    @property
    def off_track(self) -> list[Line]:
        return off_track(self.lines)

    def overdue(self, day: date) -> list[Line]:
        """Past their due date on ``day`` (the tracker's, :attr:`PlanAction.due`) and not complete
        (whatever their RAG says)."""
        return [
            line
            for line in self.lines
            if line.level is not None and not line.level.done and line.action.due < day
        ]


def delivery_by_priority(plan: Plan, lines: list[Line]) -> list[PriorityDelivery]:
    """Each priority (in plan order, an empty one too) with its actions as they stood in ``lines`` and
    the indicators linked to them, once each in plan order, with the action IDs each measures."""
    levels = list(plan.rag_key.levels.all())
    rows = {
        p.pk: PriorityDelivery(p, [], {lv.code: 0 for lv in levels}, [], defaultdict(list))
        for p in plan.priorities.all()
    }
    for line in lines:
        row = rows[line.action.objective.priority_id]
        if line.level is None:
            continue  # not yet in the plan on that day
        row.lines.append(line)
        row.counts[line.level.code] += 1
        for measure in sorted(line.action.measures.all(), key=lambda m: m.pk):
            if measure.indicator not in row.refs:
                row.measures.append(measure.indicator)
            row.refs[measure.indicator].append(line.action.ref)
    return list(rows.values())


def outline(plan: Plan, lines: list[Line]) -> list[tuple[Priority, list[tuple[Any, list[Line]]]]]:
    """Like :func:`group_by_priority`, but every priority and objective, those with no action yet too,
    so the plan's owner sees where to add one."""
    by_objective: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_objective[line.action.objective_id].append(line)
    return [
        (
            priority,
            [(objective, by_objective.get(objective.pk, [])) for objective in priority.objectives.all()],
        )
        for priority in plan.priorities.prefetch_related("objectives")
    ]
