"""The annual report card: chapters to write, overdue and returned, and chapters awaiting the business
manager's review; nothing for someone with neither."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from continuum.partnership import annual
from continuum.web.home_today import _Ask
from continuum.web.partnership.cards import annual_report_chapters
from tests.partnership.board import make_board

pytestmark = pytest.mark.django_db


def _card(user, day: date):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return annual_report_chapters(_Ask(request, day=day))


def test_annual_report_card(make_user) -> None:  # type: ignore[no-untyped-def]
    manager, author, other = make_user("manager"), make_user("author"), make_user("other")
    report = annual.start_report(make_board(manager, author), year=2025)
    late = annual.add_chapter(report, title="Health", owner=author, due_on=date(2026, 5, 1), by=manager)
    annual.add_chapter(report, title="Police", owner=author, due_on=date(2026, 7, 1), by=manager)
    card = _card(author, date(2026, 6, 1))
    assert [(line.label, line.count) for line in card.lines] == [
        ("Chapters to write", 2),
        ("Past their due date", 1),
        ("Returned for changes", 0),
    ]
    assert card.href == f"/partnership/annual-reports/{report.pk}/"
    assert _card(manager, date(2026, 6, 1)) is None
    assert _card(other, date(2026, 6, 1)) is None
    annual.save_draft(late, text="Draft.", by=author)
    annual.submit(late, by=author)
    review = _card(manager, date(2026, 6, 1))
    assert [(line.label, line.count) for line in review.lines] == [("Chapters awaiting your review", 1)]
    assert review.lines[0].href == f"/partnership/chapters/{late.pk}/"
    annual.return_chapter(late, note="Add figures", by=manager)
    assert ("Returned for changes", 1) in [
        (line.label, line.count) for line in _card(author, date(2026, 6, 1)).lines
    ]
