"""Workforce services: teams and workers.

These records are not about a child, so they write no chronology event; they
still go through services so that the checks live in one place. Changes to
children, families, addresses and allocations are in
``continuum.journey.services`` because they belong in the child's chronology.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from continuum.core.versions import locked_at, save_moved_on
from continuum.people.models import Team, TeamType, Worker, WorkerRole


@transaction.atomic
def create_team(*, name: str, team_type: str, by: User | None = None) -> Team:
    """Add a team. Team names are local; the type is what indicators group by."""
    if team_type not in TeamType.values:
        raise ValidationError(f"{team_type!r} is not a team type.", code="invalid_code")
    return Team.objects.create(name=name, team_type=team_type)


@transaction.atomic
def create_worker(
    *,
    first_name: str,
    last_name: str,
    start_date: date,
    role: str = WorkerRole.SOCIAL_WORKER,
    team: Team | None = None,
    is_agency: bool = False,
    sw_id: str = "",
    user: User | None = None,
    by: User | None = None,
) -> Worker:
    """Add a member of staff who can hold cases."""
    if role not in WorkerRole.values:
        raise ValidationError(f"{role!r} is not a worker role.", code="invalid_code")
    return Worker.objects.create(
        first_name=first_name,
        last_name=last_name,
        start_date=start_date,
        role=role,
        team=team,
        is_agency=is_agency,
        sw_id=sw_id,
        user=user,
    )


@transaction.atomic
def record_worker_leaving(
    *, worker: Worker, leave_date: date, expected_version: int, by: User | None = None
) -> Worker:
    """Record a worker's leaving date (their allocations are moved on by ``allocate``)."""
    current = locked_at(
        worker,
        expected_version,
        refusal=lambda: ValidationError(
            "This worker's record was changed by someone else after you opened it. Reload and try again.",
            code="concurrent_change",
        ),
    )
    if leave_date < current.start_date:
        raise ValidationError("The leaving date cannot be before the start date.", code="end_before_start")
    current.leave_date = leave_date
    save_moved_on(current, ["leave_date"])
    return current
