"""Basic reads of the child's journey.

Why selectors: views, returns and the work tray all need the same questions
answered the same way ("is this child looked after?", "who holds the case?"),
with the related rows fetched in a fixed number of queries rather than one per
row.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet

from continuum.journey.models import (
    Assessment,
    ChronologyEvent,
    CINEpisode,
    CINPlan,
    CLAEpisode,
    Conference,
    CPPlan,
    PreProceedings,
    Section47,
)
from continuum.people.models import Allocation, AllocationRole, Child


def child_episodes(child: Child | int) -> list[CINEpisode]:
    """A child's referrals, newest first, each with its assessments, s47s, conferences and plans.

    Six queries in all, however many episodes the child has.
    """
    return list(
        CINEpisode.objects.filter(child=child)
        .order_by("-cin_referral_date", "-pk")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.order_by("assessment_actual_start_date")),
            Prefetch("section47s", queryset=Section47.objects.order_by("s47_actual_start_date")),
            Prefetch("conferences", queryset=Conference.objects.order_by("conference_date")),
            Prefetch("cp_plans", queryset=CPPlan.objects.order_by("cpp_start_date")),
            Prefetch("cin_plans", queryset=CINPlan.objects.order_by("cin_plan_start_date")),
            Prefetch("pre_proceedings", queryset=PreProceedings.objects.order_by("plo_start_date")),
        )
    )


def open_cin_episode(child: Child | int) -> CINEpisode | None:
    """The child's open referral, if any (there is at most one)."""
    return CINEpisode.objects.filter(child=child, cin_closure_date__isnull=True).first()


def open_cp_plan(child: Child | int) -> CPPlan | None:
    return CPPlan.objects.filter(child=child, cpp_end_date__isnull=True).first()


def open_cla_episode(child: Child | int) -> CLAEpisode | None:
    """The child's open looked-after episode with its placement, if any (there is at most one)."""
    return CLAEpisode.objects.filter(child=child, dec__isnull=True).select_related("placement").first()


def cla_episodes(child: Child | int) -> QuerySet[CLAEpisode]:
    return CLAEpisode.objects.filter(child=child).select_related("placement").order_by("decom", "pk")


def is_looked_after_on(child: Child | int, on: date) -> bool:
    return (
        CLAEpisode.objects.filter(child=child, decom__lte=on)
        .filter(Q(dec__isnull=True) | Q(dec__gte=on))
        .exists()
    )


def current_allocation(
    child: Child | int, *, on: date | None = None, role: str = AllocationRole.CASE_HOLDER
) -> Allocation | None:
    """Who holds the case (worker and team) on ``on``, or now if no date is given."""
    qs = Allocation.objects.filter(child=child, role=role).select_related("worker", "team")
    if on is None:
        return qs.filter(end_date__isnull=True).first()
    return (
        qs.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .order_by("-start_date", "-pk")
        .first()
    )


def caseload(worker_id: int, *, on: date | None = None) -> QuerySet[Allocation]:
    """A worker's open allocations (on a date, or now)."""
    qs = Allocation.objects.filter(worker_id=worker_id).select_related("child", "team")
    if on is None:
        return qs.filter(end_date__isnull=True)
    return qs.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


def chronology(child: Child | int) -> QuerySet[ChronologyEvent]:
    """The child's chronology in practice order, then recording order.

    Events with no practice date (the child being recorded) come first.
    """
    return (
        ChronologyEvent.objects.filter(child=child)
        .select_related("by")
        .order_by(F("occurred_on").asc(nulls_first=True), "at", "id")
    )
