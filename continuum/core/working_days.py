"""The English working-day calendar used for statutory timescales.

Most children's social care timescales are set in *working days*, not
calendar days: for example, an assessment completed within 45 working days of
the referral, or an initial child protection conference within 15 working days
of the strategy discussion. Getting these dates wrong either makes work look
overdue when it is not, or hides work that really is late. So the rules live
in one small, pure module that is tested hard.

Working days are Monday to Friday, except:

* the bank holidays of England, taken from the ``holidays`` package
  (England and Wales share the same list; we ask for subdivision ``"ENG"``),
  including one-off days such as the 2022 Platinum Jubilee and the 2023
  Coronation, and the weekday "substitute" days when a holiday falls at a
  weekend;
* extra local closure days set by the council, such as the days between
  Christmas and New Year when offices shut. These come from the Django setting
  ``CONTINUUM_EXTRA_CLOSURE_DAYS`` for :func:`default_calendar`, or are passed
  straight to :class:`WorkingDayCalendar`.

Dates before the years that the ``holidays`` package covers only lose
weekends; that is fine for a system whose records start long after them.

The two rules for counting (see the methods for the detail):

* ``add_working_days(x, n)`` is the n-th working day strictly after ``x``.
  "Within N working days of X" means due by ``add_working_days(X, N)``.
* ``working_days_between(a, b)`` counts the working days ``d`` with
  ``a < d <= b``, so that ``add_working_days(a, n) == b`` gives
  ``working_days_between(a, b) == n`` for every ``n >= 0``.

This module does not need Django. It only looks at Django settings in
:func:`default_calendar`, and only when Django is installed and set up.
"""

from __future__ import annotations

import functools
import os
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import holidays

__all__ = [
    "CLOSURE_DAYS_SETTING",
    "WorkingDayCalendar",
    "add_working_days",
    "default_calendar",
    "parse_closure_days",
    "working_days_between",
]

#: The Django setting that lists extra local closure days for
#: :func:`default_calendar`: a list of ``datetime.date`` objects or ISO
#: ``"YYYY-MM-DD"`` strings.
CLOSURE_DAYS_SETTING = "CONTINUUM_EXTRA_CLOSURE_DAYS"

_COUNTRY = "GB"
# England and Wales share bank holidays; Scotland and Northern Ireland do not.
# "ENG" is the code that holidays 0.108/0.109 accept for England.
_SUBDIVISION = "ENG"

_DAYS_PER_WEEK = 7
_WORKING_DAYS_PER_WEEK = 5  # Monday (0) to Friday (4) in date.weekday()

_MAX_ORDINAL = date.max.toordinal()


# --- Weekday arithmetic --------------------------------------------------
#
# date.toordinal() numbers days from 1 = Monday 1 January of year 1. Because
# day 1 is a Monday, the number of weekdays (Monday to Friday) in days 1..o has
# a closed form. That lets us count weekdays over any span, or jump n weekdays
# ahead, without walking day by day. Closure days are then dealt with
# separately, by counting them in sorted per-year lists.


def _weekdays_through(ordinal: int) -> int:
    """Count the weekdays among ordinals ``1..ordinal`` (0 for ``ordinal <= 0``).

    Every full week holds five weekdays, and the leftover days of a part week
    start on a Monday, so at most five of them are weekdays.
    """
    weeks, extra_days = divmod(ordinal, _DAYS_PER_WEEK)
    return _WORKING_DAYS_PER_WEEK * weeks + min(extra_days, _WORKING_DAYS_PER_WEEK)


def _ordinal_of_weekday(k: int) -> int:
    """Return the ordinal of the k-th weekday counting from day 1 (``k >= 1``).

    This is the inverse of :func:`_weekdays_through` on weekdays.
    """
    weeks, position_in_week = divmod(k - 1, _WORKING_DAYS_PER_WEEK)
    return _DAYS_PER_WEEK * weeks + position_in_week + 1


def _shift_weekdays(start: date, n: int) -> date:
    """Return the n-th weekday strictly after ``start`` (strictly before if n < 0).

    Closure days are ignored here; the calendar corrects for them.
    """
    if n == 0:
        return start
    ordinal = start.toordinal()
    # Going back, the weekday just before `start` is weekday number
    # _weekdays_through(ordinal - 1); step back |n| - 1 more from there.
    target = _weekdays_through(ordinal) + n if n > 0 else _weekdays_through(ordinal - 1) + n + 1
    if target < 1:
        raise OverflowError("date value out of range")
    result = _ordinal_of_weekday(target)
    if result > _MAX_ORDINAL:
        raise OverflowError("date value out of range")
    return date.fromordinal(result)


