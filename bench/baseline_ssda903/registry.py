"""The registry of SSDA903 validation rules.

Why the message comes from the DfE's list: ``continuum/specs/ssda903_validation_rules_2025_26.csv``
is the DfE's list of the 287 SSDA903 rules in force for 2025-26 (code, message, fields, tables,
DfE logic where known). Continuum's own integrity checks (``INT...``), which are not DfE rules,
take their messages from ``continuum/specs/continuum_ssda903_checks.csv``.
A rule here names its code and the registry takes the exact message, the
fields and the tables from that list, so a message can never drift from the
DfE's wording (trailing spaces and typos included). What the list does not
give is the logic: each rule's SQL is written from its message, and its
docstring says how the wording was read.

Why severity from the code: the list has no severity column. The DfE's
convention, used on the CIN side too, is that a code ending in "Q" is a
query (answer or fix) and any other code an error (the return is rejected).
No 2025-26 SSDA903 code ends in "Q", so every rule is an error; the rule
set test checks the convention against the list.

The rule shape is the CIN one (:mod:`bench.baseline_ssda903.cin_registry`): SQL
selecting ``child_id, line`` of each failing row, optionally ``field`` and
``tbl`` (the table of the failing row, when a rule reports rows of several
tables). ``RuleSet`` is shared with CIN.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TextIO

from bench.baseline_ssda903.cin_registry import RuleSet
from continuum.returns.report import Severity

__all__ = [
    "LATER_RULES_CSV",
    "LATER_YEARS",
    "REGISTRY",
    "RULES_CSV",
    "DfeRule",
    "RuleSet",
    "Ssda903Rule",
    "dfe_rules",
    "rule",
]

_SPECS = Path(__file__).resolve().parent / "specs"
RULES_CSV = _SPECS / "ssda903_validation_rules_2025_26.csv"
#: Continuum's own checks (not DfE rules), same columns.
OWN_CHECKS_CSV = _SPECS / "continuum_ssda903_checks.csv"
#: Each later year's list of rule changes (code, change, message, fields, tables, ...).
LATER_RULES_CSV: dict[str, Path] = {
    "2026-27": _SPECS / "2026_27" / "ssda903_validation_rules_2026_27_changes.csv"
}


@dataclass(frozen=True)
class DfeRule:
    """One row of the DfE's published rule list."""

    code: str
    message: str
    fields: tuple[str, ...]
    tables: tuple[str, ...]


@cache
def dfe_rules(year: str | None = None) -> dict[str, DfeRule]:
    """The DfE's SSDA903 rule list by code; with ``year``, that year's added and changed rules."""
    out: dict[str, DfeRule] = {}
    files = [RULES_CSV, OWN_CHECKS_CSV] if year is None else [LATER_RULES_CSV[year]]
    for path in files:
        with path.open(encoding="utf-8") as fh:
            out.update(_read_rules(fh))
    return out


def _read_rules(fh: TextIO) -> dict[str, DfeRule]:
    """Rows of one rule list (a list of changes keeps only its added and changed rules)."""
    out: dict[str, DfeRule] = {}
    for row in csv.DictReader(fh):
        if row.get("change", "added") not in ("added", "changed"):
            continue
        out[row["code"]] = DfeRule(
            code=row["code"],
            message=row["message"],
            fields=tuple(f.strip() for f in row["fields"].split(",") if f.strip()),
            tables=tuple(t.strip() for t in row["tables"].split(",") if t.strip()),
        )
    return out


def severity_of(code: str) -> Severity:
    """DfE convention: codes ending in Q are queries, all others errors."""
    return Severity.QUERY if code.upper().endswith("Q") else Severity.ERROR


@dataclass(frozen=True)
class Ssda903Rule:
    """One DfE SSDA903 validation rule with its SQL."""

    code: str
    severity: Severity
    message: str
    table: str
    fields: tuple[str, ...]
    tables: tuple[str, ...]
    sql: str
    doc: str
    #: Reads the provider-information file: run only when one is loaded, else "not checked".
    needs_providers: bool = False

    @property
    def is_return_level(self) -> bool:
        return self.table == "return"


#: Every SSDA903 rule of the first year kept in code (2025-26), by DfE code.
REGISTRY: dict[str, Ssda903Rule] = {}

#: Rules added or changed in a later year, by year then code (kept apart because a
#: changed rule has the code of the one it replaces; ``rulesets.py`` adds them).
LATER_YEARS: dict[str, dict[str, Ssda903Rule]] = {}


def rule(
    code: str, *, table: str, needs_providers: bool = False, year: str | None = None
) -> Callable[[Callable[[], str]], Ssda903Rule]:
    """Register the decorated function's SQL as DfE rule ``code``, reporting rows of ``table``.

    Message, fields and tables come from the DfE list (for a ``year`` such
    as ``"2026-27"``, from that year's list of changes); an unknown code is a
    programming error and fails at import.
    """
    registry = REGISTRY if year is None else LATER_YEARS.setdefault(year, {})

    def register(fn: Callable[[], str]) -> Ssda903Rule:
        if code in registry:
            raise ValueError(f"SSDA903 rule {code} is registered twice" + (f" for {year}" if year else ""))
        dfe = dfe_rules(year)[code]
        registered = Ssda903Rule(
            code=code,
            severity=severity_of(code),
            message=dfe.message,
            table=table,
            fields=dfe.fields,
            tables=dfe.tables,
            sql=fn(),
            doc=(fn.__doc__ or "").strip(),
            needs_providers=needs_providers,
        )
        registry[code] = registered
        return registered

    return register
