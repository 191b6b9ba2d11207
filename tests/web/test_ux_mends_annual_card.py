"""The home page's annual report card: "Chapters to write" links to the chapter's own page, where it is
written (the soonest due of several), with words a reader sees; it showed no link (an address with no
text). A business manager who also writes is sent to their own chapter, not to the one they review."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from continuum.core import roles
from continuum.partnership import annual
from continuum.partnership.models import Body
from continuum.web.home_today import _Ask
from continuum.web.partnership.cards import annual_report_chapters
from tests.partnership.board import make_board

pytestmark = pytest.mark.django_db


def _lines(user, day: date = date(2026, 6, 1)):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    card = annual_report_chapters(_Ask(request, day=day))
    return {line.label: (line.count, line.href, line.link_text) for line in card.lines}


def test_chapters_to_write_links_to_the_chapter_due_first(make_user) -> None:  # type: ignore[no-untyped-def]
    manager, author = make_user("manager"), make_user("author", roles.SOCIAL_WORKER)
    report = annual.start_report(make_board(manager, author), year=2025)
    later = annual.add_chapter(report, title="Police", owner=author, due_on=date(2026, 7, 1), by=manager)
    sooner = annual.add_chapter(report, title="Health", owner=author, due_on=date(2026, 5, 1), by=manager)
    assert _lines(author)["Chapters to write"] == (
        2,
        f"/partnership/chapters/{sooner.pk}/",
        "Write the one due first",
    )

    # On the home page itself: the link is there, with words, and opens the chapter's page.
    client = Client()
    client.force_login(author)
    html = client.get(reverse("home")).content.decode()
    link = f'<a class="govuk-link" href="/partnership/chapters/{sooner.pk}/">Write the one due first'
    assert link in html
    assert client.get(f"/partnership/chapters/{sooner.pk}/").status_code == 200

    # One left to write: "Write it", to that one; none left: no link.
    annual.save_draft(sooner, text="Draft.", by=author)
    annual.submit(sooner, by=author)
    assert _lines(author)["Chapters to write"] == (1, f"/partnership/chapters/{later.pk}/", "Write it")
    annual.save_draft(later, text="Draft.", by=author)
    annual.submit(later, by=author)
    assert _lines(author)["Chapters to write"] == (0, "", "")


def test_a_business_manager_who_writes_is_sent_to_their_own_chapter(make_user) -> None:  # type: ignore[no-untyped-def]
    manager, author, other = make_user("manager"), make_user("author"), make_user("other")
    report = annual.start_report(make_board(manager, author), year=2025)
    theirs = annual.add_chapter(report, title="Health", owner=author, due_on=date(2026, 5, 1), by=manager)
    # The same manager writes a chapter of another body's report.
    partnership = Body.objects.create(
        name="Safeguarding Partnership", kind="board", quorum=3, secretary=other
    )
    elsewhere = annual.start_report(partnership, year=2025)
    own = annual.add_chapter(elsewhere, title="Foreword", owner=manager, due_on=date(2026, 8, 1), by=other)
    annual.save_draft(theirs, text="Draft.", by=author)
    annual.submit(theirs, by=author)
    lines = _lines(manager)
    assert lines["Chapters to write"] == (1, f"/partnership/chapters/{own.pk}/", "Write it")
    assert lines["Chapters awaiting your review"] == (1, f"/partnership/chapters/{theirs.pk}/", "Review it")
