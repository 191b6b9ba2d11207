"""The front door in a real browser: a police officer's contact becomes a referral to duty and assessment.

Each page is checked with axe-core, and the contact form is filled in and sent
with the keyboard alone, as someone who cannot use a mouse would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from continuum.core import roles
from continuum.journey.models import CINEpisode, Contact
from continuum.people.models import Allocation, TeamType
from continuum.people.services import create_team
from tests.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_problems(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core's violations (tests.conftest.axe_violations, which leaves out GOV.UK Frontend's
    known ``aria-expanded`` on a revealing input); the name many browser tests import."""
    return axe_violations(page)


def tab_to(page, element_id: str, limit: int = 250) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element has focus: the only way a keyboard user gets there."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def type_into(page, element_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    tab_to(page, element_id)
    page.keyboard.type(text)


def test_police_contact_to_referral_allocated_to_duty_and_assessment(page, make_user) -> None:  # type: ignore[no-untyped-def]
    team = create_team(name="Duty and Assessment", team_type=TeamType.DUTY_ASSESSMENT)
    make_user("police-officer", roles.PARTNER_POLICE)
    make_user("mash-worker", roles.MASH_PRACTITIONER)

    # 1. The police officer opens the front door from the home page.
    sign_in(page, "police-officer")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Front door (MASH)").first.click()
    page.get_by_role("link", name="Make a new contact").click()
    page.wait_for_url("**/mash/contacts/new/")
    assert axe_problems(page) == []

    # A failed send shows the error summary, which is accessible too.
    page.get_by_role("button", name="Send contact").click()
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "mash-contact-errors")

    # 2. Fill in and send the contact with the keyboard only.
    page.goto("/mash/contacts/new/")
    tab_to(page, "id_referral_source")
    page.keyboard.type("Police")
    type_into(page, "id_referrer_name", "PC Synthetic Officer")
    type_into(page, "id_referrer_organisation", "Synthetic Constabulary")
    type_into(page, "id_referrer_phone", "01632 960 001")
    type_into(page, "id_child_first_name", "Aleksandr")
    type_into(page, "id_child_last_name", "Testchild")
    type_into(page, "id_child_birth_date-day", "14")
    type_into(page, "id_child_birth_date-month", "7")
    type_into(page, "id_child_birth_date-year", "2014")
    tab_to(page, "id_child_sex_0")
    page.keyboard.press("Space")
    type_into(page, "id_concerns", "Synthetic: officers attended a domestic incident; child present.")
    tab_to(page, "id_consent_0")
    page.keyboard.press("ArrowDown")  # "Consent dispensed with": reveals the rationale box
    expect(page.locator("#id_consent_dispensed_rationale")).to_be_visible()
    type_into(page, "id_consent_dispensed_rationale", "Synthetic: seeking consent could increase risk.")
    assert page.evaluate("document.activeElement.id") == "id_consent_dispensed_rationale"
    shot(page, "mash-contact-form")
    tab_to(page, "id_sibling-0-first_name")
    for _ in range(4):  # past the sibling's boxes and "Add another sibling" to "Send contact"
        page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.textContent.trim()") != "Send contact":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/mash/contacts/\d+/$"))
    contact = Contact.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == f"Contact {contact.pk}"
    assert "Awaiting a decision" in page.content()
    assert "Testchild" not in page.content()  # partners see the outcome only
    assert axe_problems(page) == []
    shot(page, "mash-contact-sent")

    # 3. The MASH practitioner sees it in the queue and decides "referral to social care".
    page.context.clear_cookies()
    sign_in(page, "mash-worker")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Front door (MASH)").first.click()
    page.wait_for_url("**/mash/")
    row = page.locator("tr", has_text="Aleksandr Testchild")
    assert "Not yet rated" in row.inner_text()
    assert "Due" in row.inner_text() or "left" in row.inner_text()
    assert axe_problems(page) == []
    shot(page, "mash-queue")
    page.get_by_role("link", name=f"Open contact {contact.pk}").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/")
    assert "PC Synthetic Officer" in page.content()
    assert "Synthetic Constabulary" in page.content()
    assert axe_problems(page) == []
    shot(page, "mash-contact-page")

    # Triage: the initial rating, before any checks.
    page.get_by_role("link", name="Give the initial BRAG rating").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/triage/")
    assert axe_problems(page) == []
    page.locator("#id_initial_brag_1").check()  # Amber
    page.get_by_label("Why this rating?").fill("Bruising seen at school; no earlier contacts.")
    page.get_by_role("button", name="Save the rating").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/")
    assert "Initial BRAG rating: Amber" in page.content()

    # A partner check, refused once (errors are accessible too), then added.
    page.get_by_role("link", name="Add a partner check").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/partner-checks/new/")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Add the check").click()
    assert page.title().startswith("Error:")
    assert axe_problems(page) == []
    shot(page, "mash-partner-check-errors")
    today = timezone.localdate()
    page.get_by_label("Agency", exact=True).select_option("police")
    page.locator("#id_checked_on-day").fill(str(today.day))
    page.locator("#id_checked_on-month").fill(str(today.month))
    page.locator("#id_checked_on-year").fill(str(today.year))
    page.get_by_label("Summary of what the agency said").fill("Synthetic: two previous call-outs.")
    page.get_by_role("button", name="Add the check").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/")
    assert "Synthetic: two previous call-outs." in page.content()

    # The decision: final rating, outcome and rationale.
    page.get_by_role("link", name="Record the MASH decision").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/decision/")
    assert axe_problems(page) == []
    page.locator("#id_final_brag_0").check()  # Red
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Rationale for the decision").fill("Synthetic: repeated incidents; needs assessment.")
    shot(page, "mash-decision")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url("**/mash/")
    assert "A referral was opened and allocated to Duty and Assessment" in page.content()
    assert axe_problems(page) == []

    # 4. A CIN episode exists, allocated to duty and assessment and to no worker yet.
    episode = CINEpisode.objects.get(child=contact.child)
    assert episode.contact_id == contact.pk
    allocation = Allocation.objects.get(child=contact.child)
    assert allocation.team == team
    assert allocation.worker is None
