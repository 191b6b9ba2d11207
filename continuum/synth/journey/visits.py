"""Statutory visits during a CP or CIN plan, every so many working days."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from continuum.synth.journey.state import ChildState
from continuum.synth.model import Visit

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def plan_visits(sim: Simulation, st: ChildState, kind: str, start: date, end: date, *, every_wd: int) -> None:
    """Statutory visits during a CP or CIN plan, about every ``every_wd`` working days."""
    rng = st.rng
    cid = st.child.la_child_id
    v = sim.wd(start, rng.randrange(1, every_wd))
    born = st.dob
    while v < end:
        on_time = rng.random() < 0.9
        seen = rng.random() < 0.95
        alone = (rng.random() < 0.75) if v >= born and st.age_on(v) >= 4 else None
        # Not seen, so not seen alone (the draw is kept: same random stream).
        sim.t["visits"].append(
            Visit(sim.la, sim.record_id(st, "V"), cid, kind, v, seen, alone if seen else None)
        )
        v = sim.wd(
            v, rng.randrange(every_wd - 4, every_wd + 1) if on_time else every_wd + rng.randrange(1, 6)
        )
