"""``./run kpi``: compute indicators for a period from Parquet files of the analytical schema.

Why Parquet first: a council can export its tables (or the synthetic borough
can write them) and get the figures without a database. Reading from the live
database will come through an extractor that produces the same mapping of
table name to Arrow table, so :class:`continuum.metrics.engine.Engine` is
shared.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from continuum.commands import command
from continuum.metrics.schema import TABLES

__all__ = ["read_parquet_dir"]


def read_parquet_dir(folder: Path) -> dict[str, pa.Table]:
    """Read ``<table>.parquet`` for every analytical table present (and ``population.parquet``)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    tables = {}
    for name in [*TABLES, "population"]:
        path = folder / f"{name}.parquet"
        if path.exists():
            tables[name] = pq.read_table(path)
    return tables


def _kpi_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help='e.g. "2024-07", "Q1-2024", "2024-25", "R12-2024-07"')
    p.add_argument("--parquet", required=True, type=Path, help="folder of <table>.parquet files")
    p.add_argument("--format", choices=["json", "table"], default="table", help="output format")
    p.add_argument("--code", action="append", help="only this indicator (repeatable)")
    p.add_argument(
        "--compare", action="store_true", help="add previous period, last year and 12-month average"
    )
    p.add_argument(
        "--data-up-to",
        type=date.fromisoformat,
        help="the date the data runs to (YYYY-MM-DD), for every table",
    )


@command("kpi", "compute indicators for a period from Parquet files of the analytical schema", _kpi_args)
def _kpi(ns: argparse.Namespace) -> int:
    from continuum.metrics.engine import Engine
    from continuum.metrics.periods import PeriodError, parse_period

    try:
        period = parse_period(ns.period)
    except PeriodError as exc:
        print(f"kpi: {exc}", file=sys.stderr)
        return 2
    try:
        tables = read_parquet_dir(ns.parquet)
    except FileNotFoundError as exc:
        print(f"kpi: {exc}", file=sys.stderr)
        return 2
    data_up_to = dict.fromkeys(TABLES, ns.data_up_to) if ns.data_up_to else None
    engine = Engine(tables, data_up_to=data_up_to)
    for warning in engine.warnings:
        print(f"kpi: warning: {warning}", file=sys.stderr)
    try:
        results = engine.run(period, ns.code, compare=ns.compare)
    except KeyError as exc:
        print(f"kpi: {exc.args[0]}", file=sys.stderr)
        return 2
    if ns.format == "json":
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        for r in results:
            extra = f" ({r.numerator}/{r.denominator})" if r.denominator is not None else ""
            note = f"  [{r.status}: {r.error or '; '.join(r.notes)}]" if r.status != "ok" else ""
            print(f"{r.code:36} {r.display:>10}{extra}  {r.rag or ''}{note}")
    return 0
