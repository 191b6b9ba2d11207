"""The statutory clock engine: when is each piece of work due, and is it late?

Every clock in children's social care has the same shape: something happens
(a contact arrives, a child becomes looked after, a child returns from being
missing), and something else must follow within a set time, sometimes over and
over again ("then every 6 months"). Only the numbers differ, and councils may
tighten them. So the clocks are not code: they are rows in one table of
:class:`Rule` objects (the defaults are in
:mod:`continuum.core.timescale_defaults`; a council edits its own copy in the
Django admin through :class:`continuum.core.models.TimescaleRule`). This module
is the one piece of code that reads those rows.

Everything here except :func:`load_rules` is a pure function of its arguments.
There is no database access and no clock-reading (the caller passes "as of"),
so the work tray and the indicators of the council's own standards (through
:class:`RuleStep`) get the same answer for the same facts, and a selector can
evaluate thousands of children in one request without a query per child.

Counting rules (docs/sources.md, counting working days):

* "Within N working days of X" means due on ``add_working_days(X, N)``, the
  N-th working day strictly after X. Something done *on* the due date is on
  time.
* Calendar days and weeks are plain date arithmetic.
* Months are calendar months, clamped to the end of a short month:
  31 January + 1 month = 28 February (29 in a leap year).
* Hours are elapsed time. "Within 72 hours of return" from 15:00 on Friday is
  15:00 on Monday, and across a clock change it is still 72 real hours. When
  only the date of the start is known, hours are rounded up to whole days.
* A deadline that is a fixed date in the year ("by 15 February in the
  calendar year of the transfer", SEND Regulations 2014 reg 18) is a rule
  of its own kind: unit ``date_in_year`` with the interval written as month
  and day, ``215`` for 15 February. It falls due on the first such date
  strictly after the start (so the start event is a day that fixes the
  year: for a phase transfer, the start of the last school year before it),
  and a repeat falls on the same date a year later.
* A rule may say that its period "begins with" the start day (the wording of
  Children Act 1989 s32(1)(a)(ii) for care proceedings), in which case the
  start day is day one and the due date is one day earlier.

How recurring clocks walk (see :func:`evaluate`):

* Each completion satisfies the earliest item not yet done, however late it
  was, and the next item is counted from the *actual* completion. This is
  what the regulations say: visits and reviews are at "intervals of not more
  than" the period, so the interval runs from the last one that really
  happened. For a recurring rule a completion must fall after the one it
  follows: a visit on the day a plan starts is not the first of the plan's
  visits (counting it would make the next visit due on the same day again).
* When an item is missed (not done by the as-of date), the default is to stop
  there and report one overdue item ("overdue since ..."). The next due date
  cannot be known until the late visit happens, and inventing further items
  from the missed due date would be undone as soon as the late visit is
  recorded: a count of "missed visits" would change after the event. One
  overdue line per clock is also what a work tray wants. Pass
  ``missed="from_due"`` to keep walking from each missed due date instead,
  which lists every occurrence that went by without a visit (useful for an
  audit of a long gap).
"""

from __future__ import annotations

import calendar as _calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from continuum.core.working_days import WorkingDayCalendar, default_calendar

__all__ = [
    "LOCAL_ZONE",
    "DueItem",
    "Rule",
    "RuleStep",
    "SourceKind",
    "Status",
    "Unit",
    "add_months",
    "chain",
    "due_date",
    "evaluate",
    "load_rules",
    "rules_by_code",
    "shift",
    "status_for",
    "validate_rule_values",
]

#: English councils keep English time. An aware datetime is turned into a
#: local date in this zone before any day-based counting, so that a contact
#: logged at 23:30 UTC on a summer Friday (00:30 Saturday in London) counts
#: from the Saturday, as the MASH would see it.
LOCAL_ZONE = ZoneInfo("Europe/London")

Moment = date | datetime


