"""Complaints pages through Django's test client: recording, the stage forms, the gate, the policy
(complaints staff and the named author only; the child's social worker sees that a complaint exists),
and the access log for linked children."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from continuum.complaints import services as c
from continuum.complaints.models import Complaint, Stage
from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker

pytestmark = pytest.mark.django_db


def _date(prefix: str, d: date) -> dict[str, str]:
    return {f"{prefix}-day": str(d.day), f"{prefix}-month": str(d.month), f"{prefix}-year": str(d.year)}


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    officer = make_user("cv-officer", roles.COMPLAINTS_OFFICER)
    manager = make_user("cv-manager", roles.TEAM_MANAGER)
    sw = make_user("cv-sw", roles.SOCIAL_WORKER)
    team = create_team(name="Complaints View Team", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sol", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=sw
    )
    kid = s.register_child(first_name="Kit", last_name="Child", person_birth_date=date(2012, 1, 1), by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2024, 1, 1), by=None)
    return {"officer": officer, "manager": manager, "sw": sw, "team": team, "kid": kid}


def test_record_extend_respond_and_decline(client, world) -> None:  # type: ignore[no-untyped-def]
    officer, manager, kid = world["officer"], world["manager"], world["kid"]
    client.force_login(officer)
    form = {
        "procedure": "statutory",
        **_date("received", date(2024, 3, 18)),
        "complainant_name": "Pat Parent",
        "complainant_type": "parent",
        "la_child_id": kid.la_child_id,
        "category": "communication",
        "service_area": "social_care",
        "team": str(world["team"].pk),
        "author": str(manager.pk),
        "summary": "No reply to calls",
    }
    response = client.post(reverse("complaints-new"), form)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert list(complaint.children.all()) == [kid]
    page = client.get(reverse("complaints-complaint", args=[complaint.pk]))
    assert page.status_code == 200
    assert "3 Apr 2024" in page.content.decode()  # stage 1 due over Easter
    assert AccessLogEntry.objects.filter(
        user=officer, action="complaints.view", record_type="child", record_id=str(kid.pk)
    ).exists()
    stage = complaint.stages.get()
    missing = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {"form": "extend", "stage": stage.pk, **_date("extend-on", date(2024, 3, 28)), "extend-reason": ""},
    )
    assert missing.status_code == 400
    assert "Enter why more time is needed" in missing.content.decode()
    client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "extend",
            "stage": stage.pk,
            **_date("extend-on", date(2024, 3, 28)),
            "extend-reason": "Leave",
        },
    )
    assert "17 Apr 2024" in client.get(reverse("complaints-complaint", args=[complaint.pk])).content.decode()
    # The named author answers it.
    client.force_login(manager)
    assert "CMP-" in client.get(reverse("complaints-tray")).content.decode()
    client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "respond",
            "stage": stage.pk,
            **_date("respond-on", date(2024, 4, 9)),
            "respond-outcome": "not_upheld",
            "respond-letter": "Letter",
        },
    )
    assert Stage.objects.get(pk=stage.pk).outcome == "not_upheld"
    # The author may not escalate or decline; the officer declines with a reason.
    refused = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 10)),
            "escalate-decision": "decline",
        },
    )
    assert refused.status_code == 403
    client.force_login(officer)
    no_reason = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 10)),
            "escalate-decision": "decline",
        },
    )
    assert no_reason.status_code == 400
    # A statutory request made in time (answered Tue 9 Apr; asked Wed 10 Apr, well within 20
    # working days) cannot be declined: the service refuses, beside the decision.
    in_time = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 10)),
            "escalate-decision": "decline",
            "escalate-reason": "No new information",
        },
    )
    assert in_time.status_code == 400
    assert "cannot be declined" in in_time.content.decode()
    assert not complaint.stages.filter(number=2).exists()


def test_the_childs_social_worker_sees_only_that_a_complaint_exists(client, world) -> None:  # type: ignore[no-untyped-def]
    officer, sw, kid = world["officer"], world["sw"], world["kid"]
    complaint = c.record_complaint(
        procedure="corporate",
        received=date(2024, 4, 1),
        complainant_name="Secret Name",
        complainant_type="parent",
        category="decision",
        service_area="social_care",
        summary="Confidential words",
        by=officer,
        children=[kid],
    )
    client.force_login(sw)
    assert client.get(reverse("complaints-complaint", args=[complaint.pk])).status_code == 403
    assert client.get(reverse("complaints-tray")).status_code == 403
    page = client.get(reverse("complaints-child", args=[kid.pk])).content.decode()
    assert "There is 1 complaint concerning this child (1 open)." in page
    assert "Secret Name" not in page
    assert "Confidential words" not in page
    assert AccessLogEntry.objects.filter(user=sw, action="complaints.exists", record_id=str(kid.pk)).exists()


def test_compliments_and_enquiries_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    client.post(
        reverse("complaints-compliments"),
        {
            **_date("received", date(2024, 4, 2)),
            "team": str(world["team"].pk),
            "from_type": "parent",
            "summary": "Thank you",
        },
    )
    assert "Complaints View Team" in client.get(reverse("complaints-compliments")).content.decode()
    response = client.post(
        reverse("complaints-enquiries"),
        {**_date("received", date(2024, 4, 5)), "member": "Cllr Test", "summary": "Asks"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "12 Apr 2024" in page  # Fri 5 Apr + 5 working days
    client.force_login(world["sw"])
    assert client.get(reverse("complaints-enquiries")).status_code == 403


def test_compliments_by_team_counts_this_financial_year_only(client, world) -> None:  # type: ignore[no-untyped-def]
    """As of 10 April 2024 the year is 2024-25: two compliments since 1 April count, one of March does not
    (it still shows among the latest)."""
    client.force_login(world["officer"])
    for day in (date(2024, 3, 28), date(2024, 4, 1), date(2024, 4, 9)):
        c.record_compliment(
            received=day,
            team=world["team"],
            from_type="parent",
            summary=f"Thanks {day:%d %b}",
            by=world["officer"],
        )
    page = client.get(reverse("complaints-compliments")).content.decode()
    assert "Compliments by team, 2024-25" in page
    by_team = page.split("Compliments by team")[1].split("</table>")[0]
    assert "Complaints View Team" in by_team
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in by_team
    assert "Thanks 28 Mar" in page
