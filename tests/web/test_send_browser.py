"""An EHC needs assessment in a real browser: the request recorded, then its timeline with advice
and an exception. Screenshots: tests/artifacts/ehc-request.png, ehc-timeline.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send import services
from continuum.send.models import AdviceRequest, EHCRequest
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, legend: str, d: date) -> None:  # type: ignore[no-untyped-def]
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(d.day))
    group.get_by_label("Month").fill(str(d.month))
    group.get_by_label("Year").fill(str(d.year))


def test_an_ehc_request_and_its_timeline(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-01-10"
    team = create_team(name="SEND casework 1", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("demo-send", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Case", start_date=date(2020, 1, 1), team=team, user=sw)
    child = Child.objects.create(la_child_id="SEND-B1", person_birth_date=date(2014, 2, 2))
    Allocation.objects.create(child=child, team=team, start_date=date(2024, 1, 1))
    older = EHCRequest.objects.create(child=child, requested_by="school", received_on=date(2024, 8, 19))
    services.record_decision_to_assess(older, "assess", date(2024, 9, 27))
    AdviceRequest.objects.create(
        ehc_request=older, kind="education", requested_on=date(2024, 9, 30), received_on=date(2024, 11, 18)
    )
    AdviceRequest.objects.create(ehc_request=older, kind="health", requested_on=date(2024, 9, 30))

    sign_in(page, "demo-send")
    page.wait_for_url("**/")
    page.get_by_role("link", name="SEND").first.click()
    expect(page.locator(f"[data-request='{older.pk}']")).to_be_visible()
    page.get_by_role("link", name="Record a request").click()
    page.get_by_label("LAchildID of the child or young person").fill("SEND-B1")
    page.get_by_label("Parent").check()
    _date(page, "Date the request was received", date(2025, 1, 6))
    assert axe_problems(page) == []
    shot(page, "ehc-request")
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("its clocks are running")).to_be_visible()
    # Mon 6 Jan 2025: decision by 17 Feb (6 weeks), final plan by 26 May (20 weeks; the May bank
    # holidays do not move a calendar-week clock).
    assert "17 Feb 2025" in page.locator("[data-clock='ehc_decision_to_assess']").inner_text()
    assert "26 May 2025" in page.locator("[data-clock='ehc_final_plan']").inner_text()

    page.goto(f"/send/requests/{older.pk}/")
    page.get_by_label("Reason").select_option("school_closure")
    _date(page, "From", date(2024, 7, 19))
    page.get_by_label("Note (optional)").fill(
        "Advice asked of the school in the week before the summer closure."
    )
    page.get_by_role("button", name="Record the exception").click()
    assert "the Code allows" in page.locator("[data-exceptions]").inner_text()
    timeline = page.locator("[data-timeline]").inner_text()
    assert "Done late" in timeline  # education advice 18 Nov, due 11 Nov
    assert "Overdue" in timeline  # health advice due 11 Nov
    assert axe_problems(page) == []
    shot(page, "ehc-timeline")
