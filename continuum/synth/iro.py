"""Independent reviewing officers (IROs) for the synthetic borough, added when it is loaded.

Why: every child in care has a named IRO, allocated "within five working days
of every child becoming looked after" (Barnet, seed 002 L244; the IRO
Handbook). The simulator does not model IROs, so without this the demo's work
trays showed the ``iro_allocated`` clock overdue for every looked-after child.

Why at load time and not in the simulator: the simulator's random streams,
and so every simulated figure, stay exactly as they were. Nothing here draws
from those streams. Each period of care's allocation day comes from a hash of
the child's id and the day care started; the IROs' names come from their own
seeded stream. The same borough therefore always gets the same IROs.

What is planned (pure Python, no database; :mod:`continuum.synth.load`
writes it):

* one team, :data:`TEAM_NAME`, of type ``iro_cp_chairs``;
* a stable pool of IROs (Barnet: "a very stable group of IROs ... typical for
  an IRO to be in post for a number of years", 002 L244), sized so that at the
  busiest moment each holds about :data:`TARGET_CASELOAD` children, all in post
  from the first allocation and none leaving;
* for each period of care (episodes joined by ``X1``, as the work tray reads
  them), one ``iro`` allocation from the allocation day to the end of care,
  to the IRO holding the fewest children that day. "The allocated IRO remains
  with a child until they leave care" (002 L244).

And, once loaded, the conferences due (:func:`ensure_demo_conference_chairs`): the
simulator holds child protection conferences only once held, with no chair, so
no chair had a recorded reason to see the children whose conferences are due.
Each child protection conference due is booked with a chair from the same pool.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.working_days import WorkingDayCalendar
from continuum.synth import names
from continuum.synth.model import Borough, CLAEpisode

__all__ = [
    "CP_CONFERENCE_RULES",
    "STANDARD_WORKING_DAYS",
    "TARGET_CASELOAD",
    "TEAM_NAME",
    "CarePeriod",
    "IroAllocation",
    "IroPlan",
    "IroWorker",
    "allocation_day",
    "bucket",
    "chair_for",
    "delay_for",
    "ensure_demo_conference_chairs",
    "periods_of_care",
    "plan_iros",
]

#: The team the IROs work in (Barnet's "Conference and Review Team", 002 L242).
TEAM_NAME = "Conference and Review"
#: Children per IRO at the busiest moment: caseloads of 50-70 are usual.
TARGET_CASELOAD = 60
#: The local standard: an IRO allocated within this many working days of care starting.
STANDARD_WORKING_DAYS = DEFAULT_RULES_BY_CODE["iro_allocated"].interval
#: Hash buckets (0-99) below this are allocated the day care starts.
ON_THE_DAY = 50
#: Buckets from ON_THE_DAY up to this are allocated 1 to STANDARD_WORKING_DAYS working
#: days later; the rest (10 in 100) are late, by 1 to 10 working days past the standard.
WITHIN_STANDARD = 90


@dataclass(frozen=True, slots=True)
class CarePeriod:
    """A period of care: a run of CLA episodes, each starting the day the last ended with X1."""

    la_child_id: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class IroWorker:
    sw_id: str
    first_name: str
    last_name: str
    start_date: date


@dataclass(frozen=True, slots=True)
class IroAllocation:
    la_child_id: str
    sw_id: str
    start_date: date
    end_date: date | None
    #: The start of the period of care the IRO reviews (the clock's start).
    care_start: date


@dataclass(frozen=True, slots=True)
class IroPlan:
    workers: list[IroWorker]
    allocations: list[IroAllocation]


def periods_of_care(episodes: Iterable[CLAEpisode]) -> list[CarePeriod]:
    """Each child's periods of care, in child and date order.

    The same grouping as the work tray (``worktray.clocks.periods_of_care``) and the
    extractor: episodes in (DECOM, id) order, a new period unless the previous
    episode ended with REC X1 on this episode's DECOM.
    """
    by_child: dict[str, list[CLAEpisode]] = {}
    for e in episodes:
        by_child.setdefault(e.la_child_id, []).append(e)
    out: list[CarePeriod] = []
    for child in sorted(by_child):
        run: list[CLAEpisode] = []
        for e in sorted(by_child[child], key=lambda e: (e.decom, e.episode_id)):
            if run and not (run[-1].rec == "X1" and run[-1].dec == e.decom):
                out.append(CarePeriod(child, run[0].decom, run[-1].dec))
                run = []
            run.append(e)
        if run:
            out.append(CarePeriod(child, run[0].decom, run[-1].dec))
    return out


def bucket(la_child_id: str, care_start: date) -> int:
    """0-99, fixed for a child's period of care (SHA-256, so not Python's salted ``hash``)."""
    digest = hashlib.sha256(f"continuum-iro:{la_child_id}:{care_start.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def delay_for(b: int) -> int:
    """Working days from care starting to the IRO allocation, for hash bucket ``b``.

    50 in 100 on the day; 40 in 100 one to five working days later (within the
    standard); 10 in 100 six to fifteen working days later (late).
    """
    if b < ON_THE_DAY:
        return 0
    if b < WITHIN_STANDARD:
        return 1 + (b - ON_THE_DAY) % STANDARD_WORKING_DAYS
    return STANDARD_WORKING_DAYS + 1 + (b - WITHIN_STANDARD)


def allocation_day(care_start: date, delay: int, calendar: WorkingDayCalendar) -> date:
    """The day ``delay`` working days after care started; "on the day" of a weekend or
    bank holiday start is the next working day (one working day, still within the standard)."""
    if delay == 0 and calendar.is_working_day(care_start):
        return care_start
    return calendar.add_working_days(care_start, max(delay, 1))


def _pool_size(spans: list[tuple[date, date | None]]) -> int:
    """IROs needed for about TARGET_CASELOAD children each at the busiest moment."""
    changes: dict[date, int] = {}
    for start, end in spans:
        changes[start] = changes.get(start, 0) + 1
        if end is not None:
            # Held through its end date: the child leaves the count the day after.
            after = date.fromordinal(end.toordinal() + 1)
            changes[after] = changes.get(after, 0) - 1
    peak = held = 0
    for day in sorted(changes):
        held += changes[day]
        peak = max(peak, held)
    return math.ceil(peak / TARGET_CASELOAD)


def plan_iros(borough: Borough, calendar: WorkingDayCalendar | None = None) -> IroPlan:
    """The IRO pool and one IRO allocation per period of care, for :func:`load_borough`.

    Records are as known on ``borough.extracted_on``: an allocation that would
    fall after it has not happened yet, so that period has none (its clock is
    then due, or overdue, in the tray, as it would be in life). An allocation
    that would fall after care ended is dated the last day of care. The
    calendar has no local closures (as the simulator's), so the plan does not
    depend on Django settings.
    """
    cal = calendar or WorkingDayCalendar()
    spans: list[tuple[str, date, date | None, date]] = []
    for period in periods_of_care(borough["cla_episodes"]):
        day = allocation_day(period.start, delay_for(bucket(period.la_child_id, period.start)), cal)
        if period.end is not None:
            day = min(day, period.end)
        if day <= borough.extracted_on:
            spans.append((period.la_child_id, day, period.end, period.start))
    spans.sort(key=lambda s: (s[1], s[0]))
    size = _pool_size([(start, end) for _, start, end, _ in spans])
    if not size:
        return IroPlan([], [])
    rng = random.Random(f"continuum-synth:{borough.seed}:{borough.la_code}:iro")  # noqa: S311 - names
    first_day = spans[0][1]
    workers = []
    for n in range(1, size + 1):
        sex = "F" if rng.random() < 0.8 else "M"
        workers.append(
            IroWorker(f"IRO{borough.la_code}{n:03d}", names.forename(rng, sex), names.surname(rng), first_day)
        )
    # Each IRO's children, as the day each one's allocation ends (None: still held).
    held: list[list[date | None]] = [[] for _ in workers]
    allocations = []
    for child, start, end, care_start in spans:
        for ends in held:
            ends[:] = [e for e in ends if e is None or e >= start]
        k = min(range(len(workers)), key=lambda i: (len(held[i]), i))
        held[k].append(end)
        allocations.append(IroAllocation(child, workers[k].sw_id, start, end, care_start))
    return IroPlan(workers, allocations)


# --- Chairs for the child protection conferences due (after loading) ---------------------------------

#: The work tray's child protection conference clocks (continuum/core/timescale_defaults.py).
CP_CONFERENCE_RULES = frozenset({"icpc_15wd", "cp_first_review", "cp_review_repeat"})
#: Who books the demo's conferences: a stand-in that never signs in (continuum/synth/stand_ins.py).
CONFERENCE_BOOKER = ("synthetic-conference-booker", "Conference", "Administrator")
#: Who is invited to a child protection conference (Working Together 2018, chapter 1).
INVITEES = (
    "Parents or carers\nThe child's social worker\nSchool or nursery\nHealth visitor or school nurse\nPolice"
)


def chair_for(la_child_id: str, chairs: list[int]) -> int:
    """The chair (a worker's id, from ``chairs`` in a fixed order) of every conference on one child's plan.

    The same chair from conference to conference where possible (continuity of chair), so it is
    drawn from a hash of the child, not from the order the conferences fall in.
    """
    digest = hashlib.sha256(f"continuum-cp-chair:{la_child_id}".encode()).digest()
    return chairs[int.from_bytes(digest[:8], "big") % len(chairs)]


def ensure_demo_conference_chairs(*, as_of: date) -> int:
    """Book each child protection conference due on ``as_of`` with a chair from the IRO pool; say how many.

    Why: a chair sees a child through the booking that names them (``core.policy.chaired_by``); the
    simulator books nothing, so the demo's chairs had no conference to chair and "Conferences and
    reviews due" hid every one. A conference not yet overdue is booked for the day it is due; an
    overdue one for the next working day (rebooked as soon as it can be). Booked through the
    service, so each booking is in the child's chronology, and one the service refuses is left
    unbooked rather than stopping the demo from starting. Once only: nothing is booked again when
    the stand-in booker has booked before.
    """
    from django.db import transaction

    from continuum.core.working_days import default_calendar
    from continuum.journey.errors import JourneyRuleError
    from continuum.journey.worktray import work_tray
    from continuum.oversight import services
    from continuum.oversight.models import ConferenceBooking, ConferenceKind
    from continuum.people.models import Child, Worker
    from continuum.synth.stand_ins import stand_in

    booker = stand_in(*CONFERENCE_BOOKER)
    if ConferenceBooking.objects.filter(booked_by=booker).exists():
        return 0
    chairs = list(
        Worker.objects.filter(
            role="iro", team__name=TEAM_NAME, leave_date__isnull=True, start_date__lte=as_of
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not chairs:
        return 0
    due: dict[int, tuple[date, str, str]] = {}
    for line in work_tray(as_of=as_of):
        if line.rule_code in CP_CONFERENCE_RULES and (
            line.child_id not in due or line.due < due[line.child_id][0]
        ):
            due[line.child_id] = (line.due, line.rule_code, line.la_child_id)
    workers = Worker.objects.in_bulk(chairs)
    children = Child.objects.in_bulk(list(due))
    next_working_day = default_calendar().add_working_days(as_of, 1)
    booked = 0
    with transaction.atomic():
        for child_id, (when, rule_code, la_child_id) in sorted(due.items()):
            try:
                with transaction.atomic():
                    services.book_conference(
                        child=children[child_id],
                        kind=ConferenceKind.INITIAL_CP
                        if rule_code == "icpc_15wd"
                        else ConferenceKind.REVIEW_CP,
                        on=when if when >= as_of else next_working_day,
                        chair=workers[chair_for(la_child_id, chairs)],
                        invitees=INVITEES,
                        reports=[],
                        by=booker,
                    )
            except JourneyRuleError:  # a rule refused this one (say, a chair not in post): the demo starts
                continue
            booked += 1
    return booked
