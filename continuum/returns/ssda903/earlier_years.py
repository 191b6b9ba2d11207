"""SSDA903 returns of earlier collection years, mapped into today's codes before they are loaded.

Why: a council loading five years of its own 903 returns for trends brings
files of five years' layouts. The columns have not changed in ways the
reader refuses (the file reader, :mod:`.parser`, takes them as they are: an
earlier year simply has no SWEpisodes file before 2023-24), but some codes
have: until 2023-24 SEX was coded 1/2 where today's is M/F/U. Those are
recoded here, after the files are read and before the importer builds the
analytical tables, so a child's sex means the same in every year.

What is not recoded, on purpose: placement codes withdrawn since (H5, P2)
and ``Z1`` from before its split into Z11-Z14 are what happened to the
child then, and ``Z1`` stays in the 2025-26 column list for placements that
began before 1 April 2025; they are kept as recorded.

The differences are data, ``continuum/specs/ssda903_earlier_layouts.csv``,
read through :func:`continuum.core.specs.earlier_layouts`.

The year of a return is the collection year (April to March) of the latest
DECOM or DEC in its Episodes: a return has no header date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from continuum.core import specs
from continuum.returns.rules_registry import collection_year_of
from continuum.returns.ssda903.schema import TABLES

__all__ = ["collection_year", "layout_notes", "to_current_layout"]

_BY_DISPLAY = {t.display: name for name, t in TABLES.items()}


def collection_year(current: Mapping[str, pa.Table]) -> str | None:
    """The collection year of a return: that of the latest DECOM or DEC in its episodes (None if none)."""
    episodes = current["episodes"]
    latest: date | None = None
    for col in ("decom", "dec"):
        value = pc.max(episodes[col]).as_py() if episodes.num_rows else None
        if value is not None and (latest is None or value > latest):
            latest = value
    return None if latest is None else collection_year_of(latest)


def _changes(year: str | None, kind: str) -> list[specs.LayoutChange]:
    if year is None:
        return []
    first = min((c.first_year for c in specs.earlier_layouts("ssda903")), default=year)
    effective = max(year, first)
    return [c for c in specs.earlier_layouts("ssda903") if c.change == kind and c.holds_in(effective)]


def to_current_layout(current: Mapping[str, pa.Table], year: str | None) -> dict[str, pa.Table]:
    """``current``'s tables with ``year``'s old codes recoded to today's (SEX 1/2 -> M/F until 2023-24)."""
    out = dict(current)
    recodes: dict[tuple[str, str], dict[str, str]] = {}
    for c in _changes(year, "recoded"):
        recodes.setdefault((_BY_DISPLAY[c.parent], c.element.lower()), {})[c.value] = c.current
    for (table, column), codes in recodes.items():
        t = out[table]
        if not t.num_rows:
            continue
        values = [codes.get(v, v) if v is not None else None for v in t[column].to_pylist()]
        out[table] = t.set_column(t.schema.get_field_index(column), column, pa.array(values, pa.string()))
    return out


def layout_notes(year: str | None) -> list[str]:
    """What reading ``year``'s layout meant, one phrase each (for the import's report)."""
    notes = []
    recoded: dict[str, list[str]] = {}
    for c in _changes(year, "recoded"):
        recoded.setdefault(c.element, []).append(f"{c.value} as {c.current}")
    notes += [f"{element} {', '.join(pairs)}" for element, pairs in recoded.items()]
    notes += [f"no {c.element} table in that year" for c in _changes(year, "absent")]
    return notes
