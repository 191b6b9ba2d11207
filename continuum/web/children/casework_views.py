"""Casework forms for allocation, assessments, referrals and plans (issue 4, "The journey").

Each view opens the child through the policy (``@requires`` and
:func:`~continuum.web.children.access.open_child`, which writes the access
log), checks the form, and hands the write to one journey service.
:func:`submit` is the one place a service's answer becomes a page: a refusal
(``JourneyRuleError``) is shown as a GOV.UK error with everything typed kept,
and a clash with someone else's save says what they changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from continuum.core import clock
from continuum.core.policy import teams_of
from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import CINEpisode, CINPlan, CPPlan
from continuum.people.models import Allocation, Child, Worker
from continuum.web.access import requires
from continuum.web.children import casework_forms as cf
from continuum.web.children.access import open_child
from continuum.web.children.views import (
    CONCURRENT_MESSAGE,
    _form_page,
    _no_referral,
    _open_for_recording,
    _posted,
    _saved,
    child_page,
)

Page = dict[str, Any]


def submit(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: Page,
    write: Callable[[], object],
    done: str,
    *,
    current: Callable[[], models.Model] | None = None,
) -> HttpResponse:
    """Run one service write and answer with the record page, or the form again with the reason.

    ``current`` re-reads the edited record after a clash, so the form can say
    what changed and move on to the record's new version.
    """
    try:
        write()
    except ConcurrentChangeError:
        changes = form.catch_up(current()) if current is not None else []
        errors = [(form.non_field_anchor, CONCURRENT_MESSAGE)]
        return _form_page(request, child, form, errors=errors, changes=changes, **page)
    except JourneyRuleError as error:
        return _form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    return _saved(request, child, done)


def already(request: HttpRequest, child: Child, text: str) -> HttpResponse:
    """Back to the record with a note, when what the form would do is already done."""
    messages.info(request, text)
    return redirect("child-record", pk=child.pk)


def edit_form(
    request: HttpRequest, form_class: type[cf.EditForm], record: models.Model, **kwargs: Any
) -> Any:
    """The posted form, or on a GET the empty form carrying the record's version and what it shows."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    return form_class.opening(record, **kwargs)


def reread(model: type[models.Model], pk: int) -> Callable[[], models.Model]:
    return lambda: model._default_manager.get(pk=pk)


# --- Allocation (team managers) ----------------------------------------------------------------


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


