"""Plan outcomes and actions on the one action tracker: the pages, the policy, the log, the home card.

The day is fixed (Monday 30 November 2026). A CP plan is built through the
journey services; the plan's actions through the pages, as a social worker
would add them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from continuum.actions import services as a
from continuum.actions.models import Action, Outcome
from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)
START = date(2020, 1, 1)


def cp_plan_for(first: str, icpc_day: date):  # type: ignore[no-untyped-def]
    sd_day = icpc_day - timedelta(days=7)
    kid = s.register_child(
        first_name=first, last_name="Plantest", person_birth_date=date(2016, 3, 1), by=None
    )
    episode = s.open_referral(child=kid, cin_referral_date=sd_day, referral_source="6", by=None)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_day, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_day, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_day, outcome="plan", section47=s47, by=None)
    return kid, s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("plan-sw", roles.SOCIAL_WORKER)
    sw.first_name, sw.last_name = "Sam", "Worker"
    sw.save()
    outsider = make_user("plan-outsider", roles.SOCIAL_WORKER)
    analyst = make_user("plan-analyst", roles.PERFORMANCE_ANALYST)
    north = create_team(name="Plans North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Plans South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(first_name="Sam", last_name="Worker", start_date=START, team=north, user=sw)
    create_worker(first_name="Out", last_name="Sider", start_date=START, team=south, user=outsider)
    kid, plan = cp_plan_for("Planned", AS_OF - timedelta(days=60))
    s.allocate(child=kid, team=north, worker=worker, start_date=AS_OF - timedelta(days=60), by=None)
    return {"sw": sw, "outsider": outsider, "analyst": analyst, "child": kid, "plan": plan}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _plan_url(world, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return reverse("child-plan", args=[world["child"].pk, "cp", world["plan"].pk]) + suffix


def test_social_worker_adds_outcome_and_action_through_the_pages(world) -> None:  # type: ignore[no-untyped-def]
    client, sw = _client(world["sw"]), world["sw"]
    response = client.post(_plan_url(world, "outcomes/new/"), {"text": "Ava attends school every day"})
    assert response.status_code == 302
    assert response["Location"] == _plan_url(world)
    outcome = Outcome.objects.get()
    typed = {
        "what": "Meet the school about attendance",
        "owner": str(sw.pk),
        "due-day": "27",
        "due-month": "11",
        "due-year": "2026",
        "outcome": str(outcome.pk),
    }
    # 27 November is before today (30 November): a new action is never overdue the moment it is set.
    refused = client.post(_plan_url(world, "actions/new/"), typed)
    assert refused.status_code == 200
    assert "The due date must be today or later" in refused.content.decode()
    assert not Action.objects.exists()
    response = client.post(_plan_url(world, "actions/new/"), {**typed, "due-day": "3", "due-month": "12"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.due_date, action.outcome, action.child) == (
        sw,
        date(2026, 12, 3),
        outcome,
        world["child"],
    )
    assert action.source == world["plan"]
    assert action.source_label == "Child protection plan started 1 October 2026"
    page = client.get(_plan_url(world)).content.decode()
    assert "Ava attends school every day" in page
    assert "Meet the school about attendance" in page
    assert 'Due soon</strong> <span class="govuk-body-s">in 3 days' in page
    assert AccessLogEntry.objects.filter(
        user=sw, action="child.plan.view", record_id=str(world["child"].pk)
    ).exists()


def test_action_form_errors_are_named(world) -> None:  # type: ignore[no-untyped-def]
    response = _client(world["sw"]).post(_plan_url(world, "actions/new/"), {"what": "", "owner": ""})
    body = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter what is to be done", "Select who will do it", "Enter the date it is due by"):
        assert message in body
    assert not Action.objects.exists()


def _action(world, due: date) -> Action:  # type: ignore[no-untyped-def]
    return a.create_action(
        source=world["plan"],
        label="Child protection plan",
        what="Book the FGC",
        owner=world["sw"],
        due=due,
        by=world["sw"],
    )


def test_my_actions_home_card_and_update_with_history(world) -> None:  # type: ignore[no-untyped-def]
    action = _action(world, AS_OF - timedelta(days=1))
    _action(world, AS_OF + timedelta(days=3))
    client = _client(world["sw"])
    mine = client.get(reverse("my-actions")).content.decode()
    assert 'Overdue</strong> <span class="govuk-body-s">by 1 day' in mine
    assert 'Due soon</strong> <span class="govuk-body-s">in 3 days' in mine
    assert AccessLogEntry.objects.filter(action="actions.list", record_id=str(world["child"].pk)).exists()
    home = client.get("/").content.decode()
    assert "Your actions" in home
    assert reverse("my-actions") in home
    back = reverse("child-core-group-new", args=[world["child"].pk, world["plan"].pk])
    response = client.post(
        reverse("action", args=[action.pk]),
        {"change": "done", "on-day": "30", "on-month": "11", "on-year": "2026", "reason": "", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    action.refresh_from_db()
    assert (action.status, action.status_date) == ("done", AS_OF)
    page = client.get(reverse("action", args=[action.pk])).content.decode()
    assert "Done late" in page
    assert "Open → Done on 30 Nov 2026" in page
    assert AccessLogEntry.objects.filter(action="action.view", record_id=str(world["child"].pk)).exists()


def test_dropping_without_a_reason_is_refused_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    action = _action(world, AS_OF)
    response = _client(world["sw"]).post(reverse("action", args=[action.pk]), {"change": "dropped"})
    assert response.status_code == 200
    assert "Say why the action is dropped" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_next_cannot_leave_the_site(world) -> None:  # type: ignore[no-untyped-def]
    action = _action(world, AS_OF)
    response = _client(world["sw"]).post(
        reverse("action", args=[action.pk]), {"change": "done", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("action", args=[action.pk])


def test_core_group_and_review_forms_show_the_plans_actions(world) -> None:  # type: ignore[no-untyped-def]
    action = _action(world, AS_OF - timedelta(days=2))
    client = _client(world["sw"])
    for name in ("child-core-group-new", "child-cp-review-new"):
        body = client.get(reverse(name, args=[world["child"].pk, world["plan"].pk])).content.decode()
        assert "The plan&#x27;s actions" in body or "The plan's actions" in body
        assert "Book the FGC" in body
        assert 'Overdue</strong> <span class="govuk-body-s">by 2 days' in body
        assert f"{reverse('action', args=[action.pk])}?next=" in body


def test_record_page_links_to_the_plan(world) -> None:  # type: ignore[no-untyped-def]
    body = _client(world["sw"]).get(reverse("child-record", args=[world["child"].pk])).content.decode()
    assert _plan_url(world) in body


def test_an_owner_who_may_not_open_the_child_has_the_action_but_not_the_record(world, make_user) -> None:  # type: ignore[no-untyped-def]
    action = _action(world, AS_OF - timedelta(days=1))
    a.reassign(action, owner=world["outsider"], by=world["sw"], reason="Covering")
    outsider = _client(world["outsider"])
    name = world["child"].display_name
    # The action reaches its owner (list, home card, its page), the child unnamed: they may not open her.
    mine = outsider.get(reverse("my-actions")).content.decode()
    assert "Book the FGC" in mine
    assert name not in mine
    assert "Your actions" in outsider.get("/").content.decode()
    page = outsider.get(reverse("action", args=[action.pk]))
    assert page.status_code == 200
    assert name not in page.content.decode()
    # The plan, part of the child's record, still asks for break glass.
    assert outsider.get(_plan_url(world)).status_code == 302
    # Someone else with no part in the action is offered break glass for it, as for any child page.
    stranger = _client(make_user("plan-stranger", roles.SOCIAL_WORKER))
    response = stranger.get(reverse("action", args=[action.pk]))
    assert response.status_code == 302
    assert "break-glass" in response["Location"]
    assert outsider.post(_plan_url(world, "outcomes/new/"), {"text": "x"}).status_code == 302
    analyst = _client(world["analyst"])
    assert analyst.get(reverse("action", args=[action.pk])).status_code == 403
    assert analyst.get(_plan_url(world)).status_code == 403
    assert AccessLogEntry.objects.filter(user=world["analyst"], action="child.refused").exists()
    assert analyst.get(reverse("my-actions")).status_code == 200


def test_another_childs_plan_or_unknown_kind_is_not_found(world) -> None:  # type: ignore[no-untyped-def]
    client = _client(world["sw"])
    kid = world["child"].pk
    assert client.get(reverse("child-plan", args=[kid, "nonsense", world["plan"].pk])).status_code == 404
    assert client.get(reverse("child-plan", args=[kid, "cin", world["plan"].pk])).status_code == 404


def test_my_work_tray_counts_my_actions(world) -> None:  # type: ignore[no-untyped-def]
    _action(world, AS_OF - timedelta(days=1))
    _action(world, AS_OF + timedelta(days=2))
    _action(world, AS_OF + timedelta(days=20))
    body = _client(world["sw"]).get(reverse("worktray-mine")).content.decode()
    assert "<strong>1 overdue</strong>, 1 due soon, 3 open in all." in body
    assert reverse("my-actions") in body


def test_my_work_tray_says_due_today_as_the_tag_does(world) -> None:  # type: ignore[no-untyped-def]
    """An action due today is "due today" on the tray's line, as on its tag; not one "due soon"."""
    _action(world, AS_OF)
    _action(world, AS_OF + timedelta(days=2))
    body = _client(world["sw"]).get(reverse("worktray-mine")).content.decode()
    assert "<strong>0 overdue</strong>, 1 due today, 1 due soon, 2 open in all." in body
