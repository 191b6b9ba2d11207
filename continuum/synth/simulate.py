"""A deterministic stochastic simulation of a borough's children's social care.

How it works, and why this way:

* **Children are simulated one at a time, in the order they first come to
  notice.** New children arrive at the front door as a Poisson process whose
  daily rate has day-of-week, bank-holiday and school-holiday (seasonal)
  effects. Each child's whole journey is then simulated forward: contacts,
  MASH decisions, referrals, assessments, s47 enquiries, conferences, CIN and
  CP plans, periods of care with their placements, missing episodes, leaving
  care at 18, and further contacts after a case closes ("children come back").
  A child's phases follow one another, so the statuses nest and a child never
  has two open CLA episodes.
* **Each child has its own random stream**, seeded from the borough's seed and
  the child's arrival number. Changing one child's journey does not shift the
  random numbers of every later child, which keeps the output stable while
  parameters are tuned, and makes runs reproducible: same seed, same borough.
  Nothing iterates over a set or an unordered mapping.
* **Nothing is forced.** Yearly counts are not targets of the code; they come
  out of the process, whose parameters (:mod:`continuum.synth.params`) were
  tuned to the published figures (:mod:`continuum.synth.calibration`).
* **A warm-up** of several years runs before the first reported year, so the
  stocks (children on plans, in care, care leavers) are at steady state when
  reporting starts. Records that had finished before the year before the first
  reported year are then dropped, to keep the borough small.
* Everything after the extraction date (31 March of the last reported year,
  or the ``as_of`` day) is cut off: later events are dropped and later end
  dates become "still open". With ``as_of`` the borough lives in the present:
  the extraction is at the end of that day's working hours, the reported years
  are the complete financial years before the current, partial one, and a
  contact whose MASH decision would come later is still awaiting it (with no
  referral behind it), so the front door holds the contacts a working day leaves.
* Workers, teams and allocations are simulated afterwards from the children's
  periods of work (:mod:`continuum.synth.workforce`).

Working days are English working days (:class:`WorkingDayCalendar` with no
local closures, so the borough does not depend on any Django setting).
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.working_days import WorkingDayCalendar
from continuum.synth import names
from continuum.synth.model import (
    S47,
    Assessment,
    Borough,
    CareLeaver,
    Child,
    CINPlan,
    CLAEpisode,
    Conference,
    Contact,
    CPPlan,
    MissingEpisode,
    Referral,
    Review,
    Visit,
)
from continuum.synth.params import Params
from continuum.synth.population import deprived_wards
from continuum.synth.upn import make_upn

__all__ = ["SimConfig", "cut_tables", "default_last_year_end", "simulate"]

DAY = timedelta(days=1)


def default_last_year_end(today: date | None = None) -> date:
    """31 March ending the last complete financial year before ``today``."""
    today = today or date.today()
    year = today.year if today >= date(today.year, 4, 1) else today.year - 1
    return date(year, 3, 31)


@dataclass(frozen=True)
class SimConfig:
    """What to simulate. Everything a council would set is here, not in code."""

    years: int = 5
    seed: int = 1
    #: 31 March ending the last reported year; by default the last complete one.
    last_year_end: date | None = None
    #: Simulate up to and including this day instead (the demo's "today"): the reported years are then
    #: the ``years`` complete financial years before the current, partial one, and the records run on
    #: into that partial year. Excludes ``last_year_end``.
    as_of: date | None = None
    warm_up_years: int = 12
    #: Borough number within a run of several (``--scale``): gives LA code and ids.
    borough_index: int = 0
    wards: tuple[str, ...] = names.DEFAULT_WARDS
    #: Children aged 0-17 in the borough, for rates per 10,000 (seed 001 L1544:
    #: 347 CLA at a rate of 37.9 per 10,000 gives about 91,600).
    child_population: int = 91_600
    params: Params = field(default_factory=Params)

    @property
    def la_code(self) -> str:
        """The DfE LA number the borough reports under, and the one in its UPNs.

        The first borough is the council's own (``CONTINUUM_LA_CODE``, default
        302), so its returns validate as that council's would (rule 1530 checks
        the UPNs' LA number). Further boroughs of a ``--scale`` run take other
        real DfE numbers, in the order of the code list, skipping the council's.
        """
        from continuum.returns.cin.la_codes import CURRENT_LA_CODES
        from continuum.returns.export.cin import council_la_code

        own = council_la_code()
        if self.borough_index == 0:
            return own
        others = [c for c in CURRENT_LA_CODES if c != own]
        if not 0 < self.borough_index <= len(others):
            raise ValueError(f"borough_index must be 0-{len(others)} (one per DfE LA number)")
        return others[self.borough_index - 1]

    @property
    def stream_key(self) -> str:
        """The borough's number in the run, which keys its random streams and record ids.

        Not the LA code: so the LA number a borough reports under is a setting
        that changes no simulated figure and no record id.
        """
        if not 0 <= self.borough_index < 900:
            raise ValueError("borough_index must be 0-899")
        return f"{100 + self.borough_index:03d}"


# --- Small distributions -------------------------------------------------------


class _Table:
    """A categorical distribution over a fixed, ordered list of values."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, pairs: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum: list[float] = []
        running = 0.0
        for _, w in pairs:
            running += w
            self.cum.append(running)
        self.total = running

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 60:  # normal approximation; never reached with daily rates
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def _reception(dob: date) -> date:
    """The day a child starts school, and gets a UPN: the September after turning 4."""
    return date(dob.year + 4 + (1 if (dob.month, dob.day) >= (9, 1) else 0), 9, 1)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# Ethnicity of children known to social care: a London mix in which minority
