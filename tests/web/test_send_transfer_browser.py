"""Phase transfers in a real browser: the SEND caseworker's list of transfers due and overdue, a
transfer recorded on the plan, and the amended plan naming the new school by its URN.
Screenshot: tests/artifacts/ehc-phase-transfer.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.people.models import Child
from continuum.send import services
from continuum.send.models import EHCPlan
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot
from tests.web.test_send_browser import _date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(ref: str, born: date, setting: str) -> EHCPlan:
    child = Child.objects.create(la_child_id=ref, person_birth_date=born)
    return EHCPlan.objects.create(
        child=child, issued_on=date(2022, 5, 9), primary_need="SLCN", setting_name=setting,
        setting_type="mainstream", setting_urn="900101",
    )  # fmt: skip


def test_transfers_due_and_the_amended_plan_naming_the_new_school(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-03-02"
    make_user("send-transfers", roles.SEND_CASEWORKER)
    # Year 6 in 2025-26: into secondary in September 2026, the amended plan due 15 February 2026.
    late = _plan("SEND-PT1", date(2014, 11, 20), "Riverside Primary")
    services.record_transfer(late, "primary", "secondary", 2026)
    # Year 11: into post-16, due 31 March 2026 (due soon).
    college = _plan("SEND-PT2", date(2009, 12, 1), "Hillside Academy")
    services.record_transfer(college, "secondary", "post16", 2026)
    # Reception in September 2027: not due yet, not listed.
    _plan("SEND-PT3", date(2023, 1, 5), "Little Acorns Nursery")

    sign_in(page, "send-transfers")
    page.wait_for_url("**/")
    page.goto("/send/")
    page.get_by_role("link", name="Phase transfers due").click()
    table = page.locator("[data-transfers-due]")
    expect(table).to_contain_text("(2, 1 overdue)")
    expect(table.locator("[data-transfer]").nth(0)).to_contain_text("15 Feb 2026")
    expect(table.locator("[data-transfer]").nth(0)).to_contain_text("Overdue")
    expect(table.locator("[data-transfer]").nth(1)).to_contain_text("31 Mar 2026")
    expect(table.locator("[data-transfer]").nth(1)).to_contain_text("Due soon")
    expect(table).not_to_contain_text("SEND-PT3")
    assert axe_problems(page) == []
    shot(page, "ehc-phase-transfer")

    # On the late plan: record the amended plan naming the new school, a wrong URN refused first.
    table.get_by_role("link", name=f"Plan {late.pk}").click()
    expect(page.locator("[data-transfers]")).to_contain_text("Primary school to secondary school")
    form = page.locator("form[data-form='transfer_issued']")
    form.get_by_label("Transfer").select_option(index=1)
    _date(page, "Date the amended plan for the transfer was issued", date(2026, 2, 20))
    form.get_by_label("New setting the amended plan names").fill("Northgate Academy")
    form.get_by_label("Type of the new setting (optional)").select_option("mainstream")
    form.get_by_label("URN of the named setting (optional)").fill("90012")
    form.get_by_role("button", name="Record the amended plan for the transfer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A URN is 6 digits")
    page.locator("form[data-form='transfer_issued']").get_by_label(
        "URN of the named setting (optional)"
    ).fill("900123")
    page.locator("form[data-form='transfer_issued']").get_by_role(
        "button", name="Record the amended plan for the transfer"
    ).click()
    expect(page.get_by_text("the plan now names the new setting")).to_be_visible()
    row = page.locator("[data-transfers] [data-transfer]")
    expect(row).to_contain_text("Done late")  # 20 February, after the 15th
    expect(row).to_contain_text("Northgate Academy, URN 900123")
    expect(page.locator("[data-plan]")).to_contain_text("Northgate Academy (Mainstream school), URN 900123")
    assert axe_problems(page) == []
    # Off the list once done.
    page.goto("/send/transfers/")
    expect(page.locator("[data-transfers-due]")).not_to_contain_text("SEND-PT1")
