"""Demo complaints, compliments and members' enquiries for the synthetic borough (issue 21 point 6).

Three financial years up to the demo day, at the seed's rates (001 Appendix B): about 110 stage 1
complaints a year (a third statutory), 77% answered on time, about 5 stage 2s and 3 declined stage 3
requests a year, about 125 compliments and 37 members' enquiries (76% answered within 5 working
days). Each complaint is acknowledged 1 to 3 working days after receipt, except the last few days'
(which wait in the officer's tray); declined stage 2 requests are service complaints only, because
a statutory complainant who asks in time is entitled to stage 2. The last few weeks' complaints are
still open, so the tray shows live clocks. Deterministic
from the seed; bulk inserts, so it takes well under a second. Created once (skipped if any exist).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from continuum.complaints import clocks
from continuum.complaints.models import (
    SERVICES_BY_AREA,
    Complaint,
    Compliment,
    ComplimentFrom,
    MembersEnquiry,
    Stage,
    StageStatus,
)
from continuum.core.timescales import Unit, shift
from continuum.people.models import Child, Team

#: Complainant types and reasons weighted as in the seed's 2016-17 tables.
TYPE_WEIGHTS = {
    "parent": 67,
    "young_person": 12,
    "other_family": 9,
    "professional_external": 9,
    "other": 8,
    "foster_carer": 4,
    "professional_internal": 2,
}
REASON_WEIGHTS = {
    "action_of_staff": 39,
    "assessment": 5,
    "communication": 6,
    "decision": 27,
    "delays": 6,
    "finance": 2,
    "other": 4,
    "policy": 1,
    "poor_service": 18,
}
COUNCILLORS = ["Cllr A Patel", "Cllr B Okafor", "Cllr C Murphy", "Cllr D Cohen", "Cllr E Wright"]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _working_day(rng: random.Random, start: date, days: int) -> date:
    day = start + timedelta(days=rng.randrange(days))
    return day - timedelta(days=max(0, day.weekday() - 4))  # a weekend receipt is logged on the Friday


@transaction.atomic
def ensure_demo_complaints(*, seed: int, as_of: date) -> int:
    """Create three years of demo complaints once; return how many complaints were made (0 if any existed)."""
    if Complaint.objects.exists():
        return 0
    officer = User.objects.filter(username="demo-complaints").first()
    teams = list(Team.objects.filter(is_active=True).order_by("pk"))
    if officer is None or not teams:
        return 0
    author = User.objects.filter(username="demo-team-manager").first()
    rng = random.Random(f"complaints-{seed}")  # noqa: S311  (synthetic data, not security)
    rules = clocks.current_rules()
    child_ids = list(Child.objects.order_by("-pk").values_list("pk", flat=True)[:400])
    first = date(as_of.year - (3 if as_of.month >= 4 else 4), 4, 1)
    span = (as_of - first).days
    made = 0
    for _ in range(int(110 * span / 365)):
        received = _working_day(rng, first, span)
        procedure = "statutory" if rng.random() < 36 / 111 else "corporate"
        area = "social_care" if rng.random() < 103 / 111 else "early_help"
        complaint = Complaint.objects.create(
            procedure=procedure,
            received=received,
            complainant_name=f"Complainant {made + 1}",
            complainant_type=_pick(rng, TYPE_WEIGHTS),
            advocate=rng.random() < 0.05,
            category=_pick(rng, REASON_WEIGHTS),
            service_area=area,
            head_of_service=_pick(rng, dict(SERVICES_BY_AREA[area])),
            team=rng.choice(teams),
            summary="A synthetic complaint for the demonstration.",
            created_by=officer,
        )
        acknowledged = shift(received, 1 + made % 3, Unit.WORKING_DAYS)
        if acknowledged <= as_of:  # type: ignore[operator]
            complaint.acknowledged = acknowledged
            complaint.save(update_fields=["acknowledged"])
        made += 1
        if procedure == "statutory" and child_ids:
            complaint.children.add(rng.choice(child_ids))
        extended = rng.random() < 0.1
        due = clocks.stage_due(procedure, 1, received, extended=extended, rules=rules)
        stage = Stage(complaint=complaint, number=1, started=received, author=author)
        if extended:
            stage.extended_on, stage.extension_reason = received + timedelta(days=5), "Manager on leave"
        if due + timedelta(days=10) < as_of or (due < as_of and rng.random() < 0.5):
            on_time = rng.random() < 0.77
            stage.responded = min(
                as_of,
                due - timedelta(days=rng.randrange(3))
                if on_time
                else due + timedelta(days=1 + rng.randrange(15)),
            )
            stage.status = StageStatus.RESPONDED
            stage.outcome = rng.choices(["upheld", "partly_upheld", "not_upheld"], weights=[9, 21, 70])[0]
            stage.response_letter = "A synthetic response."
        stage.save()
        if stage.status == StageStatus.RESPONDED and stage.responded + timedelta(days=60) < as_of:
            roll = rng.random()
            if roll < 5 / 111:
                two = Stage.objects.create(
                    complaint=complaint,
                    number=2,
                    started=stage.responded + timedelta(days=7),
                    author=author,
                    decided_by=officer,
                    status=StageStatus.RESPONDED,
                    responded=stage.responded + timedelta(days=40),
                    outcome="not_upheld",
                    response_letter="A synthetic investigation report.",
                )
                if procedure == "corporate" and rng.random() < 0.6:
                    Stage.objects.create(
                        complaint=complaint,
                        number=3,
                        started=two.responded + timedelta(days=7),  # type: ignore[operator]
                        status=StageStatus.DECLINED,
                        declined_reason="No new information",
                        decided_by=officer,
                    )
            elif roll < 6 / 111 and procedure == "corporate":
                Stage.objects.create(
                    complaint=complaint,
                    number=2,
                    started=stage.responded + timedelta(days=7),
                    status=StageStatus.DECLINED,
                    declined_reason="No new information",
                    decided_by=officer,
                )
    Compliment.objects.bulk_create(
        Compliment(
            received=_working_day(rng, first, span),
            team=rng.choice(teams),
            service_area="social_care" if rng.random() < 69 / 125 else "early_help",
            from_type=rng.choice(ComplimentFrom.values),
            summary="Thank you for all your support.",
            created_by=officer,
        )
        for _ in range(int(125 * span / 365))
    )
    enquiries = []
    for _ in range(int(37 * span / 365)):
        received = _working_day(rng, first, span)
        due = clocks.enquiry_due(received, rules)
        responded = None
        if due < as_of or rng.random() < 0.3:
            responded = min(
                as_of, due if rng.random() < 0.76 else due + timedelta(days=1 + rng.randrange(10))
            )
        enquiries.append(
            MembersEnquiry(
                received=received,
                member=rng.choice(COUNCILLORS),
                team=rng.choice(teams),
                summary="A constituent asks for an overview of the family's involvement with services.",
                responded=responded,
                response="A synthetic answer." if responded else "",
                created_by=officer,
            )
        )
    MembersEnquiry.objects.bulk_create(enquiries)
    return made


__all__ = ["ensure_demo_complaints"]
