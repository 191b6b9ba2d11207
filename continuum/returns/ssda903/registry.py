"""The SSDA903 rule registry: the shared one (:mod:`continuum.returns.rules_registry`) for SSDA903.

A rule module registers its rules with ``@rule("103", table="header")``; the
message, fields, tables and severity come from the DfE's list
(``continuum/specs/ssda903_validation_rules_2025_26.csv``; for a rule
registered with ``year="2026-27"``, from that year's list of changes), so a
message can never drift from the DfE's wording (trailing spaces and typos
included). Continuum's own checks, which are not DfE rules, carry codes
starting ``CONTINUUM-`` and take their messages from
``continuum/specs/continuum_ssda903_checks.csv``. What the list does not give
is the logic: each rule's SQL is written from the DfE text, and its docstring
says how the wording was read.

The list records no severity: a rule is an error unless its message asks the
reader to check or the DfE text calls it a query
(:func:`~continuum.returns.rules_registry.severity_of`; the rules this makes
queries are listed in ``docs/returns.md``).
"""

from __future__ import annotations

from continuum.core import specs
from continuum.core.specs import RuleSpec
from continuum.returns.rules_registry import Registry, Rule, RuleSet

__all__ = ["LATER_YEARS", "REGISTRY", "SSDA903", "RuleSet", "Ssda903Rule", "dfe_rules", "rule"]

#: An SSDA903 rule is a shared :class:`Rule`.
Ssda903Rule = Rule

SSDA903 = Registry("ssda903", "SSDA903")
#: Every SSDA903 rule of the first year kept in code (2025-26), by code.
REGISTRY = SSDA903.first
#: Rules added or changed in a later year, by year then code.
LATER_YEARS = SSDA903.later
#: ``rule(code, *, table, needs_providers=False, year=None)``.
rule = SSDA903.rule


def dfe_rules(year: str | None = None) -> dict[str, RuleSpec]:
    """The 2025-26 list with Continuum's own checks by code; with ``year``, that year's changes."""
    if year is not None:
        return specs.rule_changes("ssda903", year)
    return {**specs.rule_list("ssda903", SSDA903.first_year), **specs.own_checks("ssda903")}
