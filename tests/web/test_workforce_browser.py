"""The workforce page in a real browser (issue 15 point 6), checked with axe-core.

A team manager records their team's establishment, mistypes a worker's hours (the
error summary links to the box), then records them; the team page shows the vacancy.
Screenshots: tests/artifacts/workforce-team.png, tests/artifacts/workforce-hours-error.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot
from tests.web.test_workforce import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_manager_records_establishment_and_hours(page, make_user) -> None:  # type: ignore[no-untyped-def]
    alpha, _ = build(make_user)
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.locator("#main-content").get_by_role("link", name="Workforce").click()
    page.get_by_role("link", name="Alpha").click()
    assert page.url.endswith(f"/workforce/teams/{alpha.pk}/")
    page.get_by_label("Establishment (full-time equivalent posts)").fill("4")
    page.get_by_role("button", name="Save the establishment").click()
    expect(page.get_by_text("Establishment saved.")).to_be_visible()
    expect(page.get_by_text("37.5% (1.5 FTE not filled by permanent staff)")).to_be_visible()

    page.get_by_role("link", name="Change contracted hours of Pat Part").click()
    page.get_by_label("Contracted hours a week").fill("60")
    page.get_by_role("button", name="Save the hours").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="no more than 48 a week")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "workforce-hours-error")

    page.get_by_label("Contracted hours a week").fill("37")
    page.get_by_role("button", name="Save the hours").click()
    expect(page.get_by_text("Contracted hours saved for Pat Part.")).to_be_visible()
    expect(page.get_by_text("25.0% (1 FTE not filled by permanent staff)")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "workforce-team")
