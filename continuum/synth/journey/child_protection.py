"""Child protection: s47 enquiries, conferences and CP plans."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth.journey.draws import DAY, lognormal
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.journey.visits import plan_visits
from continuum.synth.model import S47, Conference, CPPlan, Referral

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def s47(sim: Simulation, st: ChildState, ref: Referral, strat: date) -> date | None:
    """A s47 enquiry; returns the ICPC date if a plan was made there."""
    p, rng = sim.p, st.rng
    target = sim.wd(strat, 15)
    s47 = S47(
        la_code=sim.la,
        s47_id=sim.record_id(st, "S"),
        referral_id=ref.referral_id,
        la_child_id=st.child.la_child_id,
        strategy_discussion_date=strat,
        s47_actual_start_date=strat,
        initial_cpc_target=target,
    )
    sim.t["s47"].append(s47)
    sim.note_work(ref, strat)
    chance = p.icpc_after_s47 * (1.2 if st.cp_plans else 1.0)
    if rng.random() >= min(chance, 0.95):
        s47.icpc_not_required = True
        return None
    held = sim.wd(strat, max(3, int(lognormal(rng, p.icpc_median_wd, p.icpc_sigma))))
    if held >= st.eighteen:
        s47.icpc_not_required = True
        return None
    s47.icpc_not_required = False
    s47.date_of_initial_cpc = held
    sim.note_work(ref, held)
    plan = rng.random() < p.plan_after_icpc
    _conference(sim, st, ref, "ICPC", held, plan_outcome=plan, s47_id=s47.s47_id)
    return held if plan else None


def cp_plan(sim: Simulation, st: ChildState, ref: Referral, icpc: date) -> tuple[str, date]:
    """A CP plan from the ICPC with its review conferences; returns the next phase and when."""
    p, rng = sim.p, st.rng
    category = sim.categories.draw(rng)
    plan = CPPlan(
        la_code=sim.la,
        cp_plan_id=sim.record_id(st, "CP"),
        referral_id=ref.referral_id,
        la_child_id=st.child.la_child_id,
        cpp_start_date=icpc,
        cpp_end_date=None,
        initial_category_of_abuse=category,
        latest_category_of_abuse=category,
        number_of_previous_cpp=st.cp_plans,
    )
    sim.t["cp_plans"].append(plan)
    st.cp_plans += 1
    conf = sim.t["conferences"][-1]
    if conf.conference_type == "ICPC" and conf.la_child_id == st.child.la_child_id:
        conf.cp_plan_id = plan.cp_plan_id
    to_cla = rng.random() < p.cp_to_cla
    length = lognormal(rng, p.cp_median_days, p.cp_sigma)
    if to_cla:
        length *= rng.uniform(0.2, 0.9)
    wanted_end = icpc + timedelta(days=int(length))
    # Review conferences: within 3 months of the ICPC, then every 6 months.
    # The plan ends at the first review on or after the wanted end (or at
    # care entry, which does not wait for a conference).
    review = icpc + timedelta(days=rng.randrange(80, 92))
    end = None
    while end is None:
        if to_cla and review >= wanted_end:
            end = max(wanted_end, icpc + DAY)
            break
        ends_here = review >= wanted_end
        if review >= st.eighteen:
            end = st.eighteen - DAY
            break
        if rng.random() < 0.04:
            plan.latest_category_of_abuse = rng.choice(("NEG", "EMO", "PHY"))
        _conference(sim, st, ref, "RCPC", review, plan_outcome=not ends_here, cp_plan_id=plan.cp_plan_id)
        if ends_here:
            end = review
            break
        review = review + timedelta(days=rng.randrange(150, 183))
    plan.cpp_end_date = end
    sim.note_work(ref, icpc, end, *(c.conference_date for c in sim.t["conferences"][-1:]))
    add_segment(sim, st, "IP", icpc, end)
    plan_visits(sim, st, "CP", icpc, end, every_wd=10)
    if to_cla and end < st.eighteen - DAY and end >= st.dob:
        return "CLA", end
    if rng.random() < p.cp_risk_improves:
        st.risk = 1
    if rng.random() < p.cp_step_down:
        return "CIN", end
    return "CLOSE", sim.wd(end, rng.randrange(1, 10))


def _conference(
    sim: Simulation, st: ChildState, ref: Referral, kind: str, held: date, **links: object
) -> None:
    """Record an initial (ICPC) or review (RCPC) conference; ``links`` name its enquiry or plan
    and its outcome. No random draw, so the stream is untouched."""
    sim.t["conferences"].append(
        Conference(
            la_code=sim.la,
            conference_id=sim.record_id(st, "CF"),
            referral_id=ref.referral_id,
            la_child_id=st.child.la_child_id,
            conference_type=kind,
            conference_date=held,
            **links,  # type: ignore[arg-type]
        )
    )
