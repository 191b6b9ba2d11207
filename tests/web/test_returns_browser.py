"""An analyst uploads a CIN census file in a real browser, waits for the check and reads the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core import roles
from tests.conftest import axe_violations, sign_in
from tests.jobs.worker import worker_thread

FIXTURES = Path(__file__).resolve().parents[1] / "returns" / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_uploads_and_reads_the_report(page, make_user, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "analyst")
    page.get_by_role("link", name="Statutory returns").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Statutory returns"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Upload return files").click()

    # Nothing selected: the error summary names the field and what to do.
    page.get_by_label("Description (optional)").fill("Draft census")
    page.get_by_role("button", name="Upload and check").click()
    assert (
        "Select a CIN census XML file or SSDA903 CSV files to upload"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Description (optional)").input_value() == "Draft census"
    assert axe_violations(page) == []

    page.get_by_label("Return files").set_input_files(str(FIXTURES / "cin_small_errors.xml"))
    # The queue's worker (real, in a thread) checks the files; the progress page reloads itself
    # (Refresh header) until the report is ready.
    with worker_thread():
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_role("heading", name="Validation report").wait_for(timeout=120_000)
    assert axe_violations(page) == []
    summary = page.get_by_role("table", name="Failures per rule")
    assert summary.get_by_role("row").nth(1).get_by_role("rowheader").inner_text() == "8565"
    failures = page.get_by_role("table", name="Failures 1 to 9 of 9")
    assert failures.get_by_role("row").filter(has_text="A101").filter(has_text="4180").count() == 1
    page.screenshot(path=str(ARTIFACTS / "returns-report.png"), full_page=True)

    # Import under a name, open the dashboards on it, and go back to the live record.
    page.get_by_label("Dataset name").fill("Draft census")
    with worker_thread():
        page.get_by_role("button", name="Import").click()
        page.get_by_role("button", name="Open the dashboards on this dataset").wait_for(timeout=120_000)
    page.get_by_role("button", name="Open the dashboards on this dataset").click()
    page.wait_for_url("**/performance/")
    banner = page.get_by_role("region", name="Imported data")
    assert "showing the imported dataset ‘Draft census’" in banner.inner_text()
    assert axe_violations(page) == []
    banner.get_by_role("button", name="Show the live record again").click()
    page.wait_for_url("**/performance/")
    assert page.get_by_role("region", name="Imported data").count() == 0


def test_progress_page_is_accessible(page, make_user, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.returns.models import ReturnUpload

    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.RUNNING, percent=35, stage="Checking a.xml"
    )
    sign_in(page, "analyst")
    page.goto(f"/returns/{upload.token}/")
    assert page.get_by_role("status").inner_text().startswith("35% done")
    assert axe_violations(page) == []
