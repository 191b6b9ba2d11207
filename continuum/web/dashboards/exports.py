"""A dashboard as CSV or XLSX: the figures exactly as on the page, plus the exact parts.

Aggregates only: no child appears in an export (the children behind a figure
are seen on the drill-down page, where each viewing is logged).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from continuum.core.safe_cells import safe_cell, safe_row
from continuum.metrics.comparators import COMPARATORS
from continuum.metrics.periods import Period
from continuum.web.dashboards.areas import DashboardArea
from continuum.web.dashboards.build import IndicatorView

HEADER = (
    "Area",
    "Period",
    "Period start",
    "Period end",
    "Code",
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
)


def rows(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> list[list[Any]]:
    out = []
    for v in views:
        comps = {c.name: c for c in v.comparisons}
        row: list[Any] = [
            area.title,
            period.label,
            period.start.isoformat(),
            period.end.isoformat(),
            v.code,
            v.title,
            v.display,
            v.result.value if v.result is not None and v.status != "error" else None,
            v.numerator,
            v.denominator,
            v.unit,
            v.polarity,
            v.target_display if v.target_display != "None set" else "",
            v.rag_text,
            v.status,
        ]
        for name in ("previous_period", "same_period_last_year"):
            c = comps.get(name)
            row += [c.label, c.display, f"{c.arrow_text} {c.verdict}".strip()] if c else ["", "", ""]
        held = {c.name: c for c in v.comparators}
        for name in COMPARATORS:
            c = held.get(name)
            row += [c.display, c.year or ""] if c else ["", ""]
        row += ["; ".join(v.notes), v.error or ""]
        out.append(safe_row(row))
    return out


def csv_bytes(header: Sequence[str], body: Sequence[Sequence[Any]]) -> bytes:
    """A header and rows as UTF-8 CSV, text that looks like a formula made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(["" if x is None else safe_cell(x) for x in r] for r in body)
    # A byte-order mark so Excel reads the arrows and en dashes as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], body: Sequence[Sequence[Any]], title: str, widths: Sequence[tuple[str, int]] = ()
) -> bytes:
    """A header and rows as one XLSX sheet, header bold and frozen."""
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
    sheet.freeze_panes = "A2"
    for column, width in widths:
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> bytes:
    return csv_bytes(HEADER, rows(area, period, views))


def to_xlsx(area: DashboardArea, period: Period, views: Sequence[IndicatorView]) -> bytes:
    return xlsx_bytes(HEADER, rows(area, period, views), "Dashboard", (("F", 50), ("V", 60), ("W", 40)))
