"""Cross-cutting records: the log of who looked at what."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessLogEntry(models.Model):
    """One viewing of a child's record (or another protected page) by one user.

    Safeguarding records must show who saw them. The entry holds the record's
    kind and internal number, never a name, so the log itself carries no
    personal data beyond the member of staff.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80)
    record_type = models.CharField(max_length=80, blank=True)
    record_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.record_type}:{self.record_id}"
