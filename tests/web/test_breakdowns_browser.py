"""A board member follows a dashboard figure to its breakdowns and the disproportionality view."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core import roles
from continuum.web.dashboards.source import clear_cache
from tests.conftest import axe_violations, sign_in
from tests.web.test_breakdowns import borough

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_opens_breakdowns_and_disproportionality(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = borough
    clear_cache()
    make_user("board", roles.BOARD_MEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "board")
    page.goto("/performance/children-in-care/?period=2024-25")
    page.locator("[data-detail=cla_rate] a[href*='/breakdowns/']").click()
    page.wait_for_url("**/cla_rate/breakdowns/?period=2024-25")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Looked-after children per 10,000 children by group"
    sex = page.locator("[data-breakdown=sex]")
    assert sex.get_by_role("row").filter(has_text="Female (F)").inner_text().split("\t")[-2:] == [
        "18.0",
        "52.9%",
    ]
    assert sex.locator("img").get_attribute("alt").startswith("Bar chart of")
    assert page.locator("[data-breakdown=worker]").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "breakdowns-cla-rate.png"), full_page=True)

    page.get_by_role("link", name="Compare the children looked after with the 0-17 population").click()
    page.wait_for_url("**/cla_rate/disproportionality/?period=2024-25")
    row = (
        page.locator("[data-disproportion=ethnicity]")
        .get_by_role("row")
        .filter(has_text="Black African (BAFR)")
    )
    assert "3.75 times their share of the population (over-represented)" in row.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "disproportionality-cla-rate.png"), full_page=True)

    page.get_by_label("Period").select_option("2023-24")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**period=2023-24")
    assert axe_violations(page) == []
    clear_cache()
