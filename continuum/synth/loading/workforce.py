"""The workforce section of the bulk load: teams and workers, the IROs in a team of their own."""

from __future__ import annotations

from continuum.synth.iro import TEAM_NAME as IRO_TEAM_NAME
from continuum.synth.loading.rows import LoadContext, Table, versioned

SERVICE_TEAM_TYPE = {
    "MASH": "mash",
    "DAT": "duty_assessment",
    "IP": "intervention_planning",
    "CIC": "children_in_care",
    "LC": "leaving_care",
    "DIS": "disability_0_25",
}
WORKER_ROLE = {"SW": "social_worker", "PA": "personal_adviser", "TM": "team_manager"}


def split_name(name: str) -> tuple[str, str]:
    """A simulated worker's one name as (first, last); a single word is both."""
    first, _, last = name.partition(" ")
    return first, last or first


def workforce(ctx: LoadContext) -> list[Table]:
    """``people_team`` and ``people_worker``; fills the team and worker ids and each worker's post.

    The independent reviewing officers are not simulated (:mod:`continuum.synth.iro`
    plans them), so they are added here, in a team of their own.
    """
    t, ids, stamp, iro = ctx.tables, ctx.ids, ctx.stamp, ctx.iro
    rows = []
    for team in t["teams"]:
        pk = ctx.team_pk[team.team_id] = ids.take("people_team")
        rows.append((pk, team.team_name, SERVICE_TEAM_TYPE[team.service], True, *stamp))
    ctx.iro_team = ids.take("people_team") if iro.workers else None
    if ctx.iro_team is not None:
        rows.append((ctx.iro_team, IRO_TEAM_NAME, "iro_cp_chairs", True, *stamp))
    teams = Table("people_team", versioned("name", "team_type", "is_active"), rows)
    rows = []
    for w in t["workers"]:
        pk = ctx.worker_pk[w.sw_id] = ids.take("people_worker")
        ctx.worker_role[w.sw_id] = w.role
        ctx.post[w.sw_id] = (w.start_date, w.end_date)
        first, last = split_name(w.worker_name)
        rows.append(
            (
                pk,
                w.sw_id,
                first,
                last,
                WORKER_ROLE[w.role],
                ctx.team_pk[w.team_id],
                w.agency,
                w.start_date,
                w.end_date,
                *stamp,
            )
        )
    for officer in iro.workers:
        pk = ctx.worker_pk[officer.sw_id] = ids.take("people_worker")
        name = (officer.first_name, officer.last_name)
        rows.append((pk, officer.sw_id, *name, "iro", ctx.iro_team, False, officer.start_date, None, *stamp))
    workers = Table(
        "people_worker",
        versioned(
            "sw_id", "first_name", "last_name", "role", "team_id", "is_agency", "start_date", "leave_date"
        ),
        rows,
    )
    return [teams, workers]
