"""The EHC needs assessment clocks and the Code of Practice's exceptions.

The time limits are rows of the one timescales table (``continuum/core/timescale_defaults.py``,
seeded by this app's migrations 0002 and 0003), all in calendar weeks from the request, except advice (6
weeks from each request for advice), the annual review (12 months from the plan or the last
review), the amended plan (12 weeks from a review meeting that decided to amend it) and the
phase transfers (a fixed date in the year: 15 February, or 31 March into post-16). This
module names the rows and walks them with :func:`continuum.core.timescales.evaluate`, so the
caseworker's list, the child's timeline and the indicators count with the same rule.

Exceptions (SEND Regulations 2014 regs 4(2), 5(4), 8(2), 10(4), 13(3); Code of Practice 9.42): the
council need not meet a limit when it asked a school for advice in the week before a closure of 4
weeks or more, when exceptional personal circumstances affect the child or parent, or when the child
or parent is away from the area for 4 weeks or more. A missed appointment excuses late advice
(reg 8(2)) but not the 20-week limit, and late advice from a partner is no exception at all (Code
9.42). Only the reasons the Code allows take a request out of the "excluding exceptions" figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from continuum.core.timescales import DueItem, Rule, evaluate

DECISION_TO_ASSESS = "ehc_decision_to_assess"
ADVICE = "ehc_advice"
DECISION_TO_ISSUE = "ehc_decision_to_issue"
FINAL_PLAN = "ehc_final_plan"
ANNUAL_REVIEW = "ehc_annual_review"
AMENDED_PLAN = "ehc_amended_plan"
PHASE_TRANSFER = "ehc_phase_transfer"
PHASE_TRANSFER_POST16 = "ehc_phase_transfer_post16"
CODES = (
    DECISION_TO_ASSESS,
    ADVICE,
    DECISION_TO_ISSUE,
    FINAL_PLAN,
    ANNUAL_REVIEW,
    AMENDED_PLAN,
    PHASE_TRANSFER,
    PHASE_TRANSFER_POST16,
)


@dataclass(frozen=True)
class ExceptionReason:
    """One reason a time limit may be missed; ``excludable`` if the Code lets it leave the 20-week figure."""

    label: str
    excludable: bool
    citation: str


EXCEPTIONS: dict[str, ExceptionReason] = {
    "school_closure": ExceptionReason(
        "School or college closed for 4 weeks or more", True, "SEND Regulations 2014 reg 13(3)(a)"
    ),
    "personal_circumstances": ExceptionReason(
        "Exceptional personal circumstances of the child or parent",
        True,
        "SEND Regulations 2014 reg 13(3)(b)",
    ),
    "absent_from_area": ExceptionReason(
        "Child or parent away from the area for 4 weeks or more", True, "SEND Regulations 2014 reg 13(3)(c)"
    ),
    "missed_appointment": ExceptionReason(
        "Appointment for an examination or test not kept (advice only)",
        False,
        "SEND Regulations 2014 reg 8(2)(d): excuses late advice, not the 20-week limit",
    ),
    "late_advice": ExceptionReason(
        "Advice from a partner arrived late", False, "SEND Code of Practice 2015 para 9.42: not an exception"
    ),
    "other": ExceptionReason("Other reason", False, "Not an exception the Regulations allow"),
}


def stopped_on(request: Any) -> date | None:
    """When the journey stopped short of a plan: refusal to assess, decision not to issue, withdrawal."""
    stops = [request.withdrawn_on]
    if request.assess_decision == "refuse":
        stops.append(request.assess_decided_on)
    if request.issue_decision == "not_issue":
        stops.append(request.issue_decided_on)
    known = [d for d in stops if d is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class JourneyClock:
    """One clock of a journey, with a label for the page ("Advice: health") and its due item."""

    label: str
    item: DueItem


def journey(request: Any, advice: list[Any], rules: Mapping[str, Rule], as_of: date) -> list[JourneyClock]:
    """The journey's clocks as at ``as_of``, in the order the Code sets them.

    A stop (refusal, no plan, withdrawal) ends the later clocks: a clock whose due date falls after
    the stop is not shown, one already past is (it was missed before the stop).
    """
    stop = stopped_on(request)
    out: list[JourneyClock] = []

    def add(label: str, code: str, start: date, done: date | None) -> None:
        rule = rules.get(code)
        if rule is None:  # switched off by the council
            return
        # A clock done is shown whatever came after (the refusal is itself the decision to assess).
        items = evaluate(
            rule,
            start=start,
            as_of=as_of,
            completions=[done],
            stop=None if done else stop,
            subject=request.pk,
        )
        out.extend(JourneyClock(label, item) for item in items)

    add("Decision whether to assess", DECISION_TO_ASSESS, request.received_on, request.assess_decided_on)
    for a in advice:
        add(f"Advice: {a.get_kind_display().lower()}", ADVICE, a.requested_on, a.received_on)
    if request.assess_decision != "refuse":
        add(
            "Decision whether to issue a plan",
            DECISION_TO_ISSUE,
            request.received_on,
            request.issue_decided_on,
        )
    if request.issue_decision != "not_issue" and request.assess_decision != "refuse":
        add("Final plan issued", FINAL_PLAN, request.received_on, request.final_issued_on)
    return out


@dataclass(frozen=True)
class Timeliness:
    """The 20-week figure for one issued plan: on time, and whether it is left out "excluding exceptions"."""

    on_time: bool
    weeks: int
    excluded: bool


def timeliness(request: Any, exception_reasons: list[str], rules: Mapping[str, Rule]) -> Timeliness | None:
    """How one request counts in "plans issued within 20 weeks" (None until the final plan is issued).

    The DfE's two figures: all plans issued in the period, and the same leaving out requests where an
    exception the Regulations allow applied. A request with only a non-excludable reason (late
    advice) stays in both.
    """
    if request.final_issued_on is None:
        return None
    item = evaluate(
        rules[FINAL_PLAN],
        start=request.received_on,
        as_of=request.final_issued_on,
        completions=[request.final_issued_on],
    )[0]
    excluded = any(EXCEPTIONS[r].excludable for r in exception_reasons)
    return Timeliness(
        on_time=item.status.value == "done on time",
        weeks=(request.final_issued_on - request.received_on).days // 7,
        excluded=excluded,
    )


def annual_reviews(
    plan: Any, review_dates: list[date], rules: Mapping[str, Rule], as_of: date
) -> list[DueItem]:
    """The plan's annual reviews as at ``as_of``: each within 12 months of the plan or the last review."""
    rule = rules.get(ANNUAL_REVIEW)
    if rule is None:
        return []
    return evaluate(
        rule,
        start=plan.issued_on,
        as_of=as_of,
        completions=review_dates,
        stop=plan.ceased_on,
        subject=plan.pk,
    )


