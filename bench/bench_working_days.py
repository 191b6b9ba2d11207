"""How fast the working-day calendar answers: every statutory clock calls it."""

from __future__ import annotations

from datetime import date, timedelta

from continuum.core.working_days import WorkingDayCalendar
from continuum.devtools.bench import Benchmark

_calendar = WorkingDayCalendar()
_starts = [date(2021, 4, 1) + timedelta(days=i) for i in range(10_000)]


def _add_45_working_days() -> None:
    for start in _starts:
        _calendar.add_working_days(start, 45)


def _between_one_year() -> None:
    for start in _starts:
        _calendar.working_days_between(start, start + timedelta(days=365))


BENCHMARKS = [
    Benchmark(
        name="add_working_days(start, 45)",
        data_size="10,000 start dates (2021–2048)",
        run=_add_45_working_days,
    ),
    Benchmark(
        name="working_days_between over one year",
        data_size="10,000 start dates (2021–2048)",
        run=_between_one_year,
    ),
]
