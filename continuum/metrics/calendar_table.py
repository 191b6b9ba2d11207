"""The working-day calendar as a DuckDB table, so SQL can count working days.

Why a table: indicators such as "assessments completed within 45 working days"
run over thousands of rows. Calling Python for each row would be slow and
would split the rule between SQL and Python. Instead the engine builds, once,
a table of every date in range with its cumulative working-day ordinal, taken
from :class:`continuum.core.working_days.WorkingDayCalendar`, and SQL joins on
it through three macros:

* ``wd_ord(d)``: the number of working days on or before ``d`` since the
  table's first date (weekends and bank holidays do not move it on).
* ``wd_between(a, b)``: ``wd_ord(b) - wd_ord(a)``, the working days ``d`` with
  ``a < d <= b``: exactly :meth:`WorkingDayCalendar.working_days_between`.
* ``add_wd(x, n)``: the ``n``-th working day strictly after ``x`` (``n >= 1``):
  exactly :meth:`WorkingDayCalendar.add_working_days`. "Within N working days
  of X" is ``done <= add_wd(X, N)`` (done on the due date is on time: see
  docs/sources.md, counting working days).
* ``add_step(x, n, unit)``: ``x`` moved on by ``n`` of a timescale rule's
  ``unit`` (``working_days``, ``calendar_days``, ``weeks``, ``months`` clamped
  to a short month's end, ``hours`` rounded up to whole days, or ``date_in_year``:
  the first such date after ``x``), exactly as
  :func:`continuum.core.timescales.shift` moves a date: indicators that count
  with the council's own rules pass the rule's interval and unit here (see
  :class:`continuum.core.timescales.RuleStep`). NULL ``n`` gives NULL.

And one table macro, for periods rather than working days:

* ``period_days(s, e)``: the dates ``s`` to ``e`` (both included), one row each, in
  column ``day``; none when ``e`` is before ``s`` or either is NULL. A join on it,
  ``JOIN period_days($start, $end) p ON p.day = x``, keeps exactly the rows that
  ``x BETWEEN $start AND $end`` keeps (a date matches one day at most), but DuckDB
  runs it as an equality (hash) join: in the engine's batched query over a dozen
  periods, a BETWEEN becomes a range join that sorts the whole table, this a lookup
  that also lets the scan skip rows outside every period. About twice as fast over
  the contacts.

Dates outside the table give NULL, never a wrong number; the engine sizes the
table from the data so that does not happen in practice.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pyarrow as pa

from continuum.core.working_day_table import build_calendar_table

__all__ = ["STEPS", "build_calendar_table", "install_calendar", "specialise_steps"]

#: ``x`` moved on by ``n`` of each timescale unit (continuum.core.timescales.Unit), as SQL.
STEPS: dict[str, str] = {
    "working_days": "add_wd(x, n)",
    "calendar_days": "CAST(x AS DATE) + CAST(n AS INTEGER)",
    "weeks": "CAST(x AS DATE) + 7 * CAST(n AS INTEGER)",
    "months": "CAST(CAST(x AS DATE) + to_months(CAST(n AS INTEGER)) AS DATE)",
    "hours": "CAST(x AS DATE) + CAST(ceil(n / 24) AS INTEGER)",
    "date_in_year": "date_in_year(x, n)",
}

_STEP_CALL = re.compile(r"\badd_step\(")
_UNIT_ARG = re.compile(r",\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*$")


def specialise_steps(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``sql`` with each ``add_step(x, n, $unit)`` whose unit ``params`` gives written as that unit's
    own macro, ``step_<unit>(x, n)``, and the parameters it still uses.

    Why: DuckDB expands a macro when it binds a query, so every ``add_step`` carried all six
    branches, among them the working-day look-up's subquery, whatever the rule's unit; planning
    them was a third of some indicators' time. The unit of a council's rule is known before the
    query runs (an engine reads the rules once), so only its branch need be planned. The answers
    are the same: each branch is the same macro either way.
    """
    out, at = [], 0
    for call in _STEP_CALL.finditer(sql):
        if call.start() < at:
            continue  # inside a call already rewritten (a step of a step)
        close = _closing(sql, call.end() - 1)
        if close is None:
            break
        args = sql[call.end() : close]
        unit = _UNIT_ARG.search(args)
        value = params.get(unit[1]) if unit else None
        if unit is None or value not in STEPS:
            continue
        inner, _ = specialise_steps(args[: unit.start()], params)
        out.append(sql[at : call.start()] + f"step_{value}({inner})")
        at = close + 1
    if not out:
        return sql, params
    rewritten = "".join(out) + sql[at:]
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", rewritten))
    return rewritten, {k: v for k, v in params.items() if k in used}


