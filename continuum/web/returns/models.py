"""One upload of return files: its files on disk, its validation job, its report and its dataset.

Why one row: the files, the report made from them and any dataset imported
from them share a folder and a life span. Retention deletes the folder and the
row together, so nothing about an upload outlives the council's setting.

The row is found by ``token`` (random) in URLs, never by anything from the
files; file names are shown on the pages but never put in a URL or a log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models


def new_token() -> str:
    """A random, URL-safe identifier for an upload (22 characters)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class FileGroup:
    """One kind of uploaded file: the JSON field listing it, its folder and how pages name it.

    Why groups: this year's return, last year's, earlier years' Episodes, the
    provider list and the postcode directory are read differently by the validation
    (as the command line's FILE, ``--previous``, ``--history``, ``--providers`` and
    ``--postcodes``), and two of
    them may hold files of the same name (``episodes.csv`` this year and last).
    Each group has its own folder under the upload's, so retention deletes
    them all with the upload.
    """

    key: str
    folder: str
    label: str
    #: How a file of this group is named in reports and messages (``{name}`` is the file's name).
    shown_as: str


FILE_GROUPS: dict[str, FileGroup] = {
    g.key: g
    for g in (
        FileGroup("files", "files", "this year's return files", "{name}"),
        FileGroup("previous_files", "previous", "last year's SSDA903 files", "{name} (last year)"),
        FileGroup("history_files", "history", "earlier years' Episodes files", "{name} (earlier years)"),
        FileGroup("provider_files", "providers", "provider information", "{name}"),
        FileGroup("postcode_files", "postcodes", "ONS Postcode Directory", "{name}"),
    )
}


class TokenFolder:
    """A folder of files named by the row's random token, under ``CONTINUUM_RETURN_UPLOAD_DIR``.

    Uploads and exports keep their files side by side there, so the one retention purge
    (``continuum/returns/services.py``) finds both; the token keeps names and dates out of paths.
    """

    token: str

    @property
    def folder(self) -> Path:
        return Path(settings.CONTINUUM_RETURN_UPLOAD_DIR) / self.token

    @property
    def files_dir(self) -> Path:
        return self.folder / "files"


class ReturnUpload(TokenFolder, models.Model):
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
    #: Which queue job runs it and which attempt ("job 12, attempt 2"); see :mod:`.jobs`.
    runner = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Why the files could not be checked (names the file and line; no values from it).
    problem = models.TextField(blank=True)
    children = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    #: Last year's SSDA903 files, earlier years' Episodes files and the provider-information
    #: file (at most one), each as ``files`` is; see :data:`FILE_GROUPS`.
    previous_files = models.JSONField(default=list, blank=True)
    history_files = models.JSONField(default=list, blank=True)
    provider_files = models.JSONField(default=list, blank=True)
    #: The ONS Postcode Directory (at most one file), for the SSDA903 placement-area rules.
    postcode_files = models.JSONField(default=list, blank=True)
    #: The dataset's name, set when its import is asked for (so two imports cannot take it).
    dataset_name = models.CharField(max_length=100, blank=True)
    dataset_imported_at = models.DateTimeField(null=True, blank=True)
    #: The import job, run in the background like the validation (blank: never asked for).
    import_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    import_stage = models.CharField(max_length=200, blank=True)
    import_percent = models.PositiveSmallIntegerField(default=0)
    #: Why the import failed (names the file and line; no values from it).
    import_problem = models.TextField(blank=True)
    #: What the returns hold that the dashboards' tables cannot (from the importer).
    import_unmapped = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "web"
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return f"Return upload {self.pk}"

    # -- where its files live ------------------------------------------------

    @property
    def report_dir(self) -> Path:
        return self.folder / "report"

    @property
    def dataset_dir(self) -> Path:
        return self.folder / "dataset"

    def group_dir(self, group: str) -> Path:
        """The folder holding one group of files (:data:`FILE_GROUPS`)."""
        return self.folder / FILE_GROUPS[group].folder

    def paths(self, group: str) -> list[Path]:
        """Where the files of one group are stored, in the order uploaded."""
        return [self.group_dir(group) / f["name"] for f in getattr(self, group)]

    def shown_names(self) -> dict[str, str]:
        """Stored path -> the name pages and reports show (never the stored path)."""
        return {
            str(path): FILE_GROUPS[group].shown_as.format(name=path.name)
            for group in FILE_GROUPS
            for path in self.paths(group)
        }

    @property
    def importing(self) -> bool:
        return self.import_status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def has_dataset(self) -> bool:
        return self.dataset_imported_at is not None


class ReturnExport(TokenFolder, models.Model):
    """A statutory return written from the live record for an analyst to download, and its job.

    Why a row of its own rather than an upload: nothing was uploaded, and the files are the
    council's own return, not a copy under check. Its files live in a folder named by the
    token under the same directory as the uploads, so retention deletes them as it deletes an
    upload's (:mod:`continuum.web.returns.exports`). Asking for a check of the export makes
    an upload of its files, which is then checked like any other.
    """

    class Kind(models.TextChoices):
        CIN = "cin", "CIN census"
        SSDA903 = "903", "SSDA903 (children looked after)"
        SEN2 = "sen2", "SEN2 (EHC plans)"
        ANNEX_A = "annex-a", "Ofsted Annex A"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Writing"
        SUCCEEDED = "succeeded", "Ready to download"
        FAILED = "failed", "Could not be written"

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    #: The year whose 31 March ends the collection (2026 is 2025-26).
    year = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    #: Which queue job runs it and which attempt ("job 12, attempt 2").
    runner = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Why the return could not be written (no values from the record).
    problem = models.TextField(blank=True)
    #: The files written, as [{"name": ..., "size": ...}], in the order the return lists them.
    files = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "web"
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"Return export {self.pk}"

    @property
    def zip_path(self) -> Path:
        return self.folder / "return.zip"

    @property
    def year_label(self) -> str:
        """The collection year as the DfE writes it: 2026 -> "2025-26"."""
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        """The zip's name as offered: the return and its year, never anything from the record."""
        stem = {"cin": "CIN", "903": "SSDA903", "sen2": "SEN2", "annex-a": "Annex_A"}[self.kind]
        return f"{stem}_{self.year_label}.zip"

    @property
    def can_be_validated(self) -> bool:
        """Annex A is Ofsted's lists, with no DfE validation rules; the others can be checked."""
        return self.kind != self.Kind.ANNEX_A and self.status == self.Status.SUCCEEDED
