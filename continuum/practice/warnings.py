"""Warnings on a child (issue 18 point 1): risk to staff, do not disclose address, interpreter needed...

A warning is shown on every view of the child (the banner every child page
shares) from the day it is raised until its review date passes or someone
ends it, with who raised it. The kinds are rows a council edits in the admin
(``WarningType``). Raising and ending are lines in the child's chronology;
a warning is ended, never deleted, so its history stays on the record.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet

from continuum.actions.services import ActionRuleError
from continuum.core import clock
from continuum.journey.services._base import begin
from continuum.people.models import Child
from continuum.practice.models import ChildWarning, WarningType


def _refuse(message: str) -> ActionRuleError:
    return ActionRuleError(message, rule="warning")


def shown_on(child_id: int, day: date) -> QuerySet[ChildWarning]:
    """The warnings to show on the child's pages on ``day``: raised, not ended, not past review."""
    return (
        ChildWarning.objects.filter(child_id=child_id, raised_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .filter(Q(review_on__isnull=True) | Q(review_on__gte=day))
        .select_related("warning_type", "raised_by")
        .order_by("raised_on", "pk")
    )


@transaction.atomic
def raise_warning(
    *, child: Child, warning_type: WarningType, details: str, by: User, review_on: date | None = None
) -> ChildWarning:
    today = clock.today()
    if not warning_type.active:
        raise _refuse("That kind of warning is no longer used")
    if review_on is not None and review_on < today:
        raise _refuse("The review date cannot be in the past")
    step = begin("raise_warning", "raise a warning", child=child, by=by)
    warning = ChildWarning.objects.create(
        child=child,
        warning_type=warning_type,
        details=details.strip(),
        raised_by=by,
        raised_on=today,
        review_on=review_on,
    )
    step.record(
        what=f"Warning raised: {warning_type.name}",
        record=warning,
        occurred_on=today,
        after={"warning": warning.pk},
    )
    return warning


@transaction.atomic
def end_warning(warning: ChildWarning, *, by: User, reason: str) -> ChildWarning:
    if not reason.strip():
        raise _refuse("Say why the warning no longer applies")
    step = begin("end_warning", "end a warning", child=warning.child_id, by=by)
    current = ChildWarning.objects.select_for_update().get(pk=warning.pk)
    if current.ended_on is not None:
        raise _refuse("That warning has already been ended")
    today = clock.today()
    current.ended_on = today
    current.ended_by = by
    current.end_reason = reason.strip()
    current.save(update_fields=["ended_on", "ended_by", "end_reason"])
    step.record(
        what=f"Warning ended: {current.warning_type.name}",
        record=current,
        occurred_on=today,
        after={"warning": current.pk},
    )
    return current
