"""Single assessments: the factors found, and the one-at-a-time rule of an episode."""

from __future__ import annotations

from collections.abc import Iterable
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
#: Factors the generator gives only to children aged ADOLESCENT_FACTOR_AGE or over at assessment:
#: the child's own alcohol or drug misuse (1A, 2A), going missing (10A), sexual and criminal
#: exploitation (11A, 24A), trafficking (12A), gangs (13A), socially unacceptable behaviour (14A),
#: self-harm (15A) and abuse by another child (18B physical, 19B sexual; CIN census 2024-25 on).
ADOLESCENT_FACTORS = frozenset({"1A", "2A", "10A", "11A", "12A", "13A", "14A", "15A", "18B", "19B", "24A"})
ADOLESCENT_FACTOR_AGE = 10
#: A younger child's physical or sexual abuse is recorded as abuse by an adult (18C, 19C), not by
#: another child (18B, 19B): the same finding, in the code that fits a four-year-old.
_BY_AN_ADULT = {"18B": "18C", "19B": "19C"}
#: What a younger child's assessment finds when every factor drawn was an adolescent's.
YOUNGER_CHILDS_FALLBACK = "3B"


def factors_for_age(factors: Iterable[str], age: float | None) -> tuple[str, ...]:
    """``factors`` as an assessment of a child of ``age`` (years; None unborn) would record them.

    Why: a toddler is not assessed as at risk from gangs, exploitation or another child's sexual
    abuse; the demo read so. Abuse by another child becomes abuse by an adult, the other
    adolescents' factors are dropped, and if nothing is left the assessment finds domestic abuse
    (3B). No random draw, so whoever calls it keeps its random stream (and every count) as it was.
    """
    drawn = tuple(factors)
    if age is not None and age >= ADOLESCENT_FACTOR_AGE:
        return drawn
    younger = (_BY_AN_ADULT.get(f, f) for f in drawn)
    kept = tuple(dict.fromkeys(f for f in younger if f not in ADOLESCENT_FACTORS))
    return kept or (YOUNGER_CHILDS_FALLBACK,)


def add_assessment(
    sim: Simulation, st: ChildState, ref: Referral, start: date, auth: date, need: str
) -> None:
    """Record a single assessment in ``ref`` from ``start`` to ``auth``, with factors typical of ``need``."""
    rng = st.rng
    pool = _FACTORS_BY_NEED.get(need, ("3B",))
    n = min(len(pool), 1 + int(rng.random() * 3))
    factors = factors_for_age(rng.sample(pool, n), st.age_on(start))
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
