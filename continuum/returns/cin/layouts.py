"""The CIN census layout of each collection year: how an earlier year's file maps to today's elements.

Why: a council loading five years of its own returns for trends brings files
written to five years' schemas. Most of the census has not changed since
2016-17, but what has would otherwise stop or mislead the reader: until
2023-24 the child's sex is ``<GenderCurrent>`` coded 1/2/0/9 where later
files have ``<Sex>`` coded M/F/U. A file is read with the layout of the
collection year its ``ReferenceDate`` falls in, and each value is mapped to
today's element and code, so the rest of Continuum (the importer, the
analytical tables) sees one layout.

The differences are data, ``continuum/specs/cin_census_earlier_layouts.csv``,
read through :func:`continuum.core.specs.earlier_layouts`, and each row names
the DfE schema (``CIN_schema_YYYY.xsd``, as kept by the LIIA pipeline) it
was read from. Differences only in code lists (a code added in a later year)
are listed there for the reader of the file but change nothing here: an
older code is read as written.

A file dated before the first year in the list is read with that year's
layout; a file with no ReferenceDate, or of a year the list does not reach,
with today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from continuum.core import specs
from continuum.returns.rules_registry import collection_year_of

__all__ = ["CinLayout", "layout_for", "layout_of_year"]


@dataclass(frozen=True)
class CinLayout:
    """One collection year's layout, as the differences from today's.

    ``renamed[(parent, old)]`` is today's name of an element; ``recoded[(parent,
    old)]`` maps its old codes to today's. ``year`` is None for today's layout.
    """

    year: str | None
    renamed: Mapping[tuple[str, str], str] = field(default_factory=dict)
    recoded: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)

    @property
    def is_earlier(self) -> bool:
        """Whether any element is read differently from today's layout."""
        return bool(self.renamed or self.recoded)

    def leaves(self, parent: str, leaves: dict[str, str]) -> dict[str, str]:
        """``parent``'s leaf elements with this year's names added, each read as its current element is.

        Today's names stay readable too: a system that wrote ``<Sex>`` into a
        2021-22 file has still said the child's sex.
        """
        extra = {old: leaves[new] for (p, old), new in self.renamed.items() if p == parent and new in leaves}
        return {**leaves, **extra} if extra else leaves

    def to_current(self, parent: str, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` read from ``parent`` under today's element names and codes."""
        if not self.is_earlier:
            return values
        out = dict(values)
        for (p, old), new in self.renamed.items():
            if p != parent or old not in out:
                continue
            value = out.pop(old)
            if out.get(new) is not None:
                continue  # today's element given as well: it wins
            codes = self.recoded.get((p, old), {})
            out[new] = codes.get(value, value) if isinstance(value, str) else value
        return out


@cache
def layout_of_year(year: str | None) -> CinLayout:
    """The layout of collection year ``year`` (``"2021-22"``); today's for None."""
    changes = specs.earlier_layouts("cin")
    if year is None or not changes:
        return CinLayout(None)
    first = min(c.first_year for c in changes)
    effective = max(year, first)
    holding = [c for c in changes if c.holds_in(effective)]
    renamed = {(c.parent, c.element): c.current for c in holding if c.change == "renamed"}
    recoded: dict[tuple[str, str], dict[str, str]] = {}
    for c in holding:
        if c.change == "recoded":
            recoded.setdefault((c.parent, c.element), {})[c.value] = c.current
    if not renamed and not recoded:
        return CinLayout(None)
    return CinLayout(effective, renamed, recoded)


def layout_for(reference_date: date | None) -> CinLayout:
    """The layout of the collection year a file's ReferenceDate falls in (today's when it has none)."""
    return layout_of_year(None if reference_date is None else collection_year_of(reference_date))
