"""Reporting periods: months, financial quarters, financial years and rolling 12 months.

Why a module of its own: every figure in the performance cycle is "for a
period", and the same four kinds of period appear in the monthly Performance
Matters report, board papers and the statutory returns (seed 003 L456-462, seed 004
L2474-2525). Parsing
them in one place, with clear errors, keeps "Q1" meaning April to June
everywhere (English local authorities report by financial year, 1 April to
31 March).

The labels, exactly as users type them:

* ``"2024-07"``: the calendar month July 2024.
* ``"Q1-2024"``: the first quarter of financial year 2024-25, April to June
  2024. ``Q4-2024`` is January to March 2025.
* ``"2024-25"``: the financial year 1 April 2024 to 31 March 2025.
* ``"R12-2024-07"``: the rolling 12 months ending with July 2024, that is
  1 August 2023 to 31 July 2024.

Every period is a closed span of dates ``start <= d <= end``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from continuum.core.dates import MONTHS, day_words

__all__ = ["MONTH_NAMES", "Period", "PeriodError", "PeriodKind", "month_period", "parse_period"]


class PeriodError(ValueError):
    """A period label that cannot be read; the message says what is accepted."""


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    ROLLING_12 = "rolling_12"


_ACCEPTED = (
    'a month "2024-07", a financial quarter "Q1-2024" (Q1 = April-June), '
    'a financial year "2024-25" or a rolling 12 months "R12-2024-07"'
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^Q([1-4])-(\d{4})$")
_FY = re.compile(r"^FY(\d{4})-(\d{2})$")
_R12 = re.compile(r"^R12-(\d{4})-(\d{2})$")
#: Month names by number (index 0 unused), from the one list in continuum.core.dates.
MONTH_NAMES = ("", *MONTHS)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) moved by ``by`` months, either way."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a kind, its label, and the closed date span it covers."""

    start: date
    end: date
    kind: PeriodKind
    label: str

    # -- derived periods ---------------------------------------------------

    def previous(self) -> Period:
        """The period just before, of the same kind.

        For a rolling 12 months this is the rolling 12 months ending one
        month earlier, so the month-on-month movement of a rolling figure
        can be shown (the non-overlapping year before is
        :meth:`same_period_last_year`).
        """
        if self.kind is PeriodKind.MONTH:
            return month_period(*_shift_month(self.start.year, self.start.month, -1))
        if self.kind is PeriodKind.QUARTER:
            q, fy = self.quarter_number, self.financial_year_start
            return quarter_period(q - 1, fy) if q > 1 else quarter_period(4, fy - 1)
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_period(self.financial_year_start - 1)
        return rolling_12_period(*_shift_month(self.end.year, self.end.month, -1))

    def same_period_last_year(self) -> Period:
        """The same months one year earlier."""
        if self.kind is PeriodKind.MONTH:
            return month_period(self.start.year - 1, self.start.month)
        if self.kind is PeriodKind.QUARTER:
            return quarter_period(self.quarter_number, self.financial_year_start - 1)
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return financial_year_period(self.financial_year_start - 1)
        return rolling_12_period(self.end.year - 1, self.end.month)

    def months(self) -> list[Period]:
        """The calendar months the period is made of, in order."""
        return months_between(self.start, self.end)

    def last_12_months(self) -> list[Period]:
        """The 12 calendar months ending with the period's last month (for the rolling average)."""
        return rolling_12_period(self.end.year, self.end.month).months()

    @property
    def quarter_number(self) -> int:
        """Financial quarter 1-4 of the period's start (Q1 = April-June)."""
        return (self.start.month - 4) % 12 // 3 + 1

    @property
    def financial_year_start(self) -> int:
        """The calendar year in which the financial year containing ``start`` begins."""
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def title(self) -> str:
        """A human title, e.g. "July 2024" or "1 April 2024 to 31 March 2025"."""
        if self.kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[self.start.month]} {self.start.year}"
        return f"{day_words(self.start, long=True)} to {day_words(self.end, long=True)}"

    @property
    def words(self) -> str:
        """The period in words, short enough for a figure's caption: "October 2026",
        "April to June 2026", "April 2025 to March 2026", "12 months to October 2026"."""
        first, last = MONTH_NAMES[self.start.month], MONTH_NAMES[self.end.month]
        if self.kind is PeriodKind.MONTH:
            return f"{first} {self.start.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"{first} to {last} {self.end.year}"
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return f"{first} {self.start.year} to {last} {self.end.year}"
        return f"12 months to {last} {self.end.year}"

    def __str__(self) -> str:
        return self.label


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), _month_end(year, month), PeriodKind.MONTH, f"{year:04d}-{month:02d}")


