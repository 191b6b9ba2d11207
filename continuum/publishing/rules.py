"""Who may generate, annotate, publish and read reports (registered with the one policy).

Analysts make the reports (generate, write the commentary, publish). The
published reports are for those who account for the service: board members,
partner members (the safeguarding partnership board's members from other
organisations, who vote on what the board's papers say), team managers and QA
officers, and the analysts. Published reports hold aggregate figures only, so a
partner member, who sees no case record, may read them; the lists of children
behind a figure stay ``performance.drilldown``'s. Drafts are the analysts'
only, so nobody reads a figure before it has been checked and explained.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import has_any_role, roles_of, rule

_READERS = frozenset({r.PERFORMANCE_ANALYST, r.BOARD_MEMBER, r.PARTNER_MEMBER, r.TEAM_MANAGER, r.QA_OFFICER})


@rule("reports.generate")
def _generate(user: Any, obj: Any) -> bool:
    """Generate a report, see drafts, write commentary and publish: performance analysts."""
    return r.PERFORMANCE_ANALYST in roles_of(user)


@rule("reports.read")
def _read(user: Any, obj: Any) -> bool:
    """Read published reports (a draft only with ``reports.generate``): board and partner members,
    managers, QA, analysts."""
    if not has_any_role(user, _READERS):
        return False
    return obj is None or getattr(obj, "published", True) or r.PERFORMANCE_ANALYST in roles_of(user)
