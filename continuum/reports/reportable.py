"""Which months and financial years a report may be made for: none that has not started yet.

Why one module: Performance Matters and the board's annual table are asked for from the reports
page, from ``./run report`` and by the monthly draft job, and each must refuse the same periods
with the same words. A report for a month that has not begun has no figures at all ("–" in every
cell) and compares itself with the month still running as though it were complete, which misleads
a board. The month (or financial year) still running may be reported: its figures are "to date",
and the report says so (:func:`to_date_note`).
"""

from __future__ import annotations

import re
from datetime import date

from continuum.core.dates import MONTHS, day_words
from continuum.metrics.periods import Period, PeriodError, PeriodKind, month_period, period_of

__all__ = [
    "check_begun",
    "check_month",
    "check_year",
    "latest_month",
    "latest_year",
    "read_month",
    "to_date_note",
]

#: "november", "nov" and "sept" -> 11, 11, 9: a month's name, or its first three letters.
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)
}
_MONTH_NUMBERS["sept"] = 9
_NAMED = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")


def read_month(given: str) -> Period | None:
    """The month typed as people write it: "November 2026", "Nov 2026", "11/2026" or "2026-11".

    Why not only "2026-11": staff write a month in words, and the page asks for "the month"; a
    form that refuses "November 2026" sends them back for the machine's spelling. ``None`` when it
    is none of these (the caller names the field and gives an example).
    """
    text = " ".join(given.strip().lower().split())
    if m := _NAMED.match(text):
        number, year = _MONTH_NUMBERS.get(m[1]), int(m[2])
    elif m := _SLASHED.match(text):
        number, year = int(m[1]), int(m[2])
    elif m := _ISO.match(text):
        number, year = int(m[2]), int(m[1])
    else:
        return None
    if number is None or not 1 <= number <= 12:
        return None
    try:
        return month_period(year, number)
    except ValueError:  # the year 0000: no such date
        return None


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


def check_begun(period: Period, first_record: date | None) -> None:
    """Refuse a month or year that ended before the borough's records begin (``first_record``).

    Why: the engine counts nothing in a period before the first record, so a report for it is a
    table of noughts that looks like a quiet year ("1999-00": no referrals, no plans) rather than
    no data. The bound is the data's own, the earliest event recorded
    (:func:`continuum.reports.sources.earliest_event_date`), so a council whose imported returns go
    back to 2015 may report on 2015. ``None`` (nothing recorded yet) refuses nothing here: the job
    then says the record holds no dated events.
    """
    if first_record is None or period.end >= first_record:
        return
    first = period_of(first_record, period.kind)
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        raise PeriodError(
            f"The borough's records begin on {day_words(first_record)}, so there are no "
            f"figures for {period.label}. The earliest year you can report on is "
            f"{first.financial_year_start} ({first.words})"
        )
    raise PeriodError(
        f"The borough's records begin on {day_words(first_record)}, so there are no "
        f"figures for {period.words}. The earliest month you can report on is {first.words}"
    )


def to_date_note(period: Period, today: date) -> str:
    """A sentence saying the period is still running on ``today``, or "" once it has ended."""
    if period.end < today:
        return ""
    return f"{period.words} has not ended: its figures run to {day_words(today, long=True)} and will change."
