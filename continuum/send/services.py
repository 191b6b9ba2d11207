"""Recording an EHC journey and a plan, and reading the clocks for pages.

Every write goes through here so the order the Code sets is kept (no decision before the request,
no final plan without a decision to issue) and so a final plan always creates its ``EHCPlan``.
The clocks come from the council's timescales table, loaded once per call.

Concurrent edits: a form carries the version of the request or plan it was opened on. A write
locks the row, compares, and refuses with ``code="concurrent_change"`` when someone else saved in
between, so two caseworkers cannot silently undo each other's decision or amendment. The lock,
compare and move-on are the project's one way (:mod:`continuum.core.versions`); SEND keeps its own
sentence and its ``ValidationError``, which the pages catch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from continuum.core import versions
from continuum.core.timescales import DueItem, load_rules, rules_by_code
from continuum.send import clocks
from continuum.send.models import (
    UKPRN_VALIDATOR,
    URN_VALIDATOR,
    AdviceRequest,
    AnnualReview,
    AssessDecision,
    AssessmentException,
    EHCPlan,
    EHCRequest,
    IssueDecision,
    Phase,
    PhaseTransfer,
    Requester,
    SettingConsultation,
)

M = TypeVar("M", bound=models.Model)
CONCURRENT = "This {what} was changed by someone else while you were editing it: read it again below"

#: The plan's fields a caseworker may change after it is issued (an amendment or a correction).
PLAN_FIELDS = (
    "primary_need",
    "needs",
    "outcomes",
    "provision",
    "setting_name",
    "setting_type",
    "setting_urn",
    "setting_ukprn",
    "out_of_borough",
    "budget_requested",
    "budget_agreed",
    "budget_amount",
    "budget_purpose",
)


def _day(day: date) -> str:
    """A date as the pages say it: 7 Dec 2026."""
    return f"{day.day} {day:%b %Y}"


def _not_before(day: date | None, earliest: date, what: str) -> None:
    if day is not None and day < earliest:
        raise ValidationError(f"The {what} cannot be before {earliest.day} {earliest:%B %Y}.")


def _locked(record: M, expected_version: int | None, what: str) -> M:
    """``record`` brought up to its row, locked for this transaction; refused with SEND's own
    sentence if the row moved past ``expected_version`` (the version the user's form was opened on).

    The caller's instance takes the row as it stands, so the change is made to it and seen by it
    (a page or a test holding the request reads the decision it just recorded)."""

    def refusal() -> ValidationError:
        return ValidationError(CONCURRENT.format(what=what), code="concurrent_change")

    current = versions.locked_at(record, expected_version, refusal=refusal)
    for field in record._meta.concrete_fields:
        setattr(record, field.attname, getattr(current, field.attname))
    return record


def check_setting_ids(fields: dict[str, Any]) -> None:
    """A named setting's URN is 6 digits and its UKPRN 8 digits starting with 1 (what SEN2 accepts)."""
    for name, validator in (("setting_urn", URN_VALIDATOR), ("setting_ukprn", UKPRN_VALIDATOR)):
        value = fields.get(name) or ""
        if value:
            try:
                validator(value)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None


#: A second request while one is open: refused at the child field, naming the open one.
ALREADY_OPEN = (
    "{name} already has an open request for an EHC needs assessment, EHC-{pk}, received {received}. "
    "Add to that request, or record its withdrawal before recording a new one"
)


def _is_open_q() -> models.Q:
    """Not finished and not stopped: the same test as :attr:`EHCRequest.is_open`, for a query."""
    return (
        models.Q(final_issued_on__isnull=True, withdrawn_on__isnull=True)
        & ~models.Q(assess_decision=AssessDecision.REFUSE)
        & ~models.Q(issue_decision=IssueDecision.NOT_ISSUE)
    )


#: A new request for a person who holds a plan: refused at the child field, naming the plan.
HOLDS_PLAN = (
    "{name} already holds a current EHC plan, issued {issued}: a person holds one plan at a time. "
    "Change that plan (an amendment, after an annual review or a re-assessment), or record that it "
    "ceased, before recording a new request"
)
#: A final plan for a person who still holds another (a request recorded before the check above).
SECOND_PLAN = (
    "{name} still holds a current EHC plan, issued {issued}: record that it ceased before issuing "
    "this one (a person holds one plan at a time)"
)


def _holds_plan(child: Any, field: str, sentence: str) -> None:
    """Refused at ``field`` when the person already holds a plan in force.

    Why: a person has at most one EHC plan in force (Children and Families Act 2014 s37; SEN2's
    active plans are one per person). A second would count them twice in the plans maintained,
    and leave the first plan's annual review overdue for ever. A request for someone with a plan
    is a re-assessment of that plan, which ends in an amended plan rather than a second one.
    """
    plan = current_plan(child.pk)
    if plan is not None:
        message = sentence.format(name=child.display_name, issued=_day(plan.issued_on))
        raise ValidationError({field: ValidationError(message, code="holds_plan")})


def open_request_for(child_id: int) -> EHCRequest | None:
    """The person's request still in progress, if any (a withdrawn or finished one does not count)."""
    return EHCRequest.objects.filter(_is_open_q(), child_id=child_id).order_by("received_on", "pk").first()


def request_for_submission(submission_token: str) -> EHCRequest | None:
    """The request the form with this one-time token already recorded (a resend finds it)."""
    if not submission_token:
        return None
    return EHCRequest.objects.filter(submission_token=submission_token).first()


@transaction.atomic
def record_request(
    child: Any, requested_by: str, received_on: date, *, caseworker: Any = None, submission_token: str = ""
) -> EHCRequest:
    """Record a request for an EHC needs assessment; every clock starts from ``received_on``.

    A person has one assessment in progress at a time: a second request while one is open (the
    same request sent twice, or a parent and a school both asking) would run a second 20-week
    clock and count the person twice in the caseworker's list, the indicators and the SEN2
    return. So it is refused, naming the open one (``code="already_open"``;
    :func:`open_request_for` finds it for a link); a withdrawn or finished request does not
    block. The person's row is locked so two caseworkers cannot both get past the check.

    A person who already holds a plan in force is refused too (``code="holds_plan"``;
    :func:`current_plan` finds it for a link): see :func:`_holds_plan`.
    """
    type(child).objects.select_for_update().filter(pk=child.pk).first()
    _holds_plan(child, "la_child_id", HOLDS_PLAN)
    already = open_request_for(child.pk)
    if already is not None:
        raise ValidationError(
            {
                "la_child_id": ValidationError(
                    ALREADY_OPEN.format(
                        name=child.display_name,
                        pk=already.pk,
                        received=_day(already.received_on),
                    ),
                    code="already_open",
                )
            }
        )
    return EHCRequest.objects.create(
        child=child,
        requested_by=Requester(requested_by).value,
        received_on=received_on,
        caseworker=caseworker,
        submission_token=submission_token,
    )


@transaction.atomic
def record_decision_to_assess(
    request: EHCRequest, decision: str, on: date, *, expected_version: int | None = None
) -> EHCRequest:
    """Record whether the council will assess (a refusal stops the journey)."""
    request = _locked(request, expected_version, "request")
    if request.assess_decision:
        raise ValidationError("The decision whether to assess is already recorded.")
    _not_before(on, request.received_on, "decision")
    request.assess_decision = AssessDecision(decision).value
    request.assess_decided_on = on
    versions.save_moved_on(request, ["assess_decision", "assess_decided_on"])
    return request


@transaction.atomic
def record_decision_to_issue(
    request: EHCRequest,
    decision: str,
    on: date,
    *,
    expected_version: int | None = None,
    despite_awaited_advice: bool = False,
) -> EHCRequest:
    """Record whether a plan will be issued; needs an agreement to assess first.

    The decision rests on the advice the council asked for (SEND Regulations 2014 regs 6 and 10),
    so a decision while some is still awaited is refused until the caseworker confirms it
    (``despite_awaited_advice``): the advice may never come, so it cannot be a hard stop, but it
    must not pass unnoticed.
    """
    request = _locked(request, expected_version, "request")
    if request.assess_decision != AssessDecision.ASSESS:
        raise ValidationError("Record the decision to assess before the decision whether to issue a plan.")
    if request.issue_decision:
        raise ValidationError("The decision whether to issue a plan is already recorded.")
    _not_before(on, request.assess_decided_on or request.received_on, "decision")
    awaited = request.advice.filter(received_on__isnull=True)
    if awaited.exists() and not despite_awaited_advice:
        kinds = ", ".join(a.get_kind_display().lower() for a in awaited)
        raise ValidationError(
            {
                "despite_awaited_advice": f"Advice is still awaited ({kinds}): record it as received, "
                "or confirm the decision is made without it"
            }
        )
    request.issue_decision = IssueDecision(decision).value
    request.issue_decided_on = on
    versions.save_moved_on(request, ["issue_decision", "issue_decided_on"])
    return request


@transaction.atomic
def record_draft(request: EHCRequest, on: date, *, expected_version: int | None = None) -> EHCRequest:
    """Record that the draft plan went to the parent or young person (reg 13(1)(a))."""
    request = _locked(request, expected_version, "request")
    if request.issue_decision != IssueDecision.ISSUE:
        raise ValidationError("A draft plan needs a decision to issue one.")
    _not_before(on, request.issue_decided_on or request.received_on, "draft plan")
    request.draft_issued_on = on
    versions.save_moved_on(request, ["draft_issued_on"])
    return request


@transaction.atomic
def withdraw_request(request: EHCRequest, on: date, *, expected_version: int | None = None) -> EHCRequest:
    """Record that the request was withdrawn (by the parent or young person): its clocks stop there."""
    request = _locked(request, expected_version, "request")
    if request.final_issued_on is not None or clocks.stopped_on(request) is not None:
        raise ValidationError("This request has already ended: it cannot be withdrawn.")
    _not_before(on, request.received_on, "date the request was withdrawn")
    request.withdrawn_on = on
    versions.save_moved_on(request, ["withdrawn_on"])
    return request


def record_consultation(
    request: EHCRequest,
    setting_name: str,
    setting_type: str,
    consulted_on: date,
    responded_on: date | None = None,
    accepts: bool | None = None,
) -> SettingConsultation:
    """Record a consultation with a setting the parent or young person asked to be named (s39)."""
    _not_before(consulted_on, request.received_on, "consultation")
    _not_before(responded_on, consulted_on, "setting's answer")
    if responded_on is None and accepts is not None:
        raise ValidationError("Give the date the setting answered.")
    return SettingConsultation.objects.create(
        ehc_request=request,
        setting_name=setting_name,
        setting_type=setting_type,
        consulted_on=consulted_on,
        responded_on=responded_on,
        accepts=accepts,
    )


def request_advice(request: EHCRequest, kind: str, requested_on: date) -> AdviceRequest:
    """Record a request for advice (reg 6): its own 6-week clock starts the day it is asked.

    One request of each kind is awaited at a time: a second while the first is awaited would be
    the same request recorded twice (two clocks for one piece of advice, and two entries that
    cannot be told apart when the advice arrives). Once the first has arrived, asking again is
    allowed (more advice of the same kind may be needed).
    """
    _not_before(requested_on, request.received_on, "date advice was requested")
    awaited = AdviceRequest.objects.filter(ehc_request=request, kind=kind, received_on__isnull=True).first()
    if awaited is not None:
        raise ValidationError(
            {
                "kind": f"{awaited.get_kind_display()} advice was asked for on {_day(awaited.requested_on)} "
                "and has not arrived: record it as received before asking again"
            }
        )
    return AdviceRequest.objects.create(ehc_request=request, kind=kind, requested_on=requested_on)


def record_exception(
    request: EHCRequest, reason: str, starts_on: date, note: str = ""
) -> AssessmentException:
    """Record a reason a time limit could not be met, as known at the time (clocks.EXCEPTIONS)."""
    if reason not in clocks.EXCEPTIONS:
        raise ValidationError("Select a reason from the list.")
    return AssessmentException.objects.create(
        ehc_request=request, reason=reason, starts_on=starts_on, note=note
    )


def record_advice_received(advice: AdviceRequest, on: date) -> AdviceRequest:
    """Record the day advice arrived: its 6-week clock is then done."""
    _not_before(on, advice.requested_on, "advice received date")
    advice.received_on = on
    advice.save(update_fields=["received_on"])
    return advice


#: The days the parent or young person has to comment on the draft plan, counting the day it was
#: sent (SEND Regulations 2014 reg 13(1): "at least 15 days, beginning with the day on which
#: the draft plan was served").
COMMENT_DAYS = 15


def comment_period_ends(draft_sent: date) -> date:
    """The last day the family has to comment on a draft sent on ``draft_sent``."""
    return draft_sent + timedelta(days=COMMENT_DAYS - 1)


def inside_comment_period(request: EHCRequest, on: date) -> str | None:
    """Why a final plan issued ``on`` needs the caseworker to confirm the family's answer (it falls
    inside their 15 days to comment on the draft), or None when it does not.

    The final plan's form asks this too, so the confirmation is asked for alongside the form's
    other errors rather than only after they are put right; the service asks again under its lock.
    """
    if request.draft_issued_on is None:
        return None
    ends = comment_period_ends(request.draft_issued_on)
    if on > ends:
        return None
    return (
        f"The family has until {_day(ends)} to comment on the draft plan sent "
        f"{_day(request.draft_issued_on)}: issue the final plan after then, or confirm the family "
        "has commented or agreed to an earlier final plan"
    )


@transaction.atomic
def issue_final_plan(
    request: EHCRequest,
    on: date,
    *,
    expected_version: int | None = None,
    family_commented_early: bool = False,
    **plan_fields: Any,
) -> EHCPlan:
    """Issue the final plan: dates the request and creates the person's EHC plan.

    A final plan inside the family's 15 days to comment on the draft is refused unless the
    caseworker confirms the family has commented or agreed to an earlier plan
    (``family_commented_early``): the Regulations give "at least" 15 days, and the family can
    answer sooner, so it is a check to confirm rather than a hard stop.

    A person still holding another plan in force is refused at the plan's date (:func:`_holds_plan`):
    a request recorded before that check, or a plan transferred in while the request was open.
    """
    request = _locked(request, expected_version, "request")
    if request.issue_decision != IssueDecision.ISSUE:
        raise ValidationError("A final plan needs a decision to issue one.")
    if request.final_issued_on is not None:
        raise ValidationError("The final plan is already issued.")
    _holds_plan(request.child, "issued_on", SECOND_PLAN)
    _not_before(on, request.issue_decided_on or request.received_on, "final plan")
    _not_before(on, request.draft_issued_on or request.received_on, "final plan")
    early = None if family_commented_early else inside_comment_period(request, on)
    if early is not None:
        raise ValidationError({"family_commented_early": early})
    _check_budget(plan_fields)
    check_setting_ids(plan_fields)
    request.final_issued_on = on
    versions.save_moved_on(request, ["final_issued_on"])
    return EHCPlan.objects.create(child_id=request.child_id, ehc_request=request, issued_on=on, **plan_fields)


def _check_budget(fields: dict[str, Any]) -> None:
    """A personal budget is agreed only when requested, and an amount only when agreed."""
    if fields.get("budget_agreed") and not fields.get("budget_requested"):
        raise ValidationError("A personal budget can be agreed only when one was requested.")
    if fields.get("budget_amount") is not None and not fields.get("budget_agreed"):
        raise ValidationError("Give an amount only for an agreed personal budget.")


@transaction.atomic
def change_plan(plan: EHCPlan, *, expected_version: int | None = None, **fields: Any) -> EHCPlan:
    """Change the plan's sections, setting or personal budget (an amendment or a correction)."""
    plan = _locked(plan, expected_version, "plan")
    if plan.ceased_on is not None:
        raise ValidationError("This plan has ceased: it can no longer be changed.")
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not a plan field: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(plan, name)) for name in PLAN_FIELDS}
    _check_budget(merged)
    check_setting_ids(merged)
    for name, value in fields.items():
        setattr(plan, name, value)
    versions.save_moved_on(plan, list(fields))
    return plan


