"""The child-record rules of the permissions policy, and the append-only access log.

The log is evidence: these tests prove it holds against the ORM (save,
delete, bulk update and delete) and against raw SQL, through the trigger.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import (
    AccessLogEntry,
    AccessLogImmutableError,
    HeadOfServiceTeam,
    LegitimateRelationship,
    RestrictedRecord,
)
from continuum.core.policy import ChildAccess, held_roles, known_actions, may, roles_of, teams_of
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_user) -> AccessLogEntry:  # type: ignore[no-untyped-def]
    user = make_user("qa", roles.QA_OFFICER)
    return AccessLogEntry.objects.create(
        user=user, action="break_glass", record_type="child", record_id="1", reason="Audit", flagged=True
    )


def test_access_log_refuses_changes_through_the_orm(entry: AccessLogEntry) -> None:
    entry.reason = "Something else"
    with pytest.raises(AccessLogImmutableError):
        entry.save()
    with pytest.raises(AccessLogImmutableError):
        entry.delete()
    with pytest.raises(AccessLogImmutableError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(flagged=False)
    with pytest.raises(AccessLogImmutableError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_accesslogentry SET flagged = false WHERE id = %s",
        "UPDATE core_accesslogentry SET reason = '' WHERE id = %s",
        "DELETE FROM core_accesslogentry WHERE id = %s",
    ],
)
def test_access_log_refuses_raw_sql_update_and_delete(entry: AccessLogEntry, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    fresh = AccessLogEntry.objects.get(pk=entry.pk)
    assert fresh.flagged
    assert fresh.reason == "Audit"


def test_access_log_still_accepts_new_entries(entry: AccessLogEntry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_accesslogentry (at, user_id, action, record_type, record_id, reason, flagged)"
            " VALUES (now(), %s, 'child.view', 'child', '2', '', false)",
            [entry.user_id],
        )
    assert AccessLogEntry.objects.count() == 2


@pytest.fixture
def held(make_user):  # type: ignore[no-untyped-def]
    team = create_team(name="Team A", team_type=TeamType.INTERVENTION_PLANNING)
    child = s.register_child(first_name="Cy", last_name="Rule", person_birth_date=date(2012, 3, 3), by=None)
    s.allocate(child=child, team=team, start_date=date(2024, 1, 1), by=None)
    return team, child


def test_teams_of_reads_the_worker_and_open_allocations(make_user, held) -> None:  # type: ignore[no-untyped-def]
    team, child = held
    sw = make_user("sw", roles.SOCIAL_WORKER)
    assert teams_of(sw) == frozenset()
    other = create_team(name="Team B", team_type=TeamType.CHILDREN_IN_CARE)
    worker = create_worker(first_name="A", last_name="B", start_date=date(2020, 1, 1), team=other, user=sw)
    s.allocate(child=child, team=team, worker=worker, start_date=date(2024, 2, 1), by=None)
    sw = type(sw).objects.get(pk=sw.pk)  # a fresh request: no cached teams
    assert teams_of(sw) == {team.pk, other.pk}


def test_team_member_sees_the_child_and_others_need_a_reason(make_user, held) -> None:  # type: ignore[no-untyped-def]
    team, child = held
    tm = make_user("tm", roles.TEAM_MANAGER)
    create_worker(
        first_name="T", last_name="M", start_date=date(2020, 1, 1), team=team, role="team_manager", user=tm
    )
    assert may(tm, "child.view", child)
    assert may(tm, "child.record", child)
    qa = make_user("qa", roles.QA_OFFICER)
    assert not may(qa, "child.view", child)
    assert may(qa, "child.break_glass", child)
    assert may(qa, "child.view", ChildAccess(child.pk, broken_glass=True))
    assert not may(qa, "child.record", ChildAccess(child.pk, broken_glass=True))
    LegitimateRelationship.objects.create(
        user=qa, child_id=child.pk, reason="Audit", start_date=timezone.localdate() - timedelta(days=1)
    )
    assert may(qa, "child.view", child)


def test_roles_without_child_records_are_refused_everything(make_user, held) -> None:  # type: ignore[no-untyped-def]
    _, child = held
    for role in (
        roles.PERFORMANCE_ANALYST,
        roles.BOARD_MEMBER,
        roles.PARTNER_MEMBER,
        roles.SYSTEM_ADMINISTRATOR,
        *roles.PARTNER_ROLES,
    ):
        user = make_user(role.slug, role)
        LegitimateRelationship.objects.create(
            user=user, child_id=child.pk, reason="x", start_date=date(2024, 1, 1)
        )
        for action in ("child.view", "child.break_glass", "child.record", "child.search"):
            assert not may(user, action), (role, action)
        assert not may(user, "child.view", ChildAccess(child.pk, broken_glass=True)), role


def test_partner_member_is_refused_every_child_and_performance_action(make_user, held) -> None:  # type: ignore[no-untyped-def]
    """A board or Section 11 partner from another organisation sees no case record, child or drill-down."""
    _, child = held
    partner = make_user("partner", roles.PARTNER_MEMBER)
    refused = [
        a
        for a in known_actions()
        if a.startswith(("child.", "contact.", "mash.", "performance.", "worktray.", "iro.", "returns."))
    ]
    assert len(refused) > 20
    for action in refused:
        assert not may(partner, action), action
        assert not may(partner, action, ChildAccess(child.pk, broken_glass=True)), action
    assert may(partner, "home.view")


def test_head_of_service_manages_every_team_in_their_service(make_user, held) -> None:  # type: ignore[no-untyped-def]
    """A head of service holds a team manager's rights for each team linked to them, and no other."""
    team, child = held
    other = create_team(name="Team B", team_type=TeamType.INTERVENTION_PLANNING)
    elsewhere = create_team(name="Team C", team_type=TeamType.INTERVENTION_PLANNING)
    theirs = s.register_child(first_name="Bo", last_name="Rule", person_birth_date=date(2013, 4, 4), by=None)
    s.allocate(child=theirs, team=elsewhere, start_date=date(2024, 1, 1), by=None)
    head = make_user("head", roles.HEAD_OF_SERVICE)
    assert teams_of(head) == frozenset()
    assert not may(head, "child.view", child)
    for team_id in (team.pk, other.pk):
        HeadOfServiceTeam.objects.create(user=head, team_id=team_id)
    head = type(head).objects.get(pk=head.pk)  # a fresh request: no cached teams
    assert teams_of(head) == {team.pk, other.pk}
    assert roles.TEAM_MANAGER in roles_of(head)
    assert held_roles(head) == {roles.HEAD_OF_SERVICE}
    for action in ("child.view", "child.record", "child.allocate", "child.conference.book"):
        assert may(head, action, child), action
        assert not may(head, action, theirs), action
    for action in ("worktray.team", "contact.oversee", "performance.drilldown", "access.relationships"):
        assert may(head, action), action
    # Only the head-of-service role reads the service's teams: a team manager given a row gets nothing.
    tm = make_user("tm", roles.TEAM_MANAGER)
    HeadOfServiceTeam.objects.create(user=tm, team_id=elsewhere.pk)
    assert teams_of(tm) == frozenset()


