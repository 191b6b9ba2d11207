"""Mends from the reports walk: commentary paragraphs, months as people type them, the records' first
day as a bound, the board CSV's words and dates, the table read back, and definitions in the report."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from continuum.metrics import definitions
from continuum.metrics.periods import PeriodError, financial_year_period, month_period
from continuum.reports import board
from continuum.reports import html as h
from continuum.reports import performance_matters as pm
from continuum.reports.reportable import check_begun, read_month
from continuum.reports.sources import earliest_event_date, latest_event_date

from .data import cp_plans_three_years, referrals_for_seed
from .test_board import ROWS

# --- 2. Commentary: a blank line parts paragraphs, whatever the line endings; text stays text ---------


def test_a_browsers_blank_line_parts_the_commentary_into_paragraphs() -> None:
    # A browser sends a textarea's lines ended by CR LF: two paragraphs arrive as "\r\n\r\n".
    typed = (
        "Contacts rose after the\r\nschools' week.\r\n\r\nThe MASH added <b>a duty worker</b>.\r\n \r\nDone."
    )
    assert pm.commentary_paragraphs(typed) == [
        "Contacts rose after the schools' week.",  # a single line break is reflowed, not a paragraph
        "The MASH added <b>a duty worker</b>.",
        "Done.",  # a line holding only a space is blank
    ]
    assert pm.commentary_html(typed) == (
        '<div class="commentary"><h4>Commentary</h4>'
        "<p>Contacts rose after the schools&#x27; week.</p>"
        "<p>The MASH added &lt;b&gt;a duty worker&lt;/b&gt;.</p>"
        "<p>Done.</p></div>"
    )
    assert pm.commentary_paragraphs("\r\n \r\n") == []
    assert pm.commentary_html("") == ""


def test_the_reports_commentary_prints_two_paragraphs() -> None:
    report = pm.build(referrals_for_seed(), "2020-07", sections={"Front door": ("referrals",)}, charts=())
    text = pm.render_html(report, {"Front door": "First point.\r\n\r\nSecond <i>point</i>."})
    assert "<h4>Commentary</h4><p>First point.</p><p>Second &lt;i&gt;point&lt;/i&gt;.</p>" in text


# --- 7. The month as people type it ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["November 2026", "Nov 2026", "nov 2026", " NOVEMBER   2026 ", "Nov. 2026", "11/2026", "2026-11"]
)
def test_a_month_typed_as_people_write_it(typed: str) -> None:
    assert read_month(typed) == month_period(2026, 11)


def test_september_as_sept_and_a_month_without_its_zero() -> None:
    assert read_month("Sept 2026") == month_period(2026, 9)
    assert read_month("9/2026") == month_period(2026, 9)
    assert read_month("2026-9") == month_period(2026, 9)


@pytest.mark.parametrize(
    "typed", ["Nov", "2026", "13/2026", "2026-13", "0/2026", "Movember 2026", "0000-01", ""]
)
def test_what_is_not_a_month(typed: str) -> None:
    assert read_month(typed) is None


# --- 3. A period wholly before the borough's records begin is refused, saying where they begin ------


def test_a_year_before_the_records_begin_is_refused_naming_the_first_year() -> None:
    first = date(2021, 6, 10)
    with pytest.raises(PeriodError) as refused:
        check_begun(financial_year_period(2020), first)  # 1 Apr 2020 to 31 Mar 2021: all before
    assert str(refused.value) == (
        "The borough's records begin on 10 Jun 2021, so there are no figures for 2020-21. "
        "The earliest year you can report on is 2021 (April 2021 to March 2022)"
    )
    check_begun(financial_year_period(2021), first)  # holds the first record: allowed
    check_begun(financial_year_period(1999), None)  # nothing recorded: the job says so instead


def test_a_month_before_the_records_begin_is_refused_naming_the_first_month() -> None:
    first = date(2021, 6, 10)
    with pytest.raises(PeriodError) as refused:
        check_begun(month_period(2021, 5), first)
    assert str(refused.value) == (
        "The borough's records begin on 10 Jun 2021, so there are no figures for May 2021. "
        "The earliest month you can report on is June 2021"
    )
    check_begun(month_period(2021, 6), first)


def test_where_the_records_begin_is_the_earliest_event() -> None:
    # Referrals on 15 Jul 2019 (294), 15 Jun 2020 (249) and 15 Jul 2020 (234).
    tables = referrals_for_seed()
    assert earliest_event_date(tables) == date(2019, 7, 15)
    assert latest_event_date(tables) == date(2020, 7, 15)
    assert earliest_event_date({}) is None


# --- 6. The board's CSV and Data sheet: headings in words; dates ISO in the CSV, "31 Mar 2026" in the sheet


@pytest.fixture(scope="module")
def three_years() -> board.BoardTable:
    return board.build(
        cp_plans_three_years(),
        years=3,
        data_up_to=date(2020, 8, 31),
        source="test",
        rows=ROWS,
        settings={"years": {"2019-20": "submitted"}},
    )


def test_the_csv_speaks_words_and_keeps_iso_dates(three_years: board.BoardTable, tmp_path: Path) -> None:
    path = board.to_csv(three_years, tmp_path / "t.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
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
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Indicator reference"] == "cp_open"
    assert first["Period end"] == "2020-08-31"  # the current year, cut at the data date
    assert (first["Figure"], first["As shown in the table"]) == ("24", "↑24 Provisional")
    assert dict(zip(rows[0], rows[2], strict=True))["Period end"] == "2020-03-31"


def test_the_data_sheet_shows_period_ends_as_people_read_dates(
    three_years: board.BoardTable, tmp_path: Path
) -> None:
    sheet = load_workbook(board.to_xlsx(three_years, tmp_path / "t.xlsx"))["Data"]
    heads = [c.value for c in sheet[1]]
    assert heads[:5] == ["Indicator", "Indicator reference", "Financial year", "Provisional", "Period end"]
    end = sheet.cell(row=3, column=5)
    assert end.value == datetime(2020, 3, 31)  # a real date, which sorts and filters as one
    assert end.number_format == "d mmm yyyy"  # shown "31 Mar 2020"


# --- 5. The table read back from its CSV, for the reports page -----------------------------------------


def test_the_table_reads_back_from_its_csv(three_years: board.BoardTable, tmp_path: Path) -> None:
    shown = board.read_csv(board.to_csv(three_years, tmp_path / "t.csv"))
    assert shown is not None
    assert shown.caption == "Child protection indicators, 2018-19 to 2020-21"
    assert [(y.label, y.title, y.provisional, y.to) for y in shown.years] == [
        ("2020-21", "Outturns 20/21", True, date(2020, 8, 31)),
        ("2019-20", "Outturns 19/20", False, date(2020, 3, 31)),
        ("2018-19", "Outturns 18/19", False, date(2019, 3, 31)),
    ]
    assert [label for label, _ in shown.rows] == [r.label for r in ROWS]
    repeat = dict(shown.rows)["Of those, the number who had a previous child protection plan"]
    # 3/12 = 25.0% in 2020-21 (to 31 August) and in 2019-20; 1/10 = 10.0% in 2018-19.
    assert [(c.figure, c.arrow, c.arrow_words) for c in repeat] == [
        ("3 (25.0%)", "↔", "the same as the year before"),
        ("3 (25.0%)", "↑", "up on the year before"),
        ("1 (10.0%)", "", ""),
    ]


def test_a_csv_in_the_old_layout_is_offered_as_a_download_only(tmp_path: Path) -> None:
    old = tmp_path / "old.csv"
    old.write_text("indicator,code,year,provisional,period_end\nX,cp_open,2020-21,yes,2020-08-31\n")
    assert board.read_csv(old) is None


# --- 4. Definitions in the report itself; the About section kept on one page -----------------------------


def test_the_board_table_defines_its_indicators(three_years: board.BoardTable) -> None:
    text = board.to_html(three_years)
    assert "docs/indicators.md" not in text
    assert "What each figure counts is under Definitions below." in text
    meaning = h.esc(definitions.get("cp_open").definition)
    assert f"<dt>{h.esc(ROWS[0].label)}</dt><dd>{meaning}</dd>" in text
    assert text.count("<dt>") == len(ROWS)


def test_performance_matters_defines_its_indicators_and_keeps_about_together() -> None:
    report = pm.build(
        referrals_for_seed(), "2020-07", sections={"Front door": ("referrals", "rereferral_12m")}, charts=()
    )
    text = pm.render_html(report)
    assert "docs/indicators.md" not in text
    assert "what each one counts is under Definitions at the end of this report" in text
    for code in ("referrals", "rereferral_12m"):
        ind = definitions.get(code)
        assert f"<dt>{h.esc(ind.title)}</dt><dd>{h.esc(ind.definition)}</dd>" in text
    assert text.count("<dt>") == 2
    # The About section is one block the printer keeps on one page (the demo's one-line page 10).
    about = text.split('<section class="keep-together"><h2 id="about">About this report</h2>', 1)[1]
    assert about.index("RAG: green meets the target") < about.index("</section>")
    assert ".keep-together { break-inside: avoid; }" in h.CSS