def _closing(sql: str, opening: int) -> int | None:
    """The index of the parenthesis closing the one at ``opening`` (quotes hold no parentheses here)."""
    depth = 0
    for i in range(opening, len(sql)):
        depth += sql[i] == "("
        depth -= sql[i] == ")"
        if depth == 0:
            return i
    return None


def install_calendar(con: duckdb.DuckDBPyConnection, table: pa.Table) -> None:
    """Load the calendar into ``con`` as ``wd_calendar`` and define the macros on it."""
    con.register("_wd_calendar_arrow", table)
    con.execute("CREATE OR REPLACE TABLE wd_calendar AS SELECT * FROM _wd_calendar_arrow")
    con.unregister("_wd_calendar_arrow")
    # Working days only, keyed by ordinal: add_wd looks the due date up here.
    con.execute(
        "CREATE OR REPLACE TABLE wd_working AS SELECT wd_ord, d FROM wd_calendar WHERE is_working_day"
    )
    con.execute(
        "CREATE OR REPLACE MACRO wd_ord(x) AS (SELECT wd_ord FROM wd_calendar WHERE d = CAST(x AS DATE))"
    )
    con.execute("CREATE OR REPLACE MACRO wd_between(a, b) AS (wd_ord(b) - wd_ord(a))")
    # The working day whose ordinal is wd_ord(x) + n. Because wd_ord(x)
    # counts x itself when x is a working day, this is the n-th working day
    # strictly after x whether or not x is a working day; for n < 1 no working
    # day is strictly after x with that ordinal, so the answer is NULL. Written
    # as one equality join (not nested subqueries with "d > x") because DuckDB
    # then plans it as a hash join: about ten times faster over a month of contacts.
    con.execute(
        "CREATE OR REPLACE MACRO add_wd(x, n) AS (CASE WHEN n >= 1 THEN ("
        "SELECT w.d FROM wd_calendar c JOIN wd_working w ON w.wd_ord = c.wd_ord + n "
        "WHERE c.d = CAST(x AS DATE)) END)"
    )
    # A fixed date in the year (n = 215 for 15 February): the first one strictly after x, as
    # continuum.core.timescales.shift counts it. Built from 1 January by months and days, not
    # make_date(y, n // 100, n % 100): DuckDB may evaluate a CASE branch for rows of other units
    # (72 hours would be "day 72"), and this arithmetic never raises.
    con.execute(
        "CREATE OR REPLACE MACRO _in_year(y, n) AS (CAST(make_date(CAST(y AS INTEGER), 1, 1) "
        "+ to_months(CAST(n AS INTEGER) // 100 - 1) AS DATE) + (CAST(n AS INTEGER) % 100 - 1))"
    )
    con.execute(
        "CREATE OR REPLACE MACRO date_in_year(x, n) AS (CASE "
        "WHEN _in_year(year(CAST(x AS DATE)), n) > CAST(x AS DATE) THEN _in_year(year(CAST(x AS DATE)), n) "
        "ELSE _in_year(year(CAST(x AS DATE)) + 1, n) END)"
    )
    # One macro per unit (what specialise_steps writes when the unit is known), and add_step
    # choosing among them by the unit given.
    for unit, body in STEPS.items():
        con.execute(f"CREATE OR REPLACE MACRO step_{unit}(x, n) AS ({body})")
    branches = " ".join(f"WHEN '{unit}' THEN step_{unit}(x, n)" for unit in STEPS)
    con.execute(f"CREATE OR REPLACE MACRO add_step(x, n, unit) AS (CASE unit {branches} END)")
    con.execute(
        "CREATE OR REPLACE MACRO period_days(s, e) AS TABLE "
        "SELECT CAST(generate_series AS DATE) AS day "
        "FROM generate_series(CAST(s AS DATE), CAST(e AS DATE), INTERVAL 1 DAY)"
    )
