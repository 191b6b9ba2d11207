"""SEND for the demo borough: five years of EHC needs assessment requests, the plans they led to,
the plans already held when the five years began, their annual reviews and ceasing, so the SEND
pages and indicators show data in ``./run demo``.

Why written from the loaded record: the people are the borough's own person records (one record
across social care and SEND), and the simulator's random streams, so every simulated figure, stay as
they were. Everything draws from one ``random.Random`` seeded from the borough's seed, so the same
borough always gets the same SEND records.

Calibrated to seed 001 (SEND strategy, L2892-3135):

* **2.6% of the school population with a plan.** Children aged 5-15 holding a plan on the borough's
  day are 2.6% of the borough's children aged 5-15 (the population estimates loaded for rates;
  without them, the simulator's 91,600 children aged 0-17 shared evenly by age). The plans held
  before the five years began are added, oldest holders first drawn, until that share is reached;
  plans for those over 15 come with them, as about a third of a council's plans are.
* **Growth near the seed's.** Requests grow about 4% a year (numbers up 21% since 2014, a further
  20% forecast by 2025), about a quarter are refused an assessment and one in twenty assessments
  ends without a plan, so the plans maintained grow by a few per cent a year.
* **Believable timeliness.** About 60% of plans are issued within 20 weeks (England 64.9% in 2017),
  and about one late plan in ten has an exception the Regulations allow (mostly the summer closure).
* Most named settings are mainstream (60.6% in the seed), few out of borough (1.23%); about 8% of
  plans have an agreed personal budget (the strategy's "low uptake"). Plans are reviewed every 12
  months, one in five a few weeks late; a fifth of reviews amend the plan, most within 12 weeks.
  Plans cease when needs are met or the family moves (a few per cent a year) and from 19 on, when
  the young person goes into work, higher education or leaves education, at 25 at the latest.
* **Phase transfers** (SEND Regulations 2014 reg 18): every plan in force at a transfer age (into
  reception, year 7, year 12) in the five years and the next one has its transfer, with the amended
  plan naming the new setting by the deadline for most (about 85%), the rest late or, for a
  deadline just past, not yet issued; next year's transfers are mostly still to do.
* **Settings' identifiers** are synthetic and clearly so: URNs from 900000 (real GIAS URNs are far
  lower), UKPRNs from 19990000; early years and other settings have none (SEN2 ``EYP`` or ``OTH``).
"""

from __future__ import annotations

import random
import zlib
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Sum

from continuum.core.timescales import add_months
from continuum.people.models import Child
from continuum.send.models import (
    AdviceRequest,
    AnnualReview,
    AssessmentException,
    EHCPlan,
    EHCRequest,
    PhaseTransfer,
    SettingType,
)

YEARS = 5
#: Requests in the first of the five years, per 1,000 children aged 5-15, and their yearly growth.
REQUESTS_PER_1000 = 4.2
GROWTH = 0.04
#: Share of the school population (5-15) with a plan on the borough's day (seed 001 L2892-3135).
TARGET_SHARE = 0.026
#: Plans for those over 15 added with each plan held from before the five years (about a third of all).
OLDER_PER_LEGACY = 0.5
DEFAULT_CHILDREN = 91_600  # continuum/synth/simulate.py SimConfig.child_population
NEEDS = [("ASD", 30), ("SLCN", 22), ("SEMH", 14), ("MLD", 10), ("SLD", 6), ("SPLD", 5), ("PD", 4),
         ("HI", 2), ("VI", 1), ("PMLD", 2), ("MSI", 1), ("OTH", 3)]  # fmt: skip
SETTINGS = [("mainstream", 52), ("resourced", 9), ("special", 28), ("independent", 5), ("early_years", 3),
            ("post16", 3)]  # fmt: skip
REQUESTERS = [("parent", 45), ("school", 45), ("young_person", 4), ("other", 6)]
EARLY_CEASE = [("needs_met", 45), ("moved_la", 45), ("other", 10)]
LATE_CEASE = [("employment", 25), ("higher_education", 25), ("left_education", 40), ("moved_la", 10)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def school_population(as_of: date) -> int:
    """Children aged 5-15 in the latest population estimate on or before ``as_of`` (or a default)."""
    from continuum.core.models import PopulationEstimate

    year = as_of.year if as_of >= date(as_of.year, 6, 30) else as_of.year - 1
    held = PopulationEstimate.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True)
    latest = held.first()
    if latest is not None:
        # A year is split one way (by sex, ward or ethnicity): its rows add up to the borough.
        total = PopulationEstimate.objects.filter(year=latest, age__gte=5, age__lte=15).aggregate(
            n=Sum("population")
        )["n"]
        if total:
            return int(total)
    return round(DEFAULT_CHILDREN * 11 / 18)


