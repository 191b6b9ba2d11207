"""In a browser: the community safety officer signs in, records a MARAC referral from the home card and
finds it on the meeting page (screenshot marac-referral in tests/artifacts/)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import clock, roles
from tests.conftest import axe_violations, sign_in

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_records_a_referral_in_a_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    MaracMeeting.objects.create(held_on=today - timedelta(days=20))  # the cycle: the next is tomorrow
    make_user("marac-coordinator", roles.COMMUNITY_SAFETY_OFFICER)
    sign_in(page, "marac-coordinator")
    page.goto("/")
    page.get_by_role("link", name="Record a referral").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a MARAC referral")
    assert axe_violations(page) == []
    referred = today - timedelta(days=1)
    page.locator("#id_referred_on-day").fill(str(referred.day))
    page.locator("#id_referred_on-month").fill(str(referred.month))
    page.locator("#id_referred_on-year").fill(str(referred.year))
    page.get_by_label("Referring agency").select_option(label="Other")
    page.get_by_label("Name of the other agency").fill("St Mary's & Ødegård Trust")
    page.get_by_label("Risk checklist score").fill("25")
    page.get_by_label("Victim key").fill("V0042")
    page.get_by_role("button", name="Save the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("from 0 to 24")
    page.get_by_label("Risk checklist score").fill("19")
    page.get_by_role("button", name="Save the referral").click()
    referral = MaracReferral.objects.get()
    assert page.url.endswith(f"/community-safety/marac/referrals/{referral.pk}/")
    expect(page.locator("[data-repeat]")).to_contain_text("No")
    assert referral.meeting.held_on == today + timedelta(days=1)
    page.get_by_role("link", name=f"The MARAC of {referral.meeting.held_on.day}").click()
    row = page.locator(f'[data-referral="{referral.pk}"]')
    expect(row).to_contain_text("St Mary's & Ødegård Trust")
    expect(row).to_contain_text("19")
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "marac-referral.png"), full_page=True)
