"""The comparators file: the shipped figures, a council's replacement, and the errors it gets back."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from continuum.metrics.comparators import (
    COLUMNS,
    SHIPPED_CSV,
    ComparatorError,
    comparators_path,
    financial_year_of,
    load_comparators,
)
from continuum.metrics.periods import parse_period
from tests.metrics.builders import table

HEADER = ",".join(COLUMNS)


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "comparators.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_financial_year_of_each_period_kind() -> None:
    assert financial_year_of(parse_period("2024-25")) == "2024-25"
    assert financial_year_of(parse_period("2025-03")) == "2024-25"  # March is the year's last month
    assert financial_year_of(parse_period("2025-04")) == "2025-26"
    assert financial_year_of(parse_period("Q4-2024")) == "2024-25"  # January-March 2025
    assert financial_year_of(parse_period("R12-2024-07")) == "2024-25"
    assert financial_year_of(parse_period("1999-00")) == "1999-00"


def test_the_shipped_file_quotes_the_seeds() -> None:
    shipped = load_comparators(SHIPPED_CSV)
    assert shipped.versions == ["2026.1", "2026.2", "2026.3", "2026.4"]
    cla = shipped.for_indicator("cla_rate", parse_period("2014-15"))
    # seed 002 L92: 2014/15, London 54, England 60, statistical neighbours 44.2; shown with their year.
    assert {k: (v["value"], v["year"]) for k, v in cla.items()} == {
        "England": (60.0, "2014-15"),
        "London": (54.0, "2014-15"),
        "Statistical neighbours": (44.2, "2014-15"),
    }
    assert cla["England"]["source"].startswith("Safeguarding Children and Young People in Barnet")
    # Later periods: England's latest published figure, with its year, release and address.
    now = shipped.for_indicator("cla_rate", parse_period("2025-26"))
    assert (now["England"]["value"], now["England"]["year"]) == (67.0, "2024-25")
    assert now["England"]["address"].startswith("https://explore-education-statistics.service.gov.uk/")
    assert "rate of 67 CLA per 10,000" in now["England"]["quoted"]
    earlier = shipped.for_indicator("cla_rate", parse_period("2023-24"))
    assert (earlier["England"]["value"], earlier["England"]["year"]) == (70.0, "2023-24")
    assert (now["London"]["value"], now["London"]["year"]) == (54.0, "2014-15")  # none newer found
    placements = shipped.for_indicator("cla_3plus_placements", parse_period("2015-06"))
    assert placements["England"]["value"] == 11.0  # seed 002 L100
    assert placements["Statistical neighbours"]["value"] == 11.8
    # London is listed, but blank: null, never zero.
    assert placements["London"]["value"] is None
    assert placements["London"]["year"] is None
    rereferrals = shipped.for_indicator("rereferral_12m", parse_period("2017-09"))
    assert rereferrals["Statistical neighbours"]["value"] == 18.2  # seed 001 L548


def test_the_shipped_file_holds_the_2024_25_england_figures_found() -> None:
    """Issue 15 point 8: each 2024-25 England figure the search found, with its release, address and
    the figure as quoted; London's stay "not found" rather than blank."""
    shipped = load_comparators(SHIPPED_CSV)
    period = parse_period("2024-25")
    found = {
        "rereferral_12m": 22.6,
        "referrals": 632830.0,
        "assessments_completed": 648830.0,
        "assessments_45wd": 85.7,
        "assessment_median_days": 33.0,
        "assessment_days_lower_quartile": 17.0,
        "assessment_days_upper_quartile": 43.0,
        "s47_started": 230590.0,
        "icpc_held": 71070.0,
        "cla_rate": 67.0,
        "cla_open": 81770.0,
        "cla_ceased": 34450.0,
        "missing_episodes_per_child": 6.8,
    }
    for code, value in found.items():
        england = shipped.for_indicator(code, period)["England"]
        assert (england["value"], england["year"]) == (value, "2024-25"), code
        assert england["address"].startswith("https://explore-education-statistics.service.gov.uk/"), code
        assert england["release"], code
        assert england["quoted"], code
    assert (
        "computed here from the quoted counts"
        in shipped.for_indicator("assessments_45wd", period)["England"]["source"]
    )
    london = shipped.for_indicator("assessments_45wd", period)["London"]
    assert london["value"] is None
    assert london["source"].startswith("not found")


