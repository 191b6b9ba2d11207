"""Tests for the English working-day calendar.

Every expected date below was worked out by hand from the published bank
holiday lists for England and Wales, and the comment next to it shows the
counting. The property tests then check the fast implementation against a
slow day-by-day count built directly from the ``holidays`` package.

Nothing here needs a database, and only one test looks at Django settings
(it is skipped when Django is not set up).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from continuum.core import working_days
from continuum.core.working_days import (
    CLOSURE_DAYS_SETTING,
    WorkingDayCalendar,
    add_working_days,
    default_calendar,
    parse_closure_days,
    working_days_between,
)

# Shared calendar with no extra closures. Loading the bank holidays up front
# keeps the first Hypothesis example from being slow.
CALENDAR = WorkingDayCalendar()
CALENDAR.preload(2012, 2038)

# The council closes its offices on the three working days between Christmas
# and New Year 2023 (Wed 27, Thu 28, Fri 29 December). Sat 30 December is
# also listed, to check that a weekend closure changes nothing.
CHRISTMAS_2023_CLOSURES = (
    date(2023, 12, 27),
    date(2023, 12, 28),
    date(2023, 12, 29),
    date(2023, 12, 30),
)
CLOSED_CALENDAR = WorkingDayCalendar(extra_closures=CHRISTMAS_2023_CLOSURES)

# --- A slow but obviously correct reference --------------------------------

ORACLE_FIRST_YEAR = 1988
ORACLE_LAST_YEAR = 2092
ORACLE_BANK_HOLIDAYS = frozenset(
    holidays.country_holidays("GB", subdiv="ENG", years=range(ORACLE_FIRST_YEAR, ORACLE_LAST_YEAR + 1))
)

WorkingTest = Callable[[date], bool]


def oracle_is_working(extra_closures: Iterable[date] = ()) -> WorkingTest:
    """Build a plain "is this a working day?" test from the holidays data."""
    closed = ORACLE_BANK_HOLIDAYS | frozenset(extra_closures)

    def is_working(d: date) -> bool:
        assert ORACLE_FIRST_YEAR <= d.year <= ORACLE_LAST_YEAR, "outside oracle data"
        return d.weekday() < 5 and d not in closed

    return is_working


def oracle_add(start: date, n: int, is_working: WorkingTest) -> date:
    """Walk one day at a time, counting working days, until n are found."""
    step = timedelta(days=1 if n > 0 else -1)
    current = start
    remaining = abs(n)
    while remaining:
        current += step
        if is_working(current):
            remaining -= 1
    return current


def oracle_between(start: date, end: date, is_working: WorkingTest) -> int:
    """Count working days d with start < d <= end, one day at a time."""
    if end < start:
        return -oracle_between(end, start, is_working)
    span = (end - start).days
    return sum(is_working(start + timedelta(days=k)) for k in range(1, span + 1))


# --- Known answers -----------------------------------------------------------

ADD_CASES = [
    # Plain weekends, in January 2024 (no bank holidays nearby).
    # Sat 6 Jan + 1: the first working day strictly after a Saturday is Monday.
    (date(2024, 1, 6), 1, date(2024, 1, 8)),
    # Sun 7 Jan + 1: likewise Monday 8 January.
    (date(2024, 1, 7), 1, date(2024, 1, 8)),
    # Fri 5 Jan + 1: skip Sat and Sun, Mon 8 January.
    (date(2024, 1, 5), 1, date(2024, 1, 8)),
    # Mon 8 Jan + 5: Tue 9, Wed 10, Thu 11, Fri 12, Mon 15.
    (date(2024, 1, 8), 5, date(2024, 1, 15)),
    # Sat 6 Jan + 0: zero working days leaves the date alone, weekend or not.
    (date(2024, 1, 6), 0, date(2024, 1, 6)),
    # Mon 8 Jan - 1: the last working day strictly before is Fri 5 January.
    (date(2024, 1, 8), -1, date(2024, 1, 5)),
    # Sat 6 Jan - 1: the last working day strictly before is also Fri 5 January.
    (date(2024, 1, 6), -1, date(2024, 1, 5)),
    #
    # Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    # Thu 28 Mar + 1: Fri 29 (Good Friday), Sat 30, Sun 31, Mon 1 Apr (Easter
    # Monday) are all non-working, so Tue 2 April.
    (date(2024, 3, 28), 1, date(2024, 4, 2)),
    # Wed 27 Mar + 2: Thu 28 Mar is 1, then Tue 2 Apr is 2.
    (date(2024, 3, 27), 2, date(2024, 4, 2)),
    # Good Friday + 1: a non-working start is not counted; Tue 2 April.
    (date(2024, 3, 29), 1, date(2024, 4, 2)),
    # Tue 2 Apr - 1: back over Easter Monday, the weekend and Good Friday to
    # Thu 28 March.
    (date(2024, 4, 2), -1, date(2024, 3, 28)),
    # Sat 30 Mar - 1: Fri 29 is Good Friday, so Thu 28 March.
    (date(2024, 3, 30), -1, date(2024, 3, 28)),
    #
    # Christmas 2023: Mon 25 Dec Christmas Day, Tue 26 Dec Boxing Day,
    # Mon 1 Jan 2024 New Year's Day.
    # Fri 22 Dec + 1: Sat, Sun, Mon 25, Tue 26 are off, so Wed 27 December.
    (date(2023, 12, 22), 1, date(2023, 12, 27)),
    # Fri 22 Dec + 4: Wed 27 (1), Thu 28 (2), Fri 29 (3), then Sat 30, Sun 31
    # and Mon 1 Jan are off, Tue 2 Jan (4).
    (date(2023, 12, 22), 4, date(2024, 1, 2)),
    # Fri 22 Dec + 5: as above, then Wed 3 Jan (5).
    (date(2023, 12, 22), 5, date(2024, 1, 3)),
    # Tue 2 Jan - 4: Fri 29 Dec (1), Thu 28 (2), Wed 27 (3), then back over
    # Boxing Day, Christmas Day and the weekend to Fri 22 Dec (4).
    (date(2024, 1, 2), -4, date(2023, 12, 22)),
    #
    # Christmas 2020: Christmas Day on Fri 25 Dec, Boxing Day on Sat 26 Dec
    # with the substitute bank holiday on Mon 28 Dec; New Year's Day Fri 1 Jan
    # 2021.
    # Thu 24 Dec + 1: Fri 25, Sat 26, Sun 27, Mon 28 (substitute) are off, so
    # Tue 29 December.
    (date(2020, 12, 24), 1, date(2020, 12, 29)),
    # Thu 24 Dec + 3: Tue 29 (1), Wed 30 (2), Thu 31 (3).
    (date(2020, 12, 24), 3, date(2020, 12, 31)),
    # Thu 24 Dec + 4: as above, then Fri 1 Jan, Sat 2, Sun 3 are off, so
    # Mon 4 January 2021 (4).
    (date(2020, 12, 24), 4, date(2021, 1, 4)),
    # Mon 4 Jan 2021 - 1: back over the weekend and New Year's Day to
    # Thu 31 December 2020.
    (date(2021, 1, 4), -1, date(2020, 12, 31)),
    #
    # 2022 Platinum Jubilee: the spring bank holiday moved from Mon 30 May to
    # Thu 2 June, and Fri 3 June was an extra bank holiday.
    # Fri 27 May + 1: Mon 30 May 2022 was a normal working day.
    (date(2022, 5, 27), 1, date(2022, 5, 30)),
    # Wed 1 Jun + 1: Thu 2, Fri 3, Sat 4, Sun 5 are off, so Mon 6 June.
    (date(2022, 6, 1), 1, date(2022, 6, 6)),
    # Tue 31 May + 3: Wed 1 Jun (1), Mon 6 (2), Tue 7 (3).
    (date(2022, 5, 31), 3, date(2022, 6, 7)),
    #
    # State Funeral of Queen Elizabeth II, Mon 19 September 2022.
    # Fri 16 Sep + 1: Sat, Sun, Mon 19 are off, so Tue 20 September.
    (date(2022, 9, 16), 1, date(2022, 9, 20)),
    #
    # Coronation of King Charles III, Mon 8 May 2023 (one week after the early
    # May bank holiday, Mon 1 May 2023).
    # Fri 5 May + 1: Sat, Sun, Mon 8 are off, so Tue 9 May.
    (date(2023, 5, 5), 1, date(2023, 5, 9)),
    # Fri 28 Apr + 5: Mon 1 May is off, Tue 2 (1), Wed 3 (2), Thu 4 (3),
    # Fri 5 (4), Mon 8 is off, Tue 9 (5).
    (date(2023, 4, 28), 5, date(2023, 5, 9)),
    #
    # Statutory timescales (Working Together to Safeguard Children 2023).
    # Assessment within 45 working days of a referral received Mon 4 Mar 2024:
    #   Tue 5 - Fri 8 Mar ........................  4 (running total 4)
    #   11-15 Mar, 18-22 Mar .....................  5 + 5 (14)
    #   Mon 25 - Thu 28 Mar (Fri 29 Good Friday) .  4 (18)
    #   Tue 2 - Fri 5 Apr (Mon 1 Easter Monday) ..  4 (22)
    #   8-12, 15-19, 22-26 Apr, 29 Apr - 3 May ...  5 + 5 + 5 + 5 (42)
    #   Mon 6 May early May bank holiday, then Tue 7 (43), Wed 8 (44),
    #   Thu 9 May (45).
    (date(2024, 3, 4), 45, date(2024, 5, 9)),
    # Initial child protection conference within 15 working days of a
    # strategy discussion on Thu 21 Dec 2023:
    #   Fri 22 Dec (1); Mon 25 and Tue 26 off; Wed 27 - Fri 29 Dec (4);
    #   Mon 1 Jan off; Tue 2 - Fri 5 Jan (8); 8-12 Jan (13);
    #   Mon 15 Jan (14), Tue 16 Jan (15).
    (date(2023, 12, 21), 15, date(2024, 1, 16)),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days_known_answers(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_known_answers_agree_with_between(start: date, n: int, expected: date) -> None:
    # Going forward, working_days_between undoes add_working_days. Going back
    # it does too, as long as the start day is itself a working day.
    if n >= 0 or CALENDAR.is_working_day(start):
        assert CALENDAR.working_days_between(start, expected) == n


BETWEEN_CASES = [
    # Same day: nothing strictly after start and on or before end.
    (date(2024, 1, 8), date(2024, 1, 8), 0),
    # Fri 5 Jan 2024 to Sat 6 Jan: only Saturday is in range, not working.
    (date(2024, 1, 5), date(2024, 1, 6), 0),
    # Sat 6 Jan to Mon 8 Jan: Sun and Mon in range; Monday counts.
    (date(2024, 1, 6), date(2024, 1, 8), 1),
    # Fri 5 Jan to Mon 8 Jan: the start Friday is not counted, Monday is.
    (date(2024, 1, 5), date(2024, 1, 8), 1),
    # Reversed: the same span counted backwards is negative.
    (date(2024, 1, 8), date(2024, 1, 5), -1),
    # Thu 28 Mar 2024 to Tue 2 Apr: only Tue 2 Apr is a working day in range.
    (date(2024, 3, 28), date(2024, 4, 2), 1),
    (date(2024, 4, 2), date(2024, 3, 28), -1),
    # Fri 28 Apr 2023 to Fri 12 May 2023: ten weekdays in range, less the
    # early May bank holiday (Mon 1 May) and the Coronation (Mon 8 May).
    (date(2023, 4, 28), date(2023, 5, 12), 8),
    # Fri 22 Dec 2023 to Wed 3 Jan 2024: Wed 27, Thu 28, Fri 29, Tue 2, Wed 3.
    (date(2023, 12, 22), date(2024, 1, 3), 5),
    # Thu 24 Dec 2020 to Mon 4 Jan 2021: Tue 29, Wed 30, Thu 31, Mon 4.
    (date(2020, 12, 24), date(2021, 1, 4), 4),
    # Fri 27 May 2022 to Fri 3 Jun 2022: Mon 30, Tue 31 May and Wed 1 Jun;
    # Thu 2 (moved spring bank holiday) and Fri 3 (Platinum Jubilee) are off.
    (date(2022, 5, 27), date(2022, 6, 3), 3),
    # The whole of 2022 (Sat 1 Jan to Sat 31 Dec): 365 days = 52 weeks and a
    # Saturday, so 260 weekdays. Ten bank holidays fell on weekdays: Mon 3 Jan
    # (New Year substitute), Good Friday 15 Apr, Easter Monday 18 Apr, Mon 2
    # May, Thu 2 Jun, Fri 3 Jun, Mon 29 Aug, Mon 19 Sep (State Funeral), Mon 26
    # Dec, Tue 27 Dec (Christmas substitute). 260 - 10 = 250.
    (date(2021, 12, 31), date(2022, 12, 31), 250),
    # Mon 1 Jan 2024 to Wed 1 Jan 2025: 366 days = 52 weeks (260 weekdays)
    # plus Tue 31 Dec and Wed 1 Jan (2 more), so 262 weekdays. Bank holidays
    # in range on weekdays: Good Friday, Easter Monday, 6 May, 27 May, 26 Aug,
    # Wed 25 and Thu 26 Dec 2024, and Wed 1 Jan 2025 = 8. 262 - 8 = 254.
    (date(2024, 1, 1), date(2025, 1, 1), 254),
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_working_days_between_known_answers(start: date, end: date, expected: int) -> None:
    assert CALENDAR.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 8), True),  # an ordinary Monday
        (date(2024, 1, 6), False),  # Saturday
        (date(2024, 1, 7), False),  # Sunday
        (date(2024, 3, 29), False),  # Good Friday 2024
        (date(2024, 4, 1), False),  # Easter Monday 2024
        (date(2020, 12, 25), False),  # Christmas Day 2020, a Friday
        (date(2020, 12, 28), False),  # Boxing Day 2020 substitute, Monday
        (date(2020, 12, 29), True),  # ordinary Tuesday after it
        (date(2022, 5, 30), True),  # last Monday of May 2022, but not a holiday
        (date(2022, 6, 2), False),  # spring bank holiday 2022, moved to Thursday
        (date(2022, 6, 3), False),  # Platinum Jubilee bank holiday
        (date(2022, 9, 19), False),  # State Funeral of Queen Elizabeth II
        (date(2022, 12, 27), False),  # Christmas Day 2022 substitute, Tuesday
        (date(2023, 5, 8), False),  # Coronation of King Charles III
        (date(2023, 5, 29), False),  # spring bank holiday 2023
        (date(2023, 5, 30), True),  # ordinary Tuesday after it
        (date(2023, 12, 27), True),  # no bank holiday; only a local closure day
    ],
)
def test_is_working_day_known_answers(day: date, expected: bool) -> None:
    assert CALENDAR.is_working_day(day) is expected


@pytest.mark.parametrize(
    "day",
    [
        date(2021, 12, 27),  # Christmas 2021 fell on a Saturday: substitute Monday
        date(2021, 12, 28),  # Boxing Day 2021 fell on a Sunday: substitute Tuesday
        date(2022, 1, 3),  # New Year's Day 2022 fell on a Saturday: Monday
    ],
)
def test_substitute_days_found_by_a_fresh_calendar(day: date) -> None:
    # A new calendar loads bank holidays year by year on demand. These
    # substitute days sit near the turn of the year, so make sure they are
    # found whichever year is loaded first.
    assert WorkingDayCalendar().is_working_day(day) is False


# --- Extra closure days --------------------------------------------------------


def test_extra_closures_are_not_working_days() -> None:
    for day in CHRISTMAS_2023_CLOSURES:
        assert CLOSED_CALENDAR.is_working_day(day) is False
    # Without the closure list the three weekdays are ordinary working days.
    assert CALENDAR.is_working_day(date(2023, 12, 27)) is True
    # Days either side are unaffected: Fri 22 Dec and Tue 2 Jan 2024.
    assert CLOSED_CALENDAR.is_working_day(date(2023, 12, 22)) is True
    assert CLOSED_CALENDAR.is_working_day(date(2024, 1, 2)) is True


def test_extra_closures_in_add_and_between() -> None:
    # Fri 22 Dec 2023 + 1: Christmas, Boxing Day, the three closure days, the
    # weekend and New Year's Day are all off, so Tue 2 Jan 2024.
    assert CLOSED_CALENDAR.add_working_days(date(2023, 12, 22), 1) == date(2024, 1, 2)
    # Tue 2 Jan 2024 - 1: straight back to Fri 22 Dec 2023.
    assert CLOSED_CALENDAR.add_working_days(date(2024, 1, 2), -1) == date(2023, 12, 22)
    # Fri 22 Dec 2023 to Wed 3 Jan 2024: only Tue 2 and Wed 3 Jan are left
    # (5 without the closures, see BETWEEN_CASES).
    start, end = date(2023, 12, 22), date(2024, 1, 3)
    assert CLOSED_CALENDAR.working_days_between(start, end) == 2
    # The module-level helpers accept a calendar too.
    assert add_working_days(start, 1, calendar=CLOSED_CALENDAR) == date(2024, 1, 2)
    assert working_days_between(start, end, calendar=CLOSED_CALENDAR) == 2


def test_weekend_closure_changes_nothing() -> None:
    # Sat 30 Dec 2023 is a weekend anyway.
    weekend_only = WorkingDayCalendar(extra_closures=[date(2023, 12, 30)])
    start, end = date(2023, 12, 1), date(2024, 1, 31)
    assert weekend_only.working_days_between(start, end) == (CALENDAR.working_days_between(start, end))


def test_extra_closure_in_a_later_year() -> None:
    # Fri 27 Dec 2030 as a closure day removes exactly one working day from a
    # span that contains it, and none from a span that does not.
    calendar = WorkingDayCalendar(extra_closures=[date(2030, 12, 27)])
    start, end = date(2030, 12, 20), date(2031, 1, 10)
    plain = CALENDAR.working_days_between(start, end)
    assert calendar.working_days_between(start, end) == plain - 1
    later = date(2031, 1, 10), date(2031, 3, 1)
    assert calendar.working_days_between(*later) == CALENDAR.working_days_between(*later)


def test_extra_closures_property() -> None:
    assert CLOSED_CALENDAR.extra_closures == frozenset(CHRISTMAS_2023_CLOSURES)
    assert CALENDAR.extra_closures == frozenset()


# --- Input checking ------------------------------------------------------------


def test_datetimes_are_refused() -> None:
    # A datetime must be turned into a local date by the caller; see
    # working_days._require_date for why.
    moment = datetime(2024, 1, 6, 0, 30)
    with pytest.raises(TypeError):
        CALENDAR.is_working_day(moment)
    with pytest.raises(TypeError):
        CALENDAR.add_working_days(moment, 1)
    with pytest.raises(TypeError):
        CALENDAR.working_days_between(date(2024, 1, 1), moment)
    with pytest.raises(TypeError):
        WorkingDayCalendar(extra_closures=[moment])


def test_bad_day_counts_are_refused() -> None:
    with pytest.raises(TypeError):
        CALENDAR.add_working_days(date(2024, 1, 8), True)
    with pytest.raises(TypeError):
        CALENDAR.add_working_days(date(2024, 1, 8), 1.0)  # type: ignore[arg-type]


def test_string_closures_are_refused_by_the_calendar() -> None:
    with pytest.raises(TypeError):
        WorkingDayCalendar(extra_closures="2023-12-27")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        WorkingDayCalendar(extra_closures=["2023-12-27"])  # type: ignore[list-item]


def test_parse_closure_days() -> None:
    parsed = parse_closure_days(["2023-12-29", date(2023, 12, 27), " 2023-12-28 "])
    assert parsed == (date(2023, 12, 27), date(2023, 12, 28), date(2023, 12, 29))
    # Duplicates collapse.
    assert parse_closure_days(["2023-12-27", date(2023, 12, 27)]) == (date(2023, 12, 27),)
    assert parse_closure_days([]) == ()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("2023-12-27", TypeError),  # one string instead of a list of them
        (["2023-13-01"], ValueError),  # there is no 13th month
        (["27/12/2023"], ValueError),  # not ISO format
        ([datetime(2023, 12, 27, 9, 0)], TypeError),  # a moment, not a day
        ([20231227], TypeError),  # a number
    ],
)
def test_parse_closure_days_rejects_bad_values(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_closure_days(value)  # type: ignore[arg-type]


def test_running_off_the_end_of_the_calendar() -> None:
    # date.max (31 Dec 9999) is a Friday and date.min (1 Jan 0001) a Monday.
    with pytest.raises(OverflowError):
        CALENDAR.add_working_days(date.max, 1)
    with pytest.raises(OverflowError):
        CALENDAR.add_working_days(date.min, -1)
    assert CALENDAR.add_working_days(date.max, -1) == date(9999, 12, 30)


# --- Default calendar -----------------------------------------------------------


def test_default_calendar_is_cached_and_resettable() -> None:
    first = default_calendar()
    assert default_calendar() is first
    default_calendar.cache_clear()
    try:
        assert default_calendar() is not first
    finally:
        default_calendar.cache_clear()


def test_module_functions_use_default_calendar() -> None:
    start = date(2024, 3, 4)
    expected = default_calendar().add_working_days(start, 45)
    assert add_working_days(start, 45) == expected
    assert working_days_between(start, expected) == 45


def test_default_calendar_without_django_settings() -> None:
    """Outside Django (a script, a notebook) the calendar still works, with no extra closures.

    Runs in a fresh interpreter because this test run has Django configured.
    """
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from continuum.core.working_days import default_calendar;"
        "print(sorted(default_calendar().extra_closures))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_default_calendar_follows_django_setting() -> None:
    # Only runs when Django is installed and settings are set up (as under
    # pytest-django). It needs no database: override_settings only sends
    # setting_changed, which should make the default calendar rebuild.
    pytest.importorskip("django")
    from django.conf import settings
    from django.test import override_settings

    if not (settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE")):
        pytest.skip("Django settings are not configured")
    default_calendar.cache_clear()
    with override_settings(**{CLOSURE_DAYS_SETTING: ["2023-12-27", "2023-12-28"]}):
        assert default_calendar().extra_closures == {
            date(2023, 12, 27),
            date(2023, 12, 28),
        }
        assert add_working_days(date(2023, 12, 22), 1) == date(2023, 12, 29)
    # Leaving the override sends setting_changed again, so the calendar goes
    # back to whatever the real settings say.
    restored = frozenset(working_days._closure_days_from_settings())
    assert default_calendar().extra_closures == restored
    default_calendar.cache_clear()


def test_setting_changed_receiver_ignores_other_settings() -> None:
    first = default_calendar()
    working_days._reset_default_calendar(setting="TIME_ZONE", value="UTC")
    assert default_calendar() is first
    working_days._reset_default_calendar(setting=CLOSURE_DAYS_SETTING, value=[])
    assert default_calendar() is not first
    default_calendar.cache_clear()


# --- Properties ------------------------------------------------------------------
#
# Dates 2015-2035 and spans of up to 400 working days, as in case work. The
# oracle covers 1988-2092, so results can run past 2035 safely.

DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
COUNTS = st.integers(min_value=0, max_value=400)
SIGNED_COUNTS = st.integers(min_value=-400, max_value=400)

# Runs of consecutive closure days, some long, so that the "jump, then top up
# for skipped closures" loop in add_working_days has to go round several times.
CLOSURE_RUNS = st.lists(st.tuples(DATES, st.integers(min_value=1, max_value=20)), max_size=6)

PLAIN_ORACLE = oracle_is_working()

FAST = settings(deadline=None)


def closures_from_runs(runs: list[tuple[date, int]]) -> set[date]:
    return {first + timedelta(days=k) for first, length in runs for k in range(length)}


@FAST
@given(day=DATES, runs=CLOSURE_RUNS)
def test_is_working_day_matches_oracle(day: date, runs: list[tuple[date, int]]) -> None:
    closures = closures_from_runs(runs)
    calendar = WorkingDayCalendar(extra_closures=closures)
    assert calendar.is_working_day(day) == oracle_is_working(closures)(day)


@FAST
@given(start=DATES, n=SIGNED_COUNTS, runs=CLOSURE_RUNS)
def test_add_matches_oracle(start: date, n: int, runs: list[tuple[date, int]]) -> None:
    closures = closures_from_runs(runs)
    calendar = WorkingDayCalendar(extra_closures=closures)
    expected = oracle_add(start, n, oracle_is_working(closures))
    assert calendar.add_working_days(start, n) == expected


@FAST
@given(start=DATES, end=DATES, runs=CLOSURE_RUNS)
def test_between_matches_oracle(start: date, end: date, runs: list[tuple[date, int]]) -> None:
    # Spans of up to 21 years, so this also checks the whole-weeks shortcut
    # and counting closures across many years.
    closures = closures_from_runs(runs)
    calendar = WorkingDayCalendar(extra_closures=closures)
    expected = oracle_between(start, end, oracle_is_working(closures))
    assert calendar.working_days_between(start, end) == expected


@FAST
@given(start=DATES, n=COUNTS)
def test_between_undoes_add(start: date, n: int) -> None:
    # For n >= 0: working_days_between(d, add_working_days(d, n)) == n.
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@FAST
@given(start=DATES, n=st.integers(min_value=-400, max_value=-1))
def test_between_undoes_backward_add(start: date, n: int) -> None:
    # For n < 0 the same holds from a working day. From a non-working day the
    # count is one short of |n|, because the start itself cannot be counted.
    back = CALENDAR.add_working_days(start, n)
    expected = n if CALENDAR.is_working_day(start) else n + 1
    assert CALENDAR.working_days_between(start, back) == expected


@FAST
@given(start=DATES, n=SIGNED_COUNTS)
def test_add_lands_on_a_working_day(start: date, n: int) -> None:
    result = CALENDAR.add_working_days(start, n)
    if n == 0:
        assert result == start
    else:
        assert CALENDAR.is_working_day(result)
        assert (result > start) == (n > 0)


@FAST
@given(start=DATES, n=SIGNED_COUNTS)
def test_add_there_and_back(start: date, n: int) -> None:
    # Exact property: add_working_days(add_working_days(d, n), -n) is
    #   d                                  if d is a working day or n == 0;
    #   add_working_days(d, -1), the last working day before d,  if n > 0;
    #   add_working_days(d, +1), the first working day after d,  if n < 0.
    # In particular, for n > 0 the round trip is never after d and is a
    # working day, and it equals d exactly when d is a working day.
    round_trip = CALENDAR.add_working_days(CALENDAR.add_working_days(start, n), -n)
    if n == 0 or CALENDAR.is_working_day(start):
        assert round_trip == start
    elif n > 0:
        assert round_trip == CALENDAR.add_working_days(start, -1)
        assert round_trip < start
    else:
        assert round_trip == CALENDAR.add_working_days(start, 1)
        assert round_trip > start


@FAST
@given(a=DATES, b=DATES)
def test_between_is_antisymmetric(a: date, b: date) -> None:
    assert CALENDAR.working_days_between(a, b) == -CALENDAR.working_days_between(b, a)


@FAST
@given(a=DATES, b=DATES, c=DATES)
def test_between_is_additive(a: date, b: date, c: date) -> None:
    # Holds for any order of a, b and c, thanks to the signs.
    assert CALENDAR.working_days_between(a, b) + CALENDAR.working_days_between(
        b, c
    ) == CALENDAR.working_days_between(a, c)


@FAST
@given(anchor=DATES, a=DATES, b=DATES)
def test_between_is_monotonic_in_end(anchor: date, a: date, b: date) -> None:
    assume(a != b)
    a, b = min(a, b), max(a, b)
    earlier = CALENDAR.working_days_between(anchor, a)
    later = CALENDAR.working_days_between(anchor, b)
    assert earlier <= later
    # ...and can only grow by at most the number of days added.
    assert later - earlier <= (b - a).days


@FAST
@given(a=DATES, b=DATES, n=SIGNED_COUNTS)
def test_add_is_monotonic_in_start(a: date, b: date, n: int) -> None:
    a, b = min(a, b), max(a, b)
    assert CALENDAR.add_working_days(a, n) <= CALENDAR.add_working_days(b, n)


@FAST
@given(start=DATES, n=SIGNED_COUNTS, m=SIGNED_COUNTS)
def test_add_is_strictly_monotonic_in_count(start: date, n: int, m: int) -> None:
    assume(n != m)
    n, m = min(n, m), max(n, m)
    assert CALENDAR.add_working_days(start, n) < CALENDAR.add_working_days(start, m)


def test_between_over_a_century_matches_oracle() -> None:
    # One long span checks the arithmetic shortcut over many years at once.
    start, end = date(1990, 3, 14), date(2090, 11, 2)
    fresh = WorkingDayCalendar()
    assert fresh.working_days_between(start, end) == oracle_between(start, end, PLAIN_ORACLE)
