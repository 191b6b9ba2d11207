"""A timescale rule that is a fixed date in the year (unit ``date_in_year``): known answers.

The EHC phase transfer deadlines (SEND Regulations 2014 reg 18: 15 February in the calendar year of
the transfer, 31 March into post-16) are rules of this kind; the engine, the SQL ``add_step`` the
indicators count with, and the admin's validation must agree on them.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from continuum.core.timescales import Rule, Status, Unit, evaluate, month_day, shift, validate_rule_values
from continuum.core.working_day_table import build_calendar_table
from continuum.core.working_days import default_calendar
from continuum.metrics.calendar_table import install_calendar


def _rule(interval: int = 215, **kw: object) -> Rule:
    return Rule(
        code="transfer",
        name="Phase transfer",
        start_event="the start of the last school year before the transfer",
        interval=interval,
        unit=Unit.DATE_IN_YEAR,
        applies_to="EHC plans",
        source_kind="statute",
        citation="SEND Regulations 2014 reg 18",
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 9, 1), 215, date(2026, 2, 15)),  # the school year 2025-26: 15 Feb 2026
        (date(2025, 9, 1), 331, date(2026, 3, 31)),  # into post-16: 31 Mar 2026
        (date(2026, 1, 1), 215, date(2026, 2, 15)),  # same year, later in it
        (date(2026, 2, 15), 215, date(2027, 2, 15)),  # strictly after: the day itself is next year's
        (date(2027, 9, 1), 228, date(2028, 2, 28)),  # leap year: 28 February stays 28 February
        (date(2026, 2, 15), -215, date(2025, 2, 15)),  # back: strictly before
        (date(2026, 3, 1), -215, date(2026, 2, 15)),
    ],
)
def test_shift_to_a_date_in_the_year(start: date, n: int, expected: date) -> None:
    assert shift(start, n, Unit.DATE_IN_YEAR) == expected


def test_month_day_refuses_what_is_not_a_yearly_date() -> None:
    assert month_day(215) == (2, 15)
    assert month_day(1231) == (12, 31)
    for bad in (0, 15, 229, 230, 431, 1301, 1232):
        assert month_day(bad) is None, bad


def test_validation_names_the_field() -> None:
    errors = validate_rule_values(code="x", interval=230, unit="date_in_year", citation="reg 18")
    assert "215 for 15 February" in errors["interval"][0]
    errors = validate_rule_values(
        code="x", interval=215, unit="date_in_year", citation="reg 18", counts_start_day=True
    )
    assert list(errors) == ["counts_start_day"]
    errors = validate_rule_values(
        code="x", interval=215, unit="date_in_year", citation="reg 18", due_soon_unit="date_in_year"
    )
    assert list(errors) == ["due_soon_unit"]
    assert validate_rule_values(code="x", interval=331, unit="date_in_year", citation="reg 18") == {}


def test_the_clock_on_time_late_and_overdue() -> None:
    rule = _rule(215, due_soon_interval=4, due_soon_unit="weeks")
    start = date(2025, 9, 1)
    [on_time] = evaluate(rule, start=start, as_of=date(2026, 6, 1), completions=[date(2026, 2, 15)])
    assert (on_time.due, on_time.status) == (date(2026, 2, 15), Status.DONE_ON_TIME)
    [late] = evaluate(rule, start=start, as_of=date(2026, 6, 1), completions=[date(2026, 2, 16)])
    assert late.status is Status.DONE_LATE
    [overdue] = evaluate(rule, start=start, as_of=date(2026, 2, 16))
    assert overdue.status is Status.OVERDUE
    [soon] = evaluate(rule, start=start, as_of=date(2026, 1, 20))
    assert soon.status is Status.DUE_SOON
    assert rule.describe() == "By 15 February after the start of the last school year before the transfer"


def test_sql_add_step_agrees_with_the_engine() -> None:
    con = duckdb.connect()
    install_calendar(con, build_calendar_table(default_calendar(), date(2024, 1, 1), date(2029, 12, 31)))
    cases = [
        (date(2025, 9, 1), 215),
        (date(2025, 9, 1), 331),
        (date(2026, 2, 15), 215),
        (date(2027, 9, 1), 228),
        (date(2026, 12, 31), 1231),
    ]
    for start, n in cases:
        got = con.execute("SELECT add_step(?::DATE, ?, 'date_in_year')", [start, n]).fetchone()[0]
        assert got == shift(start, n, Unit.DATE_IN_YEAR), (start, n)
    # The other units are untouched by the new branch.
    assert con.execute("SELECT add_step(DATE '2026-01-31', 1, 'months')").fetchone()[0] == date(2026, 2, 28)
