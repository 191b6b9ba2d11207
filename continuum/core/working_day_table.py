"""The working-day calendar as an Arrow table: one row per date with its ordinal.

Both the indicator engine (``continuum.metrics``) and the return validators
(``continuum.returns``) count working days in SQL by joining on this table, so
it is built in one place from :class:`WorkingDayCalendar`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa

from continuum.core.working_days import WorkingDayCalendar

__all__ = ["build_calendar_table"]


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
