"""The visits section of the bulk load: CIN, CP, CLA and care leaver visits, each in its plan or episode."""

from __future__ import annotations

from continuum.synth.loading.repairs import REPAIR_SEEN_ALONE_NOT_SEEN, REPAIR_WORKER_NOT_IN_POST
from continuum.synth.loading.rows import LoadContext, Table, open_on, versioned

VISIT_KIND = {"CP": "cp", "CIN": "cin", "CLA": "cla", "CARE_LEAVER": "care_leaver"}
#: Derived text where the model needs a reason the simulator does not write.
NOT_SEEN_ALONE_REASON = "Parent or carer stayed in the room (synthetic record)."


def visits(ctx: LoadContext) -> list[Table]:
    """``journey_visit``, each pointing at the referral, CP plan or CLA episode open that day.

    A visitor not in post that day, or "seen alone" for a child not seen, is repaired and noted.
    """
    rows = []
    for v in ctx.tables["visits"]:
        kind = VISIT_KIND[v.visit_type]
        seen_alone = v.seen_alone
        visitor = ctx.worker_pk.get(v.sw_id) if v.sw_id else None
        if visitor is not None and not open_on(*ctx.post[v.sw_id], v.visit_date):
            visitor = None
            ctx.note(REPAIR_WORKER_NOT_IN_POST)
        if not v.seen and seen_alone is not None:
            # Safety net: the model's rule is that "seen alone" needs "seen", so it
            # is cleared: a child who was not seen was not seen alone either.
            seen_alone = None
            ctx.note(REPAIR_SEEN_ALONE_NOT_SEEN)
        rows.append(
            (
                ctx.ids.take("journey_visit"),
                ctx.child_pk[v.la_child_id],
                kind,
                v.visit_date,
                visitor,
                v.seen,
                seen_alone,
                NOT_SEEN_ALONE_REASON if seen_alone is False else "",
                ctx.ref_by_child.find(v.la_child_id, v.visit_date) if kind == "cin" else None,
                ctx.cp_by_child.find(v.la_child_id, v.visit_date) if kind == "cp" else None,
                ctx.cla_by_child.find(v.la_child_id, v.visit_date) if kind == "cla" else None,
                *ctx.stamp,
            )
        )
    return [
        Table(
            "journey_visit",
            versioned(
                "child_id",
                "kind",
                "visit_date",
                "worker_id",
                "seen",
                "seen_alone",
                "not_seen_alone_reason",
                "cin_episode_id",
                "cp_plan_id",
                "cla_episode_id",
            ),
            rows,
            ("r.child_id", "r.visit_date", "'Visit recorded (synthetic load)'"),
        )
    ]
