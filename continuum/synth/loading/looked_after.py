"""The looked after section of the bulk load: placements, CLA episodes, CLA reviews, missing episodes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from continuum.journey.models.looked_after import PermanencePlan
from continuum.synth.loading.rows import LoadContext, Table, aware, urn, versioned

MISSING_FROM = {
    "HOME": "home",
    "PLACEMENT_IN": "placement_in_borough",
    "PLACEMENT_OUT": "placement_out_of_borough",
}


def periods_of_care(ctx: LoadContext) -> list[Table]:
    """``journey_placement`` and ``journey_claepisode``; fills the CLA episodes by day.

    A placement spans the episodes of a period of care until the placement
    changes (a new episode for a legal status change, RNE L, keeps it).
    """
    ids, stamp = ctx.ids, ctx.stamp
    by_child: dict[str, list[Any]] = defaultdict(list)
    for e in ctx.tables["cla_episodes"]:
        by_child[e.la_child_id].append(e)
    placements, episodes = [], []
    for child in sorted(by_child):
        current: list[Any] | None = None  # [pk, start, end, place, provider, urn, pl_post, in, reason]
        for e in sorted(by_child[child], key=lambda e: (e.decom, e.episode_id)):
            in_borough = e.placement_location == "IN"
            if current is None or e.rne != "L" or current[2] != e.decom:
                current = [
                    ids.take("journey_placement"),
                    e.decom,
                    e.dec,
                    e.place,
                    e.place_provider or "",
                    urn(e.urn),
                    e.pl_post or "",
                    in_borough,
                    "",
                    ctx.child_pk[child],
                ]
                placements.append(current)
            current[2] = e.dec
            current[8] = e.reason_place_change or ""
            pk = ids.take("journey_claepisode")
            ctx.cla_by_child.add(child, e.decom, e.dec, pk)
            episodes.append(
                (
                    pk,
                    ctx.child_pk[child],
                    current[0],
                    e.decom,
                    e.rne,
                    e.ls,
                    e.cin,
                    e.place,
                    e.place_provider or "",
                    e.home_post or "",
                    e.pl_post or "",
                    urn(e.urn),
                    in_borough,
                    e.reason_place_change or "",
                    e.dec,
                    e.rec or "",
                    # The simulator's LONG_TERM_FOSTERING is the case record's long_term_fostering:
                    # the work tray reads it to visit three-monthly after the placement's first year.
                    PermanencePlan[e.permanence_plan].value if e.permanence_plan else "",
                    *stamp,
                )
            )
    return [
        Table(
            "journey_placement",
            versioned(
                "start_date",
                "end_date",
                "place",
                "place_provider",
                "urn",
                "pl_post",
                "in_borough",
                "reason_place_change",
                "provider_name",
                "child_id",
            ),
            [(*p[:9], "", p[9], *stamp) for p in placements],
        ),
        Table(
            "journey_claepisode",
            versioned(
                "child_id",
                "placement_id",
                "decom",
                "rne",
                "ls",
                "cin",
                "place",
                "place_provider",
                "home_post",
                "pl_post",
                "urn",
                "in_borough",
                "reason_place_change",
                "dec",
                "rec",
                "permanence_plan",
            ),
            episodes,
            ("r.child_id", "r.decom", "'CLA episode started (synthetic load)'"),
        ),
    ]


def cla_reviews(ctx: LoadContext) -> list[Table]:
    """``journey_clareview``, each chaired by the child's IRO that day (none if not yet allocated).

    CIN reviews are simulated but not loaded: no model holds them (noted).
    """
    rows = []
    for r in ctx.tables["reviews"]:
        if r.review_type != "CLA":
            ctx.note("CIN reviews not loaded (no model holds them)")
            continue
        rows.append(
            (
                ctx.ids.take("journey_clareview"),
                ctx.child_pk[r.la_child_id],
                ctx.cla_by_child.find(r.la_child_id, r.review),
                r.review,
                r.review_code or "",
                ctx.iro_of_child.find(r.la_child_id, r.review),
                *ctx.stamp,
            )
        )
    return [
        Table(
            "journey_clareview",
            versioned("child_id", "cla_episode_id", "review", "review_code", "iro_id"),
            rows,
            ("r.child_id", "r.review", "'CLA review held (synthetic load)'"),
        )
    ]


def missing_episodes(ctx: LoadContext) -> list[Table]:
    """``journey_missingepisode``, pointing at the CLA episode open that day when missing from care."""
    rows = []
    for m in ctx.tables["missing"]:
        start = aware(datetime.combine(m.mis_start, datetime.min.time()))
        midnight = datetime.combine(m.mis_end, datetime.min.time()) if m.mis_end else None
        end = aware(m.mis_end_datetime or midnight)
        # Derived when the simulator gives no time: an interview offered is dated the day after the return.
        offered = aware(m.rhi_offered_datetime) or (
            end + timedelta(days=1) if m.rhi_offered and end is not None else None
        )
        where = MISSING_FROM[m.missing_from or "HOME"]
        rows.append(
            (
                ctx.ids.take("journey_missingepisode"),
                ctx.child_pk[m.la_child_id],
                None if where == "home" else ctx.cla_by_child.find(m.la_child_id, m.mis_start),
                m.missing,
                start,
                end,
                where,
                "",
                offered,
                m.rhi_accepted if offered is not None else None,
                *ctx.stamp,
            )
        )
    return [
        Table(
            "journey_missingepisode",
            versioned(
                "child_id",
                "cla_episode_id",
                "missing",
                "mis_start",
                "mis_end",
                "where_from",
                "reason",
                "rhi_offered_at",
                "rhi_accepted",
            ),
            rows,
            (
                "r.child_id",
                "(r.mis_start AT TIME ZONE 'Europe/London')::date",
                "'Missing episode recorded (synthetic load)'",
            ),
        )
    ]
