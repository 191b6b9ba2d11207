"""Supervision for the demo borough (issue 18 point 4): each case-holding worker's last few months of
reflective supervision, so a worker's page reads "Last 3 November 2026" rather than "none recorded".

Why through the live service (:func:`continuum.practice.supervision.record_supervision`): what a
supervisor decides about a child is copied to the child's record as a management-oversight note and
appears in its chronology; writing the rows by hand would skip exactly that. The supervisor is a
user named after the worker's team manager that cannot sign in (``SYNTHETIC_SUPERVISOR``), never a
demo sign-in: ``./run demo --refresh`` keeps every child a person recorded on as it is, and does not
count these synthetic supervisors as people, so the children discussed still roll forward.

The rhythm follows the local standard (every 4 weeks for a practitioner): most workers are seen
every 3 to 5 weeks, and about one in eight has let it lapse (their last session 6 to 10 weeks ago),
so the team view shows a few overdue flags, as a real service does. Each session discusses two or
three of the children the worker held that day. Everything draws from its own ``random.Random``,
ordered by id, so the same borough always gets the same sessions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from continuum.core import clock
from continuum.people.caseloads import CASE_HOLDING_ROLES
from continuum.people.models import Allocation, AllocationRole, Child, Worker, WorkerRole
from continuum.practice.models import Supervision
from continuum.practice.supervision import ChildDiscussed, record_supervision
from continuum.synth.stand_ins import stand_in

#: How far back the demo's supervision goes, and how many children a session discusses at most.
HISTORY = timedelta(weeks=16)
PER_SESSION = 3
#: The share of workers whose supervision has lapsed (overdue today).
LAPSED = 0.12

REFLECTIONS = (
    "Reflected on managing a full caseload and where time goes; agreed priorities for the month.",
    "Discussed the emotional impact of a difficult home visit; the worker feels supported.",
    "Talked through learning from the recent audit: recording the child's voice in their own words.",
    "Reviewed training: the worker will attend the neglect toolkit session next month.",
    "Reflected on working with a parent who is hostile to the service; planned a joint visit.",
    "Discussed wellbeing and leave; caseload balanced against the agreed range.",
)
DISCUSSIONS = (
    "Progress against the plan reviewed; the family is engaging but change is slow.",
    "School reports improved attendance; concerns remain about the home conditions.",
    "The child has spoken about worries at home during direct work.",
    "Health assessment outstanding; the carer reports the child is settling.",
    "Parental engagement has dropped since the last core group.",
    "Contact arrangements discussed; the child wants more time with their grandmother.",
)
DECISIONS = (
    "Continue the current plan; visit within ten working days and see the child alone.",
    "Update the chronology and the assessment before the next review.",
    "Convene a professionals meeting with school and health within two weeks.",
    "Consider step-down to early help at the next review if progress holds.",
    "Seek legal advice through the legal gateway panel if there is no change by the review.",
    "Complete direct work on the child's wishes and feelings before the next review.",
)


#: The user name of a synthetic supervisor starts so: ``refresh.touched_children`` does not count what
#: they recorded as a person's work, so the children discussed still roll forward on ``--refresh``.
SYNTHETIC_SUPERVISOR = "synthetic-supervisor-"


def _supervisor(manager: Worker) -> User:
    """A user named after the team manager that cannot sign in: the demo's supervision is synthetic data,
    not something the demo team manager's sign-in did (which would keep those children from rolling on)."""
    return stand_in(f"{SYNTHETIC_SUPERVISOR}{manager.pk}", manager.first_name, manager.last_name)


def _days(rng: random.Random, start: date, end: date, lapsed: bool) -> list[date]:
    """Session days from ``start`` to ``end``: every 3 to 5 weeks, the last 6 to 10 weeks ago if lapsed."""
    stop = end - timedelta(days=rng.randint(42, 70)) if lapsed else end
    day = start + timedelta(days=rng.randint(0, 27))
    days = []
    while day <= stop:
        days.append(day)
        day += timedelta(days=rng.randint(21, 35))
    if not lapsed and (not days or days[-1] < end - timedelta(days=27)):
        days.append(end - timedelta(days=rng.randint(0, 20)))  # kept up: not overdue today
    return days


def _held(worker: Worker, day: date) -> list[Child]:
    """The children the worker held as case holder on ``day``, in id order."""
    held = Allocation.objects.filter(
        worker=worker, role=AllocationRole.CASE_HOLDER, start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    return list(Child.objects.filter(pk__in=held.values("child_id")).order_by("pk"))


@transaction.atomic
def ensure_demo_supervision(*, seed: int, as_of: date) -> int:
    """Record the demo's supervision once (nothing if any is recorded); return the sessions recorded."""
    if Supervision.objects.exists():
        return 0
    rng = random.Random(seed * 7919 + 18)  # noqa: S311 - synthetic data, not security
    end = min(as_of, clock.today())  # the service refuses a session in the future
    managers = {
        m.team_id: m
        for m in Worker.objects.filter(
            role=WorkerRole.TEAM_MANAGER, leave_date__isnull=True, team__isnull=False
        ).order_by("-pk")  # the lowest id wins, as link_demo_users picks the team's manager
    }
    workers = Worker.objects.filter(
        role__in=CASE_HOLDING_ROLES, leave_date__isnull=True, team_id__in=managers, start_date__lt=end
    ).order_by("pk")
    count = 0
    for worker in workers:
        manager = managers[worker.team_id]  # type: ignore[index]
        supervisor = _supervisor(manager)
        if supervisor.pk == worker.user_id:
            continue
        start = max(end - HISTORY, worker.start_date + timedelta(days=14))
        for day in _days(rng, start, end, rng.random() < LAPSED):
            held = _held(worker, day)
            chosen = rng.sample(held, min(len(held), rng.randint(2, PER_SESSION)))
            record_supervision(
                worker=worker,
                supervisor=supervisor,
                held_on=day,
                reflection=rng.choice(REFLECTIONS),
                children=[
                    ChildDiscussed(
                        child=c, discussion=rng.choice(DISCUSSIONS), decisions=rng.choice(DECISIONS)
                    )
                    for c in chosen
                ],
            )
            count += 1
    return count
