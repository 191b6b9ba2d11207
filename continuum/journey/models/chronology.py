"""The chronology: one append-only event per change to a child's record."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from continuum.people.models import Child


class ImmutableRecordError(ValidationError):
    """Raised on any attempt to change or delete a chronology event from Python."""


class ChronologyQuerySet(models.QuerySet["ChronologyEvent"]):
    """Bulk update and delete are refused: the chronology is append-only."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableRecordError("Chronology events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError("Chronology events cannot be deleted.")


class ChronologyEvent(models.Model):
    """One step in a child's journey: who did what, when, with the values before and after.

    Append-only. The model refuses updates and deletes, and a PostgreSQL
    trigger (migration 0002) refuses them for any other writer too, because a
    chronology that can be quietly edited cannot be relied on in court or in
    a practice review. ``before`` and ``after`` hold only the fields the step
    changed, and never free-text narrative (that stays on the record itself).
    """

    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="chronology_events"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the change; blank for a system or bulk load.",
    )
    at = models.DateTimeField(auto_now_add=True, help_text="When the change was recorded.")
    occurred_on = models.DateField(
        null=True, blank=True, help_text="The practice date of the step, for ordering."
    )
    step = models.CharField(max_length=60, help_text="The service that made the change, e.g. hold_icpc.")
    what = models.CharField(max_length=300)
    record_type = models.CharField(max_length=60)
    record_id = models.BigIntegerField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = ChronologyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["child", "occurred_on"], name="chronology_child_date_idx"),
            models.Index(fields=["record_type", "record_id"], name="chronology_record_idx"),
            models.Index(fields=["at"], name="chronology_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.step} {self.record_type}:{self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("Chronology events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError("Chronology events cannot be deleted.")
