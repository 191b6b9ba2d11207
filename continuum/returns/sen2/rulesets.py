"""The SEN2 rule set of each collection year: the first year's rules, then each year's changes.

2025-26 is SEN2 2026 (census 15 January 2026). 2026-27 (SEN2 2027, census 21 January 2027) is
provisional: no specification was found, so its list of changes is empty and it is the 2026 set
carried forward (``continuum/specs/sen2_years.csv`` says so, and the pages show it).
"""

from __future__ import annotations

from continuum.returns.rules_registry import RuleSet, choose_ruleset
from continuum.returns.sen2 import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.sen2.registry import SEN2

__all__ = ["LATEST_YEAR", "RULESETS", "ruleset_for"]

RULESETS: dict[str, RuleSet] = SEN2.rulesets()
LATEST_YEAR = max(RULESETS)


def ruleset_for(year: str | None) -> RuleSet:
    """The rule set of ``year``, or of the latest year when ``None``."""
    return choose_ruleset(RULESETS, year, "SEN2")
