"""The safeguarding board's annual child-protection indicator table.

Sources: seed 004 L2474-2525 and seed 000 L1713-1763.

The board sees ten outturns a year for the last few financial years, newest
first, each with a trend arrow against the year before and "Provisional" on
the current, incomplete year. Layout follows the seed:
``↓35 (13.8%) Provisional``.

Why the arrows are strict here (any change shows ↑ or ↓; only an unchanged
figure is ↔): the seed's board table marks 3,089 to 3,082 as ↓ and 100% to
100% as ↔, whereas the monthly report's ↔ band (changes under 2%) is there to
quieten month-to-month noise. Arrows follow the count where a row shows a
count and a percentage, because that is the figure the arrow sits beside.

Why the current year is cut at the data date: a year-to-date snapshot "at 31
March" of a year that has not ended would count plans still open today as open
on a future date. The provisional column is computed for 1 April to the date
the data runs to, and says so.

Rows that no longer exist are left out: initial and core assessments were
replaced by the single assessment in 2013-14, so the first row is single
assessments completed.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pyarrow as pa

from continuum.core.dates import day_words
from continuum.core.safe_cells import safe_cell, safe_row
from continuum.metrics.engine import DOWN, SAME, UP, Engine, format_value
from continuum.metrics.periods import Period, PeriodKind, financial_year_period
from continuum.metrics.provisional import is_provisional
from continuum.metrics.schema import TABLES

from . import html as h

__all__ = [
    "BOARD_ROWS",
    "BoardCell",
    "BoardRow",
    "BoardTable",
    "ShownTable",
    "build",
    "read_csv",
    "to_csv",
    "to_html",
    "to_xlsx",
    "write",
]


@dataclass(frozen=True)
class BoardRow:
    """One board indicator: its wording, the engine indicator behind it and how it is shown.

    ``show`` is ``count`` (the numerator), ``percent`` (the value) or
    ``count_percent`` (numerator with the percentage in brackets, e.g. repeat
    plans ÷ plans started).
    """

    label: str
    code: str
    show: str = "count"


BOARD_ROWS: tuple[BoardRow, ...] = (
    BoardRow("Number of single assessments completed in the year", "assessments_completed"),
    BoardRow("Number of section 47 enquiries initiated during the year", "s47_started"),
    BoardRow(
        "Number of children subject to an initial child protection conference during the year", "icpc_held"
    ),
    BoardRow("Number of children subject to a child protection plan at 31 March", "cp_open"),
    BoardRow(
        "Number of children who became subject to a child protection plan during the year", "cp_started"
    ),
    BoardRow(
        "Of the child protection plans starting during the year, the number (plans) for a child who had "
        "a previous child protection plan (at any time)",
        "cp_repeat",
        "count_percent",
    ),
    BoardRow("Number of children with a child protection plan ceasing during the year", "cp_ended"),
    BoardRow(
        "Of the child protection plans ceasing during the year, the number (plans) that had lasted for 2 "
        "years or more",
        "cp_ended_2yr",
        "count_percent",
    ),
    BoardRow(
        "Of the child protection plans which should have been reviewed during the year, the percentage "
        "reviewed on time",
        "cp_reviews_on_time",
        "percent",
    ),
)


@dataclass
class BoardCell:
    """One outturn: exact parts, the arrow against the year before, and whether it is provisional."""

    count: int | float | None
    denominator: int | float | None
    percent: Fraction | None
    arrow: str | None
    provisional: bool
    places: int = 1
    status: str = "ok"

    @property
    def headline(self) -> Fraction | None:
        """The figure the arrow compares: the count, or the percentage for percentage rows."""
        return None if self.count is None else Fraction(self.count)

    def text(self, show: str) -> str:
        """The cell as the board reads it, without the arrow: "35 (13.8%)" or "100.0%"."""
        if show == "percent":
            return format_value(self.percent, "percent", self.places)
        if self.count is None:
            return "–"
        shown = format_value(self.count, "count")
        if show == "count_percent" and self.percent is not None:
            return f"{shown} ({format_value(self.percent, 'percent', self.places)})"
        return shown

    def display(self, show: str) -> str:
        """The seed's layout: arrow, figure, and "Provisional" on the current year."""
        return f"{self.arrow or ''}{self.text(show)}{' Provisional' if self.provisional else ''}"


