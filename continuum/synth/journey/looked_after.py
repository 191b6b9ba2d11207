"""A period of care: its pathway, legal statuses, episodes, reviews and visits.

The pathway (home, adoption, SGO or CAO, remand, UASC, or care to 18) and its
end are drawn first; the placements (:mod:`continuum.synth.journey.placements`)
and legal status changes then cut the period into SSDA903 episodes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from continuum.synth import names
from continuum.synth.journey.care_leavers import care_leaver
from continuum.synth.journey.draws import DAY, Table, add_years, lognormal, poisson
from continuum.synth.journey.missing import missing_run
from continuum.synth.journey.placements import first_place, next_place
from continuum.synth.journey.segments import add_segment
from continuum.synth.journey.state import ChildState
from continuum.synth.model import CLAEpisode, Referral, Review, Visit

if TYPE_CHECKING:
    from continuum.synth.simulate import Simulation

_PLACE_CHANGE = Table(
    (
        ("CARPL", 40),
        ("CREQB", 14),
        ("CREQO", 10),
        ("CHILD", 9),
        ("LAREQ", 8),
        ("STAND", 4),
        ("ALLEG", 2),
        ("CLOSE", 3),
        ("APPRR", 1),
        ("OTHER", 9),
    )
)
_AT_18 = Table((("E5", 47), ("E6", 14), ("E17", 28), ("E7", 4), ("E9", 2), ("E8", 13)))
_REVIEW_CODE = Table((("PN1", 60), ("PN2", 8), ("PN3", 8), ("PN4", 8), ("PN5", 6), ("PN6", 5), ("PN7", 5)))


def period_of_care(
    sim: Simulation, st: ChildState, ref: Referral, start: date, route: str, need: str
) -> tuple[str, date, str]:
    """A period of care; returns (next phase, when, reason for closing the CIN episode)."""
    p, rng = sim.p, st.rng
    start = max(start, st.dob)
    if st.care_until is not None and start <= st.care_until:
        # Still looked after: a second period of care cannot begin until the first has ended.
        start = st.care_until + DAY
    eighteen = st.eighteen
    if start >= eighteen:
        return "CLOSE", eighteen - DAY, "RC7"
    age = st.age_on(start)
    st.cla_periods += 1
    cin_code = need if need in ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8") else "N1"
    # Pathway: how the period will end, and when.
    if route == "UASC":
        if rng.random() < p.uasc_age_disputed:
            pathway, end = "E15", start + timedelta(days=rng.randrange(20, 120))
        else:
            pathway, end = "18", eighteen
        ls = "V2"
    elif route == "REMAND":
        pathway, end, ls = "E14", start + timedelta(days=int(lognormal(rng, 50, 0.7)) + 1), "J1"
    else:
        r = rng.random()
        if age < 2:
            pathway = (
                "E11"
                if r < 0.40
                else "E45"
                if r < 0.55
                else "E46"
                if r < 0.72
                else "HOME"
                if r < 0.94
                else "18"
            )
        elif age < 10:
            pathway = (
                "E11"
                if r < 0.05
                else "E45"
                if r < 0.2
                else "E46"
                if r < 0.38
                else "HOME"
                if r < 0.85
                else "18"
            )
        elif age < 15:
            pathway = "HOME" if r < 0.70 else "18"
        else:
            pathway = "HOME" if r < 0.60 else "18"
        if pathway == "HOME":
            end = start + timedelta(
                days=max(3, int(lognormal(rng, p.return_home_median_days, p.return_home_sigma)))
            )
        elif pathway == "E11":
            end = start + timedelta(days=int(rng.uniform(450, 900)))
        elif pathway in ("E45", "E46"):
            end = start + timedelta(days=int(rng.uniform(300, 800)))
        else:
            end = eighteen
        if route == "CP":
            ls = "C1" if rng.random() < 0.75 else "V2"
        elif route == "EMERGENCY":
            ls = "L1" if rng.random() < 0.25 else "C1" if rng.random() < 0.3 else "V2"
        else:
            ls = "V2" if rng.random() < 0.7 else "C1"
        if ls == "V2" and pathway in ("E11", "E45", "E46"):
            ls = "C1"
    end = min(end, eighteen)
    # Legal status changes planned in advance (same placement unless it moves).
    ls_changes: list[tuple[date, str]] = []
    if ls == "L1":
        nxt = start + timedelta(days=rng.randrange(1, 4))
        ls_changes.append((nxt, "C1" if pathway != "HOME" or rng.random() < 0.4 else "V2"))
    first_c1 = ls == "C1" or any(c == "C1" for _, c in ls_changes)
    if first_c1:
        when = start + timedelta(days=rng.randrange(180, 320))
        if when < end:
            ls_changes.append((when, "E1" if pathway == "E11" else "C2"))
    adoption_place_at = None
    if pathway == "E11":
        adoption_place_at = end - timedelta(days=rng.randrange(120, 280))
        # The placement order comes before, or with, the placement for adoption (rule 408).
        e1 = min([w for w, c in ls_changes if c == "E1"] + [adoption_place_at])
        ls_changes = sorted([(w, c) for w, c in ls_changes if c != "E1"] + [(e1, "E1")])
    # Reviews: within 20 working days of entering care, then 3 months, then 6-monthly.
    review = sim.wd(start, rng.randrange(12, 21))
    k = 0
    while review < end:
        code = "PN0" if st.age_on(review) < 4 else _REVIEW_CODE.draw(rng)
        sim.t["reviews"].append(
            Review(sim.la, sim.record_id(st, "RV"), st.child.la_child_id, "CLA", review, code)
        )
        k += 1
        review += timedelta(days=rng.randrange(80, 92) if k == 1 else rng.randrange(160, 183))
    # Placements and episodes.
    period_id = None
    place = first_place(sim, st, age, route, pathway)
    ep_start, rne = start, "S"
    first_placement = True
    long_term_placement = False  # the placement goes on, planned as long-term fostering
    emergency = rng.random() < p.emergency_first_placement and route != "REMAND"
    while True:
        mean = p.first_placement_mean_days if first_placement else p.placement_mean_days
        if place[0] in ("K", "Z", "R", "S"):
            mean *= 0.6
        if st.age_on(ep_start) >= 13:
            mean *= 0.8
        stay = rng.expovariate(1.0 / mean)
        if first_placement and emergency:
            stay = rng.uniform(3, 45)
        move_at = ep_start + timedelta(days=max(1, int(stay)))
        if adoption_place_at and ep_start < adoption_place_at <= move_at:
            move_at = adoption_place_at
        if adoption_place_at and ep_start >= adoption_place_at:
            move_at = end  # placed for adoption: no more moves before the order (rule 390)
        if pathway == "HOME" and place[0] == "P1":
            move_at = end  # placed with parents: stays until going home (rule 435)
        # Placed with parents before going home, unless accommodated under s20 now or
        # later in the period (rule 378).
        s20 = ls == "V2" or any(c == "V2" for _, c in ls_changes)
        if pathway == "HOME" and rng.random() < 0.15 and not s20 and end - timedelta(days=60) > ep_start:
            move_at = min(move_at, end - timedelta(days=rng.randrange(30, 60)))
        change_at, new_ls = ls_changes[0] if ls_changes else (None, None)
        nxt_at = min(d for d in (move_at, change_at, end) if d is not None)
        episode = CLAEpisode(
            la_code=sim.la,
            episode_id=sim.record_id(st, "E"),
            la_child_id=st.child.la_child_id,
            period_of_care_id="",
            decom=ep_start,
            rne=rne,
            ls=ls,
            cin=cin_code,
            place=place[0],
            place_provider=place[1],
            home_post=st.child.home_post,
            pl_post=place[2],
            urn=place[3],
            placement_location=place[4],
        )
        period_id = period_id or episode.episode_id
        episode.period_of_care_id = period_id
        sim.t["cla_episodes"].append(episode)
        if long_term_placement:
            _plan_long_term_fostering(episode)  # a change of legal status alone keeps the plan
        _episode_extras(sim, st, episode, nxt_at, new_placement=rne in ("S", "P", "T", "B"))
        if nxt_at >= end:
            episode.dec = end
            episode.rec = _rec_at_end(sim, st, pathway, place[0])
            break
        episode.dec = nxt_at
        episode.rec = "X1"
        moving = nxt_at == move_at
        ls_changing = change_at is not None and nxt_at == change_at
        if ls_changing:
            ls = new_ls or ls
            ls_changes.pop(0)
        if moving:
            episode.reason_place_change = (
                "CARPL"
                if adoption_place_at == nxt_at or (pathway == "HOME" and nxt_at > end - timedelta(days=61))
                else _PLACE_CHANGE.draw(rng)
            )
            if adoption_place_at == nxt_at:
                place = (
                    # A5 (current foster carers) only with the placement order (rule 217)
                    "A6" if rng.random() < 0.8 or not ls_changing else "A5",
                    "PR1" if rng.random() < 0.6 else "PR5",
                    names.postcode(rng, 0) if rng.random() < 0.3 else names.out_of_area_postcode(rng),
                    None,
                    "IN" if rng.random() < 0.3 else "OUT",
                )
                if place[4] == "IN":
                    place = (*place[:2], names.postcode(rng, rng.randrange(9)), None, "IN")
            elif pathway == "HOME" and not s20 and nxt_at > end - timedelta(days=61):
                place = ("P1", "PR0", st.child.home_post, None, "IN")
            else:
                place = next_place(sim, st, st.age_on(nxt_at), route, pathway, place)
            rne = "T" if ls_changing else "P"
        else:
            rne = "L"
        long_term_placement = rne == "L" and bool(episode.long_term)
        first_placement = False
        ep_start = nxt_at
    st.record_ends = episode.rec in ("E11", "E12", "E15")
    st.care_until = end
    reason = {"E11": "RC1", "E45": "RC4", "E46": "RC4", "E14": "RC7", "E15": "RC7"}.get(pathway, "RC7")
    if end >= eighteen:
        # A care leaver is a former relevant child: looked after 13 weeks (91 days) from
        # 14, ending after 16 (SSDA903 rule 1001).
        # The period's own work first: a team's work is trimmed at the child's next piece of
        # work (workforce._trimmed_segments), which for the period is leaving care.
        add_segment(sim, st, "CIC", start, end)
        if (end - max(start, add_years(st.dob, 14))).days >= 91:
            care_leaver(sim, st, end, episode)
        return "CLOSE", eighteen - DAY, "RC6" if st.disabled else "RC7"
    if pathway == "18" and end < eighteen:
        reason = "RC7"
    service = "LC" if st.uasc and age >= 16 else "CIC"
    add_segment(sim, st, service, start, end)
    if pathway == "HOME" and rng.random() < 0.6:
        return "CIN", end, ""
    if pathway == "HOME":
        reason = "RC7"
    return "CLOSE", end, reason


def _rec_at_end(sim: Simulation, st: ChildState, pathway: str, place: str) -> str:
    """How the period of care ends (SSDA903 REC), by its pathway."""
    rng = st.rng
    if pathway == "18":
        rec = _AT_18.draw(rng)
        if rec == "E17" and place[0] != "U":
            rec = "E8" if st.rng.random() < 0.4 else "E5"
        if rec == "E7" and not st.disabled:
            rec = "E5"
        return rec
    if pathway in ("E45", "E46", "E11", "E14", "E15"):
        return pathway
    return "E4A" if rng.random() < 0.75 else "E13" if rng.random() < 0.6 else "E4B"


#: Foster placements (SSDA903 PLACE U1-U6): the ones the synthetic borough plans as long-term.
LONG_TERM_FOSTER_PLACES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})


def _plan_long_term_fostering(ep: CLAEpisode) -> None:
    """Record on the episode that its placement is long-term fostering, intended to last until 18."""
    ep.long_term = True
    ep.permanence_plan = "LONG_TERM_FOSTERING"


def _episode_extras(
    sim: Simulation, st: ChildState, ep: CLAEpisode, until: date, *, new_placement: bool
) -> None:
    """Visits, reviews and missing episodes during one CLA episode."""
    rng, p = st.rng, sim.p
    start = ep.decom
    cid = st.child.la_child_id
    # Visits: within a week of each placement, then every 6 weeks; every 3 months after a
    # year only in a placement intended to last until 18 (reg 28(2)(c)). The work tray knows
    # that from the permanence plan alone, so a foster placement that has lasted a year is
    # taken as long-term fostering and its plan recorded (decided from the place, with no
    # draw, so the random stream stays as it was for every child in foster care). Any other
    # placement is visited six-weekly however long it lasts. The year is counted as the tray
    # counts it: 12 calendar months from the episode's start (a legal status change alone
    # starts the count again here, so such a placement is visited more often, never less).
    v = (
        start + timedelta(days=rng.randrange(1, 8))
        if new_placement
        else start + timedelta(days=rng.randrange(20, 42))
    )
    first_year_ends = add_years(start, 1)
    while v < until:
        seen = rng.random() < 0.97
        alone = rng.random() < 0.8 if st.age_on(v) >= 5 else None
        # A child who was not seen was not seen alone either (the draw is still
        # made, so the random stream and every later figure stay as they were).
        sim.t["visits"].append(
            Visit(sim.la, sim.record_id(st, "V"), cid, "CLA", v, seen, alone if seen else None)
        )
        if v >= first_year_ends and st.age_on(v) >= 1 and ep.place in LONG_TERM_FOSTER_PLACES:
            _plan_long_term_fostering(ep)
        gap = 90 if ep.long_term and v >= first_year_ends and st.age_on(v) >= 1 else 42
        v += timedelta(days=max(7, int(rng.gauss(gap * 0.9, gap * 0.1))))
    # Missing and absent episodes, for children aged 11 and over.
    if st.age_on(start) < 10.5 or ep.place == "P1":
        return
    span = (until - start).days
    if span <= 0:
        return
    factor = 2.2 if ep.place in ("K2", "Z1") else 1.0
    prone = rng.random() < min(
        0.9,
        p.missing_prone_cla * factor * min(1.0, span / 365.25) * (1.4 if st.age_on(start) >= 14 else 0.6),
    )
    if not prone:
        return
    n = 1 + poisson(rng, p.missing_episodes_per_year * min(1.0, span / 365.25))
    where = "PLACEMENT_OUT" if ep.placement_location == "OUT" else "PLACEMENT_IN"
    missing_run(sim, st, start, until, n, where)
