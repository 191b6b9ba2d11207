"""Parquet files of the analytical schema round-trip exactly."""

from __future__ import annotations

import pyarrow.parquet as pq

from continuum.metrics.schema import TABLE_DOCS, TABLES
from continuum.synth.model import RECORD_TYPES
from continuum.synth.parquet import borough_tables, write_parquet


def test_every_schema_column_is_a_record_field() -> None:
    assert set(TABLES) == set(RECORD_TYPES) == set(TABLE_DOCS)
    for name, schema in TABLES.items():
        fields = set(RECORD_TYPES[name].__slots__)  # type: ignore[attr-defined]
        assert set(schema.names) <= fields, (name, set(schema.names) - fields)
        assert all(f.metadata and f.metadata.get(b"doc") for f in schema), name


def test_cla_episodes_carry_the_ssda903_columns() -> None:
    names = set(TABLES["cla_episodes"].names)
    assert {"decom", "rne", "ls", "cin", "place", "place_provider", "dec", "rec", "reason_place_change",
            "home_post", "pl_post"} <= names  # fmt: skip


def test_parquet_round_trip(borough, tmp_path) -> None:  # type: ignore[no-untyped-def]
    counts = write_parquet([borough], tmp_path)
    tables = borough_tables(borough)
    for name, schema in TABLES.items():
        back = pq.read_table(tmp_path / f"{name}.parquet")
        assert back.schema.equals(schema, check_metadata=False), name
        assert back.num_rows == counts[name] == len(borough[name])
        assert back.equals(tables[name]), name