class Unit(StrEnum):
    """The units a timescale can be set in."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    WEEKS = "weeks"
    MONTHS = "months"
    #: A fixed date in the year, the interval written as month and day (215 = 15 February).
    DATE_IN_YEAR = "date_in_year"

    @property
    def label(self) -> str:
        """Plain English for forms and documents ("working days")."""
        return self.value.replace("_", " ")


def month_day(value: int) -> tuple[int, int] | None:
    """``(month, day)`` of a ``date_in_year`` interval (215 is 15 February); None if not a real date.

    29 February is refused: a deadline that exists only in leap years is not a yearly deadline.
    """
    month, day = divmod(value, 100)
    if not 1 <= month <= 12 or day < 1 or (month, day) == (2, 29):
        return None
    return (month, day) if day <= _calendar.monthrange(2001, month)[1] else None


def _date_in_year(day: date, n: int) -> date:
    """The first date with ``n``'s month and day strictly after ``day`` (strictly before it for -n)."""
    month_and_day = month_day(abs(n))
    if month_and_day is None:
        raise ValueError(f"{n} is not a date in the year (write 15 February as 215)")
    month, dom = month_and_day
    if n > 0:
        same_year = date(day.year, month, dom)
        return same_year if same_year > day else date(day.year + 1, month, dom)
    same_year = date(day.year, month, dom)
    return same_year if same_year < day else date(day.year - 1, month, dom)


class SourceKind(StrEnum):
    """Where a timescale comes from, so nobody mistakes a local target for law.

    "Statute" covers Acts and regulations; "statutory guidance" covers
    guidance a council must follow unless it has good reason not to (Working
    Together, the DfE guidance on children missing from care); a "local
    standard" is the council's own choice and can be changed freely.
    """

    STATUTE = "statute"
    STATUTORY_GUIDANCE = "statutory guidance"
    LOCAL_STANDARD = "local standard"


class Status(StrEnum):
    """Where one due item stands on the as-of date."""

    DONE_ON_TIME = "done on time"
    DONE_LATE = "done late"
    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    DUE = "due"

    @property
    def is_done(self) -> bool:
        return self in (Status.DONE_ON_TIME, Status.DONE_LATE)


# --- Rules -------------------------------------------------------------------