def test_the_shipped_file_holds_the_figures_found_in_the_second_search() -> None:
    """Version 2026.4: England figures a second search found, each with its address and the figure as
    quoted; a workforce figure (at 30 September) is used from its financial year on, not before."""
    shipped = load_comparators(SHIPPED_CSV)
    found = {
        ("cin_open", "2025-26"): (402400.0, "2024-25"),
        ("cin_rate", "2025-26"): (330.3, "2024-25"),
        ("cp_open", "2025-26"): (49420.0, "2024-25"),
        ("cp_started", "2025-26"): (61660.0, "2024-25"),
        ("cp_ended", "2025-26"): (62040.0, "2024-25"),
        ("icpc_15wd", "2025-26"): (81.4, "2024-25"),
        ("cla_long_term_stability", "2025-26"): (69.0, "2024-25"),
        ("cla_started", "2025-26"): (32270.0, "2024-25"),
        ("agency_share_fte", "2026-11"): (13.0, "2025-26"),
        ("agency_share_fte", "2024-25"): (17.8, "2023-24"),
        ("caseload_per_fte", "2026-11"): (15.2, "2025-26"),
        ("caseload_per_fte", "2024-25"): (16.0, "2023-24"),
        ("vacancy_rate_fte", "2026-11"): (14.2, "2025-26"),
        ("vacancy_rate_fte", "2024-25"): (18.9, "2023-24"),
    }
    for (code, period), expected in found.items():
        england = shipped.for_indicator(code, parse_period(period))["England"]
        assert (england["value"], england["year"]) == expected, (code, period)
        assert england["address"].startswith("https://explore-education-statistics.service.gov.uk/"), code
        if "computed here" not in england["source"]:  # else the counts are quoted, checked below
            assert f"{england['value']:g}" in england["quoted"].replace(",", ""), code
    icpc = shipped.for_indicator("icpc_15wd", parse_period("2025-26"))["England"]
    assert "computed here from the quoted counts" in icpc["source"]
    # 6,240 + 52,430 of 72,100 ICPCs (81.359...%), to one place.
    assert all(n in icpc["quoted"] for n in ("ICPC 72100", "0-10_days 6240", "11-15_days 52430"))
    assert round((6240 + 52430) / 72100 * 100, 1) == 81.4
    # Still none found: the 2014-15 figure stays the newest, labelled with its year.
    placements = shipped.for_indicator("cla_3plus_placements", parse_period("2026-11"))["England"]
    assert (placements["value"], placements["year"]) == (11.0, "2014-15")


def test_a_figure_from_a_later_year_is_not_used_for_an_earlier_period() -> None:
    shipped = load_comparators(SHIPPED_CSV)
    before = shipped.for_indicator("cla_rate", parse_period("2013-14"))
    assert before["England"]["value"] is None


def test_an_indicator_with_no_rows_has_no_comparators() -> None:
    assert load_comparators(SHIPPED_CSV).for_indicator("contacts", parse_period("2024-25")) == {}


def test_the_latest_year_up_to_the_period_wins(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER,
        "cla_rate,2022-23,England,71,DfE CLA 2023,LA-1",
        "cla_rate,2023-24,England,70,DfE CLA 2024,LA-1",
        "cla_rate,2024-25,England,,not yet published,LA-1",
    )
    figures = load_comparators(path).for_indicator("cla_rate", parse_period("2024-25"))
    assert figures == {
        "England": {"value": 70.0, "year": "2023-24", "source": "DfE CLA 2024", "version": "LA-1"}
    }


def test_the_setting_replaces_the_shipped_file(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, HEADER, "cp_rate,2024-25,London,41.5,DfE CIN census 2025,LB-2025")
    assert comparators_path() == SHIPPED_CSV
    settings.CONTINUUM_COMPARATORS_CSV = str(path)
    assert comparators_path() == path
    assert load_comparators().for_indicator("cp_rate", parse_period("2024-25"))["London"]["value"] == 41.5


