"""Who may see and record SEND work (registered with the one policy, continuum/core/policy.py).

Why these rules:

* There is no SEND caseworker role yet; SEND casework is recorded by social workers and managers in
  this release, and the SEND pages are for whoever may hold cases (``send.home``).
* An EHC journey or plan belongs to a person's record: seeing it needs ``child.view`` on that person
  (so break glass, restrictions and logging are the same as for any child record), and recording on
  it needs ``child.record``.
* Performance analysts see the SEND figures but no person's record.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import ChildAccess, has_any_role, may, rule

_CASEWORK = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.HEAD_OF_SERVICE})


def _child(obj: Any) -> ChildAccess | None:
    if obj is None:
        return None
    if isinstance(obj, ChildAccess):
        return obj
    return ChildAccess(obj.child_id)


@rule("send.home")
def _home(user: Any, obj: Any) -> bool:
    """The SEND pages and the list of open requests: case holders and their managers."""
    return has_any_role(user, _CASEWORK)


@rule("send.view")
def _view(user: Any, obj: Any) -> bool:
    """See one EHC request or plan: whoever may open the person's record."""
    child = _child(obj)
    if child is None:
        return has_any_role(user, _CASEWORK)
    return has_any_role(user, _CASEWORK) and may(user, "child.view", child)


@rule("send.record")
def _record(user: Any, obj: Any) -> bool:
    """Record a request, a decision, advice or a plan: whoever may record on the person's record."""
    child = _child(obj)
    if child is None:
        return has_any_role(user, _CASEWORK)
    return has_any_role(user, _CASEWORK) and may(user, "child.record", child)


@rule("send.figures")
def _figures(user: Any, obj: Any) -> bool:
    """The SEND figures (no person's record): managers and performance analysts."""
    return has_any_role(user, {r.TEAM_MANAGER, r.HEAD_OF_SERVICE, r.PERFORMANCE_ANALYST})
