"""One generated report: what it covers, who asked, how the job went, its files and commentary.

Files live under ``CONTINUUM_REPORT_DIR/<token>/`` (the token is random, so
URLs carry nothing else). A version is never regenerated in place: generating
again makes a new version, so a published one stays as the board read it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models


def new_token() -> str:
    return secrets.token_urlsafe(16)


class ReportVersion(models.Model):
    class Kind(models.TextChoices):
        PERFORMANCE_MATTERS = "performance-matters", "Performance Matters"
        BOARD_TABLE = "board-table", "Board annual indicator table"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Generating"
        READY = "ready", "Draft"
        FAILED = "failed", "Could not be generated"

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    #: The month ("2026-10") or the financial year's label ("2025-26") it covers.
    period = models.CharField(max_length=16)
    #: 1, 2, ... per kind and period, in the order asked for.
    number = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    #: Why it could not be generated, in words (never a value from the record).
    problem = models.TextField(blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    #: The files written, by format: {"html": "x.html", "pdf": "x.pdf", ...}.
    files = models.JSONField(default=dict, blank=True)
    #: The HTML with a slot per section for the commentary (Performance Matters).
    sections = models.JSONField(default=list, blank=True)
    commentary = models.JSONField(default=dict, blank=True)
    commentary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commentary_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-requested_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("kind", "period", "number"), name="one_number_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_words}, version {self.number}"

    @property
    def folder(self) -> Path:
        return Path(settings.CONTINUUM_REPORT_DIR) / self.token

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def period_words(self) -> str:
        """The month in words ("November 2026"); a financial year keeps its label ("2025-26")."""
        if self.kind == self.Kind.PERFORMANCE_MATTERS:
            from continuum.metrics.periods import PeriodError, parse_month

            try:
                return parse_month(self.period).words
            except PeriodError:
                return self.period
        return self.period

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()}: {self.period_words}"
