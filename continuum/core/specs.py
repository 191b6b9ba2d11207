"""The one reader of the specification files in ``continuum/specs``.

Why one reader: the DfE and Ofsted formats are data (CSV files), and every
part of Continuum that needs them (code lists, the SSDA903 tables, the CIN
and SSDA903 rule registries, the exports) used to open its file itself, one
of them twice. Reading them here, once each, keeps ``specs/README.md`` true:
it names this module as where every file is read, and a new collection year
is new files listed below, not a hunt for ``open()`` calls.

What is here:

* :func:`rows` -- the rows of any spec file, by its path under ``specs/``, read once;
* :func:`rule_list` -- a return's DfE rule list for a collection year, code ->
  :class:`RuleSpec`: the first year's file, with each later year's list of
  changes applied (added and changed rules replace, withdrawn ones go);
* :func:`rule_changes` -- one later year's list of changes as it stands;
* :func:`own_checks` -- Continuum's own checks of a return (not DfE rules);
* :func:`earlier_layouts` -- how earlier collection years' files differ from the
  current layout (renamed elements, recoded values, absent modules), so a
  council's older returns are read with their own year's layout.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

__all__ = [
    "CHANGE_FILES",
    "EARLIER_LAYOUT_FILES",
    "OWN_CHECKS_FILES",
    "RULE_FILES",
    "SPECS_DIR",
    "LayoutChange",
    "RuleSpec",
    "earlier_layouts",
    "own_checks",
    "path",
    "rows",
    "rule_changes",
    "rule_list",
    "rule_years",
]

SPECS_DIR = Path(__file__).resolve().parent.parent / "specs"

Return = Literal["cin", "ssda903", "sen2"]

#: The full DfE rule list of a return's first year kept in code.
RULE_FILES: dict[tuple[Return, str], str] = {
    ("cin", "2025-26"): "cin_validation_rules_2025_26.csv",
    ("ssda903", "2025-26"): "ssda903_validation_rules_2025_26.csv",
    ("sen2", "2025-26"): "sen2_validation_rules_2025_26.csv",
}
#: Each later year's list of changes (column ``change``: added, changed, withdrawn).
CHANGE_FILES: dict[tuple[Return, str], str] = {
    ("cin", "2026-27"): "2026_27/cin_validation_rules_2026_27_changes.csv",
    ("ssda903", "2026-27"): "2026_27/ssda903_validation_rules_2026_27_changes.csv",
    ("sen2", "2026-27"): "2026_27/sen2_validation_rules_2026_27_changes.csv",
}
#: Continuum's own checks of each return (same columns as a rule list, no DfE logic).
OWN_CHECKS_FILES: dict[Return, str] = {
    "cin": "continuum_cin_checks.csv",
    "ssda903": "continuum_ssda903_checks.csv",
}

#: Each return's earlier layouts: one row per difference from the current layout, with the
#: collection years it holds for and the DfE schema or rule it was read from.
EARLIER_LAYOUT_FILES: dict[Return, str] = {
    "cin": "cin_census_earlier_layouts.csv",
    "ssda903": "ssda903_earlier_layouts.csv",
}


def path(name: str) -> Path:
    """The path of the spec file ``name`` (relative to ``continuum/specs``)."""
    return SPECS_DIR / name


@cache
def rows(name: str) -> tuple[MappingProxyType[str, str], ...]:
    """The rows of the spec file ``name``, read once (read-only: they are shared)."""
    with path(name).open(newline="", encoding="utf-8") as fh:
        return tuple(MappingProxyType(row) for row in csv.DictReader(fh))


@dataclass(frozen=True)
class RuleSpec:
    """One rule as its list gives it. ``severity`` is ``""`` where the list gives none."""

    code: str
    message: str
    fields: tuple[str, ...]
    tables: tuple[str, ...]
    severity: str = ""
    dfe_logic: str = ""
    change: str = ""

    @classmethod
    def of(cls, row: MappingProxyType[str, str]) -> RuleSpec:
        return cls(
            code=row["code"],
            message=row["message"],
            fields=_split(row.get("fields", "")),
            tables=_split(row.get("tables", "")),
            severity=(row.get("severity") or "").strip(),
            dfe_logic=row.get("dfe_logic") or "",
            change=row.get("change") or "",
        )


def _split(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (raw or "").split(",") if part.strip())


def rule_years(kind: Return) -> list[str]:
    """The collection years with a rule list for ``kind``, oldest first."""
    return sorted({y for k, y in RULE_FILES if k == kind} | {y for k, y in CHANGE_FILES if k == kind})


@cache
def rule_changes(kind: Return, year: str) -> dict[str, RuleSpec]:
    """``year``'s list of changes to ``kind``'s rules, by code."""
    return {r["code"]: RuleSpec.of(r) for r in rows(CHANGE_FILES[(kind, year)])}


@cache
def rule_list(kind: Return, year: str) -> dict[str, RuleSpec]:
    """``kind``'s DfE rules in force in ``year``, by code (the previous year's plus its changes)."""
    if (kind, year) in RULE_FILES:
        return {r["code"]: RuleSpec.of(r) for r in rows(RULE_FILES[(kind, year)])}
    years = rule_years(kind)
    if year not in years or years.index(year) == 0:
        raise KeyError(f"no {kind} rule list for {year!r}; known years: {', '.join(years)}")
    out = dict(rule_list(kind, years[years.index(year) - 1]))
    for code, spec in rule_changes(kind, year).items():
        if spec.change == "withdrawn":
            out.pop(code, None)
        else:
            out[code] = spec
    return out


@cache
def own_checks(kind: Return) -> dict[str, RuleSpec]:
    """Continuum's own checks of ``kind``'s return (not DfE rules), by code."""
    return {r["code"]: RuleSpec.of(r) for r in rows(OWN_CHECKS_FILES[kind])}


@dataclass(frozen=True)
class LayoutChange:
    """One way an earlier year's layout differs from the current one.

    ``change`` is ``renamed`` (``element`` is called ``current`` now),
    ``recoded`` (``element``'s ``value`` is ``current`` now), ``absent`` (no
    such module or table), ``code_absent`` or ``code_withdrawn`` (a code
    added later, or withdrawn since). It holds for the collection years
    ``first_year`` to ``last_year`` (``"2016-17"`` ...), both included.
    """

    first_year: str
    last_year: str
    change: str
    parent: str
    element: str
    value: str
    current: str
    note: str
    source: str

    def holds_in(self, year: str) -> bool:
        return self.first_year <= year <= self.last_year


@cache
def earlier_layouts(kind: Return) -> tuple[LayoutChange, ...]:
    """``kind``'s layout differences of earlier collection years (see :class:`LayoutChange`)."""
    return tuple(
        LayoutChange(**{f: (r.get(f) or "").strip() for f in LayoutChange.__dataclass_fields__})
        for r in rows(EARLIER_LAYOUT_FILES[kind])
    )
