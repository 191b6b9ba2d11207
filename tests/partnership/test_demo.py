"""The demo partnership: every page has data, the latest pack is published with no exempt text in
the public pack, and building it twice does nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from continuum.actions.models import Action
from continuum.core import roles
from continuum.partnership import annual, budget, selectors
from continuum.partnership.models import Body, Course, MeetingPack
from continuum.synth.partnership import (
    BOARD,
    CHASED_AFTER_DAYS,
    CONTRIBUTIONS,
    SPENDING,
    ensure_demo_partnership,
)

pytestmark = pytest.mark.django_db


def test_demo_partnership(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)
    make_user("demo-partner-member", roles.PARTNER_MEMBER)
    made = ensure_demo_partnership(seed=1, as_of=date(2026, 11, 30))
    assert made["meetings"] == 10  # eight quarters, the meeting on the day two years on, the next one
    assert ensure_demo_partnership(seed=1, as_of=date(2026, 11, 30)) == {}
    board = Body.objects.get(name=BOARD)
    assert board.children.count() == 3
    assert selectors.attendance_rates(board)
    assert selectors.actions_of_body(board)
    # A board chases an action four months overdue to a close: none older is left open (the demo's
    # trays would otherwise show actions years overdue), while recent meetings' actions may be.
    still_open = Action.objects.filter(source_type__model="agendaitem").exclude(status="done")
    assert not still_open.filter(due_date__lt=date(2026, 11, 30) - timedelta(days=CHASED_AFTER_DAYS)).exists()
    assert Course.objects.count() > 50
    packs = MeetingPack.objects.filter(meeting__body=board, audience="public")
    assert packs.count() == 2
    for pack in packs:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pack.pdf))).pages)
        assert f"Page {pack.pages} of {pack.pages}" in text
        assert "Action log" in text
    # the budget for two years and the annual reports: last year's assembled, this year's chapters given
    assert budget.years(board) == [2026, 2025]
    last_year = budget.statement(board, 2025)
    assert last_year.income == sum(a for _, a in CONTRIBUTIONS)
    assert last_year.spent == sum(a for _, a in SPENDING)
    last, current = board.annual_reports.order_by("year")
    assert last.assembled_at is not None
    assert "Update from community health" in " ".join(last.chapters.values_list("title", flat=True))
    assert "Budget statement 2025/26" in last.html
    chapter = current.chapters.get()
    assert chapter.owner.username == "demo-partner-member"
    assert annual.chapter_action(chapter).status == "open"


@pytest.mark.django_db
def test_the_board_sits_on_thursdays_and_courses_run_on_working_days(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two years before Monday 7 December 2026 is a Saturday, and 91-day quarters keep their weekday:
    the demo's board had met on Saturdays. It sits on the Thursday of the week (the first, 12 December
    2024), and no course is run at a weekend or on a bank holiday."""
    from continuum.core.working_days import default_calendar
    from continuum.partnership.models import Meeting

    monkeypatch.setattr("shutil.which", lambda name: None)
    make_user("demo-partner-member", roles.PARTNER_MEMBER)
    ensure_demo_partnership(seed=1, as_of=date(2026, 12, 7))
    sittings = [m.starts_at.date() for m in Meeting.objects.filter(body__name=BOARD).order_by("starts_at")]
    assert sittings[0] == date(2024, 12, 12)
    assert {day.weekday() for day in sittings} == {3}  # no bank holiday falls on these Thursdays
    calendar = default_calendar()
    assert all(calendar.is_working_day(c.held_on) for c in Course.objects.all())
