"""The SEND final plan's personal budget in a real browser: "Was a personal budget agreed?" and the
amount are revealed by "Yes, a budget was asked for" and hidden again by "No" (GOV.UK Frontend's
radios script, driven by the form's ``reveals``); with JavaScript off they are simply shown.
Screenshot: tests/artifacts/ehc-final-plan-budget-revealed.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.people.models import Child
from continuum.send.models import EHCRequest
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKED = "Did the parent or young person ask for a personal budget?"
AGREED = "Was a personal budget agreed?"


def _final_plan_due(caseworker) -> EHCRequest:  # type: ignore[no-untyped-def]
    """A request decided to issue, its draft sent 16 Dec 2024: the final plan's page opens."""
    child = Child.objects.create(la_child_id="SEND-R1", person_birth_date=date(2014, 2, 2))
    return EHCRequest.objects.create(
        child=child,
        requested_by="parent",
        received_on=date(2024, 9, 2),
        assess_decision="assess",
        assess_decided_on=date(2024, 10, 7),
        issue_decision="issue",
        issue_decided_on=date(2024, 12, 9),
        draft_issued_on=date(2024, 12, 16),
        caseworker=caseworker,
        version=4,
    )


def test_yes_reveals_the_budget_questions_and_no_hides_them(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-01-10"
    ehc = _final_plan_due(make_user("send-reveal", roles.SEND_CASEWORKER))
    sign_in(page, "send-reveal")
    page.wait_for_url("**/")
    page.goto(f"/send/requests/{ehc.pk}/final/")

    asked = page.get_by_role("group", name=ASKED)
    yes, no = asked.get_by_label("Yes", exact=True).first, asked.get_by_label("No", exact=True).last
    agreed = page.get_by_role("group", name=AGREED)
    amount = page.get_by_label("Personal budget a year, in pounds (optional)")
    # Not yet answered: hidden, and the script has turned data-aria-controls into aria-controls.
    expect(agreed).to_be_hidden()
    expect(amount).to_be_hidden()
    expect(yes).to_have_attribute("aria-controls", "conditional-id_budget_requested_0")
    expect(yes).to_have_attribute("aria-expanded", "false")

    yes.check()
    expect(agreed).to_be_visible()
    expect(amount).to_be_visible()
    expect(yes).to_have_attribute("aria-expanded", "true")
    agreed.get_by_label("Yes").check()
    amount.fill("1800")
    assert axe_problems(page) == []
    shot(page, "ehc-final-plan-budget-revealed")

    no.check()
    expect(agreed).to_be_hidden()
    expect(amount).to_be_hidden()
    expect(yes).to_have_attribute("aria-expanded", "false")


def test_without_javascript_the_budget_questions_are_shown(browser, live_server, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-01-10"
    ehc = _final_plan_due(make_user("send-no-script", roles.SEND_CASEWORKER))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "send-no-script")
        page.wait_for_url("**/")
        page.goto(f"/send/requests/{ehc.pk}/final/")
        expect(page.get_by_role("group", name=AGREED)).to_be_visible()
        expect(page.get_by_label("Personal budget a year, in pounds (optional)")).to_be_visible()
    finally:
        context.close()
