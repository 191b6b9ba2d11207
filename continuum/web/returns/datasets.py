"""Imported datasets shown on the dashboards: which one this session chose, and its tables.

Why per upload: a dataset is made from one upload's files and is deleted
with them by retention, so no imported copy of children's data outlives the
files it came from. The import itself (atomic, in the background) is
:func:`continuum.returns.services.import_into_dataset`, run by
:func:`continuum.web.returns.jobs.start_import`.

Which data the dashboards show is a choice kept in the session
(:data:`DATASET_SESSION_KEY`, holding the upload's random token); the
dashboards read it through :func:`dataset_source`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.http import HttpRequest

from continuum.metrics.provisional import council_settings
from continuum.web.dashboards.source import Source
from continuum.web.returns.models import ReturnUpload

__all__ = ["DATASET_SESSION_KEY", "Chosen", "chosen_dataset", "dataset_source"]

DATASET_SESSION_KEY = "continuum.dashboard_dataset"

_lock = threading.Lock()
_cache: dict[tuple[str, object], Source] = {}


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
        settings=council_settings(),
    )
    with _lock:
        if len(_cache) >= 4:  # a few datasets at most: they can be large
            _cache.clear()
        _cache[key] = source
    return source
