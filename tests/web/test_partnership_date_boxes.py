"""The partnership business pages ask dates as GOV.UK day, month and year boxes, not one YYYY-MM-DD box:
a meeting's date, a course's date, a chapter's due date, the date a member joined and the date terms
were adopted. Each refusal names its field, links from the error summary to the box to fix, and keeps
what was typed. Known answers worked by hand, with today 1 May 2026:

- a meeting typed 31 / 3 / 2026 at 10:00 is listed as "31 March 2026" (10:00 British Summer Time is
  09:00 UTC, the same day);
- February 2026 has 28 days (2026 is no leap year), April and June 2026 have 30;
- terms adopted on 15 April 2026 (version 1): a version adopted 14 April 2026 is refused, one adopted
  15 April 2026 (the same day) is not;
- a chapter due 30 April 2026 is due yesterday, refused; one due 1 May 2026 is due today, accepted;
- a member who joined on 15 April 2026 cannot have left on 14 April 2026 (the day before) nor on
  2 May 2026 (tomorrow); leaving on 30 April 2026 ends the seat, listed as left "30 Apr 2026".
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from continuum.actions.models import Action
from continuum.core import roles
from continuum.partnership import annual, services
from continuum.partnership.models import Course
from continuum.web.actions.forms import PAST_DUE
from tests.partnership.board import make_board
from tests.web.test_day_boxes_plan_and_minutes import _boxes

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-05-01"
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    member = make_user("member", roles.PARTNER_MEMBER)
    body = make_board(manager, member)
    client = Client()
    client.force_login(manager)
    return {"client": client, "body": body, "member": member}


def _box(html: str, name: str, value: str) -> bool:
    """Whether the page has the box ``name`` holding ``value`` (as typed, kept after an error)."""
    return f'name="{name}" type="text" inputmode="numeric" value="{value}"' in html


def _marked(html: str, box_id: str) -> bool:
    """Whether the box with id ``box_id`` is drawn as in error."""
    return "govuk-input--error" in html.split(f'id="{box_id}"')[0].rsplit("<input", 1)[1]


def test_a_meeting_dated_in_boxes_is_listed_on_that_day(board) -> None:  # type: ignore[no-untyped-def]
    client, body = board["client"], board["body"]
    url = f"/partnership/bodies/{body.pk}/"
    page = client.get(url).content.decode()
    assert 'id="id_day-day" name="day-day"' in page
    assert "2026-03-31" not in page
    made = client.post(url, {**_boxes("day", "31", "3", "2026"), "time": "10:00", "place": "Room 1"})
    assert made.status_code == 302
    meeting = body.meetings.get()
    assert meeting.starts_at.date() == date(2026, 3, 31)
    assert ">31 March 2026</a>" in client.get(url).content.decode()


def test_a_meeting_on_31_february_is_refused_naming_the_field(board) -> None:  # type: ignore[no-untyped-def]
    client, body = board["client"], board["body"]
    url = f"/partnership/bodies/{body.pk}/"
    bad = client.post(url, {**_boxes("day", "31", "2", "2026"), "time": "10:00", "place": "Room 1"})
    assert bad.status_code == 400
    message = "The date of the meeting must be a real date: February 2026 has 28 days"
    assert bad.context["errors"] == [("id_day-day", message)]
    html = bad.content.decode()
    assert f'<a href="#id_day-day">{message}</a>' in html
    assert _marked(html, "id_day-day")
    assert not _marked(html, "id_day-month")
    assert _box(html, "day-day", "31")
    assert _box(html, "day-month", "2")
    assert _box(html, "day-year", "2026")
    assert 'value="Room 1"' in html
    assert "Traceback" not in html
    assert not body.meetings.exists()
    empty = client.post(url, {"time": "10:00", "place": "Room 1"})
    assert empty.context["errors"] == [("id_day-day", "Enter the date of the meeting")]


def test_terms_adopted_before_the_version_in_force_are_refused(board) -> None:  # type: ignore[no-untyped-def]
    client, body = board["client"], board["body"]
    url = f"/partnership/bodies/{body.pk}/membership/"
    first = client.post(
        url, {"do": "terms", "text": "Version one", **_boxes("adopted_on", "15", "4", "2026")}
    )
    assert first.status_code == 302
    assert body.terms.get().adopted_on == date(2026, 4, 15)
    earlier = {"do": "terms", "text": "Version two", **_boxes("adopted_on", "14", "4", "2026")}
    refused = client.post(url, earlier)
    assert refused.status_code == 400
    message = "The date adopted cannot be before version 1 (15 Apr 2026)"
    assert refused.context["errors"] == [("id_adopted_on-day", message)]
    html = refused.content.decode()
    assert f'<a href="#id_adopted_on-day">{message}</a>' in html
    assert _marked(html, "id_adopted_on-day")
    assert _marked(html, "id_adopted_on-year")
    assert _box(html, "adopted_on-day", "14")
    assert _box(html, "adopted_on-month", "4")
    assert "Version two" in html
    assert body.terms.count() == 1
    # The same day as the version in force is not before it.
    same = {"do": "terms", "text": "Version two", **_boxes("adopted_on", "15", "4", "2026")}
    assert client.post(url, same).status_code == 302
    assert list(body.terms.values_list("version", "adopted_on")) == [
        (1, date(2026, 4, 15)),
        (2, date(2026, 4, 15)),
    ]
    # A rule about the text still links to the text.
    again = client.post(url, {"do": "terms", "text": "Version two", **_boxes("adopted_on", "1", "5", "2026")})
    assert again.context["errors"] == [("id_terms", "These terms are the same as the version in force")]
    future = client.post(url, {"do": "terms", "text": "Three", **_boxes("adopted_on", "2", "5", "2026")})
    assert future.context["errors"] == [
        ("id_adopted_on-day", "The date adopted must be today or in the past")
    ]


def test_the_date_a_member_joined_in_boxes(board) -> None:  # type: ignore[no-untyped-def]
    client, body = board["client"], board["body"]
    url = f"/partnership/bodies/{body.pk}/membership/"
    seat = {"do": "add", "name": "Gil Gardner", "organisation": "Probation"}
    bad = client.post(url, {**seat, **_boxes("joined_on", "31", "4", "2026")})
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_joined_on-day", "The date they joined must be a real date: April 2026 has 30 days")
    ]
    html = bad.content.decode()
    assert _box(html, "joined_on-day", "31")
    assert 'value="Gil Gardner"' in html
    # The terms form below is not marked: only the form sent is.
    assert _box(html, "adopted_on-day", "")
    missing = client.post(url, {**seat, **_boxes("joined_on", "", "4", "2026")})
    assert missing.context["errors"] == [("id_joined_on-day", "The date they joined must include a day")]
    assert client.post(url, {**seat, **_boxes("joined_on", "30", "4", "2026")}).status_code == 302
    assert body.members.get(name="Gil Gardner").joined_on == date(2026, 4, 30)


def test_a_course_date_typed_in_boxes_is_saved(board) -> None:  # type: ignore[no-untyped-def]
    client = board["client"]
    page = client.get("/partnership/training/").content.decode()
    assert "<title>Training –" in page  # the title is the word, not a copy of the form
    assert page.count("Add a course") == 1
    assert 'id="id_held_on-day" name="held_on-day"' in page
    bad = client.post("/partnership/training/", {"title": "Neglect", **_boxes("held_on", "31", "4", "2026")})
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_held_on-day", "The date of the course must be a real date: April 2026 has 30 days")
    ]
    assert _box(bad.content.decode(), "held_on-month", "4")
    assert not Course.objects.exists()
    made = client.post("/partnership/training/", {"title": "Neglect", **_boxes("held_on", "12", "5", "2026")})
    assert made.status_code == 302
    assert Course.objects.get().held_on == date(2026, 5, 12)
    assert "12 May 2026" in client.get("/partnership/training/").content.decode()


def test_a_chapter_due_date_is_today_or_later(board) -> None:  # type: ignore[no-untyped-def]
    client, body, member = board["client"], board["body"], board["member"]
    report = annual.start_report(body, year=2025)
    url = f"/partnership/annual-reports/{report.pk}/"
    chapter = {"do": "chapter", "title": "Health", "owner": str(member.pk)}
    page = client.get(url).content.decode()
    assert "Today or later. For example, 1 5 2026" in page
    yesterday = client.post(url, {**chapter, **_boxes("due_on", "30", "4", "2026")})
    assert yesterday.status_code == 400
    assert yesterday.context["errors"] == [("id_due_on-day", PAST_DUE)]
    assert _box(yesterday.content.decode(), "due_on-day", "30")
    june = client.post(url, {**chapter, **_boxes("due_on", "31", "6", "2026")})
    assert june.context["errors"] == [
        ("id_due_on-day", "The due date must be a real date: June 2026 has 30 days")
    ]
    empty = client.post(url, {**chapter, "owner": ""})
    assert empty.context["errors"] == [
        ("id_owner", "Choose who writes the chapter"),
        ("id_due_on-day", "Enter the due date"),
    ]
    assert not report.chapters.exists()
    assert client.post(url, {**chapter, **_boxes("due_on", "1", "5", "2026")}).status_code == 302
    assert report.chapters.get().due_on == date(2026, 5, 1)
    assert Action.objects.get().due_date == date(2026, 5, 1)


def test_services_refusal_of_the_adopted_day_names_the_rule(board) -> None:  # type: ignore[no-untyped-def]
    """The page shows a refusal against the date's boxes by its rule, ``adopted_on``."""
    services.adopt_terms(board["body"], text="One", adopted_on=date(2026, 4, 15))
    with pytest.raises(services.PartnershipRuleError) as refused:
        services.adopt_terms(board["body"], text="Two", adopted_on=date(2026, 4, 14))
    assert refused.value.code == "adopted_on"