# --- Input checks ----------------------------------------------------------


def _require_date(value: object, name: str) -> date:
    """Reject anything that is not a plain ``date``.

    ``datetime`` is a subclass of ``date`` but is refused on purpose. Turning a
    moment into a day is a time-zone decision: a contact logged at 00:30 BST on
    a Saturday is 23:30 UTC on the Friday, and the due date depends on which
    day it was. The caller must make that choice (convert to local time, then
    call ``.date()``), not this module. Comparing a datetime with the dates in
    the holiday lists would also quietly give wrong answers.
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(
            f"{name} must be a datetime.date (not a datetime or "
            f"{type(value).__name__}); convert to the local date first"
        )
    return value


def _require_int(value: object, name: str) -> int:
    """Reject anything that is not a whole number, including ``bool``.

    ``True`` is an int to Python, but ``add_working_days(d, True)`` would be a
    bug in the caller, so it is refused.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def parse_closure_days(values: Iterable[date | str]) -> tuple[date, ...]:
    """Turn configured closure days into a sorted tuple of unique dates.

    Settings files often hold dates as ISO strings (``"2024-12-27"``) because
    they come from environment variables or JSON, so both strings and
    ``date`` objects are accepted. A single string is refused, not read one
    character at a time, because ``CONTINUUM_EXTRA_CLOSURE_DAYS =
    "2024-12-27"`` (with the list brackets left out) is an easy mistake.

    Raises ``TypeError`` or ``ValueError`` for bad entries, so that a typo in
    configuration fails loudly instead of leaving a closure day out.
    """
    if isinstance(values, (str, bytes)):
        raise TypeError("closure days must be a list of dates, not a single string")
    parsed: set[date] = set()
    for item in values:
        if isinstance(item, str):
            parsed.add(date.fromisoformat(item.strip()))
        else:
            parsed.add(_require_date(item, "closure day"))
    return tuple(sorted(parsed))


# --- The calendar --------------------------------------------------------


