"""Return uploads in the app: upload, background validation, report, downloads, import, dashboards.

Real files, the real queue (procrastinate's worker, run by :func:`run_queued_jobs`) and the
real PostgreSQL: the tests are transactional so the worker's own connection sees the job
and the upload row. Known answers
come from the hand-written fixtures in tests/returns/fixtures/: the "errors"
file has 2 children and 9 failures (8 errors, 1 query), among them rule 4180
for A101's sex "Z" (its <Child> on line 53); the "valid" file has 3 children,
4 CIN referrals in 2025-26 (A100 2 June 2025, A101 14 April and 1 October
2025, A102 12 January 2026) and no failures.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.web.dashboards.source import clear_cache
from continuum.web.returns.datasets import DATASET_SESSION_KEY
from continuum.web.returns.models import ReturnUpload
from tests.jobs.worker import run_queued_jobs

FIXTURES = Path(__file__).resolve().parents[1] / "returns" / "fixtures"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "returns" / "broken"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    settings.CONTINUUM_DASHBOARD_CACHE_SECONDS = 0
    clear_cache()
    return tmp_path / "uploads"


def _file(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/xml")


def wait_for(
    token: str, done: Callable[[ReturnUpload], bool], job: str, timeout: float = 120
) -> ReturnUpload:
    """Run the queued jobs with the real worker, then wait for the upload to reach ``done``."""
    run_queued_jobs()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        upload = ReturnUpload.objects.get(token=token)
        if done(upload):
            return upload
        time.sleep(0.2)
    raise AssertionError(f"the {job} job did not finish")


def finished(token: str) -> ReturnUpload:
    """Wait for the validation job to finish."""
    return wait_for(token, lambda u: u.finished, "validation")


def imported(token: str) -> ReturnUpload:
    """Wait for the import job to finish (succeeded or failed)."""
    ended = (ReturnUpload.Status.SUCCEEDED, ReturnUpload.Status.FAILED)
    return wait_for(token, lambda u: u.import_status in ended, "import")


def upload_files(client, *files: SimpleUploadedFile, description: str = "") -> ReturnUpload:  # type: ignore[no-untyped-def]
    response = client.post(reverse("returns-upload"), {"files": list(files), "description": description})
    assert response.status_code == 302, response.content.decode()[:2000]
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    return finished(token)


@pytest.fixture
def analyst(client, make_user):  # type: ignore[no-untyped-def]
    user = make_user("analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(user)
    return user


def test_upload_is_checked_in_the_background_and_reported(client, analyst, upload_dir: Path) -> None:
    upload = upload_files(client, _file(FIXTURES / "cin_small_errors.xml"), description="Draft census")
    assert upload.status == ReturnUpload.Status.SUCCEEDED
    assert (upload.children, upload.errors, upload.queries, upload.percent) == (2, 8, 1, 100)
    assert upload.files == [
        {"name": "cin_small_errors.xml", "size": (FIXTURES / "cin_small_errors.xml").stat().st_size}
    ]
    assert (upload_dir / upload.token / "files" / "cin_small_errors.xml").exists()

    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "Validation report" in html
    assert "Draft census" in html
    # Summary: errors first, most failures first: 8565 (3) leads.
    assert html.index(">8565<") < html.index(">8630<") < html.index(">2887Q<")
    assert "Failures 1 to 9 of 9" in html
    assert ">A101<" in html
    assert ">Child: Sex<" in html  # the table in words (continuum/web/returns/words.py), not "children"
    assert ">Child, line 53<" in html
    assert str(upload_dir) not in html  # the stored path never shows
    entry = AccessLogEntry.objects.get(action="returns.report")
    assert (entry.record_type, entry.record_id) == ("return-upload", str(upload.pk))


def test_downloads_are_the_shared_report_formats(client, analyst) -> None:
    upload = upload_files(client, _file(FIXTURES / "cin_small_errors.xml"))
    response = client.get(reverse("returns-report-download", args=[upload.token, "failures.csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="validation_failures.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 9
    assert {r["File"] for r in rows} == {"cin_small_errors.xml"}
    sex = next(r for r in rows if r["Rule"] == "4180")
    assert (sex["Child (LAchildID)"], sex["Table"], sex["Field"], sex["Element"], sex["Line"]) == (
        "A101", "children", "Sex", "Child", "53",
    )  # fmt: skip

    summary = client.get(reverse("returns-report-download", args=[upload.token, "summary.csv"]))
    counts = {
        r["Rule"]: int(r["Failures"])
        for r in csv.DictReader(io.StringIO(b"".join(summary.streaming_content).decode()))
    }
    assert counts == {"8565": 3, "2883": 1, "2885": 1, "4180": 1, "8630": 1, "8925": 1, "2887Q": 1}

    xlsx = client.get(reverse("returns-report-download", args=[upload.token, "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert book.sheetnames == ["Summary", "Failures"]
    assert len(list(book["Failures"].iter_rows())) == 10  # heading + 9 failures
    actions = set(AccessLogEntry.objects.values_list("action", flat=True))
    assert {"returns.report.failures.csv", "returns.report.summary.csv", "returns.report.xlsx"} <= actions
    assert client.get(reverse("returns-report-download", args=[upload.token, "pdf"])).status_code == 404


def test_unreadable_file_fails_the_job_with_file_and_line(client, analyst) -> None:
    upload = upload_files(client, _file(BROKEN / "cin_bad_date_format.xml"))
    assert upload.status == ReturnUpload.Status.FAILED
    assert upload.problem.startswith("cin_bad_date_format.xml, line ")
    assert "which is not a date; expected YYYY-MM-DD" in upload.problem
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "The files could not be checked" in html
    assert "cin_bad_date_format.xml, line" in html
    assert not upload.report_dir.exists()  # no half-written report


def test_progress_page_refreshes_itself_and_announces_progress(client, analyst) -> None:
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.RUNNING,
        percent=40,
        stage="Checking the CIN census file a.xml",
    )
    response = client.get(reverse("returns-upload-detail", args=[upload.token]))
    assert response["Refresh"] == "3"
    html = response.content.decode()
    assert 'aria-live="polite"' in html
    assert "40% done" in html
    assert "Checking the CIN census file a.xml" in html


def test_a_queued_job_waits_for_the_worker_and_a_web_restart_does_not_fail_it(client, analyst) -> None:
    """The job is a row in PostgreSQL, not a thread of the web process: until a worker takes it the
    page says it is waiting (cut-off jobs are tests/jobs/test_queue.py's)."""
    response = client.post(reverse("returns-upload"), {"files": [_file(FIXTURES / "cin_small_valid.xml")]})
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    html = client.get(reverse("returns-upload-detail", args=[token])).content.decode()
    assert "Waiting to start" in html
    assert ReturnUpload.objects.get(token=token).status == ReturnUpload.Status.QUEUED
    upload = finished(token)
    assert upload.status == ReturnUpload.Status.SUCCEEDED
    assert upload.runner.startswith("job ")
    assert upload.runner.endswith(", attempt 1")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Select a CIN census XML file or SSDA903 CSV files to upload"),
        ([SimpleUploadedFile("report.pdf", b"%PDF-1.4")], "The file report.pdf must be an XML or CSV file"),
        ([SimpleUploadedFile("cin.xml", b"")], "The file cin.xml is empty"),
        (
            [SimpleUploadedFile("cin.xml", b"LAchildID,Sex\nA1,M\n")],
            "The file cin.xml is not an XML document",
        ),
        ([SimpleUploadedFile("episodes.csv", b"CHILD\x00\x01")], "The file episodes.csv is not a text file"),
        (
            [SimpleUploadedFile("a.xml", b"<Message/>"), SimpleUploadedFile("A.xml", b"<Message/>")],
            "Two files are called A.xml. Select each file once",
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_message(client, analyst, files, message: str) -> None:
    response = client.post(reverse("returns-upload"), {"files": files, "description": "kept after an error"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'value="kept after an error"' in html  # nothing typed is lost
    assert ReturnUpload.objects.count() == 0


def test_file_size_limit(client, analyst, settings) -> None:
    settings.CONTINUUM_RETURN_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.xml", b"<Message>" + b" " * (1024 * 1024) + b"</Message>")
    response = client.post(reverse("returns-upload"), {"files": [big]})
    assert "The file big.xml must be smaller than 1 MB" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "upload", "report", "importing"),
    [
        (roles.PERFORMANCE_ANALYST, True, True, True),
        (roles.QA_OFFICER, True, True, False),
        (roles.TEAM_MANAGER, False, False, False),
        (roles.BOARD_MEMBER, False, False, False),
        (roles.SOCIAL_WORKER, False, False, False),
    ],
)
def test_who_may_upload_report_and_import(
    make_user, role, upload: bool, report: bool, importing: bool
) -> None:
    from continuum.core.policy import may

    user = make_user("someone", role)
    assert may(user, "returns.upload") is upload
    assert may(user, "returns.report") is report
    assert may(user, "returns.import") is importing


def test_pages_refuse_other_roles(client, make_user) -> None:
    client.force_login(make_user("sw", roles.SOCIAL_WORKER))
    assert client.get(reverse("returns-index")).status_code == 403
    assert client.get(reverse("returns-upload")).status_code == 403


def test_qa_officers_read_reports_but_do_not_import(client, make_user) -> None:
    client.force_login(make_user("qa", roles.QA_OFFICER))
    upload = upload_files(client, _file(FIXTURES / "cin_small_valid.xml"))
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "Validation report" in html
    assert "A performance analyst can import these files" in html
    assert client.post(reverse("returns-import", args=[upload.token]), {"name": "x"}).status_code == 403
    upload.refresh_from_db()
    assert not upload.has_dataset


def test_import_then_dashboards_show_the_dataset_until_the_live_record_is_chosen(client, analyst) -> None:
    upload = upload_files(client, _file(FIXTURES / "cin_small_valid.xml"))
    assert (upload.errors, upload.queries, upload.children) == (0, 0, 3)
    detail = reverse("returns-upload-detail", args=[upload.token])

    refused = client.post(reverse("returns-import", args=[upload.token]), {"name": "  "})
    assert refused.status_code == 400
    assert "Enter a name for the dataset" in refused.content.decode()

    response = client.post(reverse("returns-import", args=[upload.token]), {"name": "Census  2025-26 draft"})
    assert response["Location"] == reverse("returns-import-progress", args=[upload.token])
    upload = imported(upload.token)
    assert upload.dataset_name == "Census 2025-26 draft"
    assert pq.read_table(upload.dataset_dir / "children.parquet").num_rows == 3
    assert pq.read_table(upload.dataset_dir / "referrals.parquet").num_rows == 4
    assert AccessLogEntry.objects.filter(action="returns.import", record_id=str(upload.pk)).exists()

    other = upload_files(client, _file(FIXTURES / "cin_small_valid.xml"))
    taken = client.post(reverse("returns-import", args=[other.token]), {"name": "census 2025-26 DRAFT"})
    assert "A dataset called census 2025-26 DRAFT already exists" in taken.content.decode()

    assert "Open the dashboards on this dataset" in client.get(detail).content.decode()
    assert client.post(reverse("returns-dashboards", args=[upload.token])).status_code == 302
    assert client.session[DATASET_SESSION_KEY] == upload.token

    page = client.get(reverse("performance-dashboard", args=["front-door"]), {"period": "2025-26"})
    html = page.content.decode()
    assert "The dashboards are showing the imported dataset ‘Census 2025-26 draft’" in html
    referrals = next(v for v in page.context["views"] if v.code == "referrals")
    assert referrals.numerator == 4  # the four referrals of the fixture, not the (empty) live record

    client.post(reverse("returns-live-record"))
    assert DATASET_SESSION_KEY not in client.session
    html = client.get(
        reverse("performance-dashboard", args=["front-door"]), {"period": "2025-26"}
    ).content.decode()
    assert "imported dataset" not in html


def test_failures_are_paginated_50_a_page(client, analyst, tmp_path: Path) -> None:
    """60 children with sex "X" and 4 disability codes in all: 60 failures of rule 4180 and one
    of 2887Q (fewer than 8 codes used), so 61 failures on two pages (50 + 11)."""
    from continuum.returns.cin.generate import upn_with_check_letter
    from tests.returns.cin_xml import child, message

    upns = [upn_with_check_letter(f"202123456{i:03d}") for i in range(60)]
    children = [child(la_child_id=f"P{i:03d}", upn=upn, sex="X") for i, upn in enumerate(upns)]
    path = tmp_path / "sixty.xml"
    path.write_text(message(*children), encoding="utf-8")
    upload = upload_files(client, _file(path))
    assert (upload.errors, upload.queries) == (60, 1)
    detail = reverse("returns-upload-detail", args=[upload.token])
    first = client.get(detail).content.decode()
    assert "Failures 1 to 50 of 61, page 1 of 2" in first
    assert 'rel="next"' in first
    second = client.get(detail, {"page": "2"}).content.decode()
    assert "Failures 51 to 61 of 61, page 2 of 2" in second
    assert 'rel="prev"' in second
    assert "page 2 of 2" in client.get(detail, {"page": "99"}).content.decode()  # beyond the end: the last


def test_ssda903_csvs_and_a_cin_file_make_one_report(client, analyst, tmp_path: Path) -> None:
    """An SSDA903 return whose one episode has LS "Z9" (rule 144, row 2 of the episodes file) and
    the CIN "errors" file: 1 + 9 failures, each row naming its own file."""
    from tests.returns.ssda903_rows import episode
    from tests.returns.test_ssda903_cli import _clean, _write

    data = _clean()
    data["episodes"] = [episode(LS="Z9")]
    csvs = [Path(p) for p in _write(tmp_path / "903", data)]
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in csvs]
    upload = upload_files(client, *files, _file(FIXTURES / "cin_small_errors.xml"))
    assert (upload.errors, upload.queries, upload.children) == (9, 1, 3)
    response = client.get(reverse("returns-report-download", args=[upload.token, "failures.csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    legal_status = [r for r in rows if r["Rule"] == "144"]
    assert [(r["File"], r["Child (LAchildID)"], r["Table"], r["Field"], r["Line"]) for r in legal_status] == [
        ("903_episodes.csv", "1", "episodes", "LS", "2")
    ]
    assert {r["File"] for r in rows} == {"903_episodes.csv", "cin_small_errors.xml"}


def test_the_report_page_says_which_rules_could_not_run(client, analyst, tmp_path: Path) -> None:
    """An SSDA903 upload has no provider information or postcode directory, so their rules are
    listed as not checked on the report page (never shown as passed), in the upload page's words
    (no command-line option such as ``--postcodes``)."""
    from tests.returns.test_ssda903_cli import _clean, _write

    csvs = [Path(p) for p in _write(tmp_path / "903", _clean())]
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in csvs]
    upload = upload_files(client, *files)
    page = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert 'id="not-checked"' in page
    # One line per reason, its rules in code order, in the upload page's words.
    assert (
        "No provider information was uploaded (‘Provider information’ on the upload page): "
        "rules 219, 221, 224, 227, 228, 229</li>"
    ) in page
    assert (
        "No postcode directory was uploaded (‘ONS Postcode Directory’ on the upload page): "
        "rules 164, 169, 179, 392a, 406, 411, 420, 452, 453, 454, 503G, 503H, 503J, 1015</li>"
    ) in page
    assert (
        "Last year’s return was not uploaded (‘Last year’s SSDA903 files’ on the upload page): rules 202, "
        in page
    )
    assert "--postcodes" not in page
    assert "--previous" not in page


def test_an_unknown_element_is_reported_and_the_rest_checked(client, analyst) -> None:
    """A CIN file with an element its layout does not have is checked, not refused: the element
    is on the report page under Continuum's own checks, apart from the DfE's rules."""
    upload = upload_files(client, _file(BROKEN / "cin_unknown_in_cindetails.xml"))
    assert upload.status != ReturnUpload.Status.FAILED
    assert (upload.errors, upload.children) == (1, 2)
    page = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "Continuum’s own checks (not DfE rules)" in page
    assert "CONTINUUM-CIN01" in page
