"""Validating and importing uploaded returns in the background, so the pages answer at once.

Why a queue: the checks are minutes of DuckDB work on a large return, and
must survive a restart of the web server; each is a job on the PostgreSQL
queue (:mod:`continuum.jobs`), queued when the upload's row commits and run
by a worker process. The job writes its report into a temporary folder and
renames it into place, then marks the upload "checked" in one update: a
reader sees either no report or a whole one.

A worker killed mid-job leaves the job "doing"; :mod:`continuum.jobs.recovery`
runs it again from the start (the temporary folders it left are cleared when
the job starts again) and, if it is cut off again, marks the upload failed
with :data:`CUT_OFF` and removes what it had written. Exceptions inside the
job mark it failed too; the log records the exception's type only, never its
message, which could quote a value from the file.

The import (:func:`start_import`) is the same kind of job, with its own
status fields (``import_*``), so the report stays readable while it runs. It
builds the dataset in a temporary folder and renames it into place before
the row is marked imported: a failure at any point leaves no dataset, and
frees the dataset's name for another try.

The export (:func:`start_export`) writes a statutory return from the live record
(:mod:`.exports`) on the same queue, with the same guarantees: files whole or none,
a cut-off run retried from the start, and any failure marked on its row with a reason.

The jobs write to the upload's row only through :mod:`continuum.returns.services`,
and to an export's only through :mod:`.exports`.
"""

from __future__ import annotations

import logging
import shutil
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from procrastinate import JobContext
from procrastinate.contrib.django import app

from continuum.jobs.recovery import on_cut_off
from continuum.returns import services
from continuum.returns.report import Report, ReturnFileError, Severity
from continuum.web.returns import exports
from continuum.web.returns.fix_links import with_records
from continuum.web.returns.models import ReturnExport, ReturnUpload

__all__ = [
    "readable",
    "run_export",
    "run_import",
    "run_validation",
    "start_export",
    "start_import",
    "start_validation",
]

logger = logging.getLogger(__name__)

CUT_OFF = "The service restarted while these files were being checked. Upload them again."
BROKE = (
    "Something went wrong while checking these files. Upload them again; "
    "if it happens again, tell your system administrator."
)


IMPORT_CUT_OFF = (
    "The service restarted while this dataset was being imported. Nothing was imported. Try again."
)
IMPORT_BROKE = (
    "Something went wrong while importing these files. Nothing was imported. Try again; "
    "if it happens again, tell your system administrator."
)

EXPORT_CUT_OFF = "The service restarted while this return was being written. Export it again."
EXPORT_BROKE = (
    "Something went wrong while writing this return. Export it again; "
    "if it happens again, tell your system administrator."
)


@app.task(name="returns.validate", pass_context=True)
def validate_task(context: JobContext, upload_id: int) -> None:
    run_validation(upload_id, runner=_runner(context))


@app.task(name="returns.import", pass_context=True)
def import_task(context: JobContext, upload_id: int) -> None:
    run_import(upload_id, runner=_runner(context))


@app.task(name="returns.export", pass_context=True)
def export_task(context: JobContext, export_id: int) -> None:
    run_export(export_id, runner=_runner(context))


def _runner(context: JobContext) -> str:
    """What the upload records as running it: the queue's job (attempts count its retries)."""
    job = context.job
    return f"job {job.id}, attempt {job.attempts + 1}"


def start_validation(upload_id: int) -> int:
    """Queue :func:`run_validation` for the upload; return the queue's job id."""
    return validate_task.defer(upload_id=upload_id)


def start_import(upload_id: int) -> int:
    """Queue :func:`run_import` for the upload; return the queue's job id."""
    return import_task.defer(upload_id=upload_id)


def start_export(export_id: int) -> int:
    """Queue :func:`run_export` for the export; return the queue's job id."""
    return export_task.defer(export_id=export_id)


@on_cut_off("returns.validate")
def _validation_cut_off(upload_id: int) -> None:
    services.validation_failed(upload_id, CUT_OFF)


@on_cut_off("returns.import")
def _import_cut_off(upload_id: int) -> None:
    services.import_failed(upload_id, IMPORT_CUT_OFF)


@on_cut_off("returns.export")
def _export_cut_off(export_id: int) -> None:
    exports.export_failed(export_id, EXPORT_CUT_OFF)


def _progress(upload_id: int, done: int, steps: int, stage: str) -> None:
    """Record a stage; the percentage runs from 5 (started) to 95 (writing the report)."""
    services.record_progress(upload_id, stage, 5 + (90 * done) // max(steps, 1))


def _run(
    upload_id: int,
    work: Callable[[ReturnUpload, str], None],
    fail: Callable[[int, str], None],
    broke: str,
    runner: str,
) -> None:
    """Run one job's ``work``; whatever happens, the job ends marked (``fail`` on any error)."""
    close_old_connections()
    try:
        upload = ReturnUpload.objects.get(pk=upload_id)
        try:
            work(upload, runner)
        except ReturnFileError as err:
            fail(upload_id, readable(err, upload.shown_names()))
    except Exception as exc:  # the job must end marked, whatever happened
        logger.error("Return upload %s job failed: %s at %s", upload_id, type(exc).__name__, _where(exc))
        fail(upload_id, broke)
    finally:
        connection.close()


def _where(exc: BaseException) -> str:
    """The code locations of an exception (file and line), never its message."""
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))