@transaction.atomic
def record_review(
    plan: EHCPlan,
    held_on: date,
    outcome: str,
    amended_on: date | None = None,
    *,
    expected_version: int | None = None,
) -> AnnualReview:
    """Record an annual review; a "cease" outcome does not cease the plan (that is its own decision).

    The amended plan's date may come later (:func:`record_amended_plan`); its 12-week clock runs
    from the meeting meanwhile.
    """
    plan = _locked(plan, expected_version, "plan")
    if plan.ceased_on is not None:
        raise ValidationError("This plan has ceased: record no more reviews.")
    _not_before(held_on, plan.issued_on, "review")
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    _not_before(held_on, last or plan.issued_on, "review")
    outcome = AnnualReview.Outcome(outcome).value
    if amended_on is not None and outcome != AnnualReview.Outcome.AMEND:
        raise ValidationError("Give the amended plan's date only when the review decided to amend the plan.")
    _not_before(amended_on, held_on, "amended plan")
    versions.save_moved_on(plan, [])
    return AnnualReview.objects.create(plan=plan, held_on=held_on, outcome=outcome, amended_on=amended_on)


def record_amended_plan(review: AnnualReview, on: date) -> AnnualReview:
    """Date the amended plan a review decided on: its 12-week clock is then done."""
    if review.outcome != AnnualReview.Outcome.AMEND:
        raise ValidationError("Only a review that decided to amend the plan has an amended plan.")
    _not_before(on, review.held_on, "amended plan")
    review.amended_on = on
    review.save(update_fields=["amended_on"])
    return review


