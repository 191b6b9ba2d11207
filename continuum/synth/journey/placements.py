"""Placements: the first and each next placement of a period of care, and where it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from continuum.synth import names
from continuum.synth.journey.state import ChildState

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation


def _place(
    sim: Simulation, st: ChildState, code: str, out_share: float
) -> tuple[str, str, str, str | None, str]:
    """A placement of type ``code``: provider, postcode, URN and whether out of the borough."""
    rng = st.rng
    out = rng.random() < out_share
    postcode = names.out_of_area_postcode(rng) if out else names.postcode(rng, rng.randrange(9))
    if code.startswith("U"):
        provider = "PR1" if rng.random() < 0.6 else "PR4" if rng.random() < 0.85 else "PR5"
    elif code == "P1":
        provider = "PR0"
    elif code == "R5":
        provider = "PR3"
    else:
        provider = "PR4" if rng.random() < 0.7 else "PR1" if rng.random() < 0.6 else "PR5"
    urn = None
    if code in ("K1", "K2", "S1"):
        # Ofsted's format, SC and six digits (SSDA903 rule 1008; the model holds 8
        # characters): two digits for the borough, four for the home, drawn from the
        # child's stream (not counted across the borough, so no other child moves it).
        urn = f"SC{int(sim.la) % 100:02d}{rng.randrange(1, 10_000):04d}"
    return (code, provider, postcode, urn, "OUT" if out else "IN")


def first_place(sim: Simulation, st: ChildState, age: float, route: str, pathway: str) -> tuple:
    """The first placement of a period of care, by route, age and pathway."""
    rng, p = st.rng, sim.p
    if route == "REMAND":
        return _place(sim, st, "U6" if rng.random() < 0.5 else "K2", p.out_of_borough_other)
    if route == "UASC":
        code = "Z1" if age >= 16 and rng.random() < 0.6 else "U6" if rng.random() < 0.8 else "K2"
    elif age < 11:
        code = "U3" if rng.random() < 0.25 or (pathway in ("E45", "E46") and rng.random() < 0.5) else "U6"
    elif age < 16:
        code = "U6" if rng.random() < 0.62 else "K2" if rng.random() < 0.7 else "U3"
    else:
        code = "U6" if rng.random() < 0.45 else "Z1" if rng.random() < 0.55 else "K2"
    return _place(sim, st, code, p.out_of_borough_foster if code.startswith("U") else p.out_of_borough_other)


def next_place(
    sim: Simulation, st: ChildState, age: float, route: str, pathway: str, current: tuple
) -> tuple:
    """The placement a child moves to from ``current``."""
    rng, p = st.rng, sim.p
    if pathway in ("E45", "E46"):
        code = "U3" if pathway == "E46" else "U4"
    elif age < 11:
        code = "U4" if rng.random() < 0.5 else "U6"
    elif age < 16:
        code = (
            "U4"
            if rng.random() < 0.35
            else "U6"
            if rng.random() < 0.5
            else "K2"
            if rng.random() < 0.8
            else "S1"
        )
    else:
        code = "Z1" if rng.random() < 0.45 else "U6" if rng.random() < 0.5 else "K2"
    if st.uasc and age >= 16:
        code = "Z1"
    if code == "Z1" == current[0]:
        code = "U6"  # a move from one "other" placement to another shows no change (rule 435)
    return _place(sim, st, code, p.out_of_borough_foster if code.startswith("U") else p.out_of_borough_other)
