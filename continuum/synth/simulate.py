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

The journey is drawn phase by phase, one module each under
:mod:`continuum.synth.journey`: arrivals and contacts (``arrivals``), referral
and assessment (``referral``, ``assessment``), child protection
(``child_protection``), CIN plans (``child_in_need``), periods of care
(``looked_after``, ``placements``), missing episodes (``missing``), care
leavers (``care_leavers``), statutory visits (``visits``), teams' periods of
work (``segments``) and the cut at the extraction (``cut``). This module holds
the configuration and :class:`Simulation`, the state every phase reads and
writes, and runs them in order.

Working days are English working days (:class:`WorkingDayCalendar` with no
local closures, so the borough does not depend on any Django setting).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.working_days import WorkingDayCalendar
from continuum.synth import names
from continuum.synth.journey.arrivals import arrive
from continuum.synth.journey.assessment import ADOLESCENT_FACTOR_AGE, ADOLESCENT_FACTORS
from continuum.synth.journey.cut import cut_tables
from continuum.synth.journey.draws import DAY, Table
from continuum.synth.journey.state import ChildState
from continuum.synth.model import Borough, Referral
from continuum.synth.params import Params
from continuum.synth.population import deprived_wards

__all__ = [
    "ADOLESCENT_FACTORS",
    "ADOLESCENT_FACTOR_AGE",
    "SimConfig",
    "Simulation",
    "cut_tables",
    "default_last_year_end",
    "simulate",
]


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
    #: With ``as_of``: the moment the records are taken (naive local time), when that is earlier than the
    #: end of ``as_of``'s working hours, as for the demo loaded at 08:38. A contact drawn for later that
    #: day has not come in yet, and a decision drawn for later is not made yet (the cut withholds both).
    taken_at: datetime | None = None
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


class Simulation:
    """The borough being drawn: its configuration, calendar, tables and counters.

    Every phase of the journey (:mod:`continuum.synth.journey`) is a function
    of this state and of one child's :class:`ChildState`; the ids and the
    "last work" ledger live here because several phases share them.
    """

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
            if config.taken_at is not None:
                self.extracted_at = min(self.extracted_at, config.taken_at)
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
            extracted_at=self.extracted_at,
            child_population=config.child_population,
        )
        self.t = self.borough.tables
        self._counters: dict[str, int] = {}
        self.ward_weights = Table([(w, 1.0 + (i % 4) * 0.4) for i, w in enumerate(config.wards)])
        self.ward_index = {w: i for i, w in enumerate(config.wards)}
        self.deprived_wards = frozenset(deprived_wards(config.wards))
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.categories = Table(self.p.category_mix)
        self.segments: list[tuple[str, str, date, date, str]] = []  # child, service, start, end, end kind
        #: Per referral, the day of the last work recorded in it: its closure may not precede it.
        self.last_work: dict[str, date] = {}
        #: Per referral, the authorisation day of its latest assessment (the next starts after it).
        self.assessed_to: dict[str, date] = {}

    # --- helpers ---------------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        """A borough-wide id (teams, workers, early help, health records): prefix, borough, count."""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{self.key}{n:07d}"

    def record_id(self, st: ChildState, prefix: str) -> str:
        """A record id of the child's own: the child's id and its count of such records.

        Why not one counter for the borough: a later extraction day adds records
        to children simulated earlier, which would shift every later child's ids;
        numbered per child, a record keeps its id however far the borough runs.
        """
        n = st.ids.get(prefix, 0) + 1
        st.ids[prefix] = n
        return f"{prefix}{st.child.la_child_id}{n:04d}"

    def note_work(self, ref: Referral, *days: date | None) -> None:
        """Note work done in ``ref`` on ``days`` (the referral cannot close before the last)."""
        for day in days:
            if day is not None and day > self.last_work.get(ref.referral_id, day - DAY):
                self.last_work[ref.referral_id] = day

    def wd(self, d: date, n: int) -> date:
        """``n`` English working days after ``d``."""
        return self.cal.add_working_days(d, n)

    def run(self) -> Borough:
        """Draw every child's journey, then the workforce, the cut and the records added after."""
        arrive(self)
        from continuum.synth.workforce import simulate_workforce

        simulate_workforce(self)
        # Cut at the extraction date and drop history from before it is needed.
        cut_tables(self.t, self.end, self.extracted_at, self.history_start)
        from continuum.synth.adoption import add_looked_after_records

        add_looked_after_records(self.borough, self.seed_base)
        from continuum.synth.health_and_early_help import add_health_and_early_help

        add_health_and_early_help(self)
        from continuum.synth.duplicates import add_duplicates

        add_duplicates(self.borough, self.seed_base)  # last: moves only NFA/advice contacts
        from continuum.synth.journey.care_leavers import care_leaver_contacts

        # Each care leaver's status at leaving and around each 19th-21st birthday (issue 15), drawn
        # from a stream of its own per care leaver so no other table moves.
        dobs = {c.la_child_id: c.person_birth_date for c in self.t["children"]}
        self.t["care_leaver_contacts"] = care_leaver_contacts(
            self.t["care_leavers"], dobs, self.end, self.seed_base
        )
        return self.borough


def simulate(config: SimConfig | None = None, **overrides: object) -> Borough:
    """Simulate one borough. ``overrides`` replace fields of ``config``."""
    config = config or SimConfig()
    if overrides:
        config = replace(config, **overrides)  # type: ignore[arg-type]
    return Simulation(config).run()
