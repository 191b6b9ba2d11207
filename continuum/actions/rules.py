"""Who may see, update and be given actions (registered with the one policy, continuum/core/policy.py).

An action is first its owner's and its setter's: the person given it must be able to find it in
"My actions" and open it, and so must the person who set it, even when the action is about a child
they have no working relationship with (a case audit sets the team manager an action about a child
in another team). Its page shows them the action itself; the child's record still opens only by
the child rules (``child.view``, break glass included).

Anyone else sees an action from a child's record only if they may open the child, and an action
from an area's own record (a case audit, a practice review) if that area's rule for the record
lets them (registered with :func:`readers_of`): QA reads the QA action plan's actions that way.
Someone who may record on the child (``child.record``) or its owner changes it.

Who may be *given* an action about a child (``actions.own``): the council's casework staff, those
who may record casework on a child, and QA officers, whose case audits set most QA actions. A
board member, a partner agency or a system administrator is never offered, nor accepted, as the
owner of an action about a child: they cannot open the child's record or act on it.

An action about no child (a board's action log) may be given to anyone with a role, unless the area
its record belongs to names the roles that may be given its actions (registered with
:func:`owners_of`): an action agreed at MARAC goes to an agency at the meeting, never to a board
member or a system administrator who happens to have a sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum.core import roles as r
from continuum.core.policy import ChildAccess, may, roles_of, rule
from continuum.core.roles import Role

#: The roles that may be given an action about a child (see the module's docstring). A head of
#: service passes too, as a team manager (``Role.acts_as``).
CASEWORK_OWNERS = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.QA_OFFICER})

#: "app_label.model" of a source record -> the policy action that says who may read that record
#: (asked with the record); filled by the areas' AppConfig.ready() through :func:`readers_of`.
_SOURCE_READERS: dict[str, str] = {}

#: "app_label.model" of a source record about no child -> the roles whose holders may be given the
#: actions set from it; filled by the areas' AppConfig.ready() through :func:`owners_of`.
_SOURCE_OWNERS: dict[str, frozenset[Role]] = {}

#: The model a child is; the ``actions.own`` rule tells a child from a source record by it.
_CHILD_LABEL = "people.child"


def readers_of(model_label: str, policy_action: str) -> None:
    """Let whoever may ``policy_action`` on an ``model_label`` record read the actions set from it."""
    _SOURCE_READERS[model_label.lower()] = policy_action


def owners_of(model_label: str, owner_roles: Iterable[Role]) -> None:
    """Let only holders of ``owner_roles`` (or those acting as one) be given the actions set from an
    ``model_label`` record, which is about no child."""
    _SOURCE_OWNERS[model_label.lower()] = frozenset(owner_roles)


def _source_owners(obj: Any) -> frozenset[Role] | None:
    """The roles that may be given an action set from ``obj``, a record about no child or its model
    (every role when its area named none); None when ``obj`` is not such a record (a child, its id
    or a ChildAccess)."""
    meta = getattr(obj, "_meta", None)
    if meta is None or meta.label_lower == _CHILD_LABEL:
        return None
    return _SOURCE_OWNERS.get(meta.label_lower, frozenset(r.ALL_ROLES))


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


def is_owner_or_setter(user: Any, action: Any) -> bool:
    return user.pk in (action.owner_id, action.created_by_id)


def _source_reader(user: Any, action: Any) -> bool:
    """Does the area the action came from let ``user`` read its record (and so the action)?"""
    if not _SOURCE_READERS:
        return False
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_id(action.source_type_id)
    wanted = _SOURCE_READERS.get(f"{kind.app_label}.{kind.model}")
    return wanted is not None and action.source is not None and may(user, wanted, action.source)


@rule("actions.mine")
def _mine(user: Any, obj: Any) -> bool:
    """Anyone signed in with a role has a "My actions" list (empty until someone sets them one)."""
    return bool(roles_of(user))


@rule("actions.view")
def _view(user: Any, obj: Any) -> bool:
    """See an action: its owner and setter always; else whoever may read the record it came from
    (the child's, or an area's own record that registered a reader rule)."""
    action, access = _split(obj)
    if action is None:
        return bool(roles_of(user))
    if is_owner_or_setter(user, action) or _source_reader(user, action):
        return True
    child = _child(action, access)
    return child is not None and may(user, "child.view", child)


@rule("actions.update")
def _update(user: Any, obj: Any) -> bool:
    """Change an action's status or date: its owner, or who records on the child."""
    action, access = _split(obj)
    if action is None:
        return bool(roles_of(user))
    if user.pk == action.owner_id:
        return True
    child = _child(action, access)
    return child is not None and may(user, "child.record", child)


@rule("actions.own")
def _own(user: Any, obj: Any) -> bool:
    """Be given an action. ``obj`` is the child it is about (a child, its id or a ChildAccess); or, for
    an action about no child, the record it is set from (or that record's model), which its area's
    roles may be given (:func:`owners_of`), or None, which anyone with a role may be given."""
    if obj is None:
        return bool(roles_of(user))
    from_source = _source_owners(obj)
    return bool(roles_of(user) & (CASEWORK_OWNERS if from_source is None else from_source))


def roles_that_may_own(about: Any) -> list[Role]:
    """The roles whose holders may be given an action ``about`` what the ``actions.own`` rule is asked
    about: a child (those in :data:`CASEWORK_OWNERS` and those acting as one), a record about no child
    or its model (the roles its area named), or None (every role). For a list of people to choose
    from (checked again with ``may``)."""
    if about is None:
        return list(r.ALL_ROLES)
    from_source = _source_owners(about)
    owners = CASEWORK_OWNERS if from_source is None else from_source
    return [role for role in r.ALL_ROLES if ({role} | set(role.acts_as)) & owners]
