"""Sign-off: the worker submits, a manager authorises or returns with comments (issue 18 point 2).

Assessments, child in need and child protection plans, case closure and
step-down are put up for a manager's authorisation. The authorisation date
is the day the manager authorises, never a date the worker types: for an
assessment, authorising is what completes it (its CIN census
AssessmentAuthorisationDate); for a closure or step-down, it is what closes
the referral with the reason the worker proposed. Nobody authorises or
returns their own work. Each step is a new row (``SignOffEvent``), so the
trail is the case file's management footprint, and each is a line in the
child's chronology.

The clock is the timescale rule ``management_authorisation`` (a local
setting, from the day of submission), walked by the one clock engine like
every other due item.

MASH decisions are signed off through the contact's own manager-oversight
fields (``journey.services.record_manager_oversight``), not here; the
"awaiting my authorisation" tray lists both (``awaiting``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone

from continuum.actions.services import ActionRuleError
from continuum.core import clock
from continuum.core.timescales import Rule, Status, evaluate, load_rules, rules_by_code
from continuum.core.working_days import default_calendar
from continuum.journey import services as journey
from continuum.journey.models import Assessment, AssessmentOutcome, CINEpisode, CINPlan, CPPlan
from continuum.journey.services._base import begin
from continuum.people.models import Child
from continuum.practice import narrative
from continuum.practice.models import SignOff, SignOffEvent, SignOffKind, SignOffStep

CLOCK_CODE = "management_authorisation"

RECORD_MODELS: dict[str, type[models.Model]] = {
    SignOffKind.ASSESSMENT: Assessment,
    SignOffKind.CIN_PLAN: CINPlan,
    SignOffKind.CP_PLAN: CPPlan,
    SignOffKind.CLOSURE: CINEpisode,
    SignOffKind.STEP_DOWN: CINEpisode,
}


def _refuse(message: str) -> ActionRuleError:
    return ActionRuleError(message, rule="sign_off")


def record_of(kind: str, record_id: int, child: Child) -> Any:
    """The record a sign-off is about, which must be the child's; None if there is none."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        return None
    return model._default_manager.filter(pk=record_id, child=child).first()


def latest_step(sign_off: SignOff) -> SignOffEvent:
    return sign_off.steps.order_by("-at", "-pk").first()  # type: ignore[return-value]


def for_record(kind: str, record_id: int) -> SignOff | None:
    """The sign-off of one record, if it was ever submitted (one per record: a return is resubmitted)."""
    return SignOff.objects.filter(kind=kind, record_id=record_id).order_by("-pk").first()


def _check_proposal(kind: str, proposed: dict[str, Any]) -> dict[str, Any]:
    """What the worker proposes, checked enough to be applied when authorised; stored as JSON."""
    if kind == SignOffKind.ASSESSMENT:
        factors = [str(code) for code in proposed.get("assessment_factors", [])]
        if not factors:
            raise _refuse("Select the factors identified at assessment")
        if proposed.get("outcome") not in AssessmentOutcome.values:
            raise _refuse("Select the outcome of the assessment")
        if not isinstance(proposed.get("child_seen"), bool):
            raise _refuse("Select yes if the child was seen")
        return {
            "assessment_factors": factors,
            "outcome": proposed["outcome"],
            "child_seen": proposed["child_seen"],
            "childs_voice": str(proposed.get("childs_voice", "")).strip(),
        }
    if kind in (SignOffKind.CLOSURE, SignOffKind.STEP_DOWN):
        closing = proposed.get("cin_closure_date")
        if isinstance(closing, date):
            closing = closing.isoformat()
        if not closing or not proposed.get("reason_for_closure"):
            raise _refuse("Enter the closure date and the reason for closure")
        return {"cin_closure_date": closing, "reason_for_closure": str(proposed["reason_for_closure"])}
    return {}


