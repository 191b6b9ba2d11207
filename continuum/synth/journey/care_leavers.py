"""Care leavers: leaving care at 18, the duty to 21 or 25, and contact with a personal adviser."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth.journey.draws import Table, add_years
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.model import CareLeaver, CLAEpisode, Visit

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

_ACTIV = Table(
    (
        ("F2", 30),
        ("F1", 8),
        ("P2", 4),
        ("F4", 10),
        ("P4", 4),
        ("G4", 20),
        ("G5", 6),
        ("G6", 8),
        ("F5", 6),
        ("P5", 4),
    )
)
#: OC3 ACCOM of care leavers in touch, roughly the national mix for 19-21 year olds
#: (DfE, children looked after in England, care leavers' accommodation): most in
#: independent or semi-independent living, a tenth with parents or relatives, few
#: unsuitable. No "H" (deported). Staying Put is "Z1", set from the episode's REC.
_ACCOM = Table(
    (
        ("U1", 36),
        ("U2", 2),
        ("D1", 14),
        ("D2", 1),
        ("B1", 10),
        ("B2", 2),
        ("E1", 8),
        ("C1", 3),
        ("K1", 3),
        ("T1", 3),
        ("X2", 3),
        ("S2", 2),
        ("V2", 1),
        ("W2", 1),
        ("R2", 2),
        ("G1", 1),
        ("Y1", 2),
    )
)


def care_leaver(sim: Simulation, st: ChildState, left: date, last: CLAEpisode) -> None:
    """The child becomes a care leaver on ``left``: the record, the team's work, and adviser contacts."""
    rng = st.rng
    to25 = rng.random() < 0.25
    touch = "YES" if rng.random() < 0.9 else "NO" if rng.random() < 0.7 else "REFU"
    accom = _ACCOM.draw(rng) if touch == "YES" else "0"
    if touch == "YES" and last.rec == "E17":  # stayed with their carers: Staying Put (no new draw)
        accom = "Z1"
    activ = _ACTIV.draw(rng) if touch == "YES" else "0"
    latest = left + timedelta(days=rng.randrange(0, 60))  # the cut keeps it on or before the extraction
    sim.t["care_leavers"].append(
        CareLeaver(
            la_code=sim.la,
            care_leaver_id=sim.record_id(st, "CL"),
            la_child_id=st.child.la_child_id,
            left_care_date=left,
            eligibility_category="FORMER_RELEVANT",
            duty_end_date=add_years(st.dob, 25 if to25 else 21),
            staying_put=last.rec == "E17",
            in_touch=touch,
            activ=activ,
            accom=accom,
            latest_contact_date=latest,
        )
    )
    leave_end = add_years(st.dob, 25 if to25 else 21)
    add_segment(sim, st, "LC", left, leave_end, "CLOSED")
    # Contact with a personal adviser about every 8 weeks.
    v = left + timedelta(days=rng.randrange(10, 56))
    while v < leave_end:
        if touch == "YES" or rng.random() < 0.2:
            sim.t["visits"].append(
                Visit(sim.la, sim.record_id(st, "V"), st.child.la_child_id, "CARE_LEAVER", v, True, None)
            )
        v += timedelta(days=rng.randrange(40, 70))
