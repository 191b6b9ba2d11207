"""Reads for quality assurance: the live cases a sample is drawn from, recent audits, lists for pages.

The live record is read in a fixed number of queries however many cases there are (the programme page
proposes a sample from the whole service).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from continuum.assurance.models import AuditStatus, CaseAudit
from continuum.assurance.sampling import EXCLUDE_MONTHS, Candidate
from continuum.core.timescales import add_months
from continuum.journey.models import CINEpisode, CLAEpisode, CPPlan
from continuum.people.models import Allocation, AllocationRole

#: A child's status for the sample's strata, most intensive first.
STATUS_WORDS = {
    "CLA": "Looked after",
    "CP": "Child protection plan",
    "CIN": "Child in need",
    "other": "Other",
}


def live_cases(team_ids: Iterable[int] | None = None) -> list[Candidate]:
    """Every child with an open case-holding allocation (in ``team_ids`` when given), with its status."""
    allocations = Allocation.objects.filter(end_date__isnull=True, role=AllocationRole.CASE_HOLDER)
    if team_ids is not None:
        allocations = allocations.filter(team_id__in=list(team_ids))
    rows = list(allocations.values_list("child_id", "team_id", "worker_id"))
    child_ids = [row[0] for row in rows]
    cla = set(
        CLAEpisode.objects.filter(child_id__in=child_ids, dec__isnull=True).values_list("child_id", flat=True)
    )
    cp = set(
        CPPlan.objects.filter(child_id__in=child_ids, cpp_end_date__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    cin = set(
        CINEpisode.objects.filter(child_id__in=child_ids, cin_closure_date__isnull=True).values_list(
            "child_id", flat=True
        )
    )

    def status(child_id: int) -> str:
        if child_id in cla:
            return "CLA"
        if child_id in cp:
            return "CP"
        return "CIN" if child_id in cin else "other"

    return [
        Candidate(team_id, status(child_id), child_id, worker_id) for child_id, team_id, worker_id in rows
    ]


def recently_audited(month: date) -> set[int]:
    """Children with a case audit (not withdrawn) as at a day in the six months before ``month``, or after."""
    since = add_months(month, -EXCLUDE_MONTHS)
    return set(
        CaseAudit.objects.filter(as_at__gte=since)
        .exclude(status=AuditStatus.WITHDRAWN)
        .values_list("child_id", flat=True)
    )


def audits(**filters: object) -> QuerySet[CaseAudit]:
    """Case audits with what the lists show, in one query."""
    return CaseAudit.objects.filter(**filters).select_related(
        "child", "team", "auditor", "case_holder", "tool", "moderated_by"
    )


def audits_of_child(child_id: int) -> QuerySet[CaseAudit]:
    return audits(child_id=child_id).order_by("-as_at", "-pk")
