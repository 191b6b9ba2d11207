"""Reflective supervision records (issue 18 point 4), and whether each worker's supervision is overdue.

A supervisor records a session with one worker: the date, the reflective
discussion, and for each child discussed what was talked about and decided,
with any actions (the one action tracker, continuum/actions/). What is
decided about a child is copied to that child's record as a management
oversight case note, so the child's file shows the management footprint
the QA report found missing (seed 002, theme 6).

How often a worker is supervised is a timescale rule per role (a local
setting): ``supervision_practitioner`` for case-holding practitioners,
``supervision_manager`` for team and service managers, each counted from the
last session, or from the day the worker started when there has been none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from continuum.actions import services as actions
from continuum.actions.services import ActionRuleError
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.timescales import LOCAL_ZONE, Rule, Status, evaluate, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.people.models import Child, Worker, WorkerRole
from continuum.practice import services as notes
from continuum.practice.models import NoteType, Supervision, SupervisionChild

MANAGER_ROLES = frozenset({WorkerRole.TEAM_MANAGER, WorkerRole.SERVICE_MANAGER})
SOURCE_LABEL = "Supervision"


def rule_code(worker: Worker) -> str:
    """The supervision frequency rule for the worker's role."""
    return "supervision_manager" if worker.role in MANAGER_ROLES else "supervision_practitioner"


@dataclass(frozen=True)
class ChildDiscussed:
    """One child discussed in a session: what was said and decided, and actions (what, owner, due)."""

    child: Child
    decisions: str
    discussion: str = ""
    actions: Sequence[tuple[str, User, date]] = field(default_factory=tuple)


def _refuse(message: str) -> ActionRuleError:
    return ActionRuleError(message, rule="supervision")


@transaction.atomic
def record_supervision(
    *,
    worker: Worker,
    supervisor: User,
    held_on: date,
    reflection: str = "",
    children: Iterable[ChildDiscussed] = (),
) -> Supervision:
    """Record a session; each child's decisions become a management-oversight note on the child's record."""
    if held_on > clock.today():
        raise _refuse("The date of the supervision cannot be in the future")
    if worker.user_id is not None and worker.user_id == supervisor.pk:
        raise _refuse("You cannot record your own supervision: your supervisor records it")
    discussed = list(children)
    if not reflection.strip() and not discussed:
        raise _refuse("Enter the reflective discussion or a child discussed")
    seen: set[int] = set()
    for item in discussed:
        if item.child.pk in seen:
            raise _refuse("Each child is discussed once in a session: put everything about them together")
        seen.add(item.child.pk)
        if not item.decisions.strip():
            raise _refuse("Enter what was decided for each child discussed")
    session = Supervision.objects.create(
        worker=worker, supervisor=supervisor, held_on=held_on, reflection=reflection.strip()
    )
    who = supervisor.get_full_name() or supervisor.get_username()
    at = datetime.combine(held_on, time(12, 0), tzinfo=LOCAL_ZONE)
    at = min(at, clock.now())
    for item in discussed:
        text = f"Discussed in supervision with {worker}.\n\n"
        if item.discussion.strip():
            text += f"Discussion: {item.discussion.strip()}\n\n"
        text += f"Decisions: {item.decisions.strip()}"
        if item.actions:
            text += "\n\nActions: " + "; ".join(
                f"{what.strip()} ({owner.get_full_name() or owner.get_username()}, by {day_words(due)})"
                for what, owner, due in item.actions
            )
        note = notes.write_note(
            child=item.child,
            note_type=NoteType.MANAGEMENT_OVERSIGHT,
            occurred_at=at,
            present=f"{worker} (worker), {who} (supervisor)",
            what_happened=text,
            by=supervisor,
        )
        row = SupervisionChild.objects.create(
            supervision=session,
            child=item.child,
            discussion=item.discussion.strip(),
            decisions=item.decisions.strip(),
            note=note,
        )
        for what, owner, due in item.actions:
            actions.create_action(
                source=row, label=SOURCE_LABEL, what=what, owner=owner, due=due, by=supervisor
            )
    return session


@dataclass(frozen=True)
class SupervisionClock:
    """A worker's last supervision and when the next is due, as of a day."""

    last: date | None
    due: date | None
    status: Status | None


def clocks(
    workers: Iterable[Worker], as_of: date, rules: dict[str, Rule] | None = None
) -> dict[int, SupervisionClock]:
    """Each worker's supervision clock, in two queries however many workers (the rules and the last dates)."""
    wanted = list(workers)
    index = rules if rules is not None else rules_by_code(load_rules())
    last = dict(
        Supervision.objects.filter(worker__in=wanted, held_on__lte=as_of)
        .values("worker_id")
        .annotate(last=Max("held_on"))
        .values_list("worker_id", "last")
    )
    calendar = default_calendar()
    out: dict[int, SupervisionClock] = {}
    for worker in wanted:
        rule = index.get(rule_code(worker))
        held = last.get(worker.pk)
        if rule is None:
            out[worker.pk] = SupervisionClock(held, None, None)
            continue
        [item] = evaluate(
            rule, start=held or worker.start_date, as_of=as_of, completions=[], calendar=calendar
        )
        out[worker.pk] = SupervisionClock(held, item.due, item.status)  # type: ignore[arg-type]
    return out
