"""The SSDA903 rule set of each collection year ("previous year plus changes", as for CIN).

``RULESETS["2025-26"]`` is every rule registered in :mod:`.rules`. A new
year is written as the previous one with its changes::

    RULESETS["2026-27"] = (
        RULESETS["2025-26"].next_year("2026-27")
        .add(r_new, r_changed)      # a rule with an existing code replaces it
        .remove("1001")             # withdrawn rules
    )

The collection year runs 1 April to 31 March; the set's ``reference_date``
(31 March) is the end of the year the rules check against.
"""

from __future__ import annotations

from continuum.returns.cin.registry import choose_ruleset
from continuum.returns.ssda903 import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.ssda903.registry import REGISTRY, RuleSet

__all__ = ["LATEST_YEAR", "RULESETS", "ruleset_for"]

RULESETS: dict[str, RuleSet] = {
    "2025-26": RuleSet.of("2025-26", REGISTRY.values()),  # type: ignore[arg-type]
}

LATEST_YEAR = max(RULESETS)


def ruleset_for(year: str | None) -> RuleSet:
    """The rule set of ``year``, or of the latest year when ``None``."""
    return choose_ruleset(RULESETS, year, "SSDA903")
