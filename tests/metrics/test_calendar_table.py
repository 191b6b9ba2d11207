"""The SQL working-day macros agree with WorkingDayCalendar, including over Easter 2024."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from continuum.core.working_days import WorkingDayCalendar
from continuum.metrics.calendar_table import build_calendar_table
from tests.metrics.builders import CALENDAR, engine

ENGINE = engine()
ENGINE.ensure_calendar(date(2010, 1, 1), date(2030, 12, 31))


def _add(x: date, n: int) -> date:
    return ENGINE.sql("SELECT add_wd($x, $n) AS d", x=x, n=n).column("d")[0].as_py()


def _between(a: date, b: date) -> int:
    return ENGINE.sql("SELECT wd_between($a, $b) AS n", a=a, b=b).column("n")[0].as_py()


def test_easter_2024() -> None:
    # Thu 28 March 2024; Good Friday 29 March and Easter Monday 1 April are bank
    # holidays, 30-31 March a weekend: the next working day is Tue 2 April.
    assert _add(date(2024, 3, 28), 1) == date(2024, 4, 2)
    # From Saturday 30 March, 1 working day on is also Tue 2 April.
    assert _add(date(2024, 3, 30), 1) == date(2024, 4, 2)
    # 28 March -> 2 April spans 5 calendar days but only 1 working day (2 April).
    assert _between(date(2024, 3, 28), date(2024, 4, 2)) == 1
    # The working days from Wed 20 March: 21, 22, 25, 26, 27, 28, 2 Apr, 3, 4, 5,
    # 8, 9, 10, 11, 12 April: the 15th is Fri 12 April 2024.
    assert _add(date(2024, 3, 20), 15) == date(2024, 4, 12)


def test_christmas_2024() -> None:
    # Tue 24 Dec 2024 -> Wed 25 and Thu 26 are bank holidays -> Fri 27 Dec.
    assert _add(date(2024, 12, 24), 1) == date(2024, 12, 27)
    # Tue 31 Dec 2024 -> Wed 1 Jan 2025 is a bank holiday -> Thu 2 Jan 2025.
    assert _add(date(2024, 12, 31), 1) == date(2025, 1, 2)


def test_table_ordinals_count_working_days() -> None:
    t = build_calendar_table(WorkingDayCalendar(), date(2024, 3, 28), date(2024, 4, 3))
    # 28 Thu (0, the first day), 29 GF, 30 Sat, 31 Sun, 1 Apr EM: all still 0; 2 Apr -> 1; 3 Apr -> 2.
    assert t.column("wd_ord").to_pylist() == [0, 0, 0, 0, 0, 1, 2]


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2016, 1, 1), date(2027, 12, 31)), st.integers(1, 70))
def test_add_wd_matches_the_calendar(x: date, n: int) -> None:
    assert _add(x, n) == CALENDAR.add_working_days(x, n)


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2016, 1, 1), date(2027, 12, 31)), st.integers(0, 400))
def test_wd_between_matches_the_calendar(a: date, days: int) -> None:
    b = a + timedelta(days=days)
    assert _between(a, b) == CALENDAR.working_days_between(a, b)


def _days(first: date | None, last: date | None) -> list[date]:
    rows = ENGINE.sql("SELECT day FROM period_days($s, $e) ORDER BY day", s=first, e=last)
    return rows.column("day").to_pylist()


def test_period_days_are_the_days_of_the_period_both_ends_included() -> None:
    # A leap year's end of February: 27, 28, 29 February and 1 March, each once.
    assert _days(date(2024, 2, 27), date(2024, 3, 1)) == [
        date(2024, 2, 27),
        date(2024, 2, 28),
        date(2024, 2, 29),
        date(2024, 3, 1),
    ]
    assert _days(date(2025, 6, 1), date(2025, 6, 1)) == [date(2025, 6, 1)]
    # An end before the start, or no date, gives no days (as BETWEEN keeps no rows).
    assert _days(date(2025, 6, 2), date(2025, 6, 1)) == []
    assert _days(None, date(2025, 6, 1)) == []
    # A financial year has all its 365 days.
    assert len(_days(date(2025, 4, 1), date(2026, 3, 31))) == 365


def test_add_step_is_written_as_its_unit_when_the_unit_is_known() -> None:
    """specialise_steps: each add_step whose unit parameter is known becomes that unit's macro (one
    branch to plan, not six); nested calls too; an unknown or literal unit is left to add_step; the
    parameters no longer used are dropped (DuckDB refuses unused named parameters)."""
    from continuum.metrics.calendar_table import specialise_steps

    sql = (
        "SELECT add_step(CAST(a AS DATE), $d_n, $d_unit) AS due, add_step(x, $e_n, $e_unit), "
        "add_step(add_step(z, $d_n, $d_unit), 1, 'weeks'), add_step(w, $f_n, $f_unit) FROM t"
    )
    params = {
        "d_n": 1,
        "d_unit": "working_days",
        "e_n": 3,
        "e_unit": "months",
        "f_n": 2,
        "f_unit": "fortnights",
    }
    text, used = specialise_steps(sql, params)
    assert text == (
        "SELECT step_working_days(CAST(a AS DATE), $d_n) AS due, step_months(x, $e_n), "
        "add_step(step_working_days(z, $d_n), 1, 'weeks'), add_step(w, $f_n, $f_unit) FROM t"
    )
    assert used == {"d_n": 1, "e_n": 3, "f_n": 2, "f_unit": "fortnights"}
    assert specialise_steps("SELECT 1", {"a": 1}) == ("SELECT 1", {"a": 1})


def test_each_unit_macro_is_add_step_with_that_unit() -> None:
    """The same answers both ways, for every unit, on dates around month ends and holidays."""
    from datetime import date

    import duckdb

    from continuum.core.working_days import default_calendar
    from continuum.metrics.calendar_table import STEPS, build_calendar_table, install_calendar

    con = duckdb.connect()
    install_calendar(con, build_calendar_table(default_calendar(), date(2023, 1, 1), date(2028, 12, 31)))
    days = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 12, 24), date(2025, 4, 18), date(2026, 3, 28)]
    for unit in STEPS:
        for day in days:
            for n in (1, 5, 215):
                both = con.execute(
                    f"SELECT add_step($d, $n, '{unit}') IS NOT DISTINCT FROM step_{unit}($d, $n)",  # noqa: S608
                    {"d": day, "n": n},
                ).fetchone()
                assert both == (True,), (unit, day, n)
