"""A complaint in a real browser: received, stage 1 with its clock, extended, answered, escalated to
stage 2 and its outcome; then a compliment and a members' enquiry.

Screenshots: tests/artifacts/complaint-stage-1.png, complaint-extension.png, compliment.png,
members-enquiry.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.people.models import TeamType
from continuum.people.services import create_team
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, legend: str, d: date) -> None:  # type: ignore[no-untyped-def]
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(d.day))
    group.get_by_label("Month").fill(str(d.month))
    group.get_by_label("Year").fill(str(d.year))


def test_a_complaint_from_receipt_to_stage_2_outcome(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-01-20"
    officer = make_user("demo-complaints", roles.COMPLAINTS_OFFICER)
    officer.first_name, officer.last_name = "Cora", "Officer"
    officer.save()
    manager = make_user("cb-manager", roles.TEAM_MANAGER)
    manager.first_name, manager.last_name = "Tam", "Manager"
    manager.save()
    create_team(name="Intervention and Planning 1", team_type=TeamType.INTERVENTION_PLANNING)

    sign_in(page, "demo-complaints")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Complaints and feedback").first.click()
    page.get_by_role("link", name="Record a complaint").click()
    page.get_by_label("Statutory (Children Act 1989)").check()
    _date(page, "Date received", date(2024, 12, 2))
    page.get_by_label("Complainant's name").fill("Pat Example")
    page.get_by_label("Who is complaining?").select_option("parent")
    page.get_by_label("Category").select_option("communication")
    page.get_by_label("Service area").select_option("social_care")
    page.get_by_label("Team complained about").select_option(label="Intervention and Planning 1")
    page.get_by_label("Stage 1 response author").select_option(label="Tam Manager")
    page.get_by_label("What the complaint is about").fill("Calls to the social worker were not returned.")
    page.get_by_role("button", name="Record the complaint").click()
    expect(page.get_by_text("is recorded at stage 1")).to_be_visible()
    stage1 = page.locator("[data-stage='1']")
    # Mon 2 Dec 2024 + 10 working days = Mon 16 Dec; on 20 Jan 2025 it is overdue.
    assert "16 Dec 2024" in stage1.locator("[data-due]").inner_text()
    assert "Overdue" in stage1.locator("[data-due]").inner_text()
    assert axe_problems(page) == []
    shot(page, "complaint-stage-1")

    _date(page, "Extension agreed on", date(2024, 12, 12))
    page.get_by_label("Why is more time needed?").fill("The team manager is on leave until 16 December.")
    page.get_by_role("button", name="Extend the stage").click()
    expect(page.get_by_text("Stage 1 is extended.")).to_be_visible()
    # Extended to 20: 17-20 Dec (14), 23-24 (16), Christmas and Boxing Day, 27 (17), 30-31 (19),
    # New Year's Day, Thu 2 Jan 2025 (20).
    assert "2 Jan 2025" in stage1.locator("[data-due]").inner_text()
    assert "on leave" in stage1.locator("[data-extension]").inner_text()
    assert axe_problems(page) == []
    shot(page, "complaint-extension")

    _date(page, "Response sent on", date(2025, 1, 2))
    page.get_by_label("Partly upheld").check()
    page.get_by_label("Response letter").fill("We are sorry that calls were not returned.")
    page.get_by_role("button", name="Record the response").click()
    assert "Done on time" in stage1.locator("[data-due]").inner_text()
    assert stage1.locator("[data-outcome]").inner_text() == "Partly upheld"

    _date(page, "Escalation requested on", date(2025, 1, 6))
    page.get_by_label("Escalate to the next stage").check()
    page.get_by_label("Investigator or response author (needed to escalate)").select_option(
        label="Cora Officer"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("escalated to stage 2")).to_be_visible()
    stage2 = page.locator("[data-stage='2']")
    # Mon 6 Jan 2025 + 25 working days = Mon 10 Feb 2025.
    assert "10 Feb 2025" in stage2.locator("[data-due]").inner_text()
    _date(page, "Response sent on", date(2025, 1, 17))
    page.get_by_label("Not upheld").check()
    page.get_by_label("Response letter").fill("The independent investigation's findings.")
    page.get_by_role("button", name="Record the response").click()
    assert stage2.locator("[data-outcome]").inner_text() == "Not upheld"

    page.get_by_role("link", name="Back to complaints").click()
    page.get_by_role("link", name="Compliments").click()
    _date(page, "Date received", date(2025, 1, 14))
    page.get_by_label("Team complimented").select_option(label="Intervention and Planning 1")
    page.get_by_label("What they said").fill("Thank you for being the best social worker I have had.")
    page.get_by_role("button", name="Record the compliment").click()
    expect(page.get_by_text("The compliment to Intervention and Planning 1 is recorded.")).to_be_visible()
    assert "1" in page.locator("[data-by-team]").inner_text()
    assert axe_problems(page) == []
    shot(page, "compliment")

    page.get_by_role("link", name="Members' enquiries").click()
    _date(page, "Date received", date(2025, 1, 16))
    page.get_by_label("Councillor").fill("Cllr A Example")
    page.get_by_label("What the member asks").fill(
        "A constituent asks for an overview of the family's support."
    )
    page.get_by_role("button", name="Record the enquiry").click()
    # Thu 16 Jan 2025 + 5 working days = Thu 23 Jan.
    assert "23 Jan 2025" in page.locator("[data-due]").inner_text()
    assert "Due soon" in page.locator("[data-due]").inner_text()
    assert axe_problems(page) == []
    shot(page, "members-enquiry")
