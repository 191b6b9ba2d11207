"""``visible_children`` and friends: the ``child.view`` rule asked for many children at once.

Work trays, the conferences page and search ask about dozens or thousands of
children per page, so the policy answers for all of them in a fixed number
of queries. It must give exactly the answers :func:`may` gives child by
child: a property test builds random worlds (users with random roles,
workers in teams, allocations open and ended, relationships in and out of
date, restrictions, CLA reviews chaired, break glass) on the real database
and compares the two for every user and child; likewise ``contact.child``
(the MASH queue) and ``child.break_glass``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuum.core import roles
from continuum.core.models import LegitimateRelationship, RestrictedRecord
from continuum.core.policy import (
    ChildAccess,
    may,
    restricted_among,
    visible_children,
    visible_contact_children,
)
from continuum.journey import services as s
from continuum.people.models import Allocation, AllocationRole, Child, Team, TeamType, Worker
from continuum.people.services import create_team
from tests.journey.test_worktray import cla_child, new_team, new_worker

pytestmark = pytest.mark.django_db

CHILDREN, TEAMS, USERS = 5, 3, 4
#: A child id no record has: nobody holds it, so only break glass can open it.
GHOST = 10**12
ALLOCATION_ROLES = (AllocationRole.CASE_HOLDER, AllocationRole.IRO)


class _Rollback(Exception):
    """Raised to undo one example's world, keeping the fixture's children and teams."""


@pytest.fixture
def world(db) -> tuple[list[Child], list[Team], list[User], list[Worker]]:  # type: ignore[no-untyped-def]
    """Looked-after children (so reviews can be recorded), teams, and users each with a worker record."""
    by = User.objects.create_user(username="builder", password="a-long-test-password-1")
    children = [cla_child(by, decom=date(2024, 1, 1))[0] for _ in range(CHILDREN)]
    teams = [new_team() for _ in range(TEAMS - 1)] + [create_team(name="MASH", team_type=TeamType.MASH)]
    users, workers = [], []
    for n in range(USERS):
        user = User.objects.create_user(username=f"user{n}", password="a-long-test-password-1")
        worker = new_worker(teams[0])
        worker.user = user
        worker.save(update_fields=["user"])
        users.append(user)
        workers.append(worker)
    return children, teams, users, workers


_user = st.fixed_dictionaries(
    {
        "roles": st.sets(st.sampled_from(roles.ALL_ROLES), max_size=3),
        "team": st.one_of(st.none(), st.integers(0, TEAMS - 1)),
        "active": st.booleans(),
    }
)
_allocation = st.tuples(
    st.integers(0, CHILDREN - 1),  # child
    st.sampled_from(ALLOCATION_ROLES),
    st.integers(0, TEAMS - 1),  # team
    st.one_of(st.none(), st.integers(0, USERS - 1)),  # worker (none: sits with the team)
    st.booleans(),  # still open
)
_relationship = st.tuples(
    st.integers(0, USERS - 1),
    st.integers(0, CHILDREN - 1),
    st.integers(-30, 5),  # start, days from today
    st.one_of(st.none(), st.integers(0, 40)),  # length in days (none: open-ended)
)
_restriction = st.tuples(st.integers(0, CHILDREN - 1), st.sets(st.integers(0, USERS - 1), max_size=2))
_review = st.tuples(st.integers(0, CHILDREN - 1), st.one_of(st.none(), st.integers(0, USERS - 1)))


def _build(world, spec: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    children, teams, users, workers = world
    today = timezone.localdate()
    for user, worker, u in zip(users, workers, spec["users"], strict=True):
        user.groups.set([Group.objects.get_or_create(name=role.name)[0] for role in u["roles"]])
        user.is_active = u["active"]
        user.save(update_fields=["is_active"])
        worker.team = teams[u["team"]] if u["team"] is not None else None
        worker.save(update_fields=["team"])
    open_roles: set[tuple[int, str]] = set()
    for child, role, team, worker, still_open in spec["allocations"]:
        if still_open and (child, role) in open_roles:
            continue  # one open allocation per child and role
        if still_open:
            open_roles.add((child, role))
        Allocation.objects.create(
            child=children[child],
            team=teams[team],
            worker=workers[worker] if worker is not None else None,
            role=role,
            start_date=date(2024, 1, 1),
            end_date=None if still_open else date(2024, 6, 1),
        )
    for user, child, start, length in spec["relationships"]:
        begins = today + timedelta(days=start)
        LegitimateRelationship.objects.create(
            user=users[user],
            child_id=children[child].pk,
            reason="Audit",
            start_date=begins,
            end_date=None if length is None else begins + timedelta(days=length),
        )
    for child, named in dict(spec["restrictions"]).items():
        restriction = RestrictedRecord.objects.create(
            child_id=children[child].pk, reason="Staff member's child"
        )
        restriction.named_users.set([users[n] for n in named])
    for child, iro in spec["reviews"]:
        s.record_cla_review(
            child=children[child],
            review=date(2024, 3, 1),
            review_code="PN1",
            iro=workers[iro] if iro is not None else None,
            by=None,
        )


def _one_by_one(user: User | AnonymousUser, action: str, ids: list[int], glass: set[int]) -> set[int]:
    return {pk for pk in ids if may(user, action, ChildAccess(pk, broken_glass=pk in glass))}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spec=st.fixed_dictionaries(
        {
            "users": st.lists(_user, min_size=USERS, max_size=USERS),
            "allocations": st.lists(_allocation, max_size=6),
            "relationships": st.lists(_relationship, max_size=4),
            "restrictions": st.lists(_restriction, max_size=2),
            "reviews": st.lists(_review, max_size=3),
            "glass": st.sets(st.integers(0, CHILDREN), max_size=3),  # CHILDREN stands for the ghost id
        }
    )
)
def test_visible_children_answers_exactly_as_may(world, spec: dict) -> None:  # type: ignore[no-untyped-def, type-arg]
    children = world[0]
    ids = [c.pk for c in children] + [GHOST]
    ids_set = set(ids)
    glass = {ids[n] for n in spec["glass"]}
    try:
        with transaction.atomic():
            _build(world, spec)
            for user in [*User.objects.filter(username__startswith="user"), AnonymousUser()]:
                if user.is_authenticated:
                    user = User.objects.get(pk=user.pk)  # a fresh request: nothing cached
                assert visible_children(user, ids, broken_glass=glass) == _one_by_one(
                    user, "child.view", ids, glass
                )
                assert visible_contact_children(user, ids, broken_glass=glass) == _one_by_one(
                    user, "contact.child", ids, glass
                )
                breakable = ids_set - restricted_among(ids) if may(user, "child.break_glass") else set()
                assert breakable == _one_by_one(user, "child.break_glass", ids, set())
            raise _Rollback
    except _Rollback:
        pass


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_visible_children_known_answers(world) -> None:  # type: ignore[no-untyped-def]
    """Worked by hand: team, own case, relationship, chaired review, restriction, break glass."""
    children, teams, users, workers = world
    sw, iro, qa, tm = users
    for user, role in ((sw, roles.SOCIAL_WORKER), (iro, roles.IRO_CP_CHAIR), (qa, roles.QA_OFFICER)):
        user.groups.set([Group.objects.get_or_create(name=role.name)[0]])
    tm.groups.set([Group.objects.get_or_create(name=roles.PARTNER_POLICE.name)[0]])
    a, b, c, d, e = children
    # sw's worker is in team 0: a is held by team 0; b by team 1 but allocated to sw as worker.
    s.allocate(child=a, team=teams[0], start_date=date(2024, 2, 1), by=None)
    s.allocate(child=b, team=teams[1], worker=workers[0], start_date=date(2024, 2, 1), by=None)
    s.allocate(child=c, team=teams[0], start_date=date(2024, 2, 1), by=None)
    RestrictedRecord.objects.create(child_id=c.pk).named_users.set([qa])
    s.record_cla_review(child=d, review=date(2024, 3, 1), review_code="PN1", iro=workers[1], by=None)
    LegitimateRelationship.objects.create(
        user=qa, child_id=e.pk, reason="Audit", start_date=timezone.localdate() - timedelta(days=1)
    )
    ids = [x.pk for x in children]
    assert visible_children(_fresh(sw), ids) == {a.pk, b.pk}  # c is restricted to qa only
    assert visible_children(_fresh(sw), ids, broken_glass={c.pk, e.pk}) == {a.pk, b.pk, e.pk}
    assert visible_children(_fresh(iro), ids) == {d.pk}  # chaired d's review; no team rule for IROs
    assert visible_children(_fresh(qa), ids) == {c.pk, e.pk}
    assert visible_children(_fresh(tm), ids, broken_glass=set(ids)) == set()  # partners never
    assert visible_children(AnonymousUser(), ids) == set()
    assert visible_children(_fresh(sw), []) == set()


def test_visible_children_costs_the_same_few_queries_for_five_children_or_five_hundred(world) -> None:  # type: ignore[no-untyped-def]
    children, teams, users, _ = world
    sw = users[0]
    sw.groups.set([Group.objects.get_or_create(name=roles.SOCIAL_WORKER.name)[0]])
    for child in children:
        s.allocate(child=child, team=teams[0], start_date=date(2024, 2, 1), by=None)
    few = [c.pk for c in children]
    many = few + list(range(GHOST, GHOST + 495))
    counts = []
    for ids in (few, many):
        user = _fresh(sw)
        with CaptureQueriesContext(connection) as queries:
            assert visible_children(user, ids) == set(few)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6
