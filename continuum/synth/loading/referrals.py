"""The referrals section of the bulk load: CIN episodes, assessments and CIN plans."""

from __future__ import annotations

from continuum.journey.services._base import RC_AFTER_ASSESSMENT
from continuum.synth.loading.repairs import (
    REPAIR_CLOSED_BEFORE_WORK,
    REPAIR_RC8_RC9_WITH_S47,
    latest_work,
    statutory_referrals,
)
from continuum.synth.loading.rows import LoadContext, Table, array, versioned


def referrals(ctx: LoadContext) -> list[Table]:
    """``journey_cinepisode`` and ``journey_assessment``; fills the referral ids and the referrals by day."""
    t, ids, stamp = ctx.tables, ctx.ids, ctx.stamp
    rows = []
    statutory = statutory_referrals(t)
    latest = latest_work(t)
    for r in t["referrals"]:
        closure, reason = r.cin_closure_date, r.reason_for_closure
        # Safety nets for two slips the services would refuse (the simulator no
        # longer makes them: repairs_needed() is zero for the tested borough; any
        # repair is noted in the output): a referral holding an s47 or a conference
        # closed as "after assessment" (RC8/RC9) becomes RC7, services ceased; a
        # closure dated before work recorded in the referral moves to that day.
        if closure is not None and reason in RC_AFTER_ASSESSMENT and r.referral_id in statutory:
            reason = "RC7"
            ctx.note(REPAIR_RC8_RC9_WITH_S47)
        if closure is not None and r.referral_id in latest and latest[r.referral_id] > closure:
            closure = latest[r.referral_id]
            ctx.note(REPAIR_CLOSED_BEFORE_WORK)
        pk = ctx.ref_pk[r.referral_id] = ids.take("journey_cinepisode")
        ctx.referral_of[r.referral_id] = r
        ctx.ref_by_child.add(r.la_child_id, r.cin_referral_date, closure, pk)
        rows.append(
            (
                pk,
                ctx.child_pk[r.la_child_id],
                ctx.contact_pk.get(r.contact_id) if r.contact_id else None,
                r.cin_referral_date,
                r.referral_source,
                r.primary_need_code or "",
                r.referral_nfa,
                closure,
                reason or "",
                *stamp,
            )
        )
    episodes = Table(
        "journey_cinepisode",
        versioned(
            "child_id",
            "contact_id",
            "cin_referral_date",
            "referral_source",
            "primary_need_code",
            "referral_nfa",
            "cin_closure_date",
            "reason_for_closure",
        ),
        rows,
        ("r.child_id", "r.cin_referral_date", "'Referral opened (synthetic load)'"),
    )
    rows = []
    for a in t["assessments"]:
        # Derived: "requires support" has no field; the outcome carries it
        # (nfa = no support needed, other = support of some kind).
        outcome = "" if a.requires_support is None else ("other" if a.requires_support else "nfa")
        rows.append(
            (
                ids.take("journey_assessment"),
                ctx.child_pk[a.la_child_id],
                ctx.ref_pk[a.referral_id],
                a.assessment_actual_start_date,
                a.assessment_authorisation_date,
                array(a.assessment_factors),
                a.child_seen,
                outcome,
                *stamp,
            )
        )
    assessments = Table(
        "journey_assessment",
        versioned(
            "child_id",
            "cin_episode_id",
            "assessment_actual_start_date",
            "assessment_authorisation_date",
            "assessment_factors",
            "child_seen",
            "outcome",
        ),
        rows,
        ("r.child_id", "r.assessment_actual_start_date", "'Assessment started (synthetic load)'"),
    )
    return [episodes, assessments]


def cin_plans(ctx: LoadContext) -> list[Table]:
    """``journey_cinplan``."""
    rows = [
        (
            ctx.ids.take("journey_cinplan"),
            ctx.child_pk[p.la_child_id],
            ctx.ref_pk[p.referral_id],
            p.cin_plan_start_date,
            p.cin_plan_end_date,
            *ctx.stamp,
        )
        for p in ctx.tables["cin_plans"]
    ]
    return [
        Table(
            "journey_cinplan",
            versioned("child_id", "cin_episode_id", "cin_plan_start_date", "cin_plan_end_date"),
            rows,
            ("r.child_id", "r.cin_plan_start_date", "'Child in need plan started (synthetic load)'"),
        )
    ]
