"""The CIN census rule registry: the shared one (:mod:`continuum.returns.rules_registry`) for CIN.

Each rule module registers its rules with ``@rule("8606", table=..., fields=[...])``;
the message and severity come from ``continuum/specs/cin_validation_rules_2025_26.csv``
(and, for a rule registered with ``year="2026-27"``, from that year's list of changes).
The names below are kept so that rule modules and callers import from here.
"""

from __future__ import annotations

from continuum.returns.rules_registry import (
    Registry,
    Rule,
    RuleSet,
    choose_ruleset,
    collection_year_of,
    nearest_year,
    reference_date_of,
)

__all__ = [
    "CIN",
    "LATER_YEARS",
    "REGISTRY",
    "CinRule",
    "RuleSet",
    "choose_ruleset",
    "collection_year_of",
    "nearest_year",
    "reference_date_of",
    "rule",
]

#: A CIN census rule is a shared :class:`Rule`.
CinRule = Rule

CIN = Registry("cin", "CIN census")
#: Every rule of the first year kept in code (2025-26), by DfE code.
REGISTRY = CIN.first
#: Rules added or changed in a later collection year, by year then code.
LATER_YEARS = CIN.later
rule = CIN.rule