def test_the_date_a_member_left_in_boxes(board) -> None:  # type: ignore[no-untyped-def]
    client, body = board["client"], board["body"]
    url = f"/partnership/bodies/{body.pk}/membership/"
    joined = {"do": "add", "name": "Gil Gardner", "organisation": "Probation"}
    assert client.post(url, {**joined, **_boxes("joined_on", "15", "4", "2026")}).status_code == 302
    gil = body.members.get(name="Gil Gardner")
    eve = body.members.get(name="Eve Head")
    page = client.get(url).content.decode()
    # Each seat's boxes have their own ids (labels and error links find the right form); same names.
    assert f'id="id_left_on-{gil.pk}-day" name="left_on-day"' in page
    assert f'id="id_left_on-{eve.pk}-day" name="left_on-day"' in page
    assert "Today or earlier, and not before they joined (15 Apr 2026). For example, 30 4 2026" in page
    assert "2026-04-01" not in page
    end = {"do": "end", "member": str(gil.pk)}

    before = client.post(url, {**end, **_boxes("left_on", "14", "4", "2026")})
    assert before.status_code == 400
    message = "The date they left cannot be before the date they joined"
    assert before.context["errors"] == [(f"id_left_on-{gil.pk}-day", message)]
    html = before.content.decode()
    assert f'<a href="#id_left_on-{gil.pk}-day">{message}</a>' in html
    assert _marked(html, f"id_left_on-{gil.pk}-day")
    assert _marked(html, f"id_left_on-{gil.pk}-year")
    assert _box(html, "left_on-day", "14")
    assert _box(html, "left_on-month", "4")
    # Only Gil's form holds what was typed and is marked; Eve's stays empty.
    assert not _marked(html, f"id_left_on-{eve.pk}-day")
    assert html.count('name="left_on-day" type="text" inputmode="numeric" value="14"') == 1
    assert "Traceback" not in html

    february = client.post(url, {**end, **_boxes("left_on", "31", "2", "2026")})
    assert february.context["errors"] == [
        (f"id_left_on-{gil.pk}-day", "The date they left must be a real date: February 2026 has 28 days")
    ]
    html = february.content.decode()
    assert _marked(html, f"id_left_on-{gil.pk}-day")
    assert not _marked(html, f"id_left_on-{gil.pk}-month")

    tomorrow = client.post(url, {**end, **_boxes("left_on", "2", "5", "2026")})
    assert tomorrow.context["errors"] == [
        (f"id_left_on-{gil.pk}-day", "The date they left must be today or in the past")
    ]
    empty = client.post(url, end)
    assert empty.context["errors"] == [(f"id_left_on-{gil.pk}-day", "Enter the date they left")]
    gil.refresh_from_db()
    assert gil.left_on is None

    ended = client.post(url, {**end, **_boxes("left_on", "30", "4", "2026")})
    assert ended.status_code == 302
    gil.refresh_from_db()
    assert gil.left_on == date(2026, 4, 30)
    former = client.get(url).content.decode().split("Former members</caption>")[1]
    assert "Gil Gardner" in former
    assert "30 Apr 2026" in former


def test_services_refusal_of_the_left_day_names_the_rule(board) -> None:  # type: ignore[no-untyped-def]
    """The page shows a refusal against the leaving date's boxes by its rule, ``left_on``."""
    eve = board["body"].members.get(name="Eve Head")  # joined 1 April 2011
    with pytest.raises(services.PartnershipRuleError) as refused:
        services.end_member(eve, left_on=date(2011, 3, 31))
    assert refused.value.code == "left_on"
