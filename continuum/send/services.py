"""Recording an EHC journey and a plan, and reading the clocks for pages.

Every write goes through here so the order the Code sets is kept (no decision before the request,
no final plan without a decision to issue) and so a final plan always creates its ``EHCPlan``.
The clocks come from the council's timescales table, loaded once per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from continuum.core.timescales import DueItem, load_rules, rules_by_code
from continuum.send import clocks
from continuum.send.models import AnnualReview, AssessDecision, EHCPlan, EHCRequest, IssueDecision


def _not_before(day: date | None, earliest: date, what: str) -> None:
    if day is not None and day < earliest:
        raise ValidationError(f"The {what} cannot be before {earliest:%d %B %Y}.")


def record_decision_to_assess(request: EHCRequest, decision: str, on: date) -> EHCRequest:
    """Record whether the council will assess (a refusal stops the journey)."""
    _not_before(on, request.received_on, "decision")
    request.assess_decision = AssessDecision(decision).value
    request.assess_decided_on = on
    request.save(update_fields=["assess_decision", "assess_decided_on"])
    return request


def record_decision_to_issue(request: EHCRequest, decision: str, on: date) -> EHCRequest:
    """Record whether a plan will be issued; needs an agreement to assess first."""
    if request.assess_decision != AssessDecision.ASSESS:
        raise ValidationError("Record the decision to assess before the decision whether to issue a plan.")
    _not_before(on, request.assess_decided_on or request.received_on, "decision")
    request.issue_decision = IssueDecision(decision).value
    request.issue_decided_on = on
    request.save(update_fields=["issue_decision", "issue_decided_on"])
    return request


@transaction.atomic
def issue_final_plan(request: EHCRequest, on: date, **plan_fields: Any) -> EHCPlan:
    """Issue the final plan: dates the request and creates the person's EHC plan."""
    if request.issue_decision != IssueDecision.ISSUE:
        raise ValidationError("A final plan needs a decision to issue one.")
    _not_before(on, request.issue_decided_on or request.received_on, "final plan")
    _not_before(on, request.draft_issued_on or request.received_on, "final plan")
    request.final_issued_on = on
    request.save(update_fields=["final_issued_on"])
    return EHCPlan.objects.create(child_id=request.child_id, ehc_request=request, issued_on=on, **plan_fields)


def record_review(plan: EHCPlan, held_on: date, outcome: str, amended_on: date | None = None) -> AnnualReview:
    """Record an annual review; a "cease" outcome does not cease the plan (that is its own decision)."""
    _not_before(held_on, plan.issued_on, "review")
    return AnnualReview.objects.create(plan=plan, held_on=held_on, outcome=outcome, amended_on=amended_on)


@transaction.atomic
def cease_plan(plan: EHCPlan, on: date, reason: str) -> EHCPlan:
    """Cease a plan with its reason (s45): its annual review clock stops there."""
    if not reason:
        raise ValidationError("Give the reason the plan ceased.")
    _not_before(on, plan.issued_on, "date the plan ceased")
    plan.ceased_on, plan.cease_reason = on, reason
    plan.save(update_fields=["ceased_on", "cease_reason"])
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


def open_requests(as_of: date, *, caseworker: Any = None) -> list[OpenRequest]:
    """Open requests (no final plan, no stop) with their next clock, the most urgent first."""
    index = rules()
    qs = (
        EHCRequest.objects.filter(
            final_issued_on__isnull=True, withdrawn_on__isnull=True, received_on__lte=as_of
        )
        .exclude(assess_decision=AssessDecision.REFUSE)
        .exclude(issue_decision=IssueDecision.NOT_ISSUE)
        .select_related("child", "caseworker")
        .prefetch_related("advice")
    )
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


def current_plan(child_id: int) -> EHCPlan | None:
    """The person's plan in force (the latest not ceased), for their record and the SEND pages."""
    return (
        EHCPlan.objects.filter(child_id=child_id, ceased_on__isnull=True)
        .order_by("-issued_on", "-pk")
        .first()
    )
