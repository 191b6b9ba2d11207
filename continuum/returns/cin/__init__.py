"""The CIN census: parse the XML return into Arrow tables and run the DfE validation rules.

Use::

    from continuum.returns.cin import validate_cin
    report = validate_cin("cin_2026.xml")          # rule set picked from the header's ReferenceDate
    print(report.summary_text())
    report.write_csv(Path("out")); report.write_xlsx(Path("out"))

``parse_cin`` alone gives the tables (for loading imported returns into the
analytical schema). Both raise :class:`~continuum.returns.report.ReturnFileError`
for a file that cannot be read.
"""

from __future__ import annotations

from continuum.returns.cin.engine import validate_cin, validate_tables
from continuum.returns.cin.parser import CinTables, parse_cin
from continuum.returns.cin.registry import REGISTRY, CinRule, RuleSet
from continuum.returns.cin.rulesets import LATEST_YEAR, RULESETS, ruleset_for

__all__ = [
    "LATEST_YEAR",
    "REGISTRY",
    "RULESETS",
    "CinRule",
    "CinTables",
    "RuleSet",
    "parse_cin",
    "ruleset_for",
    "validate_cin",
    "validate_tables",
]
