"""``./run kpi``: compute indicators for a period, from the live database or Parquet files.

Without ``--parquet`` the tables come from the case record in the database that
``DATABASE_URL`` names (or the embedded one, as for every other command),
through :func:`continuum.metrics.extract.extract_tables`. With ``--parquet DIR``
they come from ``<table>.parquet`` files, so a council can export its tables
(or the synthetic borough can write them) and get the figures without a
database. Both give the same mapping of table name to Arrow table, so
:class:`continuum.metrics.engine.Engine` is shared.

Each JSON entry carries ``comparators``: England, London and statistical
neighbours from the comparators file (:mod:`continuum.metrics.comparators`).
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
from continuum.metrics.comparators import ComparatorError, load_comparators
from continuum.metrics.schema import TABLES

__all__ = ["live_tables", "parquet_dir_tables", "read_parquet_dir"]


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


def parquet_dir_tables(folder: Path) -> dict[str, pa.Table | Path]:
    """Like :func:`read_parquet_dir`, but the analytical tables as paths for the engine to read lazily.

    DuckDB then reads the files as queries need them, so national-scale data
    (tens of millions of rows) never sits in memory as Arrow. The small
    population table is read as usual.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    tables: dict[str, pa.Table | Path] = {}
    for name in [*TABLES, "population"]:
        path = folder / f"{name}.parquet"
        if path.exists():
            tables[name] = pq.read_table(path) if name == "population" else path
    return tables


def live_tables() -> dict[str, pa.Table]:
    """Every analytical table from the database the command runs against, through the snapshot.

    Files kept by the web or the worker (``var/analytics``) are mapped rather than copied; only
    tables written since are copied out of PostgreSQL, all in one snapshot
    (:mod:`continuum.metrics.snapshot` says how the set stays consistent).
    """
    from continuum.commands import with_database

    with with_database():
        from continuum.metrics.snapshot import refresh

        return dict(refresh().tables)


def _kpi_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help='e.g. "2024-07", "Q1-2024", "2024-25", "R12-2024-07"')
    p.add_argument(
        "--parquet",
        type=Path,
        help="folder of <table>.parquet files (default: the live database, DATABASE_URL)",
    )
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


@command("kpi", "compute indicators for a period from the live database or Parquet files", _kpi_args)
def _kpi(ns: argparse.Namespace) -> int:
    from continuum.metrics.engine import Engine
    from continuum.metrics.periods import PeriodError, parse_period

    try:
        period = parse_period(ns.period)
    except PeriodError as exc:
        print(f"kpi: {exc}", file=sys.stderr)
        return 2
    try:
        comparators = load_comparators()
    except ComparatorError as exc:
        print(f"kpi: {exc}", file=sys.stderr)
        return 2
    try:
        tables = parquet_dir_tables(ns.parquet) if ns.parquet is not None else live_tables()
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
        entries = []
        for r in results:
            entry = r.to_dict()
            entry["comparators"] = comparators.for_indicator(r.code, period)
            entries.append(entry)
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        for r in results:
            extra = f" ({r.numerator}/{r.denominator})" if r.denominator is not None else ""
            note = f"  [{r.status}: {r.error or '; '.join(r.notes)}]" if r.status != "ok" else ""
            print(f"{r.code:36} {r.display:>10}{extra}  {r.rag or ''}{note}")
    return 0
