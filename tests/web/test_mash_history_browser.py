"""The front door's view of history in a real browser, as the MASH practitioner (issue 18 point 8).

The practitioner opens a second contact for a child on a CP plan: before the
rating they read the child's open work, the other open contact, the last
year's contacts and referrals and the sister's status; they rate the contact
with its rationale. Checked with axe-core; screenshot tests/artifacts/mash-triage-history.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.journey.models import Contact
from tests.conftest import sign_in
from tests.web import test_mash_history as history_tests
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

mash = history_tests.mash
police = history_tests.police
known = history_tests.known


def test_practitioner_sees_history_then_rates_with_a_rationale(page, known, mash) -> None:  # type: ignore[no-untyped-def]
    contact = known["second"]
    sign_in(page, "mash-worker")
    page.wait_for_url("**/")
    page.goto(f"/mash/contacts/{contact.pk}/triage/")
    expect(page.get_by_role("heading", name="What is already known about the child")).to_be_visible()
    expect(page.get_by_text("1 other open contact awaiting a decision")).to_be_visible()
    expect(page.get_by_text("Bea Lovelace")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "mash-triage-history")
    page.locator("#id_initial_brag_0").check()
    page.get_by_label("Why this rating?").fill("Already on a child protection plan; a new injury.")
    page.get_by_role("button", name="Save the rating").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/")
    expect(page.get_by_text("Already on a child protection plan; a new injury.")).to_be_visible()
    assert axe_problems(page) == []
    assert Contact.objects.get(pk=contact.pk).brag_rationale.startswith("Already on")
