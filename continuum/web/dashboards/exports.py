"""A dashboard as CSV or XLSX: the figures exactly as on the page, plus the exact parts.

Aggregates only: no child appears in an export (the children behind a figure
are seen on the drill-down page, where each viewing is logged).

Words, as on the page: the status, unit and trend are said as the dashboard says them (the unit
in the words of "What this figure means", :attr:`~.build.IndicatorView.unit_words`), and the
indicator's code is the last column, "Indicator reference", for an analyst tracing a figure to
docs/indicators.md. Dates are real dates: written as a person writes them ("1 Jul 2024") in the
CSV, and date cells shown as "d mmm yyyy" in the XLSX, so a spreadsheet can still sort them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from continuum.core.dates import day_words
from continuum.core.safe_cells import safe_cell, safe_row
from continuum.metrics.comparators import COMPARATORS
from continuum.metrics.periods import Period
from continuum.web.dashboards.areas import DashboardArea
from continuum.web.dashboards.build import ComparisonView, IndicatorView, period_label_title

#: How a date cell of an XLSX export is shown: "1 Jul 2024", as the pages write a day.
XLSX_DATE_FORMAT = "d mmm yyyy"

#: A figure's status (the engine's ``IndicatorResult.status``) as the export says it.
STATUS_WORDS = {
    "ok": "Calculated",
    "incomplete": "Calculated on incomplete data (see the notes)",
    "no_data": "Not calculated: no data for this period (see the notes)",
    "error": "Could not be calculated",
}

HEADER = (
    "Area",
    "Period",
    "Period start",
    "Period end",
    "Indicator",
    "Value (as shown)",
    "Value (unrounded)",
    "Numerator",
    "Denominator",
    "Unit",
    "Polarity",
    "Target",
    "RAG",
    "Status",
    "Previous period",
    "Previous period value",
    "Previous period trend",
    "Same period last year",
    "Same period last year value",
    "Same period last year trend",
    # England, London and statistical neighbours, as on the page: the figure and its year.
    *(column for name in COMPARATORS for column in (name, f"{name} year")),
    "Notes",
    "Error",
    # Last: an analyst's reference to docs/indicators.md, not something a reader needs first.
    "Indicator reference",
)


def trend_words(c: ComparisonView) -> str:
    """A comparison's trend as one phrase: "Up (better)", "Down (neither better nor worse)",
    "No real change"; not the arrow's words and the verdict run together ("down neither ...")."""
    if c.arrow is None:
        return "No figure to compare"
    if c.arrow == "↔":
        return "No real change"
    return f"{c.arrow_text.capitalize()} ({c.verdict})"


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def rows(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> list[list[Any]]:
    out = []
    for v in views:
        comps = {c.name: c for c in v.comparisons}
        row: list[Any] = [
            area.title,
            period_label_title(period),
            period.start,
            period.end,
            v.title,
            v.display,
            v.result.value if v.result is not None and v.status != "error" else None,
            v.numerator,
            v.denominator,
            _capfirst(v.unit_words),
            _capfirst(v.polarity_words),
            v.target_display if v.target_display != "None set" else "",
            v.rag_text,
            STATUS_WORDS.get(v.status, v.status),
        ]
        for name in ("previous_period", "same_period_last_year"):
            c = comps.get(name)
            row += [c.words or c.label, c.display, trend_words(c)] if c else ["", "", ""]
        held = {c.name: c for c in v.comparators}
        for name in COMPARATORS:
            c = held.get(name)
            row += [c.display, c.year or ""] if c else ["", ""]
        row += ["; ".join(v.notes), v.error or "", v.code]
        out.append(safe_row(row))
    return out


def csv_bytes(header: Sequence[str], body: Sequence[Sequence[Any]]) -> bytes:
    """A header and rows as UTF-8 CSV, text that looks like a formula made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_csv_cell(x) for x in r] for r in body)
    # A byte-order mark so Excel reads the arrows and en dashes as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    """A CSV cell: a date as a person writes it ("1 Jul 2024"), nothing as blank, text made safe."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return day_words(value)
    return safe_cell(value)


def xlsx_bytes(
    header: Sequence[str], body: Sequence[Sequence[Any]], title: str, widths: Sequence[tuple[str, int]] = ()
) -> bytes:
    """A header and rows as one XLSX sheet, header bold and frozen, dates as date cells ("1 Jul 2024")."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in body:
        sheet.append(safe_row(r))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = XLSX_DATE_FORMAT
    sheet.freeze_panes = "A2"
    for column, width in widths:
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> bytes:
    return csv_bytes(HEADER, rows(area, period, views))


def to_xlsx(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> bytes:
    from openpyxl.utils import get_column_letter

    widths = {"Indicator": 50, "Unit": 40, "Polarity": 30, "Status": 30, "Notes": 60, "Error": 40}
    columns = [(get_column_letter(HEADER.index(name) + 1), width) for name, width in widths.items()]
    return xlsx_bytes(HEADER, rows(area, period, views), "Dashboard", columns)
