"""Validating uploaded returns in the background, so the upload page answers at once.

Why a thread: the app is served by one process, and validation is DuckDB
work that releases the GIL, so a thread per upload keeps the page responsive
without a queue server. The job writes its report into a temporary folder
and renames it into place, then marks the upload "checked" in one update: a
reader sees either no report or a whole one.

A crash cannot leave a job "checking" for ever: each upload records the
process that runs it (:data:`PROCESS_TOKEN`). A job still queued or running
under any other process was cut off by a restart, and :func:`reap_if_orphaned`
marks it failed when its page is next opened. Exceptions inside the job mark
it failed too; the log records the exception's type only, never its message,
which could quote a value from the file.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from pathlib import Path

from django.db import close_old_connections, connection
from django.utils import timezone

from continuum.returns.report import Report, ReturnFileError, Severity
from continuum.web.returns.models import ReturnUpload

__all__ = ["PROCESS_TOKEN", "readable", "reap_if_orphaned", "run_validation", "start_validation"]

logger = logging.getLogger(__name__)

#: Identifies this process among all that ever ran jobs (pid alone is reused).
PROCESS_TOKEN = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"

CUT_OFF = "The service restarted while these files were being checked. Upload them again."
BROKE = (
    "Something went wrong while checking these files. Upload them again; "
    "if it happens again, tell your system administrator."
)


def start_validation(upload_id: int) -> threading.Thread:
    """Run :func:`run_validation` for the upload in a background thread."""
    thread = threading.Thread(
        target=run_validation, args=(upload_id,), name=f"return-upload-{upload_id}", daemon=True
    )
    thread.start()
    return thread


def _update(upload_id: int, **fields: object) -> None:
    ReturnUpload.objects.filter(pk=upload_id).update(**fields)


def _progress(upload_id: int, done: int, steps: int, stage: str) -> None:
    """Record a stage; the percentage runs from 5 (started) to 95 (writing the report)."""
    _update(upload_id, stage=stage, percent=5 + (90 * done) // max(steps, 1))


def run_validation(upload_id: int) -> None:
    """Validate the upload's files and write its report; never raises."""
    close_old_connections()
    try:
        _validate(ReturnUpload.objects.get(pk=upload_id))
    except ReturnFileError as err:
        _fail(upload_id, readable(err))
    except Exception as exc:  # the job must end marked, whatever happened
        logger.error("Return upload %s failed: %s", upload_id, type(exc).__name__)
        _fail(upload_id, BROKE)
    finally:
        connection.close()


def _fail(upload_id: int, problem: str) -> None:
    _update(
        upload_id,
        status=ReturnUpload.Status.FAILED,
        problem=problem,
        stage="",
        finished_at=timezone.now(),
    )


def readable(err: ReturnFileError) -> str:
    """The parser's message with the stored path replaced by the uploaded file's name."""
    where = Path(err.path).name
    if err.line:
        where += f", line {err.line}"
    return f"{where}: {err.problem}"


def _validate(upload: ReturnUpload) -> None:
    from continuum.returns.cin import validate_cin
    from continuum.returns.ssda903 import validate_903

    pk = upload.pk
    _update(pk, status=ReturnUpload.Status.RUNNING, runner=PROCESS_TOKEN)
    paths = [upload.files_dir / f["name"] for f in upload.files]
    csvs = [p for p in paths if p.suffix.lower() == ".csv"]
    xmls = [p for p in paths if p.suffix.lower() != ".csv"]
    steps = len(xmls) + (1 if csvs else 0)
    reports: list[Report] = []
    done = 0
    if csvs:
        _progress(pk, done, steps, f"Checking the SSDA903 return ({len(csvs)} CSV files)")
        reports.append(validate_903(csvs))
        done += 1
    for path in xmls:
        _progress(pk, done, steps, f"Checking the CIN census file {path.name}")
        reports.append(validate_cin(path))
        done += 1
    _update(pk, stage="Writing the report", percent=95)
    merged = Report.merge(reports)
    stored = set(merged.failures["file"].to_pylist()) | set(merged.files)
    report = merged.with_file_names({f: Path(f).name for f in stored if f})
    _write_report(upload, report)
    _update(
        pk,
        status=ReturnUpload.Status.SUCCEEDED,
        stage="",
        percent=100,
        children=report.children,
        errors=report.count(Severity.ERROR),
        queries=report.count(Severity.QUERY),
        finished_at=timezone.now(),
    )


def _write_report(upload: ReturnUpload, report: Report) -> None:
    """Write every format into a temporary folder, then move it into place whole."""
    tmp = upload.folder / f".report-{uuid.uuid4().hex}"
    try:
        report.write_all(tmp)
        if upload.report_dir.exists():
            shutil.rmtree(upload.report_dir)
        tmp.rename(upload.report_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def reap_if_orphaned(upload: ReturnUpload) -> ReturnUpload:
    """Mark failed an unfinished upload whose job belonged to a process that has gone."""
    if not upload.finished and upload.runner != PROCESS_TOKEN:
        _fail(upload.pk, CUT_OFF)
        upload.refresh_from_db()
    return upload