@child_page
@requires("child.allocate")
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate the case to a worker; the current allocation, if any, ends on the same day."""
    child = open_child(request, pk, "child.allocation.new", policy_action="child.allocate")
    form = cf.AllocateForm(_posted(request), workers=_allocatable_workers(request))
    page: Page = {
        "title": "Allocate the case to a worker",
        "template": "children/allocate_form.html",
        "extra": {"current": selectors.current_allocation(child)},
    }
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    worker: Worker = data["worker"]

    def write() -> object:
        return s.allocate(
            child=child,
            team=worker.team,  # type: ignore[arg-type]
            worker=worker,
            start_date=data["start_date"],
            previous_end_reason=data.get("previous_end_reason", ""),
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, f"Case allocated to {worker}.")


@child_page
@requires("child.allocate")
def allocation_end(request: HttpRequest, pk: int, allocation_pk: int) -> HttpResponse:
    """End an allocation without a new one, for example when the case closes."""
    child = open_child(request, pk, "child.allocation.end", policy_action="child.allocate")
    allocation = get_object_or_404(Allocation.objects.select_related("worker"), pk=allocation_pk, child=child)
    if request.method != "POST" and allocation.end_date is not None:
        return already(request, child, "That allocation has already ended.")
    who = allocation.worker or "the team"
    page: Page = {"title": f"End the allocation to {who}", "template": "children/end_allocation_form.html"}
    form = edit_form(request, cf.EndAllocationForm, allocation)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.end_allocation(
            allocation=allocation,
            end_date=data["end_date"],
            end_reason=data.get("end_reason", ""),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Allocation ended.", current=reread(Allocation, allocation.pk)
    )


# --- Referral and assessment --------------------------------------------------------------------


@child_page
@requires("child.record")
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a single assessment on the open referral, by the worker who holds the case."""
    child = _open_for_recording(request, pk, "child.assessment.new")
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return _no_referral(request, child)
    form = cf.StartAssessmentForm(_posted(request))
    page: Page = {"title": "Start an assessment", "template": "children/assessment_start_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    started: date = form.cleaned_data["assessment_actual_start_date"]
    allocation = selectors.current_allocation(child, on=started)
    worker = allocation.worker if allocation and allocation.worker else None
    if worker is not None and not worker.is_in_post_on(started):
        worker = None

    def write() -> object:
        return s.start_assessment(
            cin_episode=episode,
            assessment_actual_start_date=started,
            worker=worker,
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, f"Assessment started on {started:%d/%m/%Y}.")


@child_page
@requires("child.record")
def referral_close(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    """Close a referral (CIN episode) with the DfE reason for closure."""
    child = _open_for_recording(request, pk, "child.referral.close")
    episode = get_object_or_404(CINEpisode, pk=episode_pk, child=child)
    if request.method != "POST" and episode.cin_closure_date is not None:
        return already(request, child, "That referral is already closed.")
    page: Page = {
        "title": f"Close the referral of {episode.cin_referral_date:%d/%m/%Y}",
        "template": "children/referral_close_form.html",
    }
    form = edit_form(request, cf.CloseReferralForm, episode)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=data["cin_closure_date"],
            reason_for_closure=data["reason_for_closure"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Referral closed.", current=reread(CINEpisode, episode.pk)
    )


@child_page
@requires("child.record")
def referral_need(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    """Record or correct a referral's primary need (the category of need the work is for).

    The MASH decision opens the referral before anyone knows the need; without
    this page the need could never be recorded, and every referral that led to
    an assessment failed the CIN census (rule 8610).
    """
    child = _open_for_recording(request, pk, "child.referral.need")
    episode = get_object_or_404(CINEpisode, pk=episode_pk, child=child)
    page: Page = {
        "title": f"Primary need for the referral of {episode.cin_referral_date:%d/%m/%Y}",
        "template": "children/referral_need_form.html",
    }
    form = edit_form(request, cf.ReferralNeedForm, episode)
    if request.method != "POST" and episode.primary_need_code:
        form.initial["primary_need_code"] = episode.primary_need_code
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.update_referral(
            cin_episode=episode,
            primary_need_code=data["primary_need_code"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Primary need recorded.", current=reread(CINEpisode, episode.pk)
    )


# --- Child in need plans ---------------------------------------------------------------------------


@child_page
@requires("child.record")
def cin_plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.cin_plan.new")
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return _no_referral(request, child)
    form = cf.CINPlanStartForm(_posted(request))
    page: Page = {"title": "Start a child in need plan", "template": "children/cin_plan_start_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.start_cin_plan(
            cin_episode=episode,
            cin_plan_start_date=data["cin_plan_start_date"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, "Child in need plan started.")


@child_page
@requires("child.record")
def cin_plan_end(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.cin_plan.end")
    plan = get_object_or_404(CINPlan, pk=plan_pk, child=child)
    if request.method != "POST" and plan.cin_plan_end_date is not None:
        return already(request, child, "That child in need plan has already ended.")
    page: Page = {
        "title": f"End the child in need plan started {plan.cin_plan_start_date:%d/%m/%Y}",
        "template": "children/cin_plan_end_form.html",
    }
    form = edit_form(request, cf.CINPlanEndForm, plan)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.end_cin_plan(
            cin_plan=plan,
            cin_plan_end_date=data["cin_plan_end_date"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Child in need plan ended.", current=reread(CINPlan, plan.pk)
    )


# --- Child protection plans --------------------------------------------------------------------


def _open_plan(request: HttpRequest, child: Child, plan_pk: int) -> CPPlan | HttpResponse:
    """The child's plan, or the way back to the record if it has already ended (on a GET)."""
    plan = get_object_or_404(CPPlan, pk=plan_pk, child=child)
    if request.method != "POST" and plan.cpp_end_date is not None:
        return already(request, child, "That child protection plan has already ended.")
    return plan


@child_page
@requires("child.record")
def core_group_new(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.core_group.new")
    plan = get_object_or_404(CPPlan, pk=plan_pk, child=child)
    form = cf.CoreGroupForm(_posted(request))
    page: Page = {"title": "Record a core group meeting", "template": "children/core_group_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.record_core_group(
            cp_plan=plan,
            meeting_date=data["meeting_date"],
            agencies_present=data["agencies_present"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, "Core group meeting recorded.")


@child_page
@requires("child.record")
def cp_review_new(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.cp_review.new")
    plan = _open_plan(request, child, plan_pk)
    if isinstance(plan, HttpResponse):
        return plan
    page: Page = {
        "title": "Record a review child protection conference",
        "template": "children/cp_review_form.html",
    }
    form = edit_form(request, cf.CPReviewForm, plan)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.hold_cp_review(
            cp_plan=plan,
            conference_date=data["conference_date"],
            outcome=data["outcome"],
            latest_category_of_abuse=data.get("latest_category_of_abuse") or None,
            child_participation=data.get("child_participation", ""),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Review conference recorded.", current=reread(CPPlan, plan.pk)
    )


@child_page
@requires("child.record")
def cp_plan_end(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.cp_plan.end")
    plan = _open_plan(request, child, plan_pk)
    if isinstance(plan, HttpResponse):
        return plan
    page: Page = {
        "title": f"End the child protection plan started {plan.cpp_start_date:%d/%m/%Y}",
        "template": "children/cp_plan_end_form.html",
    }
    form = edit_form(request, cf.EndCPPlanForm, plan)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.end_cp_plan(
            cp_plan=plan,
            cpp_end_date=data["cpp_end_date"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(
        request, child, form, page, write, "Child protection plan ended.", current=reread(CPPlan, plan.pk)
    )
