"""Recording who may see which child: the only way the access pages change these rows.

Each change is one transaction and writes one access-log entry (the child's
internal number, never a name, with the reason given), so the log shows who granted or restricted
access to which record, and when, beside who used it. A QA officer's review
of a break-glass access is recorded here too, beside the log entry it judges.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from continuum.core.access_log import log_view
from continuum.core.dates import day_words, moment_words
from continuum.core.models import AccessLogEntry, BreakGlassReview, LegitimateRelationship, RestrictedRecord
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.web.access_admin.forms import NOTE_NEEDED, user_label

#: The first key of the advisory lock taken while a break-glass access is reviewed (any fixed number).
REVIEW_LOCK = 17_0001


class AccessChangeRefused(Exception):
    """The change cannot be made as asked (someone else got there first, say)."""


@transaction.atomic
def record_relationship(
    *, user: User, child: Child, reason: str, start_date: date, end_date: date | None, by: User
) -> LegitimateRelationship:
    if user == by:
        raise AccessChangeRefused("You cannot record a relationship for yourself")
    relationship = LegitimateRelationship.objects.create(
        user=user, child_id=child.pk, reason=reason.strip(), start_date=start_date, end_date=end_date
    )
    log_view(
        user=by,
        action="access.relationship.record",
        record_type="child",
        record_id=child.pk,
        reason=relationship.reason,
    )
    return relationship


@transaction.atomic
def end_relationship(
    *, relationship: LegitimateRelationship, end_date: date, by: User
) -> LegitimateRelationship:
    current = LegitimateRelationship.objects.select_for_update().get(pk=relationship.pk)
    if current.end_date is not None:
        raise AccessChangeRefused(
            f"This relationship was already ended (on {day_words(current.end_date)}), "
            "by someone else meanwhile"
        )
    current.end_date = end_date
    current.save(update_fields=["end_date"])
    log_view(user=by, action="access.relationship.end", record_type="child", record_id=current.child_id)
    return current


@transaction.atomic
def restrict_record(*, child: Child, reason: str, named: list[User], by: User) -> RestrictedRecord:
    if RestrictedRecord.objects.filter(child_id=child.pk).exists():
        raise AccessChangeRefused("This child's record is already restricted: change who is named instead")
    restriction = RestrictedRecord.objects.create(child_id=child.pk, reason=reason.strip())
    restriction.named_users.set(named)
    log_view(
        user=by, action="access.restrict", record_type="child", record_id=child.pk, reason=restriction.reason
    )
    return restriction


@transaction.atomic
def change_restriction(*, restriction: RestrictedRecord, reason: str, named: list[User], by: User) -> None:
    current = RestrictedRecord.objects.select_for_update().get(pk=restriction.pk)
    current.reason = reason.strip()
    current.save(update_fields=["reason"])
    current.named_users.set(named)
    log_view(
        user=by,
        action="access.restrict.change",
        record_type="child",
        record_id=current.child_id,
        reason=current.reason,
    )


@transaction.atomic
def lift_restriction(*, restriction: RestrictedRecord, by: User, reason: str) -> None:
    current = RestrictedRecord.objects.select_for_update().get(pk=restriction.pk)
    child_id = current.child_id
    current.delete()
    log_view(
        user=by, action="access.restrict.lift", record_type="child", record_id=child_id, reason=reason.strip()
    )


# --- Break-glass review ---------------------------------------------------------------------


def already_reviewed(review: BreakGlassReview) -> str:
    """What the second of two reviewers is told: who got there first, and when."""
    when = moment_words(review.reviewed_at)
    return f"This access was already reviewed by {user_label(review.reviewed_by)} on {when}"


@transaction.atomic
def review_break_glass(*, entry: AccessLogEntry, outcome: str, note: str, by: User) -> BreakGlassReview:
    """Record a QA officer's verdict on one flagged access, once.

    The entry is locked for the transaction (an advisory lock on its number:
    a row lock would need UPDATE on the log, which the app's database role
    does not hold, continuum/core/db_roles.py) before looking for an earlier
    review, so when two officers save at once the second waits for the first
    and is told who reviewed it, rather than meeting the one-to-one's
    IntegrityError. Nobody reviews their own access.
    """
    if not may(by, "access.review"):
        raise PermissionDenied("access.review")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REVIEW_LOCK, entry.pk])
    current = AccessLogEntry.objects.get(pk=entry.pk)
    if not current.flagged:
        raise AccessChangeRefused("Only flagged (break-glass) accesses are reviewed")
    earlier = BreakGlassReview.objects.select_related("reviewed_by").filter(entry_id=current.pk).first()
    if earlier is not None:
        raise AccessChangeRefused(already_reviewed(earlier))
    if current.user_id == by.pk:
        raise AccessChangeRefused("You cannot review your own access: ask another QA officer")
    if outcome not in BreakGlassReview.Outcome.values:
        raise AccessChangeRefused("Select whether the access was justified")
    note = note.strip()
    if outcome == BreakGlassReview.Outcome.NOT_JUSTIFIED and not note:
        raise AccessChangeRefused(NOTE_NEEDED)
    review = BreakGlassReview.objects.create(entry=current, reviewed_by=by, outcome=outcome, note=note)
    log_view(user=by, action="access.review.record", record_type="access_log_entry", record_id=current.pk)
    return review
