"""Partnership business in a real browser: the business manager builds an agenda, attaches a
Performance Matters report at its version and a PDF paper, publishes the pack; a member reads it;
minutes with attendance and an action are recorded; the next meeting approves them and the open
action is on its action log.

Screenshots: tests/artifacts/meeting-agenda.png, meeting-pack.png, minutes.png, attendance.png,
action-log.png.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from continuum.core import roles
from continuum.partnership import services
from continuum.partnership.models import Meeting
from continuum.publishing.models import ReportVersion
from tests.conftest import sign_in
from tests.partnership.board import make_board, meeting, seat
from tests.partnership.test_pack import pdf_of
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agenda_pack_minutes_and_action_log(
    browser, live_server, make_user, settings, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)
    settings.CONTINUUM_REPORT_DIR = tmp_path
    settings.CONTINUUM_AS_OF = "2012-05-10"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    manager.first_name, manager.last_name = "Maya", "Manager"
    manager.save()
    member = make_user("cath-nurse", roles.PARTNER_MEMBER)
    member.first_name, member.last_name = "Cath", "Nurse"
    member.save()
    body = make_board(manager, member)
    last = meeting(body, 2012, 2, 9)
    old = services.add_item(last, title="Positive for Youth", presenter="Youth Support Service")
    services.write_minute(old, text="The youth offer was presented.", decision="Noted", by=manager)
    for name in ("Ann Chair", "Bob Director", "Cath Nurse", "Dan Inspector"):
        services.record_attendance(last, seat(body, name), status="present")
    services.record_attendance(last, seat(body, "Eve Head"), status="apologies")
    now = meeting(body, 2012, 5, 17)
    following = meeting(body, 2012, 9, 20)
    report = ReportVersion.objects.create(
        kind="performance-matters",
        period="2012-04",
        number=3,
        status="ready",
        files={"pdf": "report.pdf"},
        published_at=timezone.now(),
    )
    report.folder.mkdir(parents=True)
    (report.folder / "report.pdf").write_bytes(pdf_of("Performance Matters April 2012"))
    paper = tmp_path / "tender.pdf"
    paper.write_bytes(pdf_of("EXEMPTTENDERTEXT"))

    manager_page = browser.new_context(base_url=live_server.url).new_page()
    manager_page.set_default_timeout(20_000)
    page = manager_page
    sign_in(page, "business-manager")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Partnership business").first.click()
    page.get_by_role("link", name="Children's Trust Board", exact=True).click()
    page.get_by_role("link", name="17 May 2012").click()
    for title, presenter, minutes in (
        ("Performance Matters", "Head of performance", "15"),
        ("Commissioning", "Director", "20"),
    ):
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("Presenter").fill(presenter)
        page.get_by_label("Minutes allowed").fill(minutes)
        if title == "Commissioning":
            page.get_by_label("Exempt (taken in private)").check()
            page.get_by_label("Exemption category").select_option("3")
            page.get_by_label("Purpose").select_option("decision")
        page.get_by_role("button", name="Add the item").click()
    page.get_by_label("Report at the version chosen").select_option(str(report.pk))
    page.get_by_role("button", name="Attach the report").click()
    page.locator("#id_item").select_option(label="2. Commissioning")
    page.get_by_label("Paper title").fill("Tender evaluation")
    page.get_by_label("File").set_input_files(str(paper))
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="Performance Matters April 2012, version 3")).to_be_visible()
    expect(page.get_by_role("link", name="Tender evaluation")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "meeting-agenda")
    page.get_by_role("button", name="Publish the pack").click()
    page.get_by_role("link", name="Read the meeting pack").click()
    expect(
        page.get_by_role("cell", name="Item 1: Performance Matters April 2012, version 3").first
    ).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "meeting-pack")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.set_default_timeout(20_000)
    sign_in(reader, "cath-nurse")
    reader.wait_for_url("**/")
    reader.goto(f"/partnership/meetings/{now.pk}/pack/")
    expect(reader.get_by_role("heading", name="Members' pack (with exempt items)")).to_be_visible()
    public = reader.request.get(f"/partnership/meetings/{now.pk}/pack/public.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(public.body())).pages)
    assert "Performance Matters April 2012" in text
    assert "EXEMPTTENDERTEXT" not in text

    page.goto(f"/partnership/meetings/{now.pk}/minutes/")
    page.get_by_role("button", name="Approve the minutes of 9 February 2012 as a correct record").click()
    for name, status in (
        ("Ann Chair", "present"),
        ("Bob Director", "present"),
        ("Cath Nurse", "apologies"),
        ("Dan Inspector", "present"),
        ("Eve Head", "absent"),
        ("Fay Officer", "present"),
    ):
        page.get_by_label(f"Attendance of {name}").select_option(status)
    page.get_by_label("Declaration by Ann Chair").fill("Governor of a school bidding for the contract")
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Write the minutes of item 1").click()
    page.locator("textarea[name=text]").first.fill("The board reviewed the April figures; re-referrals rose.")
    page.get_by_label("Decision").first.fill("Refer re-referrals to the QA sub-group")
    page.get_by_role("button", name="Save the minutes").first.click()
    page.get_by_text("Set an action from item 1").click()
    page.get_by_label("Action", exact=True).first.fill("Bring a re-referral audit to the next meeting")
    page.get_by_label("Owner").first.select_option(label="Cath Nurse")
    for part, value in (("day", "1"), ("month", "9"), ("year", "2012")):
        page.locator(f"[id$='-due-{part}']").first.fill(value)
    page.get_by_role("button", name="Set the action").first.click()
    expect(page.get_by_text("Action: Bring a re-referral audit to the next meeting")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "minutes")
    last.refresh_from_db()
    assert last.minutes_approved_at == Meeting.objects.get(pk=now.pk)

    page.goto(f"/partnership/meetings/{following.pk}/minutes/")
    page.get_by_role("button", name="Approve the minutes of 17 May 2012 as a correct record").click()
    expect(page.get_by_role("cell", name="Bring a re-referral audit to the next meeting")).to_be_visible()
    page.get_by_role("link", name="Action log").click()
    expect(page.get_by_role("cell", name="Bring a re-referral audit to the next meeting")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "action-log")
    page.get_by_role("link", name="Attendance").click()
    expect(page.get_by_role("row", name="Council 2012 5 5 100%")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "attendance")
    assert date(2012, 9, 20) == following.starts_at.date()
