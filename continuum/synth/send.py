"""SEND for the demo borough: five years of EHC needs assessment requests and the plans they led to,
so the SEND pages and the 20-week indicators show data in ``./run demo``.

Why written from the loaded record: the people are the borough's own person records (one record
across social care and SEND), and the simulator's random streams, so every simulated figure, stay as
they were. Everything draws from its own ``random.Random`` seeded from the borough's seed, so the
same borough always gets the same requests.

Shape (seed 001 L2892-3135): requests grow about 4% a year (numbers up 21% since 2014, a further 20%
forecast by 2025); about a quarter are refused an assessment and one in twenty assessments ends
without a plan; about 60% of plans are issued within 20 weeks, and about one in ten late plans has an
exception the Regulations allow (mostly the summer closure). Most named settings are mainstream
(60.6% in the seed), few out of borough (1.23%). Requests still open on the borough's day show on
the caseworker's list with their clocks.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from continuum.core.timescales import add_months
from continuum.people.models import Child
from continuum.send.models import (
    AdviceRequest,
    AnnualReview,
    AssessmentException,
    EHCPlan,
    EHCRequest,
    PrimaryNeed,
    SettingType,
)

YEARS = 5
PER_YEAR = 160
GROWTH = 0.04
NEEDS = [("ASD", 30), ("SLCN", 22), ("SEMH", 14), ("MLD", 10), ("SLD", 6), ("SPLD", 5), ("PD", 4),
         ("HI", 2), ("VI", 1), ("PMLD", 2), ("MSI", 1), ("OTH", 3)]  # fmt: skip
SETTINGS = [("mainstream", 52), ("resourced", 9), ("special", 28), ("independent", 5), ("early_years", 3),
            ("post16", 3)]  # fmt: skip
REQUESTERS = [("parent", 45), ("school", 45), ("young_person", 4), ("other", 6)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


@transaction.atomic
def ensure_demo_send(*, seed: int, as_of: date) -> int:
    """Create the demo's EHC requests and plans once; return how many requests (0 if any existed)."""
    if EHCRequest.objects.exists():
        return 0
    people = list(
        Child.objects.filter(person_birth_date__isnull=False)
        .order_by("pk")
        .values_list("pk", "person_birth_date")
    )
    if not people:
        return 0
    rng = random.Random(f"send-{seed}")  # noqa: S311  (synthetic data, not security)
    start = date(as_of.year - YEARS, as_of.month, 1)
    made = 0
    used: set[int] = set()
    for year in range(YEARS):
        for _ in range(round(PER_YEAR * (1 + GROWTH) ** year)):
            received = start + timedelta(days=365 * year + rng.randrange(365))
            if received > as_of:
                continue
            child_id, born = people[rng.randrange(len(people))]
            if child_id in used or not (2 <= (received - born).days // 365 <= 19):
                continue
            used.add(child_id)
            made += _journey(rng, child_id, received, as_of)
    return made


def _journey(rng: random.Random, child_id: int, received: date, as_of: date) -> int:
    """One request and as much of its journey as has happened by ``as_of``."""
    request = EHCRequest.objects.create(
        child_id=child_id, requested_by=_pick(rng, REQUESTERS), received_on=received
    )
    decided = received + timedelta(days=rng.randint(25, 46))
    if decided > as_of:
        return 1
    refused = rng.random() < 0.25
    request.assess_decision, request.assess_decided_on = ("refuse" if refused else "assess"), decided
    if refused:
        request.save()
        return 1
    AdviceRequest.objects.bulk_create(
        AdviceRequest(
            ehc_request=request,
            kind=kind,
            requested_on=decided + timedelta(days=1),
            received_on=r if (r := decided + timedelta(days=rng.randint(28, 56))) <= as_of else None,
        )
        for kind in ("education", "health", "social_care")
    )
    weeks = rng.choices([rng.randint(15, 20), rng.randint(21, 30)], weights=[60, 40])[0]
    final = received + timedelta(weeks=weeks) - timedelta(days=rng.randint(0, 4))
    issue_on = final - timedelta(weeks=4)
    if issue_on <= as_of:
        no_plan = rng.random() < 0.05
        request.issue_decision, request.issue_decided_on = ("not_issue" if no_plan else "issue"), issue_on
        if not no_plan and final - timedelta(weeks=2) <= as_of:
            request.draft_issued_on = final - timedelta(weeks=2)
        if not no_plan and final <= as_of:
            request.final_issued_on = final
            if final > received + timedelta(weeks=20) and rng.random() < 0.1:
                AssessmentException.objects.create(
                    ehc_request=request,
                    reason=rng.choice(["school_closure", "school_closure", "personal_circumstances"]),
                    starts_on=received + timedelta(weeks=8),
                )
    request.save()
    if request.final_issued_on:
        setting = _pick(rng, SETTINGS)
        budget = rng.random() < 0.08
        plan = EHCPlan.objects.create(
            child_id=child_id,
            ehc_request=request,
            issued_on=request.final_issued_on,
            primary_need=PrimaryNeed(_pick(rng, NEEDS)),
            setting_name=f"{SettingType(setting).label} {rng.randint(1, 30)}",
            setting_type=setting,
            out_of_borough=rng.random() < 0.0123,
            budget_requested=budget or rng.random() < 0.04,
            budget_agreed=budget,
            budget_amount=rng.randint(5, 60) * 100 if budget else None,
            budget_purpose="Short breaks and SEN transport" if budget else "",
        )
        _reviews(rng, plan, as_of)
    return 1


def _reviews(rng: random.Random, plan: EHCPlan, as_of: date) -> None:
    """Annual reviews up to ``as_of``: most within the 12 months, some a few weeks late."""
    last = plan.issued_on
    while True:
        held = add_months(last, 12) - timedelta(days=rng.randint(0, 30))
        if rng.random() < 0.2:
            held += timedelta(days=rng.randint(31, 70))
        if held > as_of:
            return
        AnnualReview.objects.create(
            plan=plan, held_on=held, outcome=rng.choice(["maintain", "maintain", "amend"])
        )
        last = held
