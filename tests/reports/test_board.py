"""The board's annual table on a hand-built 3-year case: arrows, Provisional, CSV and XLSX round trip."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from continuum.reports import board
from continuum.reports.board import BoardRow

from .data import cp_plans_three_years

ROWS = (
    BoardRow("Number of children subject to a child protection plan at 31 March", "cp_open"),
    BoardRow(
        "Number of children who became subject to a child protection plan during the year", "cp_started"
    ),
    BoardRow("Of those, the number who had a previous child protection plan", "cp_repeat", "count_percent"),
    BoardRow("Number of children with a child protection plan ceasing during the year", "cp_ended"),
)


@pytest.fixture(scope="module")
def result() -> board.BoardTable:
    return board.build(
        cp_plans_three_years(),
        years=3,
        data_up_to=date(2020, 8, 31),
        source="test",
        rows=ROWS,
        settings={"years": {"2019-20": "submitted"}},  # the return is in: final before November
    )


def _display(t: board.BoardTable) -> dict[str, list[str]]:
    return {r.code: [t.cells[r.code][y.label].display(r.show) for y in t.years] for r in t.rows}


def test_years_newest_first_and_provisional(result: board.BoardTable) -> None:
    assert [y.label for y in result.years] == ["2020-21", "2019-20", "2018-19"]
    assert result.provisional == {"2020-21": True, "2019-20": False, "2018-19": False}
    assert result.years[0].end == date(2020, 8, 31)  # the current year is cut at the data date


def test_arrows_against_the_previous_year(result: board.BoardTable) -> None:
    assert _display(result) == {
        # open at 31 March 2019: 0; 2020: 12; at 31 August 2020: 24
        "cp_open": ["↑24 Provisional", "↑12", "0"],
        "cp_started": ["↔12 Provisional", "↑12", "10"],
        # repeat plans ÷ plans started: 3/12 = 25.0%, 3/12, 1/10 = 10.0%
        "cp_repeat": ["↔3 (25.0%) Provisional", "↑3 (25.0%)", "1 (10.0%)"],
        "cp_ended": ["↔0 Provisional", "↓0", "10"],
    }


def test_a_complete_year_is_provisional_until_submitted_or_published() -> None:
    t = board.build(cp_plans_three_years(), years=2, data_up_to=date(2020, 3, 31), rows=ROWS)
    assert [y.label for y in t.years] == ["2019-20", "2018-19"]
    # 2019-20 has ended but nothing says its return is in (as the seed's May 2012 pack shows
    # 2011-12); 2018-19's national figures came out in November 2019.
    assert t.provisional == {"2019-20": True, "2018-19": False}
    marked = board.build(
        cp_plans_three_years(),
        years=2,
        data_up_to=date(2020, 3, 31),
        rows=ROWS,
        settings={"years": {"2019-20": "submitted"}},
    )
    assert not any(marked.provisional.values())


def test_html_csv_and_xlsx(result: board.BoardTable, tmp_path: Path) -> None:
    html_path, xlsx_path, csv_path = board.write(result, tmp_path)
    text = html_path.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in text
    assert "<caption>" in text
    assert 'scope="row"' in text
    assert "Outturns 20/21" in text
    assert "Provisional" in text
    assert "↑" in text

    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    repeat_now = next(
        r for r in records if r["Indicator reference"] == "cp_repeat" and r["Financial year"] == "2020-21"
    )
    assert repeat_now["Count"] == "3"
    assert repeat_now["Denominator"] == "12"
    assert float(repeat_now["Percentage"]) == pytest.approx(25.0)
    assert repeat_now["Provisional"] == "yes"
    assert repeat_now["Trend arrow"] == "↔"

    wb = load_workbook(xlsx_path)
    sheet = wb["Board table"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1].startswith("Outturns 20/21 Provisional")
    assert values[0][2] == "Outturns 19/20"
    assert [list(v[1:]) for v in values[1:]] == list(_display(result).values())
    data = list(wb["Data"].iter_rows(values_only=True))
    assert data[0] == board.CSV_COLUMNS
    assert len(data) == 1 + len(ROWS) * 3
    first = dict(zip(data[0], data[1], strict=True))
    assert first["Indicator reference"] == "cp_open"
    assert first["Count"] == 24
    assert first["Provisional"] == "yes"
