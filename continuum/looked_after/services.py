"""The only way to write adoption, permanence, outcome and motherhood records.

Same shape as :mod:`continuum.journey.services`: each function is one step in
one transaction: lock the child, check (the shared checks of
:class:`~continuum.journey.services._base.Step` plus the rules below), write,
and append one chronology event. Refusals are
:class:`~continuum.journey.errors.JourneyRuleError` naming the child by
LAchildID only.

The rules are the SSDA903 validation rules that a case record can keep by
itself: a decision to place for adoption is made while the child is looked
after (1003) and comes before the placement order, the match and the placement
(521, 552, 554); an adopted child's plan has no "no longer placed" decision
(558); a previous permanence order predates the care it precedes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from continuum.journey.errors import Rule
from continuum.journey.services._base import Step, begin, fmt, lock, save_changes, snapshot
from continuum.journey.services.looked_after import episode_on
from continuum.looked_after.fields import HOUSEHOLD_FIELDS, OUTCOME_FLAGS, PLAN_DATES, PLAN_FIELDS
from continuum.looked_after.models import (
    AdopterHousehold,
    AdoptionPlan,
    AnnualOutcome,
    Motherhood,
    PreviousPermanence,
    ProspectiveAdopter,
)
from continuum.people.models import Child

__all__ = [
    "AdoptionProgress",
    "add_prospective_adopter",
    "record_adopter_household",
    "record_adoption_decision",
    "record_annual_outcome",
    "record_motherhood",
    "record_previous_permanence",
    "update_adoption_plan",
]

_LABEL = {
    "date_should_be_placed": "decision that the child should be placed for adoption",
    "date_placement_order": "placement order",
    "date_ffa_placed": "fostering for adoption placement",
    "date_match": "match with the prospective adopters",
    "date_placed": "date placed for adoption",
    "date_adoption_order": "adoption order",
    "date_placed_ceased": "decision that the child should no longer be placed for adoption",
}


@dataclass(frozen=True)
class AdoptionProgress:
    """The later steps of a plan, all optional; blank keeps what is held."""

    date_placement_order: date | None = None
    date_ffa_placed: date | None = None
    date_match: date | None = None
    date_placed: date | None = None
    date_adoption_order: date | None = None
    date_placed_ceased: date | None = None
    reason_placed_ceased: str = ""
    foster_care: bool | None = None
    nb_adoptr: int | None = None
    sex_adoptr: str = ""
    ls_adoptr: str = ""


def _check_plan(step: Step, plan: AdoptionPlan) -> None:
    """Every rule about one plan's dates and codes, on the values about to be saved."""
    for name in PLAN_DATES:
        step.check_date(getattr(plan, name), _LABEL[name])
    decided = plan.date_should_be_placed
    for name in ("date_placement_order", "date_match", "date_placed", "date_placed_ceased"):
        step.check_order(decided, getattr(plan, name), _LABEL["date_should_be_placed"], _LABEL[name])
    step.check_order(plan.date_match, plan.date_placed, _LABEL["date_match"], _LABEL["date_placed"])
    step.check_order(
        plan.date_placed, plan.date_adoption_order, _LABEL["date_placed"], _LABEL["date_adoption_order"]
    )
    if plan.date_adoption_order and not plan.date_placed:
        step.fail(Rule.MISSING_VALUE, "an adoption order needs the date the child was placed for adoption.")
    if plan.date_adoption_order and plan.date_placed_ceased:
        step.fail(
            Rule.INVALID_CODE,
            "an adopted child's plan cannot also record a decision that they should no longer be placed.",
        )
    if bool(plan.date_placed_ceased) != bool(plan.reason_placed_ceased):
        step.fail(
            Rule.MISSING_VALUE,
            "the decision that the child should no longer be placed needs both its date and its reason.",
        )
    step.check_code(
        "placed_adoption.REASON_PLACED_CEASED", plan.reason_placed_ceased, "reason", blank_ok=True
    )
    step.check_code("ad1.SEX_ADOPTR", plan.sex_adoptr, "adopters' sex (SEX_ADOPTR)", blank_ok=True)
    step.check_code("ad1.LS_ADOPTR", plan.ls_adoptr, "adopters' legal status (LS_ADOPTR)", blank_ok=True)
    if plan.nb_adoptr is not None and plan.nb_adoptr not in (1, 2):
        step.fail(Rule.INVALID_CODE, "the number of adopters (NB_ADOPTR) must be 1 or 2.")


