"""A CIN episode from referral to closure, and the route through its plan phases.

The referral's single assessment is drawn first; then the child goes into
care at once, into a s47 enquiry, onto a CIN plan, or the episode closes.
The plan phases (CP, CIN, looked after) follow one another until the episode
closes, which is never before the last work in it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.synth.journey.assessment import add_assessment
from continuum.synth.journey.child_in_need import cin_plan
from continuum.synth.journey.child_protection import cp_plan, s47
from continuum.synth.journey.draws import DAY, Table, lognormal
from continuum.synth.journey.looked_after import period_of_care
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.model import Contact, Referral

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

_NEED = Table(
    (("N1", 52), ("N2", 6), ("N3", 4), ("N4", 12), ("N5", 15), ("N6", 4), ("N7", 1), ("N8", 3), ("N9", 3))
)
#: Closing a referral after a CP or CIN plan (DfE ReasonForClosure; never RC8/RC9,
#: which are for closure after assessment with no further action).
_CLOSE_AFTER_PLAN = Table((("RC7", 90), ("RC5", 6), ("RC3", 4)))


def episode(sim: Simulation, st: ChildState, contact: Contact, ref_date: date, source: str) -> date:
    """Simulate one CIN episode from referral to closure; return the closure date.

    The referral is dated the day of the contact, but no work in it starts
    before the MASH decision: work on the decision day if it came in working
    hours, else from the next day. So a decision still due at the extraction
    has nothing behind it but the referral, which the cut withholds.
    """
    p, rng = sim.p, st.rng
    decided = contact.mash_decision_datetime or datetime.combine(ref_date, time())
    work_from = decided.date() + (DAY if decided.time() > END_OF_WORKING_DAY else timedelta(0))
    if st.uasc:
        need = "N8" if rng.random() < 0.85 else "N4"
    elif st.disabled and rng.random() < 0.8:
        need = "N2"
    else:
        need = _NEED.draw(rng)
        if need == "N2" and not st.disabled:
            need = "N1"
    ref = Referral(
        la_code=sim.la,
        referral_id=sim.record_id(st, "R"),
        la_child_id=st.child.la_child_id,
        cin_referral_date=ref_date,
        referral_source=source,
        primary_need_code=need,
        contact_id=contact.contact_id,
    )
    contact.referral_id = ref.referral_id
    sim.t["referrals"].append(ref)
    st.referrals.append(ref_date)
    eighteen = st.eighteen
    if not st.uasc and rng.random() < p.referral_nfa:
        ref.referral_nfa = True
        ref.primary_need_code = None if rng.random() < 0.5 else need
        close = max(sim.wd(ref_date, rng.randrange(0, 4)), work_from)
        return close_episode(sim, st, ref, close, "RC8")

    # Single assessment, from the referral date.
    dur = max(3, int(lognormal(rng, p.assessment_median_wd, p.assessment_sigma)))
    assessed_from = max(sim.wd(ref_date, rng.choice((0, 0, 1, 1, 2))), work_from)
    auth = max(sim.wd(ref_date, dur), assessed_from)
    add_assessment(sim, st, ref, assessed_from, auth, need)
    add_segment(sim, st, "DAT", assessed_from, auth)

    # Route out of the front door.
    born = st.child.expected_person_birth_date is None or ref_date >= st.dob
    if st.uasc:
        cla_start = max(sim.wd(ref_date, rng.choice((0, 0, 1))), work_from)
        return _phases(sim, st, ref, "CLA", cla_start, route="UASC", need=need)
    if rng.random() < p.cla_at_referral[st.risk]:
        cla_start = max(sim.wd(ref_date, rng.choice((0, 1, 2, 3))), st.dob, work_from)
        route = "REMAND" if st.age_on(ref_date) >= 10 and rng.random() < p.remand_share else "EMERGENCY"
        return _phases(sim, st, ref, "CLA", cla_start, route=route, need=need)
    s47_chance = p.s47_at_referral[st.risk] * (p.s47_previous_plan if st.cp_plans else 1.0)
    if not born:
        s47_chance *= 1.3
    if rng.random() < s47_chance:
        strat = max(sim.wd(ref_date, rng.choice((0, 0, 1, 1, 2, 3))), work_from)
        icpc = s47(sim, st, ref, strat)
        if icpc is not None:
            return _phases(sim, st, ref, "CP", icpc, need=need)
        if rng.random() < 0.55:
            return _phases(sim, st, ref, "CIN", max(auth, strat + DAY), need=need)
        # Not RC8/RC9: those mean "closed after assessment, no further action" and a
        # referral that held an s47 cannot carry them (CIN rule 2990). Concerns not
        # substantiated and no service needed: RC7, services ceased.
        return close_episode(sim, st, ref, max(auth, sim.wd(strat, 10)), "RC7")
    r = rng.random()
    o = p.assessment_outcome
    if r < o[0]:
        return close_episode(sim, st, ref, sim.wd(auth, rng.randrange(0, 6)), "RC8")
    if r < o[0] + o[1]:
        return close_episode(sim, st, ref, sim.wd(auth, rng.randrange(0, 6)), "RC9")
    return _phases(sim, st, ref, "CIN", min(auth, eighteen - DAY), need=need)


def _phases(
    sim: Simulation, st: ChildState, ref: Referral, phase: str, start: date, *, need: str, route: str = ""
) -> date:
    """Run the plan phases of an episode (CP, CIN, CLA) until it closes."""
    rng = st.rng
    eighteen = st.eighteen
    while True:
        if start >= eighteen:
            return close_episode(sim, st, ref, eighteen - DAY, "RC6" if st.disabled else "RC7")
        if phase == "CP":
            phase, start = cp_plan(sim, st, ref, start)
        elif phase == "CIN":
            phase, start = cin_plan(sim, st, ref, start)
        elif phase == "CLA":
            phase, start, reason = period_of_care(sim, st, ref, start, route or "CP", need)
            route = ""
            if phase == "CLOSE":
                return close_episode(sim, st, ref, start, reason)
        else:
            # After a CP or CIN plan the closure is never RC8/RC9 (CIN rule 2990):
            # mostly services ceased (RC7), some moved away (RC5) or settled by a
            # child arrangements order (RC3).
            return close_episode(sim, st, ref, start, _CLOSE_AFTER_PLAN.draw(rng))


def close_episode(sim: Simulation, st: ChildState, ref: Referral, when: date, reason: str) -> date:
    """Close ``ref`` on ``when``, or on the day of its last work if that is later.

    Why the guard: work is timed from its own start (an assessment may be
    authorised, a conference held, after a short period of care ended), and a
    referral closes only when everything in it is finished (CIN rules 8565, 8867).
    """
    when = max(when, sim.last_work.get(ref.referral_id, when))
    ref.cin_closure_date = when
    ref.reason_for_closure = reason
    return when
