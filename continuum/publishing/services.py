"""Every write to a report version: asking for it, its job's progress, commentary, publishing.

Why here: a version's row and its folder of files live together, and the
rules (a version's number is the next for its report; a published version is
never changed; commentary is kept with the version it explains) hold only if
nothing else writes them. The pages and the jobs (:mod:`.jobs`) call these.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from continuum.publishing.models import ReportVersion

__all__ = [
    "PublishingError",
    "failed",
    "generated",
    "progress",
    "publish",
    "request",
    "save_commentary",
    "started",
]

#: The longest commentary kept for one section (a page or so of text).
COMMENTARY_MAX = 5000


class PublishingError(ValueError):
    """A write refused by one of the rules above; the message is for the user."""


def _update(version_id: int, **fields: object) -> None:
    ReportVersion.objects.filter(pk=version_id).update(**fields)


def request(
    kind: str, period: str, *, by: Any = None, start: Callable[[int], object] | None = None
) -> ReportVersion:
    """A new version of the report for ``period``; ``start`` (its job) is queued when it commits."""
    if kind not in ReportVersion.Kind.values:
        raise PublishingError("Choose a report")
    with transaction.atomic():
        # One number per report: lock the report's versions while the next number is taken.
        taken = ReportVersion.objects.select_for_update().filter(kind=kind, period=period)
        number = (taken.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion.objects.create(
            kind=kind, period=period, number=number, requested_by=by, stage="Waiting to start"
        )
        if start is not None:
            transaction.on_commit(lambda: start(version.pk))
    return version


def started(version_id: int) -> None:
    """Mark the job running (again, after a cut-off: what the earlier run wrote is removed first)."""
    version = ReportVersion.objects.get(pk=version_id)
    shutil.rmtree(version.folder, ignore_errors=True)
    _update(version_id, status=ReportVersion.Status.RUNNING, percent=5, stage="Starting", files={})


def progress(version_id: int, stage: str, percent: int) -> None:
    _update(version_id, stage=stage, percent=percent)


def generated(version_id: int, files: Mapping[str, str], sections: list[str]) -> None:
    """Mark the version ready: its files are already in its folder, whole."""
    _update(
        version_id,
        status=ReportVersion.Status.READY,
        stage="",
        percent=100,
        files=dict(files),
        sections=sections,
        generated_at=timezone.now(),
    )


def failed(version_id: int, problem: str) -> None:
    """Mark the version failed with a sentence saying why, and remove anything it wrote."""
    version = ReportVersion.objects.filter(pk=version_id).first()
    if version is not None:
        shutil.rmtree(version.folder, ignore_errors=True)
    _update(version_id, status=ReportVersion.Status.FAILED, problem=problem, stage="", files={})


def save_commentary(
    version: ReportVersion,
    commentary: Mapping[str, str],
    *,
    by: Any,
    start: Callable[[int], object] | None = None,
) -> ReportVersion:
    """Keep the commentary with this version and queue the PDF's reprinting (``start``)."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if version.published:
            raise PublishingError("This version is published and cannot be changed. Generate a new one")
        if version.status != ReportVersion.Status.READY:
            raise PublishingError("Commentary can be added once the report is generated")
        unknown = set(commentary) - set(version.sections)
        if unknown:
            raise PublishingError("Commentary for a section the report does not have")
        for section, text in commentary.items():
            if len(text) > COMMENTARY_MAX:
                raise PublishingError(f"Commentary on {section} must be {COMMENTARY_MAX} characters or fewer")
        version.commentary = {s: t.strip() for s, t in commentary.items() if t.strip()}
        version.commentary_by = by
        version.commentary_at = timezone.now()
        version.status = ReportVersion.Status.RUNNING
        version.stage = "Printing the commentary into the PDF"
        version.percent = 50
        version.save(
            update_fields=["commentary", "commentary_by", "commentary_at", "status", "stage", "percent"]
        )
        if start is not None:
            transaction.on_commit(lambda: start(version.pk))
    return version


def printed(version_id: int) -> None:
    """The PDF holds the commentary again: the version is ready."""
    _update(version_id, status=ReportVersion.Status.READY, stage="", percent=100)


def publish(version: ReportVersion, *, by: Any) -> ReportVersion:
    """Publish a generated version: from now on board members and managers read it, as it is."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != ReportVersion.Status.READY:
            raise PublishingError("Only a generated report can be published")
        if not version.published:
            version.published_at = timezone.now()
            version.published_by = by
            version.save(update_fields=["published_at", "published_by"])
    return version