@transaction.atomic
def cease_plan(plan: EHCPlan, on: date, reason: str, *, expected_version: int | None = None) -> EHCPlan:
    """Cease a plan with its reason (s45): its annual review clock stops there."""
    plan = _locked(plan, expected_version, "plan")
    if not reason:
        raise ValidationError("Give the reason the plan ceased.")
    if plan.ceased_on is not None:
        raise ValidationError("This plan has already ceased.")
    _not_before(on, plan.issued_on, "date the plan ceased")
    plan.ceased_on, plan.cease_reason = on, reason
    versions.save_moved_on(plan, ["ceased_on", "cease_reason"])
    return plan


def rules() -> dict[str, Any]:
    """The council's active rules by code (one query)."""
    return rules_by_code(load_rules())


def request_clocks(
    request: EHCRequest, as_of: date, rule_index: dict[str, Any] | None = None
) -> list[clocks.JourneyClock]:
    """The journey's clocks for one request as at ``as_of``."""
    return clocks.journey(request, list(request.advice.all()), rule_index or rules(), as_of)


@dataclass(frozen=True)
class OpenRequest:
    """One line of the caseworker's list: the request and its next clock not yet done."""

    request: EHCRequest
    next_clock: clocks.JourneyClock | None
    final: DueItem | None


