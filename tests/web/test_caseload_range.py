"""The caseload range alert (issue 18 point 10): only case-holding workers are compared with the range.

Known answers, with the range set to 2–3: a social worker with one child is
"Below range", one with two is "Within range", one with four is "Above
range"; the team manager and a family support worker holding one child each
are "Not a case holder", never "Within range".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import TeamType, Worker
from continuum.people.services import create_team, create_worker
from tests.web.test_worktray_views import cin_child

pytestmark = pytest.mark.django_db

START = date(2020, 1, 1)


def build(make_user: Any) -> dict[str, Any]:
    """A team whose workers hold 1, 2 and 4 children, plus a manager and a family support worker with one."""
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    tm_user = make_user("tm", roles.TEAM_MANAGER)
    people: dict[str, Worker] = {
        "Tia Manager": create_worker(
            first_name="Tia",
            last_name="Manager",
            start_date=START,
            team=team,
            role="team_manager",
            user=tm_user,
        ),
        "Una One": create_worker(first_name="Una", last_name="One", start_date=START, team=team),
        "Tom Two": create_worker(first_name="Tom", last_name="Two", start_date=START, team=team),
        "Fay Four": create_worker(first_name="Fay", last_name="Four", start_date=START, team=team),
        "Fred Support": create_worker(
            first_name="Fred", last_name="Support", start_date=START, team=team, role="family_support_worker"
        ),
    }
    held = {"Tia Manager": 1, "Una One": 1, "Tom Two": 2, "Fay Four": 4, "Fred Support": 1}
    day = timezone.localdate() - timedelta(days=20)
    n = 0
    for name, count in held.items():
        for _ in range(count):
            n += 1
            child = cin_child(f"Kid{n}", day)
            s.allocate(child=child, team=team, worker=people[name], start_date=day, by=None)
    return {"team": team, "tm": tm_user}


def column(body: str, name: str) -> str:
    """The "against the range" words in a worker's row of the team page."""
    row = body.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]  # the name links to the worker page
    cells = row.split('<td class="govuk-table__cell">')
    return cells[1].split("</td>", 1)[0]


def test_only_case_holders_are_compared_with_the_range(make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_CASELOAD_RANGE = (2, 3)
    world = build(make_user)
    client = Client()
    client.force_login(world["tm"])
    body = client.get("/work/team/").content.decode()
    assert "Below range" in column(body, "Una One")
    assert column(body, "Tom Two") == "Within range"
    assert "Above range" in column(body, "Fay Four")
    assert column(body, "Tia Manager").startswith("Not a case holder")
    assert "Team manager" in column(body, "Tia Manager")
    assert column(body, "Fred Support").startswith("Not a case holder")
    assert "Within range" not in column(body, "Tia Manager") + column(body, "Fred Support")
