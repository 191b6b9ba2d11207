"""Child protection casework: strategy discussions, section 47 enquiries, conferences and plans.

Each view is a :func:`~continuum.web.children.pages.recording` frame around
one journey service write, which holds the rules (an ICPC needs a section 47,
a plan needs a conference that decided on one, and so on).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format

from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import (
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CPPlan,
    Section47,
    StrategyDiscussion,
)
from continuum.oversight import services as oversight
from continuum.oversight.models import ConferenceKind as BookedKind
from continuum.people.models import Child
from continuum.practice import narrative
from continuum.web.children.child_protection_forms import (
    CompleteS47Form,
    CoreGroupForm,
    CPPlanForm,
    CPReviewForm,
    EndCPPlanForm,
    ICPCForm,
    S47Form,
    StrategyDiscussionForm,
)
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
from continuum.web.children.plans import plan_actions_context
from continuum.web.children.recording_forms import as_bool

# --- Strategy discussions and section 47 enquiries ------------------------------------------------


@recording("child.strategy.new")
def strategy_new(request: HttpRequest, child: Child) -> HttpResponse:
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    form = StrategyDiscussionForm(posted(request))
    page: Page = {"title": "Record a strategy discussion", "template": "children/strategy_form.html"}

    def write(data: Data) -> object:
        return s.hold_strategy_discussion(
            cin_episode=episode,
            held_on=data["held_on"],
            decision_s47=bool(as_bool(data["decision_s47"])),
            agencies_present=data["agencies_present"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Strategy discussion recorded.")


@recording("child.s47.new")
def s47_new(request: HttpRequest, child: Child) -> HttpResponse:
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    discussions = list(
        StrategyDiscussion.objects.filter(cin_episode=episode, decision_s47=True).order_by("-held_on")
    )
    form = S47Form(posted(request), discussions=discussions)
    page: Page = {"title": "Start a section 47 enquiry", "template": "children/s47_form.html"}

    def write(data: Data) -> object:
        return s.start_s47(
            cin_episode=episode,
            s47_actual_start_date=data["s47_actual_start_date"],
            strategy_discussion=data.get("strategy_discussion"),
            initial_cpc_target=data.get("initial_cpc_target"),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Section 47 enquiry started.")


@recording("child.s47.complete")
def s47_complete(request: HttpRequest, child: Child, s47_pk: int) -> HttpResponse:
    """Record an enquiry's outcome; the service sets ICPCnotRequired from it."""
    enquiry = get_object_or_404(Section47, pk=s47_pk, child=child)
    if request.method != "POST" and enquiry.completed_on is not None:
        return already(request, child, "That section 47 enquiry is already complete.")
    page: Page = {
        "title": f"Complete the section 47 enquiry started {date_format(enquiry.s47_actual_start_date)}",
        "template": "children/s47_complete_form.html",
    }
    form = edit_form(request, CompleteS47Form, enquiry)

    def write(data: Data) -> object:
        return s.complete_s47(
            section47=enquiry,
            completed_on=data["completed_on"],
            outcome=data["outcome"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(
        request,
        child,
        form,
        page,
        write,
        "Section 47 enquiry completed.",
        current=reread(enquiry),
    )


# --- Conferences and plans ------------------------------------------------------------------------


@recording("child.icpc.new")
def icpc_new(request: HttpRequest, child: Child) -> HttpResponse:
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    enquiries = list(Section47.objects.filter(cin_episode=episode).order_by("-s47_actual_start_date"))
    form = ICPCForm(posted(request), enquiries=enquiries)
    page: Page = {
        "title": "Record an initial child protection conference",
        "template": "children/icpc_form.html",
    }

    def write(data: Data) -> object:
        return s.hold_icpc(
            cin_episode=episode,
            conference_date=data["conference_date"],
            outcome=data["outcome"],
            section47=data.get("section47"),
            child_participation=data.get("child_participation", ""),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Initial child protection conference recorded.")


@recording("child.cp_plan.new")
def cp_plan_new(request: HttpRequest, child: Child) -> HttpResponse:
    conferences = list(
        Conference.objects.filter(
            child=child,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN),
            outcome=ConferenceOutcome.PLAN,
        )
        .exclude(pk__in=CPPlan.objects.filter(child=child).values("icpc_id"))
        .order_by("-conference_date")
    )
    form = CPPlanForm(posted(request), conferences=conferences)
    page: Page = {"title": "Start a child protection plan", "template": "children/cp_plan_form.html"}

    def write(data: Data) -> object:
        return s.start_cp_plan(
            icpc=data["icpc"],
            initial_category_of_abuse=data["initial_category_of_abuse"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Child protection plan started.")


def _open_plan(request: HttpRequest, child: Child, plan_pk: int) -> CPPlan | HttpResponse:
    """The child's plan, or the way back to the record if it has already ended (on a GET)."""
    plan = get_object_or_404(CPPlan, pk=plan_pk, child=child)
    if request.method != "POST" and plan.cpp_end_date is not None:
        return already(request, child, "That child protection plan has already ended.")
    return plan


@recording("child.core_group.new")
def core_group_new(request: HttpRequest, child: Child, plan_pk: int) -> HttpResponse:
    plan = get_object_or_404(CPPlan, pk=plan_pk, child=child)
    form = CoreGroupForm(posted(request))
    page: Page = {
        "title": "Record a core group meeting",
        "template": "children/core_group_form.html",
        "extra": plan_actions_context(plan, request.path),
    }

    def write(data: Data) -> object:
        meeting = s.record_core_group(
            cp_plan=plan,
            meeting_date=data["meeting_date"],
            agencies_present=data["agencies_present"],
            by=request.user,  # type: ignore[arg-type]
        )
        # What happened and the child's voice: a case note about the meeting (issue 18 point 1).
        told = form.narrative()
        narrative.write_narrative(
            child=child,
            about="core_group",
            record=meeting,
            on=data["meeting_date"],
            by=request.user,
            **told,  # type: ignore[arg-type]
        )
        return meeting

    return record_form(request, child, form, page, write, "Core group meeting recorded.")


@recording("child.cp_review.new", policy="child.review")
def cp_review_new(request: HttpRequest, child: Child, plan_pk: int) -> HttpResponse:
    """A review conference of the child's plan: its decision (the plan continues or ends) and a note.

    The CP chair chairs the review conference, so ``child.review`` lets the IRO/CP chair record it
    as well as the case recorders, still only for a child they may see (as the looked-after review).
    """
    plan = _open_plan(request, child, plan_pk)
    if isinstance(plan, HttpResponse):
        return plan
    page: Page = {
        "title": "Record a review child protection conference",
        "template": "children/cp_review_form.html",
        "extra": plan_actions_context(plan, request.path),
    }
    form = edit_form(request, CPReviewForm, plan)

    def write(data: Data) -> object:
        # One record per review: refused if the chair's record of a booking already recorded it.
        oversight.refuse_second_review(
            child=child,
            kind=BookedKind.REVIEW_CP,
            on=data["conference_date"],
            by=request.user,  # type: ignore[arg-type]
        )
        review = s.hold_cp_review(
            cp_plan=plan,
            conference_date=data["conference_date"],
            outcome=data["outcome"],
            latest_category_of_abuse=data.get("latest_category_of_abuse") or None,
            child_participation=data.get("child_participation", ""),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )
        told = form.narrative()
        narrative.write_narrative(
            child=child,
            about="cp_review",
            record=review,
            on=data["conference_date"],
            by=request.user,
            **told,  # type: ignore[arg-type]
        )
        return review

    return record_form(request, child, form, page, write, "Review conference recorded.", current=reread(plan))


@recording("child.cp_plan.end")
def cp_plan_end(request: HttpRequest, child: Child, plan_pk: int) -> HttpResponse:
    plan = _open_plan(request, child, plan_pk)
    if isinstance(plan, HttpResponse):
        return plan
    page: Page = {
        "title": f"End the child protection plan started {date_format(plan.cpp_start_date)}",
        "template": "children/cp_plan_end_form.html",
    }
    form = edit_form(request, EndCPPlanForm, plan)

    def write(data: Data) -> object:
        return s.end_cp_plan(
            cp_plan=plan,
            cpp_end_date=data["cpp_end_date"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(
        request, child, form, page, write, "Child protection plan ended.", current=reread(plan)
    )
