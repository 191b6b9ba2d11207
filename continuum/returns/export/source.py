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
from continuum.returns.dates import records_up_to

__all__ = [
    "collection_year_dates",
    "live_tables",
    "load_parquet",
    "parse_collection_year",
    "pick_la_code",
    "records_up_to",
    "table_or_empty",
]


def collection_year_dates(year: int) -> tuple[date, date]:
    """First day and ReferenceDate of the collection year ending 31 March ``year``."""
    if not 2000 <= year <= 2100:
        raise ValueError(f"collection year {year} is out of range; expected e.g. 2025 (year ending 31 March)")
    return date(year - 1, 4, 1), date(year, 3, 31)


def parse_collection_year(text: str) -> int:
    """``"2026-27"`` or ``"2027"`` -> 2027, the year whose 31 March ends the collection."""
    value = text.strip()
    start, dash, end = value.partition("-")
    if dash and start.isdigit() and end.isdigit() and len(start) == 4 and len(end) == 2:
        if (int(start) + 1) % 100 != int(end):
            raise ValueError(f"collection year {value!r}: {end} does not follow {start}")
        return int(start) + 1
    if value.isdigit() and len(value) == 4:
        return int(value)
    raise ValueError(f"collection year {value!r}; expected e.g. 2026-27 or 2027 (the year ending 31 March)")


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
