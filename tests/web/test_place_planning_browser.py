"""The place-planning page in a real browser, as a manager opens it from the SEND pages' address.
Screenshot: tests/artifacts/place-planning.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from tests.conftest import axe_violations, sign_in
from tests.web.test_place_planning import make_plans

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_place_planning_page(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    make_plans()
    make_user("manager", roles.TEAM_MANAGER)
    sign_in(page, "manager")
    page.wait_for_url("**/")
    page.goto("/send/places/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Place planning: EHC plans and specialist places"
    )
    expect(
        page.get_by_role("table", name="Projected EHC plans by phase (trend continues), with the 80% band")
    ).to_be_visible()
    expect(page.locator("[data-backtest]")).to_contain_text("Projected from the census days up to 2024")
    expect(
        page.get_by_role(
            "img",
            name="EHC plans on each census day and the projection with its 80% band "
            "(the tables below give the same figures)",
        )
    ).to_be_visible()
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "place-planning.png"), full_page=True)
    page.get_by_role("link", name="5 years").click()
    expect(page.locator("[data-projection] tbody tr")).to_have_count(5)