def open_request_records(as_of: date) -> Any:
    """The requests open on ``as_of``: received by then, no final plan, not stopped (a queryset)."""
    return EHCRequest.objects.filter(_is_open_q(), received_on__lte=as_of)


def open_requests(as_of: date, *, caseworker: Any = None) -> list[OpenRequest]:
    """Open requests (no final plan, no stop) with their next clock, the most urgent first."""
    index = rules()
    qs = open_request_records(as_of).select_related("child", "caseworker").prefetch_related("advice")
    if caseworker is not None:
        qs = qs.filter(caseworker=caseworker)
    lines = []
    for request in qs:
        journey = clocks.journey(request, list(request.advice.all()), index, as_of)
        pending = [c for c in journey if not c.item.is_done]
        pending.sort(key=lambda c: c.item.due)
        final = next((c.item for c in journey if c.item.rule_code == clocks.FINAL_PLAN), None)
        lines.append(OpenRequest(request, pending[0] if pending else None, final))
    lines.sort(
        key=lambda line: (line.next_clock is None, line.next_clock.item.due if line.next_clock else as_of)
    )
    return lines


@dataclass(frozen=True)
class ReviewDue:
    """A current plan whose next annual review is overdue or falls due within the warning period."""

    plan: EHCPlan
    last: date
    due: date
    overdue: bool


