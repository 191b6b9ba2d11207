"""The action tracker: known answers for the overdue rule, the history, and who may see an action."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from continuum.actions import services as a
from continuum.actions.clock import Clock, action_clock, clock_of
from continuum.actions.models import Action, ActionChange
from continuum.core import roles
from continuum.core.policy import ChildAccess, may
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import ChronologyEvent
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker

TODAY = date(2026, 11, 30)


# --- The overdue rule (no database) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "done_on", "state", "days", "detail"),
    [
        ("open", TODAY, None, Clock.DUE_SOON, 0, "due today"),
        ("open", TODAY - timedelta(days=1), None, Clock.OVERDUE, 1, "1 day overdue"),
        ("open", TODAY - timedelta(days=10), None, Clock.OVERDUE, 10, "10 days overdue"),
        ("open", TODAY + timedelta(days=7), None, Clock.DUE_SOON, 7, "due in 7 days"),
        ("open", TODAY + timedelta(days=8), None, Clock.ON_TRACK, 8, "due in 8 days"),
        ("done", TODAY - timedelta(days=5), TODAY - timedelta(days=2), Clock.DONE_LATE, 3, "3 days late"),
        ("done", TODAY - timedelta(days=5), TODAY - timedelta(days=5), Clock.DONE, 0, ""),
        ("done", TODAY, TODAY - timedelta(days=1), Clock.DONE, 0, ""),
        ("dropped", TODAY - timedelta(days=9), TODAY, Clock.DROPPED, 0, ""),
    ],
)
def test_overdue_rule_known_answers(status, due, done_on, state, days, detail) -> None:  # type: ignore[no-untyped-def]
    clock = action_clock(status=status, due=due, status_date=done_on, today=TODAY, soon=7)
    assert (clock.state, clock.days, clock.detail) == (state, days, detail)


def test_due_soon_window_is_a_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_ACTION_DUE_SOON_DAYS = 2
    in_three = TODAY + timedelta(days=3)
    assert action_clock(status="open", due=in_three, status_date=None, today=TODAY).state is Clock.ON_TRACK
    settings.CONTINUUM_ACTION_DUE_SOON_DAYS = 3
    assert action_clock(status="open", due=in_three, status_date=None, today=TODAY).state is Clock.DUE_SOON


# --- Services and history ------------------------------------------------------------------------


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    sw = make_user("act-sw", roles.SOCIAL_WORKER)
    other_sw = make_user("act-other", roles.SOCIAL_WORKER)
    analyst = make_user("act-analyst", roles.PERFORMANCE_ANALYST)
    north = create_team(name="Actions North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Actions South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Ana", last_name="Owner", start_date=date(2020, 1, 1), team=north, user=sw
    )
    create_worker(first_name="Oli", last_name="Other", start_date=date(2020, 1, 1), team=south, user=other_sw)
    kid = s.register_child(
        first_name="Tracked", last_name="Child", person_birth_date=date(2015, 1, 1), by=None
    )
    s.allocate(child=kid, team=north, worker=worker, start_date=date(2026, 1, 1), by=None)
    return {"sw": sw, "other": other_sw, "analyst": analyst, "child": kid}


def test_history_says_who_changed_what_when_and_why(world) -> None:  # type: ignore[no-untyped-def]
    sw, kid = world["sw"], world["child"]
    action = a.create_action(
        source=kid,
        label="Child record",
        what="Book the family group conference",
        owner=sw,
        due=TODAY - timedelta(days=3),
        by=sw,
    )
    assert action.child_id == kid.pk
    assert action.source == kid
    assert clock_of(action, TODAY).state is Clock.OVERDUE
    a.change_due(action, due=TODAY + timedelta(days=4), by=sw, reason="Family away until Friday")
    a.set_status(action, status="done", by=sw, on=TODAY - timedelta(days=1))
    action.refresh_from_db()
    assert (action.status, action.status_date) == ("done", TODAY - timedelta(days=1))
    assert clock_of(action, TODAY).state is Clock.DONE
    chronology = ChronologyEvent.objects.filter(child=kid, record_type="action").order_by("pk")
    assert list(chronology.values_list("what", "occurred_on")) == [
        ("Action set on the child record", TODAY),
        ("Action done: Child record", TODAY - timedelta(days=1)),
    ]
    rows = [(c.field, c.old, c.new, c.reason, c.by_id) for c in action.history.all()]
    assert rows == [
        ("created", "", "act-sw, due 27 Nov 2026", "", sw.pk),
        ("due date", "27 Nov 2026", "4 Dec 2026", "Family away until Friday", sw.pk),
        ("status", "Open", "Done on 29 Nov 2026", "", sw.pk),
    ]


def test_done_late_is_kept_once_done(world) -> None:  # type: ignore[no-untyped-def]
    sw = world["sw"]
    action = a.create_action(
        source=world["child"],
        label="Child record",
        what="Visit",
        owner=sw,
        due=TODAY - timedelta(days=4),
        by=sw,
    )
    a.set_status(action, status="done", by=sw, on=TODAY - timedelta(days=1))
    action.refresh_from_db()
    clock = clock_of(action, TODAY + timedelta(days=30))
    assert (clock.state, clock.days) == (Clock.DONE_LATE, 3)


def test_refusals(world) -> None:  # type: ignore[no-untyped-def]
    sw = world["sw"]
    action = a.create_action(
        source=world["child"], label="Child record", what="Call school", owner=sw, due=TODAY, by=sw
    )
    with pytest.raises(JourneyRuleError, match="Say why"):
        a.set_status(action, status="dropped", by=sw)
    with pytest.raises(JourneyRuleError, match="future"):
        a.set_status(action, status="done", by=sw, on=TODAY + timedelta(days=1))
    with pytest.raises(JourneyRuleError, match="already open"):
        a.set_status(action, status="open", by=sw)
    with pytest.raises(JourneyRuleError, match="Say why"):
        a.change_due(action, due=TODAY + timedelta(days=1), by=sw, reason=" ")
    with pytest.raises(JourneyRuleError, match="Enter what"):
        a.create_action(source=world["child"], label="x", what="  ", owner=sw, due=TODAY, by=sw)
    a.set_status(action, status="dropped", by=sw, reason="School closed; done by phone at the visit")
    a.set_status(action, status="open", by=sw, reason="Reopened")
    action.refresh_from_db()
    assert (action.status, action.status_date) == ("open", None)
    assert action.history.count() == 3


def test_history_is_append_only_in_the_model_and_the_database(world) -> None:  # type: ignore[no-untyped-def]
    sw = world["sw"]
    action = a.create_action(
        source=world["child"], label="Child record", what="Call GP", owner=sw, due=TODAY, by=sw
    )
    change = action.history.get()
    change.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        change.save()
    with pytest.raises(ValueError, match="append-only"):
        change.delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE actions_actionchange SET reason = 'x' WHERE id = %s", [change.pk])
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        ActionChange.objects.filter(pk=change.pk).delete()
    assert ActionChange.objects.get(pk=change.pk).reason == ""


def test_status_and_its_date_move_together_in_the_database(world) -> None:  # type: ignore[no-untyped-def]
    sw = world["sw"]
    action = a.create_action(
        source=world["child"], label="Child record", what="Call GP", owner=sw, due=TODAY, by=sw
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(status="done")


def test_child_actions_are_seen_only_by_those_who_may_open_the_child(world) -> None:  # type: ignore[no-untyped-def]
    sw, other, analyst, kid = world["sw"], world["other"], world["analyst"], world["child"]
    action = a.create_action(source=kid, label="Child record", what="Call GP", owner=sw, due=TODAY, by=sw)
    assert may(sw, "actions.view", action)
    assert may(sw, "actions.update", action)
    assert not may(other, "actions.view", action)
    assert not may(other, "actions.update", action)
    assert not may(analyst, "actions.view", action)
    assert may(other, "actions.view", (action, ChildAccess(kid.pk, broken_glass=True)))
    # Given to someone who cannot see the child, it is theirs to see and update all the same (a case
    # audit's action for a manager in another team); the child's record stays closed to them.
    a.reassign(action, owner=other, by=sw, reason="Covering")
    action.refresh_from_db()
    assert may(other, "actions.view", action)
    assert may(other, "actions.update", action)
    assert not may(other, "child.view", kid)
    assert not may(analyst, "actions.view", action)


def test_only_casework_staff_may_be_given_an_action_about_a_child(world, make_user) -> None:  # type: ignore[no-untyped-def]
    kid = world["child"]
    for role in (roles.SOCIAL_WORKER, roles.TEAM_MANAGER, roles.HEAD_OF_SERVICE, roles.QA_OFFICER):
        assert may(make_user(f"own-{role.slug}", role), "actions.own", kid), role.name
    for role in (
        roles.BOARD_MEMBER,
        roles.PARTNER_POLICE,
        roles.PARTNER_HEALTH,
        roles.PARTNER_EDUCATION,
        roles.SYSTEM_ADMINISTRATOR,
        roles.PERFORMANCE_ANALYST,
    ):
        user = make_user(f"not-{role.slug}", role)
        assert not may(user, "actions.own", kid), role.name
        assert may(user, "actions.own", None), role.name  # an action about no child (a board's log)


def test_an_action_from_no_child_is_its_owners_and_setters(world) -> None:  # type: ignore[no-untyped-def]
    sw, other, analyst = world["sw"], world["other"], world["analyst"]
    action = a.create_action(
        source=analyst, label="Board action log", what="Report", owner=other, due=TODAY, by=analyst
    )
    assert action.child_id is None
    assert may(other, "actions.update", action)
    assert may(analyst, "actions.view", action)
    assert not may(sw, "actions.view", action)
