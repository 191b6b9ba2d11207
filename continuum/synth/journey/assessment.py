"""Single assessments: the factors found, and the one-at-a-time rule of an episode."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from continuum.synth.journey.state import ChildState
from continuum.synth.model import Assessment, Referral

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

_FACTORS_BY_NEED = {
    # FactorsIdentifiedAtAssessment codes (CIN census 2025-26 list) typical of each need.
    "N1": ("3B", "4B", "2B", "1B", "16A", "17A", "18B", "19B"),
    "N2": ("5A", "6A"),
    "N3": ("4B", "5B", "6B"),
    "N4": ("3B", "4B", "2B"),
    "N5": ("3A", "3B", "1B", "17A"),
    "N6": ("14A", "15A", "10A", "11A", "13A", "24A"),
    "N7": ("4B",),
    "N8": ("9A",),
    "N9": ("3B",),
}
#: Factors the generator gives only to children aged ADOLESCENT_FACTOR_AGE or over at assessment.
ADOLESCENT_FACTORS = frozenset({"10A", "11A", "12A", "13A", "14A", "15A", "24A"})
ADOLESCENT_FACTOR_AGE = 10


def add_assessment(
    sim: Simulation, st: ChildState, ref: Referral, start: date, auth: date, need: str
) -> None:
    """Record a single assessment in ``ref`` from ``start`` to ``auth``, with factors typical of ``need``."""
    rng = st.rng
    pool = _FACTORS_BY_NEED.get(need, ("3B",))
    n = min(len(pool), 1 + int(rng.random() * 3))
    factors = tuple(rng.sample(pool, n))
    if st.age_on(start) < ADOLESCENT_FACTOR_AGE:
        # Going missing, exploitation, gangs and self-harm are adolescents' factors; a younger
        # child's assessment finds domestic abuse instead. No random draw, so the streams
        # (and every other figure) are unchanged.
        factors = tuple(f for f in factors if f not in ADOLESCENT_FACTORS) or ("3B",)
    sim.note_work(ref, start, max(auth, start))
    sim.assessed_to[ref.referral_id] = max(auth, start, sim.assessed_to.get(ref.referral_id, start))
    sim.t["assessments"].append(
        Assessment(
            la_code=sim.la,
            assessment_id=sim.record_id(st, "AS"),
            referral_id=ref.referral_id,
            la_child_id=st.child.la_child_id,
            assessment_actual_start_date=start,
            assessment_authorisation_date=max(auth, start),
            assessment_factors=factors,
            child_seen=rng.random() < 0.96,
            requires_support=None,
        )
    )
