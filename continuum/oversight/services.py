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
from django.db import transaction

from continuum.core.timescales import Rule, Status, evaluate, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.journey.models import CLAReview
from continuum.journey.services._base import begin
from continuum.oversight.models import (
    ConferenceBooking,
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
        f"the answer ({answered_on:%d/%m/%Y}) is before the stage started ({current.started_on:%d/%m/%Y}).",
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
    step.record(
        what=f"{booking.get_kind_display()} booked, chaired by {chair}", record=booking, occurred_on=None
    )
    return booking


@transaction.atomic
def record_conference_outcome(
    *, booking: ConferenceBooking, held_on: date, outcome: str, plan: str, reports: list[str], by: User
) -> ConferenceBooking:
    """The chair's record: when it was held, the decision and why, the plan, the reports that came in."""
    step = begin("record_conference_outcome", "record the conference outcome", child=booking.child_id, by=by)
    booking = ConferenceBooking.objects.select_for_update().get(pk=booking.pk)
    step.require(
        booking.held_on is None, ALREADY_HELD, "the chair's record of this conference is already saved."
    )
    step.check_date(held_on, "date held")
    booking.held_on = held_on
    booking.outcome = outcome.strip()
    booking.plan = plan.strip()
    booking.reports_received = [r for r in ConferenceReport.values if r in set(reports)]
    booking.recorded_by = by
    booking.save(update_fields=["held_on", "outcome", "plan", "reports_received", "recorded_by"])
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
