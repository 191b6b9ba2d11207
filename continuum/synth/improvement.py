"""The demo borough's improvement plan (three years, two of them past): invented priorities and
actions, monthly RAG reviews up to the demo's day, measures from the indicator library, and a
committee report each quarter.

Why invented rather than the seed's plan: the seed's plan is another council's published document
(the tests import it as a fixture, tests/improvement/data/seed_plan.json); the synthetic borough
gets a plan of its own in the same shape and ID scheme, so every improvement page shows data.
Deterministic from the seed; written through the services (a few hundred rows, a second or two),
so the demo's history obeys the same rules as one recorded by hand (a why for every A and R).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from continuum.improvement import services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan
from continuum.synth.stand_ins import stand_in

TITLE = "Children's Services Improvement Plan"

#: Invented officers: initials, first name, last name (no real person).
OFFICERS = (
    ("AW", "Asha", "Whitlock"),
    ("BK", "Bram", "Kettering"),
    ("CO", "Cerys", "Okafor"),
    ("DM", "Dev", "Mallory"),
    ("EL", "Elin", "Larkspur"),
)

#: Priority heading, objective, and per action: ID, text, lead, months from the start to delivery, measure.
PLAN: tuple[tuple[str, str, tuple[tuple[str, str, str, int, str], ...]], ...] = (
    (
        "Priority 1: Turnaround of practice",
        "To drive sustainable practice improvement at pace",
        (
            ("T1", "Introduce a systemic approach to case file audit, with monthly moderation", "AW", 6, ""),
            (
                "T2",
                "Calibrate audit grading with the improvement partner so managers agree what good looks like",
                "AW",
                9,
                "",
            ),
            (
                "T3",
                "Hold practice stocktake meetings each month, chaired by the improvement partner",
                "HS",
                12,
                "assessments_45wd",
            ),
            (
                "T4",
                "Strengthen leadership capacity across every management tier through recruitment",
                "HS",
                27,
                "",
            ),
        ),
    ),
    (
        "Priority 2: Right help, right time (the front door)",
        "2a. Effective MASH",
        (
            (
                "2a(i)",
                "Make MASH decisions within one working day for every contact",
                "BK",
                6,
                "mash_decision_1wd",
            ),
            (
                "2a(ii)",
                "Improve the quality of referrals from partners and the MASH's response to them",
                "BK",
                12,
                "referral_conversion",
            ),
            (
                "2a(iii)",
                "Run monthly quality assurance of threshold decisions with partners",
                "TM",
                9,
                "rereferral_12m",
            ),
        ),
    ),
    (
        "Priority 3: Assessment and planning for children",
        "3a. Strengthen risk assessment",
        (
            (
                "3a(i)",
                "Complete assessments within 45 working days, with the child's voice recorded",
                "CO",
                12,
                "assessments_45wd",
            ),
            (
                "3a(ii)",
                "Make every strategy discussion multi-agency, with its rationale recorded",
                "CO",
                6,
                "s47_to_icpc",
            ),
            (
                "3a(iii)",
                "Review child protection plans on time, with contingency when progress stalls",
                "TM",
                28,
                "cp_reviews_on_time",
            ),
            (
                "3a(iv)",
                "Reduce repeat child protection plans by tackling drift in planning",
                "CO",
                30,
                "cp_repeat_2yr",
            ),
        ),
    ),
    (
        "Priority 4: Children in care and care leavers",
        "4a. Stable homes and good transitions",
        (
            (
                "4a(i)",
                "Visit children in care within timescales, seeing them alone",
                "DM",
                9,
                "cla_visits_on_time",
            ),
            (
                "4a(ii)",
                "Reduce placement moves through a sufficiency strategy",
                "DM",
                33,
                "cla_3plus_placements",
            ),
            (
                "4a(iii)",
                "Hold looked-after reviews on time with the child taking part",
                "DM",
                12,
                "cla_reviews_on_time",
            ),
            (
                "4a(iv)",
                "Increase care leavers in education, employment or training",
                "EL",
                30,
                "care_leavers_eet_19_21",
            ),
        ),
    ),
    (
        "Priority 5: Governance, workforce and communication",
        "5a. Leadership that sees frontline practice",
        (
            ("5a(i)", "Report the improvement plan to committee each quarter with its measures", "HS", 3, ""),
            ("5a(ii)", "Run an annual social work survey and act on it", "EL", 26, ""),
            ("5a(iii)", "Give every new member of staff an induction in the practice model", "AW", 6, ""),
        ),
    ),
)

MITIGATIONS = (
    "Recruitment slipped; agency cover agreed until posts are filled",
    "Partner sign-off delayed; escalated to the improvement board",
    "Training rescheduled; extra sessions booked for next month",
    "System change needed first; interim manual tracking in place",
    "Lead on leave; deputy covering with weekly check-ins",
)
NO_MITIGATION = (
    "Funding withdrawn; no plan in place yet",
    "Dependent work stopped; awaiting a decision from the board",
)
RECOVERIES = ("Back on track after the mitigation worked", "Cover in place; milestones met this month")


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return _month_end(date(day.year + y, m + 1, 1))


def _officer(initials: str, first: str, last: str) -> User:
    """A plan lead, not a sign-in."""
    return stand_in(f"officer-{initials.lower()}", first, last)


@transaction.atomic
def ensure_demo_improvement_plan(*, seed: int, as_of: date) -> int:
    """Create the demo plan once (two years to ``as_of``); return how many RAG changes (0 if it existed)."""
    if Plan.objects.filter(title=TITLE).exists():
        return 0
    owner = (
        User.objects.filter(username__in=["demo-head-of-service", "demo-team-manager"])
        .order_by("username")
        .first()
    )
    if owner is None:
        return 0
    rng = random.Random(f"improvement-{seed}")  # noqa: S311  (synthetic data, not security)
    starts = _add_months(as_of, -24) + timedelta(days=1)
    plan = services.create_plan(
        title=TITLE,
        owner_body="Children's Services",
        area="Family Services",
        owner=owner,
        starts=starts,
        ends=_add_months(starts, 35),  # a three-year plan, two years in
        key=ensure_default_key(),
    )
    services.add_lead(plan, "HS", owner)
    manager = User.objects.filter(username="demo-team-manager").first() or owner
    services.add_lead(plan, "TM", manager)
    for initials, first, last in OFFICERS:
        services.add_lead(plan, initials, _officer(initials, first, last))
    first_review = _month_end(starts)
    lines = []
    for heading, objective_text, actions in PLAN:
        priority = services.add_priority(plan, title=heading, lead="Head of Service")
        objective = services.add_objective(priority, objective_text)
        for ref, text, lead, months, measure in actions:
            delivery = _add_months(starts, months - 1)  # "month ending": the 24th month is the last
            line = services.add_plan_action(
                objective,
                ref=ref,
                text=text,
                lead_text=lead,
                delivery_text=f"{delivery:%B %Y}",
                rag="G",
                by=owner,
                rated_on=first_review,
                reason="Plan agreed by the improvement board",
            )
            if measure:
                services.link_measure(line, measure)
            lines.append(line)
    changes = 0
    review = _add_months(first_review, 1)
    while review <= as_of:
        for line in lines:
            code = line.rag.code
            if code == "C":
                continue
            roll = rng.random()
            due = line.delivery <= review
            new, why = None, ""
            if code == "G" and (roll < (0.45 if due else 0.04)):
                new, why = "C", ""
            elif code == "G" and roll < (0.75 if due else 0.12):
                new, why = "A", rng.choice(MITIGATIONS)
            elif code == "A" and roll < 0.18:
                new, why = ("C", "") if due else ("G", rng.choice(RECOVERIES))
            elif code == "A" and roll < 0.25:
                new, why = "R", rng.choice(NO_MITIGATION)
            elif code == "R" and roll < 0.2:
                new, why = "A", rng.choice(MITIGATIONS)
            if new is not None:
                services.record_rag(line, code=new, by=owner, reason=why, on=review)
                line.refresh_from_db(fields=["rag"])
                changes += 1
        if review.month in (3, 6, 9, 12):  # the committee hears the plan each quarter
            services.record_report(plan, as_of=review, since=None, by=owner)
        review = _add_months(review, 1)
    return changes