def run_validation(upload_id: int, *, runner: str = "") -> None:
    """Validate the upload's files and write its report; never raises."""
    _run(upload_id, _validate, services.validation_failed, BROKE, runner)


def run_import(upload_id: int, *, runner: str = "") -> None:
    """Import the upload's files as its dataset; never raises, never leaves half a dataset."""
    _run(upload_id, _import, services.import_failed, IMPORT_BROKE, runner)


def run_export(export_id: int, *, runner: str = "") -> None:
    """Write the export's return and zip it; never raises, never leaves half the files.

    The exporters say why they cannot write a return with a ``ValueError`` (tables holding
    several authorities, a council code that is not a DfE LA number), and the page shows it as
    the command line does; anything else is logged by type and place only (its message could
    quote the record), and the page says something went wrong.
    """
    close_old_connections()
    try:
        export = ReturnExport.objects.get(pk=export_id)
        exports.export_started(export_id, runner=runner)
        try:
            files = exports.write_return(
                export, lambda stage, pct: exports.record_progress(export_id, stage, pct)
            )
        except ValueError as err:
            reason = str(err)
            what = f"The {export.get_kind_display()} for {export.year_label} could not be written: {reason}"
            exports.export_failed(export_id, what)
            return
        exports.export_succeeded(export_id, files)
    except Exception as exc:  # the job must end marked, whatever happened
        logger.error("Return export %s job failed: %s at %s", export_id, type(exc).__name__, _where(exc))
        exports.export_failed(export_id, EXPORT_BROKE)
    finally:
        connection.close()


def readable(err: ReturnFileError, names: dict[str, str] | None = None) -> str:
    """The parser's message with the stored path replaced by the uploaded file's name."""
    where = (names or {}).get(err.path) or Path(err.path).name
    if err.line:
        where += f", line {err.line}"
    return f"{where}: {err.problem}"


def _validate(upload: ReturnUpload, runner: str) -> None:
    """Check every return among the files (each year with its own rules), then write the report."""
    from continuum.returns.validate import validate_files

    pk = upload.pk
    services.validation_started(pk, runner=runner)
    csvs = sum(1 for p in upload.paths("files") if p.suffix.lower() == ".csv")

    def progress(done: int, steps: int, what: str) -> None:
        stage = what + _ssda903_extras(upload) if what.startswith("Checking the SSDA903") else what
        _progress(pk, done, steps, stage)

    providers, postcodes = upload.paths("provider_files"), upload.paths("postcode_files")
    merged = validate_files(
        upload.paths("files"),
        previous=upload.paths("previous_files") if csvs else (),
        history=upload.paths("history_files") if csvs else (),
        providers=providers[0] if providers else None,
        postcodes=postcodes[0] if postcodes else None,
        la_code=settings.CONTINUUM_LA_CODE,
        progress=progress,
    )
    services.record_progress(pk, "Writing the report", 95)
    stored = set(merged.failures["file"].to_pylist()) | set(merged.files)
    shown = upload.shown_names()
    report = merged.with_file_names({f: shown.get(f) or Path(f).name for f in stored if f})
    report.not_checked = {code: _in_web_words(why) for code, why in report.not_checked.items()}
    report = with_records(report)
    _write_report(upload, report)
    services.validation_succeeded(
        pk,
        children=report.children,
        errors=report.count(Severity.ERROR),
        queries=report.count(Severity.QUERY),
    )


def _in_web_words(why: str) -> str:
    """A "not checked" reason as the upload page says it: the command line's option becomes the
    upload page's field (``--postcodes`` means nothing to someone who never used the command)."""
    from continuum.returns.ssda903.engine import NO_POSTCODES, NO_PREVIOUS, NO_PREVIOUS_FILE, NO_PROVIDERS

    words = {
        NO_POSTCODES: "no postcode directory was uploaded (‘ONS Postcode Directory’ on the upload page)",
        NO_PREVIOUS: "last year’s return was not uploaded (‘Last year’s SSDA903 files’ on the upload page)",
        NO_PROVIDERS: "no provider information was uploaded (‘Provider information’ on the upload page)",
    }
    for said, meant in words.items():
        if why.startswith(said):
            return meant + why[len(said) :]
    before, after = NO_PREVIOUS_FILE.split("{file}")
    if why.startswith(before) and why.endswith(after):  # last year's return given in part
        file = why[len(before) : -len(after)]
        return f"last year’s {file} file was not uploaded (‘Last year’s SSDA903 files’ on the upload page)"
    return why


def _ssda903_extras(upload: ReturnUpload) -> str:
    """What came with the SSDA903 return, for the progress page's stage."""
    extras = []
    if upload.previous_files:
        extras.append("last year’s return")
    if upload.history_files:
        extras.append(f"{len(upload.history_files)} earlier years’ Episodes file(s)")
    if upload.provider_files:
        extras.append("the provider information")
    if upload.postcode_files:
        extras.append("the postcode directory")
    return f", with {' and '.join(extras)}" if extras else ""


def _import(upload: ReturnUpload, runner: str) -> None:
    """Build the dataset and mark it imported (the service undoes the dataset if it cannot mark it)."""
    services.import_started(upload.pk, runner=runner)
    services.import_into_dataset(upload)


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
