"""Every partnership page asks the database the same number of times whether a body has one of each
thing on it (items, minutes, actions, papers, members, meetings, courses, bookings, budget lines,
chapters) or five: a page that asks once per row (N+1) fails here, naming the page.

Found by review: the minutes page asked three queries per agenda item (its minutes, their count and
its actions), writing again what ``actions.selectors`` reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client

from continuum.core import roles
from continuum.partnership import annual, budget, services
from continuum.partnership.models import Body
from tests.page_queries import queries_per_page
from tests.partnership.board import LONDON, make_board, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, settings, monkeypatch) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-05-01"
    monkeypatch.setattr("shutil.which", lambda name: None)
    manager = make_user("business-manager", roles.BOARD_MEMBER)
    author = make_user("author", roles.PARTNER_MEMBER)
    body = make_board(manager, author)
    main = meeting(body, 2026, 6, 10)
    for month in (11, 12):  # three meetings with attendance from the first step: the absence flag is read
        held = meeting(body, 2025, month, 1)
        for seat in body.members.all():
            services.record_attendance(held, seat, status="absent")
    report = annual.start_report(body, year=2025)
    course = services.add_course(title="Neglect", held_on=date(2026, 4, 20))
    return {"manager": manager, "author": author, "body": body, "meeting": main,
            "report": report, "course": course, "grown": 0}  # fmt: skip


def _grow(w: dict[str, Any], upto: int) -> None:
    """Add one of each thing per step until there are ``upto`` of them."""
    body, main, manager, author = w["body"], w["meeting"], w["manager"], w["author"]
    for k in range(w["grown"] + 1, upto + 1):
        Body.objects.create(name=f"Sub-group {k}", kind=Body.Kind.SUB_GROUP, parent=body)
        member = services.add_member(body, name=f"Member {k}", organisation=f"Agency {k}",
                                     joined_on=date(2026, 1, 1))  # fmt: skip
        earlier = meeting(body, 2026, 1, k)
        later = services.schedule_meeting(
            body, starts_at=datetime(2026, 7, k, 14, tzinfo=LONDON), place=f"Room {k}"
        )
        services.add_item(later, title=f"Forward item {k}")
        for held in (earlier, main):
            item = services.add_item(held, title=f"Item {k}", exempt=k % 2 == 0,
                                     exemption_category="3" if k % 2 == 0 else "")  # fmt: skip
            services.attach_file(item, title=f"Paper {k}", filename=f"p{k}.pdf", content=b"%PDF-1.7 paper",
                                 by=manager)  # fmt: skip
            services.write_minute(item, text=f"Minute {k}", decision=f"Decided {k}", by=manager)
            services.write_minute(item, text=f"Minute {k}, again", by=manager)
            services.set_action(item, what=f"Do {k}", owner=author, due=date(2026, 8, k), by=manager)
            for seat in body.members.all():
                services.record_attendance(held, seat, status="present" if k % 2 else "apologies")
        del member
        course = services.add_course(title=f"Course {k}", held_on=date(2026, 4, k))
        for c in (course, w["course"]):
            booking = services.book(c, name=f"Delegate {k}", organisation=f"Agency {k}", agency="health")
            services.mark_booking(booking, attended=True, evaluation=4)
        budget.record_contribution(body, year=2025, organisation=f"Agency {k}", amount=1000 * k, by=manager)
        budget.record_spending(body, year=2025, line=f"Line {k}", amount=500 * k, by=manager)
        chapter = annual.add_chapter(w["report"], title=f"Chapter {k}", owner=author,
                                     due_on=date(2026, 6, k), by=manager)  # fmt: skip
        annual.save_draft(chapter, text=f"Draft {k}", by=author)
        annual.start_report(body, year=2010 + k)
    w["grown"] = upto


def _pages(w: dict[str, Any]) -> list[str]:
    b, m = w["body"].pk, w["meeting"].pk
    chapter = w["report"].chapters.order_by("number").first()
    return [
        "/partnership/",
        f"/partnership/bodies/{b}/",
        f"/partnership/bodies/{b}/actions/",
        f"/partnership/bodies/{b}/attendance/",
        f"/partnership/bodies/{b}/membership/",
        f"/partnership/bodies/{b}/budget/?year=2025",
        f"/partnership/bodies/{b}/annual-reports/",
        f"/partnership/annual-reports/{w['report'].pk}/",
        f"/partnership/chapters/{chapter.pk}/",
        f"/partnership/meetings/{m}/",
        f"/partnership/meetings/{m}/minutes/",
        f"/partnership/meetings/{m}/pack/",
        "/partnership/training/?year=2026",
        f"/partnership/training/courses/{w['course'].pk}/",
    ]


def _counts(w: dict[str, Any], who: str) -> dict[str, int]:
    client = Client()
    client.force_login(w[who])
    return queries_per_page(client, _pages(w))


@pytest.mark.parametrize("who", ["manager", "author"])
def test_no_partnership_page_asks_once_per_row(world, who: str) -> None:  # type: ignore[no-untyped-def]
    _grow(world, 1)
    one = _counts(world, who)
    _grow(world, 5)
    five = _counts(world, who)
    assert {url: (one[url], five[url]) for url in one if five[url] != one[url]} == {}
