"""Write simulated boroughs as Parquet files of the analytical schema.

Why Parquet without the database: benchmarks and indicator development need
boroughs at scale (``--scale 20`` is twenty boroughs), and loading them through
the case-record services would take far longer than the indicators they are
meant to exercise. The files follow :mod:`continuum.metrics.schema` exactly,
one file per table (``DIR/<table>.parquet``), all boroughs together; the
``la_code`` column tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from continuum.metrics.schema import TABLES, schema_for
from continuum.synth.model import Borough
from continuum.synth.population import population_table

__all__ = ["borough_tables", "write_parquet"]


def _column(rows: list, field: pa.Field) -> pa.Array:
    values = [getattr(row, field.name) for row in rows]
    if pa.types.is_list(field.type):
        values = [list(v) if v is not None else None for v in values]
    return pa.array(values, type=field.type)


def borough_tables(borough: Borough) -> dict[str, pa.Table]:
    """The borough's records as Arrow tables of the analytical schema."""
    out = {}
    for name, schema in TABLES.items():
        rows = borough.tables[name]
        out[name] = pa.Table.from_arrays([_column(rows, f) for f in schema], schema=schema)
    return out


def write_parquet(boroughs: Iterable[Borough], directory: Path) -> dict[str, int]:
    """Write one Parquet file per table; return the rows written per table."""
    directory.mkdir(parents=True, exist_ok=True)
    writers: dict[str, pq.ParquetWriter] = {}
    counts = dict.fromkeys(TABLES, 0)
    try:
        for borough in boroughs:
            # The population too (population.parquet), so rates work from the files alone.
            for name, table in {**borough_tables(borough), "population": population_table(borough)}.items():
                if name not in writers:
                    writers[name] = pq.ParquetWriter(
                        directory / f"{name}.parquet", schema_for(name), compression="zstd"
                    )
                writers[name].write_table(table)
                counts[name] = counts.get(name, 0) + table.num_rows
        for name, schema in TABLES.items():  # no boroughs: still write empty files
            if name not in writers:
                pq.write_table(schema.empty_table(), directory / f"{name}.parquet")
    finally:
        for writer in writers.values():
            writer.close()
    return counts
