"""Imported datasets: an upload's returns loaded into the analytical tables, and shown on the dashboards.

Why per upload: a dataset is made from one upload's files and is deleted
with them by retention, so no imported copy of children's data outlives the
files it came from.

The import runs in the background (:func:`continuum.web.returns.jobs.start_import`)
and is atomic: the importer parses every file before building anything (one
unreadable file raises and nothing is loaded), the tables are written into a
temporary folder that is renamed to ``dataset/`` only when all are written,
and the row is marked imported only after that.

What is imported: this year's files and, when uploaded, last year's SSDA903
files (a return of its own, so the dashboards have last year's figures too).
Earlier years' Episodes files are not imported: without their Header and
other tables they are not a return.

Which data the dashboards show is a choice kept in the session
(:data:`DATASET_SESSION_KEY`, holding the upload's random token); the
dashboards read it through :func:`dataset_source`.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from continuum.web.dashboards.source import Source
from continuum.web.returns.models import ReturnUpload

__all__ = ["DATASET_SESSION_KEY", "Chosen", "chosen_dataset", "dataset_source", "import_dataset"]

DATASET_SESSION_KEY = "continuum.dashboard_dataset"

_lock = threading.Lock()
_cache: dict[tuple[str, object], Source] = {}


def import_dataset(upload: ReturnUpload, stage: Callable[[str, int], None] | None = None) -> list[str]:
    """Write the upload's files as its dataset folder; return what could not be mapped.

    ``stage(text, percent)`` is told how far it has got. Raises
    :class:`~continuum.returns.report.ReturnFileError` and leaves nothing
    behind when a file cannot be read. The caller marks the row imported.
    """
    from continuum.returns.importer import import_files

    tell = stage or (lambda text, percent: None)
    tell("Reading the files", 10)
    result = import_files([*upload.paths("files"), *upload.paths("previous_files")])
    tell("Writing the dataset", 70)
    tmp = upload.folder / f".dataset-{uuid.uuid4().hex}"
    try:
        result.write_parquet(tmp)
        if upload.dataset_dir.exists():  # left by an import cut off before it was marked
            shutil.rmtree(upload.dataset_dir)
        tmp.rename(upload.dataset_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return result.unmapped


@dataclass(frozen=True)
class Chosen:
    """The dataset the dashboards show for this session (for the banner)."""

    token: str
    name: str


def _upload_with_dataset(token: str) -> ReturnUpload | None:
    return ReturnUpload.objects.filter(token=token, dataset_imported_at__isnull=False).first()


def chosen_dataset(request: HttpRequest) -> Chosen | None:
    """The imported dataset chosen in this session, or None for the live record.

    A choice whose dataset has since been deleted is forgotten.
    """
    token = request.session.get(DATASET_SESSION_KEY)
    if not token:
        return None
    upload = _upload_with_dataset(token)
    if upload is None or not upload.dataset_dir.is_dir():
        request.session.pop(DATASET_SESSION_KEY, None)
        return None
    return Chosen(token, upload.dataset_name)


def dataset_source(request: HttpRequest) -> Source | None:
    """The chosen dataset's tables as a dashboard :class:`Source`, or None for the live record."""
    chosen = chosen_dataset(request)
    if chosen is None:
        return None
    upload = _upload_with_dataset(chosen.token)
    if upload is None:
        return None
    key = (chosen.token, upload.dataset_imported_at)
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    from continuum.reports.sources import latest_event_date
    from continuum.returns.export.source import load_parquet

    tables = load_parquet(upload.dataset_dir)
    source = Source(
        tables=tables,
        data_up_to=latest_event_date(tables),
        description=f"the imported dataset ‘{upload.dataset_name}’",
        settings=getattr(settings, "CONTINUUM_INDICATOR_SETTINGS", None) or {},
    )
    with _lock:
        if len(_cache) >= 4:  # a few datasets at most: they can be large
            _cache.clear()
        _cache[key] = source
    return source
