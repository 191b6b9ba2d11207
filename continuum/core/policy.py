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
from django.db.models import QuerySet

from continuum.core import clock
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


def held_roles(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a signed-in user was given (their groups), read once per request and cached.

    What the user is called on the page; the policy asks :func:`roles_of`,
    which adds the roles these act as.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_continuum_held_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in r.ALL_ROLES if role.name in names)
        user._continuum_held_roles = cached  # type: ignore[union-attr,attr-defined]
    return cached


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles whose rights a user has: those held, and those they act as.

    A head of service acts as a team manager (for every team in their
    service, see :func:`teams_of`), so each rule that names team managers,
    in this file or an area's ``rules.py``, holds for them too without a
    second list of roles to keep in step.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_continuum_roles", None)
    if cached is None:
        held = held_roles(user)
        cached = held | frozenset(implied for role in held for implied in role.acts_as)
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


@rule("account.second_factor")
def _second_factor(user: User, obj: Any) -> bool:
    """Anyone signed in with a role sets up and gives their own second factor (web/two_factor.py)."""
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
    """Did ``user`` record this contact? ``Contact.created_by`` says (migration journey 0003 filled it
    from the chronology for contacts recorded before the column existed)."""
    return contact.created_by_id is not None and contact.created_by_id == user.pk


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
    """The MASH team's managers, and heads of service, sign off a MASH decision (once: the view and
    service check the state).

    Oversight is the front door's own management check, so a team manager elsewhere (an
    assessment team, a plans team) neither sees the oversight queue nor signs off: they
    hold no line responsibility for the MASH's decisions. A head of service holds it for the
    service's front door; a system administrator never sees the queue.
    """
    if r.HEAD_OF_SERVICE in held_roles(user):
        return True
    return r.TEAM_MANAGER in roles_of(user) and in_mash_team(user)


def in_mash_team(user: User) -> bool:
    """Has the user a worker record in a MASH team? Cached on the user object for the request."""
    cached = getattr(user, "_continuum_in_mash_team", None)
    if cached is None:
        from continuum.people.models import TeamType, Worker

        cached = Worker.objects.filter(user=user, team__team_type=TeamType.MASH).exists()
        user._continuum_in_mash_team = cached  # type: ignore[attr-defined]
    return bool(cached)


def works_in_mash(user: User) -> bool:
    """Is the user in the front door's own team: a MASH practitioner, or a worker in a MASH team?

    The MASH team works every contact; other staff who may use the queue (a
    team manager elsewhere) see a contact's child only as they would the
    child's record.
    """
    return r.MASH_PRACTITIONER in roles_of(user) or in_mash_team(user)


@rule("contact.child")
def _contact_child(user: User, obj: Any) -> bool:
    """See who a contact is about (name, date of birth, concerns) on the queue and the contact pages.

    ``obj`` is the contact's child (a :class:`ChildAccess`, counting a break
    glass in this session). The MASH team and heads of service see every contact's child
    (:func:`sees_every_contact`), except a restricted record, which only its named users see.
    Other front-door staff see the child when they could open the child's record (their team's
    child, a recorded relationship, or break glass); otherwise the page offers
    break glass. Without a child: may the user see contacts' children at all?
    """
    if not has_any_role(user, _FRONT_DOOR_STAFF):
        return False
    access = _child_access(obj)
    if access is None:
        return True
    from continuum.core.models import RestrictedRecord

    if sees_every_contact(user) and not RestrictedRecord.objects.filter(child_id=access.child_id).exists():
        return True
    return may(user, "child.view", access)


def sees_every_contact(user: User) -> bool:
    """Does the user see who every contact is about (a restricted record aside)? The MASH team, who
    work every contact, and heads of service, who oversee the front door's decisions
    (``contact.oversee``): oversight means reading the contact, and the queue of decisions awaiting
    it had offered a head of service only break glass, row after row."""
    return works_in_mash(user) or r.HEAD_OF_SERVICE in held_roles(user)


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
#    allocated worker (an IRO allocation, say), having chaired one of the
#    child's CLA reviews, or being the chair a conference or review is booked
#    with, held or to come (see chaired_by).
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


