"""Population estimates: the CSV loader, the database, the extractor, rates, and the synthetic borough.

Known answers are worked out by hand in each test.
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from continuum.metrics.engine import Engine
from continuum.metrics.population import (
    Estimate,
    PopulationFileError,
    _population,
    estimates_table,
    group_counts,
    load_file,
    parse_rows,
    read_estimates,
)
from continuum.synth.population import borough_rows, deprived_wards, load_population, population_rows
from tests.metrics.builders import table


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.strip())))


# --- Reading a file ---------------------------------------------------------------------------


def test_ons_style_file_is_read_and_adults_skipped() -> None:
    found = parse_rows(
        _rows(
            """
Mid_Year,Age,Sex,Ward,Ethnicity,Count
2024,0,1,North,WBRI,120
2024,0,2,North,wbri,"1,115"
2024,17,Male,South,BAFR,30
2024,18,1,North,WBRI,999
2024,90+,2,North,WBRI,999
"""
        )
    )
    assert found == [
        Estimate(2024, 0, "M", 120, "North", "WBRI"),
        Estimate(2024, 0, "F", 1115, "North", "WBRI"),
        Estimate(2024, 17, "M", 30, "South", "BAFR"),
    ]


def test_every_problem_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "year,age,sex,population,ethnicity\n"
        "2024,3,M,10,WBRI\n"
        "20x4,3,F,10,WBRI\n"  # row 3: year
        "2024,-1,F,10,WBRI\n"  # row 4: age
        "2024,4,X,10,WBRI\n"  # row 5: sex
        "2024,5,F,ten,WBRI\n"  # row 6: population
        "2024,6,F,10,ZZZZ\n"  # row 7: ethnicity
        "2024,3,M,11,WBRI\n"  # row 8: same cell as row 2
        "2024,7,M,11,\n",  # row 9: no ethnicity where row 2 had one
        encoding="utf-8",
    )
    with pytest.raises(PopulationFileError) as caught:
        read_estimates(path)
    problems = caught.value.problems
    assert problems == [
        "row 3, column 'year': year must be a whole number, not '20x4'",
        "row 4, column 'age': age must be 0 or more, not -1",
        "row 5, column 'sex': use M or F (or Male/Female, 1/2), not 'X'",
        "row 6, column 'population': population must be a whole number, not 'ten'",
        "row 7, column 'ethnicity': 'ZZZZ' is not a DfE ethnicity code (e.g. WBRI, BAFR); "
        "leave it blank if the figure is not split",
        "row 8: the same cell as row 2 (year, age, sex, ward, ethnicity)",
        "row 9: every row of 2024 must fill in the same columns as row 2 (all rows with a ward or none, "
        "all with an ethnicity or none), so no child is counted twice",
    ]


def test_missing_columns_and_empty_files() -> None:
    with pytest.raises(PopulationFileError) as caught:
        parse_rows([["year", "age", "people"]])
    assert caught.value.problems == [
        "the header has no column 'sex' (name it 'sex')",
        "the header has no column 'population' (name it 'population' or 'count' or 'obs_value')",
    ]
    with pytest.raises(PopulationFileError, match="the file is empty"):
        parse_rows([])
    with pytest.raises(PopulationFileError, match="no rows for children aged 0-17"):
        parse_rows([["year", "age", "sex", "population"], ["2024", "30", "M", "5"]])


# --- The database, the extractor and rates ----------------------------------------------------


@pytest.mark.django_db
def test_load_is_all_or_nothing_and_replaces_its_years(tmp_path: Path) -> None:
    from continuum.core.models import PopulationEstimate

    good = tmp_path / "good.csv"
    good.write_text("year,age,sex,population\n2023,0,M,50\n2024,0,M,100\n2024,0,F,80\n", encoding="utf-8")
    assert load_file(good) == {2023: 50, 2024: 180}
    bad = tmp_path / "bad.csv"
    bad.write_text("year,age,sex,population\n2024,0,M,7\n2024,1,M,x\n", encoding="utf-8")
    with pytest.raises(PopulationFileError):
        load_file(bad)
    assert PopulationEstimate.objects.count() == 3  # unchanged
    again = tmp_path / "again.csv"
    again.write_text("year,age,sex,population\n2024,5,F,40\n", encoding="utf-8")
    assert load_file(again) == {2024: 40}
    held = sorted(PopulationEstimate.objects.values_list("year", "age", "sex", "population"))
    assert held == [(2023, 0, "M", 50), (2024, 5, "F", 40)]  # 2024 replaced, 2023 kept


def test_the_command_refuses_a_bad_file_and_names_the_problems(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("year,age,sex,population\n2024,0,Q,7\n", encoding="utf-8")
    assert _population(argparse.Namespace(action="load", file=bad)) == 1
    err = capsys.readouterr().err
    assert "was not loaded; nothing was changed" in err
    assert "row 2, column 'sex'" in err
    assert _population(argparse.Namespace(action="load", file=tmp_path / "none.csv")) == 2


@pytest.mark.django_db
def test_extracted_population_gives_the_cla_rate(tmp_path: Path) -> None:
    """3,600 children aged 0-17 in mid-2024 (100 per age and sex; the two rows aged 18 are skipped);
    3 children looked after on 31 March 2025: 3 x 10,000 / 3,600 = 8.333... shown as 8.3."""
    from continuum.metrics.extract import extract_tables

    lines = ["year,age,sex,ward,population"]
    for age in range(19):
        for sex in ("M", "F"):
            lines.append(f"2024,{age},{sex},North,100")
    path = tmp_path / "population.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_file(path)
    extracted = extract_tables(code="999")["population"]
    assert extracted.num_rows == 36
    assert extracted.column_names == ["la_code", "year", "age", "sex", "ward", "ethnicity", "population"]
    assert sum(extracted.column("population").to_pylist()) == 3600
    assert set(extracted.column("ethnicity").to_pylist()) == {None}
    episodes = table(
        "cla_episodes",
        *[
            {
                "episode_id": f"e{n}",
                "la_child_id": f"c{n}",
                "period_of_care_id": f"e{n}",
                "decom": "2024-05-01",
            }
            for n in range(3)
        ],
    )
    engine = Engine({"cla_episodes": episodes, "population": extracted})
    result = engine.run_one("cla_rate", "2024-25")
    assert (result.numerator, result.denominator, result.display) == (3, 3600, "8.3")


def test_rate_without_population_rows_says_so() -> None:
    episodes = table(
        "cla_episodes",
        {"episode_id": "e1", "la_child_id": "c1", "period_of_care_id": "e1", "decom": "2024-05-01"},
    )
    engine = Engine({"cla_episodes": episodes, "population": estimates_table([])})
    result = engine.run_one("cla_rate", "2024-25")
    assert result.value is None
    assert "no population figures" in " ".join(result.notes)


def test_group_counts_use_the_latest_year_held() -> None:
    population = estimates_table(
        [
            {
                "la_code": "1",
                "year": 2022,
                "age": 3,
                "sex": "M",
                "ward": "A",
                "ethnicity": "WBRI",
                "population": 1,
            },
            {
                "la_code": "1",
                "year": 2023,
                "age": 0,
                "sex": "M",
                "ward": "A",
                "ethnicity": "WBRI",
                "population": 10,
            },
            {
                "la_code": "1",
                "year": 2023,
                "age": 4,
                "sex": "F",
                "ward": "B",
                "ethnicity": "BAFR",
                "population": 20,
            },
            {
                "la_code": "1",
                "year": 2023,
                "age": 16,
                "sex": "F",
                "ward": "B",
                "ethnicity": None,
                "population": 30,
            },
            {
                "la_code": "1",
                "year": 2026,
                "age": 5,
                "sex": "F",
                "ward": "B",
                "ethnicity": "BAFR",
                "population": 99,
            },
        ]
    )
    # 2024 and 2025 are not held: 2023 is the latest year at or before 2025.
    assert group_counts(population, 2025, "age_band") == (2023, {"Under 1": 10, "1-4": 20, "16-17": 30})
    assert group_counts(population, 2025, "ethnicity") == (2023, {"WBRI": 10, "BAFR": 20})  # 30 not split
    assert group_counts(population, 2023, "sex") == (2023, {"M": 10, "F": 50})
    assert group_counts(population, 2021, "ward") == (None, {})
    assert group_counts(None, 2025, "ward") == (None, {})


# --- The synthetic borough -------------------------------------------------------------------


def test_synthetic_population_sums_exactly_and_keeps_its_shares() -> None:
    wards = ("W0", "W1", "W2", "W3", "W4")
    rows = population_rows(wards=wards, total=91_600, years=[2023, 2024], la_code="100")
    for year in (2023, 2024):
        assert sum(r["population"] for r in rows if r["year"] == year) == 91_600
    table_ = estimates_table(rows)
    _, ethnicity = group_counts(table_, 2024, "ethnicity")
    assert ethnicity["WBRI"] == 43_968  # 48% of 91,600, rounded at the first level
    assert sum(ethnicity.values()) == 91_600
    assert {"REFU", "NOBT"}.isdisjoint(ethnicity)
    _, by_ward = group_counts(table_, 2024, "ward")
    # Ward weights 1.0, 1.1, 1.2, 1.3, 1.0 (i % 4): W3, the deprived ward, is the largest.
    assert max(by_ward, key=by_ward.get) == "W3"  # type: ignore[arg-type]
    assert deprived_wards(wards) == ("W3",)
    assert abs(by_ward["W3"] / 91_600 - 1.3 / 5.6) < 0.001


def test_estimate_years_cover_the_year_of_history() -> None:
    rows = borough_rows(
        la_code="100", total=1000, first_year_start=date(2020, 4, 1), last_day=date(2025, 3, 31), wards=("A",)
    )
    # History from April 2019 needs the mid-2018 estimate; the last 31 March mid-2024 (2025 is held too).
    assert sorted({r["year"] for r in rows}) == list(range(2018, 2026))


@pytest.mark.django_db
def test_synthetic_population_is_written_to_the_database() -> None:
    from continuum.core.models import PopulationEstimate

    rows = population_rows(wards=("A", "B"), total=500, years=[2024], la_code="100")
    assert load_population(rows) == {2024: 500}
    assert PopulationEstimate.objects.filter(year=2024).count() == sum(1 for r in rows if r["population"])


def test_population_table_matches_the_schema() -> None:
    from continuum.metrics.schema import POPULATION, schema_for

    assert schema_for("population") is POPULATION
    assert estimates_table([]).schema.equals(POPULATION)
    assert isinstance(estimates_table([]), pa.Table)
