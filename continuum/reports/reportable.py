"""Which months and financial years a report may be made for: none that has not started yet.

Why one module: Performance Matters and the board's annual table are asked for from the reports
page, from ``./run report`` and by the monthly draft job, and each must refuse the same periods
with the same words. A report for a month that has not begun has no figures at all ("–" in every
cell) and compares itself with the month still running as though it were complete, which misleads
a board. The month (or financial year) still running may be reported: its figures are "to date",
and the report says so (:func:`to_date_note`).
"""

from __future__ import annotations

from datetime import date

from continuum.core.dates import day_words
from continuum.metrics.periods import Period, PeriodError, PeriodKind, period_of

__all__ = ["check_month", "check_year", "latest_month", "latest_year", "to_date_note"]


def latest_month(today: date) -> Period:
    """The latest month that can be reported on ``today``: the month still running, to date."""
    return period_of(today)


def latest_year(today: date) -> Period:
    """The latest financial year that can be reported on ``today``: the one still running, to date."""
    return period_of(today, PeriodKind.FINANCIAL_YEAR)


def check_month(month: Period, today: date) -> None:
    """Refuse a month that has not started yet, naming the latest month that can be reported."""
    latest = latest_month(today)
    if month.start > latest.end:
        raise PeriodError(
            f"{month.words} has not started yet. The latest month you can report on is "
            f"{latest.words} (its figures so far)"
        )


def check_year(year: Period, today: date) -> None:
    """Refuse a financial year that has not started yet, naming the latest year that can be reported."""
    latest = latest_year(today)
    if year.start > latest.end:
        raise PeriodError(
            f"The financial year {year.label} has not started yet. The latest year you can report on is "
            f"{latest.label} ({latest.words}, its figures so far)"
        )


def to_date_note(period: Period, today: date) -> str:
    """A sentence saying the period is still running on ``today``, or "" once it has ended."""
    if period.end < today:
        return ""
    return f"{period.words} has not ended: its figures run to {day_words(today, long=True)} and will change."
