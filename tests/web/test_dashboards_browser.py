"""A performance analyst opens a dashboard and the children behind a figure in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.web.dashboards.source import clear_cache
from tests.conftest import axe_violations, sign_in
from tests.web.test_dashboards import hand_built

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_opens_a_dashboard_and_a_drill_down(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "analyst")
    page.goto("/performance/front-door/?period=2024-07")
    assert page.get_by_role("heading", level=1).inner_text() == "Front door"
    assert page.locator("[data-indicator=mash_decision_1wd] .govuk-tag").inner_text().lower() == "red"
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-front-door.png"), full_page=True)

    page.get_by_label("Period").select_option("Q2-2024")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**period=Q2-2024")
    assert axe_violations(page) == []

    page.goto("/performance/front-door/?period=2024-07")
    page.locator("[data-indicator=mash_decision_1wd] a[href*='/children/']").click()
    page.wait_for_url("**/mash_decision_1wd/children/?period=2024-07")
    assert "Children behind" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("row").filter(has_text="k3").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-drill-down.png"), full_page=True)
    assert AccessLogEntry.objects.filter(action="performance.drilldown").count() == 1
    clear_cache()