@transaction.atomic
def record_adoption_decision(*, child: Child, decided_on: date, by: User | None) -> AdoptionPlan:
    """Record the decision that a looked-after child should be placed for adoption."""
    step = begin("record_adoption_decision", "record an adoption decision", child=child, by=by)
    step.require_born()
    step.check_date(decided_on, _LABEL["date_should_be_placed"])
    if episode_on(step.subject.pk, decided_on) is None:
        step.fail(Rule.NOT_LOOKED_AFTER, f"the child was not looked after on {fmt(decided_on)} (rule 1003).")
    if AdoptionPlan.objects.filter(
        child=step.subject, date_adoption_order__isnull=True, date_placed_ceased__isnull=True
    ).exists():
        step.fail(Rule.ALREADY_ENDED, "the child already has an adoption plan in progress.")
    plan = AdoptionPlan(child=step.subject, date_should_be_placed=decided_on)
    _check_plan(step, plan)
    plan.save()
    step.record(
        what="Decision that the child should be placed for adoption",
        record=plan,
        occurred_on=decided_on,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def update_adoption_plan(
    *,
    plan: AdoptionPlan,
    progress: AdoptionProgress,
    expected_version: int,
    household: AdopterHousehold | None = None,
    by: User | None,
) -> AdoptionPlan:
    """Record the next steps of a plan (order, match, placement, adoption order or its end)."""
    step = begin("update_adoption_plan", "update the adoption plan", child=plan.child_id, by=by)
    plan = lock(AdoptionPlan, plan.pk)
    step.check_version(plan, expected_version, "adoption plan")
    before = snapshot(plan, PLAN_FIELDS)
    changed: list[str] = []
    for name in PLAN_FIELDS[1:]:
        value: Any = getattr(progress, name)
        if value not in (None, "") and value != getattr(plan, name):
            setattr(plan, name, value)
            changed.append(name)
    if household is not None and household.pk != plan.household_id:
        plan.household = household
        changed.append("household")
    _check_plan(step, plan)
    if changed:
        save_changes(plan, changed)
    step.record(
        what="Adoption plan updated",
        record=plan,
        occurred_on=max((getattr(plan, n) for n in PLAN_DATES if getattr(plan, n)), default=None),
        before=before,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def record_previous_permanence(
    *,
    child: Child,
    period_started: date,
    prev_perm: str,
    la_perm: str = "",
    date_perm: date | None = None,
    by: User | None,
) -> PreviousPermanence:
    """Record what permanence order, if any, the child had before this period of care."""
    step = begin("record_previous_permanence", "record previous permanence", child=child, by=by)
    step.check_code("prev_perm.PREV_PERM", prev_perm, "previous permanence (PREV_PERM)")
    step.check_date(period_started, "start of the period of care")
    step.check_date(date_perm, "date of the previous permanence order")
    step.check_order(date_perm, period_started, "previous permanence order", "start of the period of care")
    if prev_perm == "Z1" and (la_perm or date_perm):
        step.fail(Rule.INVALID_CODE, "Z1 (no previous permanence) takes no order date or authority.")
    if PreviousPermanence.objects.filter(child=step.subject, period_started=period_started).exists():
        step.fail(Rule.ALREADY_ENDED, f"previous permanence is already recorded for {fmt(period_started)}.")
    record = PreviousPermanence.objects.create(
        child=step.subject,
        period_started=period_started,
        prev_perm=prev_perm,
        la_perm=la_perm,
        date_perm=date_perm,
    )
    step.record(
        what=f"Previous permanence recorded ({prev_perm})",
        record=record,
        occurred_on=period_started,
        after=snapshot(record, ("period_started", "prev_perm", "la_perm", "date_perm")),
    )
    return record


@transaction.atomic
def record_annual_outcome(
    *,
    child: Child,
    year_ending: date,
    flags: dict[str, bool | None],
    by: User | None,
    expected_version: int | None = None,
) -> AnnualOutcome:
    """Record a year's OC2 outcomes for a child looked after 12 months at 31 March.

    The year's record is saved over, so two people can answer the same year:
    ``expected_version`` is the version of the record the user saw (0 when the
    year had none yet), and a save against another one is refused with
    ``ConcurrentChangeError`` under the child's lock, as every update service
    does. None (loaders, seeds) saves without the check.
    """
    step = begin("record_annual_outcome", "record the year's outcomes", child=child, by=by)
    if (year_ending.month, year_ending.day) != (3, 31):
        step.fail(Rule.INVALID_CODE, "the outcomes are for a year ending 31 March.")
    step.check_date(year_ending, "year end")
    unknown = sorted(set(flags) - set(OUTCOME_FLAGS))
    if unknown:
        step.fail(Rule.INVALID_CODE, f"{', '.join(unknown)} is not an OC2 outcome.")
    if episode_on(step.subject.pk, year_ending) is None:
        step.fail(Rule.NOT_LOOKED_AFTER, f"the child was not looked after on {fmt(year_ending)}.")
    record = AnnualOutcome.objects.filter(child=step.subject, year_ending=year_ending).first()
    if expected_version is not None:
        held = AnnualOutcome(version=0) if record is None else record
        step.check_version(held, expected_version, "yearly outcomes record")
    if record is None:
        record = AnnualOutcome.objects.create(child=step.subject, year_ending=year_ending, **flags)
    else:
        for name, value in flags.items():
            setattr(record, name, value)
        save_changes(record, flags)
    step.record(
        what="Yearly outcomes recorded (OC2)",
        record=record,
        occurred_on=year_ending,
        after=snapshot(record, ("year_ending", *OUTCOME_FLAGS)),
    )
    return record


@transaction.atomic
def record_motherhood(
    *, child: Child, recorded_on: date, mother: bool, mc_dob: date | None = None, by: User | None
) -> Motherhood:
    """Record whether a young woman is a mother, and her first child's date of birth."""
    step = begin("record_motherhood", "record motherhood", child=child, by=by)
    step.check_date(recorded_on, "date recorded")
    if step.subject.sex != "F":
        step.fail(Rule.INVALID_CODE, "motherhood is recorded for girls and young women only.")
    if not mother and mc_dob is not None:
        step.fail(Rule.INVALID_CODE, "a child's date of birth (MC_DOB) is only recorded for a mother.")
    step.check_date(mc_dob, "date of birth of the first child", after_death_ok=True)
    step.check_order(mc_dob, recorded_on, "date of birth of the first child", "date recorded")
    record = Motherhood.objects.create(
        child=step.subject, recorded_on=recorded_on, mother=mother, mc_dob=mc_dob
    )
    step.record(
        what="Motherhood recorded",
        record=record,
        occurred_on=recorded_on,
        after=snapshot(record, ("recorded_on", "mother", "mc_dob")),
    )
    return record


_HOUSEHOLD_ORDER = (
    ("enquiry_date", "stage1_start", "enquiry", "start of stage 1"),
    ("stage1_start", "stage1_end", "start of stage 1", "end of stage 1"),
    ("stage1_end", "stage2_start", "end of stage 1", "start of stage 2"),
    ("stage2_start", "stage2_end", "start of stage 2", "end of stage 2"),
    ("application_date", "approval_date", "application", "approval"),
    ("enquiry_date", "left_date", "enquiry", "date of leaving the process"),
)


@transaction.atomic
def record_adopter_household(*, by: User | None, **values: Any) -> AdopterHousehold:
    """Record (or update, by ``reference``) a household's progress through the adoption process."""
    step = begin("record_adopter_household", "record a prospective adopter household", child=None, by=by)
    unknown = sorted(set(values) - set(HOUSEHOLD_FIELDS))
    if unknown:
        step.fail(Rule.INVALID_CODE, f"{', '.join(unknown)} is not a household field.")
    household = (
        AdopterHousehold.objects.filter(reference=values.get("reference")).first() or AdopterHousehold()
    )
    before = snapshot(household, HOUSEHOLD_FIELDS) if household.pk else None
    for name, value in values.items():
        setattr(household, name, value)
    for name in HOUSEHOLD_FIELDS[2:10]:
        step.check_date(getattr(household, name), name.replace("_", " "))
    for earlier, later, earlier_what, later_what in _HOUSEHOLD_ORDER:
        step.check_order(getattr(household, earlier), getattr(household, later), earlier_what, later_what)
    step.check_choice(AdopterHousehold.LeftReason, household.left_reason, "reason for leaving", blank_ok=True)
    if bool(household.left_date) != bool(household.left_reason):
        step.fail(Rule.MISSING_VALUE, "leaving the process needs both its date and its reason.")
    if household.pk:
        save_changes(household, list(values))
    else:
        household.save()
    step.record(
        what="Adopter household recorded",
        record=household,
        occurred_on=household.enquiry_date,
        before=before,
        after=snapshot(household, HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def add_prospective_adopter(
    *,
    household: AdopterHousehold,
    reference: str,
    sex: str,
    ethnicity: str,
    disability: bool | None = None,
    by: User | None,
) -> ProspectiveAdopter:
    """Add one adult to a household (Annex A List 11 lists each adopter)."""
    step = begin("add_prospective_adopter", "add a prospective adopter", child=None, by=by)
    if sex not in ("M", "F", "U"):
        step.fail(Rule.INVALID_CODE, f"{sex!r} is not a valid sex (M, F or U).")
    step.check_code("header.ETHNIC", ethnicity, "ethnicity")
    if household.adopters.count() >= 2:
        step.fail(Rule.INVALID_CODE, "a household has at most two adopters.")
    adopter = ProspectiveAdopter.objects.create(
        household=household, reference=reference, sex=sex, ethnicity=ethnicity, disability=disability
    )
    step.record(
        what="Prospective adopter added",
        record=adopter,
        occurred_on=household.enquiry_date,
        after=snapshot(adopter, ("household", "reference", "sex", "ethnicity", "disability")),
    )
    return adopter
