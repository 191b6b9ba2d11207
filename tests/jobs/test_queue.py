"""The PostgreSQL queue for real: a worker killed mid-job, the job retried or failed with its reason.

The worker is procrastinate's own, in a child process (so it can be killed
with SIGKILL, as the out-of-memory killer or a power cut would) and in this
process (:func:`run_queued_jobs`). The job is the return upload's validation
of the hand-written fixture ``cin_small_errors.xml`` (2 children, 8 errors,
1 query): the killed worker is stuck half-way through writing the report, so
a temporary folder holds one file of four when it dies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from continuum.core import roles
from continuum.jobs.recovery import recover_stalled
from continuum.web.returns import jobs
from continuum.web.returns.models import ReturnUpload
from tests.jobs.worker import run_queued_jobs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "returns" / "fixtures" / "cin_small_errors.xml"

pytestmark = pytest.mark.django_db(transaction=True)

#: A worker whose report writing stops after the first file, until it is killed.
STUCK_WORKER = """
import sys, time
import django
django.setup()
from django.db import connections
connections["default"].settings_dict["NAME"] = sys.argv[1]
from continuum.returns.report import Report
def stuck(self, out_dir, stem="validation"):
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "validation_summary.csv").write_text("rule,count\\n", encoding="utf-8")
    time.sleep(600)
Report.write_all = stuck
from continuum.jobs.worker import run_worker
run_worker(concurrency=1)
"""


@pytest.fixture
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.CONTINUUM_RETURN_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads"


def _temporary(upload: ReturnUpload) -> list[str]:
    return sorted(p.name for p in upload.folder.iterdir() if p.name.startswith("."))


def _killed_mid_report(client, make_user, upload_dir: Path) -> ReturnUpload:  # type: ignore[no-untyped-def]
    """Upload, let a worker process start the check, and kill it while it writes the report."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    data = SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes(), content_type="text/xml")
    response = client.post(reverse("returns-upload"), {"files": [data]})
    upload = ReturnUpload.objects.get(token=response["Location"].rstrip("/").rsplit("/", 1)[1])
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="continuum.settings")
    env["CONTINUUM_RETURN_UPLOAD_DIR"] = str(upload_dir)
    worker = subprocess.Popen(
        [sys.executable, "-c", STUCK_WORKER, connection.settings_dict["NAME"]], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 120
        while not (upload.folder.is_dir() and _temporary(upload)):
            assert time.monotonic() < deadline, "the worker never started writing the report"
            assert worker.poll() is None, "the worker stopped by itself"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    upload.refresh_from_db()
    # Cut off mid-way: still "checking", a temporary folder half-written, no report.
    assert upload.status == ReturnUpload.Status.RUNNING
    assert upload.runner.endswith(", attempt 1")
    assert len(_temporary(upload)) == 1
    assert not upload.report_dir.exists()
    return upload


def _recover(**kwargs: int) -> tuple[int, int]:
    """``recover_stalled`` run to completion on a thread of its own.

    The browser tests' Playwright keeps an event loop running on the main thread for the rest of
    the session, and ``async_to_sync`` refuses to run there; a fresh thread has no loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(recover_stalled), **kwargs).result()


def test_a_job_killed_mid_way_is_retried_and_nothing_half_written_remains(
    client, make_user, upload_dir: Path
) -> None:
    upload = _killed_mid_report(client, make_user, upload_dir)
    # The worker's heartbeat stopped: recovery puts the job back on the queue; a new worker runs it.
    assert _recover(seconds_since_heartbeat=0) == (1, 0)
    run_queued_jobs()
    upload.refresh_from_db()
    assert upload.status == ReturnUpload.Status.SUCCEEDED
    assert upload.runner.endswith(", attempt 2")
    assert (upload.children, upload.errors, upload.queries) == (2, 8, 1)
    assert _temporary(upload) == []
    assert sorted(p.name for p in upload.report_dir.iterdir()) == [
        "validation.xlsx",
        "validation_failures.csv",
        "validation_failures.parquet",
        "validation_not_checked.csv",
        "validation_returns.csv",
        "validation_summary.csv",
    ]
    job = ProcrastinateJob.objects.get(task_name="returns.validate", args__upload_id=upload.pk)
    assert (job.status, job.attempts) == ("succeeded", 2)  # two runs: the one killed, the one that finished


def test_a_job_cut_off_again_is_marked_failed_with_its_reason(client, make_user, upload_dir: Path) -> None:
    upload = _killed_mid_report(client, make_user, upload_dir)
    assert _recover(seconds_since_heartbeat=0, retries=0) == (0, 1)
    upload.refresh_from_db()
    assert upload.status == ReturnUpload.Status.FAILED
    assert upload.problem == jobs.CUT_OFF
    assert _temporary(upload) == []
    assert not upload.report_dir.exists()
    html = client.get(reverse("returns-upload-detail", args=[upload.token])).content.decode()
    assert "The service restarted while these files were being checked. Upload them again." in html
    job = ProcrastinateJob.objects.get(task_name="returns.validate", args__upload_id=upload.pk)
    assert job.status == "failed"


def test_an_import_given_up_frees_its_name_and_leaves_no_dataset(upload_dir: Path) -> None:
    upload = ReturnUpload.objects.create(
        status=ReturnUpload.Status.SUCCEEDED,
        import_status=ReturnUpload.Status.RUNNING,
        dataset_name="Draft",
    )
    (upload.folder / ".dataset-cut").mkdir(parents=True)  # half-written by the worker that died
    job_id = jobs.start_import(upload.pk)
    # As a worker that took the job and died leaves it: "doing", its worker gone.
    ProcrastinateJob.objects.filter(pk=job_id).update(status="doing", attempts=1)
    assert _recover(seconds_since_heartbeat=0) == (0, 1)
    upload.refresh_from_db()
    assert (upload.import_status, upload.import_problem) == (ReturnUpload.Status.FAILED, jobs.IMPORT_CUT_OFF)
    assert upload.dataset_name == ""
    assert list(upload.folder.iterdir()) == []


def test_the_schedule_is_in_one_place() -> None:
    import continuum.jobs.tasks  # noqa: F401  (the worker imports it: PROCRASTINATE_IMPORT_PATHS)

    schedule = {p.periodic_id: (p.task.name, p.cron) for p in app.periodic_registry.periodic_tasks.values()}
    assert schedule["recover-stalled"] == ("jobs.recover_stalled", "* * * * *")
    assert schedule["nightly-purge"] == ("returns.purge", "30 2 * * *")
    assert schedule["monthly-report-draft"] == ("reports.monthly_draft", "0 6 * * 1-5")
