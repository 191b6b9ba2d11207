"""The child protection section of the bulk load: strategy discussions, s47s, conferences, CP plans.

Core groups too: the simulator writes none, so the first of each plan is derived here.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from continuum.core.working_days import WorkingDayCalendar
from continuum.journey.errors import Rule
from continuum.synth.loading.invariants import LoadRuleError
from continuum.synth.loading.rows import LoadContext, Table, versioned

#: An s47 that found no conference needed is taken to finish this long after it
#: starts (capped at the referral's closure): the simulator does not date it.
S47_LENGTH = timedelta(days=14)
#: Working days after the ICPC on which a CP plan's first core group meets (due within 10; a few late).
FIRST_CORE_GROUP_WD = (4, 5, 6, 7, 7, 8, 8, 9, 9, 10, 10, 12)
#: The agencies at a synthetic core group (the array literal COPY writes).
CORE_GROUP_AGENCIES = "{police,health,education}"


def first_core_group(plan: Any, calendar: WorkingDayCalendar, extracted_on: date) -> date | None:
    """The day a CP plan's first core group met, if it met by ``extracted_on`` and within the plan.

    The simulator writes no core groups (no figure counts them), but the work
    tray's "first core group within 10 working days of the ICPC" clock does:
    without them every open plan would show it overdue. A draw of the plan's
    own (seeded by its id), so no simulated figure moves.
    """
    rng = random.Random(f"core-group:{plan.cp_plan_id}")  # noqa: S311 - simulation, not security
    day = calendar.add_working_days(plan.cpp_start_date, rng.choice(FIRST_CORE_GROUP_WD))
    if day > extracted_on or (plan.cpp_end_date is not None and day > plan.cpp_end_date):
        return None
    return day


def enquiries(ctx: LoadContext) -> list[Table]:
    """``journey_strategydiscussion`` and ``journey_section47``; fills the s47 ids and ICPC target dates.

    The simulator does not date the end of an s47 that found no conference
    needed: it is taken to finish :data:`S47_LENGTH` after it starts, capped at
    the referral's closure and the extraction date.
    """
    t, ids, stamp, borough = ctx.tables, ctx.ids, ctx.stamp, ctx.borough
    child_pk, ref_pk = ctx.child_pk, ctx.ref_pk
    s47_pk, s47_target = ctx.s47_pk, ctx.s47_target
    strategies, s47s = [], []
    for s in t["s47"]:
        sd_pk = None
        if s.strategy_discussion_date is not None:
            sd_pk = ids.take("journey_strategydiscussion")
            strategies.append(
                (
                    sd_pk,
                    child_pk[s.la_child_id],
                    ref_pk[s.referral_id],
                    s.strategy_discussion_date,
                    "{}",
                    True,
                    *stamp,
                )
            )
        pk = s47_pk[s.s47_id] = ids.take("journey_section47")
        s47_target[s.s47_id] = s.initial_cpc_target
        if s.date_of_initial_cpc is not None:
            completed, outcome = s.date_of_initial_cpc, "substantiated_icpc"
        elif s.icpc_not_required:
            ref = ctx.referral_of[s.referral_id]
            completed = s.s47_actual_start_date + S47_LENGTH
            for cap in (ref.cin_closure_date, borough.extracted_on):
                if cap is not None and completed > cap:
                    completed = max(cap, s.s47_actual_start_date)
            outcome = "not_substantiated"
        else:  # still open at the extraction date
            completed, outcome = None, ""
        s47s.append(
            (
                pk,
                child_pk[s.la_child_id],
                ref_pk[s.referral_id],
                sd_pk,
                s.s47_actual_start_date,
                s.initial_cpc_target,
                completed,
                outcome,
                s.icpc_not_required,
                *stamp,
            )
        )
    return [
        Table(
            "journey_strategydiscussion",
            versioned("child_id", "cin_episode_id", "held_on", "agencies_present", "decision_s47"),
            strategies,
            ("r.child_id", "r.held_on", "'Strategy discussion held (synthetic load)'"),
        ),
        Table(
            "journey_section47",
            versioned(
                "child_id",
                "cin_episode_id",
                "strategy_discussion_id",
                "s47_actual_start_date",
                "initial_cpc_target",
                "completed_on",
                "outcome",
                "icpc_not_required",
            ),
            s47s,
            ("r.child_id", "r.s47_actual_start_date", "'Section 47 enquiry started (synthetic load)'"),
        ),
    ]


def conferences_and_plans(ctx: LoadContext) -> list[Table]:
    """``journey_conference``, ``journey_cpplan`` and ``journey_coregroup``; fills the CP plans by day.

    Raises :class:`LoadRuleError` for a CP plan with no initial conference that
    decided on one: it could not be pointed at its ICPC.
    """
    t, ids, stamp, borough = ctx.tables, ctx.ids, ctx.stamp, ctx.borough
    child_pk, ref_pk, s47_pk, s47_target = ctx.child_pk, ctx.ref_pk, ctx.s47_pk, ctx.s47_target
    plan_pk = {p.cp_plan_id: ids.take("journey_cpplan") for p in t["cp_plans"]}
    icpc_of_plan: dict[str, int] = {}
    out: list[Table] = []
    rows = []
    for c in t["conferences"]:
        pk = ids.take("journey_conference")
        initial = c.conference_type == "ICPC"
        if initial and c.cp_plan_id:
            icpc_of_plan[c.cp_plan_id] = pk
        outcome = (
            ("plan" if c.plan_outcome else "no_plan")
            if initial
            else ("continue_plan" if c.plan_outcome else "end_plan")
        )
        rows.append(
            (
                pk,
                child_pk[c.la_child_id],
                ref_pk[c.referral_id],
                "initial" if initial else "review",
                s47_pk.get(c.s47_id) if c.s47_id else None,
                None if initial or not c.cp_plan_id else plan_pk.get(c.cp_plan_id),
                s47_target.get(c.s47_id) if initial and c.s47_id else None,
                c.conference_date,
                outcome,
                "",
                *stamp,
            )
        )
    out.append(
        Table(
            "journey_conference",
            versioned(
                "child_id",
                "cin_episode_id",
                "kind",
                "section47_id",
                "cp_plan_id",
                "target_date",
                "conference_date",
                "outcome",
                "child_participation",
            ),
            rows,
            ("r.child_id", "r.conference_date", "'Child protection conference held (synthetic load)'"),
        )
    )
    rows = []
    for p in t["cp_plans"]:
        icpc = icpc_of_plan.get(p.cp_plan_id)
        if icpc is None:
            raise LoadRuleError(
                Rule.CP_PLAN_NEEDS_ICPC_PLAN,
                "a CP plan needs an initial conference that decided on a plan",
                [f"cp_plan {p.cp_plan_id} (child {p.la_child_id})"],
            )
        ctx.cp_by_child.add(p.la_child_id, p.cpp_start_date, p.cpp_end_date, plan_pk[p.cp_plan_id])
        rows.append(
            (
                plan_pk[p.cp_plan_id],
                child_pk[p.la_child_id],
                ref_pk[p.referral_id],
                icpc,
                p.cpp_start_date,
                p.cpp_end_date,
                p.initial_category_of_abuse,
                p.latest_category_of_abuse,
                p.number_of_previous_cpp,
                *stamp,
            )
        )
    out.append(
        Table(
            "journey_cpplan",
            versioned(
                "child_id",
                "cin_episode_id",
                "icpc_id",
                "cpp_start_date",
                "cpp_end_date",
                "initial_category_of_abuse",
                "latest_category_of_abuse",
                "number_of_previous_cpp",
            ),
            rows,
            ("r.child_id", "r.cpp_start_date", "'Child protection plan started (synthetic load)'"),
        )
    )
    rows = []
    for p in t["cp_plans"]:
        meeting = first_core_group(p, ctx.calendar, borough.extracted_on)
        if meeting is not None:
            pk = ids.take("journey_coregroup")
            rows.append(
                (pk, child_pk[p.la_child_id], plan_pk[p.cp_plan_id], meeting, CORE_GROUP_AGENCIES, *stamp)
            )
    out.append(
        Table(
            "journey_coregroup",
            versioned("child_id", "cp_plan_id", "meeting_date", "agencies_present"),
            rows,
            ("r.child_id", "r.meeting_date", "'Core group meeting held (synthetic load)'"),
        )
    )
    return out