def test_restriction_overrides_team_relationship_and_break_glass(make_user, held) -> None:  # type: ignore[no-untyped-def]
    team, child = held
    sw = make_user("sw", roles.SOCIAL_WORKER)
    create_worker(first_name="S", last_name="W", start_date=date(2020, 1, 1), team=team, user=sw)
    named = make_user("named", roles.QA_OFFICER)
    restriction = RestrictedRecord.objects.create(child_id=child.pk)
    restriction.named_users.add(named)
    assert not may(sw, "child.view", ChildAccess(child.pk, broken_glass=True))
    assert not may(sw, "child.break_glass", child)
    assert may(named, "child.view", child)


def test_iro_allocated_or_chairing_a_review_has_a_legitimate_relationship(make_user, held) -> None:  # type: ignore[no-untyped-def]
    _, child = held
    iro = make_user("iro", roles.IRO_CP_CHAIR)
    chairs = create_team(name="IROs", team_type=TeamType.IRO_CP_CHAIRS)
    worker = create_worker(
        first_name="I", last_name="R", start_date=date(2020, 1, 1), team=chairs, role="iro", user=iro
    )
    assert not may(iro, "child.view", child)
    s.allocate(child=child, team=chairs, worker=worker, role="iro", start_date=date(2024, 3, 1), by=None)
    assert may(iro, "child.view", child)
