"""Where export tables come from, and the dates of a collection year.

The live case record is read through :func:`continuum.metrics.extract.extract_tables`,
imported only when asked for (it needs Django and the database); Parquet
directories (``DIR/<table>.parquet``, as ``./run synth --parquet`` writes) need
neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from continuum.metrics.schema import TABLES

__all__ = ["collection_year_dates", "live_tables", "load_parquet", "pick_la_code", "table_or_empty"]


def collection_year_dates(year: int) -> tuple[date, date]:
    """First day and ReferenceDate of the collection year ending 31 March ``year``."""
    if not 2000 <= year <= 2100:
        raise ValueError(f"collection year {year} is out of range; expected e.g. 2025 (year ending 31 March)")
    return date(year - 1, 4, 1), date(year, 3, 31)


def load_parquet(directory: str | Path) -> dict[str, pa.Table]:
    """The analytical tables in ``directory`` (missing files are simply absent)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a directory of Parquet files")
    out: dict[str, pa.Table] = {}
    for name in TABLES:
        path = directory / f"{name}.parquet"
        if path.exists():
            out[name] = pq.read_table(path)
    return out


def live_tables() -> dict[str, pa.Table]:
    """The analytical tables from the live case record (needs Django set up)."""
    from continuum.metrics.extract import extract_tables  # lazy: needs the database

    return dict(extract_tables())


def table_or_empty(tables: Mapping[str, pa.Table], name: str) -> pa.Table:
    """``tables[name]``, or an empty table of the analytical schema."""
    table = tables.get(name)
    return table if table is not None else TABLES[name].empty_table()


def pick_la_code(tables: Mapping[str, pa.Table], la_code: str | None = None) -> str:
    """The authority to export: ``la_code`` if given, else the only one in the tables.

    Several authorities can share one set of tables (``--scale``); a return
    is always for one, so more than one without ``la_code`` is an error.
    """
    if la_code:
        return la_code
    codes: set[str] = set()
    for name in ("children", "referrals", "cla_episodes"):
        t = tables.get(name)
        if t is not None and t.num_rows:
            codes.update(x for x in pc.unique(t["la_code"]).to_pylist() if x)
    if len(codes) > 1:
        raise ValueError(f"the tables hold several authorities ({', '.join(sorted(codes))}); name one")
    return codes.pop() if codes else "000"
