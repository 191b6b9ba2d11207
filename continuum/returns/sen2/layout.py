"""The SEN2 layout and collection years, as the spec files in ``continuum/specs`` give them.

Why from files: the SEN2 person-level return changes a little every year (``Sex`` replaced
``GenderCurrent``, ``RequestSource`` and the Down syndrome need were added in 2025), so each
year's layout is a file (``sen2_<year>_layout.csv``) named by ``sen2_years.csv``, which also
gives the year's census date and whether what Continuum holds for it is transcribed from the
DfE's specification or provisional (no specification published yet, the last one carried
forward). Every file is read through :mod:`continuum.core.specs`.

A collection year is labelled like the other returns' (``"2025-26"``): SEN2 2026, whose census
date (15 January 2026) falls in it. The return covers the calendar year before the census date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from continuum.core import codes as code_sets
from continuum.core import specs

__all__ = [
    "TABLES",
    "Element",
    "Sen2Year",
    "census_date_of",
    "code_pairs",
    "elements",
    "year_for_census",
    "year_of",
    "years",
]

#: The return's tables, each an XML element under its parent table's element (``None``: the
#: message root), outermost first.
TABLES: dict[str, tuple[str, str | None]] = {
    "header": ("Header", None),
    "persons": ("Person", None),
    "requests": ("Requests", "persons"),
    "assessments": ("Assessment", "requests"),
    "named_plans": ("NamedPlan", "assessments"),
    "plan_details": ("PlanDetail", "named_plans"),
    "active_plans": ("ActivePlans", "requests"),
    "placements": ("PlacementDetail", "active_plans"),
    "sen_needs": ("SENneed", "active_plans"),
}


@dataclass(frozen=True)
class Sen2Year:
    """One collection year: its census date, layout file and how sure Continuum is of it."""

    year: str
    census_date: date
    layout: str
    status: str
    note: str
    source: str

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"

    @property
    def label(self) -> str:
        """ "SEN2 2026" -- the name the DfE gives the return (the census date's year)."""
        return f"SEN2 {self.census_date.year}"


@dataclass(frozen=True)
class Element:
    """One element of a table: its XML name, column name (lower case), occurrence and codes."""

    table: str
    name: str
    occurrence: str
    type: str
    codes: tuple[str, ...]
    item: str

    @property
    def column(self) -> str:
        return self.name.lower()

    @property
    def required(self) -> bool:
        return self.occurrence == "1"


@cache
def years() -> dict[str, Sen2Year]:
    """Every SEN2 collection year Continuum has a layout for, oldest first."""
    out = {}
    for r in specs.rows("sen2_years.csv"):
        out[r["year"]] = Sen2Year(
            year=r["year"],
            census_date=date.fromisoformat(r["census_date"]),
            layout=r["layout"],
            status=r["status"],
            note=r["note"],
            source=r["source"],
        )
    return dict(sorted(out.items()))


def year_of(year: str) -> Sen2Year:
    """The year ``"2025-26"``; KeyError naming the known years otherwise."""
    try:
        return years()[year]
    except KeyError:
        raise KeyError(f"no SEN2 layout for {year!r}; known years: {', '.join(years())}") from None


def census_date_of(year: str) -> date:
    return year_of(year).census_date


def census_day(calendar_year: int) -> date:
    """The SEN2 census day in January of ``calendar_year``, for anyone counting on census days.

    The date ``sen2_years.csv`` gives where it names that year (the DfE publishes each year's);
    for a year it does not (place planning's history and projections run before and after the
    collections Continuum has layouts for), the rule the guide states and the file's dates follow:
    the third Thursday in January.
    """
    named = next((y.census_date for y in years().values() if y.census_date.year == calendar_year), None)
    if named is not None:
        return named
    first = date(calendar_year, 1, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 14)


def year_for_census(day: date) -> str | None:
    """The collection year whose census date is ``day`` (None if none is)."""
    return next((y.year for y in years().values() if y.census_date == day), None)


def _resolve(raw: str) -> tuple[str, ...]:
    """A layout's codes: a list ("M,F,U") or another return's list by name ("cin:Ethnicity")."""
    raw = (raw or "").strip()
    if raw.startswith("cin:"):
        return tuple(code_sets.cin(raw[4:]))
    return tuple(c.strip() for c in raw.split(",") if c.strip())


@cache
def elements(year: str) -> dict[str, tuple[Element, ...]]:
    """Each table's elements in ``year``'s layout, in the file's order."""
    out: dict[str, list[Element]] = {t: [] for t in TABLES}
    for r in specs.rows(year_of(year).layout):
        out[r["table"]].append(
            Element(
                table=r["table"],
                name=r["element"],
                occurrence=r["occurrence"],
                type=r["type"],
                codes=_resolve(r["codes"]),
                item=r["item"],
            )
        )
    return {t: tuple(e) for t, e in out.items()}


def code_pairs(year: str) -> list[tuple[str, str, str]]:
    """``(table, element, code)`` for every coded element (the rules' ``codes`` table)."""
    return [(e.table, e.name, c) for els in elements(year).values() for e in els for c in e.codes]