def reviews_due(as_of: date, *, within_weeks: int = 8) -> list[ReviewDue]:
    """Current plans whose next annual review is due by ``as_of`` plus ``within_weeks``, the latest first.

    One query: the last review (or the plan's date) per plan. The next due date is then the
    clock's own (:func:`clocks.annual_reviews`, the engine's walk of ``ehc_annual_review`` from the
    plan, completed by the last review), so a council's edit of the rule moves the list with the
    plan page, and no second copy of the repeat step lives here.
    """
    index = rules()
    if clocks.ANNUAL_REVIEW not in index:
        return []
    plans = (
        EHCPlan.objects.filter(ceased_on__isnull=True, issued_on__lte=as_of)
        .annotate(last_review=models.Max("reviews__held_on", filter=models.Q(reviews__held_on__lte=as_of)))
        .select_related("child")
    )
    horizon = date.fromordinal(as_of.toordinal() + 7 * within_weeks)
    out = []
    for plan in plans:
        reviewed = plan.last_review  # type: ignore[attr-defined]
        # The last review is all the walk needs: each item is counted from the one before it.
        items = clocks.annual_reviews(plan, [reviewed] if reviewed else [], index, as_of)
        pending = next((item for item in items if not item.is_done), None)
        if pending is not None and pending.due <= horizon:
            out.append(ReviewDue(plan, reviewed or plan.issued_on, pending.due, pending.due < as_of))
    out.sort(key=lambda line: (line.due, line.plan.pk))
    return out


