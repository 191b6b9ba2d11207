"""Casework on a referral: allocation, assessments, closing it, its primary need, and child in need plans.

Allocation is for team managers (``child.allocate``); everything else is
recorded by the worker (``child.record``). Each view is a
:func:`~continuum.web.children.pages.recording` frame around one service write.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format

from continuum.core import clock
from continuum.core.policy import teams_of
from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import (
    Assessment,
    CINEpisode,
    CINPlan,
)
from continuum.people.models import Allocation, Child, Worker
from continuum.web.children.pages import (
    Data,
    Page,
    already,
    edit_form,
    no_referral,
    posted,
    record_form,
    recording,
    reread,
)
from continuum.web.children.referral_forms import (
    AllocateForm,
    CINPlanEndForm,
    CINPlanStartForm,
    EndAllocationForm,
    ReferralNeedForm,
    StartAssessmentForm,
)

# --- Allocation (team managers) -------------------------------------------------------------------


def _allocatable_workers(request: HttpRequest) -> list[Worker]:
    """Workers in post today in the manager's own teams: the people the manager can allocate to."""
    today = clock.today()
    return [
        w
        for w in Worker.objects.filter(team_id__in=teams_of(request.user))  # type: ignore[arg-type]
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
        if w.is_in_post_on(today)
    ]


@recording("child.allocation.new", policy="child.allocate")
def allocate(request: HttpRequest, child: Child) -> HttpResponse:
    """Allocate the case to a worker; the current allocation, if any, ends on the same day."""
    form = AllocateForm(posted(request), workers=_allocatable_workers(request))
    page: Page = {
        "title": "Allocate the case to a worker",
        "template": "children/allocate_form.html",
        "extra": {"current": selectors.current_allocation(child)},
    }

    def write(data: Data) -> object:
        worker: Worker = data["worker"]
        return s.allocate(
            child=child,
            team=worker.team,  # type: ignore[arg-type]
            worker=worker,
            start_date=data["start_date"],
            previous_end_reason=data.get("previous_end_reason", ""),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, lambda data: f"Case allocated to {data['worker']}.")


@recording("child.allocation.end", policy="child.allocate")
def allocation_end(request: HttpRequest, child: Child, allocation_pk: int) -> HttpResponse:
    """End an allocation without a new one, for example when the case closes."""
    allocation = get_object_or_404(Allocation.objects.select_related("worker"), pk=allocation_pk, child=child)
    if request.method != "POST" and allocation.end_date is not None:
        return already(request, child, "That allocation has already ended.")
    who = allocation.worker or "the team"
    page: Page = {"title": f"End the allocation to {who}", "template": "children/end_allocation_form.html"}
    form = edit_form(request, EndAllocationForm, allocation)

    def write(data: Data) -> object:
        return s.end_allocation(
            allocation=allocation,
            end_date=data["end_date"],
            end_reason=data.get("end_reason", ""),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Allocation ended.", current=reread(allocation))


# --- Assessments ----------------------------------------------------------------------------------


@recording("child.assessment.new")
def assessment_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Start a single assessment on the open referral, by the worker who holds the case."""
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    form = StartAssessmentForm(posted(request))
    page: Page = {"title": "Start an assessment", "template": "children/assessment_start_form.html"}

    def write(data: Data) -> object:
        started: date = data["assessment_actual_start_date"]
        allocation = selectors.current_allocation(child, on=started)
        worker = allocation.worker if allocation and allocation.worker else None
        return s.start_assessment(
            cin_episode=episode,
            assessment_actual_start_date=started,
            worker=worker if worker is not None and worker.is_in_post_on(started) else None,
            by=request.user,  # type: ignore[arg-type]
        )

    def done(data: Data) -> str:
        return f"Assessment started on {date_format(data['assessment_actual_start_date'])}."

    return record_form(request, child, form, page, write, done)


@recording("child.assessment.complete")
def assessment_complete(request: HttpRequest, child: Child, assessment_pk: int) -> HttpResponse:
    """Completing an assessment is submitting it for a manager's authorisation (issue 18 point 2).

    The worker no longer types an authorisation date: the sign-off page takes
    the analysis, outcome and factors, and the manager's authorisation dates
    and completes it (continuum/practice/signoff.py).
    """
    assessment = get_object_or_404(Assessment, pk=assessment_pk, child=child)
    if assessment.assessment_authorisation_date is not None:
        return already(request, child, "That assessment is already authorised.")
    return redirect("child-sign-off", pk=child.pk, kind="assessment", record_pk=assessment.pk)


# --- The referral itself --------------------------------------------------------------------------


@recording("child.referral.close")
def referral_close(request: HttpRequest, child: Child, episode_pk: int) -> HttpResponse:
    """Closing a referral is submitting the closure for a manager's authorisation (issue 18 point 2).

    The referral closes when the manager authorises it (continuum/practice/signoff.py), so nobody
    closes a case on their own say; this address (linked from the returns' fixes) leads there.
    """
    episode = get_object_or_404(CINEpisode, pk=episode_pk, child=child)
    if episode.cin_closure_date is not None:
        return already(request, child, "That referral is already closed.")
    return redirect("child-sign-off", pk=child.pk, kind="closure", record_pk=episode.pk)


@recording("child.referral.need")
def referral_need(request: HttpRequest, child: Child, episode_pk: int) -> HttpResponse:
    """Record or correct a referral's primary need (the category of need the work is for).

    The MASH decision opens the referral before anyone knows the need; without
    this page the need could never be recorded, and every referral that led to
    an assessment failed the CIN census (rule 8610).
    """
    episode = get_object_or_404(CINEpisode, pk=episode_pk, child=child)
    page: Page = {
        "title": f"Primary need for the referral of {date_format(episode.cin_referral_date)}",
        "template": "children/referral_need_form.html",
    }
    form = edit_form(request, ReferralNeedForm, episode)
    if request.method != "POST" and episode.primary_need_code:
        form.initial["primary_need_code"] = episode.primary_need_code

    def write(data: Data) -> object:
        return s.update_referral(
            cin_episode=episode,
            primary_need_code=data["primary_need_code"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Primary need recorded.", current=reread(episode))


# --- Child in need plans --------------------------------------------------------------------------


@recording("child.cin_plan.new")
def cin_plan_new(request: HttpRequest, child: Child) -> HttpResponse:
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    form = CINPlanStartForm(posted(request))
    page: Page = {"title": "Start a child in need plan", "template": "children/cin_plan_start_form.html"}

    def write(data: Data) -> object:
        return s.start_cin_plan(
            cin_episode=episode,
            cin_plan_start_date=data["cin_plan_start_date"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Child in need plan started.")


@recording("child.cin_plan.end")
def cin_plan_end(request: HttpRequest, child: Child, plan_pk: int) -> HttpResponse:
    plan = get_object_or_404(CINPlan, pk=plan_pk, child=child)
    if request.method != "POST" and plan.cin_plan_end_date is not None:
        return already(request, child, "That child in need plan has already ended.")
    page: Page = {
        "title": f"End the child in need plan started {date_format(plan.cin_plan_start_date)}",
        "template": "children/cin_plan_end_form.html",
    }
    form = edit_form(request, CINPlanEndForm, plan)

    def write(data: Data) -> object:
        return s.end_cin_plan(
            cin_plan=plan,
            cin_plan_end_date=data["cin_plan_end_date"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Child in need plan ended.", current=reread(plan))
