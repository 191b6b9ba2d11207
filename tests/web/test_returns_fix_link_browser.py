"""A failure on the returns report opens the child's record at the form that fixes it (real browser).

A team manager who is also a QA officer uploads an SSDA903 return in which Ada (in care since 1
May 2025, in their team) has legal status "Z9"; the report, filtered to rule 144, shows her
failure at Episodes cell D2 with a link to "Change of legal status" on her open episode, and
following it opens that form. Screenshots: ``returns-upload`` (the upload page, with the
optional postcode directory), ``returns-fix-link-report`` (the filtered report) and
``returns-fix-link`` (the form reached from it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import axe_violations, sign_in
from tests.jobs.worker import worker_thread
from tests.web.test_returns_fix_links import ada, return_of  # noqa: F401 (fixture)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failure_opens_the_form_that_fixes_it(page, ada, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    ARTIFACTS.mkdir(exist_ok=True)
    child, cla = ada["child"], ada["cla"]
    files = return_of(child.la_child_id, tmp_path / "903")
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto("/returns/upload/")
    # The upload page offers the postcode directory in words a web user knows (no --postcodes).
    assert page.get_by_label("ONS Postcode Directory (optional)").count() == 1
    assert "--" not in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "returns-upload.png"), full_page=True)
    page.get_by_label("Return files").set_input_files([str(p) for p in files])
    with worker_thread():
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_role("heading", name="Validation report").wait_for(timeout=120_000)

    page.get_by_label("Rule").select_option("144")
    page.get_by_role("button", name="Show failures").click()
    failures = page.get_by_role("table", name="Failures 1 to 2 of 2")
    ada_row = failures.get_by_role("row").filter(has_text=child.la_child_id)
    assert "Episodes, row 2, cell D2" in ada_row.inner_text()
    assert (
        failures.get_by_role("row").filter(has_text="X2").filter(has_text="Not in the live record").count()
        == 1
    )
    assert axe_violations(page) == []
    page.locator("#failures").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "returns-fix-link-report.png"), full_page=True)

    ada_row.get_by_role("link", name="Change of legal status").click()
    form = reverse("child-legal-status-change", kwargs={"pk": child.pk, "episode_pk": cla.pk})
    page.wait_for_url(f"**{form}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Change of legal status")
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "returns-fix-link.png"), full_page=True)

    page.go_back()
    ada_row = (
        page.get_by_role("table", name="Failures 1 to 2 of 2")
        .get_by_role("row")
        .filter(has_text=child.la_child_id)
    )
    ada_row.get_by_role("link", name="Open the record").click()
    page.wait_for_url(f"**{reverse('child-record', args=[child.pk])}")
