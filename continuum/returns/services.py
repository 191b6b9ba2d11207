"""Every write to an uploaded return: the upload with its files, its jobs' progress, its import, retention.

Why one module: an upload's row, its folder of files, its report and its
dataset live and die together (see :mod:`continuum.web.returns.models`), and
the rules that keep them together (a row is never marked imported without a
whole dataset folder; a failed import leaves no folder and frees its name;
retention deletes the folder with the row) are easier to keep when nothing
else writes them. The pages (:mod:`continuum.web.returns.views`), the
background jobs (:mod:`continuum.web.returns.jobs`) and ``./run returns
purge`` only call these functions; ``tests/returns/test_services.py`` tests
them without the web.

What is checked where: a file's kind, size and opening bytes are the upload
form's (its messages name the field); the rules the data itself must keep
(at least one return file, a known group, a dataset name free and not
blank) are checked here too, so no caller can skip them.

Starting a background job is the caller's: a function that writes can take
``start`` and it is run with the upload's id once the transaction commits
(it queues the job, :mod:`continuum.web.returns.jobs`), so a job never
starts on a row its worker cannot yet see.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from continuum.web.returns.models import FILE_GROUPS, ReturnUpload

__all__ = [
    "DATASET_NAME_MAX",
    "ImportRequest",
    "Purged",
    "Requested",
    "ReturnUploadError",
    "create_upload",
    "dataset_name_problem",
    "import_failed",
    "import_into_dataset",
    "import_started",
    "normalise_dataset_name",
    "purge_expired",
    "record_import_progress",
    "record_progress",
    "request_import",
    "safe_name",
    "validation_failed",
    "validation_started",
    "validation_succeeded",
]

logger = logging.getLogger(__name__)

#: The longest dataset name (the model's ``dataset_name`` field).
DATASET_NAME_MAX = 100

Start = Callable[[int], object]


class UploadedFileLike(Protocol):
    """What is read of an uploaded file: Django's ``UploadedFile`` and ``File`` both serve."""

    name: str | None
    size: int | None

    def chunks(self) -> Any: ...


class ReturnUploadError(ValueError):
    """A write refused by one of the rules above; nothing was written. The message is for the user."""


