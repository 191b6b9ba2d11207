"""The team manager's caseload view in a real browser (issue 18 point 10), checked with axe-core.

Screenshot: tests/artifacts/team-caseload.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.web.test_caseload_range import build
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_manager_sees_who_is_below_the_range_and_who_holds_no_caseload(
    page, make_user, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_CASELOAD_RANGE = (2, 3)
    build(make_user)
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto("/work/team/")
    una = page.locator("tr", has_text="Una One")
    assert una.locator("strong.govuk-tag", has_text="Below range").count() == 1
    expect(page.locator("tr", has_text="Tia Manager").get_by_text("Not a case holder")).to_be_visible()
    expect(page.locator("tr", has_text="Fred Support").get_by_text("Not a case holder")).to_be_visible()
    expect(page.locator("tr", has_text="Tom Two").get_by_text("Within range")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "team-caseload")
