"""The demo borough's community safety data: two years of crime and ASB, an IOM cohort, MARAC, the plan.

Why invented, in the seed's shape: the pages need data in the demo, and the seed (004) is another
partnership's board pack. Every figure here is drawn from a generator seeded from the demo's seed, so
two runs give the same borough; names and keys are made up (no real person). Bulk writes keep it
quick (a few thousand rows, about a second); the action plan and MARAC actions go through the
improvement and tracker services so they obey the same rules as ones recorded by hand.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from continuum.community_safety import marac, marac_records
from continuum.community_safety.keys import ensure_partnership_key
from continuum.community_safety.models import (
    AsbCall,
    CrimeKind,
    CrimeRecord,
    CrimeTarget,
    CrimeType,
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    MaracMeeting,
    MaracReferral,
    RiskChange,
    RiskColour,
)
from continuum.community_safety.wards import load_wards
from continuum.synth.stand_ins import stand_in

PLAN_TITLE = "Safer Communities Strategy Action Plan"

#: ASB call types as the seed lists them (seed 004 lines 440 onwards), with a typical monthly count.
ASB_TYPES: tuple[tuple[str, int], ...] = (
    ("Abandoned Vehicles", 6),
    ("Animal Problems", 4),
    ("Begging / Vagrancy", 2),
    ("Malicious Communications", 9),
    ("Noise", 8),
    ("Nuisance Neighbours", 12),
    ("Rowdy / Nuisance Behaviour", 18),
    ("Street Drinking", 3),
    ("Vehicle Nuisance / Inappropriate Vehicle Use", 4),
)

#: How often each agency refers in the demo (the police most), by the service's own names
#: (``marac_records.AGENCIES``, the one list): an agency left out here never refers in the demo.
MARAC_AGENCY_WEIGHTS: dict[str, int] = {
    "Police": 60,
    "IDVA service": 15,
    "Children's social care": 10,
    "Health": 6,
    "Housing": 5,
    "Probation": 4,
}

#: The plan's priorities (the seed's headings) and per priority: objective, action, lead, RAG per quarter.
PLAN: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Property crime with a special focus on burglary",
        (
            (
                "Targeted crime prevention campaigns",
                "Summer burglary prevention campaign in hotspot wards",
                "NW",
            ),
            (
                "Intelligence led approach to burglary hotspots",
                "Target harden the top 15 streets for burglary victims",
                "NW",
            ),
            (
                "Crime prevention advice to victims and householders",
                "Every victim to get a visit with crime prevention advice",
                "NW",
            ),
        ),
    ),
    (
        "Anti-social behaviour",
        (
            (
                "Identify repeat victims and prioritise multi agency problem solving",
                "Repeat callers taken monthly to the tasking meeting",
                "SM",
            ),
            (
                "Ensure street drinking is tackled",
                "Refresh intelligence on known street drinkers with the drug and alcohol team",
                "SM",
            ),
        ),
    ),
    (
        "Violent crime with a special focus on domestic violence",
        (
            ("Promote use of MARAC", "Monthly multi-agency MARAC training and a champions programme", "ML"),
            ("Promote use of MARAC", "Present MARAC data quarterly to the domestic violence groups", "ML"),
        ),
    ),
    (
        "Focus on the places where offences take place",
        (("Intelligent use of CCTV", "Partnership use of the portable CCTV equipment", "NW"),),
    ),
    (
        "Reduce repeat victimisation",
        (
            ("Better management of offenders", "Roll out integrated offender management", "NW"),
            (
                "Commissioning effective DV services",
                "Advocacy, refuge and perpetrator services commissioned",
                "ML",
            ),
        ),
    ),
    (
        "Building reassurance and confidence",
        (("Ensure every report is followed up", "Launch the online reporting form and tell partners", "SM"),),
    ),
)

#: Invented partnership officers (initials, first, last): no real person.
OFFICERS = (("NW", "Nia", "Wardell"), ("SM", "Sol", "Merriott"), ("ML", "Mina", "Lockhart"))


def _month_start(day: date, back: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(y, m + 1, 1)


def _ward_codes() -> list[str]:
    return [w.code for w in load_wards()[0]] or ["E05099901"]


def _crime(rng: random.Random, months: list[date], wards: list[str]) -> int:
    offence_types = list(CrimeType.objects.filter(kind__in=[CrimeKind.OFFENCE, CrimeKind.FLAG]))
    rows = []
    for t in offence_types:
        base = rng.randint(1, 12)
        for m in months:
            for w in wards:
                n = max(0, base + rng.randint(-2, 2) - (m.year - months[0].year))
                sds = None if not t.records_sanction_detections else min(n, rng.randint(0, max(1, n // 3)))
                rows.append(CrimeRecord(crime_type=t, month=m, ward=w, offences=n, sanction_detections=sds))
    CrimeRecord.objects.bulk_create(rows, batch_size=2000)
    for t in CrimeType.objects.exclude(kind=CrimeKind.FLAG):
        for m in {m for m in months if m.month == 4}:
            CrimeTarget.objects.get_or_create(
                crime_type=t, year=m.year, defaults={"offence_change": -5, "sd_rate": 20}
            )
    return len(rows)


def _asb(rng: random.Random, first: date, last: date, wards: list[str]) -> int:
    callers = [f"C{n:05d}" for n in range(1, 1400)]
    frequent = callers[:40]  # a few people call again and again: the repeat callers
    rows, day = [], first
    while day <= last:
        for call_type, per_month in ASB_TYPES:
            if rng.random() < per_month * len(wards) / 30 / 4:
                caller = rng.choice(frequent) if rng.random() < 0.25 else rng.choice(callers)
                ward = wards[int(caller[1:]) % len(wards)] if caller in frequent else rng.choice(wards)
                victim = caller if rng.random() < 0.6 else ""
                rows.append(
                    AsbCall(
                        received=day, call_type=call_type, ward=ward, caller_key=caller, victim_key=victim
                    )
                )
        day += timedelta(days=1)
    AsbCall.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


FIRST = ("Alex", "Jordan", "Casey", "Riley", "Sam", "Taylor", "Morgan", "Jamie", "Drew", "Robin")
LAST = ("Ashdown", "Brierley", "Colley", "Dunmore", "Ellery", "Fairbank", "Garside", "Holroyd")
REASONS = {
    RiskColour.RED: "Police intelligence suggests active offending",
    RiskColour.AMBER: "Further intelligence needed; engagement patchy",
    RiskColour.GREEN: "Engaging with services; no current intelligence of offending",
    RiskColour.BLUE: "Remanded or sentenced to custody",
}


def _iom(rng: random.Random, first: date, last: date) -> int:
    offenders = []
    for n in range(1, 98):
        offenders.append(
            IomOffender(
                reference=f"IOM-{n:04d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                added_on=first + timedelta(days=rng.randint(0, (last - first).days // 2)),
                removal_due=n <= 7,
                removal_reason="Transfer to another borough's IOM team" if n <= 7 else "",
                signed_up=rng.random() < 0.7,
                wanted=n in (20, 40),
            )
        )
    IomOffender.objects.bulk_create(offenders)
    offenders = list(IomOffender.objects.order_by("reference"))
    flags, changes, events = [], [], []
    colours = list(REASONS)
    for o in offenders:
        statuses = [IomStatus.STATUTORY] if rng.random() < 0.6 else [IomStatus.NON_STATUTORY]
        if rng.random() < 0.25:
            statuses.append(IomStatus.PPO)
        flags += [IomFlag(offender=o, status=s) for s in statuses]
        day, colour = o.added_on, rng.choice(colours)
        while day <= last:
            changes.append(RiskChange(offender=o, colour=colour, on=day, reason=REASONS[colour]))
            if colour == RiskColour.BLUE:
                events.append(IomEvent(offender=o, kind=IomEventKind.CUSTODY, on=day))
                if rng.random() < 0.2:
                    events.append(IomEvent(offender=o, kind=IomEventKind.REMAND, on=day))
            if colour == RiskColour.RED and rng.random() < 0.6:
                events.append(
                    IomEvent(
                        offender=o, kind=IomEventKind.ARREST, on=day + timedelta(days=rng.randint(1, 40))
                    )
                )
            day += timedelta(days=rng.randint(45, 200))
            colour = rng.choice([c for c in colours if c != colour])
    IomFlag.objects.bulk_create(flags)
    RiskChange.objects.bulk_create(changes)
    IomEvent.objects.bulk_create([e for e in events if e.on <= last])
    _release_plans(rng, offenders, changes, last)
    return len(offenders)


RELEASE_PLANS = (
    "Housing referral made; probation and police joint visit on the day of release",
    "DIP appointment booked for the week of release; mentor to meet at the gate",
    "Supported accommodation agreed; curfew and reporting conditions shared with the IOM team",
)


def _release_plans(rng: random.Random, offenders: list, changes: list, last: date) -> None:
    """Those in custody at the end get a release date; most due out soon have their community action
    plan (seed 004 line 757), a few not yet, so the IOM page and card show both. Drawn after every
    other draw of the cohort, so the rest of the demo stays as it was."""
    final = {c.offender_id: c.colour for c in changes}
    for o in offenders:
        if final.get(o.pk) != RiskColour.BLUE:
            continue
        o.release_due = last + timedelta(days=rng.randint(3, 240))
        if rng.random() < (0.7 if o.release_due <= last + timedelta(days=56) else 0.2):
            o.release_plan = rng.choice(RELEASE_PLANS)
    IomOffender.objects.bulk_update(offenders, ["release_due", "release_plan"])


def _marac(rng: random.Random, first: date, last: date, owner: User | None) -> int:
    from continuum.actions import services as tracker
    from continuum.people.models import Child

    days = marac.meeting_days(first + timedelta(days=(3 - first.weekday()) % 7), last)  # Thursdays
    MaracMeeting.objects.bulk_create([MaracMeeting(held_on=d) for d in days])
    meetings = list(MaracMeeting.objects.order_by("held_on"))
    child_ids = list(Child.objects.order_by("pk").values_list("pk", flat=True)[:400])
    victims = [f"V{n:04d}" for n in range(1, 500)]
    agencies = marac_records.AGENCIES
    weights = [MARAC_AGENCY_WEIGHTS.get(a, 0) for a in agencies]
    count = 0
    for meeting in meetings:
        listed: set[str] = set()
        for _ in range(rng.randint(6, 12)):
            victim = rng.choice(victims[:60]) if rng.random() < 0.25 else rng.choice(victims)
            while victim in listed:  # one victim is one case at a meeting, as the service insists
                victim = rng.choice(victims)
            listed.add(victim)
            referral = MaracReferral.objects.create(
                referred_on=meeting.held_on - timedelta(days=rng.randint(3, 20)),
                agency=rng.choices(agencies, weights=weights)[0],
                risk_score=rng.randint(14, 24),
                victim_key=victim,
                meeting=meeting,
            )
            count += 1
            if child_ids and rng.random() < 0.5:
                referral.children.set(rng.sample(child_ids, rng.randint(1, 2)))
            if owner is not None and rng.random() < 0.3:
                action = tracker.create_action(
                    source=referral,
                    label=marac_records.action_label(meeting),
                    what=rng.choice(
                        (
                            "Safety plan reviewed by the IDVA",
                            "Target hardening visit",
                            "Housing move considered",
                        )
                    ),
                    owner=owner,
                    due=meeting.held_on + timedelta(days=21),
                    by=owner,
                )
                # Agencies report back by the next meeting but one; the last meetings' stay open.
                # The spread comes from the count, not the generator, so the referrals stay as seeded.
                done = action.due_date + timedelta(days=count * 7 % 29 - 7)
                if done < last:
                    tracker.set_status(action, status="done", by=owner, on=done)
    return count


def _officer(initials: str, first: str, last: str) -> User:
    """A plan lead, not a sign-in."""
    return stand_in(f"officer-{initials.lower()}", first, last)


#: Why a line moved at a quarterly review, as a lead officer would say it (a line rated Amber or Red
#: must say why, by the partnership's key; a move back to Green says what was done). One sentence
#: for every move read as the same sentence in the stocktake, which no review meeting would write.
RAG_REASONS: dict[str, tuple[str, ...]] = {
    "G": (
        "Back on track: the delayed work was completed this quarter",
        "Cover agreed while the lead officer was away; milestone now met",
        "Information-sharing agreement signed and the data now flowing",
        "",
    ),
    "A": (
        "Lead officer on long-term leave; cover agreed from next month",
        "Partner data not yet shared; information-sharing agreement with legal",
        "Funding decision deferred to the next budget round",
        "Venue lost at short notice; new dates being arranged",
        "Risk to future performance identified; remedial action agreed",
    ),
    "R": (
        "Procurement failed: no compliant bids; to be re-tendered",
        "Milestone missed: the partner agency withdrew its staff from the project",
        "Not started: funding not confirmed for this year",
        "Milestone missed after the system change; escalated to the partnership board",
    ),
}


def ensure_action_plan(*, seed: int, as_of: date, owner: User) -> int:
    """The partnership's strategy action plan with quarterly RAG reviews; return how many lines."""
    from continuum.improvement import services
    from continuum.improvement.models import Plan

    if Plan.objects.filter(title=PLAN_TITLE).exists():
        return 0
    rng = random.Random(f"community-safety-plan-{seed}")  # noqa: S311  (synthetic data, not security)
    starts = _month_start(as_of, 23)
    plan = services.create_plan(
        title=PLAN_TITLE,
        owner_body="Safer Communities Partnership",
        area="Community safety",
        owner=owner,
        starts=starts,
        ends=_month_start(as_of, -13) - timedelta(days=1),
        key=ensure_partnership_key(),
    )
    for initials, first, last in OFFICERS:
        services.add_lead(plan, initials, _officer(initials, first, last))
    lines = []
    for title, rows in PLAN:
        priority = services.add_priority(plan, title=title)
        objectives: dict[str, object] = {}
        for objective_text, text, lead in rows:
            objective = objectives.get(objective_text) or services.add_objective(priority, objective_text)
            objectives[objective_text] = objective
            line = services.add_plan_action(
                objective,  # type: ignore[arg-type]
                ref=f"{priority.number}.{len(lines) + 1}",
                text=text,
                lead_text=lead,
                delivery_text="Quarterly",
                rag="G",
                by=owner,
                rated_on=starts,
            )
            lines.append(line)
    for quarter in range(1, 8):  # a review each quarter up to the demo's day
        review = _month_start(starts, -3 * quarter)
        if review > as_of:
            break
        for line in lines:
            if rng.random() < 0.3:
                line.refresh_from_db()
                new = rng.choice([c for c in ("G", "A", "R") if c != line.rag.code])
                services.record_rag(line, code=new, by=owner, reason=rng.choice(RAG_REASONS[new]), on=review)
    return len(lines)