@dataclass
class BoardTable:
    """The board's table: years newest first, one row per indicator, a cell per row and year."""

    years: list[Period]
    provisional: dict[str, bool]
    rows: tuple[BoardRow, ...]
    cells: dict[str, dict[str, BoardCell]]
    data_up_to: date
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def column_title(self, year: Period) -> str:
        return outturns_title(year.financial_year_start)


def outturns_title(fy_start: int) -> str:
    """A year's column title as the seed's table has it: "Outturns 20/21"."""
    fy = financial_year_period(fy_start)
    return f"Outturns {fy.start.year % 100:02d}/{fy.end.year % 100:02d}"


def board_arrow(current: Fraction | None, earlier: Fraction | None) -> str | None:
    """↑, ↓ or ↔ from last year's figure to this year's: any change counts (see module docstring)."""
    if current is None or earlier is None:
        return None
    if current == earlier:
        return SAME
    return UP if current > earlier else DOWN


def year_periods(
    data_up_to: date, years: int, settings: Mapping[str, Any] | None = None
) -> tuple[list[Period], dict[str, bool]]:
    """The last ``years`` financial years ending with the one holding ``data_up_to``, newest first.

    The current year is cut at ``data_up_to``. Each year is flagged provisional as
    :func:`continuum.metrics.provisional.is_provisional` says: cut short, or finished but
    its return not marked submitted and England's figures not yet out (as the seed's May
    2012 pack shows 2011-12).
    """
    fy_start = data_up_to.year if data_up_to.month >= 4 else data_up_to.year - 1
    out: list[Period] = []
    provisional: dict[str, bool] = {}
    for i in range(years):
        fy = financial_year_period(fy_start - i)
        provisional[fy.label] = is_provisional(fy.label, fy.end, data_up_to, settings)
        if i == 0 and data_up_to < fy.end:
            fy = Period(fy.start, data_up_to, PeriodKind.FINANCIAL_YEAR, fy.label)
        out.append(fy)
    return out, provisional


def build(
    tables: Mapping[str, pa.Table],
    *,
    years: int = 5,
    data_up_to: date,
    source: str = "",
    rows: Sequence[BoardRow] = BOARD_ROWS,
    settings: Mapping[str, Any] | None = None,
    engine: Engine | None = None,
) -> BoardTable:
    """Compute the board table for the ``years`` financial years up to ``data_up_to``."""
    engine = engine or Engine(tables, data_up_to=dict.fromkeys(TABLES, data_up_to), settings=settings)
    periods, provisional = year_periods(
        data_up_to, years, settings if settings is not None else engine.settings
    )
    codes = list(dict.fromkeys(r.code for r in rows))
    cells: dict[str, dict[str, BoardCell]] = {r.code: {} for r in rows}
    notes = list(engine.warnings)
    for period in periods:
        for result in engine.run(period, codes):
            known = result.status in ("ok", "incomplete")
            percent = result.exact if known and result.unit == "percent" else None
            cells[result.code][period.label] = BoardCell(
                count=result.numerator if known else None,
                denominator=result.denominator if known else None,
                percent=percent,
                arrow=None,
                provisional=provisional[period.label],
                places=result.places,
                status=result.status,
            )
            if result.status in ("error", "no_data"):
                notes.append(f"{result.title}, {period.label}: {result.error or '; '.join(result.notes)}")
    for row in rows:
        for newer, older in itertools.pairwise(periods):
            cell, before = cells[row.code][newer.label], cells[row.code][older.label]
            if row.show == "percent":
                cell.arrow = board_arrow(cell.percent, before.percent)
            else:
                cell.arrow = board_arrow(cell.headline, before.headline)
    return BoardTable(
        years=periods,
        provisional=provisional,
        rows=tuple(rows),
        cells=cells,
        data_up_to=data_up_to,
        source=source,
        notes=list(dict.fromkeys(notes)),
    )


# --- Output ---------------------------------------------------------------------------


