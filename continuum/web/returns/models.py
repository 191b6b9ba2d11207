"""One upload of return files: its files on disk, its validation job, its report and its dataset.

Why one row: the files, the report made from them and any dataset imported
from them share a folder and a life span. Retention deletes the folder and the
row together, so nothing about an upload outlives the council's setting.

The row is found by ``token`` (random) in URLs, never by anything from the
files; file names are shown on the pages but never put in a URL or a log.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models


def new_token() -> str:
    """A random, URL-safe identifier for an upload (22 characters)."""
    return secrets.token_urlsafe(16)


class ReturnUpload(models.Model):
    """Return files uploaded by an analyst, and how their validation went."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking"
        SUCCEEDED = "succeeded", "Checked"
        FAILED = "failed", "Could not be checked"

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: The uploaded files as [{"name": ..., "size": ...}], in the order given.
    files = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    #: Which process runs the job: a job "running" under another process was cut off.
    runner = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Why the files could not be checked (names the file and line; no values from it).
    problem = models.TextField(blank=True)
    children = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    dataset_name = models.CharField(max_length=100, blank=True)
    dataset_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "web"
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return f"Return upload {self.pk}"

    # -- where its files live ------------------------------------------------

    @property
    def folder(self) -> Path:
        """This upload's folder under ``CONTINUUM_RETURN_UPLOAD_DIR`` (named by the token)."""
        return Path(settings.CONTINUUM_RETURN_UPLOAD_DIR) / self.token

    @property
    def files_dir(self) -> Path:
        return self.folder / "files"

    @property
    def report_dir(self) -> Path:
        return self.folder / "report"

    @property
    def dataset_dir(self) -> Path:
        return self.folder / "dataset"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def has_dataset(self) -> bool:
        return self.dataset_imported_at is not None
