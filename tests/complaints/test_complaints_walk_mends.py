"""The complaints walk's findings mended (demo-complaints): an escalation asked for before the
complaint or its response is refused at the date, the acknowledgement reads "Not yet: due by", and
the head-of-service table groups by the service as listed. Hand-built cases with known answers."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.complaints import report
from continuum.complaints import services as c
from continuum.complaints.models import Complaint, Stage
from continuum.complaints.services import ComplaintRuleError
from continuum.core import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    return {
        "officer": make_user("walk-officer", roles.COMPLAINTS_OFFICER),
        "manager": make_user("walk-manager", roles.TEAM_MANAGER),
    }


def _complaint(people, **given) -> Complaint:  # type: ignore[no-untyped-def]
    details = {
        "procedure": "corporate",
        "received": date(2024, 3, 18),
        "complainant_name": "Pat Parent",
        "complainant_type": "parent",
        "category": "communication",
        "service_area": "social_care",
        "summary": "No reply to calls",
    }
    return c.record_complaint(**{**details, **given}, by=people["officer"], author=people["manager"])


def _answered(people) -> Complaint:  # type: ignore[no-untyped-def]
    complaint = _complaint(people)
    c.respond(
        complaint.stages.get(), on=date(2024, 4, 2), outcome="not_upheld", letter="L", by=people["officer"]
    )
    return complaint


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


# --- 6. An escalation asked for before the complaint, or before the response ----------------------


def test_an_escalation_before_the_response_or_the_complaint_is_refused_at_the_date(people) -> None:  # type: ignore[no-untyped-def]
    complaint = _answered(people)  # received 18 Mar 2024, stage 1 answered 2 Apr 2024
    with pytest.raises(ComplaintRuleError) as before_response:
        c.escalate(complaint, requested=date(2024, 3, 25), by=people["officer"], author=people["manager"])
    assert before_response.value.field == "requested"
    assert str(before_response.value) == (
        "The escalation request cannot be before the stage 1 response was sent (2 Apr 2024)"
    )
    with pytest.raises(ComplaintRuleError) as before_received:
        c.decline_escalation(
            complaint, requested=date(2024, 3, 1), reason="No new information", by=people["officer"]
        )
    assert str(before_received.value) == (
        "The escalation request cannot be before the complaint was received (18 Mar 2024)"
    )
    assert Stage.objects.filter(complaint=complaint).count() == 1
    # On the response's day it goes ahead.
    assert (
        c.escalate(
            complaint, requested=date(2024, 4, 2), by=people["officer"], author=people["manager"]
        ).number
        == 2
    )


def test_the_page_puts_the_refusal_beside_the_escalation_date(client, people) -> None:  # type: ignore[no-untyped-def]
    complaint = _answered(people)
    client.force_login(people["officer"])
    page = client.post(
        f"/complaints/{complaint.pk}/",
        {
            "form": "escalate",
            "escalate-version": str(complaint.version),
            **_date("escalate-requested", date(2024, 3, 25)),
            "escalate-decision": "escalate",
            "escalate-author": str(people["manager"].pk),
        },
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert 'href="#id_escalate-requested-day"' in body
    assert "The escalation request cannot be before the stage 1 response was sent (2 Apr 2024)" in body
    assert Stage.objects.filter(complaint=complaint).count() == 1


# --- 7. The acknowledgement's words and the dates ---------------------------------------------------


def test_the_acknowledgement_reads_not_yet_due_by(client, people) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(people)  # Monday 18 Mar 2024: 3 working days on is Thursday 21 Mar 2024
    client.force_login(people["officer"])
    body = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Not yet: due by 21 Mar 2024" in body
    assert "18 March 2024" not in body
    assert "18 Mar 2024" in body


# --- 8. The head-of-service table groups by the service as listed ----------------------------------


def test_the_head_of_service_table_groups_by_the_service_as_listed(people) -> None:  # type: ignore[no-untyped-def]
    # Four stage 1 complaints in April 2024 (financial year 2024-25), social care: two for Intake &
    # Assessment typed two ways (legacy rows), one with a person's name typed, one with none.
    for typed in ("Intake & Assessment", "Intake and  Assessment ", "Ann-Marie D'Souza", ""):
        complaint = _complaint(people, received=date(2024, 4, 3))
        Complaint.objects.filter(pk=complaint.pk).update(head_of_service=typed)
    table = next(
        t for t in report.tables(2024) if t.caption.startswith("Number of complaints received by each")
    )
    social = table.rows[table.rows.index(["Early Intervention and Prevention Total", 0]) + 1 :]
    assert social == [
        ["Intake & Assessment", 2],
        [report.NOT_LISTED, 1],
        [report.NOT_RECORDED, 1],
        ["Social Care Total", 4],
    ]


def test_a_head_of_service_is_chosen_from_the_list(client, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ComplaintRuleError) as refused:
        _complaint(people, head_of_service="Ann-Marie D'Souza")
    assert (refused.value.field, str(refused.value)) == (
        "head_of_service",
        "Select the head of service's service from the list",
    )
    # A script's "and" for "&" is saved as the list spells it.
    assert (
        _complaint(people, head_of_service="intake and assessment").head_of_service == "Intake & Assessment"
    )
    client.force_login(people["officer"])
    form = client.get("/complaints/new/").content.decode()
    assert '<option value="Intake &amp; Assessment">Intake &amp; Assessment</option>' in form
    assert "Record number of the child concerned (LAchildID, optional)" in form


def test_the_demo_complaints_name_services_of_their_own_area(make_user) -> None:  # type: ignore[no-untyped-def]
    """Every demo complaint names a service the form offers, and one of its own service area's (an
    early help complaint never names "Intake & Assessment"), or the demo's head-of-service table
    would carry a row the list cannot produce, or a service under the wrong heading."""
    from continuum.complaints.models import HEADS_OF_SERVICE, SERVICES_BY_AREA
    from continuum.people.models import TeamType
    from continuum.people.services import create_team
    from continuum.synth.complaints import ensure_demo_complaints

    make_user("demo-complaints", roles.COMPLAINTS_OFFICER)
    create_team(name="Demo I&P", team_type=TeamType.OTHER)
    assert ensure_demo_complaints(seed=1, as_of=date(2026, 11, 30)) > 300
    pairs = set(Complaint.objects.values_list("service_area", "head_of_service"))
    assert {head for _, head in pairs} <= set(HEADS_OF_SERVICE)
    for area, head in pairs:
        assert head in dict(SERVICES_BY_AREA[area]), (area, head)
    assert {area for area, _ in pairs} == {"early_help", "social_care"}
