"""Adoption, previous permanence, yearly outcomes and motherhood for the synthetic borough.

Why derived from the episodes afterwards: the simulator already decides who is
placed for adoption (PLACE A5/A6), under a placement order (LS E1) and adopted
(REC E11); these records must agree with those episodes the way the SSDA903
rules expect (a decision before the order and the placement, a match before
the placement, an order on the day the child ceased care, an OC2 row for each
child looked after 12 months at 31 March, MOTHER for girls of 11 and over).
Deriving them from the finished episodes keeps that true whatever the
simulator's parameters are. Everything here draws from its own random stream,
so adding these records does not change any other table.

:func:`add_looked_after_records` fills the borough's tables;
:func:`load_tables` maps them to rows of the ``looked_after`` models (and
``journey_sdq``) for :mod:`continuum.synth.load`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from continuum.looked_after.fields import HOUSEHOLD_FIELDS, OUTCOME_FLAGS, PLAN_FIELDS

if TYPE_CHECKING:
    from continuum.synth.model import Borough, CLAEpisode

__all__ = [
    "ADOPTION_RECORD_TYPES",
    "Adopter",
    "AdoptionPlan",
    "CLAOutcome",
    "Motherhood",
    "PrevPerm",
    "add_looked_after_records",
    "load_tables",
]

_ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
_RESPITE = frozenset({"V3", "V4"})
#: Other authorities that made earlier orders: real DfE LA numbers (Camden, Brent, Enfield,
#: Haringey, Harrow, Hertfordshire), five of them besides the borough's own.
_OTHER_LAS = ("202", "304", "308", "309", "310", "919")


@dataclass(slots=True)
class AdoptionPlan:
    la_code: str
    adoption_id: str
    la_child_id: str
    date_should_be_placed: date
    date_placement_order: date | None = None
    date_ffa_placed: date | None = None
    date_match: date | None = None
    date_placed: date | None = None
    date_adoption_order: date | None = None
    date_placed_ceased: date | None = None
    reason_placed_ceased: str | None = None
    foster_care: bool | None = None
    nb_adoptr: int | None = None
    sex_adoptr: str | None = None
    ls_adoptr: str | None = None
    family_id: str | None = None


@dataclass(slots=True)
class PrevPerm:
    la_code: str
    prev_perm_id: str
    la_child_id: str
    period_started: date
    prev_perm: str
    la_perm: str | None = None
    date_perm: date | None = None


@dataclass(slots=True)
class CLAOutcome:
    la_code: str
    outcome_id: str
    la_child_id: str
    year_ending: date
    sdq_score: int | None = None
    sdq_reason: str | None = None
    convicted: bool | None = None
    health_check: bool | None = None
    immunisations: bool | None = None
    teeth_check: bool | None = None
    health_assessment: bool | None = None
    substance_misuse: bool | None = None
    intervention_received: bool | None = None
    intervention_offered: bool | None = None


@dataclass(slots=True)
class Motherhood:
    la_code: str
    motherhood_id: str
    la_child_id: str
    recorded_on: date
    mother: bool
    mc_dob: date | None = None


@dataclass(slots=True)
class Adopter:
    la_code: str
    adopter_id: str
    family_id: str
    sex: str
    ethnicity: str
    disability: bool | None
    fostering_for_adoption: bool
    enquiry_date: date
    stage1_start: date | None = None
    stage1_end: date | None = None
    stage2_start: date | None = None
    stage2_end: date | None = None
    application_date: date | None = None
    approval_date: date | None = None
    left_date: date | None = None
    left_reason: str | None = None


#: Analytical table name -> record class (added to :data:`continuum.synth.model.RECORD_TYPES`).
ADOPTION_RECORD_TYPES: dict[str, type] = {
    "adoptions": AdoptionPlan,
    "prev_perm": PrevPerm,
    "cla_outcomes": CLAOutcome,
    "motherhood": Motherhood,
    "adopters": Adopter,
}


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return date(dob.year + years, 3, 1)


def _periods(episodes: Iterable[CLAEpisode]) -> dict[str, list[list[CLAEpisode]]]:
    """Each child's periods of care, each a list of episodes in date order."""
    by_period: dict[tuple[str, str], list[CLAEpisode]] = defaultdict(list)
    for e in episodes:
        by_period[(e.la_child_id, e.period_of_care_id)].append(e)
    out: dict[str, list[list[CLAEpisode]]] = defaultdict(list)
    for (child, _), eps in by_period.items():
        out[child].append(sorted(eps, key=lambda e: (e.decom, e.episode_id)))
    for periods in out.values():
        periods.sort(key=lambda p: p[0].decom)
    return out


