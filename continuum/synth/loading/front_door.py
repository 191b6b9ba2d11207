"""The front door section of the bulk load: contacts, the MASH decision and the manager's oversight of it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.working_days import WorkingDayCalendar
from continuum.synth.loading.rows import LoadContext, Table, aware, versioned

MASH_OUTCOME = {
    "NFA": "nfa",
    "ADVICE": "advice",
    "EARLY_HELP": "early_help",
    "REFERRAL": "referral",
    "EXISTING": "existing_case",
}
#: Derived text where a model needs words the simulator does not write.
OVERSIGHT_NOTE = "Decision reviewed and agreed (synthetic record)."
NOT_NEEDED_RATIONALE = "Consent not needed for this contact (synthetic record)."
DISPENSED_RATIONALE = "Risk of significant harm: seeking consent would increase it (synthetic record)."
#: Working days after the MASH decision on which its manager's oversight is recorded (0-5, soon most often).
OVERSIGHT_DELAY_WD = (0, 0, 1, 1, 1, 2, 2, 3, 4, 5)


def mash_manager(t: dict[str, list[Any]]) -> str | None:
    """The MASH team manager's SW_ID (of the first MASH team), who records oversight; None if none."""
    mash = [team.team_id for team in t["teams"] if team.service == "MASH"]
    managers = [w for w in t["workers"] if w.role == "TM" and w.team_id in mash]
    managers.sort(key=lambda w: (mash.index(w.team_id), w.sw_id))
    return managers[0].sw_id if managers else None


def oversight_at(contact: Any, calendar: WorkingDayCalendar, taken: datetime) -> datetime | None:
    """When the team manager's oversight of a decided contact was recorded, if before ``taken``.

    The simulator writes no oversight; without it every synthetic decision
    would sit in the oversight queue for ever. A manager looks at a decision
    0-5 working days after it (:data:`OVERSIGHT_DELAY_WD`), so at the moment
    the records are taken (the end of the extraction day's working hours)
    every decision older than five working days has been overseen and the
    queue holds only recent ones. The draw is the contact's own (seeded by its
    id), so it changes no simulated figure.
    """
    decided = contact.mash_decision_datetime
    if decided is None:
        return None
    rng = random.Random(f"oversight:{contact.contact_id}")  # noqa: S311 - simulation, not security
    delay = rng.choice(OVERSIGHT_DELAY_WD)
    if delay == 0:
        at = decided + timedelta(minutes=rng.randrange(20, 240))
    else:
        day = calendar.add_working_days(decided.date(), delay)
        at = datetime.combine(day, clock_time(9, 0)) + timedelta(minutes=rng.randrange(0, 8 * 60 + 30))
    return at if at <= taken else None


def contacts(ctx: LoadContext) -> list[Table]:
    """``journey_contact``; fills the contact ids.

    Consent "not needed" has no choice of its own in the model (obtained or
    dispensed only): it is loaded as dispensed, with that as the rationale.
    """
    t, ids, stamp = ctx.tables, ctx.ids, ctx.stamp
    rows = []
    overseer = mash_manager(t)
    overseer_pk = ctx.worker_pk[overseer] if overseer is not None else None
    taken = ctx.borough.extracted_at or datetime.combine(ctx.borough.extracted_on, END_OF_WORKING_DAY)
    for c in t["contacts"]:
        overseen = oversight_at(c, ctx.calendar, taken)
        pk = ctx.contact_pk[c.contact_id] = ids.take("journey_contact")
        consent, rationale = {
            "OBTAINED": ("obtained", ""),
            "DISPENSED": ("dispensed", DISPENSED_RATIONALE),
        }.get(c.consent or "", ("dispensed", NOT_NEEDED_RATIONALE))
        rows.append(
            (
                pk,
                ctx.child_pk[c.la_child_id],
                aware(c.contact_datetime),
                c.contact_source,
                "",
                "",
                "",
                consent,
                rationale,
                c.initial_brag or "",
                c.final_brag or "",
                aware(c.mash_decision_datetime),
                MASH_OUTCOME.get(c.mash_outcome or "", ""),
                "{}",
                OVERSIGHT_NOTE if overseen else "",
                aware(overseen),
                overseer_pk if overseen else None,
                *stamp,
            )
        )
    return [
        Table(
            "journey_contact",
            versioned(
                "child_id",
                "received_at",
                "referral_source",
                "referrer_name",
                "referrer_role",
                "concerns",
                "consent",
                "consent_dispensed_rationale",
                "initial_brag",
                "final_brag",
                "decision_at",
                "outcome",
                "partner_checks",
                "manager_oversight_note",
                "manager_oversight_at",
                "manager_oversight_by_id",
            ),
            rows,
            (
                "r.child_id",
                "(r.received_at AT TIME ZONE 'Europe/London')::date",
                "'Contact received and MASH decision recorded (synthetic load)'",
            ),
        )
    ]
