"""Two walk mends: the authorisation queue fits 320 px; an action update shows every error at once.

The tester's team manager saw /authorisations/ 568 px wide on a 320 px screen,
the Submitted, Due and Status columns cut off: the table now scrolls inside its
own labelled, focusable region (``.app-table-scroll``), as the work trays do.
Moving an action's due date to a past day with no reason showed only the date
error; "Say why the due date moves" came on the next try. Both now show on the
first submit. The day is fixed: Monday 30 November 2026.
"""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from continuum.actions import services as a
from continuum.actions.models import Action, ActionChange
from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import signoff
from tests.conftest import TEST_PASSWORD, sign_in

AS_OF = date(2026, 11, 30)  # a Monday
START = date(2020, 1, 1)
NARROW = {"width": 320, "height": 640}


def _world(make_user, settings) -> dict:  # type: ignore[no-untyped-def]
    """A team manager, a social worker in their team, and the worker's assessment up for authorisation."""
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("nae-sw", roles.SOCIAL_WORKER)
    tm = make_user("nae-tm", roles.TEAM_MANAGER)
    team = create_team(name="Narrow North", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(first_name="Sam", last_name="Worker", start_date=START, team=team, user=sw)
    create_worker(
        first_name="Tess", last_name="Manager", start_date=START, team=team, role="team_manager", user=tm
    )
    kid = s.register_child(
        first_name="Aleksandra", last_name="Wiśniewska-Kowalczyk", person_birth_date=date(2015, 1, 1), by=None
    )
    episode = s.open_referral(child=kid, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 11, 2), by=None)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2026, 11, 3), worker=worker, by=None
    )
    signoff.submit(
        child=kid,
        kind="assessment",
        record_id=assessment.pk,
        by=sw,
        summary="Analysis: neglect of basic care; mother engaging.",
        proposed={"child_seen": True, "outcome": "cin_plan", "assessment_factors": ["2A"]},
    )
    return {"sw": sw, "tm": tm, "worker": worker, "child": kid}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


class _Regions(HTMLParser):
    """Each table on the page, with the labelled scroll region it sits in (None when in none)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[dict[str, str | None] | None] = []
        self.tables: list[dict[str, str | None] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div":
            classes = (found.get("class") or "").split()
            self.open.append(found if "app-table-scroll" in classes else None)
        elif tag == "table":
            self.tables.append(next((r for r in reversed(self.open) if r is not None), None))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.open:
            self.open.pop()


@pytest.mark.django_db
def test_the_authorisation_queue_table_scrolls_in_a_labelled_region(make_user, settings) -> None:  # type: ignore[no-untyped-def]
    world = _world(make_user, settings)
    body = _client(world["tm"]).get(reverse("signoff-tray")).content.decode()
    assert "1 awaiting" in body
    assert "Submitted by" in body
    regions = _Regions()
    regions.feed(body)
    assert regions.tables == [
        {
            "class": "app-table-scroll",
            "role": "region",
            "aria-label": "Work awaiting my authorisation",
            "tabindex": "0",
        }
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.browser
def test_the_team_managers_work_pages_fit_a_320_px_screen(make_user, settings, page) -> None:  # type: ignore[no-untyped-def]
    """The queue the tester measured, and the supervision page a manager reaches from the team tray."""
    world = _world(make_user, settings)
    page.set_viewport_size(NARROW)
    sign_in(page, "nae-tm", TEST_PASSWORD)
    page.wait_for_selector("h1")
    widths = {}
    for url in ("/authorisations/", f"/supervision/workers/{world['worker'].pk}/"):
        page.goto(url)
        page.wait_for_selector("h1")
        assert page.locator("main table").count() == page.locator("main .app-table-scroll table").count(), url
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
    assert {url: width for url, width in widths.items() if width > 320} == {}
    page.goto("/authorisations/")
    region = page.get_by_role("region", name="Work awaiting my authorisation")
    assert region.get_attribute("tabindex") == "0"
    assert region.locator("table").count() == 1


def _action(world: dict, due: date) -> Action:
    return a.create_action(
        source=world["child"],
        label="Child record",
        what="Book the family group conference",
        owner=world["sw"],
        due=due,
        by=world["sw"],
    )


@pytest.fixture
def action_world(make_user, settings) -> dict:  # type: ignore[no-untyped-def]
    world = _world(make_user, settings)
    world["action"] = _action(world, AS_OF)
    return world


def _post(world: dict, data: dict[str, str]) -> tuple[int, str]:
    response = _client(world["sw"]).post(reverse("action", args=[world["action"].pk]), data)
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_a_past_due_date_with_no_reason_shows_both_errors_on_the_first_submit(action_world) -> None:  # type: ignore[no-untyped-def]
    status, body = _post(
        action_world, {"change": "due", "due-day": "1", "due-month": "11", "due-year": "2026", "reason": " "}
    )
    assert status == 200
    assert "The due date must be today or later" in body
    assert "Say why the due date moves" in body
    assert 'href="#id_reason"' in body  # the summary links to the field that needs the reason
    action = Action.objects.get(pk=action_world["action"].pk)
    assert action.due_date == AS_OF
    assert not ActionChange.objects.filter(action=action, field="due date").exists()


@pytest.mark.django_db
def test_a_reason_alone_is_asked_when_only_it_is_missing(action_world) -> None:  # type: ignore[no-untyped-def]
    # Monday 7 December 2026 is a week on: the date is fine, so the reason is the one error.
    status, body = _post(
        action_world, {"change": "due", "due-day": "7", "due-month": "12", "due-year": "2026"}
    )
    assert status == 200
    assert "Say why the due date moves" in body
    assert "The due date must be today or later" not in body
    # With a past date and a reason, only the date is wrong.
    status, body = _post(
        action_world,
        {"change": "due", "due-day": "1", "due-month": "11", "due-year": "2026", "reason": "Family away"},
    )
    assert status == 200
    assert "The due date must be today or later" in body
    assert "Say why the due date moves" not in body
    # Dropping needs a reason too; marking it done does not.
    status, body = _post(action_world, {"change": "dropped"})
    assert status == 200
    assert "Say why the action is dropped" in body
    assert Action.objects.get(pk=action_world["action"].pk).status == "open"


@pytest.mark.django_db
def test_a_future_date_with_a_reason_moves_the_due_date(action_world) -> None:  # type: ignore[no-untyped-def]
    status, _ = _post(
        action_world,
        {"change": "due", "due-day": "7", "due-month": "12", "due-year": "2026", "reason": "Family away"},
    )
    assert status == 302
    action = Action.objects.get(pk=action_world["action"].pk)
    assert action.due_date == date(2026, 12, 7) == AS_OF + timedelta(days=7)
    change = ActionChange.objects.get(action=action, field="due date")
    assert (change.old, change.new, change.reason) == ("30 Nov 2026", "7 Dec 2026", "Family away")