class _Builder:
    def __init__(self, borough: Borough, seed: object) -> None:
        self.b = borough
        self.la = borough.la_code
        self.end = borough.extracted_on
        self.rng = random.Random(f"{seed}:looked-after")  # noqa: S311 - simulation, not security
        self.children = {c.la_child_id: c for c in borough.tables["children"]}
        self.serial = 0
        self.out: dict[str, list[Any]] = {name: [] for name in ADOPTION_RECORD_TYPES}

    def id(self, prefix: str) -> str:
        self.serial += 1
        return f"{self.la}-{prefix}{self.serial:06d}"

    def run(self) -> dict[str, list[Any]]:
        for child_id, periods in sorted(_periods(self.b.tables["cla_episodes"]).items()):
            child = self.children.get(child_id)
            if child is None or child.person_birth_date is None:
                continue
            mother = False
            for period in periods:
                self.prev_perm(child, period)
                self.adoption(child, period)
                mother = self.motherhood(child, period, mother)
            self.outcomes(child, periods)
        self.pipeline_households()
        return self.out

    # -- previous permanence ---------------------------------------------------------

    def prev_perm(self, child: Any, period: list[CLAEpisode]) -> None:
        rng, start = self.rng, period[0].decom
        code = "Z1" if rng.random() < 0.9 else rng.choice(("P1", "P2", "P3", "P4"))
        la_perm = date_perm = None
        if code != "Z1":
            earliest = child.person_birth_date + timedelta(days=180)
            if earliest >= start - timedelta(days=30):
                code = "Z1"
            else:
                date_perm = earliest + timedelta(
                    days=rng.randrange((start - timedelta(days=30) - earliest).days)
                )
                la_perm = rng.choice((self.la, *[c for c in _OTHER_LAS if c != self.la][:5]))
        self.out["prev_perm"].append(
            PrevPerm(self.la, self.id("PP"), child.la_child_id, start, code, la_perm, date_perm)
        )

    # -- adoption ----------------------------------------------------------------------

    def adoption(self, child: Any, period: list[CLAEpisode]) -> None:
        rng = self.rng
        order = next((e.decom for e in period if e.ls == "E1"), None)
        placed_ep = next((e for e in period if e.place in _ADOPTION_PLACES), None)
        if order is None and placed_ep is None:
            return
        first = min(d for d in (order, placed_ep.decom if placed_ep else None) if d is not None)
        # The decision comes before the order and the placement, within this period of care,
        # and in the episode the child is in just before them (so any year holding that
        # episode also holds the start of care or a later one: rule 1003).
        before = [e for e in period if e.decom < first]
        floor = before[-1].decom if before else first
        decided = max(floor, first - _days(rng, 20, 120))
        plan = AdoptionPlan(self.la, self.id("AD"), child.la_child_id, decided, date_placement_order=order)
        last = period[-1]
        if placed_ep is not None:
            plan.date_placed = placed_ep.decom
            plan.date_match = max(decided, placed_ep.decom - _days(rng, 7, 45))
            plan.foster_care = placed_ep.place in ("A3", "A5")
            if plan.foster_care:
                plan.date_ffa_placed = max(decided, plan.date_match - _days(rng, 60, 200))
            two = rng.random() < 0.8
            plan.nb_adoptr = 2 if two else 1
            plan.sex_adoptr = (
                rng.choices(("MF", "FF", "MM"), (85, 9, 6))[0]
                if two
                else rng.choice(("F1", "F1", "F1", "M1"))
            )
            # The DfE's legal status of adopters: L0 a single adopter; couples L2 civil partners,
            # L3/L4 unmarried and L11/L12 married, the first of each pair different-sex and the second
            # same-sex (rules 514-524). The draws are as before, so the rest of the borough is unchanged.
            drawn = rng.choices(("unmarried", "married", "married", "L2"), (60, 4, 3, 33))[0] if two else None
            if not two:
                rng.choice(("L0", "L0"))  # the draw a single adopter's status took, kept for the ones after
            different = plan.sex_adoptr == "MF"
            plan.ls_adoptr = {
                None: "L0",
                "L2": "L2",
                "unmarried": "L3" if different else "L4",
                "married": "L11" if different else "L12",
            }[drawn]
            plan.family_id = self.household(plan, fostering=plan.foster_care)
        if last.rec in ("E11", "E12") and last.dec is not None:
            plan.date_adoption_order = last.dec
        elif last.dec is not None and last.rec not in (None, "X1"):
            plan.date_placed_ceased = max(decided, last.dec - _days(rng, 0, 30))
            plan.reason_placed_ceased = rng.choice(("RD1", "RD2", "RD3", "RD4"))
        self.out["adoptions"].append(plan)

    def household(self, plan: AdoptionPlan, *, fostering: bool) -> str:
        """The household matched with ``plan``'s child, approved before the match."""
        rng = self.rng
        assert plan.date_match is not None
        assert plan.sex_adoptr is not None
        approval = plan.date_match - _days(rng, 20, 200)
        stage2_end = approval - _days(rng, 10, 40)
        stage2_start = stage2_end - _days(rng, 100, 140)
        stage1_end = stage2_start - _days(rng, 1, 30)
        stage1_start = stage1_end - _days(rng, 45, 70)
        enquiry = stage1_start - _days(rng, 5, 40)
        family = self.id("FAM")
        sexes = list(plan.sex_adoptr[:2]) if plan.nb_adoptr == 2 else [plan.sex_adoptr[0]]
        for sex in sexes:
            self.adopter(
                family,
                sex,
                fostering,
                enquiry,
                stage1_start,
                stage1_end,
                stage2_start,
                stage2_end,
                stage2_start,
                approval,
            )
        return family

    def adopter(
        self, family: str, sex: str, fostering: bool, *dates: date | None, left: tuple = (None, None)
    ) -> None:
        """One adult of ``family``; ``dates`` are the household's, in :class:`Adopter`'s order."""
        rng = self.rng
        ethnicity = rng.choices(
            ("WBRI", "WOTH", "BAFR", "BCRB", "MWBC", "AIND", "OOTH"), (60, 10, 8, 6, 6, 5, 5)
        )[0]
        self.out["adopters"].append(
            Adopter(
                self.la,
                self.id("ADR"),
                family,
                sex,
                ethnicity,
                rng.random() < 0.05,
                fostering,
                *dates,
                left_date=left[0],
                left_reason=left[1],
            )
        )

    def pipeline_households(self) -> None:
        """Households still in the process, or who left it, in the reported years."""
        rng = self.rng
        first = self.b.years[0][0] if self.b.years else self.end - timedelta(days=365)
        span = max(1, (self.end - first).days)
        for _ in range(max(2, len(self.out["adoptions"]) // 2)):
            enquiry = first + timedelta(days=rng.randrange(span))
            steps: list[date | None] = [enquiry]
            d = enquiry
            for gap in ((5, 40), (45, 70), (1, 30), (100, 140)):
                d = d + _days(rng, *gap)
                steps.append(d if d <= self.end else None)
            application = steps[3]
            approval = steps[4] + _days(rng, 10, 40) if steps[4] else None
            steps += [application, approval if approval and approval <= self.end else None]
            left: tuple = (None, None)
            if rng.random() < 0.3:
                done = [s for s in steps if s is not None]
                when = done[-1] + _days(rng, 1, 60)
                if when <= self.end:
                    left = (when, rng.choice(("WITHDREW", "ON_HOLD", "REFUSED")))
            family = self.id("FAM")
            fostering: bool | None = None
            for sex in ("F", "M") if rng.random() < 0.7 else (rng.choice("FM"),):
                # Fostering for adoption is the household's (one column in the case record):
                # the first adult's draw decides; the second adult's is still drawn, so the
                # stream, and every record after this one, is unchanged.
                drawn = rng.random() < 0.1
                fostering = drawn if fostering is None else fostering
                self.adopter(family, sex, fostering, *steps, left=left)

    # -- motherhood ---------------------------------------------------------------------

    def motherhood(self, child: Any, period: list[CLAEpisode], mother: bool) -> bool:
        """One record per period in which a girl is 11 or over (MOTHER; rules 393, 607)."""
        if child.sex != "F":
            return mother
        eleven = _birthday(child.person_birth_date, 11)
        end = period[-1].dec or self.end
        if eleven > end or eleven > self.end:
            return mother
        on = max(period[0].decom, eleven)
        mc_dob = None
        if not mother and _age(child.person_birth_date, on) >= 15 and self.rng.random() < 0.06:
            mother = True
            mc_dob = on - _days(self.rng, 0, 300)
        self.out["motherhood"].append(
            Motherhood(self.la, self.id("MO"), child.la_child_id, on, mother, mc_dob if mother else None)
        )
        return mother

    # -- OC2 -----------------------------------------------------------------------------

    def outcomes(self, child: Any, periods: list[list[CLAEpisode]]) -> None:
        """An OC2 row for every 31 March the child has been looked after 12 months (not V3/V4)."""
        rng, dob = self.rng, child.person_birth_date
        for first, ref in self.b.years:
            open_ep = next(
                (e for p in periods for e in p if e.decom <= ref and (e.dec is None or e.dec > ref)), None
            )
            if open_ep is None or open_ep.ls in _RESPITE or open_ep.period_of_care_id == "":
                continue
            start = min(
                e.decom for p in periods for e in p if e.period_of_care_id == open_ep.period_of_care_id
            )
            if start > first:
                continue
            age_start, age_end = _age(dob, first), _age(dob, ref)
            o = CLAOutcome(self.la, self.id("OC"), child.la_child_id, ref)
            if age_start >= 4 and age_end <= 17:
                if rng.random() < 0.85:
                    o.sdq_score = min(40, max(0, int(rng.gauss(14, 6))))
                else:
                    o.sdq_reason = rng.choice(("SDQ2", "SDQ3", "SDQ4", "SDQ5"))
            if age_end >= 10:
                o.convicted = rng.random() < 0.04
            if age_end < 5:
                o.health_check = rng.random() < 0.9
            o.immunisations = rng.random() < 0.85
            o.teeth_check = rng.random() < 0.8 if age_end >= 1 else False
            o.health_assessment = rng.random() < 0.9
            o.substance_misuse = age_end >= 11 and rng.random() < 0.05
            if o.substance_misuse:
                o.intervention_received = rng.random() < 0.7
                # INTERVENTION_OFFERED is asked only of a child who received none (rule 158).
                o.intervention_offered = None if o.intervention_received else True
            self.out["cla_outcomes"].append(o)


def add_looked_after_records(borough: Borough, seed: object) -> None:
    """Fill the borough's ``adoptions``, ``prev_perm``, ``cla_outcomes``, ``motherhood`` and
    ``adopters`` tables from its (finished) CLA episodes.
    """
    borough.tables.update(_Builder(borough, seed).run())


# --- Loading into the case record --------------------------------------------------------

#: The database tables :func:`load_tables` fills, in load order.
LOAD_TABLES = (
    "looked_after_adopterhousehold",
    "looked_after_prospectiveadopter",
    "looked_after_adoptionplan",
    "looked_after_previouspermanence",
    "looked_after_annualoutcome",
    "looked_after_motherhood",
    "journey_sdq",
)


def load_tables(
    borough: Borough,
    take: Callable[[str], int],
    child_pk: dict[str, int],
    episode_on: Callable[[str, date], int | None],
    stamp: tuple[Any, ...],
) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
    """Rows for :data:`LOAD_TABLES`: (table, columns, rows), ids from ``take``.

    ``episode_on(child, day)`` finds the loaded CLA episode open on a day, which
    an SDQ belongs to; ``stamp`` is (version, created_at, updated_at).
    """
    t = borough.tables
    v = ("version", "created_at", "updated_at")
    rng = random.Random(f"{borough.seed}:sdq-dates")  # noqa: S311 - simulation, not security
    households: dict[str, int] = {}
    h_rows, a_rows = [], []
    for a in t.get("adopters", []):
        if a.family_id not in households:
            pk = households[a.family_id] = take("looked_after_adopterhousehold")
            h_rows.append(
                (
                    pk,
                    a.family_id,
                    a.fostering_for_adoption,
                    a.enquiry_date,
                    a.stage1_start,
                    a.stage1_end,
                    a.stage2_start,
                    a.stage2_end,
                    a.application_date,
                    a.approval_date,
                    a.left_date,
                    (a.left_reason or "").lower(),
                    *stamp,
                )
            )
        a_rows.append(
            (
                take("looked_after_prospectiveadopter"),
                households[a.family_id],
                a.adopter_id,
                a.sex,
                a.ethnicity,
                a.disability,
                *stamp,
            )
        )
    plans = [
        (
            take("looked_after_adoptionplan"),
            child_pk[p.la_child_id],
            households.get(p.family_id or ""),
            p.date_should_be_placed,
            p.date_placement_order,
            p.date_ffa_placed,
            p.date_match,
            p.date_placed,
            p.date_adoption_order,
            p.date_placed_ceased,
            p.reason_placed_ceased or "",
            p.foster_care,
            p.nb_adoptr,
            p.sex_adoptr or "",
            p.ls_adoptr or "",
            *stamp,
        )
        for p in t.get("adoptions", [])
        if p.la_child_id in child_pk
    ]
    perms = [
        (
            take("looked_after_previouspermanence"),
            child_pk[p.la_child_id],
            p.period_started,
            p.prev_perm,
            p.la_perm or "",
            p.date_perm,
            *stamp,
        )
        for p in t.get("prev_perm", [])
        if p.la_child_id in child_pk
    ]
    outcomes, sdqs = [], []
    for o in t.get("cla_outcomes", []):
        if o.la_child_id not in child_pk:
            continue
        outcomes.append(
            (
                take("looked_after_annualoutcome"),
                child_pk[o.la_child_id],
                o.year_ending,
                o.convicted,
                o.health_check,
                o.immunisations,
                o.teeth_check,
                o.health_assessment,
                o.substance_misuse,
                o.intervention_received,
                o.intervention_offered,
                *stamp,
            )
        )
        if o.sdq_score is not None or o.sdq_reason:
            day = o.year_ending - timedelta(days=rng.randint(20, 200))
            episode = episode_on(o.la_child_id, day)
            if episode is not None:
                sdqs.append(
                    (
                        take("journey_sdq"),
                        child_pk[o.la_child_id],
                        episode,
                        day,
                        o.sdq_score,
                        o.sdq_reason or "",
                        *stamp,
                    )
                )
    mothers = [
        (take("looked_after_motherhood"), child_pk[m.la_child_id], m.recorded_on, m.mother, m.mc_dob, *stamp)
        for m in t.get("motherhood", [])
        if m.la_child_id in child_pk
    ]
    return [
        (
            "looked_after_adopterhousehold",
            (
                "id",
                *HOUSEHOLD_FIELDS,
                *v,
            ),
            h_rows,
        ),
        (
            "looked_after_prospectiveadopter",
            ("id", "household_id", "reference", "sex", "ethnicity", "disability", *v),
            a_rows,
        ),
        (
            "looked_after_adoptionplan",
            (
                "id",
                "child_id",
                "household_id",
                *PLAN_FIELDS,
                *v,
            ),
            plans,
        ),
        (
            "looked_after_previouspermanence",
            ("id", "child_id", "period_started", "prev_perm", "la_perm", "date_perm", *v),
            perms,
        ),
        (
            "looked_after_annualoutcome",
            (
                "id",
                "child_id",
                "year_ending",
                *OUTCOME_FLAGS,
                *v,
            ),
            outcomes,
        ),
        ("looked_after_motherhood", ("id", "child_id", "recorded_on", "mother", "mc_dob", *v), mothers),
        (
            "journey_sdq",
            ("id", "child_id", "cla_episode_id", "sdq_date", "sdq_score", "sdq_reason", *v),
            sdqs,
        ),
    ]
