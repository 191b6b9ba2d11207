"""Child protection: strategy discussions, section 47 enquiries, conferences, CP plans, core groups,
and child in need plans.

The order is the law's order (Working Together): a strategy discussion may
start a section 47 enquiry; an initial child protection conference (ICPC)
needs a section 47 enquiry in the same referral; a child protection plan needs
an ICPC that decided "plan", and starts on the day of that conference.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.core.working_days import add_working_days
from continuum.journey.errors import Rule
from continuum.journey.models import (
    ChildParticipation,
    CINEpisode,
    CINPlan,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    CPPlan,
    PartnerAgency,
    S47Outcome,
    Section47,
    StrategyDiscussion,
)
from continuum.journey.services._base import begin, fmt, lock, save_changes, snapshot

#: Working days from the strategy discussion to the ICPC (Working Together); the default target.
ICPC_WORKING_DAYS = 15


@transaction.atomic
def hold_strategy_discussion(
    *,
    cin_episode: CINEpisode,
    held_on: date,
    decision_s47: bool,
    agencies_present: Sequence[str] = (),
    by: User | None,
) -> StrategyDiscussion:
    """Record a strategy discussion and whether it decided to start a section 47 enquiry."""
    step = begin(
        "hold_strategy_discussion", "record a strategy discussion", child=cin_episode.child_id, by=by
    )
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(held_on, "date of the strategy discussion")
    step.check_in_episode(episode, held_on, "date of the strategy discussion", statutory=decision_s47)
    step.check_choices(PartnerAgency, agencies_present, "agency")
    discussion = StrategyDiscussion.objects.create(
        child=step.subject,
        cin_episode=episode,
        held_on=held_on,
        decision_s47=decision_s47,
        agencies_present=list(agencies_present),
    )
    step.record(
        what="Strategy discussion" + (": section 47 enquiry to start" if decision_s47 else ": no section 47"),
        record=discussion,
        occurred_on=held_on,
        after=snapshot(discussion, ["held_on", "decision_s47", "agencies_present"]),
    )
    return discussion


@transaction.atomic
def start_s47(
    *,
    cin_episode: CINEpisode,
    s47_actual_start_date: date,
    strategy_discussion: StrategyDiscussion | None = None,
    initial_cpc_target: date | None = None,
    by: User | None,
) -> Section47:
    """Start a section 47 enquiry.

    Without an explicit target, the ICPC target (CIN InitialCPCtarget) is 15
    working days after the strategy discussion that started the enquiry.
    """
    step = begin("start_s47", "start a section 47 enquiry", child=cin_episode.child_id, by=by)
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(s47_actual_start_date, "section 47 start date")
    step.check_in_episode(episode, s47_actual_start_date, "section 47 start date", statutory=True)
    if strategy_discussion is not None:
        if strategy_discussion.cin_episode_id != episode.pk:
            step.fail(Rule.WRONG_CHILD, "that strategy discussion belongs to another referral.")
        if not strategy_discussion.decision_s47:
            step.fail(
                Rule.S47_NOT_DECIDED, "that strategy discussion decided not to start a section 47 enquiry."
            )
        step.check_order(
            strategy_discussion.held_on, s47_actual_start_date, "strategy discussion", "section 47 start date"
        )
        if initial_cpc_target is None:
            initial_cpc_target = add_working_days(strategy_discussion.held_on, ICPC_WORKING_DAYS)
    s47 = Section47.objects.create(
        child=step.subject,
        cin_episode=episode,
        strategy_discussion=strategy_discussion,
        s47_actual_start_date=s47_actual_start_date,
        initial_cpc_target=initial_cpc_target,
    )
    step.record(
        what="Section 47 enquiry started",
        record=s47,
        occurred_on=s47_actual_start_date,
        after=snapshot(s47, ["s47_actual_start_date", "initial_cpc_target", "strategy_discussion"]),
    )
    return s47


@transaction.atomic
def complete_s47(
    *,
    section47: Section47,
    completed_on: date,
    outcome: str,
    expected_version: int,
    by: User | None,
) -> Section47:
    """Record the outcome of a section 47 enquiry; ICPCnotRequired follows from the outcome."""
    step = begin("complete_s47", "complete the section 47 enquiry", child=section47.child_id, by=by)
    current = lock(Section47, section47.pk, related=["cin_episode"])
    step.check_version(current, expected_version, "section 47 enquiry")
    step.require(
        current.completed_on is None, Rule.ALREADY_ENDED, "the section 47 enquiry is already complete."
    )
    step.check_choice(S47Outcome, outcome, "section 47 outcome")
    step.check_date(completed_on, "section 47 completion date")
    step.check_order(current.s47_actual_start_date, completed_on, "section 47 start date", "completion date")
    step.check_in_episode(current.cin_episode, completed_on, "section 47 completion date", statutory=True)
    current.completed_on = completed_on
    current.outcome = outcome
    current.icpc_not_required = outcome != S47Outcome.SUBSTANTIATED_ICPC
    save_changes(current, ["completed_on", "outcome", "icpc_not_required"])
    step.record(
        what=f"Section 47 enquiry completed: {current.get_outcome_display()}",
        record=current,
        occurred_on=completed_on,
        before={"completed_on": None, "outcome": ""},
        after=snapshot(current, ["completed_on", "outcome", "icpc_not_required"]),
    )
    return current


@transaction.atomic
def hold_icpc(
    *,
    cin_episode: CINEpisode,
    conference_date: date,
    outcome: str,
    section47: Section47 | None = None,
    child_participation: str = "",
    target_date: date | None = None,
    by: User | None,
) -> Conference:
    """Record an initial child protection conference.

    It needs a section 47 enquiry in the same referral (the latest one started
    on or before the conference, unless one is named), and not one that found
    a conference unnecessary. Pre-birth conferences are allowed for unborn children.
    """
    step = begin(
        "hold_icpc", "hold an initial child protection conference", child=cin_episode.child_id, by=by
    )
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(conference_date, "conference date")
    step.check_in_episode(episode, conference_date, "conference date", statutory=True)
    if outcome not in (ConferenceOutcome.PLAN, ConferenceOutcome.NO_PLAN):
        step.fail(Rule.INVALID_CODE, "an initial conference decides either a plan or no plan.")
    step.check_choice(ChildParticipation, child_participation, "child participation", blank_ok=True)
    if section47 is None:
        section47 = (
            Section47.objects.filter(cin_episode=episode, s47_actual_start_date__lte=conference_date)
            .order_by("-s47_actual_start_date", "-pk")
            .first()
        )
        if section47 is None:
            step.fail(Rule.ICPC_NEEDS_S47, "there is no section 47 enquiry in this referral.")
    elif section47.cin_episode_id != episode.pk:
        step.fail(Rule.ICPC_NEEDS_S47, "that section 47 enquiry belongs to another referral.")
    step.check_order(
        section47.s47_actual_start_date, conference_date, "section 47 start date", "conference date"
    )
    if section47.icpc_not_required:
        step.fail(Rule.ICPC_NOT_REQUIRED, "the section 47 enquiry concluded that no conference was needed.")
    conference = Conference.objects.create(
        child=step.subject,
        cin_episode=episode,
        kind=ConferenceKind.INITIAL,
        section47=section47,
        target_date=target_date or section47.initial_cpc_target,
        conference_date=conference_date,
        outcome=outcome,
        child_participation=child_participation,
    )
    step.record(
        what=f"Initial child protection conference: {conference.get_outcome_display()}",
        record=conference,
        occurred_on=conference_date,
        after=snapshot(conference, ["section47", "target_date", "conference_date", "outcome"]),
    )
    return conference


@transaction.atomic
def start_cp_plan(
    *,
    icpc: Conference,
    initial_category_of_abuse: str,
    cpp_start_date: date | None = None,
    number_of_previous_cpp: int | None = None,
    by: User | None,
) -> CPPlan:
    """Start a child protection plan from an ICPC that decided "plan".

    The plan starts on the ICPC date (CIN CPPstartDate); ``cpp_start_date`` may
    be given only to confirm it. NumberOfPreviousCPP is counted from the
    child's earlier plans unless given (for history loaded from elsewhere).
    An open child in need plan ends the day the CP plan starts, because the
    two may not run together (CIN census rule 4001).
    """
    step = begin("start_cp_plan", "start a child protection plan", child=icpc.child_id, by=by)
    conference = lock(Conference, icpc.pk, related=["cin_episode"])
    episode = conference.cin_episode
    if conference.kind not in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN):
        step.fail(Rule.CP_PLAN_NEEDS_ICPC_PLAN, "a plan starts from an initial (or transfer-in) conference.")
    if conference.outcome != ConferenceOutcome.PLAN:
        step.fail(
            Rule.CP_PLAN_NEEDS_ICPC_PLAN,
            f"the initial conference on {fmt(conference.conference_date)} decided no child protection plan.",
        )
    start = conference.conference_date
    if cpp_start_date is not None and cpp_start_date != start:
        step.fail(
            Rule.CP_PLAN_STARTS_ON_ICPC_DATE,
            f"a child protection plan starts on the day of the initial conference ({fmt(start)}), "
            f"not {fmt(cpp_start_date)}.",
        )
    step.check_code("InitialCategoryOfAbuse", initial_category_of_abuse, "category of abuse")
    step.check_date(start, "plan start date")
    step.check_in_episode(episode, start, "plan start date", statutory=True)
    if CPPlan.objects.filter(icpc=conference).exists():
        step.fail(Rule.ALREADY_ENDED, "a plan has already been started from this conference.")
    previous = list(CPPlan.objects.filter(child=step.subject).values_list("cpp_end_date", flat=True))
    if any(end is None for end in previous):
        step.fail(Rule.ONE_OPEN_CP_PLAN, "the child already has an open child protection plan.")
    if number_of_previous_cpp is None:
        number_of_previous_cpp = len(previous)
    elif number_of_previous_cpp < 0:
        step.fail(Rule.INVALID_CODE, "the number of previous plans cannot be negative.")
    ended_cin_plan = (
        CINPlan.objects.select_for_update().filter(child=step.subject, cin_plan_end_date__isnull=True).first()
    )
    if ended_cin_plan is not None:
        step.check_order(
            ended_cin_plan.cin_plan_start_date, start, "child in need plan start", "plan start date"
        )
        ended_cin_plan.cin_plan_end_date = start
        save_changes(ended_cin_plan, ["cin_plan_end_date"])
    plan = CPPlan.objects.create(
        child=step.subject,
        cin_episode=episode,
        icpc=conference,
        cpp_start_date=start,
        initial_category_of_abuse=initial_category_of_abuse,
        latest_category_of_abuse=initial_category_of_abuse,
        number_of_previous_cpp=number_of_previous_cpp,
    )
    after = snapshot(plan, ["cpp_start_date", "initial_category_of_abuse", "number_of_previous_cpp"])
    if ended_cin_plan is not None:
        after["ended_cin_plan_id"] = ended_cin_plan.pk
    step.record(what="Child protection plan started", record=plan, occurred_on=start, after=after)
    return plan


@transaction.atomic
def hold_cp_review(
    *,
    cp_plan: CPPlan,
    conference_date: date,
    outcome: str,
    latest_category_of_abuse: str | None = None,
    child_participation: str = "",
    target_date: date | None = None,
    expected_version: int,
    by: User | None,
) -> Conference:
    """Record a review child protection conference (CIN CPPreviewDate).

    If the conference ends the plan, the plan ends on the conference date; a
    change of category updates the plan's LatestCategoryOfAbuse.
    """
    step = begin("hold_cp_review", "hold a review child protection conference", child=cp_plan.child_id, by=by)
    plan = lock(CPPlan, cp_plan.pk, related=["cin_episode"])
    step.check_version(plan, expected_version, "child protection plan")
    step.require(
        plan.cpp_end_date is None, Rule.ALREADY_ENDED, "the child protection plan has already ended."
    )
    if outcome not in (ConferenceOutcome.CONTINUE_PLAN, ConferenceOutcome.END_PLAN):
        step.fail(Rule.INVALID_CODE, "a review conference either continues or ends the plan.")
    step.check_choice(ChildParticipation, child_participation, "child participation", blank_ok=True)
    step.check_date(conference_date, "review conference date")
    if conference_date <= plan.cpp_start_date:
        step.fail(
            Rule.DATE_OUTSIDE_PLAN,
            f"the review ({fmt(conference_date)}) must be after the plan started "
            f"({fmt(plan.cpp_start_date)}).",
        )
    step.check_in_episode(plan.cin_episode, conference_date, "review conference date", statutory=True)
    if latest_category_of_abuse is not None:
        step.check_code("LatestCategoryOfAbuse", latest_category_of_abuse, "category of abuse")
    before = snapshot(plan, ["latest_category_of_abuse", "cpp_end_date"])
    conference = Conference.objects.create(
        child=step.subject,
        cin_episode=plan.cin_episode,
        kind=ConferenceKind.REVIEW,
        cp_plan=plan,
        target_date=target_date,
        conference_date=conference_date,
        outcome=outcome,
        child_participation=child_participation,
    )
    changed = []
    if latest_category_of_abuse is not None and latest_category_of_abuse != plan.latest_category_of_abuse:
        plan.latest_category_of_abuse = latest_category_of_abuse
        changed.append("latest_category_of_abuse")
    if outcome == ConferenceOutcome.END_PLAN:
        plan.cpp_end_date = conference_date
        changed.append("cpp_end_date")
    if changed:
        save_changes(plan, changed)
    step.record(
        what=f"Review child protection conference: {conference.get_outcome_display()}",
        record=conference,
        occurred_on=conference_date,
        before=before,
        after={
            **snapshot(plan, ["latest_category_of_abuse", "cpp_end_date"]),
            **snapshot(conference, ["conference_date", "outcome"]),
        },
    )
    return conference


@transaction.atomic
def end_cp_plan(*, cp_plan: CPPlan, cpp_end_date: date, expected_version: int, by: User | None) -> CPPlan:
    """End a child protection plan (CIN CPPendDate) outside a review conference, e.g. on transfer out."""
    step = begin("end_cp_plan", "end the child protection plan", child=cp_plan.child_id, by=by)
    plan = lock(CPPlan, cp_plan.pk, related=["cin_episode"])
    step.check_version(plan, expected_version, "child protection plan")
    step.require(
        plan.cpp_end_date is None, Rule.ALREADY_ENDED, "the child protection plan has already ended."
    )
    step.check_date(cpp_end_date, "plan end date")
    step.check_order(plan.cpp_start_date, cpp_end_date, "plan start date", "plan end date")
    step.check_in_episode(plan.cin_episode, cpp_end_date, "plan end date", statutory=True)
    plan.cpp_end_date = cpp_end_date
    save_changes(plan, ["cpp_end_date"])
    step.record(
        what="Child protection plan ended",
        record=plan,
        occurred_on=cpp_end_date,
        before={"cpp_end_date": None},
        after=snapshot(plan, ["cpp_end_date"]),
    )
    return plan


@transaction.atomic
def record_core_group(
    *, cp_plan: CPPlan, meeting_date: date, agencies_present: Sequence[str] = (), by: User | None
) -> CoreGroup:
    """Record a core group meeting held under a child protection plan."""
    step = begin("record_core_group", "record a core group meeting", child=cp_plan.child_id, by=by)
    plan = lock(CPPlan, cp_plan.pk, related=["cin_episode"])
    step.check_date(meeting_date, "core group date")
    step.check_choices(PartnerAgency, agencies_present, "agency")
    if meeting_date < plan.cpp_start_date or (
        plan.cpp_end_date is not None and meeting_date > plan.cpp_end_date
    ):
        step.fail(
            Rule.DATE_OUTSIDE_PLAN, f"the core group date ({fmt(meeting_date)}) is outside the plan's dates."
        )
    step.check_in_episode(plan.cin_episode, meeting_date, "core group date", statutory=True)
    meeting = CoreGroup.objects.create(
        child=step.subject, cp_plan=plan, meeting_date=meeting_date, agencies_present=list(agencies_present)
    )
    step.record(
        what="Core group meeting",
        record=meeting,
        occurred_on=meeting_date,
        after=snapshot(meeting, ["cp_plan", "meeting_date", "agencies_present"]),
    )
    return meeting


# --- Child in need plans ------------------------------------------------------------


@transaction.atomic
def start_cin_plan(*, cin_episode: CINEpisode, cin_plan_start_date: date, by: User | None) -> CINPlan:
    """Start a child in need plan. Not while a child protection plan is open (CIN census rule 4001)."""
    step = begin("start_cin_plan", "start a child in need plan", child=cin_episode.child_id, by=by)
    episode = lock(CINEpisode, cin_episode.pk)
    step.check_date(cin_plan_start_date, "CIN plan start date")
    step.check_in_episode(episode, cin_plan_start_date, "CIN plan start date", statutory=True)
    open_cp = (
        CPPlan.objects.filter(child=step.subject, cpp_end_date__isnull=True).only("cpp_start_date").first()
    )
    if open_cp is not None:
        step.fail(
            Rule.CIN_PLAN_DURING_CP_PLAN,
            f"the child has a child protection plan open since {fmt(open_cp.cpp_start_date)}; "
            "a child in need plan cannot run at the same time.",
        )
    if CINPlan.objects.filter(child=step.subject, cin_plan_end_date__isnull=True).exists():
        step.fail(Rule.ONE_OPEN_CIN_PLAN, "the child already has an open child in need plan.")
    plan = CINPlan.objects.create(
        child=step.subject, cin_episode=episode, cin_plan_start_date=cin_plan_start_date
    )
    step.record(
        what="Child in need plan started",
        record=plan,
        occurred_on=cin_plan_start_date,
        after=snapshot(plan, ["cin_plan_start_date"]),
    )
    return plan


@transaction.atomic
def end_cin_plan(
    *, cin_plan: CINPlan, cin_plan_end_date: date, expected_version: int, by: User | None
) -> CINPlan:
    """End a child in need plan (CIN CINPlanEndDate)."""
    step = begin("end_cin_plan", "end the child in need plan", child=cin_plan.child_id, by=by)
    plan = lock(CINPlan, cin_plan.pk, related=["cin_episode"])
    step.check_version(plan, expected_version, "child in need plan")
    step.require(
        plan.cin_plan_end_date is None, Rule.ALREADY_ENDED, "the child in need plan has already ended."
    )
    step.check_date(cin_plan_end_date, "CIN plan end date")
    step.check_order(plan.cin_plan_start_date, cin_plan_end_date, "CIN plan start date", "CIN plan end date")
    step.check_in_episode(plan.cin_episode, cin_plan_end_date, "CIN plan end date", statutory=True)
    plan.cin_plan_end_date = cin_plan_end_date
    save_changes(plan, ["cin_plan_end_date"])
    step.record(
        what="Child in need plan ended",
        record=plan,
        occurred_on=cin_plan_end_date,
        before={"cin_plan_end_date": None},
        after=snapshot(plan, ["cin_plan_end_date"]),
    )
    return plan
