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


# --- Front door (MASH) ---------------------------------------------------------------
#
# MASH practitioners and team managers work the queue and see everything about
# a contact. Partner agencies (police, health, education) may make contacts and
# see the outcome of the contacts they made themselves, nothing else about the
# child: they are not the council's case-holders. Board members, analysts and
# system administrators see aggregates or settings only, never the queue.

_FRONT_DOOR_STAFF = frozenset({r.MASH_PRACTITIONER, r.TEAM_MANAGER})


def _made_contact(user: User, contact: Any) -> bool:
    """Did ``user`` record this contact? Read from its chronology event (the contact has no author column)."""
    from continuum.journey.models import ChronologyEvent

    return ChronologyEvent.objects.filter(
        step="record_contact", record_type="contact", record_id=contact.pk, by=user
    ).exists()


@rule("mash.queue")
def _mash_queue(user: User, obj: Any) -> bool:
    """MASH practitioners and team managers work the queue of contacts awaiting a decision."""
    return has_any_role(user, _FRONT_DOOR_STAFF)


@rule("contact.create")
def _contact_create(user: User, obj: Any) -> bool:
    """The MASH and the partner agencies in it may record a contact."""
    return has_any_role(user, _FRONT_DOOR_STAFF | r.PARTNER_ROLES)


@rule("contact.match")
def _contact_match(user: User, obj: Any) -> bool:
    """Seeing possible existing records reveals other children: MASH staff only, never partners."""
    return has_any_role(user, _FRONT_DOOR_STAFF)


@rule("contact.own")
def _contact_own(user: User, obj: Any) -> bool:
    """Partner agencies list the contacts they made (MASH staff use the queue instead)."""
    return has_any_role(user, r.PARTNER_ROLES) and not has_any_role(user, _FRONT_DOOR_STAFF)


@rule("contact.outcome")
def _contact_outcome(user: User, obj: Any) -> bool:
    """The outcome of a contact: MASH staff for any contact, a partner for their own only."""
    if has_any_role(user, _FRONT_DOOR_STAFF):
        return True
    if not has_any_role(user, r.PARTNER_ROLES):
        return False
    return obj is None or _made_contact(user, obj)


@rule("contact.decide")
def _contact_decide(user: User, obj: Any) -> bool:
    """MASH practitioners and team managers record the MASH decision on any contact.

    Whether the contact still awaits a decision is the view's and the
    service's business, not a permission: a second person saving at the same
    moment must be told that someone else got there first, not refused.
    """
    return has_any_role(user, _FRONT_DOOR_STAFF)


@rule("contact.oversee")
def _contact_oversee(user: User, obj: Any) -> bool:
    """Only a team manager signs off a MASH decision (once: the view and service check the state)."""
    return r.TEAM_MANAGER in roles_of(user)