def validate_rule_values(
    *,
    code: str,
    interval: object,
    unit: object,
    repeat_interval: object = None,
    repeat_unit: object = None,
    due_soon_interval: object = 5,
    due_soon_unit: object = Unit.WORKING_DAYS,
    ends_after_interval: object = None,
    ends_after_unit: object = None,
    then: str = "",
    source_kind: object = SourceKind.STATUTE,
    citation: str = "",
    counts_start_day: bool = False,
) -> dict[str, list[str]]:
    """Check one rule's values; return ``{field name: [messages]}`` (empty when valid).

    Shared by :class:`Rule` and the Django model's ``clean()`` so the admin
    and the engine refuse exactly the same things. Messages are written for a
    council officer editing the table, not for a developer.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    units = {u.value for u in Unit}

    def positive(name: str, value: object, *, allow_zero: bool = False) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            add(name, "Enter a whole number.")
        elif value < 0 or (value == 0 and not allow_zero):
            add(name, "Enter a number of 0 or more." if allow_zero else "Enter a number greater than 0.")

    def known_unit(name: str, value: object) -> None:
        if value not in units:
            add(name, f"Choose one of: {', '.join(sorted(units))}.")

    if not code or not code.strip():
        add("code", "Enter a code.")
    positive("interval", interval)
    known_unit("unit", unit)
    if (repeat_interval is None) != (repeat_unit in (None, "")):
        add("repeat_interval", "Give both the repeat interval and its unit, or neither.")
    elif repeat_interval is not None:
        positive("repeat_interval", repeat_interval)
        known_unit("repeat_unit", repeat_unit)
    positive("due_soon_interval", due_soon_interval, allow_zero=True)
    known_unit("due_soon_unit", due_soon_unit)
    if (ends_after_interval is None) != (ends_after_unit in (None, "")):
        add("ends_after_interval", "Give both the phase length and its unit, or neither.")
    elif ends_after_interval is not None:
        positive("ends_after_interval", ends_after_interval)
        known_unit("ends_after_unit", ends_after_unit)
        if repeat_interval is None:
            add("ends_after_interval", "Only a repeating rule can have a phase length.")
        if not then:
            add("then", "A phase that ends must name the rule that takes over.")
    if then and then == code:
        add("then", "A rule cannot be followed by itself; use a repeat interval instead.")
    if source_kind not in {s.value for s in SourceKind}:
        add("source_kind", f"Choose one of: {', '.join(s.value for s in SourceKind)}.")
    if not citation or not citation.strip():
        add("citation", "Say where this timescale comes from (the Act, guidance or local decision).")
    if counts_start_day and unit in (Unit.WORKING_DAYS, Unit.HOURS, Unit.DATE_IN_YEAR):
        add("counts_start_day", "Only calendar days, weeks and months can count the start day as day one.")
    for name, the_unit, value in (
        ("interval", unit, interval),
        ("repeat_interval", repeat_unit, repeat_interval),
    ):
        if the_unit == Unit.DATE_IN_YEAR and isinstance(value, int) and month_day(value) is None:
            add(name, "For a date in the year, write the month and day as one number: 215 for 15 February.")
    if due_soon_unit == Unit.DATE_IN_YEAR:
        add("due_soon_unit", "Give the warning period as a length of time, not a date in the year.")
    if ends_after_unit == Unit.DATE_IN_YEAR:
        add("ends_after_unit", "Give the phase length as a length of time, not a date in the year.")
    return errors


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the timescales table.

    Frozen and hashable, so a loaded rule set can be shared between threads
    and requests and used as a cache key.

    ``interval``/``unit`` is the first step from the start event;
    ``repeat_interval``/``repeat_unit``, when set, makes the clock recur
    ("then every 6 months"), each time from the previous completion. A clock
    that changes pace (CLA reviews: 20 working days, then 3 months, then
    every 6 months) is a chain of rules linked by ``then``: a one-off rule
    hands over after its single item, and a repeating rule hands over once
    its phase has lasted ``ends_after`` from the start of the chain (CLA
    visits are six-weekly for the first year of a placement).

    ``due_soon_interval``/``due_soon_unit`` is how far ahead of the due date
    an item shows as "due soon" (5 working days unless the rule says
    otherwise).
    """

    code: str
    name: str
    start_event: str
    interval: int
    unit: Unit
    applies_to: str
    source_kind: SourceKind
    citation: str
    repeat_interval: int | None = None
    repeat_unit: Unit | None = None
    due_soon_interval: int = 5
    due_soon_unit: Unit = Unit.WORKING_DAYS
    ends_after_interval: int | None = None
    ends_after_unit: Unit | None = None
    then: str = ""
    counts_start_day: bool = False
    seed: str = ""
    notes: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Accept plain strings from data files and the database, store enums.
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "due_soon_unit", Unit(self.due_soon_unit))
        object.__setattr__(self, "source_kind", SourceKind(self.source_kind))
        if self.repeat_unit:
            object.__setattr__(self, "repeat_unit", Unit(self.repeat_unit))
        else:
            object.__setattr__(self, "repeat_unit", None)
        if self.ends_after_unit:
            object.__setattr__(self, "ends_after_unit", Unit(self.ends_after_unit))
        else:
            object.__setattr__(self, "ends_after_unit", None)
        errors = validate_rule_values(
            code=self.code,
            interval=self.interval,
            unit=self.unit,
            repeat_interval=self.repeat_interval,
            repeat_unit=self.repeat_unit,
            due_soon_interval=self.due_soon_interval,
            due_soon_unit=self.due_soon_unit,
            ends_after_interval=self.ends_after_interval,
            ends_after_unit=self.ends_after_unit,
            then=self.then,
            source_kind=self.source_kind,
            citation=self.citation,
            counts_start_day=self.counts_start_day,
        )
        if errors:
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
            raise ValueError(f"timescale rule {self.code!r} is not valid: {detail}")

    @property
    def repeats(self) -> bool:
        """True for a recurring clock (visits, reviews, health assessments)."""
        return self.repeat_interval is not None

    def describe(self) -> str:
        """The rule in one plain sentence, for help text and documents."""
        if self.unit is Unit.DATE_IN_YEAR:
            month, day = divmod(self.interval, 100)
            text = f"By {day} {_calendar.month_name[month]} after {self.start_event}"
        else:
            text = f"Within {self.interval} {self.unit.label} of {self.start_event}"
        if self.repeat_interval is not None and self.repeat_unit is not None:
            text += f", then every {self.repeat_interval} {self.repeat_unit.label}"
        return text


