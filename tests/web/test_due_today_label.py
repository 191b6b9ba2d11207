"""An item due today is tagged "Due today" wherever its status is shown, as the home page counts it.

Testers saw a CIN visit due that day tagged "Due soon" on a worker's page while
the home page counted it under "Due today". The day is fixed (Monday 30
November 2026; no bank holiday in the weeks around it):

* "Today" was referred 45 working days before, so the assessment is due today;
* "Soon" was referred 43 working days before: due Wednesday 2 December, inside
  the 5-working-day due-soon window, so still "Due soon".
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import Status
from continuum.core.working_days import add_working_days
from continuum.journey import services as s
from continuum.people.models import Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.worktray.tags import ON_TRACK_TAGS, status_tag
from tests.web.test_home_today import card, figure

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday
START = date(2020, 1, 1)


def referred(first: str, working_days_ago: int) -> Child:
    day = add_working_days(AS_OF, -working_days_ago)
    child = s.register_child(
        first_name=first, last_name="Labelled", person_birth_date=date(2015, 6, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=day, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=day, by=None)
    return child


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    sw_user = make_user("label-sw", roles.SOCIAL_WORKER)
    tm_user = make_user("label-tm", roles.TEAM_MANAGER)
    sw = create_worker(first_name="Sam", last_name="Worker", start_date=START, team=team, user=sw_user)
    create_worker(
        first_name="Tia", last_name="Manager", start_date=START, team=team, role="team_manager", user=tm_user
    )
    children = {"Today": referred("Today", 45), "Soon": referred("Soon", 43)}
    for child in children.values():
        s.allocate(child=child, team=team, worker=sw, start_date=START, by=None)
    return {"sw": sw_user, "tm": tm_user, "worker": sw, "children": children}


def get(user, url: str) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def tags_by_child(html: str) -> dict[str, str]:
    """Each tray row's child name and the words of its status tag."""
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)
    found = {}
    for row in rows:
        name = re.search(r"(Today|Soon) Labelled", row)
        tag = re.search(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', row)
        if name and tag:
            found[name.group(1)] = tag.group(1)
    return found


def test_the_tag_words() -> None:
    today = AS_OF
    assert status_tag(Status.DUE_SOON, today, today) == ("Due today", "govuk-tag--orange")
    assert status_tag(Status.DUE, today, today, ON_TRACK_TAGS) == ("Due today", "govuk-tag--orange")
    assert status_tag(Status.DUE_SOON, date(2026, 12, 2), today) == ("Due soon", "govuk-tag--orange")
    assert status_tag(Status.OVERDUE, date(2026, 11, 27), today) == ("Overdue", "govuk-tag--red")
    assert status_tag(Status.DUE, date(2027, 1, 4), today, ON_TRACK_TAGS) == ("On track", "govuk-tag--green")


def test_due_today_on_the_worker_page_and_my_work_as_the_home_page_counts_it(world) -> None:  # type: ignore[no-untyped-def]
    worker_page = get(world["tm"], reverse("worktray-worker", args=[world["worker"].pk]))
    assert tags_by_child(worker_page) == {"Today": "Due today", "Soon": "Due soon"}
    assert tags_by_child(get(world["sw"], reverse("worktray-mine"))) == {
        "Today": "Due today",
        "Soon": "Due soon",
    }
    assert figure(card(get(world["sw"], "/"), "my-work"), "Due today") == 1


def test_due_today_on_the_child_record(world) -> None:  # type: ignore[no-untyped-def]
    html = get(world["sw"], reverse("child-record", args=[world["children"]["Today"].pk]))
    next_due = html.split("Next due</h2>", 1)[1].split("</table>", 1)[0]
    assert "Single assessment completed" in next_due
    assert ">Due today</strong>" in next_due
    assert "Due soon" not in next_due
