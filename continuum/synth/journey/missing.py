"""Missing and absent episodes, from a placement or from home."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth.journey.draws import poisson
from continuum.synth.journey.state import ChildState
from continuum.synth.model import MissingEpisode

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def missing_run(sim: Simulation, st: ChildState, start: date, until: date, n: int, where: str) -> None:
    """Up to ``n`` missing or absent episodes between ``start`` and ``until``, never overlapping."""
    rng, p = st.rng, sim.p
    days = sorted(rng.randrange(0, max(1, (until - start).days)) for _ in range(n))
    kind_bias = rng.random()
    last_end: date | None = None
    for k in days:
        s = start + timedelta(days=k)
        kind = "A" if rng.random() < p.absent_share * (0.5 + kind_bias) else "M"
        e = s + timedelta(days=0 if rng.random() < 0.55 else rng.randrange(1, 4))
        offered = rng.random() < 0.88
        accepted = offered and rng.random() < 0.6
        # Periods never overlap (SSDA903 rule 574), and a child away from a placement is
        # back before it ends (rules 575, 580).
        if (last_end is not None and s <= last_end) or (where != "HOME" and e >= until):
            continue
        last_end = e
        sim.t["missing"].append(
            MissingEpisode(
                sim.la,
                sim.record_id(st, "MS"),
                st.child.la_child_id,
                kind,
                s,
                e,
                where,
                offered,
                accepted,
            )
        )


def missing_from_home(sim: Simulation, st: ChildState, start: date, end: date) -> None:
    """Missing episodes from home during a CIN plan, for some children aged 12 and over."""
    rng, p = st.rng, sim.p
    if st.age_on(start) < 12:
        return
    span = (end - start).days
    if span > 0 and rng.random() < p.missing_prone_home * max(1.0, span / 365.25) * (
        1.5 if st.risk == 2 else 1.0
    ):
        missing_run(sim, st, start, end, 1 + poisson(rng, 1.0), "HOME")
