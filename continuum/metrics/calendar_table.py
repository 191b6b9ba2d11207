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
  of X" is ``done <= add_wd(X, N)`` (domain.md §1: done on the due date is on
  time).

Dates outside the table give NULL, never a wrong number; the engine sizes the
table from the data so that does not happen in practice.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa

from continuum.core.working_days import WorkingDayCalendar

__all__ = ["build_calendar_table", "install_calendar"]


def build_calendar_table(calendar: WorkingDayCalendar, first: date, last: date) -> pa.Table:
    """Every date from ``first`` to ``last`` with ``is_working_day`` and ``wd_ord``.

    ``wd_ord`` is the count of working days ``d`` with ``first < d <= date``
    (0 on ``first``), so differences of ordinals are working-day counts.
    """
    if last < first:
        raise ValueError(f"calendar table: last ({last}) is before first ({first})")
    calendar.preload(first.year, last.year)
    days: list[date] = []
    working: list[bool] = []
    ordinals: list[int] = []
    ordinal = 0
    d = first
    while d <= last:
        is_working = calendar.is_working_day(d)
        if is_working and d != first:
            ordinal += 1
        days.append(d)
        working.append(is_working)
        ordinals.append(ordinal)
        d += timedelta(days=1)
    return pa.table(
        {
            "d": pa.array(days, pa.date32()),
            "is_working_day": pa.array(working, pa.bool_()),
            "wd_ord": pa.array(ordinals, pa.int32()),
        }
    )


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
    # The first working day whose ordinal is wd_ord(x) + n. Because wd_ord(x)
    # counts x itself when x is a working day, this is the n-th working day
    # strictly after x whether or not x is a working day.
    con.execute(
        "CREATE OR REPLACE MACRO add_wd(x, n) AS "
        "(SELECT min(d) FROM wd_working WHERE wd_ord = wd_ord(x) + n AND d > CAST(x AS DATE))"
    )
