"""MASH leftovers for other teams' managers, and the home page's counts (a tester's walk of the demo).

Known answers on a hand-built record, the day fixed at Monday 30 November 2026:

* a team manager of a plans team may use the MASH queue (``contact.decide`` names every team
  manager) but not oversee MASH decisions (``contact.oversee``: the MASH team's managers and heads
  of service), so the home's words do not tell them to "record contacts and decisions" nor count
  "MASH decisions" among their authorisations; the MASH team's manager is told both;
* the queue lists a contact about a child the plans team does not hold as the MASH team's to
  decide, with break glass offered as cover, not as each row's next step;
* the refused page tells a team manager to ask a head of service, not "your team manager";
* one action due today and one due in 3 days read "Due today 1" and "Due soon 1" on the home,
  as the actions page tags them;
* a MASH team with two social workers holding no cases is not "2 below the range".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from continuum.actions import services as a
from continuum.core import roles
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.areas import areas_for

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday
START = date(2020, 1, 1)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    plans = create_team(name="Intervention West", team_type=TeamType.INTERVENTION_PLANNING)
    mash = create_team(name="Front Door", team_type=TeamType.MASH)
    plans_tm = make_user("plans-manager", roles.TEAM_MANAGER)
    create_worker(
        first_name="Pat", last_name="Plans", start_date=START, team=plans, role="team_manager", user=plans_tm
    )
    mash_tm = make_user("mash-manager", roles.TEAM_MANAGER)
    create_worker(
        first_name="Max", last_name="Mash", start_date=START, team=mash, role="team_manager", user=mash_tm
    )
    # Two social workers in the MASH team, holding no cases: 0 each, below a 12 to 16 range if judged.
    for first in ("Mia", "Mo"):
        create_worker(first_name=first, last_name="Door", start_date=START, team=mash, role="social_worker")
    sw = make_user("plans-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sol", last_name="Worker", start_date=START, team=plans, user=sw)
    kid = s.register_child(
        first_name="Una", last_name="Heldnowhere", person_birth_date=date(2015, 6, 1), by=None
    )
    contact = s.record_contact(
        child=kid,
        received_at=datetime.combine(AS_OF, time(9), tzinfo=LOCAL_ZONE) - timedelta(hours=1),
        referral_source="6",
        consent="obtained",
        by=None,
    )
    return {"plans_tm": plans_tm, "mash_tm": mash_tm, "sw": sw, "kid": kid, "contact": contact, "mash": mash}


def _description(user: User, title: str) -> str:
    return next(area.description for area in areas_for(user) if area.title == title)


def test_home_words_follow_what_the_manager_may_do_at_the_front_door(world) -> None:  # type: ignore[no-untyped-def]
    plans, mash = world["plans_tm"], world["mash_tm"]
    assert _description(plans, "Front door (MASH)") == (
        "Contacts awaiting the MASH team's decision, with the time left to decide; "
        "children your team holds are named."
    )
    assert _description(plans, "Awaiting my authorisation") == (
        "Assessments, plans and closures your team submitted for your authorisation."
    )
    assert _description(mash, "Front door (MASH)") == (
        "Contacts awaiting a MASH decision, with the time left to decide; record contacts and decisions; "
        "sign off MASH decisions."
    )
    assert "MASH decisions" in _description(mash, "Awaiting my authorisation")
    home = client_for(plans).get(reverse("home")).content.decode()
    assert "record contacts and decisions" not in home
    assert "closures and MASH decisions" not in home


def test_queue_offers_a_plans_manager_break_glass_as_cover_not_as_each_rows_next_step(world) -> None:  # type: ignore[no-untyped-def]
    pk = world["contact"].pk
    body = client_for(world["plans_tm"]).get(reverse("mash-queue")).content.decode()
    assert "Heldnowhere" not in body
    assert "The MASH team decides these contacts." in body
    assert "For the MASH team" in body
    assert "Not held by your team" not in body
    assert f"Covering the MASH: say why you need to see contact {pk}</a>" in body
    assert f'href="/mash/contacts/{pk}/break-glass/"' in body
    # The MASH team's own manager sees the child named, and no cover words.
    mash_body = client_for(world["mash_tm"]).get(reverse("mash-queue")).content.decode()
    assert "Heldnowhere" in mash_body
    assert "The MASH team decides these contacts." not in mash_body


def test_refused_page_names_whom_to_ask_by_role(world) -> None:  # type: ignore[no-untyped-def]
    refused = client_for(world["plans_tm"]).get(reverse("mash-queue") + "?stage=oversight")
    assert refused.status_code == 403
    words = refused.content.decode()
    assert "ask a head of service or your system administrator" in words
    assert "ask your team manager" not in words
    worker = client_for(world["sw"]).get(reverse("mash-queue"))
    assert worker.status_code == 403
    assert "ask your team manager or system administrator" in worker.content.decode()


def test_home_counts_an_action_due_today_as_due_today(world) -> None:  # type: ignore[no-untyped-def]
    sw, kid = world["sw"], world["kid"]
    for what, due in (("Ring the school", AS_OF), ("Book the FGC", AS_OF + timedelta(days=3))):
        a.create_action(source=kid, label="Child record", what=what, owner=sw, due=due, by=sw)
    cards = client_for(sw).get(reverse("home")).context["cards"]
    card = next(card for card in cards if card.key == "my-actions")
    assert [(line.label, line.count) for line in card.lines] == [
        ("Overdue", 0),
        ("Due today", 1),
        ("Due soon", 1),
        ("Open in all", 2),
    ]


def test_a_mash_teams_caseloads_are_not_judged_against_the_range(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["mash_tm"])
    cards = client.get(reverse("home")).context["cards"]
    card = next(card for card in cards if card.key == f"team-{world['mash'].pk}")
    assert not any(line.label.startswith("Caseloads outside") for line in card.lines)
    assert card.note == "MASH: caseloads not measured (the front door holds no cases)."
    page = client.get(reverse("worktray-team"), {"team": world["mash"].pk}).content.decode()
    assert "MASH: caseloads not measured." in page
    assert "Below range" not in page
    assert page.count("Not measured") == 2  # the two social workers (the manager holds no caseload row)