def safe_name(name: str) -> str:
    """The file's own name, reduced to letters, digits, dot, dash and underscore (for storing it)."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")
    return cleaned[:100] or "file"


def _update(upload_id: int, **fields: object) -> None:
    ReturnUpload.objects.filter(pk=upload_id).update(**fields)


def _run_on_commit(start: Start | None, upload_id: int) -> None:
    if start is not None:
        transaction.on_commit(lambda: start(upload_id))


# --- The upload and its files ---------------------------------------------------------------


def create_upload(
    groups: Mapping[str, Sequence[UploadedFileLike]],
    *,
    description: str = "",
    uploaded_by: Any = None,
    runner: str = "",
    start: Start | None = None,
) -> ReturnUpload:
    """Store an upload's row and files (each group in its own folder), after purging expired uploads.

    ``groups`` maps a :data:`FILE_GROUPS` key to its files; ``files`` (this
    year's return) must hold at least one. Atomic: if a file cannot be
    written the row is not kept and the folder is removed. ``start`` (the
    validation job) runs once the row is committed.
    """
    unknown = set(groups) - set(FILE_GROUPS)
    if unknown:
        raise ReturnUploadError(f"Unknown file group: {', '.join(sorted(unknown))}")
    if not groups.get("files"):
        raise ReturnUploadError("Select a CIN census XML file or SSDA903 CSV files to upload")
    if len(description) > 200:
        raise ReturnUploadError("Description must be 200 characters or fewer")
    purge_expired()
    with transaction.atomic():
        upload = ReturnUpload.objects.create(
            description=description,
            uploaded_by=uploaded_by,
            runner=runner,
            stage="Waiting to start",
            **{
                group: [{"name": safe_name(f.name or ""), "size": f.size} for f in groups.get(group, ())]
                for group in FILE_GROUPS
            },
        )
        try:
            for group, files in groups.items():
                _save_files(upload, group, files)
        except BaseException:
            shutil.rmtree(upload.folder, ignore_errors=True)
            raise
        _run_on_commit(start, upload.pk)
    return upload


def _save_files(upload: ReturnUpload, group: str, files: Sequence[UploadedFileLike]) -> None:
    """Store one group's files in its own folder of the upload's (so retention deletes them too)."""
    if not files:
        return
    folder = upload.group_dir(group)
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        with (folder / safe_name(f.name or "")).open("wb") as out:
            for chunk in f.chunks():
                out.write(chunk)


# --- The validation job ---------------------------------------------------------------------


def _discard_partial(upload_id: int, *, report: bool = False) -> None:
    """Remove what a job cut off mid-way left: its temporary folders (and the report, if asked)."""
    upload = ReturnUpload.objects.filter(pk=upload_id).first()
    if upload is None or not upload.folder.is_dir():
        return
    for leftover in (*upload.folder.glob(".report-*"), *upload.folder.glob(".dataset-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    if report:
        shutil.rmtree(upload.report_dir, ignore_errors=True)


def validation_started(upload_id: int, *, runner: str = "") -> None:
    """Mark the check running (again, if a cut-off run is retried: its leftovers are cleared first)."""
    _discard_partial(upload_id)
    _update(upload_id, status=ReturnUpload.Status.RUNNING, runner=runner)


def record_progress(upload_id: int, stage: str, percent: int) -> None:
    """What the validation's progress page shows: the stage and how far (0-100) it has got."""
    _update(upload_id, stage=stage, percent=percent)


def validation_succeeded(upload_id: int, *, children: int, errors: int, queries: int) -> None:
    """Mark the files checked, with the report's counts (the report is already in place)."""
    _update(
        upload_id,
        status=ReturnUpload.Status.SUCCEEDED,
        stage="",
        percent=100,
        children=children,
        errors=errors,
        queries=queries,
        finished_at=timezone.now(),
    )


def validation_failed(upload_id: int, problem: str) -> None:
    """Mark the files as not checked and remove any report; ``problem`` names the file and line."""
    _discard_partial(upload_id, report=True)
    _update(
        upload_id,
        status=ReturnUpload.Status.FAILED,
        problem=problem,
        stage="",
        finished_at=timezone.now(),
    )


# --- The import into a dataset --------------------------------------------------------------


def normalise_dataset_name(name: str) -> str:
    """The name as stored and compared: runs of spaces made one, none at either end."""
    return " ".join(name.split())


def dataset_name_problem(name: str) -> str | None:
    """Why ``name`` (normalised) cannot name a new dataset, or None.

    A name is taken while a dataset holds it or an import that will make one
    is under way (case ignored), so two imports cannot both take it.
    """
    if not name:
        return "Enter a name for the dataset"
    if len(name) > DATASET_NAME_MAX:
        return f"Dataset name must be {DATASET_NAME_MAX} characters or fewer"
    taken = Q(dataset_imported_at__isnull=False) | Q(
        import_status__in=(ReturnUpload.Status.QUEUED, ReturnUpload.Status.RUNNING)
    )
    if ReturnUpload.objects.filter(taken, dataset_name__iexact=name).exists():
        return f"A dataset called {name} already exists. Enter a different name"
    return None


class Requested(StrEnum):
    """What asking for an import came to."""

    QUEUED = "queued"
    ALREADY_IMPORTED = "already imported"
    ALREADY_IMPORTING = "already importing"
    NOT_ASKED = "not asked"


@dataclass(frozen=True)
class ImportRequest:
    """The outcome of :func:`request_import` and the upload as it now stands."""

    outcome: Requested
    upload: ReturnUpload


def request_import(
    upload: ReturnUpload, name: str | None, *, runner: str = "", start: Start | None = None
) -> ImportRequest:
    """Queue the import of a checked upload as the dataset ``name``; ``start`` runs it after commit.

    One import per upload at a time: the row is locked, so a second request
    waits, then finds the dataset made (``ALREADY_IMPORTED``) or under way
    (``ALREADY_IMPORTING``). ``name`` None (the caller's form refused it)
    comes back ``NOT_ASKED`` unless one of those holds. Raises
    :class:`ReturnUploadError` if the files are not checked or the name
    cannot be used (see :func:`dataset_name_problem`).
    """
    if upload.status != ReturnUpload.Status.SUCCEEDED:
        raise ReturnUploadError("Only checked files can be imported")
    with transaction.atomic():
        upload = ReturnUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.has_dataset:
            return ImportRequest(Requested.ALREADY_IMPORTED, upload)
        if upload.importing:
            return ImportRequest(Requested.ALREADY_IMPORTING, upload)
        if name is None:
            return ImportRequest(Requested.NOT_ASKED, upload)
        name = normalise_dataset_name(name)
        problem = dataset_name_problem(name)
        if problem:
            raise ReturnUploadError(problem)
        upload.dataset_name = name
        upload.import_status = ReturnUpload.Status.QUEUED
        upload.import_stage = "Waiting to start"
        upload.import_percent = 0
        upload.import_problem = ""
        upload.import_unmapped = []
        upload.runner = runner
        upload.save(
            update_fields=[
                "dataset_name",
                "import_status",
                "import_stage",
                "import_percent",
                "import_problem",
                "import_unmapped",
                "runner",
            ]
        )
        _run_on_commit(start, upload.pk)
    return ImportRequest(Requested.QUEUED, upload)


def import_started(upload_id: int, *, runner: str = "") -> None:
    """Mark the import running (again, if a cut-off run is retried: its leftovers are cleared first)."""
    _discard_partial(upload_id)
    _update(upload_id, import_status=ReturnUpload.Status.RUNNING, runner=runner)


def record_import_progress(upload_id: int, stage: str, percent: int) -> None:
    """What the import's progress page shows."""
    _update(upload_id, import_stage=stage, import_percent=percent)


def import_into_dataset(upload: ReturnUpload) -> list[str]:
    """Build the upload's dataset folder, then mark the row imported; return what could not be mapped.

    Atomic: the importer parses every file before anything is written (an
    unreadable one raises :class:`~continuum.returns.report.ReturnFileError`
    and nothing is loaded), the tables are written into a temporary folder
    renamed to ``dataset/`` only when all are written, and if the row cannot
    then be marked the folder is removed again. This year's files and last
    year's SSDA903 files are imported; earlier years' Episodes files are not
    (without their other tables they are not a return).
    """
    from continuum.returns.importer import import_files

    pk = upload.pk
    record_import_progress(pk, "Reading the files", 10)
    result = import_files([*upload.paths("files"), *upload.paths("previous_files")])
    record_import_progress(pk, "Writing the dataset", 70)
    tmp = upload.folder / f".dataset-{uuid.uuid4().hex}"
    try:
        result.write_parquet(tmp)
        if upload.dataset_dir.exists():  # left by an import cut off before it was marked
            shutil.rmtree(upload.dataset_dir)
        tmp.rename(upload.dataset_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        _update(
            pk,
            import_status=ReturnUpload.Status.SUCCEEDED,
            import_stage="",
            import_percent=100,
            import_unmapped=result.unmapped,
            dataset_imported_at=timezone.now(),
        )
    except Exception:
        shutil.rmtree(upload.dataset_dir, ignore_errors=True)
        raise
    return result.unmapped


def import_failed(upload_id: int, problem: str) -> None:
    """Mark the import failed, free the dataset's name and remove anything it wrote."""
    upload = ReturnUpload.objects.filter(pk=upload_id).first()
    if upload is not None and not upload.has_dataset:
        shutil.rmtree(upload.dataset_dir, ignore_errors=True)
        _discard_partial(upload_id)
    _update(
        upload_id,
        import_status=ReturnUpload.Status.FAILED,
        import_problem=problem,
        import_stage="",
        dataset_name="",
        dataset_imported_at=None,
    )


# --- Retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    """How many uploads (of which, with an imported dataset) and stray folders were deleted."""

    uploads: int
    datasets: int
    stray_folders: int


def purge_expired(now: datetime | None = None) -> Purged:
    """Delete every upload older than the retention setting, with its files and dataset.

    Why: return files name every child in need or looked after, and the
    council sets how long copies may be kept
    (``CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS``). Runs on every upload and
    from ``./run returns purge`` and the nightly job (:mod:`continuum.jobs.tasks`). Any folder under the
    upload directory that no row owns (left by a crash) goes too once it is
    as old. Only counts are logged.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS))
    expired = list(ReturnUpload.objects.filter(uploaded_at__lt=cutoff))
    datasets = sum(1 for u in expired if u.has_dataset)
    for upload in expired:
        shutil.rmtree(upload.folder, ignore_errors=True)
    ReturnUpload.objects.filter(pk__in=[u.pk for u in expired]).delete()
    stray = _purge_stray_folders(cutoff)
    result = Purged(len(expired), datasets, stray)
    logger.info(
        "Return uploads purged: %d uploads, %d datasets, %d stray folders",
        result.uploads,
        result.datasets,
        result.stray_folders,
    )
    return result


def _purge_stray_folders(cutoff: datetime) -> int:
    root = Path(settings.CONTINUUM_RETURN_UPLOAD_DIR)
    if not root.is_dir():
        return 0
    known = set(ReturnUpload.objects.values_list("token", flat=True))
    n = 0
    for folder in root.iterdir():
        if folder.name in known or not folder.is_dir():
            continue
        if datetime.fromtimestamp(folder.stat().st_mtime, tz=cutoff.tzinfo) < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            n += 1
    return n
