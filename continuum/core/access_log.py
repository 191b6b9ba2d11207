"""Recording that a user viewed a record."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User

from continuum.core.models import AccessLogEntry


def log_view(
    *,
    user: User,
    action: str,
    record_type: str = "",
    record_id: object = "",
    reason: str = "",
    flagged: bool = False,
) -> None:
    """Append one access-log entry. Called by every view of a child's record.

    ``reason`` and ``flagged`` carry a break-glass user's stated reason and mark
    the entry for review.
    """
    AccessLogEntry.objects.create(
        user=user,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        reason=reason,
        flagged=flagged,
    )


def log_views(*, user: User, action: str, record_type: str, record_ids: Iterable[object]) -> None:
    """Append one entry per record in a single INSERT: a list of names is a viewing of each record."""
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(user=user, action=action, record_type=record_type, record_id=str(pk))
            for pk in record_ids
        ]
    )
