"""The SSDA903 rule set of each collection year ("previous year plus changes", as for CIN).

``RULESETS["2025-26"]`` is every rule registered in :mod:`.rules` without a
year. A new year is the previous one moved to its 31 March, plus the rules
registered for it (a rule with an existing code replaces it), minus the codes
its list of changes withdraws (the shared mechanism of
:mod:`continuum.returns.rules_registry`). 2026-27 adds 700-710 on the new DoLo table
(:mod:`.rules.dolo`; provisional, from
``continuum/specs/2026_27/ssda903_validation_rules_2026_27_changes.csv``).

The collection year runs 1 April to 31 March; the set's ``reference_date``
(31 March) is the end of the year the rules check against.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from continuum.returns.rules_registry import choose_ruleset, nearest_year
from continuum.returns.ssda903 import rules as _rules  # noqa: F401  (registers every rule)
from continuum.returns.ssda903.registry import SSDA903, RuleSet

__all__ = ["LATEST_YEAR", "RULESETS", "WITHDRAWN", "latest_event_date", "ruleset_for", "year_of_return"]

RULESETS: dict[str, RuleSet] = SSDA903.rulesets()
#: Codes the DfE withdrew in each later year (from its list of changes).
WITHDRAWN: dict[str, tuple[str, ...]] = {
    year: SSDA903.withdrawn(year) for year in RULESETS if year != SSDA903.first_year
}

LATEST_YEAR = max(RULESETS)


def ruleset_for(year: str | None) -> RuleSet:
    """The rule set of ``year``, or of the latest year when ``None``."""
    return choose_ruleset(RULESETS, year, "SSDA903")


#: Dates of events (not of birth) that place a return in its collection year.
_EVENT_DATES = {
    "episodes": ("decom", "dec"),
    "reviews": ("review",),
    "missing": ("mis_start", "mis_end"),
    "social_worker": ("sw_decom", "sw_dec"),
    "dolo": ("dolo_start", "dolo_end"),
}


def year_of_return(current: dict[str, pa.Table], today: date | None = None) -> str | None:
    """The collection year of a 903 return, which has no header date: the year holding its
    latest event date (a complete year's return runs to 31 March, a year-to-date one to today).

    Dates after ``today`` (default: the real date) are ignored, so one mistyped year (2062)
    cannot move a return into another year's rules. A year with no rule set gives the nearest
    one's; a return with no dates gives ``None`` (the latest set).
    """
    return nearest_year(RULESETS, latest_event_date(current, today))


def latest_event_date(current: dict[str, pa.Table], today: date | None = None) -> date | None:
    """The latest event date of a 903 return up to ``today`` (its collection year's day; see
    :func:`year_of_return`). Callers that must not fall back to the nearest rule set (the
    validate command says "no rule set for 2021-22") take the year from this date."""
    limit = today or date.today()
    latest: date | None = None
    for name, columns in _EVENT_DATES.items():
        table = current.get(name)
        if table is None or not table.num_rows:
            continue
        for column in columns:
            values = table[column]
            kept = pc.filter(values, pc.less_equal(values, pa.scalar(limit, pa.date32())))
            top = pc.max(kept).as_py()
            if top is not None and (latest is None or top > latest):
                latest = top
    return latest
