"""Who may see and record the workforce figures (registered with the one policy, core/policy.py).

The workforce page records each worker's contracted hours and each team's
establishment, the numbers behind the FTE indicators. A team manager knows
their own team's posts and contracts, so records them for the teams they work
in (a head of service for the teams of their service); performance analysts
keep the figures the DfE's workforce census asks for, and the system
administrator sets up teams, so both record them for every team. Nothing here
is about a child.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import has_any_role, roles_of, rule, teams_of

_ALL_TEAMS = frozenset({r.PERFORMANCE_ANALYST, r.SYSTEM_ADMINISTRATOR})


def _team_id(obj: Any) -> int | None:
    """The team a rule is asked about: a Team, a Worker (its team), or None for the area itself."""
    if obj is None:
        return None
    return obj.pk if obj.__class__.__name__ == "Team" else obj.team_id


@rule("workforce.view")
def _view(user: Any, obj: Any) -> bool:
    """See the workforce page: analysts and administrators every team, team managers their own."""
    if has_any_role(user, _ALL_TEAMS):
        return True
    if r.TEAM_MANAGER not in roles_of(user):
        return False
    team = _team_id(obj)
    return team is None or team in teams_of(user)


@rule("workforce.record")
def _record(user: Any, obj: Any) -> bool:
    """Record contracted hours and establishment: the same people, for the same teams."""
    if obj is not None and _team_id(obj) is None and not has_any_role(user, _ALL_TEAMS):
        return False  # a worker in no team: only those who record for every team
    return _view(user, obj)