# ethnic children are about 55-60% (seed 001 L621: 52% of children, 61% of
# CIN, 60% of CLA; L1441: largest groups Indian and Black African; seed 002
# L80-86: CLA White 48%, Mixed 17%, Black 18%, Asian 4%, Other 13%).
_ETHNICITY = _Table(
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
_UASC_ETHNICITY = _Table((("AOTH", 35), ("BAFR", 30), ("OOTH", 22), ("WOTH", 10), ("BOTH", 3)))
_DISABILITY = _Table(
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

_SOURCES_YOUNG = _Table(
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
_SOURCES_SCHOOL_AGE = _Table(
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
_SOURCES_UASC = _Table((("6", 40), ("5C", 30), ("8", 25), ("1D", 5)))

_NEED = _Table(
    (("N1", 52), ("N2", 6), ("N3", 4), ("N4", 12), ("N5", 15), ("N6", 4), ("N7", 1), ("N8", 3), ("N9", 3))
)
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
_PLACE_CHANGE = _Table(
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
_AT_18 = _Table((("E5", 47), ("E6", 14), ("E17", 28), ("E7", 4), ("E9", 2), ("E8", 13)))
_ACTIV = _Table(
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
_ACCOM = _Table(
    (
        ("E1", 20),
        ("H1", 22),
        ("B1", 8),
        ("C1", 10),
        ("D1", 12),
        ("R1", 6),
        ("K1", 6),
        ("T1", 4),
        ("S1", 4),
        ("B2", 2),
        ("H2", 3),
        ("U2", 3),
    )
)

# Contacts: day-of-week and month effects on arrivals. Police notifications come
# at weekends too; everyone else mostly on working days (seed 003 L455-458).
_DOW_WEIGHT = (1.16, 1.12, 1.08, 1.06, 1.00, 0.22, 0.18)
_MONTH_WEIGHT = (1.00, 1.03, 1.05, 0.93, 1.03, 1.06, 1.03, 0.78, 1.00, 1.08, 1.08, 0.88)


@dataclass
class _State:
    """What the simulation knows about one child while simulating its journey."""

    child: Child
    rng: random.Random
    dob: date  # actual or expected birth date
    risk: int
    uasc: bool = False
    disabled: bool = False
    referrals: list[date] = field(default_factory=list)
    cp_plans: int = 0
    cla_periods: int = 0
    open_until: date | None = None
    #: The last day of the child's latest period of care (DEC). A period ending at 18 ends on the
    #: birthday while its CIN episode closes the day before, so a new referral can start then.
    care_until: date | None = None
    missing_prone_years: set[int] = field(default_factory=set)
    #: The record ends: adopted from care (the child takes a new record with their adopters'
    #: name, SSDA903 rule 199) or assessed as an adult (E15, rule 437). No later contacts.
    record_ends: bool = False
    #: Per record type, how many of the child's records have been numbered (see ``_Simulation._rid``).
    ids: dict[str, int] = field(default_factory=dict)

    def age_on(self, d: date) -> float:
        return (d - self.dob).days / 365.25

    @property
    def eighteen(self) -> date:
        return _add_years(self.dob, 18)


class _Simulation:
    def __init__(self, config: SimConfig) -> None:
        self.cfg = config
        self.p = config.params
        self.la = config.la_code
        self.key = config.stream_key
        self.cal = WorkingDayCalendar()
        #: The moment of extraction (``as_of`` only): contacts received later have not come in yet,
        #: and decisions due later are not yet made.
        self.extracted_at: datetime | None = None
        if config.as_of is not None:
            if config.last_year_end is not None:
                raise ValueError("give as_of or last_year_end, not both")
            last_end = default_last_year_end(config.as_of)
            self.end = config.as_of
            self.extracted_at = datetime.combine(config.as_of, END_OF_WORKING_DAY)
        else:
            last_end = config.last_year_end or default_last_year_end()
            if (last_end.month, last_end.day) != (3, 31):
                raise ValueError("last_year_end must be a 31 March")
            self.end = last_end
        first_start = date(last_end.year - config.years, 4, 1)
        self.report_start = first_start
        self.start = date(first_start.year - config.warm_up_years, 4, 1)
        self.history_start = first_start - timedelta(days=365)
        self.years = [(date(y, 4, 1), date(y + 1, 3, 31)) for y in range(first_start.year, last_end.year)]
        self.cal.preload(self.start.year - 1, self.end.year + 20)
        # Streams are seeded with strings, which random.Random hashes with
        # SHA-512: unrelated streams for neighbouring children and seeds.
        self.seed_base = f"continuum-synth:{config.seed}:{self.key}"
        self.borough = Borough(
            la_code=self.la,
            name=f"Example Borough {self.la}",
            seed=config.seed,
            years=self.years,
            extracted_on=self.end,
            child_population=config.child_population,
        )
        self.t = self.borough.tables
        self._counters: dict[str, int] = {}
        self.ward_weights = _Table([(w, 1.0 + (i % 4) * 0.4) for i, w in enumerate(config.wards)])
        self.ward_index = {w: i for i, w in enumerate(config.wards)}
        self.deprived_wards = frozenset(deprived_wards(config.wards))
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.categories = _Table(self.p.category_mix)
        self.segments: list[tuple[str, str, date, date, str]] = []  # child, service, start, end, end kind
        #: Per referral, the day of the last work recorded in it: its closure may not precede it.
        self.last_work: dict[str, date] = {}
        #: Per referral, the authorisation day of its latest assessment (the next starts after it).
        self.assessed_to: dict[str, date] = {}

    # --- helpers ---------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{self.key}{n:07d}"

    def _rid(self, st: _State, prefix: str) -> str:
        """A record id of the child's own: the child's id and its count of such records.

        Why not one counter for the borough: a later extraction day adds records
        to children simulated earlier, which would shift every later child's ids;
        numbered per child, a record keeps its id however far the borough runs.
        """
        n = st.ids.get(prefix, 0) + 1
        st.ids[prefix] = n
        return f"{prefix}{st.child.la_child_id}{n:04d}"

    def _work(self, ref: Referral, *days: date | None) -> None:
        """Note work done in ``ref`` on ``days`` (the referral cannot close before the last)."""
        for day in days:
            if day is not None and day > self.last_work.get(ref.referral_id, day - DAY):
                self.last_work[ref.referral_id] = day

    def wd(self, d: date, n: int) -> date:
        return self.cal.add_working_days(d, n)

    def _segment(self, st: _State, service: str, start: date, end: date, kind: str = "TRANSFER") -> None:
        """Record a period of work with the child for a team (gives allocations later)."""
        if st.disabled and service in ("DAT", "IP", "CIC"):
            service = "DIS"
        if end <= start:
            return  # kept even if it starts after the extraction: merging then never depends on it
        cid = st.child.la_child_id
        if self.segments and self.segments[-1][0] == cid and self.segments[-1][1] == service:
            last = self.segments[-1]
            if last[3] >= start:
                self.segments[-1] = (cid, service, min(last[2], start), max(last[3], end), kind)
                return
        self.segments.append((cid, service, start, end, kind))

    # --- arrivals ------------------------------------------------------------------

    def run(self) -> Borough:
        p = self.p
        arrival_rng = random.Random(f"{self.seed_base}:arrivals")  # noqa: S311 - simulation, not security
        month_norm = sum(_MONTH_WEIGHT) / 12
        dow_norm = sum(_DOW_WEIGHT) / 7
        index = 0
        d = self.start
        while d <= self.end:
            weight = _DOW_WEIGHT[d.weekday()] / dow_norm
            if d.weekday() < 5 and not self.cal.is_working_day(d):
                weight = _DOW_WEIGHT[5] / dow_norm  # bank holiday: like a Saturday
            weight *= _MONTH_WEIGHT[d.month - 1] / month_norm
            n_new = _poisson(arrival_rng, p.new_children_per_year / 365.25 * weight)
            n_uasc = _poisson(arrival_rng, p.uasc_per_year / 365.25)
            for kind, count in (("general", n_new), ("uasc", n_uasc)):
                for _ in range(count):
                    index += 1
                    self._child(index, d, kind)
            d += DAY
        from continuum.synth.workforce import simulate_workforce

        simulate_workforce(self)
        self._finish()
        from continuum.synth.adoption import add_looked_after_records

        add_looked_after_records(self.borough, self.seed_base)
        from continuum.synth.health_and_early_help import add_health_and_early_help

        add_health_and_early_help(self)
        from continuum.synth.duplicates import add_duplicates

        add_duplicates(self.borough, self.seed_base)  # last: moves only NFA/advice contacts
        return self.borough

    def _contact_time(self, rng: random.Random, d: date) -> datetime:
        if self.cal.is_working_day(d):
            minutes = int(min(max(rng.gauss(12.5 * 60, 150), 7 * 60), 19 * 60))
        else:
            minutes = rng.randrange(0, 24 * 60)
        return datetime.combine(d, time(minutes // 60, minutes % 60))

    def _child(self, index: int, first: date, kind: str) -> None:
        rng = random.Random(f"{self.seed_base}:{index}")  # noqa: S311 - simulation, not security
        p = self.p
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
        ward = self.ward_weights.draw(rng)
        child = Child(
            la_code=self.la,
            la_child_id=f"{self.key}{index:07d}",
            sex=sex,
            ethnicity=(_UASC_ETHNICITY if uasc else _ETHNICITY).draw(rng),
            disabilities=disabilities,
            person_birth_date=dob,
            expected_person_birth_date=dob - timedelta(days=rng.randrange(-10, 10)) if unborn else None,
            uasc=uasc,
            ward=ward,
            home_post=names.postcode(rng, self.ward_index[ward]),
            in_deprived_area=ward in self.deprived_wards,
            # The child's stream moves on as the invented names once drew it (figures unchanged).
            address_line=names.street_address(names.draw_as_invented_names(rng, sex)),
        )
        # Names have a stream of their own, so changing how they are drawn changes no figure.
        child.forename, child.surname = names.person_name(
            random.Random(f"{self.seed_base}:{index}:names"),  # noqa: S311 - simulation, not security
            sex,
            child.ethnicity,
        )
        # A UPN is allocated when the child starts school (the September after
        # turning 4); UASC get one if they join a school here. The number is drawn
        # now even if school starts after the extraction day, and withheld until
        # then by the cut (:func:`cut_tables`), so the extraction day draws nothing.
        if uasc:
            if rng.random() < 0.5:
                child.upn = self._upn(rng, first.year, secondary=True)
            else:
                # UN2: never attended school in England (UN4, "not yet obtained", is wrong for a
                # child looked after over a week: SSDA903 rule 210).
                child.upn_unknown = "UN2"
        else:
            child.upn = self._upn(rng, _reception(dob).year, secondary=False)
        st = _State(
            child=child, rng=rng, dob=dob, risk=risk, uasc=uasc, disabled=disabled and rng.random() < 0.6
        )
        self.t["children"].append(child)
        self._journey(st, first)

    def _upn(self, rng: random.Random, year: int, *, secondary: bool) -> str:
        establishment = (4000 if secondary else 2000) + rng.randrange(1, 60)
        key = (establishment, year % 100)
        serial = self.upn_serials.get(key, 0) + 1
        if serial > 999:  # school full for that year: use another one
            return self._upn(rng, year, secondary=secondary)
        self.upn_serials[key] = serial
        return make_upn(self.la, establishment, year, serial)

    # --- the journey ---------------------------------------------------------------

    def _journey(self, st: _State, first: date) -> None:
        p, rng = self.p, st.rng
        d = first
        first_contact = True
        while d <= self.end and d < st.eighteen and not st.record_ends:
            self._contact(st, d, first_contact)
            first_contact = False
            if rng.random() >= p.recontact[st.risk]:
                break
            gap = max(1, int(_lognormal(rng, p.recontact_median_days[st.risk], p.recontact_sigma)))
            base = d
            if st.open_until and st.open_until > d and rng.random() < 0.75:
                base = st.open_until
            d = base + timedelta(days=gap)
            if not self.cal.is_working_day(d) and rng.random() < 0.8:
                d = self.wd(d, 1)

    def _contact(self, st: _State, d: date, first: bool) -> None:
        p, rng = self.p, st.rng
        received = self._contact_time(rng, d)
        if st.uasc and first:
            source = _SOURCES_UASC.draw(rng)
        elif st.age_on(d) < 5:
            source = _SOURCES_YOUNG.draw(rng)
        else:
            source = _SOURCES_SCHOOL_AGE.draw(rng)
        k = 0 if rng.random() < 0.62 else 1 if rng.random() < 0.97 else 2
        decided_day = self.wd(d, k) if k else d
        decided = datetime.combine(decided_day, time(rng.randrange(9, 18), rng.randrange(0, 60)))
        if decided <= received:
            decided = received + timedelta(minutes=rng.randrange(30, 240))
        # A decision due after the extraction is drawn all the same (so the extraction day changes
        # no draw); the cut withholds it, and the referral behind it, until it is made.
        contact = Contact(
            la_code=self.la,
            contact_id=self._rid(st, "CT"),
            la_child_id=st.child.la_child_id,
            contact_datetime=received,
            contact_source=source,
            consent="OBTAINED"
            if rng.random() < 0.72
            else "DISPENSED"
            if rng.random() < 0.7
            else "NOT_NEEDED",
            mash_decision_datetime=decided,
        )
        self.t["contacts"].append(contact)
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
            st.open_until = self._episode(st, contact, d, source)
        else:
            r = rng.random()
            contact.mash_outcome = "NFA" if r < 0.42 else "ADVICE" if r < 0.66 else "EARLY_HELP"
            contact.initial_brag = "B" if contact.mash_outcome != "EARLY_HELP" else "G"
            if rng.random() < 0.08:
                contact.initial_brag = "A"
            contact.final_brag = "B" if contact.mash_outcome != "EARLY_HELP" else "G"

    # --- a CIN episode ---------------------------------------------------------------

    def _episode(self, st: _State, contact: Contact, ref_date: date, source: str) -> date:
        """Simulate one CIN episode from referral to closure; return the closure date.

        The referral is dated the day of the contact, but no work in it starts
        before the MASH decision: work on the decision day if it came in working
        hours, else from the next day. So a decision still due at the extraction
        has nothing behind it but the referral, which the cut withholds.
        """
        p, rng = self.p, st.rng
        decided = contact.mash_decision_datetime or datetime.combine(ref_date, time())
        work_from = decided.date() + (DAY if decided.time() > END_OF_WORKING_DAY else timedelta(0))
        if st.uasc:
            need = "N8" if rng.random() < 0.85 else "N4"
        elif st.disabled and rng.random() < 0.8:
            need = "N2"
        else:
            need = _NEED.draw(rng)
            if need == "N2" and not st.disabled:
                need = "N1"
        ref = Referral(
            la_code=self.la,
            referral_id=self._rid(st, "R"),
            la_child_id=st.child.la_child_id,
            cin_referral_date=ref_date,
            referral_source=source,
            primary_need_code=need,
            contact_id=contact.contact_id,
        )
        contact.referral_id = ref.referral_id
        self.t["referrals"].append(ref)
        st.referrals.append(ref_date)
        eighteen = st.eighteen
        if not st.uasc and rng.random() < p.referral_nfa:
            ref.referral_nfa = True
            ref.primary_need_code = None if rng.random() < 0.5 else need
            close = max(self.wd(ref_date, rng.randrange(0, 4)), work_from)
            return self._close(st, ref, close, "RC8")

        # Single assessment, from the referral date.
        dur = max(3, int(_lognormal(rng, p.assessment_median_wd, p.assessment_sigma)))
        assessed_from = max(self.wd(ref_date, rng.choice((0, 0, 1, 1, 2))), work_from)
        auth = max(self.wd(ref_date, dur), assessed_from)
        self._assessment(st, ref, assessed_from, auth, need)
        self._segment(st, "DAT", assessed_from, auth)

        # Route out of the front door.
        born = st.child.expected_person_birth_date is None or ref_date >= st.dob
        if st.uasc:
            cla_start = max(self.wd(ref_date, rng.choice((0, 0, 1))), work_from)
            return self._phases(st, ref, "CLA", cla_start, route="UASC", need=need)
        if rng.random() < p.cla_at_referral[st.risk]:
            cla_start = max(self.wd(ref_date, rng.choice((0, 1, 2, 3))), st.dob, work_from)
            route = "REMAND" if st.age_on(ref_date) >= 10 and rng.random() < p.remand_share else "EMERGENCY"
            return self._phases(st, ref, "CLA", cla_start, route=route, need=need)
        s47_chance = p.s47_at_referral[st.risk] * (p.s47_previous_plan if st.cp_plans else 1.0)
        if not born:
            s47_chance *= 1.3
        if rng.random() < s47_chance:
            strat = max(self.wd(ref_date, rng.choice((0, 0, 1, 1, 2, 3))), work_from)
            icpc = self._s47(st, ref, strat)
            if icpc is not None:
                return self._phases(st, ref, "CP", icpc, need=need)
            if rng.random() < 0.55:
                return self._phases(st, ref, "CIN", max(auth, strat + DAY), need=need)
            # Not RC8/RC9: those mean "closed after assessment, no further action" and a
            # referral that held an s47 cannot carry them (CIN rule 2990). Concerns not
            # substantiated and no service needed: RC7, services ceased.
            return self._close(st, ref, max(auth, self.wd(strat, 10)), "RC7")
        r = rng.random()
        o = p.assessment_outcome
        if r < o[0]:
            return self._close(st, ref, self.wd(auth, rng.randrange(0, 6)), "RC8")
        if r < o[0] + o[1]:
            return self._close(st, ref, self.wd(auth, rng.randrange(0, 6)), "RC9")
        return self._phases(st, ref, "CIN", min(auth, eighteen - DAY), need=need)

    def _assessment(self, st: _State, ref: Referral, start: date, auth: date, need: str) -> None:
        rng = st.rng
        pool = _FACTORS_BY_NEED.get(need, ("3B",))
        n = min(len(pool), 1 + int(rng.random() * 3))
        factors = tuple(rng.sample(pool, n))
        if st.age_on(start) < ADOLESCENT_FACTOR_AGE:
            # Going missing, exploitation, gangs and self-harm are adolescents' factors; a younger
            # child's assessment finds domestic abuse instead. No random draw, so the streams
            # (and every other figure) are unchanged.
            factors = tuple(f for f in factors if f not in ADOLESCENT_FACTORS) or ("3B",)
        self._work(ref, start, max(auth, start))
        self.assessed_to[ref.referral_id] = max(auth, start, self.assessed_to.get(ref.referral_id, start))
        self.t["assessments"].append(
            Assessment(
                la_code=self.la,
                assessment_id=self._rid(st, "AS"),
                referral_id=ref.referral_id,
                la_child_id=st.child.la_child_id,
                assessment_actual_start_date=start,
                assessment_authorisation_date=max(auth, start),
                assessment_factors=factors,
                child_seen=rng.random() < 0.96,
                requires_support=None,
            )
        )

    def _s47(self, st: _State, ref: Referral, strat: date) -> date | None:
        """A s47 enquiry; returns the ICPC date if a plan was made there."""
        p, rng = self.p, st.rng
        target = self.wd(strat, 15)
        s47 = S47(
            la_code=self.la,
            s47_id=self._rid(st, "S"),
            referral_id=ref.referral_id,
            la_child_id=st.child.la_child_id,
            strategy_discussion_date=strat,
            s47_actual_start_date=strat,
            initial_cpc_target=target,
        )
        self.t["s47"].append(s47)
        self._work(ref, strat)
        chance = p.icpc_after_s47 * (1.2 if st.cp_plans else 1.0)
        if rng.random() >= min(chance, 0.95):
            s47.icpc_not_required = True
            return None
        held = self.wd(strat, max(3, int(_lognormal(rng, p.icpc_median_wd, p.icpc_sigma))))
        if held >= st.eighteen:
            s47.icpc_not_required = True
            return None
        s47.icpc_not_required = False
        s47.date_of_initial_cpc = held
        self._work(ref, held)
        plan = rng.random() < p.plan_after_icpc
        self.t["conferences"].append(
            Conference(
                la_code=self.la,
                conference_id=self._rid(st, "CF"),
                referral_id=ref.referral_id,
                la_child_id=st.child.la_child_id,
                conference_type="ICPC",
                conference_date=held,
                s47_id=s47.s47_id,
                plan_outcome=plan,
            )
        )
        return held if plan else None

    def _phases(
        self, st: _State, ref: Referral, phase: str, start: date, *, need: str, route: str = ""
    ) -> date:
        """Run the plan phases of an episode (CP, CIN, CLA) until it closes."""
        rng = st.rng
        eighteen = st.eighteen
        while True:
            if start >= eighteen:
                return self._close(st, ref, eighteen - DAY, "RC6" if st.disabled else "RC7")
            if phase == "CP":
                phase, start = self._cp_plan(st, ref, start)
            elif phase == "CIN":
                phase, start = self._cin_plan(st, ref, start)
            elif phase == "CLA":
                phase, start, reason = self._cla(st, ref, start, route or "CP", need)
                route = ""
                if phase == "CLOSE":
                    return self._close(st, ref, start, reason)
            else:
                # After a CP or CIN plan the closure is never RC8/RC9 (CIN rule 2990):
                # mostly services ceased (RC7), some moved away (RC5) or settled by a
                # child arrangements order (RC3).
                return self._close(st, ref, start, _CLOSE_AFTER_PLAN.draw(rng))

    def _close(self, st: _State, ref: Referral, when: date, reason: str) -> date:
        """Close ``ref`` on ``when``, or on the day of its last work if that is later.

        Why the guard: work is timed from its own start (an assessment may be
        authorised, a conference held, after a short period of care ended), and a
        referral closes only when everything in it is finished (CIN rules 8565, 8867).
        """
        when = max(when, self.last_work.get(ref.referral_id, when))
        ref.cin_closure_date = when
        ref.reason_for_closure = reason
        return when

    def _cp_plan(self, st: _State, ref: Referral, icpc: date) -> tuple[str, date]:
        p, rng = self.p, st.rng
        category = self.categories.draw(rng)
        plan = CPPlan(
            la_code=self.la,
            cp_plan_id=self._rid(st, "CP"),
            referral_id=ref.referral_id,
            la_child_id=st.child.la_child_id,
            cpp_start_date=icpc,
            cpp_end_date=None,
            initial_category_of_abuse=category,
            latest_category_of_abuse=category,
            number_of_previous_cpp=st.cp_plans,
        )
        self.t["cp_plans"].append(plan)
        st.cp_plans += 1
        conf = self.t["conferences"][-1]
        if conf.conference_type == "ICPC" and conf.la_child_id == st.child.la_child_id:
            conf.cp_plan_id = plan.cp_plan_id
        to_cla = rng.random() < p.cp_to_cla
        length = _lognormal(rng, p.cp_median_days, p.cp_sigma)
        if to_cla:
            length *= rng.uniform(0.2, 0.9)
        wanted_end = icpc + timedelta(days=int(length))
        # Review conferences: within 3 months of the ICPC, then every 6 months.
        # The plan ends at the first review on or after the wanted end (or at
        # care entry, which does not wait for a conference).
        review = icpc + timedelta(days=rng.randrange(80, 92))
        end = None
        while end is None:
            if to_cla and review >= wanted_end:
                end = max(wanted_end, icpc + DAY)
                break
            ends_here = review >= wanted_end
            if review >= st.eighteen:
                end = st.eighteen - DAY
                break
            if rng.random() < 0.04:
                plan.latest_category_of_abuse = rng.choice(("NEG", "EMO", "PHY"))
            self.t["conferences"].append(
                Conference(
                    la_code=self.la,
                    conference_id=self._rid(st, "CF"),
                    referral_id=ref.referral_id,
                    la_child_id=st.child.la_child_id,
                    conference_type="RCPC",
                    conference_date=review,
                    cp_plan_id=plan.cp_plan_id,
                    plan_outcome=not ends_here,
                )
            )
            if ends_here:
                end = review
                break
            review = review + timedelta(days=rng.randrange(150, 183))
        plan.cpp_end_date = end
        self._work(ref, icpc, end, *(c.conference_date for c in self.t["conferences"][-1:]))
        self._segment(st, "IP", icpc, end)
        self._visits(st, "CP", icpc, end, every_wd=10)
        if to_cla and end < st.eighteen - DAY and end >= st.dob:
            return "CLA", end
        if rng.random() < p.cp_risk_improves:
            st.risk = 1
        if rng.random() < p.cp_step_down:
            return "CIN", end
        return "CLOSE", self.wd(end, rng.randrange(1, 10))

    def _cin_plan(self, st: _State, ref: Referral, start: date) -> tuple[str, date]:
        p, rng = self.p, st.rng
        length = max(20, int(_lognormal(rng, p.cin_plan_median_days, p.cin_plan_sigma)))
        end = min(start + timedelta(days=length), st.eighteen - DAY)
        nxt, nxt_at = "CLOSE", end
        escalate = rng.random() < p.s47_in_cin_plan * (p.s47_previous_plan if st.cp_plans else 1.0)
        if escalate:
            strat = start + timedelta(days=rng.randrange(10, max(11, (end - start).days)))
            if strat < end:
                icpc = self._s47(st, ref, strat)
                if icpc is not None and icpc < st.eighteen:
                    end, nxt, nxt_at = icpc, "CP", icpc
        elif rng.random() < p.cin_to_cla and end >= st.dob:
            nxt = "CLA"
        plan = CINPlan(
            la_code=self.la,
            cin_plan_id=self._rid(st, "CN"),
            referral_id=ref.referral_id,
            la_child_id=st.child.la_child_id,
            cin_plan_start_date=start,
            cin_plan_end_date=max(end, start + DAY),
        )
        end = plan.cin_plan_end_date
        self._work(ref, start, end)
        self.t["cin_plans"].append(plan)
        self._segment(st, "IP", start, end)
        self._visits(st, "CIN", start, end, every_wd=20)
        # CIN reviews every 3 months; re-assessment if the plan runs on.
        review = start + timedelta(days=rng.randrange(80, 95))
        while review < end:
            self.t["reviews"].append(
                Review(self.la, self._rid(st, "RV"), st.child.la_child_id, "CIN", review, None)
            )
            review += timedelta(days=rng.randrange(85, 95))
        years = (end - start).days / 365.25
        n_reassess = _poisson(rng, p.reassessment_per_cin_year * years)
        drawn = []
        for _ in range(n_reassess):
            a_start = start + timedelta(days=rng.randrange(0, max(1, (end - start).days)))
            drawn.append((a_start, max(3, int(_lognormal(rng, p.assessment_median_wd, p.assessment_sigma)))))
        for a_start, dur in sorted(drawn):
            # One assessment at a time in an episode (CIN rule 8896): a re-assessment starts after
            # the last one was authorised, or not at all within the plan.
            a_start = max(a_start, self.assessed_to.get(ref.referral_id, a_start - DAY) + DAY)
            if a_start < end:
                self._assessment(st, ref, a_start, self.wd(a_start, dur), ref.primary_need_code or "N9")
        if nxt == "CLOSE":
            self._missing_home(st, start, end)
            return "CLOSE", end
        return nxt, nxt_at

    # --- looked after ------------------------------------------------------------------

    def _cla(self, st: _State, ref: Referral, start: date, route: str, need: str) -> tuple[str, date, str]:
        """A period of care; returns (next phase, when, reason for closing the CIN episode)."""
        p, rng = self.p, st.rng
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
            pathway, end, ls = "E14", start + timedelta(days=int(_lognormal(rng, 50, 0.7)) + 1), "J1"
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
                    days=max(3, int(_lognormal(rng, p.return_home_median_days, p.return_home_sigma)))
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
        r = self.wd(start, rng.randrange(12, 21))
        k = 0
        while r < end:
            code = "PN0" if st.age_on(r) < 4 else _REVIEW_CODE.draw(rng)
            self.t["reviews"].append(
                Review(self.la, self._rid(st, "RV"), st.child.la_child_id, "CLA", r, code)
            )
            k += 1
            r += timedelta(days=rng.randrange(80, 92) if k == 1 else rng.randrange(160, 183))
        # Placements and episodes.
        period_id = None
        place = self._first_place(st, age, route, pathway)
        ep_start, rne = start, "S"
        first_placement = True
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
                la_code=self.la,
                episode_id=self._rid(st, "E"),
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
            self.t["cla_episodes"].append(episode)
            self._cla_extras(st, episode, nxt_at, new_placement=rne in ("S", "P", "T", "B"))
            if nxt_at >= end:
                episode.dec = end
                episode.rec = self._rec_at_end(st, pathway, place[0])
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
                    if adoption_place_at == nxt_at
                    or (pathway == "HOME" and nxt_at > end - timedelta(days=61))
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
                    place = self._next_place(st, st.age_on(nxt_at), route, pathway, place)
                rne = "T" if ls_changing else "P"
            else:
                rne = "L"
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
            self._segment(st, "CIC", start, end)
            if (end - max(start, _add_years(st.dob, 14))).days >= 91:
                self._care_leaver(st, end, episode)
            return "CLOSE", eighteen - DAY, "RC6" if st.disabled else "RC7"
        if pathway == "18" and end < eighteen:
            reason = "RC7"
        service = "LC" if st.uasc and age >= 16 else "CIC"
        self._segment(st, service, start, end)
        if pathway == "HOME" and rng.random() < 0.6:
            return "CIN", end, ""
        if pathway == "HOME":
            reason = "RC7"
        return "CLOSE", end, reason

    def _rec_at_end(self, st: _State, pathway: str, place: str) -> str:
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

    def _place(self, st: _State, code: str, out_share: float) -> tuple[str, str, str, str | None, str]:
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
            urn = f"SC{int(self.la) % 100:02d}{rng.randrange(1, 10_000):04d}"
        return (code, provider, postcode, urn, "OUT" if out else "IN")

    def _first_place(self, st: _State, age: float, route: str, pathway: str) -> tuple:
        rng, p = st.rng, self.p
        if route == "REMAND":
            return self._place(st, "U6" if rng.random() < 0.5 else "K2", p.out_of_borough_other)
        if route == "UASC":
            code = "Z1" if age >= 16 and rng.random() < 0.6 else "U6" if rng.random() < 0.8 else "K2"
        elif age < 11:
            code = "U3" if rng.random() < 0.25 or (pathway in ("E45", "E46") and rng.random() < 0.5) else "U6"
        elif age < 16:
            code = "U6" if rng.random() < 0.62 else "K2" if rng.random() < 0.7 else "U3"
        else:
            code = "U6" if rng.random() < 0.45 else "Z1" if rng.random() < 0.55 else "K2"
        return self._place(
            st, code, p.out_of_borough_foster if code.startswith("U") else p.out_of_borough_other
        )

    def _next_place(self, st: _State, age: float, route: str, pathway: str, current: tuple) -> tuple:
        rng, p = st.rng, self.p
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
        return self._place(
            st, code, p.out_of_borough_foster if code.startswith("U") else p.out_of_borough_other
        )

    def _cla_extras(self, st: _State, ep: CLAEpisode, until: date, *, new_placement: bool) -> None:
        """Visits, reviews and missing episodes during one CLA episode."""
        rng, p = st.rng, self.p
        start = ep.decom
        cid = st.child.la_child_id
        # Visits: within a week of each placement, then every 6 weeks (3 months after a year).
        v = (
            start + timedelta(days=rng.randrange(1, 8))
            if new_placement
            else start + timedelta(days=rng.randrange(20, 42))
        )
        period_start = start
        while v < until:
            seen = rng.random() < 0.97
            alone = rng.random() < 0.8 if st.age_on(v) >= 5 else None
            # A child who was not seen was not seen alone either (the draw is still
            # made, so the random stream and every later figure stay as they were).
            self.t["visits"].append(
                Visit(self.la, self._rid(st, "V"), cid, "CLA", v, seen, alone if seen else None)
            )
            gap = 42 if (v - period_start).days < 365 or st.age_on(v) < 1 else 90
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
        n = 1 + _poisson(rng, p.missing_episodes_per_year * min(1.0, span / 365.25))
        where = "PLACEMENT_OUT" if ep.placement_location == "OUT" else "PLACEMENT_IN"
        self._missing_run(st, start, until, n, where)

    def _missing_run(self, st: _State, start: date, until: date, n: int, where: str) -> None:
        rng, p = st.rng, self.p
        days = sorted(rng.randrange(0, max(1, (until - start).days)) for _ in range(n))
        kind_bias = rng.random()
        last_end: date | None = None
        for k in days:
            s = start + timedelta(days=k)
            kind = "A" if rng.random() < p.absent_share * (0.5 + kind_bias) else "M"
            e = s + timedelta(days=0 if rng.random() < 0.55 else rng.randrange(1, 4))
            offered = rng.random() < 0.88
            accepted = offered and rng.random() < 0.6
            # Periods never overlap (SSDA903 rule 574), and a child away from a placement is
            # back before it ends (rules 575, 580).
            if (last_end is not None and s <= last_end) or (where != "HOME" and e >= until):
                continue
            last_end = e
            self.t["missing"].append(
                MissingEpisode(
                    self.la,
                    self._rid(st, "MS"),
                    st.child.la_child_id,
                    kind,
                    s,
                    e,
                    where,
                    offered,
                    accepted,
                )
            )

    def _missing_home(self, st: _State, start: date, end: date) -> None:
        rng, p = st.rng, self.p
        if st.age_on(start) < 12:
            return
        span = (end - start).days
        if span > 0 and rng.random() < p.missing_prone_home * max(1.0, span / 365.25) * (
            1.5 if st.risk == 2 else 1.0
        ):
            self._missing_run(st, start, end, 1 + _poisson(rng, 1.0), "HOME")

    def _care_leaver(self, st: _State, left: date, last: CLAEpisode) -> None:
        rng = st.rng
        to25 = rng.random() < 0.25
        touch = "YES" if rng.random() < 0.9 else "NO" if rng.random() < 0.7 else "REFU"
        accom = _ACCOM.draw(rng) if touch == "YES" else "0"
        activ = _ACTIV.draw(rng) if touch == "YES" else "0"
        latest = left + timedelta(days=rng.randrange(0, 60))  # the cut keeps it on or before the extraction
        self.t["care_leavers"].append(
            CareLeaver(
                la_code=self.la,
                care_leaver_id=self._rid(st, "CL"),
                la_child_id=st.child.la_child_id,
                left_care_date=left,
                eligibility_category="FORMER_RELEVANT",
                duty_end_date=_add_years(st.dob, 25 if to25 else 21),
                staying_put=last.rec == "E17",
                in_touch=touch,
                activ=activ,
                accom=accom,
                latest_contact_date=latest,
            )
        )
        leave_end = _add_years(st.dob, 25 if to25 else 21)
        self._segment(st, "LC", left, leave_end, "CLOSED")
        # Contact with a personal adviser about every 8 weeks.
        v = left + timedelta(days=rng.randrange(10, 56))
        while v < leave_end:
            if touch == "YES" or rng.random() < 0.2:
                self.t["visits"].append(
                    Visit(self.la, self._rid(st, "V"), st.child.la_child_id, "CARE_LEAVER", v, True, None)
                )
            v += timedelta(days=rng.randrange(40, 70))

    def _visits(self, st: _State, kind: str, start: date, end: date, *, every_wd: int) -> None:
        rng = st.rng
        cid = st.child.la_child_id
        v = self.wd(start, rng.randrange(1, every_wd))
        born = st.dob
        while v < end:
            on_time = rng.random() < 0.9
            seen = rng.random() < 0.95
            alone = (rng.random() < 0.75) if v >= born and st.age_on(v) >= 4 else None
            # Not seen, so not seen alone (the draw is kept: same random stream).
            self.t["visits"].append(
                Visit(self.la, self._rid(st, "V"), cid, kind, v, seen, alone if seen else None)
            )
            v = self.wd(
                v, rng.randrange(every_wd - 4, every_wd + 1) if on_time else every_wd + rng.randrange(1, 6)
            )

    # --- finishing ---------------------------------------------------------------------

    def _finish(self) -> None:
        """Cut at the extraction date and drop history from before it is needed."""
        cut_tables(self.t, self.end, self.extracted_at, self.history_start)


#: Closing a referral after a CP or CIN plan (DfE ReasonForClosure; never RC8/RC9,
#: which are for closure after assessment with no further action).
_CLOSE_AFTER_PLAN = _Table((("RC7", 90), ("RC5", 6), ("RC3", 4)))
_REVIEW_CODE = _Table((("PN1", 60), ("PN2", 8), ("PN3", 8), ("PN4", 8), ("PN5", 6), ("PN6", 5), ("PN7", 5)))


def cut_tables(t: dict[str, list], end: date, extracted_at: datetime | None, keep_from: date) -> None:
    """Cut the simulated tables ``t`` at the extraction: what the records hold on ``end``.

    Why a function of the tables alone: the simulation draws every child's
    journey the same whatever the extraction day (a decision, a school place or
    a plan's end is drawn in full and withheld here until its day comes), so
    cutting a borough simulated to a later day at ``end`` gives exactly the
    borough simulated to ``end`` (``tests/synth/test_simulation_prefix.py``).
    Later events are dropped, later end dates become "still open", and records
    that had finished before ``keep_from`` are dropped to keep the borough small.
    ``extracted_at`` is the moment of extraction (``as_of`` only): contacts
    received later have not come in, decisions due later are not yet made.
    """
    moment = extracted_at or datetime.combine(end, time.max)

    def cut_end(value: date | None) -> date | None:
        return value if value is not None and value <= end else None

    # A UPN comes with a school place: a child starting school after the extraction has none yet
    # (UN1: aged under 6 and not yet in school, a code both the CIN census and the SSDA903 know;
    # the 903 takes UN1-UN5 only, rule 168).
    for child in t["children"]:
        born = child.person_birth_date or child.expected_person_birth_date
        if not child.uasc and child.upn and (born is None or _reception(born) > end):
            child.upn, child.upn_unknown = None, "UN1"
    # A MASH decision due after the extraction is not made yet, so nothing is behind it.
    withheld = {
        c.referral_id
        for c in t["contacts"]
        if c.referral_id and c.mash_decision_datetime and c.mash_decision_datetime > moment
    }

    # Children: births after the extraction date have not happened yet.
    for child in t["children"]:
        born_later = child.person_birth_date is not None and child.person_birth_date > end
        if child.expected_person_birth_date is not None and born_later:
            child.person_birth_date = None
            child.sex = "U"
    refs = []
    for r in t["referrals"]:
        if r.cin_referral_date > end or r.referral_id in withheld:
            continue
        if r.cin_closure_date and r.cin_closure_date > end:
            r.cin_closure_date = r.reason_for_closure = None
        if r.cin_closure_date is not None and r.cin_closure_date < keep_from:
            continue
        refs.append(r)
    t["referrals"] = refs
    kept_refs = {r.referral_id for r in refs}

    def in_kept(rows: list, start_attr: str, end_attr: str | None = None) -> list:
        out = []
        for row in rows:
            if getattr(row, start_attr) > end or row.referral_id not in kept_refs:
                continue
            if end_attr is not None:
                setattr(row, end_attr, cut_end(getattr(row, end_attr)))
            out.append(row)
        return out

    t["cin_plans"] = in_kept(t["cin_plans"], "cin_plan_start_date", "cin_plan_end_date")
    t["cp_plans"] = in_kept(t["cp_plans"], "cpp_start_date", "cpp_end_date")
    t["assessments"] = in_kept(
        t["assessments"], "assessment_actual_start_date", "assessment_authorisation_date"
    )
    t["s47"] = in_kept(t["s47"], "s47_actual_start_date")
    for s in t["s47"]:
        if s.date_of_initial_cpc and s.date_of_initial_cpc > end:
            s.date_of_initial_cpc = None
            s.icpc_not_required = False
    t["conferences"] = in_kept(t["conferences"], "conference_date")
    t["contacts"] = [
        c
        for c in t["contacts"]
        if c.contact_datetime.date() <= end
        and (extracted_at is None or c.contact_datetime <= extracted_at)
        and (c.contact_datetime.date() >= keep_from or c.referral_id in kept_refs)
    ]
    for c in t["contacts"]:
        if c.referral_id is not None and c.referral_id not in kept_refs:
            c.referral_id = None
        if c.mash_decision_datetime and c.mash_decision_datetime > moment:
            c.mash_decision_datetime = c.final_brag = None
            c.mash_outcome = None
            c.referral_id = None
    live_refs = {c.referral_id for c in t["contacts"] if c.referral_id}
    for r in t["referrals"]:
        if r.contact_id and r.referral_id not in live_refs:
            r.contact_id = None
    t["care_leavers"] = [
        c
        for c in t["care_leavers"]
        if c.left_care_date <= end and (c.duty_end_date is None or c.duty_end_date >= keep_from)
    ]
    for c in t["care_leavers"]:
        c.latest_contact_date = cut_end(c.latest_contact_date) or end
    # A care leaver kept keeps the episodes that made them one (SSDA903 rules 1001/1002,
    # read with earlier years' history), however long ago they left care.
    leavers = {c.la_child_id for c in t["care_leavers"]}
    episodes = []
    for e in t["cla_episodes"]:
        if e.decom > end:
            continue
        if e.dec and e.dec > end:
            e.dec = e.rec = e.reason_place_change = None
        if e.dec is not None and e.dec < keep_from and e.la_child_id not in leavers:
            continue
        episodes.append(e)
    t["cla_episodes"] = episodes
    t["visits"] = [v for v in t["visits"] if keep_from <= v.visit_date <= end]
    t["reviews"] = [r for r in t["reviews"] if keep_from <= r.review <= end]
    t["missing"] = [m for m in t["missing"] if keep_from <= m.mis_start <= end]
    for m in t["missing"]:
        m.mis_end = cut_end(m.mis_end)
    allocations = []
    for a in t["allocations"]:
        if a.sw_decom > end:
            continue
        if a.sw_dec and a.sw_dec > end:
            a.sw_dec = a.sw_reason = None
        if a.sw_dec is not None and a.sw_dec < keep_from:
            continue
        allocations.append(a)
    t["allocations"] = allocations
    workers = []
    for w in t["workers"]:
        if w.start_date > end:
            continue
        w.end_date = cut_end(w.end_date)
        if w.end_date is not None and w.end_date < keep_from:
            continue
        workers.append(w)
    t["workers"] = workers
    kept_workers = {w.sw_id for w in workers}
    for v in t["visits"]:
        if v.sw_id not in kept_workers:
            v.sw_id = None
    t["allocations"] = [a for a in t["allocations"] if a.sw_id in kept_workers]
    # Children: only those with something left.
    referenced: set[str] = set()
    for name in ("contacts", "referrals", "cla_episodes", "care_leavers", "allocations"):
        referenced.update(row.la_child_id for row in t[name])
    t["children"] = [c for c in t["children"] if c.la_child_id in referenced]
    for child in t["children"]:
        if child.uasc and child.person_birth_date:
            ceased = _add_years(child.person_birth_date, 18)
            child.duc = ceased if ceased <= end else None


def simulate(config: SimConfig | None = None, **overrides: object) -> Borough:
    """Simulate one borough. ``overrides`` replace fields of ``config``."""
    config = config or SimConfig()
    if overrides:
        config = replace(config, **overrides)  # type: ignore[arg-type]
    return _Simulation(config).run()