def quarter_period(q: int, fy_start: int) -> Period:
    """Financial quarter ``q`` of the financial year starting in April ``fy_start``."""
    first_year, first_month = _shift_month(fy_start, 4, (q - 1) * 3)
    last_year, last_month = _shift_month(first_year, first_month, 2)
    return Period(
        date(first_year, first_month, 1),
        _month_end(last_year, last_month),
        PeriodKind.QUARTER,
        f"Q{q}-{fy_start}",
    )


def financial_year_period(fy_start: int) -> Period:
    return Period(
        date(fy_start, 4, 1),
        date(fy_start + 1, 3, 31),
        PeriodKind.FINANCIAL_YEAR,
        f"{fy_start}-{(fy_start + 1) % 100:02d}",
    )


def parse_financial_year(label: str) -> Period:
    """A financial year written ``2024-25`` (or ``FY2024-25``), read only as a financial year.

    Why beside :func:`parse_period`: an annual report's ``--year`` is always a financial year, so
    ``2011-12`` means April 2011 to March 2012 there, never December 2011. One reader for every
    annual report, so they all accept and refuse the same labels with the same message.
    """
    text = str(label).strip().upper().removeprefix("FY")
    m = _MONTH.match(text)
    if not m or int(m[2]) != (int(m[1]) + 1) % 100:
        raise PeriodError(f"the year must be a financial year written like 2024-25, not {label!r}")
    return financial_year_period(_year(m[1], label))


def parse_month(label: str) -> Period:
    """A calendar month written ``2024-07``, read only as a month (``2024-25`` is refused, not a year).

    Why beside :func:`parse_period`: a form's "from"/"to" month and an import's month column take a
    month and nothing else, and each had its own pattern for it.
    """
    m = _MONTH.match(str(label).strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise PeriodError(f"the month must be written like 2024-07, not {label!r}")
    return month_period(_year(m[1], label), int(m[2]))


def period_of(day: date, kind: PeriodKind = PeriodKind.MONTH) -> Period:
    """The month, financial quarter, financial year or rolling 12 months (ending with its month) that
    ``day`` falls in: where a figure dated ``day`` is counted."""
    month = month_period(day.year, day.month)
    if kind is PeriodKind.MONTH:
        return month
    if kind is PeriodKind.QUARTER:
        return quarter_period(month.quarter_number, month.financial_year_start)
    if kind is PeriodKind.FINANCIAL_YEAR:
        return financial_year_period(month.financial_year_start)
    return rolling_12_period(day.year, day.month)


def months_between(first: date, last: date) -> list[Period]:
    """The calendar months from ``first``'s to ``last``'s, both included (none if ``last`` is earlier)."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(month_period(year, month))
        year, month = _shift_month(year, month, 1)
    return months


def rolling_12_period(year: int, month: int) -> Period:
    """The 12 months ending with ``month`` of ``year``."""
    first_year, first_month = _shift_month(year, month, -11)
    return Period(
        date(first_year, first_month, 1),
        _month_end(year, month),
        PeriodKind.ROLLING_12,
        f"R12-{year:04d}-{month:02d}",
    )


def _year(text: str, label: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2999:
        raise PeriodError(f"Period {label!r}: year {year} is out of range (1900-2999).")
    return year


def _month(text: str, label: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise PeriodError(f"Period {label!r}: month {month:02d} is not 01-12. Expected {_ACCEPTED}.")
    return month


def parse_period(label: str | Period) -> Period:
    """Read a period label (see the module docstring); raise :class:`PeriodError` if unreadable.

    ``"2024-07"`` and ``"2024-25"`` share a shape: the second part is read as
    a month when it is 01-12 and as the end of a financial year when it is
    the two digits of the following year. Anything else is an error rather
    than a guess. For 2000-2011 the two readings clash ("2011-12" is
    December 2011); the month wins, and ``"FY2011-12"`` names the financial
    year unambiguously (it is accepted for any year).
    """
    if isinstance(label, Period):
        return label
    if not isinstance(label, str):
        raise PeriodError(f"Period must be a string such as '2024-25', not {type(label).__name__}.")
    text = label.strip().upper()
    if m := _R12.match(text):
        return rolling_12_period(_year(m[1], label), _month(m[2], label))
    if m := _QUARTER.match(text):
        return quarter_period(int(m[1]), _year(m[2], label))
    if m := _FY.match(text):
        year = _year(m[1], label)
        if int(m[2]) != (year + 1) % 100:
            raise PeriodError(f"Period {label!r}: a financial year is written {year}-{(year + 1) % 100:02d}.")
        return financial_year_period(year)
    if m := _MONTH.match(text):
        year, second = _year(m[1], label), int(m[2])
        if 1 <= second <= 12:
            return month_period(year, second)
        if second == (year + 1) % 100:
            return financial_year_period(year)
        raise PeriodError(
            f"Period {label!r}: {m[2]} is neither a month (01-12) nor the year after {year} "
            f"({(year + 1) % 100:02d}). Expected {_ACCEPTED}."
        )
    raise PeriodError(f"Period {label!r} is not recognised. Expected {_ACCEPTED}.")
