"""Visits to children: child protection, child in need, looked after, private fostering and others.

A statutory visit is tied to the plan or episode it is made under, so that
visit timeliness can be measured against the right clock; the service finds
that record from the date when it is not given.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from continuum.journey.errors import Rule
from continuum.journey.models import CINEpisode, CLAEpisode, CPPlan, PrivateFostering, Visit, VisitKind
from continuum.journey.services._base import begin, fmt, snapshot
from continuum.journey.services.looked_after import episode_on
from continuum.people.models import Child, Worker


@transaction.atomic
def record_visit(
    *,
    child: Child,
    kind: str,
    visit_date: date,
    seen: bool,
    seen_alone: bool | None = None,
    not_seen_alone_reason: str = "",
    bedroom_seen: bool | None = None,
    worker: Worker | None = None,
    cin_episode: CINEpisode | None = None,
    cp_plan: CPPlan | None = None,
    cla_episode: CLAEpisode | None = None,
    private_fostering: PrivateFostering | None = None,
    by: User | None,
) -> Visit:
    """Record a visit: was the child seen, seen alone (and if not, why), and was the bedroom seen.

    A CP visit needs a child protection plan open on the day, a CLA visit a
    looked-after episode, a private fostering visit a notified arrangement,
    and a CIN visit a referral open on the day.
    """
    step = begin("record_visit", "record a visit", child=child, by=by)
    step.check_choice(VisitKind, kind, "visit type")
    step.check_date(visit_date, "visit date")
    step.check_worker(worker, visit_date)
    if seen_alone is not None and not seen:
        step.fail(Rule.SEEN_ALONE_NEEDS_SEEN, "a child who was not seen cannot have been seen alone.")
    if seen and seen_alone is False and not not_seen_alone_reason.strip():
        step.fail(Rule.SEEN_ALONE_REASON_REQUIRED, "the child was not seen alone, so record why.")
    for record, what in (
        (cin_episode, "referral"),
        (cp_plan, "child protection plan"),
        (cla_episode, "looked-after episode"),
        (private_fostering, "private fostering arrangement"),
    ):
        step.check_same_child(record, what)
    if kind == VisitKind.CP:
        if cp_plan is None:
            cp_plan = (
                CPPlan.objects.filter(child=step.subject, cpp_start_date__lte=visit_date)
                .filter(Q(cpp_end_date__isnull=True) | Q(cpp_end_date__gte=visit_date))
                .select_related("cin_episode")
                .first()
            )
        if cp_plan is None or not (
            cp_plan.cpp_start_date <= visit_date
            and (cp_plan.cpp_end_date is None or visit_date <= cp_plan.cpp_end_date)
        ):
            step.fail(Rule.NO_PLAN_FOR_VISIT, f"the child had no child protection plan on {fmt(visit_date)}.")
        cin_episode = cp_plan.cin_episode
    elif kind == VisitKind.CLA:
        cla_episode = cla_episode or episode_on(step.subject.pk, visit_date)  # type: ignore[union-attr]
        if (
            cla_episode is None
            or cla_episode.decom > visit_date
            or (cla_episode.dec and cla_episode.dec < visit_date)
        ):
            step.fail(Rule.NOT_LOOKED_AFTER, f"the child was not looked after on {fmt(visit_date)}.")
    elif kind == VisitKind.PRIVATE_FOSTERING:
        if private_fostering is None:
            private_fostering = (
                PrivateFostering.objects.filter(child=step.subject, notification_date__lte=visit_date)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=visit_date))
                .first()
            )
        if private_fostering is None:
            step.fail(
                Rule.NO_PLAN_FOR_VISIT, f"no private fostering arrangement was notified by {fmt(visit_date)}."
            )
    elif kind == VisitKind.CIN and cin_episode is None:
        cin_episode = (
            CINEpisode.objects.filter(child=step.subject, cin_referral_date__lte=visit_date)
            .order_by("-cin_referral_date")
            .first()
        )
        if cin_episode is None:
            step.fail(Rule.NO_PLAN_FOR_VISIT, f"the child had no referral open on {fmt(visit_date)}.")
    if cin_episode is not None:
        step.check_in_episode(cin_episode, visit_date, "visit date")
    visit = Visit.objects.create(
        child=step.subject,
        kind=kind,
        visit_date=visit_date,
        worker=worker,
        seen=seen,
        seen_alone=seen_alone,
        not_seen_alone_reason=not_seen_alone_reason,
        bedroom_seen=bedroom_seen,
        cin_episode=cin_episode,
        cp_plan=cp_plan,
        cla_episode=cla_episode,
        private_fostering=private_fostering,
    )
    step.record(
        what=f"{visit.get_kind_display()}: child {'seen' if seen else 'not seen'}",
        record=visit,
        occurred_on=visit_date,
        after=snapshot(visit, ["kind", "visit_date", "seen", "seen_alone", "bedroom_seen", "worker"]),
    )
    return visit
