"""The CIN census rule set of each collection year ("previous year plus changes").

``RULESETS["2025-26"]`` is every rule registered in :mod:`.rules` without a
year: ``continuum/specs/cin_validation_rules_2025_26.csv``. Each later year is
the previous one moved to its 31 March, plus the rules registered for it (a
rule with an existing code replaces it), minus the codes its list of changes
withdraws (:meth:`~continuum.returns.rules_registry.Registry.rulesets`).
2026-27 adds module 5 (:mod:`.rules.pre_proceedings`), provisional, from
``continuum/specs/2026_27/cin_validation_rules_2026_27_changes.csv``: when the
DfE publishes its final list, the file is corrected and a changed rule is
registered again for the year. ``tests/returns/test_rule_lists.py`` checks
each year's set against its list, code for code, message for message.
"""

from __future__ import annotations

from datetime import date

from continuum.returns.cin import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.cin.registry import CIN, RuleSet, choose_ruleset, nearest_year

__all__ = ["LATEST_YEAR", "RULESETS", "WITHDRAWN", "ruleset_for", "year_of_reference_date"]

RULESETS: dict[str, RuleSet] = CIN.rulesets()
#: Codes the DfE withdrew in each later year (from its list of changes).
WITHDRAWN: dict[str, tuple[str, ...]] = {
    year: CIN.withdrawn(year) for year in RULESETS if year != CIN.first_year
}

LATEST_YEAR = max(RULESETS)


def ruleset_for(year: str | None) -> RuleSet:
    """The rule set of ``year``, or of the latest year when ``None``."""
    return choose_ruleset(RULESETS, year, "CIN census")


def year_of_reference_date(reference_date: date | None) -> str | None:
    """The collection year of a ReferenceDate (31 March 2026 -> "2025-26").

    A date in a year with no rule set gives the nearest year's (a 2024-25
    file is checked with the 2025-26 rules, as it always was); ``None``
    gives ``None`` (the latest set).
    """
    return nearest_year(RULESETS, reference_date)
