"""Writing the IRO's and chair's records: every write is one journey step, so it is in the chronology.

Going through :func:`continuum.journey.services._base.begin` locks the
child's row (steps on one child run one at a time) and appends the one
chronology event, in plain words, that every other piece of casework leaves.
A broken rule raises :class:`~continuum.journey.errors.JourneyRuleError`,
which the casework pages already show as a GOV.UK error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils.formats import date_format

from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.timescales import Rule, Status, evaluate, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.journey import selectors
from continuum.journey import services as journey
from continuum.journey.models import CLAReview, Conference
from continuum.journey.models import ConferenceKind as JourneyConferenceKind
from continuum.journey.services._base import Step, begin
from continuum.oversight.models import (
    ConferenceBooking,
    ConferenceKind,
    ConferenceReport,
    Escalation,
    EscalationStage,
    EscalationStep,
    ReviewRecord,
)
from continuum.people.models import Child, Worker

#: Rule codes for the escalation log's own refusals (journey errors carry one each).
ESCALATION_CLOSED = "escalation_closed"
STEP_BEFORE_START = "step_before_start"
NO_FURTHER_STAGE = "no_further_stage"
CHAIR_NOT_IRO = "chair_not_iro"
ALREADY_HELD = "conference_already_held"
REVIEW_ALREADY_RECORDED = "review_already_recorded"
NO_OPEN_CP_PLAN = "no_open_cp_plan"


@transaction.atomic
def record_review_record(
    *, review: CLAReview, participation: str, child_views: str, recommendations: str, by: User
) -> ReviewRecord | None:
    """The IRO's words about a review; nothing is written when all three are blank."""
    if not (participation.strip() or child_views.strip() or recommendations.strip()):
        return None
    step = begin("record_iro_review", "record the IRO's review record", child=review.child_id, by=by)
    record = ReviewRecord.objects.create(
        review=review,
        participation=participation.strip(),
        child_views=child_views.strip(),
        recommendations=recommendations.strip(),
        recorded_by=by,
    )
    count = len(record.recommendation_lines())
    step.record(
        what=f"IRO's record of the looked-after review: {count} recommendation{'s' if count != 1 else ''}",
        record=record,
        occurred_on=review.review,
    )
    return record


@transaction.atomic
def raise_escalation(
    *, child: Child, concern: str, raised_on: date, addressed_to: str, by: User
) -> Escalation:
    """Open an escalation at the first stage (informal resolution), its clock starting that day."""
    step = begin("raise_escalation", "raise an escalation", child=child, by=by)
    step.check_date(raised_on, "date raised")
    first = EscalationStage.objects.order_by("order").first()
    step.require(first is not None, NO_FURTHER_STAGE, "no dispute-resolution stages are set up.")
    escalation = Escalation.objects.create(
        child=child, concern=concern.strip(), raised_on=raised_on, raised_by=by
    )
    EscalationStep.objects.create(
        escalation=escalation,
        stage=first,
        started_on=raised_on,
        addressed_to=addressed_to.strip(),
        recorded_by=by,
    )
    step.record(what=f"Escalation raised by the IRO: {first.name}", record=escalation, occurred_on=raised_on)
    return escalation


@transaction.atomic
def answer_step(
    *,
    escalation: Escalation,
    answered_on: date,
    answer: str,
    resolved: bool,
    next_addressed_to: str = "",
    by: User,
) -> Escalation:
    """Record the answer at the current stage, then either resolve the escalation or take it a stage up.

    The next stage's clock starts the day the answer came (the IRO escalates
    because that answer did not resolve it).
    """
    step = begin("answer_escalation", "record the answer to an escalation", child=escalation.child_id, by=by)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    step.require(escalation.resolved_on is None, ESCALATION_CLOSED, "the escalation is already resolved.")
    current = escalation.current_step()
    assert current is not None  # raise_escalation always opens the first stage
    step.check_date(answered_on, "date answered")
    step.require(
        answered_on >= current.started_on,
        STEP_BEFORE_START,
        f"the answer ({day_words(answered_on)}) is before the stage started "
        f"({day_words(current.started_on)}).",
    )
    current.answered_on = answered_on
    current.answer = answer.strip()
    current.save(update_fields=["answered_on", "answer"])
    if resolved:
        escalation.resolved_on = answered_on
        escalation.outcome = answer.strip()
        escalation.save(update_fields=["resolved_on", "outcome"])
        step.record(
            what=f"Escalation resolved at stage: {current.stage.name}",
            record=escalation,
            occurred_on=answered_on,
        )
        return escalation
    following = EscalationStage.objects.filter(order__gt=current.stage.order).order_by("order").first()
    step.require(
        following is not None,
        NO_FURTHER_STAGE,
        "this is the last stage; record the escalation as resolved (or refer to Cafcass outside Continuum).",
    )
    EscalationStep.objects.create(
        escalation=escalation,
        stage=following,
        started_on=answered_on,
        addressed_to=next_addressed_to.strip(),
        recorded_by=by,
    )
    step.record(
        what=f"Escalation taken to stage: {following.name}", record=escalation, occurred_on=answered_on
    )
    return escalation


