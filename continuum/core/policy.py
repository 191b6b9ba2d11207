"""The permissions policy: the one place that decides who may do what.

Every view and every export asks :func:`may` before acting. Rules are plain
functions registered against an action name, so each decision can be read and
tested on its own, and an action nobody registered is refused rather than
allowed by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from continuum.core import roles as r
from continuum.core.roles import Role

Rule = Callable[[User, Any], bool]
_RULES: dict[str, Rule] = {}


class PolicyError(LookupError):
    """Raised when code asks about an action the policy does not know."""


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the function that decides ``action``."""

    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise PolicyError(f"The action {action!r} already has a rule.")
        _RULES[action] = func
        return func

    return register


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a signed-in user holds, read once per request and cached."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_continuum_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in r.ALL_ROLES if role.name in names)
        user._continuum_roles = cached  # type: ignore[union-attr,attr-defined]
    return cached


def has_any_role(user: User | AnonymousUser, wanted: Iterable[Role]) -> bool:
    return bool(roles_of(user) & set(wanted))


def may(user: User | AnonymousUser, action: str, obj: Any = None) -> bool:
    """Answer: may ``user`` perform ``action`` (on ``obj``, where given)?

    Inactive and anonymous users may do nothing. An unknown action is a
    programming error, not a refusal, so that a typo cannot pass silently.
    """
    try:
        decide = _RULES[action]
    except KeyError:
        raise PolicyError(f"No permissions rule for the action {action!r}.") from None
    if not user.is_authenticated or not user.is_active:
        return False
    return decide(user, obj)  # type: ignore[arg-type]


def known_actions() -> list[str]:
    return sorted(_RULES)


# --- Rules -------------------------------------------------------------------


@rule("home.view")
def _home(user: User, obj: Any) -> bool:
    """Anyone signed in with at least one role may see the home page."""
    return bool(roles_of(user))


@rule("admin.use")
def _admin(user: User, obj: Any) -> bool:
    """Only system administrators manage users, roles and settings."""
    return r.SYSTEM_ADMINISTRATOR in roles_of(user)


@rule("accesslog.view")
def _access_log(user: User, obj: Any) -> bool:
    """System administrators and QA officers may read who viewed which record."""
    return has_any_role(user, {r.SYSTEM_ADMINISTRATOR, r.QA_OFFICER})
