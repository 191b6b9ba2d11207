"""The permissions policy: the one place that decides who may do what.

Every view and every export asks :func:`may` before acting. Rules are plain
functions registered against an action name, so each decision can be read and
tested on its own, and an action nobody registered is refused rather than
allowed by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


# --- The child record -------------------------------------------------------------------
#
# Who may open a child's record, in the order the rules are applied:
#
# 1. Partner agencies, board members, performance analysts and system
#    administrators never see a child's record: partners are not the council's
#    case-holders, the board and analysts see aggregates only, and the system
#    administrator manages users, not cases.
# 2. A restricted record (RestrictedRecord) is open to its named users only;
#    nothing else (team, relationship, break glass) opens it.
# 3. Practitioners (social workers, team managers, MASH practitioners) see the
#    children held by their team: an open allocation, in any role, to a team
#    they work in (their worker's team, or a team they hold an allocation in).
# 4. Anyone allowed a child record at all sees a child through a recorded
#    legitimate relationship: a LegitimateRelationship row in date, being the
#    allocated worker (an IRO allocation, say), or chairing one of the child's
#    CLA reviews.
# 5. Otherwise they may "break glass": state a reason, and see that child for
#    the rest of the session, flagged in the access log for review.
#
# The view passes a :class:`ChildAccess` so that a break glass granted in this
# session counts; a bare child (or its id) is asked about without it.

_CHILD_RECORD_ROLES = frozenset(
    {
        r.SOCIAL_WORKER,
        r.TEAM_MANAGER,
        r.MASH_PRACTITIONER,
        r.IRO_CP_CHAIR,
        r.QA_OFFICER,
        r.COMPLAINTS_OFFICER,
    }
)
_PRACTITIONERS = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.MASH_PRACTITIONER})
_CASE_RECORDERS = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER})


@dataclass(frozen=True)
class ChildAccess:
    """A question about one child's record, with what this session already holds.

    ``broken_glass`` is True when the user stated a reason for this child
    earlier in the same session; the grant lives in the session, not here.
    """

    child_id: int
    broken_glass: bool = False


def _child_access(obj: Any) -> ChildAccess | None:
    if obj is None:
        return None
    if isinstance(obj, ChildAccess):
        return obj
    if isinstance(obj, int):
        return ChildAccess(obj)
    return ChildAccess(int(obj.pk))


def teams_of(user: User) -> frozenset[int]:
    """The ids of the teams a user works in: their worker's team, and teams they hold open cases in.

    The selector the policy uses to turn "my team's children" into rows:
    ``Worker.user`` links the sign-in to the member of staff. Cached on the
    user object for the request, like the roles.
    """
    cached = getattr(user, "_continuum_teams", None)
    if cached is not None:
        return cached
    from continuum.people.models import Allocation, Worker

    teams: set[int] = set(
        Worker.objects.filter(user=user, team__isnull=False).values_list("team_id", flat=True)
    )
    teams |= set(
        Allocation.objects.filter(worker__user=user, end_date__isnull=True).values_list("team_id", flat=True)
    )
    result = frozenset(teams)
    user._continuum_teams = result  # type: ignore[attr-defined]
    return result


def is_restricted(child_id: int) -> bool:
    from continuum.core.models import RestrictedRecord

    return RestrictedRecord.objects.filter(child_id=child_id).exists()


def _named_on_restriction(user: User, child_id: int) -> bool:
    from continuum.core.models import RestrictedRecord

    return RestrictedRecord.objects.filter(child_id=child_id, named_users=user).exists()


def held_by_my_team(user: User, child_id: int) -> bool:
    """Is the child allocated (open allocation, any role) to a team the user works in?"""
    from continuum.people.models import Allocation

    teams = teams_of(user)
    return (
        bool(teams)
        and Allocation.objects.filter(child_id=child_id, team_id__in=teams, end_date__isnull=True).exists()
    )


def has_legitimate_relationship(user: User, child_id: int) -> bool:
    """A recorded reason to see this child: a relationship in date, an allocation, or a CLA review chaired."""
    from django.db.models import Q
    from django.utils import timezone

    from continuum.core.models import LegitimateRelationship
    from continuum.journey.models import CLAReview
    from continuum.people.models import Allocation

    today = timezone.localdate()
    if (
        LegitimateRelationship.objects.filter(user=user, child_id=child_id, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exists()
    ):
        return True
    if Allocation.objects.filter(child_id=child_id, worker__user=user, end_date__isnull=True).exists():
        return True
    return CLAReview.objects.filter(child_id=child_id, iro__user=user).exists()


def _sees_child(user: User, access: ChildAccess) -> bool:
    if not has_any_role(user, _CHILD_RECORD_ROLES):
        return False
    if is_restricted(access.child_id):
        return _named_on_restriction(user, access.child_id)
    if has_any_role(user, _PRACTITIONERS) and held_by_my_team(user, access.child_id):
        return True
    return access.broken_glass or has_legitimate_relationship(user, access.child_id)


@rule("child.view")
def _child_view(user: User, obj: Any) -> bool:
    """Open a child's record. Without a child: may the user open child records at all?"""
    access = _child_access(obj)
    if access is None:
        return has_any_role(user, _CHILD_RECORD_ROLES)
    return _sees_child(user, access)


