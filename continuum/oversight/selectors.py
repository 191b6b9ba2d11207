"""Reading the IRO's work: who the IRO is, the children they review, and each child's next review."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Max

from continuum.core import roles
from continuum.core.policy import roles_of
from continuum.journey.models import CLAEpisode, CLAReview
from continuum.journey.worktray import work_tray
from continuum.oversight.models import Escalation
from continuum.people.models import Allocation, Child, Worker

#: The looked-after review clocks (continuum/core/timescale_defaults.py): first, second, then six-monthly.
CLA_REVIEW_RULES = frozenset({"cla_first_review", "cla_second_review", "cla_review_repeat"})


def reviewing_officer(user: User) -> Worker | None:
    """The worker record of a signed-in IRO, named on the reviews they record; None for anyone else."""
    if roles.IRO_CP_CHAIR not in roles_of(user):
        return None
    return Worker.objects.filter(user=user).order_by("-start_date", "pk").first()


def caseload_child_ids(worker: Worker) -> set[int]:
    """The IRO's looked-after children: allocated to them (any role), or whose last review they chaired."""
    looked_after = CLAEpisode.objects.filter(dec__isnull=True).values("child_id")
    allocated = set(
        Allocation.objects.filter(
            worker=worker, end_date__isnull=True, child_id__in=looked_after
        ).values_list("child_id", flat=True)
    )
    last = (
        CLAReview.objects.filter(child_id__in=looked_after)
        .values("child_id")
        .annotate(last=Max("review"))
        .values_list("child_id", "last")
    )
    latest = {child_id: when for child_id, when in last}
    held = set(
        CLAReview.objects.filter(iro=worker, child_id__in=list(latest)).values_list("child_id", "review")
    )
    reviewed = {child_id for child_id, when in held if latest.get(child_id) == when}
    return allocated | reviewed


@dataclass(frozen=True)
class CaseloadLine:
    """One child on an IRO's caseload, with the last review, the next one due and open escalations."""

    child: Child
    last_review: date | None
    next_due: date | None
    next_status: str
    open_escalations: int


def caseload(worker: Worker, child_ids: Iterable[int], as_of: date) -> list[CaseloadLine]:
    """The IRO's children among ``child_ids`` (those the viewer may see), next review due first."""
    ids = sorted(set(child_ids))
    due: dict[int, tuple[date, str]] = {}
    for line in work_tray(children=ids, as_of=as_of):
        if line.rule_code in CLA_REVIEW_RULES and (
            line.child_id not in due or line.due < due[line.child_id][0]
        ):
            due[line.child_id] = (line.due, line.status.value)
    last = dict(
        CLAReview.objects.filter(child_id__in=ids)
        .values("child_id")
        .annotate(last=Max("review"))
        .values_list("child_id", "last")
    )
    escalations: dict[int, int] = {}
    for child_id in Escalation.objects.filter(child_id__in=ids, resolved_on__isnull=True).values_list(
        "child_id", flat=True
    ):
        escalations[child_id] = escalations.get(child_id, 0) + 1
    lines = [
        CaseloadLine(
            child=child,
            last_review=last.get(child.pk),
            next_due=due.get(child.pk, (None, ""))[0],
            next_status=due.get(child.pk, (None, ""))[1],
            open_escalations=escalations.get(child.pk, 0),
        )
        for child in Child.objects.filter(pk__in=ids)
    ]
    lines.sort(key=lambda line: (line.next_due is None, line.next_due or as_of, line.child.la_child_id))
    return lines