class _People:
    """The borough's people by year of birth, each drawn at most once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.by_year: dict[int, list[tuple[int, date]]] = defaultdict(list)
        for pk, born in (
            Child.objects.filter(person_birth_date__isnull=False)
            .order_by("pk")
            .values_list("pk", "person_birth_date")
        ):
            self.by_year[born.year].append((pk, born))

    def draw(self, on: date, low: int, high: int) -> tuple[int, date] | None:
        """Someone aged ``low``-``high`` on ``on`` not drawn before (None when there is nobody left)."""
        years = [y for y in range(on.year - high - 1, on.year - low + 1) if self.by_year.get(y)]
        while years:
            year = self.rng.choice(years)
            bucket = self.by_year[year]
            i = self.rng.randrange(len(bucket))
            pk, born = bucket[i]
            bucket[i] = bucket[-1]
            bucket.pop()
            if low <= _age(born, on) <= high:
                return pk, born
            bucket.append((pk, born))  # the wrong side of a birthday: put back, try another year
            if all(not (low <= _age(b, on) <= high) for _, b in bucket):
                years.remove(year)
        return None


@transaction.atomic
def ensure_demo_send(*, seed: int, as_of: date) -> int:
    """Create the demo's EHC requests and plans once; return how many requests (0 if any existed).

    A demo made before phase transfers and settings' identifiers existed gets them on its next start
    (:func:`ensure_demo_transfers`), so an existing demo database shows the new pages too.
    """
    if EHCRequest.objects.exists() or EHCPlan.objects.exists():
        ensure_demo_transfers(seed=seed, as_of=as_of)
        ensure_demo_caseload(as_of=as_of)
        return 0
    rng = random.Random(f"send-{seed}")  # noqa: S311  (synthetic data, not security)
    people = _People(rng)
    if not people.by_year:
        return 0
    pupils = school_population(as_of)
    # Five years of 365 days back from the day itself, so requests run up to ``as_of`` (from the
    # month's first day, the draws ended before it and the current month had no requests).
    start = as_of - timedelta(days=365 * YEARS)
    made = 0
    for year in range(YEARS):
        for _ in range(round(pupils / 1000 * REQUESTS_PER_1000 * (1 + GROWTH) ** year)):
            received = start + timedelta(days=365 * year + rng.randrange(365))
            if received > as_of:
                continue
            person = people.draw(received, 2, 19)
            if person is None:
                break
            made += _journey(rng, person, received, as_of)
    _legacy(rng, people, start, as_of, round(TARGET_SHARE * pupils))
    ensure_demo_transfers(seed=seed, as_of=as_of)
    ensure_demo_caseload(as_of=as_of)
    return made


#: How many open requests the demo SEND caseworker holds: a caseworker's usual load.
CASELOAD = 40


def ensure_demo_caseload(*, as_of: date) -> int:
    """Give the demo SEND caseworker (``demo-send``) the most recent open requests, once; return how many.

    Why: no demo request had a caseworker, so the caseworker's home card and "my requests" read 0
    on every demo. Requests stay unassigned where the sign-in does not exist (a test's borough).
    """
    from django.contrib.auth.models import User

    from continuum.send.services import open_request_records

    worker = User.objects.filter(username="demo-send").first()
    if worker is None or EHCRequest.objects.filter(caseworker=worker).exists():
        return 0
    # The newest by the date received: no clock need be worked out to choose them.
    newest = open_request_records(as_of).order_by("-received_on", "-pk")
    ids = list(newest.values_list("pk", flat=True)[:CASELOAD])
    return EHCRequest.objects.filter(pk__in=ids, caseworker__isnull=True).update(caseworker=worker)


def _held_5_15(as_of: date) -> int:
    """Plans in force on ``as_of`` whose holder is aged 5-15 that day."""
    return sum(
        1
        for born in EHCPlan.objects.filter(issued_on__lte=as_of, ceased_on__isnull=True).values_list(
            "child__person_birth_date", flat=True
        )
        if born is not None and 5 <= _age(born, as_of) <= 15
    )


def _legacy(rng: random.Random, people: _People, start: date, as_of: date, target: int) -> None:
    """Plans held from before the five years began, until the 5-15s with a plan reach ``target``."""
    held = _held_5_15(as_of)
    plans: list[tuple[EHCPlan, date]] = []
    while held < target:
        person = people.draw(as_of, 7, 15)
        if person is None:
            break
        plan = _legacy_plan(rng, person, start, as_of)
        plans.append((plan, person[1]))
        held += plan.ceased_on is None
        if rng.random() < OLDER_PER_LEGACY and (older := people.draw(as_of, 16, 24)) is not None:
            plans.append((_legacy_plan(rng, older, start, as_of), older[1]))
    EHCPlan.objects.bulk_create([p for p, _ in plans])
    AnnualReview.objects.bulk_create(r for p, _ in plans for r in _reviews(rng, p, as_of))


def _legacy_plan(rng: random.Random, person: tuple[int, date], start: date, as_of: date) -> EHCPlan:
    """A plan issued before ``start`` (at 2 or older), ceased on the way to ``as_of`` as plans are."""
    child_id, born = person
    earliest = max(add_months(born, 24), start - timedelta(days=365 * 9))
    issued = earliest + timedelta(days=rng.randrange(max((start - earliest).days, 1)))
    plan = _plan(rng, child_id, issued)
    _cease(rng, plan, born, as_of)
    return plan


def _plan(rng: random.Random, child_id: int, issued: date, request: EHCRequest | None = None) -> EHCPlan:
    setting = _pick(rng, SETTINGS)
    budget = rng.random() < 0.08
    return EHCPlan(
        child_id=child_id,
        ehc_request=request,
        issued_on=issued,
        primary_need=_pick(rng, NEEDS),
        needs="Needs as set out in the advice received.",
        outcomes="Outcomes agreed with the family and the setting.",
        provision="Provision as agreed with the named setting.",
        setting_name=(name := f"{SettingType(setting).label} {rng.randint(1, 30)}"),
        setting_type=setting,
        **setting_ids(setting, name),
        out_of_borough=rng.random() < 0.0123,
        budget_requested=budget or rng.random() < 0.04,
        budget_agreed=budget,
        budget_amount=rng.randint(5, 60) * 100 if budget else None,
        budget_purpose="Short breaks and SEN transport" if budget else "",
    )


def _cease(rng: random.Random, plan: EHCPlan, born: date, as_of: date) -> None:
    """Walk the plan's years: a few per cent cease each year, most from 19, all at 25."""
    day = plan.issued_on
    while True:
        day = add_months(day, 12)
        if day > as_of:
            return
        age = _age(born, day)
        if age >= 25:
            plan.ceased_on, plan.cease_reason = add_months(born, 300), "age_25"
        elif age >= 19 and rng.random() < 0.45:
            plan.ceased_on, plan.cease_reason = day, _pick(rng, LATE_CEASE)
        elif rng.random() < 0.035:
            plan.ceased_on, plan.cease_reason = day, _pick(rng, EARLY_CEASE)
        if plan.ceased_on is not None:
            if plan.ceased_on > as_of:
                plan.ceased_on, plan.cease_reason = None, ""
            return


def _journey(rng: random.Random, person: tuple[int, date], received: date, as_of: date) -> int:
    """One request and as much of its journey as has happened by ``as_of``."""
    child_id, born = person
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
        plan = _plan(rng, child_id, request.final_issued_on, request)
        _cease(rng, plan, born, as_of)
        plan.save()
        AnnualReview.objects.bulk_create(_reviews(rng, plan, as_of))
    return 1


def _reviews(rng: random.Random, plan: EHCPlan, as_of: date) -> list[AnnualReview]:
    """Annual reviews while the plan is in force: most within the 12 months, one in five a few weeks
    late; a fifth amend the plan, the amended plan mostly within the 12 weeks."""
    out = []
    last = plan.issued_on
    end = min(as_of, plan.ceased_on or as_of)
    while True:
        held = add_months(last, 12) - timedelta(days=rng.randint(0, 30))
        if rng.random() < 0.2:
            held += timedelta(days=rng.randint(31, 70))
        if held > end:
            return out
        amend = rng.random() < 0.2
        amended = held + timedelta(weeks=rng.randint(6, 15)) if amend else None
        out.append(
            AnnualReview(
                plan=plan,
                held_on=held,
                outcome="amend" if amend else "maintain",
                amended_on=amended if amended is not None and amended <= as_of else None,
            )
        )
        last = held


# --- Settings' identifiers and phase transfers --------------------------------------------------------

#: Clearly synthetic identifier ranges: no real school has a URN this high, no provider this UKPRN.
FAKE_URN_FROM = 900_000
FAKE_UKPRN_FROM = 19_990_000
#: The transfers (SEND Regulations 2014 reg 18) by the age the school year starts at: into reception
#: at 4, year 7 at 11, year 12 at 16.
TRANSFERS = [("early_years", "primary", 4), ("primary", "secondary", 11), ("secondary", "post16", 16)]
NEW_SETTINGS = {
    "primary": [("mainstream", 75), ("resourced", 10), ("special", 15)],
    "secondary": [("mainstream", 60), ("resourced", 10), ("special", 25), ("independent", 5)],
    "post16": [("post16", 85), ("special", 15)],
}
ON_TIME = 0.85


def setting_ids(setting_type: str, name: str) -> dict[str, str]:
    """A setting's synthetic URN (schools) or UKPRN (post-16 providers), the same for the same name."""
    key = zlib.crc32(name.encode())
    if setting_type == "post16":
        return {"setting_urn": "", "setting_ukprn": str(FAKE_UKPRN_FROM + key % 10_000)}
    if setting_type in ("early_years", "other", ""):
        return {"setting_urn": "", "setting_ukprn": ""}
    return {"setting_urn": str(FAKE_URN_FROM + key % 100_000), "setting_ukprn": ""}


def _school_start_year(born: date) -> int:
    """The calendar year whose September starts the school year a child born on ``born`` is 0 in."""
    return born.year + (1 if born.month >= 9 else 0)


@transaction.atomic
def ensure_demo_transfers(*, seed: int, as_of: date) -> int:
    """Give the demo's plans their settings' identifiers and phase transfers, once; return how many
    transfers were made (0 if any existed)."""
    from continuum.send import clocks
    from continuum.send.services import rules

    if PhaseTransfer.objects.exists():
        return 0
    rng = random.Random(f"send-transfers-{seed}")  # noqa: S311  (synthetic data, not security)
    plans = list(EHCPlan.objects.select_related("child").order_by("pk"))
    for plan in plans:
        if not (plan.setting_urn or plan.setting_ukprn):
            for name, value in setting_ids(plan.setting_type, plan.setting_name).items():
                setattr(plan, name, value)
    index = rules()
    transfers: list[PhaseTransfer] = []
    first_year, last_year = as_of.year - YEARS + 1, as_of.year + 1
    for plan in plans:
        born = plan.child.person_birth_date
        if born is None:
            continue
        for from_phase, to_phase, age in TRANSFERS:
            year = _school_start_year(born) + age
            if not first_year <= year <= last_year:
                continue
            transfer = PhaseTransfer(plan=plan, from_phase=from_phase, to_phase=to_phase, transfer_year=year)
            item = clocks.phase_transfer(transfer, index, as_of)
            if item is None:
                continue  # the council has switched the deadline's rule off
            deadline = item.due
            start = clocks.transfer_clock_start(year)
            if plan.issued_on >= deadline or (plan.ceased_on is not None and plan.ceased_on <= deadline):
                continue  # no plan to amend at the deadline
            setting = _pick(rng, NEW_SETTINGS[to_phase])
            label = "Post-16 college" if setting == "post16" else SettingType(setting).label
            name = f"{label} {rng.randint(1, 30)}"
            if rng.random() < ON_TIME:
                issued = deadline - timedelta(
                    days=rng.randint(0, (deadline - max(start, plan.issued_on)).days // 2)
                )
            else:
                issued = deadline + timedelta(days=rng.randint(1, 60))
            if issued <= as_of:
                transfer.amended_issued_on = issued
                transfer.setting_name, transfer.setting_type = name, setting
                for key, value in setting_ids(setting, name).items():
                    setattr(transfer, key, value)
                if date(year, 9, 1) <= as_of:  # the plan now names where the child went
                    plan.setting_name, plan.setting_type = name, setting
                    plan.setting_urn, plan.setting_ukprn = transfer.setting_urn, transfer.setting_ukprn
            transfers.append(transfer)
    EHCPlan.objects.bulk_update(plans, ["setting_name", "setting_type", "setting_urn", "setting_ukprn"])
    PhaseTransfer.objects.bulk_create(transfers)
    return len(transfers)
