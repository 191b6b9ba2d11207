"""Membership, budget and annual report pages through the test client: who may read and change what,
and refusals said in words with what was typed kept (status 400), never a traceback."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from continuum.core import roles
from continuum.partnership import annual
from continuum.partnership.models import Body, Course
from tests.partnership.board import make_board
from tests.web.test_day_boxes_plan_and_minutes import _boxes

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-05-01"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    member = make_user("member", roles.PARTNER_MEMBER)
    outsider = make_user("outsider", roles.PARTNER_MEMBER)
    officer = make_user("officer", roles.SOCIAL_WORKER)
    body = make_board(manager, member)
    Body.objects.create(name="Other Board", kind="board")
    report = annual.start_report(body, year=2025)
    chapter = annual.add_chapter(report, title="Health", owner=member, due_on=date(2026, 6, 1), by=manager)
    return {
        "manager": manager,
        "member": member,
        "outsider": outsider,
        "officer": officer,
        "body": body,
        "report": report,
        "chapter": chapter,
    }


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _pages(s) -> list[str]:  # type: ignore[no-untyped-def]
    b = s["body"].pk
    return [
        f"/partnership/bodies/{b}/membership/",
        f"/partnership/bodies/{b}/budget/",
        f"/partnership/bodies/{b}/annual-reports/",
        f"/partnership/annual-reports/{s['report'].pk}/",
        f"/partnership/chapters/{s['chapter'].pk}/",
    ]


def test_members_read_outsiders_do_not(setting) -> None:  # type: ignore[no-untyped-def]
    member, outsider, officer = _as(setting["member"]), _as(setting["outsider"]), _as(setting["officer"])
    for url in _pages(setting):
        assert member.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 403, url
        assert officer.get(url).status_code == 403, url
    page = member.get(_pages(setting)[0]).content.decode()
    assert "Add the member" not in page
    assert "Cath Nurse" in page


def test_only_the_business_manager_changes(setting) -> None:  # type: ignore[no-untyped-def]
    member = _as(setting["member"])
    b = setting["body"].pk
    assert member.post(f"/partnership/bodies/{b}/membership/", {"do": "add", "name": "X"}).status_code == 403
    assert member.post(f"/partnership/bodies/{b}/budget/", {"do": "contribution"}).status_code == 403
    assert (
        member.post(f"/partnership/annual-reports/{setting['report'].pk}/", {"do": "assemble"}).status_code
        == 403
    )


def test_membership_form_errors_and_success(setting) -> None:  # type: ignore[no-untyped-def]
    manager = _as(setting["manager"])
    url = f"/partnership/bodies/{setting['body'].pk}/membership/"
    bad = manager.post(
        url,
        {
            "do": "add",
            "name": "Gil <b>Gardner</b>",
            "organisation": "",
            **_boxes("joined_on", "1", "4", "2026"),
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter the member&#x27;s organisation" in text
    assert "Gil &lt;b&gt;Gardner&lt;/b&gt;" in text
    assert (
        manager.post(
            url,
            {
                "do": "add",
                "name": "Gil",
                "organisation": "Probation",
                **_boxes("joined_on", "1", "April", ""),
            },
        ).status_code
        == 400
    )
    ok = manager.post(
        url,
        {"do": "add", "name": "Gil", "organisation": "Probation", **_boxes("joined_on", "1", "4", "2026")},
    )
    assert ok.status_code == 302
    assert (
        manager.post(
            url, {"do": "terms", "text": "New terms", **_boxes("adopted_on", "2", "4", "2026")}
        ).status_code
        == 302
    )
    assert (
        manager.post(
            url, {"do": "terms", "text": "Newer terms", **_boxes("adopted_on", "20", "4", "2026")}
        ).status_code
        == 302
    )
    refused = manager.post(url, {"do": "terms", "text": "Newest", **_boxes("adopted_on", "1", "1", "2020")})
    assert refused.status_code == 400
    assert "cannot be before version 2" in refused.content.decode()
    assert list(setting["body"].terms.values_list("version", flat=True)) == [1, 2]


def test_budget_form(setting) -> None:  # type: ignore[no-untyped-def]
    manager = _as(setting["manager"])
    url = f"/partnership/bodies/{setting['body'].pk}/budget/"
    bad = manager.post(
        url, {"do": "contribution", "year": "2025", "organisation": "Police", "amount": "12.5"}
    )
    assert bad.status_code == 400
    assert "whole pounds" in bad.content.decode()
    assert (
        manager.post(
            url, {"do": "contribution", "year": "2025", "organisation": "Police", "amount": "£12,500"}
        ).status_code
        == 302
    )
    assert (
        manager.post(
            url, {"do": "spending", "year": "2025", "line": "Training", "amount": "2500"}
        ).status_code
        == 302
    )
    page = manager.get(url + "?year=2025").content.decode()
    assert "£12,500" in page
    assert "£10,000" in page


def test_chapter_author_writes_others_read(setting) -> None:  # type: ignore[no-untyped-def]
    url = f"/partnership/chapters/{setting['chapter'].pk}/"
    member, manager = _as(setting["member"]), _as(setting["manager"])
    assert member.post(url, {"do": "draft", "text": ""}).status_code == 400
    # Each saved form says what it did on the page it returns to.
    saved = member.post(url, {"do": "draft", "text": "Our year."}, follow=True)
    assert "Draft saved as a new version." in saved.content.decode()
    submitted = member.post(url, {"do": "submit"}, follow=True)
    assert "Chapter submitted for review." in submitted.content.decode()
    assert member.post(url, {"do": "approve"}).status_code == 403
    assert "Approve the chapter" in manager.get(url).content.decode()
    assert "Chapter approved." in manager.post(url, {"do": "approve"}, follow=True).content.decode()
    report = f"/partnership/annual-reports/{setting['report'].pk}/"
    assert manager.get(report + "report.pdf").status_code == 404
    assembled = manager.post(report, {"do": "assemble"}, follow=True)
    assert "Report assembled: HTML, PDF and Word are ready." in assembled.content.decode()
    for fmt in ("html", "pdf", "docx"):
        assert member.get(report + f"report.{fmt}").status_code == 200
    assert _as(setting["outsider"]).get(report + "report.pdf").status_code == 403


def test_schedule_a_meeting(setting) -> None:  # type: ignore[no-untyped-def]
    url = f"/partnership/bodies/{setting['body'].pk}/"
    manager = _as(setting["manager"])
    bad = manager.post(url, {**_boxes("day", "9", "7", "2026"), "time": "2pm", "place": "Room 1"})
    assert bad.status_code == 400
    assert "Enter the time the meeting starts" in bad.content.decode()
    assert (
        manager.post(url, {**_boxes("day", "9", "7", "2026"), "time": "14:00", "place": " "}).status_code
        == 400
    )
    made = manager.post(url, {**_boxes("day", "9", "7", "2026"), "time": "14:00", "place": "Room 1"})
    assert made.status_code == 302
    meeting = setting["body"].meetings.get()
    assert made["Location"] == f"/partnership/meetings/{meeting.pk}/"
    assert (meeting.starts_at.hour, meeting.starts_at.minute) == (13, 0)  # 14:00 British Summer Time
    assert _as(setting["member"]).post(url, _boxes("day", "9", "7", "2026")).status_code == 403


def test_training_courses_bookings_and_attendance(setting) -> None:  # type: ignore[no-untyped-def]
    manager, member = _as(setting["manager"]), _as(setting["member"])
    bad = manager.post(
        "/partnership/training/",
        {"title": "Neglect", **_boxes("held_on", "next", "week", "2026"), "capacity": "2"},
    )
    assert bad.status_code == 400
    assert "The date of the course must be a real date, written in numbers" in bad.content.decode()
    made = manager.post(
        "/partnership/training/",
        {"title": "Neglect", **_boxes("held_on", "20", "4", "2026"), "capacity": "2"},
    )
    assert made.status_code == 302
    url = made["Location"]
    assert member.post(url, {"do": "book", "name": "A", "agency": "police"}).status_code == 403
    for name, agency in (("Ann Able", "police"), ("Ben Bell", "health")):
        assert manager.post(url, {"do": "book", "name": name, "agency": agency}).status_code == 302
    full = manager.post(url, {"do": "book", "name": "Cy", "agency": "health"})
    assert full.status_code == 400
    assert "The course is full (2 places)" in full.content.decode()
    course = Course.objects.get()
    ann, ben = course.bookings.order_by("name")
    refused = manager.post(url, {"do": "attendance", f"evaluation-{ben.pk}": "4"})
    assert "Only a delegate who attended" in refused.content.decode()
    ok = manager.post(url, {"do": "attendance", f"attended-{ann.pk}": "yes", f"evaluation-{ann.pk}": "5"})
    assert ok.status_code == 302
    assert manager.post(url, {"do": "qa"}).status_code == 302
    page = member.get(url).content.decode()
    assert "5.0 out of 5 on average" in page
    assert "Book the delegate" not in page
    table = member.get("/partnership/training/?year=2026").content.decode()
    assert "Neglect" in table