def service_teams(user: User) -> frozenset[int]:
    """The ids of the teams in a head of service's service (none for anyone else)."""
    if r.HEAD_OF_SERVICE not in held_roles(user):
        return frozenset()
    from continuum.core.models import HeadOfServiceTeam

    return frozenset(HeadOfServiceTeam.objects.filter(user=user).values_list("team_id", flat=True))


def teams_of(user: User) -> frozenset[int]:
    """The ids of the teams a user works in: their worker's team, teams they hold open cases in, and
    for a head of service every team in their service.

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
    result = frozenset(teams) | service_teams(user)
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


def chaired_by(user: User) -> tuple[QuerySet[Any], ...]:
    """The records naming ``user`` as a child's chair, each with a ``child_id``: the looked-after reviews
    they chaired (``CLAReview.iro``) and the conferences and reviews booked with them as chair
    (``ConferenceBooking.chair``), held or still to come.

    Why a booking counts: the chair reads the reports and the record before the conference, so the
    booking that names them is the recorded reason to see the child (Working Together 2018, ch. 1);
    without it a child protection chair could not open the conferences they are booked to chair.
    One list, so the single check, the bulk check and the home page give the same answer.
    """
    from continuum.journey.models import CLAReview
    from continuum.oversight.models import ConferenceBooking

    return (CLAReview.objects.filter(iro__user=user), ConferenceBooking.objects.filter(chair__user=user))


def has_legitimate_relationship(user: User, child_id: int) -> bool:
    """A recorded reason to see this child: a relationship in date, an allocation, or a review or
    conference chaired or booked to chair (:func:`chaired_by`)."""
    from django.db.models import Q

    from continuum.core.models import LegitimateRelationship
    from continuum.people.models import Allocation

    today = clock.today()
    if (
        LegitimateRelationship.objects.filter(user=user, child_id=child_id, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exists()
    ):
        return True
    if Allocation.objects.filter(child_id=child_id, worker__user=user, end_date__isnull=True).exists():
        return True
    return any(chaired.filter(child_id=child_id).exists() for chaired in chaired_by(user))


def _sees_child(user: User, access: ChildAccess) -> bool:
    if not has_any_role(user, _CHILD_RECORD_ROLES):
        return False
    if is_restricted(access.child_id):
        return _named_on_restriction(user, access.child_id)
    if has_any_role(user, _PRACTITIONERS) and held_by_my_team(user, access.child_id):
        return True
    return access.broken_glass or has_legitimate_relationship(user, access.child_id)


def among_children(qs: QuerySet[Any], child_ids: Iterable[int], column: str = "child_id") -> QuerySet[Any]:
    """``qs`` narrowed to rows whose ``column`` is one of ``child_ids``, in one array parameter.

    ``child_id = ANY(%s)`` rather than ``IN (%s, %s, ...)``: Django does not
    build a placeholder per child (measurably slow for a whole-service tray of
    thousands), and no list of any length reaches PostgreSQL's parameter limit.
    """
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    sql = f'"{qs.model._meta.db_table}"."{column}" = ANY(%s)'
    return qs.filter(RawSQL(sql, (list(child_ids),), output_field=BooleanField()))  # noqa: S611


def visible_children(
    user: User | AnonymousUser, child_ids: Iterable[int], *, broken_glass: Iterable[int] = ()
) -> set[int]:
    """The children among ``child_ids`` whose record ``user`` may open: ``child.view`` for many at once.

    A work tray, the conferences page or a search result asks about dozens or
    thousands of children; asking :func:`may` child by child costs several
    queries each. This answers the same question, rule for rule (see the
    comment above :class:`ChildAccess`), in a fixed number of queries however
    many children there are. ``broken_glass`` holds the children this session
    broke the glass for. A property test checks it against :func:`may` on
    random users, teams, allocations, relationships and restrictions.
    """
    from django.db.models import Q

    from continuum.core.models import LegitimateRelationship, RestrictedRecord
    from continuum.people.models import Allocation

    wanted = {int(pk) for pk in child_ids}
    if not wanted or not user.is_authenticated or not user.is_active:
        return set()
    if not has_any_role(user, _CHILD_RECORD_ROLES):
        return set()
    restricted: dict[int, bool] = {}
    for child_id, named in among_children(RestrictedRecord.objects.all(), wanted).values_list(
        "child_id", "named_users"
    ):
        restricted[child_id] = restricted.get(child_id, False) or named == user.pk
    open_ids = wanted - set(restricted)
    seen = {pk for pk, named in restricted.items() if named}
    if not open_ids:
        return seen
    seen |= open_ids & set(broken_glass)
    teams = teams_of(user) if has_any_role(user, _PRACTITIONERS) else frozenset()
    today = clock.today()
    open_allocations = among_children(Allocation.objects.filter(end_date__isnull=True), open_ids)
    reasons = (
        open_allocations.filter(Q(worker__user=user) | Q(team_id__in=teams)).order_by().values("child_id"),
        among_children(LegitimateRelationship.objects.filter(user=user, start_date__lte=today), open_ids)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by()
        .values("child_id"),
        *(among_children(chaired, open_ids).order_by().values("child_id") for chaired in chaired_by(user)),
    )
    seen |= set(reasons[0].union(*reasons[1:]).values_list("child_id", flat=True))
    return seen


def restricted_among(child_ids: Iterable[int]) -> set[int]:
    """Which of ``child_ids`` have a restricted record, in one query (nobody breaks the glass on those)."""
    from continuum.core.models import RestrictedRecord

    wanted = {int(pk) for pk in child_ids}
    if not wanted:
        return set()
    return set(among_children(RestrictedRecord.objects.all(), wanted).values_list("child_id", flat=True))


def visible_contact_children(
    user: User | AnonymousUser, child_ids: Iterable[int], *, broken_glass: Iterable[int] = ()
) -> set[int]:
    """The children among ``child_ids`` whose contacts ``user`` may see named: ``contact.child`` in bulk.

    The MASH queue lists up to a few hundred contacts; this gives the same
    answers as :func:`may` with ``"contact.child"`` for each, in a fixed number
    of queries: the MASH team sees every child but a restricted record's, and
    other front-door staff see those :func:`visible_children` allows.
    """
    wanted = {int(pk) for pk in child_ids}
    if not wanted or not user.is_authenticated or not user.is_active:
        return set()
    if not has_any_role(user, _FRONT_DOOR_STAFF):
        return set()
    if not sees_every_contact(user):  # type: ignore[arg-type]
        return visible_children(user, wanted, broken_glass=broken_glass)
    restricted = restricted_among(wanted)
    return (wanted - restricted) | visible_children(user, restricted, broken_glass=broken_glass)


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


@rule("child.review")
def _child_review(user: User, obj: Any) -> bool:
    """Record a looked-after review or a conference: the IRO or chair who holds it, and case recorders.

    The review is the IRO's own work (Care Planning Regulations 2010, reg 36 and 45), so an IRO who
    may see the child records it; social workers and team managers may too, as before.
    """
    if not has_any_role(user, _CASE_RECORDERS | {r.IRO_CP_CHAIR}):
        return False
    access = _child_access(obj)
    return access is None or _sees_child(user, access)


@rule("child.escalate")
def _child_escalate(user: User, obj: Any) -> bool:
    """Raise a concern about a child's plan and take it through the dispute-resolution stages.

    The escalation log is the IRO's and chair's challenge to the plan, so only they write it
    (team managers and others read it with the child's record).
    """
    if r.IRO_CP_CHAIR not in roles_of(user):
        return False
    access = _child_access(obj)
    return access is None or _sees_child(user, access)


@rule("child.conference.book")
def _child_conference_book(user: User, obj: Any) -> bool:
    """Book a conference or review and note the reports received: team managers and IROs/chairs."""
    if not has_any_role(user, {r.TEAM_MANAGER, r.IRO_CP_CHAIR}):
        return False
    access = _child_access(obj)
    return access is None or _sees_child(user, access)


@rule("child.chair")
def _child_chair(user: User, obj: Any) -> bool:
    """Record a conference's outcome and plan: the chair's own record, so IROs and chairs only."""
    if r.IRO_CP_CHAIR not in roles_of(user):
        return False
    access = _child_access(obj)
    return access is None or _sees_child(user, access)


@rule("iro.caseload")
def _iro_caseload(user: User, obj: Any) -> bool:
    """See one's own caseload as an IRO or chair: the looked-after children one reviews."""
    return r.IRO_CP_CHAIR in roles_of(user)


@rule("child.allocate")
def _child_allocate(user: User, obj: Any) -> bool:
    """Allocate a child's case to a worker or end an allocation: team managers who can see the child.

    Allocation decides who carries the case and weighs on caseloads, so it is
    the manager's call, not the worker's.
    """
    if not has_any_role(user, {r.TEAM_MANAGER}):
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
        r.SEND_CASEWORKER,  # the SEND area's figures; aggregates only, like the others here
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


@rule("performance.breakdown")
def _performance_breakdown(user: User, obj: Any) -> bool:
    """See a figure by team, age, sex, ethnicity, ward and deprived area, and the disproportionality view.

    Aggregates with small numbers suppressed, so everyone who sees the dashboards (board members too).
    """
    return has_any_role(user, _DASHBOARD_ROLES)


@rule("performance.breakdown.worker")
def _performance_breakdown_worker(user: User, obj: Any) -> bool:
    """See a figure by individual worker: those who manage or assure the work, not the board or peers."""
    return has_any_role(user, _DRILL_DOWN_ROLES)


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


# --- Access administration --------------------------------------------------------------
#
# Who may see which child is itself recorded and reviewed. Team managers and QA
# officers record (and end) legitimate relationships, because they know who is
# covering, chairing or auditing a case; QA officers mark records restricted
# and review the break-glass accesses flagged in the access log. Nobody records
# a relationship for themselves (the view refuses it), so no one can open a
# record by their own say-so without it being flagged. The system administrator
# manages users, not case records, and has none of these.

_ACCESS_ADMINS = frozenset({r.TEAM_MANAGER, r.QA_OFFICER})


@rule("access.manage")
def _access_manage(user: User, obj: Any) -> bool:
    """Open the access administration pages at all: team managers and QA officers."""
    return has_any_role(user, _ACCESS_ADMINS)


@rule("access.relationships")
def _access_relationships(user: User, obj: Any) -> bool:
    """Record or end a legitimate relationship between a member of staff and a child."""
    return has_any_role(user, _ACCESS_ADMINS)


@rule("access.restrict")
def _access_restrict(user: User, obj: Any) -> bool:
    """Mark a child's record restricted to named users, or change who is named: QA officers only."""
    return r.QA_OFFICER in roles_of(user)


@rule("access.review")
def _access_review(user: User, obj: Any) -> bool:
    """Review the break-glass accesses flagged in the access log: QA officers only."""
    return r.QA_OFFICER in roles_of(user)


# --- Statutory returns in the app ------------------------------------------------------
#
# Uploading CIN census / SSDA903 files and reading their validation report is
# the work of performance analysts and QA officers. The report lists children
# by LAchildID, so it is open to them only. Importing an upload as a dataset
# for the dashboards is an analyst's job.

_RETURNS_ROLES = frozenset({r.PERFORMANCE_ANALYST, r.QA_OFFICER})


@rule("returns.upload")
def _returns_upload(user: User, obj: Any) -> bool:
    """Upload return files and follow their validation: analysts and QA officers."""
    return has_any_role(user, _RETURNS_ROLES)


@rule("returns.report")
def _returns_report(user: User, obj: Any) -> bool:
    """See and download a validation report (it lists children): analysts and QA officers."""
    return has_any_role(user, _RETURNS_ROLES)


@rule("returns.import")
def _returns_import(user: User, obj: Any) -> bool:
    """Import checked returns as a named dataset for the dashboards: performance analysts."""
    return r.PERFORMANCE_ANALYST in roles_of(user)


@rule("returns.export")
def _returns_export(user: User, obj: Any) -> bool:
    """Export a statutory return from the live record and download it: performance analysts.

    The files hold every child in the return, so they are the analyst's to produce and submit,
    as the command line's ``./run returns export`` is.
    """
    return r.PERFORMANCE_ANALYST in roles_of(user)
