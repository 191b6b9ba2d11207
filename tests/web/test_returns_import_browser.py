"""The import's progress page in a real browser: announced, accessible, and reloading itself
(no JavaScript needed) until the dataset is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from continuum.core import roles
from tests.conftest import axe_violations, sign_in

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_progress_page_is_accessible_and_moves_on_by_itself(  # type: ignore[no-untyped-def]
    page, make_user, settings, tmp_path: Path
) -> None:
    from continuum.returns.report import Report
    from continuum.web.returns.models import ReturnUpload

    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.SUCCEEDED,
        files=[{"name": "cin.xml", "size": 10}],
        import_status=ReturnUpload.Status.RUNNING,
        import_percent=70,
        import_stage="Writing the dataset",
        dataset_name="Draft census",
    )
    upload.report_dir.mkdir(parents=True)
    Report.merge([]).write_all(upload.report_dir)  # a checked upload with no failures
    sign_in(page, "analyst")
    page.goto(f"/returns/{upload.token}/import/progress/")
    assert page.get_by_role("heading", level=1).inner_text() == "Importing the dataset ‘Draft census’"
    status = page.get_by_role("status")
    assert status.inner_text().startswith("70% done")
    assert "Writing the dataset" in status.inner_text()
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "returns-import-progress.png"), full_page=True)

    # The job ends; the page's own refresh (the HTTP Refresh header) takes the analyst on.
    ReturnUpload.objects.filter(pk=upload.pk).update(
        import_status=ReturnUpload.Status.SUCCEEDED, import_percent=100, dataset_imported_at=timezone.now()
    )
    page.wait_for_url(f"**/returns/{upload.token}/", timeout=15_000)
    assert page.get_by_role("heading", level=1).inner_text() == "Validation report"
    assert "Imported as the dataset ‘Draft census’" in page.locator("main").inner_text()
