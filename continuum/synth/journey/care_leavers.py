"""Care leavers: leaving care at 18, the duty to 21 or 25, and contact with a personal adviser."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth.journey.draws import Table, add_years
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.model import CareLeaver, CareLeaverContact, CLAEpisode, Visit

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


def _split(table: Table, keep: Callable[[str], bool]) -> Table:
    """The values of ``table`` that ``keep`` accepts, with their weights (for a conditional draw)."""
    weights = [b - a for a, b in zip([0.0, *table.cum], table.cum, strict=False)]
    return Table([(v, w) for v, w in zip(table.values, weights, strict=True) if keep(v)])


_EET = _split(_ACTIV, lambda v: v[0] in "FP")
_NEET = _split(_ACTIV, lambda v: v[0] not in "FP")
_SUITABLE = _split(_ACCOM, lambda v: v.endswith("1"))
_UNSUITABLE = _split(_ACCOM, lambda v: v.endswith("2"))

#: The birthdays the SSDA903 OC3 return asks about for 19-21 year olds (issue 15 point 2).
OC3_AGES = (19, 20, 21)
#: Chances at each birthday, set so a borough's figures sit near England's for care leavers
#: aged 19-21 (DfE, Children looked after in England: in touch about 90%, in suitable
#: accommodation about 88% and in education, employment or training about 55% of all of them):
#: in touch; suitable accommodation and EET among those in touch (not in touch is neither).
P_IN_TOUCH = 0.93
P_SUITABLE_IF_IN_TOUCH = 0.95
P_EET_IF_IN_TOUCH = 0.60


def _status_at_birthday(rng: random.Random, staying_put: bool, age: int) -> tuple[str, str, str]:
    """One birthday's IN_TOUCH, ACTIV and ACCOM: a fresh draw, as the adviser finds them then."""
    if rng.random() >= P_IN_TOUCH:
        return ("NO" if rng.random() < 0.7 else "REFU"), "0", "0"
    activ = (_EET if rng.random() < P_EET_IF_IN_TOUCH else _NEET).draw(rng)
    if staying_put and age < 21 and rng.random() < 0.5:
        return "YES", activ, "Z1"  # still Staying Put with their former foster carers
    accom = (_SUITABLE if rng.random() < P_SUITABLE_IF_IN_TOUCH else _UNSUITABLE).draw(rng)
    return "YES", activ, accom


def care_leaver_contacts(
    care_leavers: list[CareLeaver], birth_dates: dict[str, date | None], end: date, seed_base: str
) -> list[CareLeaverContact]:
    """Each care leaver's dated contacts: the status at leaving, then one around each 19th-21st birthday.

    Why: the DfE's figures for care leavers aged 19-21 are the status around each birthday
    (SSDA903 OC3), so a borough that held only the status set at leaving would report on
    statuses years old. Each birthday's contact falls inside the default window (80 days
    before to 25 days after), on or before the extraction day ``end``, within the duty.

    Drawn after the cut from a stream of its own per care leaver (``seed_base`` and the
    record's id), so no other table's draws move, and a borough cut earlier holds the same
    contacts up to its day. The care leaver's latest status becomes the latest contact's,
    as a record read back from the database has it.
    """
    out: list[CareLeaverContact] = []
    for c in care_leavers:
        mine: list[CareLeaverContact] = []
        if c.latest_contact_date is not None:
            mine.append(
                CareLeaverContact(
                    c.la_code, c.care_leaver_id, c.la_child_id, c.care_leaver_id, c.latest_contact_date,
                    c.in_touch, c.activ, c.accom, c.staying_put,
                )
            )  # fmt: skip
        dob = birth_dates.get(c.la_child_id)
        if dob is not None:
            rng = random.Random(f"{seed_base}:oc3:{c.care_leaver_id}")  # noqa: S311 - simulation, not security
            for age in OC3_AGES:
                when = add_years(dob, age) + timedelta(days=rng.randrange(-80, 26))
                in_touch, activ, accom = _status_at_birthday(rng, c.staying_put, age)
                duty_over = c.duty_end_date is not None and when > c.duty_end_date + timedelta(days=31)
                if when <= c.left_care_date or when > end or duty_over:
                    continue
                mine.append(
                    CareLeaverContact(
                        c.la_code, f"{c.care_leaver_id}-B{age}", c.la_child_id, c.care_leaver_id, when,
                        in_touch, activ, accom, accom == "Z1",
                    )
                )  # fmt: skip
        out.extend(mine)
    apply_latest_status(care_leavers, out)
    return out


def apply_latest_status(care_leavers: list[CareLeaver], contacts: list[CareLeaverContact]) -> None:
    """Set each care leaver's latest status (and its date) to their latest dated contact's.

    The record read back from the database has it so (the extract takes the latest
    contact); a care leaver with no contact keeps what they have. A borough cut to an
    earlier day applies it again to the contacts up to that day.
    """
    latest: dict[str, CareLeaverContact] = {}
    for k in contacts:
        held = latest.get(k.care_leaver_id)
        if held is None or (k.contact_date, k.contact_id) > (held.contact_date, held.contact_id):
            latest[k.care_leaver_id] = k
    for c in care_leavers:
        k = latest.get(c.care_leaver_id)
        if k is not None:
            c.latest_contact_date, c.in_touch, c.activ, c.accom = k.contact_date, k.in_touch, k.activ, k.accom
