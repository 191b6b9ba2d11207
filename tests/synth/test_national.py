"""National-scale Parquet: distinct boroughs, intact joins, bounded streaming, and the kpi over it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from continuum.cli import main
from continuum.metrics.cli import parquet_dir_tables, read_parquet_dir
from continuum.metrics.engine import Engine
from continuum.metrics.schema import TABLES
from continuum.synth.national import NationalConfig, la_code, national_boroughs, write_national
from continuum.synth.params import Params

SMALL = NationalConfig(
    boroughs=4,
    bases=2,
    years=1,
    seed=7,
    last_year_end=date(2025, 3, 31),
    params=replace(Params(), new_children_per_year=700.0, uasc_per_year=3.0),
    warm_up_years=2,
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("national")
    return folder, write_national(SMALL, folder, progress=None)


def test_la_codes_are_outside_real_and_single_borough_ranges() -> None:
    assert [la_code(i) for i in (0, 9, 149)] == ["N001", "N010", "N150"]


def test_files_follow_the_schema_and_hold_every_borough(written: tuple[Path, dict[str, int]]) -> None:
    folder, counts = written
    for name, schema in TABLES.items():
        table = pq.read_table(folder / f"{name}.parquet")
        assert table.schema.equals(schema, check_metadata=False), name
        assert table.num_rows == counts[name], name
    codes = pq.read_table(folder / "children.parquet", columns=["la_code"]).column("la_code")
    assert sorted(pc.unique(codes).to_pylist()) == ["N001", "N002", "N003", "N004"]


def test_ids_are_distinct_across_boroughs_and_joins_still_match(written: tuple[Path, dict[str, int]]) -> None:
    folder, _ = written
    children = pq.read_table(folder / "children.parquet")
    ids = children.column("la_child_id")
    assert pc.count_distinct(ids).as_py() == children.num_rows
    # Every id carries its borough's code: N003-... only in borough N003.
    prefixes = pc.utf8_slice_codeunits(ids, 0, 4)
    assert prefixes.equals(children.column("la_code"))
    referrals = pq.read_table(folder / "referrals.parquet")
    assert pc.all(pc.is_in(referrals.column("la_child_id"), value_set=ids)).as_py()
    assessments = pq.read_table(folder / "assessments.parquet")
    linked = pc.is_in(assessments.column("referral_id"), value_set=referrals.column("referral_id"))
    assert pc.sum(linked).as_py() == assessments.num_rows


def test_boroughs_from_the_same_base_differ_in_size() -> None:
    sizes = {code: tables["children"].num_rows for code, tables in national_boroughs(SMALL)}
    # Boroughs 1 and 3 come from base 0, 2 and 4 from base 1, each keeping a different share.
    assert sizes["N001"] != sizes["N003"]
    assert sizes["N002"] != sizes["N004"]
    assert all(n > 0 for n in sizes.values())


def test_kpi_reading_parquet_lazily_equals_reading_it_into_memory(
    written: tuple[Path, dict[str, int]],
) -> None:
    folder, _ = written
    lazy = Engine(parquet_dir_tables(folder)).run("2024-25")
    eager = Engine(read_parquet_dir(folder)).run("2024-25")
    assert [r.code for r in lazy] == [r.code for r in eager]
    for a, b in zip(lazy, eager, strict=True):
        assert (a.status, a.error, a.exact, a.numerator, a.denominator) == (
            b.status,
            b.error,
            b.exact,
            b.numerator,
            b.denominator,
        ), a.code
    referrals = next(r for r in lazy if r.code == "referrals")
    assert (
        referrals.value
        == pc.sum(
            pc.and_(
                pc.greater_equal(
                    pq.read_table(folder / "referrals.parquet").column("cin_referral_date"),
                    pa.scalar(date(2024, 4, 1)),
                ),
                pc.less_equal(
                    pq.read_table(folder / "referrals.parquet").column("cin_referral_date"),
                    pa.scalar(date(2025, 3, 31)),
                ),
            )
        ).as_py()
    )


def test_the_synth_command_writes_national_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "synth",
        "--scale",
        "2",
        "--bases",
        "1",
        "--years",
        "1",
        "--end",
        "2025-03-31",
        "--out",
        str(tmp_path),
    ]
    assert main(argv) == 0
    assert "borough N002" in capsys.readouterr().out
    codes = pq.read_table(tmp_path / "children.parquet", columns=["la_code"]).column("la_code")
    assert sorted(pc.unique(codes).to_pylist()) == ["N001", "N002"]


def test_population_gives_national_rates(written: tuple[Path, dict[str, int]]) -> None:
    folder, _ = written
    population = pq.read_table(folder / "population.parquet")
    assert sorted(pc.unique(population.column("la_code")).to_pylist()) == ["N001", "N002", "N003", "N004"]
    assert sorted(pc.unique(population.column("age")).to_pylist()) == list(range(18))
    # 2024-25 ends on 31 March 2025, so the mid-2024 estimate is used: every borough's children.
    in_2024 = pc.sum(
        population.filter(pc.equal(population.column("year"), 2024)).column("population")
    ).as_py()
    cp_rate = next(r for r in Engine(parquet_dir_tables(folder)).run("2024-25") if r.code == "cp_rate")
    assert cp_rate.status == "ok"
    assert cp_rate.denominator == in_2024
    assert cp_rate.value == pytest.approx(cp_rate.numerator * 10_000 / in_2024)
