"""The front door section of the bulk load: contacts, the MASH decision and the manager's oversight of it."""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.working_days import WorkingDayCalendar
from continuum.synth.contact_words import NOTHING, contact_words, recent_from
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
#: Working days after the MASH decision on which its manager's oversight is recorded: the same day
#: for most (80%), the next working day for a tenth, two or three days later for a few (a manager on
#: leave or in court). A real MASH team manager reads the day's decisions that day, so the oversight
#: queue holds a day's handful, not a week's decisions.
OVERSIGHT_DELAY_WD = (0,) * 16 + (1,) * 2 + (2, 3)
#: When a team manager starts on the decisions left from the evening, weekend or bank holiday before.
START_OF_OVERSIGHT = clock_time(9, 0)


def mash_managers(t: dict[str, list[Any]]) -> list[str]:
    """The SW_IDs of the MASH teams' managers, first team first, who record oversight (none: empty).

    Why all of them: a borough with two MASH teams has two managers signing off decisions; one
    manager overseeing every decision left the other with none. A team manager is in post from the
    simulation's first day and never leaves (:mod:`continuum.synth.workforce`), so any of them may
    oversee any decision.
    """
    mash = [team.team_id for team in t["teams"] if team.service == "MASH"]
    managers = [w for w in t["workers"] if w.role == "TM" and w.team_id in mash]
    managers.sort(key=lambda w: (mash.index(w.team_id), w.sw_id))
    return [w.sw_id for w in managers]


def oversight_at(contact: Any, calendar: WorkingDayCalendar, taken: datetime) -> datetime | None:
    """When the team manager's oversight of a decided contact was recorded, if before ``taken``.

    The simulator writes no oversight; without it every synthetic decision
    would sit in the oversight queue for ever. A manager looks at a decision
    within the working day it was made, or a few working days later
    (:data:`OVERSIGHT_DELAY_WD`), and only in working hours: a decision made
    after 17:30, at a weekend or on a bank holiday is overseen the next working
    morning. So at the moment the records are taken every decision older than
    three working days has been overseen, and the queue holds mostly the day's
    and the day before's. The draw is the contact's own (seeded by its id), so
    it changes no simulated figure.
    """
    decided = contact.mash_decision_datetime
    if decided is None:
        return None
    rng = random.Random(f"oversight:{contact.contact_id}")  # noqa: S311 - simulation, not security
    delay = rng.choice(OVERSIGHT_DELAY_WD)
    day = decided.date()
    if delay == 0:
        at = max(decided, datetime.combine(day, START_OF_OVERSIGHT)) + timedelta(minutes=rng.randrange(5, 60))
        if calendar.is_working_day(day) and at <= datetime.combine(day, END_OF_WORKING_DAY):
            return at if at <= taken else None
        # Made out of hours: first thing on the next working morning.
        start, minutes = calendar.add_working_days(day, 1), rng.randrange(0, 150)
    else:
        start, minutes = calendar.add_working_days(day, delay), rng.randrange(0, 8 * 60 + 30)
    at = datetime.combine(start, START_OF_OVERSIGHT) + timedelta(minutes=minutes)
    return at if at <= taken else None


def contacts(ctx: LoadContext) -> list[Table]:
    """``journey_contact``; fills the contact ids.

    Consent "not needed" has no choice of its own in the model (obtained or
    dispensed only): it is loaded as dispensed, with that as the rationale.
    A contact of the last year gets a referrer and concerns
    (:mod:`continuum.synth.contact_words`); older ones are left without.
    """
    t, ids, stamp = ctx.tables, ctx.ids, ctx.stamp
    rows = []
    # Each decision's overseer is one of the MASH managers, by a stable hash of the contact's id.
    overseers = [ctx.worker_pk[sw_id] for sw_id in mash_managers(t)] or [None]
    taken = ctx.borough.extracted_at or datetime.combine(ctx.borough.extracted_on, END_OF_WORKING_DAY)
    recent, seed = recent_from(ctx.borough.extracted_on), ctx.borough.seed
    for c in t["contacts"]:
        words = (
            contact_words(seed, c.contact_id, c.contact_source)
            if c.contact_datetime.date() >= recent
            else NOTHING
        )
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
                *words,
                consent,
                rationale,
                c.initial_brag or "",
                c.final_brag or "",
                aware(c.mash_decision_datetime),
                MASH_OUTCOME.get(c.mash_outcome or "", ""),
                "{}",
                OVERSIGHT_NOTE if overseen else "",
                aware(overseen),
                overseers[zlib.crc32(c.contact_id.encode()) % len(overseers)] if overseen else None,
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