# --- Phase transfers (SEND Regulations 2014 reg 18) -----------------------------------------------

#: The order of the phases: a transfer moves a plan on to a later one.
_PHASE_ORDER = [Phase.EARLY_YEARS, Phase.PRIMARY, Phase.SECONDARY, Phase.POST16]


def record_transfer(
    plan: EHCPlan, from_phase: str, to_phase: str, transfer_year: int, **setting: Any
) -> PhaseTransfer:
    """Record that the plan's child or young person moves to the next phase in ``transfer_year``.

    ``setting`` may already name the new setting (name, type, URN or UKPRN); the amended plan's
    date comes with :func:`record_transfer_plan_issued`.
    """
    if plan.ceased_on is not None:
        raise ValidationError("This plan has ceased: it has no transfer to plan for.")
    start, end = Phase(from_phase), Phase(to_phase)
    if _PHASE_ORDER.index(end) <= _PHASE_ORDER.index(start):
        raise ValidationError(
            {"to_phase": f"A transfer moves on from {start.label.lower()}: choose a later phase."}
        )
    if transfer_year < plan.issued_on.year:
        raise ValidationError({"transfer_year": "The transfer cannot be before the plan was issued."})
    if PhaseTransfer.objects.filter(plan=plan, transfer_year=transfer_year).exists():
        raise ValidationError({"transfer_year": f"This plan already has a transfer in {transfer_year}."})
    check_setting_ids(setting)
    return PhaseTransfer.objects.create(
        plan=plan, from_phase=start.value, to_phase=end.value, transfer_year=transfer_year, **setting
    )


