"""SEND pages through the policy: the caseworker's list, recording a request, a request's timeline."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send.models import EHCRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-12-20"
    team = create_team(name="SEND casework 1", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("send-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Case", start_date=date(2020, 1, 1), team=team, user=sw)
    mine = Child.objects.create(la_child_id="SEND-MINE", person_birth_date=date(2014, 2, 2))
    other = Child.objects.create(la_child_id="SEND-OTHER", person_birth_date=date(2013, 3, 3))
    Allocation.objects.create(child=mine, team=team, start_date=date(2024, 1, 1))
    return {
        "sw": sw,
        "mine": EHCRequest.objects.create(child=mine, requested_by="parent", received_on=date(2024, 9, 2)),
        "other": EHCRequest.objects.create(child=other, requested_by="school", received_on=date(2024, 9, 9)),
        "analyst": make_user("send-analyst", roles.PERFORMANCE_ANALYST),
    }


def test_the_list_shows_only_requests_for_people_the_worker_may_see(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    page = client.get("/send/").content.decode()
    assert f'data-request="{world["mine"].pk}"' in page
    assert f'data-request="{world["other"].pk}"' not in page
    assert "20 Jan 2025" in page  # the 20-week date of 2 Sep 2024
    assert "Overdue" in page  # the decision to assess was due 14 Oct


def test_the_timeline_is_policy_checked_and_logged(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    assert client.get(f"/send/requests/{world['other'].pk}/").status_code == 403
    response = client.get(f"/send/requests/{world['mine'].pk}/")
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(action="send.view", record_id=str(world["mine"].child_id)).exists()
    client.force_login(world["analyst"])
    assert client.get("/send/").status_code == 403
    assert client.get(f"/send/requests/{world['mine'].pk}/").status_code == 403


def test_recording_a_request_advice_and_an_exception(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    bad = client.post("/send/new/", {"la_child_id": "NOBODY", "requested_by": "parent"})
    assert bad.status_code == 400
    assert "No child or young person" in bad.content.decode() or "Enter" in bad.content.decode()
    ok = client.post(
        "/send/new/",
        {
            "la_child_id": "SEND-MINE",
            "requested_by": "young_person",
            "received_on-day": "2",
            "received_on-month": "12",
            "received_on-year": "2024",
        },
    )
    assert ok.status_code == 302
    ehc = EHCRequest.objects.latest("pk")
    assert (ehc.requested_by, ehc.received_on) == ("young_person", date(2024, 12, 2))
    url = f"/send/requests/{ehc.pk}/"
    client.post(
        url,
        {
            "form": "advice",
            "kind": "health",
            "requested_on-day": "5",
            "requested_on-month": "12",
            "requested_on-year": "2024",
        },
    )
    client.post(
        url,
        {
            "form": "exception",
            "reason": "late_advice",
            "starts_on-day": "6",
            "starts_on-month": "12",
            "starts_on-year": "2024",
        },
    )
    page = client.get(url).content.decode()
    assert 'data-clock="ehc_advice"' in page
    assert "16 Jan 2025" in page  # advice: 6 weeks from 5 Dec
    assert "stays in the 20-week figure" in page
    foreign = client.post(
        "/send/new/",
        {
            "la_child_id": "SEND-OTHER",
            "requested_by": "parent",
            "received_on-day": "2",
            "received_on-month": "12",
            "received_on-year": "2024",
        },
    )
    assert foreign.status_code == 400  # may not record on a person they cannot see
