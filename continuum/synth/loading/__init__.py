"""The bulk load's builders, one per section of the borough, and its invariants.

:func:`build` maps every simulated record to rows of the models' tables, a
section at a time, in load order: the workforce, the children and who holds
their cases, the front door, referrals and assessments, child protection,
CIN plans, periods of care and CLA reviews, visits, missing episodes, care
leavers, then early help and health (:mod:`continuum.synth.health_and_early_help`)
and adoption and the yearly outcomes (:mod:`continuum.synth.adoption`). Each
section reads the ids the earlier ones handed out through one
:class:`~continuum.synth.loading.rows.LoadContext`. Writing the rows, and
checking them against :mod:`continuum.synth.loading.invariants` before
commit, is :mod:`continuum.synth.load`'s job.
"""

from __future__ import annotations

from datetime import datetime

from continuum.synth.adoption import load_tables as adoption_load_tables
from continuum.synth.health_and_early_help import case_record_tables
from continuum.synth.iro import plan_iros
from continuum.synth.loading.care_leavers import care_leavers
from continuum.synth.loading.child_protection import conferences_and_plans, enquiries
from continuum.synth.loading.children import allocations, children
from continuum.synth.loading.front_door import contacts
from continuum.synth.loading.looked_after import cla_reviews, missing_episodes, periods_of_care
from continuum.synth.loading.referrals import cin_plans, referrals
from continuum.synth.loading.rows import Ids, LoadContext, Table
from continuum.synth.loading.visits import visits
from continuum.synth.loading.workforce import workforce
from continuum.synth.model import Borough

__all__ = ["build"]

#: The sections, in load order (a section may read the ids of any before it).
SECTIONS = (
    workforce,
    children,
    allocations,
    contacts,
    referrals,
    enquiries,
    conferences_and_plans,
    cin_plans,
    periods_of_care,
    cla_reviews,
    visits,
    missing_episodes,
    care_leavers,
)


def build(borough: Borough, ids: Ids, now: datetime) -> tuple[list[Table], dict[str, int]]:
    """Map every simulated record to rows of the models' tables; also return what was repaired or left out."""
    ctx = LoadContext(borough=borough, ids=ids, stamp=(1, now, now), iro=plan_iros(borough))
    out: list[Table] = []
    for section in SECTIONS:
        out.extend(section(ctx))
    cla_on = ctx.cla_by_child.find
    out.extend(case_record_tables(borough, ids, ctx.stamp, ctx.child_pk, ctx.contact_pk, ctx.ref_pk, cla_on))
    out.extend(
        Table(name, columns, rows)
        for name, columns, rows in adoption_load_tables(borough, ids.take, ctx.child_pk, cla_on, ctx.stamp)
    )
    return out, ctx.skipped
