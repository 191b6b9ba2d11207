"""Arrivals, and each contact at the front door with its MASH decision.

New children arrive as a Poisson process whose daily rate has day-of-week,
bank-holiday and seasonal effects; each child is drawn (age, sex, ethnicity,
disability, ward, UPN) on a random stream of its own and its journey followed
to the end: contact after contact, each decided by the MASH, a referral
opening a CIN episode (:mod:`continuum.synth.journey.referral`).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from continuum.synth import names
from continuum.synth.journey.draws import DAY, Table, lognormal, poisson, reception
from continuum.synth.journey.referral import episode
from continuum.synth.journey.state import ChildState
from continuum.synth.model import Child, Contact
from continuum.synth.upn import make_upn

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

# Ethnicity of children known to social care: a London mix in which minority
# ethnic children are about 55-60% (seed 001 L621: 52% of children, 61% of
# CIN, 60% of CLA; L1441: largest groups Indian and Black African; seed 002
# L80-86: CLA White 48%, Mixed 17%, Black 18%, Asian 4%, Other 13%).
_ETHNICITY = Table(
    (
        ("WBRI", 30),
        ("WIRI", 1),
        ("WIRT", 0.5),
        ("WOTH", 13),
        ("WROM", 1),
        ("MWBC", 4),
        ("MWBA", 2),
        ("MWAS", 2),
        ("MOTH", 5),
        ("AIND", 4),
        ("APKN", 2),
        ("ABAN", 1),
        ("AOTH", 4),
        ("BCRB", 3),
        ("BAFR", 11),
        ("BOTH", 3),
        ("CHNE", 0.5),
        ("OOTH", 11),
        ("REFU", 1),
        ("NOBT", 1),
    )
)
_UASC_ETHNICITY = Table((("AOTH", 35), ("BAFR", 30), ("OOTH", 22), ("WOTH", 10), ("BOTH", 3)))
_DISABILITY = Table(
    (
        ("LD", 20),
        ("AUT", 25),
        ("COMM", 12),
        ("BEH", 10),
        ("MOB", 6),
        ("HAND", 5),
        ("PC", 5),
        ("CON", 6),
        ("INC", 3),
        ("HEAR", 4),
        ("VIS", 4),
    )
)

_SOURCES_YOUNG = Table(
    (
        ("1A", 5),
        ("1B", 3),
        ("1D", 2),
        ("2A", 2),
        ("3A", 6),
        ("3B", 12),
        ("3D", 4),
        ("3E", 5),
        ("3F", 5),
        ("4", 4),
        ("5A", 4),
        ("5B", 4),
        ("5C", 2),
        ("5D", 2),
        ("6", 30),
        ("7", 2),
        ("8", 5),
        ("9", 3),
    )
)
_SOURCES_SCHOOL_AGE = Table(
    (
        ("1A", 5),
        ("1B", 2),
        ("1C", 1),
        ("1D", 2),
        ("2A", 26),
        ("2B", 3),
        ("3A", 3),
        ("3C", 2),
        ("3D", 2),
        ("3E", 3),
        ("3F", 3),
        ("4", 3),
        ("5A", 4),
        ("5B", 3),
        ("5C", 2),
        ("5D", 3),
        ("6", 27),
        ("7", 2),
        ("8", 3),
        ("9", 1),
    )
)
_SOURCES_UASC = Table((("6", 40), ("5C", 30), ("8", 25), ("1D", 5)))

# Contacts: day-of-week and month effects on arrivals. Police notifications come
# at weekends too; everyone else mostly on working days (seed 003 L455-458).
_DOW_WEIGHT = (1.16, 1.12, 1.08, 1.06, 1.00, 0.22, 0.18)
_MONTH_WEIGHT = (1.00, 1.03, 1.05, 0.93, 1.03, 1.06, 1.03, 0.78, 1.00, 1.08, 1.08, 0.88)


def arrive(sim: Simulation) -> None:
    """Every child who comes to notice from the warm-up's start to the extraction, in order."""
    p = sim.p
    arrival_rng = random.Random(f"{sim.seed_base}:arrivals")  # noqa: S311 - simulation, not security
    month_norm = sum(_MONTH_WEIGHT) / 12
    dow_norm = sum(_DOW_WEIGHT) / 7
    index = 0
    d = sim.start
    while d <= sim.end:
        weight = _DOW_WEIGHT[d.weekday()] / dow_norm
        if d.weekday() < 5 and not sim.cal.is_working_day(d):
            weight = _DOW_WEIGHT[5] / dow_norm  # bank holiday: like a Saturday
        weight *= _MONTH_WEIGHT[d.month - 1] / month_norm
        n_new = poisson(arrival_rng, p.new_children_per_year / 365.25 * weight)
        n_uasc = poisson(arrival_rng, p.uasc_per_year / 365.25)
        for kind, count in (("general", n_new), ("uasc", n_uasc)):
            for _ in range(count):
                index += 1
                _child(sim, index, d, kind)
        d += DAY