# --- Conferences: booking and the chair's record ----------------------------------------------------


@transaction.atomic
def book_conference(
    *, child: Child, kind: str, on: date, chair: Worker, invitees: str, reports: list[str], by: User
) -> ConferenceBooking:
    """Book a conference or review with its chair and invitees (a booking may be for a future date)."""
    step = begin("book_conference", "book a conference", child=child, by=by)
    step.require(chair.role == "iro", CHAIR_NOT_IRO, "the chair must be an independent reviewing officer.")
    step.check_worker(chair, on)
    booking = ConferenceBooking.objects.create(
        child=child,
        kind=kind,
        date=on,
        chair=chair,
        invitees=invitees.strip(),
        reports_received=[r for r in ConferenceReport.values if r in set(reports)],
        booked_by=by,
    )
    # Dated the day it was booked (the booking is what happened that day); the day it is for is in the words.
    step.record(
        what=f"{booking.get_kind_display()} booked for {date_format(on)}, chaired by {chair}",
        record=booking,
        occurred_on=clock.today(),
    )
    return booking


#: What each booked kind is recorded as once held: the SSDA903 review, or the CIN census review conference.
#: An initial conference is not here: it needs the section 47 it follows, recorded on its own form.
STATUTORY_KINDS = {
    ConferenceKind.CLA_REVIEW: "looked-after review",
    ConferenceKind.REVIEW_CP: "review child protection conference",
}


@dataclass(frozen=True)
class ReviewAnswers:
    """What the statutory record needs beyond the chair's words (blank for kinds that have no record).

    A looked-after review: how the child took part (SSDA903 REVIEW_CODE) and the IRO's words about
    it. A review conference: its decision on the plan, a new category of abuse, how the child took part.
    """

    review_code: str = ""
    participation: str = ""
    recommendations: str = ""
    decision: str = ""
    latest_category_of_abuse: str | None = None
    child_participation: str = ""
    plan_version: int | None = None


def statutory_review_on(child_id: int, kind: str, on: date) -> CLAReview | Conference | None:
    """The looked-after review or review conference already recorded for the child on ``on``, if any."""
    if kind == ConferenceKind.CLA_REVIEW:
        return CLAReview.objects.filter(child_id=child_id, review=on).order_by("pk").first()
    if kind == ConferenceKind.REVIEW_CP:
        return (
            Conference.objects.filter(
                child_id=child_id, kind=JourneyConferenceKind.REVIEW, conference_date=on
            )
            .order_by("pk")
            .first()
        )
    return None


def _refuse_if_recorded(step: Step, kind: str, on: date) -> None:
    existing = statutory_review_on(step.subject.pk, kind, on)
    step.require(
        existing is None,
        REVIEW_ALREADY_RECORDED,
        f"a {STATUTORY_KINDS[kind]} on {date_format(on)} is already recorded, "
        "so it would be counted twice; correct that record instead.",
    )


@transaction.atomic
def refuse_second_review(*, child: Child, kind: str, on: date, by: User) -> None:
    """Refuse a second statutory record of the same review: the working forms ask this before writing.

    One review held is one record, whichever page records it: the looked-after review form, the
    review conference form, or the chair's record of a booking (which links to a review already
    recorded that day rather than making another). The child's row is locked first, so two people
    saving the same review at the same moment cannot both pass.
    """
    _refuse_if_recorded(
        begin("check_review_once", f"record the {STATUTORY_KINDS[kind]}", child=child, by=by), kind, on
    )


def _record_cla_review(
    booking: ConferenceBooking, held_on: date, answers: ReviewAnswers, by: User
) -> CLAReview:
    """The SSDA903 review, chaired by the booking's chair, with the IRO's words about it."""
    review = journey.record_cla_review(
        child=booking.child, review=held_on, review_code=answers.review_code, iro=booking.chair, by=by
    )
    record_review_record(
        review=review,
        participation=answers.participation,
        child_views="",  # the child's words are the chair's record of the review, on the booking
        recommendations=answers.recommendations,
        by=by,
    )
    return review