@rule("child.break_glass")
def _child_break_glass(user: User, obj: Any) -> bool:
    """State a reason to see a child the user has no recorded relationship with.

    Only staff allowed child records at all, and never for a restricted
    record (the restriction exists precisely so that a reason is not enough).
    """
    access = _child_access(obj)
    if not has_any_role(user, _CHILD_RECORD_ROLES):
        return False
    if access is None:
        return True
    return not is_restricted(access.child_id)


@rule("child.record")
def _child_record(user: User, obj: Any) -> bool:
    """Record casework (visits, assessments, s47, conferences, plans): social workers and team managers.

    They must also be able to see the child (their team's child, a recorded
    relationship, or break glass).
    """
    if not has_any_role(user, _CASE_RECORDERS):
        return False
    access = _child_access(obj)
    return access is None or _sees_child(user, access)


@rule("child.search")
def _child_search(user: User, obj: Any) -> bool:
    """Search for a child: staff who may open child records; results are filtered by ``child.view``."""
    return has_any_role(user, _CHILD_RECORD_ROLES)


# --- Performance dashboards ----------------------------------------------------------
#
# Dashboards show aggregate figures. Staff who manage or account for the work see
# them, and so do practitioners (social workers, MASH practitioners, IROs): the
# figures hold no child's details and help them see their service. Partner
# agencies, complaints officers and system administrators do not.
# The list of children behind a figure is a view of those children's records by
# LAchildID: analysts, team managers and QA officers only. Board members see
# aggregates only, never a list of children. Exports hold aggregates only; they are
# for those who put figures into reports and papers.

_DASHBOARD_ROLES = frozenset(
    {
        r.PERFORMANCE_ANALYST,
        r.TEAM_MANAGER,
        r.QA_OFFICER,
        r.BOARD_MEMBER,
        r.SOCIAL_WORKER,
        r.MASH_PRACTITIONER,
        r.IRO_CP_CHAIR,
    }
)
_DRILL_DOWN_ROLES = frozenset({r.PERFORMANCE_ANALYST, r.TEAM_MANAGER, r.QA_OFFICER})
_EXPORT_ROLES = frozenset({r.PERFORMANCE_ANALYST, r.TEAM_MANAGER, r.QA_OFFICER, r.BOARD_MEMBER})


@rule("performance.dashboard")
def _performance_dashboard(user: User, obj: Any) -> bool:
    """See the performance dashboards (aggregate figures only)."""
    return has_any_role(user, _DASHBOARD_ROLES)


@rule("performance.drilldown")
def _performance_drilldown(user: User, obj: Any) -> bool:
    """List the children behind a figure: analysts, team managers and QA officers; never board members."""
    return has_any_role(user, _DRILL_DOWN_ROLES)


@rule("performance.export")
def _performance_export(user: User, obj: Any) -> bool:
    """Download a dashboard's figures as CSV or XLSX (aggregates only)."""
    return has_any_role(user, _EXPORT_ROLES)


# --- Work trays -----------------------------------------------------------------------
#
# A work tray lists what is late and coming up for children. Every tray is
# filtered child by child through ``child.view``, so a tray never shows a
# child whose record the user could not open. "My work" is for those who hold
# cases; the team view (caseloads against the range, overdue work by worker,
# unallocated cases) is for team managers; the conferences and reviews due
# are for IRO/CP chairs, and for team managers who book them.


@rule("worktray.mine")
def _worktray_mine(user: User, obj: Any) -> bool:
    """See "My work": the due items for the children one holds as case holder."""
    return has_any_role(user, {r.SOCIAL_WORKER, r.TEAM_MANAGER})


@rule("worktray.team")
def _worktray_team(user: User, obj: Any) -> bool:
    """See a team's caseloads, overdue items by worker and unallocated cases: team managers only."""
    return r.TEAM_MANAGER in roles_of(user)


@rule("worktray.conferences")
def _worktray_conferences(user: User, obj: Any) -> bool:
    """See child protection conferences and looked-after reviews due: IRO/CP chairs and team managers."""
    return has_any_role(user, {r.IRO_CP_CHAIR, r.TEAM_MANAGER})
