"""Who may see and update actions (registered with the one policy, continuum/core/policy.py).

An action that came from a child's record is part of that record: only
someone who may open the child (``child.view``, counting break glass) sees
it, and only someone who may record on the child (``child.record``) or its
owner changes it. An action from elsewhere (QA, a board log) is its owner's
and its setter's.
"""

from __future__ import annotations

from typing import Any

from continuum.core.policy import ChildAccess, may, roles_of, rule


def _child(obj: Any, access: ChildAccess | None) -> ChildAccess | None:
    if access is not None:
        return access
    child_id = getattr(obj, "child_id", None)
    return None if child_id is None else ChildAccess(child_id)


def _split(obj: Any) -> tuple[Any, ChildAccess | None]:
    """``obj`` is an action, or (action, ChildAccess) when the view knows this session's break glass."""
    if isinstance(obj, tuple):
        return obj[0], obj[1]
    return obj, None


@rule("actions.mine")
def _mine(user: Any, obj: Any) -> bool:
    """Anyone signed in with a role has a "My actions" list (empty until someone sets them one)."""
    return bool(roles_of(user))


@rule("actions.view")
def _view(user: Any, obj: Any) -> bool:
    """See an action: from a child's record, whoever may open the child; else its owner and setter."""
    action, access = _split(obj)
    if action is None:
        return bool(roles_of(user))
    child = _child(action, access)
    if child is not None:
        return may(user, "child.view", child)
    return user.pk in (action.owner_id, action.created_by_id)


@rule("actions.update")
def _update(user: Any, obj: Any) -> bool:
    """Change an action's status or date: its owner (if they still see it), or who records on the child."""
    action, access = _split(obj)
    if action is None:
        return bool(roles_of(user))
    if not may(user, "actions.view", obj):
        return False
    child = _child(action, access)
    if user.pk == action.owner_id:
        return True
    return child is not None and may(user, "child.record", child)
