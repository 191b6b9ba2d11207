"""Recording that a user viewed a record."""

from __future__ import annotations

from django.contrib.auth.models import User

from continuum.core.models import AccessLogEntry


def log_view(*, user: User, action: str, record_type: str = "", record_id: object = "") -> None:
    """Append one access-log entry. Called by every view of a child's record."""
    AccessLogEntry.objects.create(user=user, action=action, record_type=record_type, record_id=str(record_id))
