"""The analyst's month in a real browser: generate Performance Matters, add commentary, publish;
a board member reads it. The jobs run on the real queue's worker (in a thread); axe-core checks
every page; screenshots in tests/artifacts/ (report-generate, report-commentary, report-published)."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core import roles
from tests.conftest import axe_violations, sign_in
from tests.jobs.worker import worker_thread
from tests.web.test_reports_app import load_small_borough

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENTARY = "Contacts rose after the schools' safeguarding week; the MASH added a second duty worker."


def test_analyst_generates_annotates_publishes_and_the_board_reads(  # type: ignore[no-untyped-def]
    page, make_user, settings, tmp_path: Path
) -> None:
    settings.CONTINUUM_REPORT_DIR = tmp_path / "reports"
    load_small_borough()
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    make_user("board", roles.BOARD_MEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "analyst")
    page.get_by_role("link", name="Reports", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    assert axe_violations(page) == []

    with worker_thread():
        page.get_by_label("Month").fill("2025-03")
        page.get_by_role("button", name="Generate Performance Matters").click()
        # The progress page reloads itself until the version is generated.
        page.get_by_role("heading", name="Read the report").wait_for(timeout=180_000)
        assert page.get_by_role("heading", level=1).inner_text() == "Performance Matters: March 2025"
        assert axe_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "report-generate.png"), full_page=True)

        page.get_by_label("Front door").fill(COMMENTARY)
        page.get_by_role("button", name="Save commentary").click()
        page.get_by_role("heading", name="Read the report").wait_for(timeout=120_000)
    assert page.get_by_label("Front door").input_value() == COMMENTARY
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "report-commentary.png"), full_page=True)

    page.get_by_role("button", name="Publish this version").click()
    assert "Published" in page.locator(".govuk-summary-list").inner_text()

    page.context.clear_cookies()
    sign_in(page, "board")
    page.goto("/reports/")
    assert "Published reports" in page.locator("main").inner_text(), page.locator("main").inner_text()
    page.get_by_role("link", name="Performance Matters: March 2025").first.click()
    assert COMMENTARY in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Publish this version").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "report-published.png"), full_page=True)
    pdf = page.request.get(
        page.get_by_role("link", name="Performance Matters: March 2025 (PDF)").get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