class WorkingDayCalendar:
    """Working days in England: Monday to Friday, less bank holidays and extra closures.

    Bank holidays are loaded from the ``holidays`` package one year at a time,
    only when a date in that year is first needed, and kept for the life of
    the calendar. Building them is slow compared with the lookups, and work
    trays ask for thousands of due dates, so each year is built once and then
    answered from a set (for ``is_working_day``) and a sorted tuple (for
    counting closures in a span by binary search).

    Only *weekday* closures are stored: a bank holiday or local closure that
    falls on a weekend changes nothing, because weekends are not working days
    anyway. (The weekday substitute day for such a holiday is a bank holiday
    of its own in the ``holidays`` data.)

    Instances are safe to share between threads. Loading a year is guarded by
    a lock; lookups after that only read.
    """

    def __init__(self, extra_closures: Iterable[date] = ()) -> None:
        """Create a calendar.

        ``extra_closures`` are local closure days on top of bank holidays,
        for example council closure days between Christmas and New Year.
        """
        if isinstance(extra_closures, (str, bytes)):
            raise TypeError("extra_closures must be an iterable of dates, not a string")
        closures = frozenset(_require_date(d, "closure day") for d in extra_closures)
        self._extra_closures = closures
        self._extra_by_year: dict[int, set[date]] = {}
        for d in closures:
            if d.weekday() < _WORKING_DAYS_PER_WEEK:
                self._extra_by_year.setdefault(d.year, set()).add(d)

        self._lock = threading.Lock()
        # Bank holiday dates sorted into buckets by the year they fall in.
        # A bucket is only complete once the holidays years either side of it
        # have been loaded too (see _load).
        self._holiday_buckets: dict[int, set[date]] = {}
        self._loaded_holiday_years: set[int] = set()
        # Finished per-year closures: (set for lookups, sorted tuple for counting).
        self._closures: dict[int, tuple[frozenset[date], tuple[date, ...]]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(extra_closures={sorted(self._extra_closures)!r})"

    @property
    def extra_closures(self) -> frozenset[date]:
        """The extra local closure days this calendar was built with."""
        return self._extra_closures

    # -- loading -----------------------------------------------------------

    def preload(self, first_year: int, last_year: int) -> None:
        """Load closure days for every year from ``first_year`` to ``last_year``.

        Never needed for correct answers. Useful to do the slow loading once,
        up front (at start-up, or before timing-sensitive tests), instead of
        on the first request that touches each year.
        """
        first_year = max(first_year, date.min.year)
        last_year = min(last_year, date.max.year)
        if first_year <= last_year:
            self._load(first_year, last_year)

    def _year_closures(self, year: int) -> tuple[frozenset[date], tuple[date, ...]]:
        """Return (set, sorted tuple) of the weekday closure days in ``year``."""
        found = self._closures.get(year)
        if found is None:
            self._load(year, year)
            found = self._closures[year]
        return found

    def _load(self, first_year: int, last_year: int) -> None:
        """Build the closure days for ``first_year..last_year`` if not done yet.

        A holiday listed under one year can fall in the next: a holiday at the
        end of December that lands on a weekend is moved to the following
        weekday, which may be in January. So to finish year Y we load the
        holidays years Y - 1, Y and Y + 1, and sort every date into the bucket
        of the year it actually falls in. All the missing years are fetched
        from ``holidays`` in a single call, which is much quicker than one
        call per year when counting across a long span.
        """
        with self._lock:
            wanted = [y for y in range(first_year, last_year + 1) if y not in self._closures]
            if not wanted:
                return
            fetch_first = max(wanted[0] - 1, date.min.year)
            fetch_last = min(wanted[-1] + 1, date.max.year)
            to_fetch = [y for y in range(fetch_first, fetch_last + 1) if y not in self._loaded_holiday_years]
            if to_fetch:
                bank_holidays = holidays.country_holidays(_COUNTRY, subdiv=_SUBDIVISION, years=to_fetch)
                for d in bank_holidays:
                    self._holiday_buckets.setdefault(d.year, set()).add(d)
                self._loaded_holiday_years.update(to_fetch)
            for year in wanted:
                days = self._holiday_buckets.get(year, set())
                days = days | self._extra_by_year.get(year, set())
                weekday_days = {d for d in days if d.weekday() < _WORKING_DAYS_PER_WEEK}
                self._closures[year] = (
                    frozenset(weekday_days),
                    tuple(sorted(weekday_days)),
                )

    def _count_closures(self, low: date, high: date, *, include_low: bool) -> int:
        """Count the weekday closure days in a span, with ``low <= high``.

        With ``include_low=False`` the span is ``low < d <= high``; with
        ``include_low=True`` it is ``low <= d < high``. Each year costs two
        binary searches, so long spans are cheap.
        """
        if low.year != high.year:
            self._load(low.year, high.year)
        position = bisect_left if include_low else bisect_right
        total = 0
        for year in range(low.year, high.year + 1):
            days = self._year_closures(year)[1]
            start = position(days, low) if year == low.year else 0
            stop = position(days, high) if year == high.year else len(days)
            total += stop - start
        return total

    # -- public API --------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Return True if ``d`` is a weekday and not a bank holiday or closure day."""
        _require_date(d, "d")
        if d.weekday() >= _WORKING_DAYS_PER_WEEK:
            return False
        return d not in self._year_closures(d.year)[0]

    def add_working_days(self, start: date, n: int) -> date:
        """Return the date ``n`` working days after ``start``.

        This is how statutory deadlines are worked out: "within N working days
        of X" means due by ``add_working_days(X, N)``.

        * ``n > 0``: the n-th working day strictly after ``start``. ``start``
          itself need not be a working day and is never counted. So one
          working day after a contact received on a Saturday is the Monday
          (or the next working day, if that Monday is a bank holiday).
        * ``n == 0``: ``start`` unchanged, even if it is not a working day.
        * ``n < 0``: the |n|-th working day strictly before ``start``, which
          is useful for "remind N working days before the deadline".

        Going forward and back again returns the start when the start is a
        working day. When it is not, you land on the working day nearest to it
        on the far side: ``add_working_days(add_working_days(x, n), -n)`` is
        ``x`` if ``x`` is a working day, otherwise the last working day before
        ``x`` (for ``n > 0``) or the first one after it (for ``n < 0``).

        How it works: jump ``n`` weekdays at once with weekday arithmetic,
        count the closure days passed over, then jump again by that many
        weekdays, until a jump passes over no closures. Each round is a few
        binary searches, and there are seldom more than two or three rounds.
        """
        _require_date(start, "start")
        _require_int(n, "n")
        current = start
        remaining = n
        while remaining:
            target = _shift_weekdays(current, remaining)
            if remaining > 0:
                # Closures in (current, target] were counted as working days.
                skipped = self._count_closures(current, target, include_low=False)
                remaining = skipped
            else:
                # Closures in [target, current) were counted as working days.
                skipped = self._count_closures(target, current, include_low=True)
                remaining = -skipped
            current = target
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days from ``start`` to ``end``, signed.

        For ``start <= end`` this is the number of working days ``d`` with
        ``start < d <= end``: the start day is left out and the end day is
        counted. That makes it the inverse of :meth:`add_working_days` going
        forward: for every ``n >= 0``, ``add_working_days(s, n) == e`` gives
        ``working_days_between(s, e) == n``. So "how many working days has
        this assessment been open?" and "when is it due?" always agree.

        For ``end < start`` the result is minus the count the other way round:
        ``working_days_between(a, b) == -working_days_between(b, a)``. Spans
        can also be joined: ``between(a, b) + between(b, c) == between(a, c)``
        for any dates ``a``, ``b`` and ``c``.

        Going backwards is only an exact inverse from a working day. If
        ``start`` is not a working day and ``n < 0``, then
        ``working_days_between(start, add_working_days(start, n)) == n + 1``,
        because the non-working start day is not there to be counted.

        Runs in time proportional to the number of *years* spanned, not
        days: weekdays are counted with arithmetic, closure days by binary
        search.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_through(end.toordinal())
        weekdays -= _weekdays_through(start.toordinal())
        return weekdays - self._count_closures(start, end, include_low=False)


# --- Default calendar from Django settings ------------------------------------


def _closure_days_from_settings() -> tuple[date, ...]:
    """Read ``CONTINUUM_EXTRA_CLOSURE_DAYS`` if Django is installed and set up.

    Django settings count as set up if they have already been loaded or
    configured, or if ``DJANGO_SETTINGS_MODULE`` names a settings module (the
    settings then load on first use). Otherwise, for example in a plain
    script or in the pure unit tests, there are no extra closures.
    """
    try:
        from django.conf import settings
    except ImportError:
        return ()
    if not (settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE")):
        return ()
    raw = getattr(settings, CLOSURE_DAYS_SETTING, None)
    if raw is None:
        return ()
    try:
        return parse_closure_days(raw)
    except (TypeError, ValueError) as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{CLOSURE_DAYS_SETTING} is not valid: {exc}") from exc


@functools.cache
def default_calendar() -> WorkingDayCalendar:
    """Return the shared calendar for this council, built once and then cached.

    Caching matters for speed: the calendar keeps the bank holidays it has
    already loaded, so one long-lived instance keeps getting faster.

    The extra closures come from the Django setting
    ``CONTINUUM_EXTRA_CLOSURE_DAYS`` when Django is set up (see
    :func:`_closure_days_from_settings`), and otherwise there are none.
    Call ``default_calendar.cache_clear()`` to make the next call rebuild it.
    When Django is installed this happens by itself whenever that setting
    changes through Django's ``setting_changed`` signal (for example under
    ``override_settings`` in tests).
    """
    return WorkingDayCalendar(extra_closures=_closure_days_from_settings())


def add_working_days(start: date, n: int, calendar: WorkingDayCalendar | None = None) -> date:
    """Return the date ``n`` working days after ``start``.

    Same as :meth:`WorkingDayCalendar.add_working_days`, using
    :func:`default_calendar` unless a ``calendar`` is given.
    """
    if calendar is None:
        calendar = default_calendar()
    return calendar.add_working_days(start, n)


def working_days_between(start: date, end: date, calendar: WorkingDayCalendar | None = None) -> int:
    """Count the working days ``d`` with ``start < d <= end``, signed.

    Same as :meth:`WorkingDayCalendar.working_days_between`, using
    :func:`default_calendar` unless a ``calendar`` is given.
    """
    if calendar is None:
        calendar = default_calendar()
    return calendar.working_days_between(start, end)


def _reset_default_calendar(*, setting: str, **kwargs: Any) -> None:
    """Drop the cached default calendar when the closure-days setting changes."""
    if setting == CLOSURE_DAYS_SETTING:
        default_calendar.cache_clear()


def _connect_setting_changed() -> None:
    """Hook :func:`_reset_default_calendar` to Django's ``setting_changed`` signal.

    Done only if Django is installed. Importing the signal does not load
    settings, so this is safe at import time without Django being set up. The
    ``dispatch_uid`` stops a second connection if the module is imported
    again (for example after a reload).
    """
    try:
        from django.core.signals import setting_changed
    except ImportError:
        return
    setting_changed.connect(
        _reset_default_calendar,
        dispatch_uid="continuum.core.working_days.reset_default_calendar",
    )


_connect_setting_changed()
