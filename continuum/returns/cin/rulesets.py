"""The CIN census rule set of each collection year.

Why modelled as "previous year plus changes": the DfE publishes each year's
rules as last year's with a short list of additions, withdrawals and
rewordings. Writing a new year as ``RULESETS[prev].next_year(year).add(...)
.remove(...)`` keeps that list visible in one place and every earlier year
reproducible. ``continuum/specs/cin_validation_rules_2025_26.csv`` is the 2025-26 set;
``tests/returns/test_cin_registry.py`` checks the two match code for code,
message for message.

2026-27 is written that way: the 2025-26 rules moved to the ReferenceDate
31 March 2027, plus the rules registered for ``year="2026-27"`` (module 5,
:mod:`.rules.pre_proceedings`), minus the withdrawn codes in
``WITHDRAWN["2026-27"]``. Its changes are provisional
(``continuum/specs/2026_27/cin_validation_rules_2026_27_changes.csv``):
when the DfE publishes its final list, a changed rule is registered again
for the year (the same code replaces the old one) and a withdrawn code is
listed in ``WITHDRAWN``; ``tests/returns/test_rulesets_2026_27.py`` checks
the set against the changes file.
"""

from __future__ import annotations

from datetime import date

from continuum.returns.cin import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.cin.registry import LATER_YEARS, REGISTRY, RuleSet, choose_ruleset, nearest_year

__all__ = ["LATEST_YEAR", "RULESETS", "WITHDRAWN", "ruleset_for", "year_of_reference_date"]

#: Codes the DfE withdrew in each year (none known for 2026-27 yet).
WITHDRAWN: dict[str, tuple[str, ...]] = {"2026-27": ()}

RULESETS: dict[str, RuleSet] = {
    "2025-26": RuleSet.of("2025-26", REGISTRY.values()),
}
RULESETS["2026-27"] = (
    RULESETS["2025-26"]
    .next_year("2026-27")
    .add(*LATER_YEARS["2026-27"].values())
    .remove(*WITHDRAWN["2026-27"])
)

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