def _header(table: BoardTable, year: Period) -> str:
    title = table.column_title(year)
    if table.provisional[year.label]:
        return f"{title} Provisional (to {day_words(year.end, long=True)})"
    return title


_ARROW_WORDS = {
    UP: "up on the year before",
    DOWN: "down on the year before",
    SAME: "the same as the year before",
}


def to_html(table: BoardTable, *, organisation: str = "") -> str:
    """The board table as an accessible HTML page."""
    headers: list[object] = ["Indicator"]
    for year in table.years:
        if table.provisional[year.label]:
            headers.append(
                h.Cell(
                    f"{h.esc(table.column_title(year))} "
                    f'<strong class="tag tag--grey">Provisional</strong>'
                    f'<br><span class="meta">to {h.esc(day_words(year.end, long=True))}</span>',
                    num=True,
                )
            )
        else:
            headers.append(h.Cell(h.esc(table.column_title(year)), num=True))
    body_rows: list[list[object]] = []
    for row in table.rows:
        cells: list[object] = [row.label]
        for year in table.years:
            cell = table.cells[row.code][year.label]
            arrow = ""
            if cell.arrow:
                arrow = (
                    f'<span class="arrow" aria-hidden="true">{cell.arrow}</span>'
                    f'<span class="visually-hidden">{_ARROW_WORDS[cell.arrow]}: </span>'
                )
            prov = ' <span class="tag tag--grey">Provisional</span>' if cell.provisional else ""
            cells.append(h.Cell(f"{arrow}{h.esc(cell.text(row.show))}{prov}", num=True))
        body_rows.append(cells)
    first, last = table.years[-1].label, table.years[0].label
    parts = [
        "<p>Arrows compare each year with the year before: ↑ higher, ↓ lower, ↔ the same. "
        "Percentages of repeat plans are of the plans started in the year; of plans lasting 2 years or "
        "more, of the plans ceasing in the year. A year is provisional while its figures can still move: "
        "the current year runs to the date the data runs to, and a finished year stays provisional until "
        "its return is marked submitted or England's figures are published.</p>",
        '<div class="wide">',
        h.table(f"Child protection indicators, {first} to {last}", headers, body_rows),
        "</div>",
        f"<p class='meta'>Source: {h.esc(table.source or 'the analytical tables')}. "
        f"Data up to {h.esc(day_words(table.data_up_to, long=True))}. "
        "What each figure counts is under Definitions below.</p>",
    ]
    if table.notes:
        parts.append("<h2>Data notes</h2><ul class='notes'>")
        parts.extend(f"<li>{h.esc(n)}</li>" for n in table.notes)
        parts.append("</ul>")
    parts.append(h.definitions((row.label, row.code) for row in table.rows))
    return h.page(
        "Indicators for the Safeguarding Children Partnership",
        "\n".join(parts),
        organisation=organisation,
        caption=f"Child protection outturns by financial year, {first} to {last}",
    )


#: The long format's headings, in words (people open the CSV in Excel as often as scripts read it).
#: "Period end" stays an ISO 8601 date (2026-03-31) in the CSV, so Excel and scripts read it as a
#: date whatever the locale; the spreadsheet's "Data" sheet holds a real date shown "31 Mar 2026".
#: "Indicator reference" is the engine's name for the indicator, the key to its definition.
CSV_COLUMNS = (
    "Indicator",
    "Indicator reference",
    "Financial year",
    "Provisional",
    "Period end",
    "Count",
    "Denominator",
    "Percentage",
    "Trend arrow",
    "Figure",
    "As shown in the table",
)


def long_rows(table: BoardTable) -> list[dict[str, Any]]:
    """One record per indicator and year: exact numbers for analysts, plus the board's display text.

    "Figure" is the cell without its arrow or "Provisional" ("35 (13.8%)"), so the table can be laid
    out again from the CSV (:func:`read_csv`) with each part in its place.
    """
    out = []
    for row in table.rows:
        for year in table.years:
            cell = table.cells[row.code][year.label]
            out.append(
                {
                    "Indicator": row.label,
                    "Indicator reference": row.code,
                    "Financial year": year.label,
                    "Provisional": "yes" if cell.provisional else "no",
                    "Period end": year.end,
                    "Count": cell.count,
                    "Denominator": cell.denominator,
                    "Percentage": None if cell.percent is None else float(cell.percent),
                    "Trend arrow": cell.arrow or "",
                    "Figure": cell.text(row.show),
                    "As shown in the table": cell.display(row.show),
                }
            )
    return out


