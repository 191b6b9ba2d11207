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


def test_dashboard_reads_at_a_glance_and_reflows_at_320px(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    """Issue 16 point 2: full width, the headline figures in the first screen, charts and tables
    below; at 320 px nothing scrolls the page sideways (the months table scrolls in its own
    labelled region); the navigation marks Performance as the current section."""
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, "analyst")
    page.goto("/performance/front-door/?period=2024-07")

    # Full width: the content runs wider than GOV.UK's 960 px column.
    assert page.locator("main").bounding_box()["width"] > 1300
    cards = page.locator(".app-headline")
    assert cards.count() == 6
    assert max(box["y"] + box["height"] for box in (c.bounding_box() for c in cards.all())) <= 900
    mash = page.locator(".app-headline[data-indicator=mash_decision_1wd]")
    assert "75.0%" in mash.inner_text()
    assert "Red" in mash.inner_text()
    assert "against a target of 99.0%" in mash.inner_text()
    assert "Previous period (June 2024): 100.0%" in mash.inner_text()
    # The headlines come before the charts and tables.
    first_chart = page.locator(".app-indicator").first.bounding_box()
    assert first_chart["y"] > max(c.bounding_box()["y"] for c in cards.all())

    # Each chart is an image of its own, drawn when it scrolls into view.
    chart = page.locator("[data-detail=mash_decision_1wd] .app-chart__image")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=chart.element_handle())
    page.evaluate("window.scrollTo(0, 0)")

    current = page.locator("nav[aria-label=Menu] [aria-current]")
    assert current.count() == 1
    assert (current.inner_text(), current.get_attribute("aria-current")) == ("Performance", "true")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-headlines.png"))
    page.screenshot(path=str(ARTIFACTS / "dashboard-wide.png"), full_page=True)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for image in page.locator(".app-chart__image").all():
        assert image.bounding_box()["width"] <= 320 - 2 * 15
    months = "MASH decisions made within 1 working day, by month: the chart's figures"
    region = page.get_by_role("region", name=months)
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table scrolls, not the page
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-320px.png"), full_page=True)

    # The children behind a figure at 320 px: the list scrolls in its region, not the page.
    page.goto("/performance/front-door/mash_decision_1wd/children/?period=2024-07")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("region", name="Records behind the figure").get_attribute("tabindex") == "0"
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "dashboard-drill-down-320px.png"), full_page=True)
    clear_cache()
