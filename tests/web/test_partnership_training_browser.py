"""The partnership's training page in a real browser: the seed-style table by agency and quarter and
the year's courses. Screenshot: tests/artifacts/training.png."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.partnership.models import Agency, Booking, Course
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_training_page(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-11-30"
    make_user("partner", roles.PARTNER_MEMBER)
    make_user("board", roles.BOARD_MEMBER)
    course = Course.objects.create(
        title="Neglect", held_on=date(2026, 5, 12), trainer="Partnership trainer", quality_assured=True
    )
    Booking.objects.bulk_create(
        [Booking(course=course, name=f"Delegate {i}", agency=Agency.HEALTH, attended=i < 7) for i in range(9)]
    )
    sign_in(page, "board")
    page.wait_for_url("**/")
    page.goto("/partnership/")
    page.get_by_role("link", name="Safeguarding training").click()
    # Qtr 4 (from 1 January 2027) has not started on 30 November 2026: blank, and said so.
    expect(page.get_by_role("row", name="Health 0 7 7 0 0", exact=True)).to_be_visible()
    expect(page.get_by_text("Qtr 4 26/27 has not started yet (it starts on 1 Jan 2027)")).to_be_visible()
    expect(page.get_by_role("cell", name="9 of 20")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "training")
