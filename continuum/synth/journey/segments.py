"""Periods of work with a child for a team, from which the workforce is simulated.

:mod:`continuum.synth.workforce` turns these segments into teams, workers and
allocations once every child's journey is drawn.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from continuum.synth.journey.state import ChildState

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def add_segment(
    sim: Simulation, st: ChildState, service: str, start: date, end: date, kind: str = "TRANSFER"
) -> None:
    """Record a period of work with the child for a team (gives allocations later)."""
    if st.disabled and service in ("DAT", "IP", "CIC"):
        service = "DIS"
    if end <= start:
        return  # kept even if it starts after the extraction: merging then never depends on it
    cid = st.child.la_child_id
    if sim.segments and sim.segments[-1][0] == cid and sim.segments[-1][1] == service:
        last = sim.segments[-1]
        if last[3] >= start:
            sim.segments[-1] = (cid, service, min(last[2], start), max(last[3], end), kind)
            return
    sim.segments.append((cid, service, start, end, kind))
