"""Retention: uploaded return files, their reports and imported datasets are deleted after N days.

Why: return files name every child in need or looked after. The council sets
how long copies may be kept (``CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS``);
:func:`purge_expired` runs on every upload and from ``./run returns purge``
(for a nightly job). It deletes each expired upload's folder and row, and any
folder under the upload directory that no row owns (left by a crash) once it
is as old. Only counts are logged.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from continuum.web.returns.models import ReturnUpload

__all__ = ["Purged", "purge_expired"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    """How many uploads (of which, with an imported dataset) and stray folders were deleted."""

    uploads: int
    datasets: int
    stray_folders: int


def purge_expired(now: datetime | None = None) -> Purged:
    """Delete every upload older than the retention setting, with its files and dataset."""
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