def to_csv(table: BoardTable, path: Path) -> Path:
    """Long-format CSV (UTF-8 with BOM so Excel reads the arrows); dates ISO 8601 (see CSV_COLUMNS)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in long_rows(table):
            writer.writerow(
                {
                    k: "" if v is None else v.isoformat() if isinstance(v, date) else safe_cell(v)
                    for k, v in record.items()
                }
            )
    return path


@dataclass(frozen=True)
class ShownYear:
    """A column of the table as read back: its title, and the day a provisional year runs to."""

    label: str
    title: str
    provisional: bool
    to: date


@dataclass(frozen=True)
class ShownCell:
    """A cell as read back: the figure, its arrow against the year before, and whether provisional."""

    figure: str
    arrow: str
    provisional: bool

    @property
    def arrow_words(self) -> str:
        return _ARROW_WORDS.get(self.arrow, "")


@dataclass(frozen=True)
class ShownTable:
    """The board table laid out again from its CSV, for the reports page."""

    years: list[ShownYear]
    rows: list[tuple[str, list[ShownCell]]]

    @property
    def caption(self) -> str:
        return f"Child protection indicators, {self.years[-1].label} to {self.years[0].label}"


def read_csv(path: Path) -> ShownTable | None:
    """The table from a CSV :func:`to_csv` wrote, or ``None`` for a file in an older layout.

    Why from the CSV: the report's version keeps its files, not the figures, and the CSV holds every
    part of every cell; reading it back shows the same figures the downloads hold, with no second
    calculation that could differ from them. Files written before the headings were words (they
    lack "Figure") are offered as downloads only.
    """
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not set(CSV_COLUMNS) <= set(reader.fieldnames or ()):
            return None
        records = list(reader)
    if not records:
        return None
    years: dict[str, ShownYear] = {}
    rows: dict[str, list[ShownCell]] = {}
    for rec in records:
        label = rec["Financial year"]
        provisional = rec["Provisional"] == "yes"
        if label not in years:
            to = date.fromisoformat(rec["Period end"])
            years[label] = ShownYear(label, outturns_title(int(label[:4])), provisional, to)
        cell = ShownCell(rec["Figure"], rec["Trend arrow"], provisional)
        rows.setdefault(rec["Indicator"], []).append(cell)
    return ShownTable(years=list(years.values()), rows=list(rows.items()))


def to_xlsx(table: BoardTable, path: Path) -> Path:
    """A workbook: "Board table" laid out as the board reads it, and "Data" with exact numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Board table"
    ws.append(["Indicator", *(_header(table, y) for y in table.years)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        ws.append(
            safe_row([row.label, *(table.cells[row.code][y.label].display(row.show) for y in table.years)])
        )
    ws.column_dimensions["A"].width = 70
    for i in range(len(table.years)):
        ws.column_dimensions[get_column_letter(i + 2)].width = 24
    for r in ws.iter_rows(min_row=2):
        r[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    data = wb.create_sheet("Data")
    data.append(list(CSV_COLUMNS))
    for cell in data[1]:
        cell.font = Font(bold=True)
    period_end = CSV_COLUMNS.index("Period end") + 1
    for record in long_rows(table):
        data.append(safe_row(record[c] for c in CSV_COLUMNS))
        data.cell(row=data.max_row, column=period_end).number_format = "d mmm yyyy"  # "31 Mar 2026"
    wb.save(path)
    return path


def write(table: BoardTable, out: Path, *, organisation: str = "") -> list[Path]:
    """Write the HTML, XLSX and CSV files to ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"board-annual-{table.years[-1].label}-to-{table.years[0].label}"
    html_path = out / f"{stem}.html"
    html_path.write_text(to_html(table, organisation=organisation), encoding="utf-8")
    return [html_path, to_xlsx(table, out / f"{stem}.xlsx"), to_csv(table, out / f"{stem}.csv")]
