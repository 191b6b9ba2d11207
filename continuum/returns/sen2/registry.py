"""The SEN2 rule registry: the shared one (:mod:`continuum.returns.rules_registry`) for SEN2.

Each rule in :mod:`.rules` registers with ``@rule("SEN2-301", table="requests")``; its message,
fields and severity come from ``continuum/specs/sen2_validation_rules_2025_26.csv`` (and a later
year's list of changes), so a message lives in one place, as for the CIN census and SSDA903.
"""

from __future__ import annotations

from continuum.returns.rules_registry import Registry, Rule

__all__ = ["REGISTRY", "SEN2", "Sen2Rule", "rule"]

#: A SEN2 rule is a shared :class:`Rule`.
Sen2Rule = Rule

SEN2 = Registry("sen2", "SEN2")
#: Every rule of the first year kept in code (2025-26: SEN2 2026), by code.
REGISTRY = SEN2.first
rule = SEN2.rule