def amended_plan(
    review: Any, rules: Mapping[str, Rule], as_of: date, stop: date | None = None
) -> DueItem | None:
    """The amended-plan clock of one review that decided to amend the plan (None for other outcomes).

    SEND Regulations 2014 reg 20(10) gives 4 weeks from the meeting to notify the decision, and reg
    22(5) 8 weeks from that notice to issue the amended plan: 12 weeks from the meeting in all (the
    rule ``ehc_amended_plan``). Ceasing the plan stops the clock.
    """
    rule = rules.get(AMENDED_PLAN)
    if rule is None or review.outcome != "amend":
        return None
    items = evaluate(
        rule,
        start=review.held_on,
        as_of=as_of,
        completions=[review.amended_on],
        stop=None if review.amended_on else stop,
        subject=review.pk,
    )
    return items[0] if items else None


def transfer_rule_code(to_phase: str) -> str:
    """The deadline rule of a transfer into ``to_phase``: 31 March into post-16, else 15 February
    (SEND Regulations 2014 reg 18(1) as amended)."""
    return PHASE_TRANSFER_POST16 if to_phase == "post16" else PHASE_TRANSFER


#: A transfer's clock starts on this (month, day) of the year before the transfer: the start of the
#: last school year in the current phase. The indicator's SQL builds the same day from it.
TRANSFER_CLOCK_START = (9, 1)


def transfer_clock_start(transfer_year: int) -> date:
    """The day a transfer's clock starts: 1 September of the school year before the transfer.

    The rules are fixed dates in the year, due on the first such date after the start, so this
    day fixes the deadline's year (15 February or 31 March of ``transfer_year``), and an amended
    plan issued in the autumn before counts as done.
    """
    return date(transfer_year - 1, *TRANSFER_CLOCK_START)


def phase_transfer(transfer: Any, rules: Mapping[str, Rule], as_of: date) -> DueItem | None:
    """The transfer's deadline as at ``as_of``: done when the amended plan naming the new setting
    was issued (None when the council has switched the rule off)."""
    rule = rules.get(transfer_rule_code(transfer.to_phase))
    if rule is None:
        return None
    items = evaluate(
        rule,
        start=transfer_clock_start(transfer.transfer_year),
        as_of=as_of,
        completions=[transfer.amended_issued_on],
        subject=transfer.pk,
    )
    return items[0] if items else None
