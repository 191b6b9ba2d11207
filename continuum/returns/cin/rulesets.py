"""The CIN census rule set of each collection year.

Why modelled as "previous year plus changes": the DfE publishes each year's
rules as last year's with a short list of additions, withdrawals and
rewordings. Writing a new year as ``RULESETS[prev].next_year(year).add(...)
.remove(...)`` keeps that list visible in one place and every earlier year
reproducible. ``continuum/specs/cin_validation_rules.csv`` is the 2025-26 set;
``tests/returns/test_cin_registry.py`` checks the two match code for code,
message for message.

To add 2026-27 when the DfE publishes it::

    RULESETS["2026-27"] = (
        RULESETS["2025-26"].next_year("2026-27")
        .add(r9001, r8606_2026)     # new rules, and changed ones (same code replaces)
        .remove("8945Q")            # withdrawn rules
    )
"""

from __future__ import annotations

from continuum.returns.cin import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.cin.registry import REGISTRY, RuleSet, choose_ruleset

__all__ = ["LATEST_YEAR", "RULESETS", "ruleset_for"]

RULESETS: dict[str, RuleSet] = {
    "2025-26": RuleSet.of("2025-26", REGISTRY.values()),
}

LATEST_YEAR = max(RULESETS)


def ruleset_for(year: str | None) -> RuleSet:
    """The rule set of ``year``, or of the latest year when ``None``."""
    return choose_ruleset(RULESETS, year, "CIN census")


def year_of_reference_date(reference_date: object) -> str | None:
    """The collection year whose ReferenceDate this is (31 March 2026 -> "2025-26"), if known."""
    for year, ruleset in RULESETS.items():
        if ruleset.reference_date == reference_date:
            return year
    return None
