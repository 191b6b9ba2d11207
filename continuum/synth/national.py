"""National-scale synthetic data: about 150 boroughs of Parquet, written one borough at a time.

Why not simulate 150 boroughs: one borough takes 8-12 s to simulate on this
machine (most of it the warm-up years), so 150 would take half an hour, and
the point of the data set is to time the indicators, not the simulator. So a
handful of *base* boroughs are simulated with different sizes and rates (the
seed, the number of new children a year, the referral and child-protection
rates all vary), and each national borough is a base borough with:

* its own LA code ``N001``.. ``N150`` (outside the real three-digit LA numbers
  and the synthetic 100-199 of ``./run synth``, so nobody mistakes it for a
  real council) and every identifier prefixed with it, so children, referrals
  and workers are distinct across boroughs while joins still match;
* a share of the base borough's children (45-100%, from a seeded random
  draw), taking every record of each kept child, so boroughs differ in size
  and, child by child, in their rates.

Memory stays bounded: the base boroughs are held as Arrow tables (a few
hundred MB for 6 bases), and each national borough is built, written to the
Parquet files and dropped before the next.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from continuum.metrics.schema import TABLES
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig, default_last_year_end, simulate

__all__ = ["NationalConfig", "national_boroughs", "plan", "population_table", "write_national"]


@dataclass(frozen=True)
class NationalConfig:
    """How many boroughs, from how many simulated bases, over how many years."""

    boroughs: int = 150
    bases: int = 6
    years: int = 2
    seed: int = 1
    last_year_end: date | None = None
    #: Share of a base borough's children kept: drawn uniformly in this range per borough.
    keep: tuple[float, float] = (0.45, 1.0)
    #: The calibrated rates the bases vary around, and the simulator's warm-up (tests shrink both).
    params: Params = field(default_factory=Params)
    warm_up_years: int = 12


def la_code(index: int) -> str:
    """The national borough's LA code: ``N001`` for the first."""
    return f"N{index + 1:03d}"


def _base_params(rng: random.Random, p: Params) -> Params:
    """Rates that differ from borough to borough (up to ±25% around ``p``)."""

    def vary(x: float) -> float:
        return x * rng.uniform(0.75, 1.25)

    return replace(
        p,
        new_children_per_year=vary(p.new_children_per_year),
        referral=tuple(vary(x) for x in p.referral),  # type: ignore[arg-type]
        s47_at_referral=tuple(vary(x) for x in p.s47_at_referral),  # type: ignore[arg-type]
        icpc_after_s47=min(0.95, vary(p.icpc_after_s47)),
        cla_at_referral=tuple(vary(x) for x in p.cla_at_referral),  # type: ignore[arg-type]
    )


def _base_configs(config: NationalConfig) -> list[SimConfig]:
    """The base boroughs' simulator settings: each its own seed and rates (deterministic)."""
    rng = random.Random(config.seed)  # noqa: S311  (synthetic data, not secrets)
    return [
        SimConfig(
            years=config.years,
            seed=config.seed * 1000 + i,
            last_year_end=config.last_year_end,
            borough_index=i,
            warm_up_years=config.warm_up_years,
            params=_base_params(rng, config.params),
        )
        for i in range(min(config.bases, config.boroughs))
    ]


def plan(config: NationalConfig) -> list[tuple[str, int, float]]:
    """Each national borough's LA code, base borough and share of its children kept."""
    rng = random.Random(config.seed + 1)  # noqa: S311
    bases = min(config.bases, config.boroughs)
    return [(la_code(i), i % bases, rng.uniform(*config.keep)) for i in range(config.boroughs)]


def base_boroughs(config: NationalConfig) -> Iterator[dict[str, pa.Table]]:
    """Simulate the base boroughs as analytical tables."""
    for sim in _base_configs(config):
        yield borough_tables(simulate(sim))


def population_table(config: NationalConfig) -> pa.Table:
    """Children aged 0-17 per borough, year and age, for rates per 10,000 (``population.parquet``).

    A base borough's population is the simulator's ``child_population`` scaled
    by its intake of new children against the calibrated one; a national
    borough has its kept share of that, spread evenly over the 18 ages (the
    remainder to the youngest), the same in every year of the data.
    """
    bases = _base_configs(config)
    end = (config.last_year_end or default_last_year_end()).year
    years = range(end - config.years - 1, end + 1)
    rows: dict[str, list[object]] = {"la_code": [], "year": [], "age": [], "population": []}
    for code, base, keep in plan(config):
        sim = bases[base]
        size = sim.params.new_children_per_year / config.params.new_children_per_year
        children = round(sim.child_population * size * keep)
        per_age = [children // 18 + (1 if age < children % 18 else 0) for age in range(18)]
        for year in years:
            for age, count in enumerate(per_age):
                for column, value in (("la_code", code), ("year", year), ("age", age), ("population", count)):
                    rows[column].append(value)
    return pa.table(
        {
            "la_code": pa.array(rows["la_code"], pa.string()),
            "year": pa.array(rows["year"], pa.int32()),
            "age": pa.array(rows["age"], pa.int32()),
            "population": pa.array(rows["population"], pa.int64()),
        }
    )


def _id_columns(schema: pa.Schema) -> list[str]:
    return [f.name for f in schema if f.name.endswith("_id") and pa.types.is_string(f.type)]


def derive(base: dict[str, pa.Table], index: int, keep: float) -> dict[str, pa.Table]:
    """National borough ``index``: ``keep`` of the base's children, new LA code, prefixed ids."""
    code = la_code(index)
    children = base["children"].column("la_child_id")
    chosen = [zlib.crc32(f"{index}:{c}".encode()) % 10_000 < keep * 10_000 for c in children.to_pylist()]
    kept = pc.filter(children, pa.array(chosen, pa.bool_()))
    out = {}
    for name, table in base.items():
        if "la_child_id" in table.column_names:
            ids = table.column("la_child_id")
            table = table.filter(pc.or_kleene(pc.is_in(ids, kept), pc.is_null(ids)))
        columns = []
        for f in table.schema:
            column = table.column(f.name)
            if f.name == "la_code":
                column = pa.array([code] * table.num_rows, f.type)
            elif f.name in _id_columns(table.schema):
                column = pc.binary_join_element_wise(pa.scalar(code), column, "-")
            columns.append(column)
        out[name] = pa.Table.from_arrays(columns, schema=table.schema)
    return out


def national_boroughs(config: NationalConfig) -> Iterator[tuple[str, dict[str, pa.Table]]]:
    """Each national borough's LA code and tables, in turn."""
    bases = list(base_boroughs(config))
    for i, (code, base, keep) in enumerate(plan(config)):
        yield code, derive(bases[base], i, keep)


def write_national(config: NationalConfig, directory: Path, progress=print) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Write ``DIR/<table>.parquet`` for every analytical table, appending one borough at a time.

    ``DIR/population.parquet`` holds each borough's children by year and age (see
    :func:`population_table`), so rates per 10,000 are national rates.
    """
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(TABLES, 0)
    writers = {
        name: pq.ParquetWriter(directory / f"{name}.parquet", schema, compression="zstd")
        for name, schema in TABLES.items()
    }
    pq.write_table(population_table(config), directory / "population.parquet")
    try:
        for code, tables in national_boroughs(config):
            for name, table in tables.items():
                writers[name].write_table(table)
                counts[name] += table.num_rows
            if progress is not None:
                progress(f"borough {code}: {sum(t.num_rows for t in tables.values()):,} rows")
    finally:
        for writer in writers.values():
            writer.close()
    return counts