def _record_cp_review(step: Step, held_on: date, answers: ReviewAnswers, by: User) -> Conference:
    """The CIN census review conference of the child's open plan, with its decision on the plan."""
    plan = selectors.open_cp_plan(step.subject)
    step.require(
        plan is not None,
        NO_OPEN_CP_PLAN,
        "the child has no open child protection plan for the conference to review.",
    )
    assert plan is not None  # for the type checker: require refused otherwise
    return journey.hold_cp_review(
        cp_plan=plan,
        conference_date=held_on,
        outcome=answers.decision,
        latest_category_of_abuse=answers.latest_category_of_abuse or None,
        child_participation=answers.child_participation,
        expected_version=answers.plan_version if answers.plan_version is not None else plan.version,
        by=by,
    )


def _held_by_a_booking(record: CLAReview | Conference) -> bool:
    field = "cla_review" if isinstance(record, CLAReview) else "cp_review"
    return ConferenceBooking.objects.filter(**{field: record}).exists()


def _statutory_record(
    step: Step, booking: ConferenceBooking, held_on: date, answers: ReviewAnswers, by: User
) -> models.Model | None:
    """The statutory record of the held review: the one already recorded that day, else a new one."""
    if booking.kind not in STATUTORY_KINDS:
        return None
    existing = statutory_review_on(booking.child_id, booking.kind, held_on)
    if existing is not None:
        step.require(
            not _held_by_a_booking(existing),
            REVIEW_ALREADY_RECORDED,
            f"another booking's record already holds the {STATUTORY_KINDS[booking.kind]} "
            f"of {date_format(held_on)}.",
        )
        return existing
    if booking.kind == ConferenceKind.CLA_REVIEW:
        return _record_cla_review(booking, held_on, answers, by)
    return _record_cp_review(step, held_on, answers, by)


@transaction.atomic
def record_conference_outcome(
    *,
    booking: ConferenceBooking,
    held_on: date,
    outcome: str,
    plan: str,
    reports: list[str],
    answers: ReviewAnswers | None = None,
    by: User,
) -> ConferenceBooking:
    """The chair's record, and for a looked-after review or review conference the statutory record too.

    Why one save: a review the chair has recorded as held must move what counts it (the child's next
    review due, the IRO's caseload, the conferences tray, the SSDA903 and CIN returns), and those read
    only the journey's records. So the held review is recorded through the same journey services as
    the working forms (``record_cla_review``, ``hold_cp_review``), in the same transaction as the
    chair's words: both are saved or neither.

    One statutory record per review: when the review was already recorded that day on the working
    form, the booking is linked to that record and nothing is recorded twice (the working forms in
    turn refuse a second record of a day, :func:`refuse_second_review`). An initial conference
    follows a section 47 and is recorded on its own form; its booking keeps the chair's words only.
    """
    step = begin("record_conference_outcome", "record the conference outcome", child=booking.child_id, by=by)
    booking = ConferenceBooking.objects.select_for_update().get(pk=booking.pk)
    step.require(
        booking.held_on is None, ALREADY_HELD, "the chair's record of this conference is already saved."
    )
    step.check_date(held_on, "date held")
    record = _statutory_record(step, booking, held_on, answers or ReviewAnswers(), by)
    booking.held_on = held_on
    booking.outcome = outcome.strip()
    booking.plan = plan.strip()
    booking.reports_received = [r for r in ConferenceReport.values if r in set(reports)]
    booking.recorded_by = by
    booking.cla_review = record if isinstance(record, CLAReview) else None
    booking.cp_review = record if isinstance(record, Conference) else None
    booking.save(
        update_fields=[
            "held_on",
            "outcome",
            "plan",
            "reports_received",
            "recorded_by",
            "cla_review",
            "cp_review",
        ]
    )
    step.record(
        what=f"{booking.get_kind_display()} held: the chair's record", record=booking, occurred_on=held_on
    )
    return booking


# --- The clock of each stage ----------------------------------------------------------------------


@dataclass(frozen=True)
class StepClock:
    """One stage of an escalation with the date its answer is due and its status as of a day."""

    step: EscalationStep
    due: date | None
    status: Status | None


def stage_clocks(
    escalation: Escalation, as_of: date, rules: dict[str, Rule] | None = None
) -> list[StepClock]:
    """Each stage reached, with its due date from the stage's timescale rule (None if the rule is off)."""
    index = rules if rules is not None else rules_by_code(load_rules())
    calendar = default_calendar()
    clocks = []
    for step in escalation.steps.select_related("stage").order_by("stage__order", "pk"):
        rule = index.get(step.stage.timescale_code)
        if rule is None:
            clocks.append(StepClock(step, None, None))
            continue
        # The one clock engine walks it, so "due soon" follows the rule's own window too.
        done = [step.answered_on] if step.answered_on else []
        [item] = evaluate(rule, start=step.started_on, as_of=as_of, completions=done, calendar=calendar)
        clocks.append(StepClock(step, item.due, item.status))  # type: ignore[arg-type]
    return clocks