def rules_by_code(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Index rules by code, refusing duplicates (two rows with one code is a data error)."""
    index: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in index:
            raise ValueError(f"two timescale rules have the code {rule.code!r}")
        index[rule.code] = rule
    return index


def chain(code: str, rules: Mapping[str, Rule] | Iterable[Rule]) -> tuple[Rule, ...]:
    """The rule ``code`` followed by the rules it hands over to through ``then``.

    ``chain("cla_first_review", rules)`` gives the first, second and repeat
    CLA review rules. Following stops at a missing (for example inactive)
    rule or at a loop, so a bad edit in the admin shortens a clock rather
    than hanging the work tray.
    """
    index = rules if isinstance(rules, Mapping) else rules_by_code(rules)
    result: list[Rule] = []
    seen: set[str] = set()
    current = code
    while current and current in index and current not in seen:
        seen.add(current)
        rule = index[current]
        result.append(rule)
        current = rule.then
    if not result:
        raise KeyError(f"no active timescale rule with the code {code!r}")
    return tuple(result)


@dataclass(frozen=True, slots=True)
class RuleStep:
    """One step of a timescale rule, named where an indicator would otherwise write a number.

    An indicator that reports the council's own standard ("CP visits every 10
    working days") must count with the same rule the work tray counts with, so
    an edit in the admin moves both. It cannot call :func:`evaluate` per row
    (its SQL runs over thousands), so it names the step it needs and the
    metrics engine resolves it, once per run, into an interval and a unit that
    the SQL passes to ``add_step(x, n, unit)``.

    ``step`` is ``"first"`` (``interval``/``unit``: the first item after the
    start event), ``"repeat"`` (``repeat_interval``/``repeat_unit``; the first
    step again if the council has made the rule one-off) or ``"ends_after"``
    (how long a recurring phase lasts). An ``optional`` step of a rule that is
    switched off, or an ``ends_after`` the rule does not have, resolves to no
    interval (SQL NULL): the chain then stops before it, as :func:`chain` does.
    """

    code: str
    step: Literal["first", "repeat", "ends_after"] = "first"
    optional: bool = False

    def __str__(self) -> str:
        return f"timescale rule `{self.code}` ({self.step} step)"

    def resolve(self, rules: Mapping[str, Rule]) -> tuple[int | None, str | None]:
        """``(interval, unit)`` of this step in ``rules`` (from :func:`rules_by_code`)."""
        rule = rules.get(self.code)
        if rule is None:
            if self.optional:
                return None, None
            raise KeyError(f"the timescale rule {self.code!r} is switched off or missing")
        if rule.counts_start_day:
            # Indicators count "within N" from the day after the start; a rule that
            # counts the start day as day one is for court clocks, not these.
            raise ValueError(
                f"the timescale rule {self.code!r} counts its start day, which indicators cannot"
            )
        if self.step == "ends_after":
            if rule.ends_after_interval is None or rule.ends_after_unit is None:
                return None, None
            return rule.ends_after_interval, str(rule.ends_after_unit)
        if self.step == "repeat" and rule.repeat_interval is not None and rule.repeat_unit is not None:
            return rule.repeat_interval, str(rule.repeat_unit)
        return rule.interval, str(rule.unit)


# --- Arithmetic ----------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months to a date, clamping to the end of a short month.

    31 January + 1 month is 28 February (29 in a leap year), not 3 March: a
    review due "within 3 months" of 30 November is due on 28 February, never
    in March. Negative ``n`` goes back the same way.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return d.replace(year=year, month=month, day=min(d.day, last_day))


def _local_date(moment: Moment) -> date:
    """The English calendar date of a date or datetime (naive datetimes are taken as local)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(LOCAL_ZONE)
        return moment.date()
    return moment


def _aware(moment: datetime) -> datetime:
    """A datetime with a time zone: naive values are English local time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def shift(moment: Moment, n: int, unit: Unit, calendar: WorkingDayCalendar | None = None) -> Moment:
    """Move ``moment`` by ``n`` units (``n`` may be negative, to find a window start).

    Day-based units work on dates: a datetime is first turned into its English
    local date. Hours on a datetime are elapsed hours (done in UTC, so a clock
    change neither adds nor loses an hour). Hours on a bare date round up to
    whole days, because without a time the best we can say is "by the end of
    that day".
    """
    unit = Unit(unit)
    if unit is Unit.HOURS:
        if isinstance(moment, datetime):
            moved = _aware(moment).astimezone(UTC) + timedelta(hours=n)
            return moved.astimezone(LOCAL_ZONE)
        days = math.ceil(abs(n) / 24)
        return moment + timedelta(days=days if n >= 0 else -days)
    day = _local_date(moment)
    if unit is Unit.WORKING_DAYS:
        return (calendar or default_calendar()).add_working_days(day, n)
    if unit is Unit.CALENDAR_DAYS:
        return day + timedelta(days=n)
    if unit is Unit.WEEKS:
        return day + timedelta(weeks=n)
    if unit is Unit.DATE_IN_YEAR:
        return _date_in_year(day, n)
    return add_months(day, n)


def due_date(rule: Rule, start: Moment, calendar: WorkingDayCalendar | None = None) -> Moment:
    """The first due date (or, for hours from a datetime, due moment) of ``rule`` from ``start``."""
    due = shift(start, rule.interval, rule.unit, calendar)
    if rule.counts_start_day:
        due -= timedelta(days=1)
    return due


# --- Status ------------------------------------------------------------------


def _on_or_before(a: Moment, b: Moment) -> bool:
    """``a <= b``, comparing by local date unless both carry a time."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return _aware(a) <= _aware(b)
    return _local_date(a) <= _local_date(b)


def status_for(
    *, due: Moment, done: Moment | None, as_of: Moment, due_soon_from: Moment | None = None
) -> Status:
    """The status of one item.

    * done on or before the due date (or moment): "done on time";
    * done after it: "done late";
    * not done and the as-of date is after the due date: "overdue";
    * not done, not overdue, and the as-of date is on or after
      ``due_soon_from``: "due soon";
    * otherwise "due".

    When one side is a date and the other a datetime they are compared as
    dates, which gives the benefit of the doubt: a return interview recorded
    only as "Monday" is on time for a deadline at 15:00 that Monday.
    """
    if done is not None:
        return Status.DONE_ON_TIME if _on_or_before(done, due) else Status.DONE_LATE
    if not _on_or_before(as_of, due):
        return Status.OVERDUE
    if due_soon_from is not None and _on_or_before(due_soon_from, as_of):
        return Status.DUE_SOON
    return Status.DUE


@dataclass(frozen=True, slots=True)
class DueItem:
    """One piece of work that a clock says is (or was) due.

    ``due`` is the English local due date; ``due_at`` is the exact moment for
    an hours clock started from a datetime (the RHI's 72 hours), else None.
    ``counted_from`` is what the due date was counted from (the start event,
    or the previous completion), so a screen can explain "10 working days
    after the visit on 4 March". ``sequence`` numbers the items of one clock
    from 1. ``rule`` is the rule that produced the item.
    """

    rule_code: str
    rule_name: str
    subject: object
    due: date
    done: Moment | None
    status: Status
    rule: Rule = field(repr=False)
    sequence: int
    counted_from: Moment
    due_at: datetime | None = None

    @property
    def is_done(self) -> bool:
        return self.done is not None


MissedPolicy = Literal["wait", "from_due"]

# A clock that recurs every working day for decades is still only ~10,000
# items; anything more means the caller passed something silly.
_MAX_ITEMS = 20_000


def _normalise_completions(values: Iterable[Moment | None], *, timed: bool) -> list[Moment]:
    """Sorted, de-duplicated completions; dates for day clocks, aware datetimes for timed ones."""
    out: set[Moment] = set()
    for value in values:
        if value is None:
            continue
        if timed and isinstance(value, datetime):
            out.add(_aware(value).astimezone(LOCAL_ZONE))
        elif timed:
            # A bare date on a timed clock: keep it as a date and compare by day.
            out.add(value)
        else:
            out.add(_local_date(value))
    return sorted(out, key=_sort_key)


def _sort_key(moment: Moment) -> tuple[date, float]:
    """Order dates and datetimes together: by day, then time (a bare date sorts at the end of its day)."""
    if isinstance(moment, datetime):
        aware = _aware(moment).astimezone(LOCAL_ZONE)
        midnight = aware.replace(hour=0, minute=0, second=0, microsecond=0)
        return aware.date(), (aware - midnight).total_seconds()
    return moment, 86_400.0


def evaluate(
    rules: Rule | Sequence[Rule],
    *,
    start: Moment,
    as_of: Moment,
    completions: Iterable[Moment | None] = (),
    calendar: WorkingDayCalendar | None = None,
    stop: Moment | None = None,
    subject: object = None,
    missed: MissedPolicy = "wait",
) -> list[DueItem]:
    """Walk one clock and return its due items, oldest first.

    ``rules`` is one rule or a chain of them (see :func:`chain`); ``start``
    is the start event; ``completions`` are the dates (or datetimes) the work
    was done, in any order (duplicates and ``None`` are ignored); ``as_of``
    is the day we are looking from; ``stop`` is when the clock stops (a plan
    ended, a child left care, a 25th birthday): no item falls due after it.
    ``subject`` is passed through untouched (a child id, an episode id).

    Only completions on or after the start and on or before the as-of date
    count: work done before the clock started belongs to something else, and
    work recorded later was not known on the as-of date, so evaluating an
    old as-of date reproduces what the work tray showed that day.

    Items are generated until one is not yet done and falls due after the
    as-of date (so the work tray sees the next due date), until the stop
    date, or until the chain ends. What happens after an overdue item
    depends on ``missed`` (see the module docstring): ``"wait"`` (default)
    stops at it, ``"from_due"`` carries on from its due date.

    With thousands of children, pass one shared ``calendar`` (or none, for
    the cached default) and load the rules once; this function does no I/O.
    """
    phases: tuple[Rule, ...] = (rules,) if isinstance(rules, Rule) else tuple(rules)
    if not phases:
        raise ValueError("evaluate() needs at least one rule")
    if missed not in ("wait", "from_due"):
        raise ValueError("missed must be 'wait' or 'from_due'")
    cal = calendar or default_calendar()
    all_units = {r.unit for r in phases} | {r.repeat_unit for r in phases if r.repeat_unit}
    timed = isinstance(start, datetime) and all_units == {Unit.HOURS}
    anchor: Moment = _aware(start).astimezone(LOCAL_ZONE) if timed else _local_date(start)  # type: ignore[arg-type]
    chain_start = anchor
    stop_day = _local_date(stop) if stop is not None else None

    pending = [
        c
        for c in _normalise_completions(completions, timed=timed)
        if _on_or_before(chain_start, c) and _on_or_before(c, as_of)
    ]

    items: list[DueItem] = []
    phase = 0
    step_in_phase = 0
    next_done = 0
    while len(items) < _MAX_ITEMS:
        rule = phases[phase]
        if step_in_phase == 0:
            due = due_date(rule, anchor, cal)
        else:
            assert rule.repeat_interval is not None
            assert rule.repeat_unit is not None
            due = shift(anchor, rule.repeat_interval, rule.repeat_unit, cal)
        due_day = _local_date(due)
        if stop_day is not None and due_day > stop_day:
            break
        done: Moment | None = None
        if rule.repeats:
            # A recurring visit or review must come *after* the one it follows:
            # a visit on the very day the plan starts is not the first of the
            # "every 10 working days" visits (and counting it would give the
            # next item the same due date again).
            while next_done < len(pending) and _on_or_before(pending[next_done], anchor):
                next_done += 1
        if next_done < len(pending):
            done = pending[next_done]
            next_done += 1
        soon_from = shift(due, -rule.due_soon_interval, rule.due_soon_unit, cal)
        status = status_for(due=due, done=done, as_of=as_of, due_soon_from=soon_from)
        items.append(
            DueItem(
                rule_code=rule.code,
                rule_name=rule.name,
                subject=subject,
                due=due_day,
                done=done,
                status=status,
                rule=rule,
                sequence=len(items) + 1,
                counted_from=anchor,
                due_at=due if isinstance(due, datetime) else None,
            )
        )
        if done is not None:
            anchor = done if timed or not isinstance(done, datetime) else _local_date(done)
        elif status is Status.OVERDUE and missed == "from_due":
            anchor = due
        else:
            break  # the next due date depends on work not yet done
        # Move on through the chain.
        step_in_phase += 1
        if not rule.repeats:
            if phase + 1 >= len(phases):
                break
            phase, step_in_phase = phase + 1, 0
        elif (
            rule.ends_after_interval is not None
            and rule.ends_after_unit is not None
            and phase + 1 < len(phases)
        ):
            phase_end = shift(chain_start, rule.ends_after_interval, rule.ends_after_unit, cal)
            if _on_or_before(phase_end, anchor):
                phase, step_in_phase = phase + 1, 0
    return items


# --- Loading the table -----------------------------------------------------------


def load_rules() -> tuple[Rule, ...]:
    """The active timescale rules: the council's table, or the defaults.

    Reads :class:`continuum.core.models.TimescaleRule` once and returns plain
    :class:`Rule` objects, so callers can hand them to :func:`evaluate` for
    thousands of children without touching the database again. Falls back to
    :data:`continuum.core.timescale_defaults.DEFAULT_RULES` when the table is
    empty (a fresh database before migrations seeded it) or the database
    cannot be reached (a script, the pure unit tests, an import of return
    files with no case database): a clock with the national defaults is
    better than no clock. If the table has rows but all are switched off,
    that is the council's choice and is respected.
    """
    from continuum.core.timescale_defaults import DEFAULT_RULES

    try:
        from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
        from django.db import DatabaseError

        from continuum.core.models import TimescaleRule

        rows = list(TimescaleRule.objects.all())
    except (ImportError, AppRegistryNotReady, ImproperlyConfigured, DatabaseError, RuntimeError):
        # No Django, Django not set up, no database, or database access not
        # allowed here (pytest-django raises RuntimeError): use the defaults.
        return DEFAULT_RULES
    if not rows:
        return DEFAULT_RULES
    return tuple(row.to_rule() for row in rows if row.active)
