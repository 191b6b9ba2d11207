"""Recording who may see which child: the only way the access pages change these rows.

Each change is one transaction and writes one access-log entry (the child's
internal number, never a name), so the log shows who granted or restricted
access to which record, and when, beside who used it.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.core.access_log import log_view
from continuum.core.models import LegitimateRelationship, RestrictedRecord
from continuum.people.models import Child


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
    log_view(user=by, action="access.relationship.record", record_type="child", record_id=child.pk)
    return relationship


@transaction.atomic
def end_relationship(
    *, relationship: LegitimateRelationship, end_date: date, by: User
) -> LegitimateRelationship:
    current = LegitimateRelationship.objects.select_for_update().get(pk=relationship.pk)
    if current.end_date is not None:
        raise AccessChangeRefused(
            f"This relationship was already ended (on {current.end_date:%d/%m/%Y}), by someone else meanwhile"
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
    log_view(user=by, action="access.restrict", record_type="child", record_id=child.pk)
    return restriction


@transaction.atomic
def change_restriction(*, restriction: RestrictedRecord, reason: str, named: list[User], by: User) -> None:
    current = RestrictedRecord.objects.select_for_update().get(pk=restriction.pk)
    current.reason = reason.strip()
    current.save(update_fields=["reason"])
    current.named_users.set(named)
    log_view(user=by, action="access.restrict.change", record_type="child", record_id=current.child_id)


@transaction.atomic
def lift_restriction(*, restriction: RestrictedRecord, by: User) -> None:
    current = RestrictedRecord.objects.select_for_update().get(pk=restriction.pk)
    child_id = current.child_id
    current.delete()
    log_view(user=by, action="access.restrict.lift", record_type="child", record_id=child_id)
