"""The complaints officer's pages after the testers' findings: the LAchildID typed loosely, the
statutory gate on the page, naming an investigator, acknowledging, finding a closed complaint, the
figures page, and error messages that read well (findings 5, 6, 10, 11 and 13)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from continuum.complaints import services as c
from continuum.complaints.models import Complaint, Stage
from continuum.core import roles
from continuum.journey import services as s
from tests.web.test_complaints_views import _date

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    officer = make_user("co-officer", roles.COMPLAINTS_OFFICER)
    manager = make_user("co-manager", roles.TEAM_MANAGER)
    manager.first_name, manager.last_name = "Mo", "Manager"
    manager.save()
    sw = make_user("co-sw", roles.SOCIAL_WORKER)
    kid = s.register_child(first_name="Kit", last_name="Child", person_birth_date=date(2012, 1, 1), by=None)
    return {"officer": officer, "manager": manager, "sw": sw, "kid": kid}


def _complaint(world, procedure: str = "statutory", name: str = "Pat Parent") -> Complaint:  # type: ignore[no-untyped-def]
    return c.record_complaint(
        procedure=procedure,
        received=date(2024, 3, 18),
        complainant_name=name,
        complainant_type="parent",
        category="communication",
        service_area="social_care",
        summary="No reply to calls",
        by=world["officer"],
        author=world["manager"],
    )


def _answered(world, procedure: str = "statutory", on: date = date(2024, 4, 2)) -> Complaint:  # type: ignore[no-untyped-def]
    complaint = _complaint(world, procedure)
    c.respond(complaint.stages.get(), on=on, outcome="not_upheld", letter="Letter", by=world["officer"])
    return complaint


def _form(kid_id: str) -> dict[str, str]:
    return {
        "procedure": "statutory",
        **_date("received", date(2024, 3, 18)),
        "complainant_name": "Pat Parent",
        "complainant_type": "parent",
        "la_child_id": kid_id,
        "category": "communication",
        "service_area": "social_care",
        "summary": "No reply to calls",
    }


def test_the_lachildid_is_found_whatever_the_case_and_spaces(client, world) -> None:  # type: ignore[no-untyped-def]
    kid = world["kid"]
    client.force_login(world["officer"])
    typed = " " + kid.la_child_id.lower()[:4] + " " + kid.la_child_id.lower()[4:] + " "
    response = client.post(reverse("complaints-new"), _form(typed))
    assert response.status_code == 302
    assert list(Complaint.objects.get().children.all()) == [kid]


def test_an_unknown_lachildid_is_shown_beside_the_field_and_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("complaints-new"), _form("nosuch 1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p id="id_la_child_id-error" class="govuk-error-message">' in page
    assert "No child has the record number (LAchildID) NOSUCH1: check it, or leave it blank" in page
    assert 'value="nosuch 1"' in page  # what was typed is not lost
    assert not Complaint.objects.exists()


def test_a_statutory_request_in_time_is_not_offered_for_declining(client, world) -> None:  # type: ignore[no-untyped-def]
    # Answered Tue 2 Apr 2024: the complainant may ask until Tue 30 Apr; today is 10 Apr.
    complaint = _answered(world)
    client.force_login(world["officer"])
    page = client.get(reverse("complaints-complaint", args=[complaint.pk])).content.decode()
    assert "Escalate to the next stage" in page
    assert 'value="decline"' not in page
    assert "as of right until 30 Apr 2024, so it cannot be declined" in page
    refused = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 9)),
            "escalate-decision": "decline",
            "escalate-reason": "No new information",
        },
    )
    assert refused.status_code == 400
    assert not complaint.stages.filter(number=2).exists()


def test_a_late_statutory_request_or_a_service_one_may_be_declined(client, world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-05-08"
    service = _answered(world, "corporate")
    late = _answered(world, "statutory")  # answered Tue 2 Apr: may ask as of right until Tue 30 Apr
    client.force_login(world["officer"])
    page = client.get(reverse("complaints-complaint", args=[service.pk])).content.decode()
    assert "Decline: no new information" in page
    url = reverse("complaints-complaint", args=[late.pk])
    page = client.get(url).content.decode()
    assert "Decline: asked for after 30 Apr 2024, the last day to ask as of right" in page

    def decline(asked: date):  # type: ignore[no-untyped-def]
        return client.post(
            url,
            {
                "form": "escalate",
                **_date("escalate-requested", asked),
                "escalate-decision": "decline",
                "escalate-reason": "Asked for after the time allowed",
            },
        )

    in_time = decline(date(2024, 4, 30))
    assert in_time.status_code == 400
    assert '<p id="id_escalate-decision-error" class="govuk-error-message">' in in_time.content.decode()
    assert not late.stages.filter(number=2).exists()
    assert decline(date(2024, 5, 1)).status_code == 302
    assert late.stages.get(number=2).status == "declined"


def test_escalating_needs_a_named_person_who_can_be_changed_later(client, world) -> None:  # type: ignore[no-untyped-def]
    complaint = _answered(world)
    client.force_login(world["officer"])
    url = reverse("complaints-complaint", args=[complaint.pk])
    nobody = client.post(
        url,
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 9)),
            "escalate-decision": "escalate",
        },
    )
    page = nobody.content.decode()
    assert nobody.status_code == 400
    assert '<p id="id_escalate-author-error" class="govuk-error-message">' in page
    assert "Select who will investigate or respond at stage 2" in page
    client.post(
        url,
        {
            "form": "escalate",
            **_date("escalate-requested", date(2024, 4, 9)),
            "escalate-decision": "escalate",
            "escalate-author": str(world["officer"].pk),
        },
    )
    two = complaint.stages.get(number=2)
    assert two.author == world["officer"]
    named = client.post(url, {"form": "author", "stage": two.pk, "author-author": str(world["manager"].pk)})
    assert named.status_code == 302
    assert Stage.objects.get(pk=two.pk).author == world["manager"]
    # A stage left with nobody named (as older records are) says so in the officer's tray.
    Stage.objects.filter(pk=two.pk).update(author=None)
    tray = client.get(reverse("complaints-tray")).content.decode()
    assert "No investigator named" in tray


def test_the_officer_acknowledges_from_the_tray(client, world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)  # Mon 18 Mar 2024: acknowledge by Thu 21 Mar
    client.force_login(world["officer"])
    tray = client.get(reverse("complaints-tray")).content.decode()
    waiting = tray.split("data-to-acknowledge")[1].split("</table>")[0]
    assert complaint.reference in waiting
    assert "21 Mar 2024" in waiting
    assert "Overdue" in waiting
    url = reverse("complaints-complaint", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "Not yet: due by 21 Mar 2024" in page
    done = client.post(url, {"form": "acknowledge", **_date("acknowledge-on", date(2024, 3, 19))})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "19 Mar 2024 (due by 21 Mar 2024)" in page
    assert "data-acknowledge-form" not in page
    tray = client.get(reverse("complaints-tray")).content.decode()
    assert complaint.reference not in tray.split("data-to-acknowledge")[1].split("</table>")[0]


def test_find_a_closed_complaint_by_reference_or_name(client, world) -> None:  # type: ignore[no-untyped-def]
    closed = _answered(world)
    still_open = _complaint(world, name="Robin Open")
    client.force_login(world["officer"])
    assert reverse("complaints-list") in client.get(reverse("complaints-tray")).content.decode()
    page = client.get(reverse("complaints-list")).content.decode()
    assert still_open.reference in page
    assert closed.reference not in page
    page = client.get(reverse("complaints-list"), {"show": "closed"}).content.decode()
    assert closed.reference in page
    assert still_open.reference not in page
    assert "Stage 1 answered: not upheld" in page
    page = client.get(
        reverse("complaints-list"), {"q": closed.reference.lower(), "show": "all"}
    ).content.decode()
    assert closed.reference in page
    assert still_open.reference not in page
    page = client.get(reverse("complaints-list"), {"q": "robin", "show": "all"}).content.decode()
    assert still_open.reference in page
    assert closed.reference not in page
    client.force_login(world["sw"])
    assert client.get(reverse("complaints-list")).status_code == 403


def test_the_figures_page_and_its_spreadsheet(client, world) -> None:  # type: ignore[no-untyped-def]
    _answered(world)  # received 18 Mar 2024: financial year 2023-24
    client.force_login(world["officer"])
    assert reverse("complaints-figures") in client.get(reverse("complaints-tray")).content.decode()
    page = client.get(reverse("complaints-figures"), {"year": "2023-24"}).content.decode()
    assert "Complaints figures, 2023-24" in page
    stages = page.split("Number of complaints received at each stage")[1].split("</table>")[0]
    row = '<th scope="row" class="govuk-table__header">Statutory complaints</th>'
    assert row + '<td class="govuk-table__cell">1</td>' in stages
    sheet = client.get(reverse("complaints-figures"), {"year": "2023-24", "format": "xlsx"})
    assert sheet["Content-Disposition"] == 'attachment; filename="complaints-annual-2023-24.xlsx"'
    assert sheet.content[:2] == b"PK"
    client.force_login(world["sw"])
    assert client.get(reverse("complaints-figures")).status_code == 403


def test_error_messages_read_well(client, world) -> None:  # type: ignore[no-untyped-def]
    complaint = _complaint(world)
    client.force_login(world["officer"])
    missing = client.post(
        reverse("complaints-complaint", args=[complaint.pk]),
        {
            "form": "extend",
            "stage": complaint.stages.get().pk,
            **_date("extend-on", date(2024, 3, 28)),
            "extend-reason": "",
        },
    )
    assert "Enter why more time is needed" in missing.content.decode()
    enquiry = client.post(
        reverse("complaints-enquiries"), {**_date("received", date(2024, 4, 5)), "summary": "Asks"}
    )
    assert "Enter the councillor&#x27;s name" in enquiry.content.decode()