def _contact_time(sim: Simulation, rng: random.Random, d: date) -> datetime:
    """When a contact comes in: mostly working hours on a working day, any time otherwise."""
    if sim.cal.is_working_day(d):
        minutes = int(min(max(rng.gauss(12.5 * 60, 150), 7 * 60), 19 * 60))
    else:
        minutes = rng.randrange(0, 24 * 60)
    return datetime.combine(d, time(minutes // 60, minutes % 60))


def _child(sim: Simulation, index: int, first: date, kind: str) -> None:
    """Draw the ``index``th child to come to notice, on ``first``, and follow its journey."""
    rng = random.Random(f"{sim.seed_base}:{index}")  # noqa: S311 - simulation, not security
    p = sim.p
    uasc = kind == "uasc"
    unborn = not uasc and rng.random() < p.unborn_share
    if uasc:
        age_years = rng.choice((14.5, 15.2, 15.8, 16.2, 16.5, 16.8, 17.1, 17.4))
        dob = first - timedelta(days=int(age_years * 365.25 + rng.randrange(-90, 90)))
        sex = "M" if rng.random() < 0.92 else "F"
        risk = 2
    elif unborn:
        dob = first + timedelta(days=rng.randrange(30, 190))
        sex = "M" if rng.random() < 0.51 else "F"
        risk = 1 if rng.random() < 0.5 else 2
    else:
        r = rng.random()
        if r < 0.30:
            age = rng.uniform(0, 5)
        elif r < 0.56:
            age = rng.uniform(5, 10)
        elif r < 0.88:
            age = rng.uniform(10, 16)
        else:
            age = rng.uniform(16, 17.9)
        dob = first - timedelta(days=int(age * 365.25))
        sex = "M" if rng.random() < 0.51 else "F"
        x = rng.random()
        risk = 0 if x < p.risk_mix[0] else 1 if x < p.risk_mix[0] + p.risk_mix[1] else 2
    disabled = not uasc and rng.random() < 0.07
    disabilities: tuple[str, ...] = ("NONE",)
    if disabled:
        n = 1 if rng.random() < 0.6 else 2
        codes: list[str] = []
        while len(codes) < n:
            c = _DISABILITY.draw(rng)
            if c not in codes:
                codes.append(c)
        disabilities = tuple(codes)
    ward = sim.ward_weights.draw(rng)
    child = Child(
        la_code=sim.la,
        la_child_id=f"{sim.key}{index:07d}",
        sex=sex,
        ethnicity=(_UASC_ETHNICITY if uasc else _ETHNICITY).draw(rng),
        disabilities=disabilities,
        person_birth_date=dob,
        expected_person_birth_date=dob - timedelta(days=rng.randrange(-10, 10)) if unborn else None,
        uasc=uasc,
        ward=ward,
        home_post=names.postcode(rng, sim.ward_index[ward]),
        in_deprived_area=ward in sim.deprived_wards,
        # The child's stream moves on as the invented names once drew it (figures unchanged).
        address_line=names.street_address(names.draw_as_invented_names(rng, sex)),
    )
    # Names have a stream of their own, so changing how they are drawn changes no figure.
    child.forename, child.surname = names.person_name(
        random.Random(f"{sim.seed_base}:{index}:names"),  # noqa: S311 - simulation, not security
        sex,
        child.ethnicity,
    )
    # A UPN is allocated when the child starts school (the September after
    # turning 4); UASC get one if they join a school here. The number is drawn
    # now even if school starts after the extraction day, and withheld until
    # then by the cut (:func:`cut_tables`), so the extraction day draws nothing.
    if uasc:
        if rng.random() < 0.5:
            child.upn = _upn(sim, rng, first.year, secondary=True)
        else:
            # UN2: never attended school in England (UN4, "not yet obtained", is wrong for a
            # child looked after over a week: SSDA903 rule 210).
            child.upn_unknown = "UN2"
    else:
        child.upn = _upn(sim, rng, reception(dob).year, secondary=False)
    st = ChildState(
        child=child, rng=rng, dob=dob, risk=risk, uasc=uasc, disabled=disabled and rng.random() < 0.6
    )
    sim.t["children"].append(child)
    _journey(sim, st, first)


def _upn(sim: Simulation, rng: random.Random, year: int, *, secondary: bool) -> str:
    """A UPN from a school of the borough, numbered in order within the school and year."""
    establishment = (4000 if secondary else 2000) + rng.randrange(1, 60)
    key = (establishment, year % 100)
    serial = sim.upn_serials.get(key, 0) + 1
    if serial > 999:  # school full for that year: use another one
        return _upn(sim, rng, year, secondary=secondary)
    sim.upn_serials[key] = serial
    return make_upn(sim.la, establishment, year, serial)


def _journey(sim: Simulation, st: ChildState, first: date) -> None:
    """The child's contacts, one after another, until 18, the extraction or the record's end."""
    p, rng = sim.p, st.rng
    d = first
    first_contact = True
    while d <= sim.end and d < st.eighteen and not st.record_ends:
        _contact(sim, st, d, first_contact)
        first_contact = False
        if rng.random() >= p.recontact[st.risk]:
            break
        gap = max(1, int(lognormal(rng, p.recontact_median_days[st.risk], p.recontact_sigma)))
        base = d
        if st.open_until and st.open_until > d and rng.random() < 0.75:
            base = st.open_until
        d = base + timedelta(days=gap)
        if not sim.cal.is_working_day(d) and rng.random() < 0.8:
            d = sim.wd(d, 1)


def _contact(sim: Simulation, st: ChildState, d: date, first: bool) -> None:
    """One contact and its MASH decision; a referral opens a CIN episode."""
    p, rng = sim.p, st.rng
    received = _contact_time(sim, rng, d)
    if st.uasc and first:
        source = _SOURCES_UASC.draw(rng)
    elif st.age_on(d) < 5:
        source = _SOURCES_YOUNG.draw(rng)
    else:
        source = _SOURCES_SCHOOL_AGE.draw(rng)
    k = 0 if rng.random() < 0.62 else 1 if rng.random() < 0.97 else 2
    decided_day = sim.wd(d, k) if k else d
    decided = datetime.combine(decided_day, time(rng.randrange(9, 18), rng.randrange(0, 60)))
    if decided <= received:
        decided = received + timedelta(minutes=rng.randrange(30, 240))
    # A decision due after the extraction is drawn all the same (so the extraction day changes
    # no draw); the cut withholds it, and the referral behind it, until it is made.
    contact = Contact(
        la_code=sim.la,
        contact_id=sim.record_id(st, "CT"),
        la_child_id=st.child.la_child_id,
        contact_datetime=received,
        contact_source=source,
        consent="OBTAINED" if rng.random() < 0.72 else "DISPENSED" if rng.random() < 0.7 else "NOT_NEEDED",
        mash_decision_datetime=decided,
    )
    sim.t["contacts"].append(contact)
    if st.open_until and d < st.open_until:
        contact.mash_outcome = "EXISTING"
        contact.initial_brag = "A" if rng.random() < 0.6 else "G"
        contact.final_brag = contact.initial_brag
        return
    chance = p.referral[st.risk] * (p.referral_history if st.referrals else 1.0)
    if st.uasc and first:
        chance = 1.0
    if rng.random() < chance:
        contact.mash_outcome = "REFERRAL"
        contact.initial_brag = "R" if rng.random() < 0.4 else "A"
        contact.final_brag = "R" if contact.initial_brag == "R" or rng.random() < 0.1 else "A"
        st.open_until = episode(sim, st, contact, d, source)
    else:
        r = rng.random()
        contact.mash_outcome = "NFA" if r < 0.42 else "ADVICE" if r < 0.66 else "EARLY_HELP"
        contact.initial_brag = "B" if contact.mash_outcome != "EARLY_HELP" else "G"
        if rng.random() < 0.08:
            contact.initial_brag = "A"
        contact.final_brag = "B" if contact.mash_outcome != "EARLY_HELP" else "G"