@transaction.atomic
def ensure_demo_community_safety(*, seed: int, as_of: date) -> dict[str, int]:
    """Create the demo's community safety data once; return what was made (empty if it existed)."""
    if AsbCall.objects.exists() or IomOffender.objects.exists():
        return {}

    def rng(part: str) -> random.Random:
        """One generator per part, so a part made already (the crime records) does not shift the rest."""
        return random.Random(f"community-safety-{part}-{seed}")  # noqa: S311  (synthetic data)

    months = [_month_start(as_of, back) for back in range(23, -1, -1)]
    first, wards = months[0], _ward_codes()
    owner = (
        # The MARAC coordinator sets and chases the actions and keeps the plan; else an older sign-in.
        User.objects.filter(username="demo-community-safety").first()
        or User.objects.filter(username__in=["demo-analyst", "demo-head-of-service", "demo-team-manager"])
        .order_by("username")
        .first()
    )
    made = {
        "crime records": 0 if CrimeRecord.objects.exists() else _crime(rng("crime"), months, wards),
        "ASB calls": _asb(rng("asb"), first, as_of, wards),
        "IOM offenders": _iom(rng("iom"), first, as_of),
        "MARAC referrals": _marac(rng("marac"), first, as_of, owner),
    }
    if owner is not None:
        made["action plan lines"] = ensure_action_plan(seed=seed, as_of=as_of, owner=owner)
    return made
