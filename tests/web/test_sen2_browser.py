"""An analyst checks a SEN2 file in a real browser, through the returns upload page every return
uses, and reads its report. Screenshot: tests/artifacts/sen2-validation.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from tests.conftest import axe_violations, sign_in
from tests.jobs.worker import worker_thread
from tests.returns.test_sen2_rules import BASE

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_sen2_file_is_checked_and_its_failures_named(page, make_user, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    make_user("analyst", roles.PERFORMANCE_ANALYST)
    data = BASE.replace(b"<Sex>M</Sex>", b"<Sex>X</Sex>").replace(
        b"<TransferLA>0</TransferLA>", b"<TransferLA>0</TransferLA><LastReview>2024-11-28</LastReview>"
    )
    sen2 = tmp_path / "sen2_2026.xml"
    sen2.write_bytes(data)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "analyst")
    page.get_by_role("link", name="Statutory returns").first.click()
    page.get_by_role("button", name="Upload return files").click()
    page.get_by_label("Return files").set_input_files(str(sen2))
    with worker_thread():
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_role("heading", name="Validation report").wait_for(timeout=120_000)
    summary = page.get_by_role("table", name="Failures per rule")
    expect(summary.get_by_role("rowheader", name="SEN2-202")).to_be_visible()
    expect(summary.get_by_role("rowheader", name="SEN2-605Q")).to_be_visible()
    read = page.locator("#returns-read").inner_text()
    assert "SEN2" in read
    assert "Validated with the 2025-26 rules" in read
    body = page.locator("main").inner_text()
    assert "Sex must be present and a valid code" in body
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "sen2-validation.png"), full_page=True)
