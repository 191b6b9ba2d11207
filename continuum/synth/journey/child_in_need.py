"""Child in need plans: their visits, reviews, re-assessments, and escalation to a s47."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth.journey.assessment import add_assessment
from continuum.synth.journey.child_protection import s47
from continuum.synth.journey.draws import DAY, lognormal, poisson
from continuum.synth.journey.missing import missing_from_home
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.journey.visits import plan_visits
from continuum.synth.model import CINPlan, Referral, Review

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def cin_plan(sim: Simulation, st: ChildState, ref: Referral, start: date) -> tuple[str, date]:
    """A CIN plan from ``start``; returns the next phase (CP, CLA or CLOSE) and when it begins."""
    p, rng = sim.p, st.rng
    length = max(20, int(lognormal(rng, p.cin_plan_median_days, p.cin_plan_sigma)))
    end = min(start + timedelta(days=length), st.eighteen - DAY)
    nxt, nxt_at = "CLOSE", end
    escalate = rng.random() < p.s47_in_cin_plan * (p.s47_previous_plan if st.cp_plans else 1.0)
    if escalate:
        strat = start + timedelta(days=rng.randrange(10, max(11, (end - start).days)))
        if strat < end:
            icpc = s47(sim, st, ref, strat)
            if icpc is not None and icpc < st.eighteen:
                end, nxt, nxt_at = icpc, "CP", icpc
    elif rng.random() < p.cin_to_cla and end >= st.dob:
        nxt = "CLA"
    plan = CINPlan(
        la_code=sim.la,
        cin_plan_id=sim.record_id(st, "CN"),
        referral_id=ref.referral_id,
        la_child_id=st.child.la_child_id,
        cin_plan_start_date=start,
        cin_plan_end_date=max(end, start + DAY),
    )
    end = plan.cin_plan_end_date
    sim.note_work(ref, start, end)
    sim.t["cin_plans"].append(plan)
    add_segment(sim, st, "IP", start, end)
    plan_visits(sim, st, "CIN", start, end, every_wd=20)
    # CIN reviews every 3 months; re-assessment if the plan runs on.
    review = start + timedelta(days=rng.randrange(80, 95))
    while review < end:
        sim.t["reviews"].append(
            Review(sim.la, sim.record_id(st, "RV"), st.child.la_child_id, "CIN", review, None)
        )
        review += timedelta(days=rng.randrange(85, 95))
    years = (end - start).days / 365.25
    n_reassess = poisson(rng, p.reassessment_per_cin_year * years)
    drawn = []
    for _ in range(n_reassess):
        a_start = start + timedelta(days=rng.randrange(0, max(1, (end - start).days)))
        drawn.append((a_start, max(3, int(lognormal(rng, p.assessment_median_wd, p.assessment_sigma)))))
    for a_start, dur in sorted(drawn):
        # One assessment at a time in an episode (CIN rule 8896): a re-assessment starts after
        # the last one was authorised, or not at all within the plan.
        a_start = max(a_start, sim.assessed_to.get(ref.referral_id, a_start - DAY) + DAY)
        if a_start < end:
            add_assessment(sim, st, ref, a_start, sim.wd(a_start, dur), ref.primary_need_code or "N9")
    if nxt == "CLOSE":
        missing_from_home(sim, st, start, end)
        return "CLOSE", end
    return nxt, nxt_at
