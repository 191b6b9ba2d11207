"""The partnership's standing business in a real browser: the business manager changes the membership
and adopts new terms of reference, records partners' contributions and spending, adds a course and
books a delegate who attends and evaluates it, starts the annual
report and gives a chapter to a partner member; the member finds it in "My actions", drafts and submits
it; the manager approves it and assembles the report (HTML, PDF, Word).

Screenshots: tests/artifacts/membership.png, budget.png, training-course.png, annual-report.png,
chapter.png.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from continuum.core import roles
from tests.conftest import sign_in
from tests.partnership.board import make_board
from tests.web.test_casework_browser import fill_date
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_membership_budget_and_annual_report(browser, live_server, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-05-10"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    manager.first_name, manager.last_name = "Maya", "Manager"
    manager.save()
    member = make_user("cath-nurse", roles.PARTNER_MEMBER)
    member.first_name, member.last_name = "Cath", "Nurse"
    member.save()
    body = make_board(manager, member)

    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "business-manager")
    page.wait_for_url("**/")
    page.goto(f"/partnership/bodies/{body.pk}/")
    page.get_by_role("link", name="Membership and terms").click()
    page.get_by_label("Name", exact=True).fill("Gil Gardner")
    fill_date(page, "joined_on", date(2026, 4, 1))
    page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_role("link", name="Enter the member's organisation")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Gil Gardner")
    page.get_by_label("Organisation").fill("Probation Service")
    page.locator("#id_role").fill("Head of public protection")
    page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_role("rowheader", name="Gil Gardner")).to_be_visible()
    eve = page.locator("details", has_text="Change or end Eve Head's seat")
    eve.get_by_text("Change or end Eve Head's seat").click()
    for part, typed in (("Day", "30"), ("Month", "4"), ("Year", "2026")):
        eve.get_by_label(part, exact=True).fill(typed)
    eve.get_by_role("button", name="End the seat").click()
    expect(page.get_by_role("table", name="Former members")).to_contain_text("Eve Head")
    page.get_by_label("Terms of reference").fill("The board coordinates and assures safeguarding.")
    fill_date(page, "adopted_on", date(2026, 4, 15))
    page.get_by_role("button", name="Adopt the new version").click()
    expect(page.get_by_text("Version 1, adopted 15 April 2026 (in force)")).to_be_visible()
    page.get_by_label("Terms of reference").fill("The board coordinates, assures and challenges.")
    fill_date(page, "adopted_on", date(2026, 5, 1))
    page.get_by_role("button", name="Adopt the new version").click()
    expect(page.get_by_text("Version 2, adopted 1 May 2026 (in force)")).to_be_visible()
    expect(page.get_by_text("Version 1, adopted 15 April 2026", exact=True)).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "membership")

    page.get_by_role("link", name="Budget").click()
    page.locator("#id_year").fill("2025")
    page.get_by_label("Partner organisation").fill("Police")
    page.get_by_label("Amount in pounds").first.fill("five thousand")
    page.get_by_role("button", name="Record the contribution").click()
    expect(
        page.get_by_role("link", name="Enter the amount in whole pounds, for example 12500")
    ).to_be_visible()
    page.get_by_label("Amount in pounds").first.fill("5,000")
    page.get_by_role("button", name="Record the contribution").click()
    expect(page.get_by_role("rowheader", name="Police")).to_be_visible()
    page.get_by_label("Partner organisation").fill("Council")
    page.get_by_label("Amount in pounds").first.fill("109400")
    page.get_by_role("button", name="Record the contribution").click()
    page.get_by_label("Spending line").fill("Business unit staff")
    page.locator("#id_spend_amount").fill("120000")
    page.get_by_role("button", name="Record the spending").click()
    expect(page.locator("[data-income]")).to_have_text("£114,400")
    expect(page.locator("[data-balance]")).to_have_text("-£5,600")
    assert axe_problems(page) == []
    shot(page, "budget")

    page.goto("/partnership/training/")
    page.get_by_label("Title").fill("Neglect: recognising and responding")
    for part, typed in (("day", "31"), ("month", "2"), ("year", "2026")):
        page.locator(f"#id_held_on-{part}").fill(typed)
    page.get_by_role("button", name="Add the course").click()
    refused = page.get_by_role(
        "link", name="The date of the course must be a real date: February 2026 has 28 days"
    )
    expect(refused).to_be_visible()
    expect(page.locator("#id_held_on-day")).to_have_value("31")
    expect(page.get_by_label("Title")).to_have_value("Neglect: recognising and responding")
    assert axe_problems(page) == []
    refused.click()
    expect(page.locator("#id_held_on-day")).to_be_focused()
    fill_date(page, "held_on", date(2026, 4, 28))
    page.get_by_label("Places").fill("12")
    page.get_by_role("button", name="Add the course").click()
    expect(page.get_by_role("heading", name="Neglect: recognising and responding")).to_be_visible()
    page.get_by_label("Name").fill("Ravi Singh")
    page.get_by_label("Organisation").fill("Oakfield Primary School")
    page.get_by_label("Agency").select_option(label="Education")
    page.get_by_role("button", name="Book the delegate").click()
    page.get_by_label("Ravi Singh attended").check()
    page.get_by_label("Evaluation by Ravi Singh").select_option("4")
    page.get_by_role("button", name="Save attendance and evaluations").click()
    expect(page.get_by_text("4.0 out of 5 on average")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "training-course")
    page.goto(f"/partnership/bodies/{body.pk}/")
    page.get_by_role("link", name="Annual reports").click()
    page.get_by_label("Financial year (the year it starts)").fill("2025")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", name="Annual report 2025/26")).to_be_visible()
    page.get_by_label("Title").fill("Update from community health")
    page.get_by_label("Partner (for a partner's update").fill("Community health trust")
    page.get_by_label("Written by").select_option(label="Cath Nurse")
    fill_date(page, "due_on", date(2026, 6, 30))
    page.get_by_role("button", name="Give the chapter").click()
    expect(page.get_by_role("link", name="1. Update from community health")).to_be_visible()
    page.get_by_role("button", name="Assemble the report").click()
    expect(page.get_by_role("link", name="Every chapter must be approved")).to_be_visible()
    report_url = page.url

    author = browser.new_context(base_url=live_server.url).new_page()
    author.set_default_timeout(20_000)
    sign_in(author, "cath-nurse")
    author.wait_for_url("**/")
    author.goto("/actions/")
    author.get_by_role("link", name="Write the chapter").first.click()
    author.wait_for_url("**/actions/*/")
    author.get_by_role("link", name="Annual report 2025/26").click()
    author.wait_for_url("**/partnership/chapters/*/")
    author.get_by_label("The chapter").fill(
        "Community health trained 300 staff.\n\nSafeguarding supervision reached every team."
    )
    author.get_by_role("button", name="Save the draft").click()
    expect(author.get_by_text("Version 1,")).to_be_visible()
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator("#chapter-state")).to_have_text("Awaiting review")
    assert axe_problems(author) == []
    shot(author, "chapter")

    page.goto(report_url)
    page.get_by_role("link", name="1. Update from community health").click()
    page.get_by_role("button", name="Approve the chapter").click()
    expect(page.locator("#chapter-state")).to_contain_text("Approved")
    page.goto(report_url)
    page.get_by_role("button", name="Assemble the report").click()
    expect(page.locator("#assembled")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "annual-report")
    pdf = page.request.get(report_url + "report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Safeguarding supervision reached every team." in text
    assert "£114,400" in text
