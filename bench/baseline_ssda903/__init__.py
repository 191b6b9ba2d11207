"""SSDA903 (children looked after): read the CSV return into Arrow tables and run the DfE rules.

Use::

    from bench.baseline_ssda903 import validate_903
    report = validate_903(
        ["header.csv", "episodes.csv", ...],
        previous=["episodes_last.csv"],          # last year's return
        history=["episodes_2024.csv", ...],      # earlier years' Episodes (rules 199, 1000-1002)
        providers="providers.csv", la_code="302", # Ofsted provider list (rules 219-229)
    )
    print(report.summary_text())

``parse_903`` alone gives the tables. Both raise
:class:`~continuum.returns.report.ReturnFileError` for a file that cannot be read.
"""

from __future__ import annotations

from bench.baseline_ssda903.engine import validate_903, validate_903_tables
from bench.baseline_ssda903.parser import (
    Ssda903Tables,
    parse_903,
    read_903_csv,
    read_providers,
    tables_from_rows,
)
from bench.baseline_ssda903.registry import REGISTRY, Ssda903Rule
from bench.baseline_ssda903.rulesets import LATEST_YEAR, RULESETS, ruleset_for

__all__ = [
    "LATEST_YEAR",
    "REGISTRY",
    "RULESETS",
    "Ssda903Rule",
    "Ssda903Tables",
    "parse_903",
    "read_903_csv",
    "read_providers",
    "ruleset_for",
    "tables_from_rows",
    "validate_903",
    "validate_903_tables",
]