@transaction.atomic
def submit(
    *,
    child: Child,
    kind: str,
    record_id: int,
    by: User,
    summary: str = "",
    proposed: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> SignOff:
    """Put a record up for authorisation (again, after a return); refused while one awaits or once done.

    ``at`` is when it was submitted: now (the clock's), unless the demo borough records work its
    synthetic practitioners put up a few working days ago (continuum/synth/signoff.py), so its
    authorisation clock has started running."""
    at = at or clock.now()
    if kind not in SignOffKind.values:
        raise _refuse("That kind of work is not signed off")
    record = record_of(kind, record_id, child)
    if record is None:
        raise _refuse("That record is not on this child's file")
    values = _check_proposal(kind, proposed or {})
    if kind in (SignOffKind.CLOSURE, SignOffKind.STEP_DOWN):
        journey.check_cin_closure(
            cin_episode=record,
            cin_closure_date=date.fromisoformat(values["cin_closure_date"]),
            reason_for_closure=values["reason_for_closure"],
            by=by,
        )
    step = begin("submit_for_authorisation", "submit for authorisation", child=child, by=by)
    sign_off = for_record(kind, record_id)
    if sign_off is not None:
        SignOff.objects.select_for_update().get(pk=sign_off.pk)
        last = latest_step(sign_off)
        if last.step == SignOffStep.SUBMITTED:
            raise _refuse("This is already awaiting a manager's authorisation")
        if last.step == SignOffStep.AUTHORISED:
            raise _refuse("This has already been authorised")
    else:
        sign_off = SignOff.objects.create(child=child, kind=kind, record_id=record_id)
    SignOffEvent.objects.create(
        sign_off=sign_off, step=SignOffStep.SUBMITTED, by=by, comments=summary.strip(), proposed=values, at=at
    )
    step.record(
        what=f"{SignOffKind(kind).label} submitted for authorisation",
        record=record,
        occurred_on=timezone.localtime(at).date(),
        after={"sign_off": sign_off.pk},
    )
    return sign_off


def _answer(sign_off: SignOff, by: User) -> SignOffEvent:
    """Lock the sign-off and return its submission, refusing anything but a manager's answer to another."""
    SignOff.objects.select_for_update().get(pk=sign_off.pk)
    last = latest_step(sign_off)
    if last.step != SignOffStep.SUBMITTED:
        raise _refuse("This is not awaiting authorisation: someone else may have answered it")
    if last.by_id == by.pk:
        raise _refuse("You cannot authorise or return your own work: another manager must")
    return last


def _apply(sign_off: SignOff, submitted: SignOffEvent, by: User, on: date) -> None:
    """What authorising does to the record itself: the assessment completes, the referral closes."""
    record = record_of(sign_off.kind, sign_off.record_id, sign_off.child)
    values = submitted.proposed
    if sign_off.kind == SignOffKind.ASSESSMENT:
        if record.worker is not None and record.worker.user_id == by.pk:
            raise _refuse("You cannot authorise your own assessment: another manager must")
        journey.complete_assessment(
            assessment=record,
            assessment_authorisation_date=on,
            assessment_factors=values["assessment_factors"],
            child_seen=values["child_seen"],
            outcome=values["outcome"],
            expected_version=record.version,
            by=by,
        )
        # The analysis and the child's voice, as the worker wrote them, go on the record as a note
        # about the assessment (issue 18 point 1), once it is authorised.
        narrative.write_narrative(
            child=sign_off.child,
            about="assessment",
            record=record,
            on=on,
            what_happened=submitted.comments,
            childs_voice=values.get("childs_voice", ""),
            by=submitted.by,
        )
    elif sign_off.kind in (SignOffKind.CLOSURE, SignOffKind.STEP_DOWN):
        journey.close_cin_episode(
            cin_episode=record,
            cin_closure_date=date.fromisoformat(values["cin_closure_date"]),
            reason_for_closure=values["reason_for_closure"],
            expected_version=record.version,
            by=by,
        )


@transaction.atomic
def authorise(sign_off: SignOff, *, by: User, comments: str = "") -> SignOffEvent:
    """Authorise submitted work today: the manager's action dates it, and it is applied to the record."""
    submitted = _answer(sign_off, by)
    on = clock.today()
    _apply(sign_off, submitted, by, on)
    step = begin("authorise", "authorise", child=sign_off.child_id, by=by)
    event = SignOffEvent.objects.create(
        sign_off=sign_off, step=SignOffStep.AUTHORISED, by=by, comments=comments.strip()
    )
    record = record_of(sign_off.kind, sign_off.record_id, sign_off.child)
    step.record(
        what=f"{SignOffKind(sign_off.kind).label} authorised by a manager",
        record=record,
        occurred_on=on,
        after={"sign_off": sign_off.pk},
    )
    return event


@transaction.atomic
def return_for_changes(sign_off: SignOff, *, by: User, comments: str) -> SignOffEvent:
    """Send submitted work back to the worker, saying what to change (the comments are required)."""
    if not comments.strip():
        raise _refuse("Say what needs to change before it can be authorised")
    _answer(sign_off, by)
    step = begin("return_for_changes", "return for changes", child=sign_off.child_id, by=by)
    event = SignOffEvent.objects.create(
        sign_off=sign_off, step=SignOffStep.RETURNED, by=by, comments=comments.strip()
    )
    step.record(
        what=f"{SignOffKind(sign_off.kind).label} returned by a manager with comments",
        record=record_of(sign_off.kind, sign_off.record_id, sign_off.child),
        occurred_on=clock.today(),
        after={"sign_off": sign_off.pk},
    )
    return event


# --- The clock and the tray --------------------------------------------------------------------------


def clock_rule(rules: dict[str, Rule] | None = None) -> Rule | None:
    """The authorisation timescale (None when the council has switched it off)."""
    index = rules if rules is not None else rules_by_code(load_rules())
    return index.get(CLOCK_CODE)


@dataclass(frozen=True)
class Awaiting:
    """One piece of work awaiting authorisation, with its clock."""

    what: str
    child_id: int
    submitted_on: date
    submitted_by: str
    due: date | None
    status: Status | None
    href: str


def authorisation_clock(
    rule: Rule | None, submitted: date | datetime, as_of: date
) -> tuple[date | None, Status | None]:
    """When authorisation is due and where it stands on ``as_of`` (working days from submission)."""
    if rule is None:
        return None, None
    day = submitted.date() if isinstance(submitted, datetime) else submitted
    [item] = evaluate(rule, start=day, as_of=as_of, completions=[], calendar=default_calendar())
    return item.due, item.status  # type: ignore[return-value]


def awaiting_sign_offs(child_ids: Iterable[int] | None = None) -> list[tuple[SignOff, SignOffEvent]]:
    """Sign-offs whose latest step is a submission, with that step, oldest first (among ``child_ids``)."""
    from django.db.models import OuterRef, Subquery

    latest = SignOffEvent.objects.filter(sign_off=OuterRef("pk")).order_by("-at", "-pk")
    qs = SignOff.objects.annotate(
        last_step=Subquery(latest.values("step")[:1]), last_id=Subquery(latest.values("pk")[:1])
    ).filter(last_step=SignOffStep.SUBMITTED)
    if child_ids is not None:
        qs = qs.filter(child_id__in=list(child_ids))
    sign_offs = list(qs.select_related("child"))
    # The latest steps in one query (a manager's home page asks for every sign-off awaiting one).
    steps = SignOffEvent.objects.select_related("by").in_bulk([s.last_id for s in sign_offs])
    pairs = [(sign_off, steps[sign_off.last_id]) for sign_off in sign_offs]
    pairs.sort(key=lambda pair: (pair[1].at, pair[0].pk))
    return pairs
