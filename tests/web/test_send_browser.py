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
    # The new request is for another child: SEND-B1's request is still open (one a person).
    newcomer = Child.objects.create(la_child_id="SEND-B3", person_birth_date=date(2013, 4, 4))
    Allocation.objects.create(child=newcomer, team=team, start_date=date(2024, 1, 1))
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
    page.get_by_label("Record number of the child or young person").fill("SEND-B3")
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


def test_a_send_caseworker_issues_the_plan_and_records_its_annual_review(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    """Decision to issue, final plan with its sections and budget, then the annual review that amends
    it, on the 12-week clock. Screenshots: ehc-final-plan.png, ehc-annual-review.png."""
    from continuum.journey.models import CINEpisode

    settings.CONTINUUM_AS_OF = "2026-03-02"
    make_user("send-walker", roles.SEND_CASEWORKER)
    child = Child.objects.create(la_child_id="SEND-B2", person_birth_date=date(2015, 6, 6))
    CINEpisode.objects.create(child=child, cin_referral_date=date(2025, 2, 3), referral_source="1A")
    ehc = EHCRequest.objects.create(child=child, requested_by="parent", received_on=date(2025, 1, 6))
    services.record_decision_to_assess(ehc, "assess", date(2025, 2, 10))
    from django.contrib.auth.models import User

    EHCRequest.objects.filter(pk=ehc.pk).update(caseworker=User.objects.get(username="send-walker"))

    sign_in(page, "send-walker")
    page.wait_for_url("**/")
    page.goto(f"/send/requests/{ehc.pk}/")
    expect(page.locator("[data-social-care]")).to_contain_text(
        "Child in need (open referral) since 3 February 2025"
    )
    page.get_by_label("Plan to be issued").check()
    _date(page, "Date of the decision whether to issue a plan", date(2025, 4, 28))
    page.get_by_role("button", name="Record the decision to issue").click()
    expect(page.get_by_text("Decision whether to issue a plan recorded.")).to_be_visible()
    page.get_by_role("link", name="Issue the final plan").click()
    page.get_by_role("button", name="Issue the final plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the special educational needs (section B)"
    )
    _date(page, "Date the final plan was issued", date(2025, 5, 19))
    page.get_by_label("Primary need").select_option("ASD")
    page.get_by_label("Section B: special educational needs").fill("Finds changes of routine very hard.")
    page.get_by_label("Section E: outcomes").fill("Settles into Year 6 with a visual timetable.")
    page.get_by_label("Section F: special educational provision").fill("Key adult support, 10 hours a week.")
    page.get_by_label("Named setting (section I)").fill("Riverside Primary")
    page.get_by_label("Type of the named setting").select_option("resourced")
    page.get_by_role("group", name="Is the named setting outside the borough?").get_by_label("No").check()
    # Its "Yes" reveals the budget's own questions, inside its group: the first "Yes" is its own.
    page.get_by_role("group", name="Did the parent or young person ask for a personal budget?").get_by_label(
        "Yes"
    ).first.check()
    page.get_by_role("group", name="Was a personal budget agreed?").get_by_label("Yes").check()
    page.get_by_label("Personal budget a year, in pounds (optional)").fill("1800")
    assert axe_problems(page) == []
    shot(page, "ehc-final-plan")
    page.get_by_role("button", name="Issue the final plan").click()
    expect(page.locator("[data-plan]")).to_contain_text("Agreed: £1,800.00 a year")

    _date(page, "Date of the annual review meeting", date(2026, 1, 12))
    page.get_by_label("Amend the plan").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Annual review recorded.")).to_be_visible()
    # Mon 12 Jan 2026 + 12 weeks = Mon 6 Apr 2026 (Easter Monday: a calendar-week clock does not move).
    expect(page.locator("[data-reviews]")).to_contain_text("6 Apr 2026")
    expect(page.locator("[data-review-clock]")).to_contain_text("Done on time")
    assert axe_problems(page) == []
    shot(page, "ehc-annual-review")