def test_every_problem_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER,
        "cla_rate,2024-25,England,60,DfE,v1",
        "no_such_code,2024-25,England,1,DfE,v1",
        "cla_rate,2024/25,London,1,DfE,v1",
        "cla_rate,2024-25,Wales,1,DfE,v1",
        "cla_rate,2023-24,London,sixty,DfE,v1",
        "cla_rate,2022-23,London,60,,",
        "cla_rate,2024-25,England,61,DfE,v1",
        "cla_rate,2021-22",
    )
    with pytest.raises(ComparatorError) as caught:
        load_comparators(path)
    message = str(caught.value)
    for expected in (
        "row 3, column code: 'no_such_code' is not an indicator code",
        "row 4, column year: '2024/25' is not a financial year such as 2024-25",
        "row 5, column comparator: 'Wales' must be one of England, London, Statistical neighbours",
        "row 6, column value: 'sixty' is not a number",
        "row 7, column source: say where the figure comes from",
        "row 7, column version: give the file's version",
        "row 8: repeats row 2 (cla_rate, 2024-25, England)",
        "row 9: has 2 columns, the header has 6",
    ):
        assert expected in message


def test_a_missing_column_or_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ComparatorError, match=r"row 1 \(the header\) lacks the column\(s\) value, version"):
        load_comparators(_write(tmp_path, "code,year,comparator,source", "cla_rate,2024-25,England,DfE"))
    with pytest.raises(ComparatorError, match="does not exist"):
        load_comparators(tmp_path / "absent.csv")


def test_kpi_json_carries_comparators_and_refuses_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from continuum.cli import main

    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(table("cla_episodes"), data / "cla_episodes.parquet")
    assert (
        main(["kpi", "--period", "2024-25", "--format", "json", "--parquet", str(data), "--code", "cla_rate"])
        == 0
    )
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["comparators"]["London"] == {
        "value": 54.0,
        "year": "2014-15",
        "source": "Safeguarding Children and Young People in Barnet (Barnet Family Services, summer 2015), "
        "'2.1 Safeguarding Activity' (2014/15 rate of children in care per 10,000 children under 18: "
        "London 54)",
        "version": "2026.1",
    }
    bad = _write(tmp_path, HEADER, "cla_rate,2024-25,Mars,1,DfE,v1")
    monkeypatch.setenv("CONTINUUM_COMPARATORS_CSV", str(bad))
    assert main(["kpi", "--period", "2024-25", "--parquet", str(data)]) == 2
    assert "row 2, column comparator: 'Mars'" in capsys.readouterr().err


def test_dashboard_comparator_rows_never_show_a_blank_as_zero() -> None:
    from continuum.web.dashboards.build import comparator_views

    views, error = comparator_views("cla_3plus_placements", parse_period("2024-25"), "percent", 1)
    assert error is None
    assert [(v.name, v.year, v.display) for v in views] == [
        ("England", "2014-15", "11.0%"),
        ("London", None, "No figure held"),
        ("Statistical neighbours", "2014-15", "11.8%"),
    ]
    assert comparator_views("contacts", parse_period("2024-25"), "count", 0) == ([], None)


def test_dashboard_reports_a_bad_file_in_place(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.dashboards.build import comparator_views

    settings.CONTINUUM_COMPARATORS_CSV = str(_write(tmp_path, "code,value"))
    views, error = comparator_views("cla_rate", parse_period("2024-25"), "count", 0)
    assert views == []
    assert error is not None
    assert "lacks the column(s) year, comparator, source, version" in error


def test_every_national_indicator_has_england_and_london_rows_that_say_what_was_found() -> None:
    """Issue 15.8: a row for England and London for every indicator with a national statistic;
    a figure cites its release, year and address and quotes it; a blank says it was not found."""
    from continuum.metrics.definitions import all_indicators

    shipped = load_comparators(SHIPPED_CSV)
    for ind in all_indicators():
        rows = shipped.figures(ind.code)
        if not ind.comparable:
            assert not [f for f in rows if f.comparator != "Statistical neighbours" and f.version != "2026.1"]
            continue
        for who in ("England", "London"):
            mine = [f for f in rows if f.comparator == who]
            assert mine, (ind.code, who)
            for f in mine:
                if f.value is None:
                    assert f.source.startswith("not found"), (ind.code, who)
                elif f.version != "2026.1":  # the seeds' own figures cite their seed line
                    assert f.release, (ind.code, who)
                    assert f.address.startswith("https://"), (ind.code, who)
                    assert f.quoted, (ind.code, who)