@transaction.atomic
def record_transfer_plan_issued(
    transfer: PhaseTransfer,
    on: date,
    *,
    setting_name: str,
    setting_type: str = "",
    setting_urn: str = "",
    setting_ukprn: str = "",
    expected_version: int | None = None,
) -> PhaseTransfer:
    """Date the amended plan that names the new setting: the transfer's deadline is then met or missed.

    The amended plan is the plan: its named setting becomes the new one (a version of the plan),
    so the plan page and the SEN2 return name it from then on.
    """
    if not setting_name.strip():
        raise ValidationError({"setting_name": "Name the new setting the amended plan names."})
    fields = {
        "setting_name": setting_name.strip(),
        "setting_type": setting_type,
        "setting_urn": setting_urn,
        "setting_ukprn": setting_ukprn,
    }
    check_setting_ids(fields)
    transfer = PhaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.amended_issued_on is not None:
        raise ValidationError("The amended plan for this transfer is already recorded.")
    _not_before(on, transfer.plan.issued_on, "amended plan")
    change_plan(transfer.plan, expected_version=expected_version, **fields)
    for name, value in fields.items():
        setattr(transfer, name, value)
    transfer.amended_issued_on = on
    transfer.save(update_fields=[*fields, "amended_issued_on"])
    return transfer


@dataclass(frozen=True)
class TransferDue:
    """A transfer whose amended plan is not yet issued, with its deadline (due soon or overdue)."""

    transfer: PhaseTransfer
    item: DueItem

    @property
    def overdue(self) -> bool:
        return self.item.status.value == "overdue"


def transfers_due(as_of: date, *, within_weeks: int = 12) -> list[TransferDue]:
    """Transfers of current plans with no amended plan yet, due by ``as_of`` plus ``within_weeks``
    or overdue, the earliest deadline first. One query; the deadlines are the rules' own."""
    index = rules()
    horizon = date.fromordinal(as_of.toordinal() + 7 * within_weeks)
    qs = (
        PhaseTransfer.objects.filter(amended_issued_on__isnull=True, plan__ceased_on__isnull=True)
        .filter(transfer_year__lte=horizon.year + 1)
        .select_related("plan__child")
    )
    out = []
    for transfer in qs:
        item = clocks.phase_transfer(transfer, index, as_of)
        if item is not None and not item.is_done and item.due <= horizon:
            out.append(TransferDue(transfer, item))
    out.sort(key=lambda line: (line.item.due, line.transfer.pk))
    return out


def current_plan(child_id: int) -> EHCPlan | None:
    """The person's plan in force (the latest not ceased), for their record and the SEND pages."""
    return (
        EHCPlan.objects.filter(child_id=child_id, ceased_on__isnull=True)
        .order_by("-issued_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class SocialCareStatus:
    """Where a person stands with children's social care today, in words, for their SEND caseworker."""

    label: str
    since: date | None


def social_care_status(child_id: int, on: date) -> list[SocialCareStatus]:
    """Every social-care status the person holds on ``on`` (looked after, on a plan, in need, care
    leaver), the most intensive first; empty when not open to social care."""
    from continuum.journey.models import CareLeaver, CINEpisode, CLAEpisode, CPPlan

    def open_on(qs: Any, start: str, end: str) -> Any:
        return (
            qs.filter(child_id=child_id, **{f"{start}__lte": on})
            .filter(models.Q(**{f"{end}__isnull": True}) | models.Q(**{f"{end}__gt": on}))
            .order_by(f"-{start}")
            .values_list(start, flat=True)
            .first()
        )

    found = [
        ("Looked after", open_on(CLAEpisode.objects, "decom", "dec")),
        ("On a child protection plan", open_on(CPPlan.objects, "cpp_start_date", "cpp_end_date")),
        (
            "Child in need (open referral)",
            open_on(CINEpisode.objects, "cin_referral_date", "cin_closure_date"),
        ),
        ("Care leaver", open_on(CareLeaver.objects, "start_date", "end_date")),
    ]
    return [SocialCareStatus(label, since) for label, since in found if since is not None]
