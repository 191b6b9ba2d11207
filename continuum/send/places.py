"""Place planning: EHC plans and specialist places projected 5-10 years ahead, with the method stated.

Why this method (seed 001 line 2997 names the risk that place planning "rests on projections"): a
council has to be able to say how a figure was made and how far to trust it, so the projection is
the plainest one that uses the borough's own history and its population, and says its uncertainty:

1. **History.** For each January census day (the SEN2 census day, the third Thursday in January),
   the plans in force by phase (the person's age that day: early years 0-4, primary 5-10,
   secondary 11-15, post-16 16-19, post-19 20-25), by primary need and by the named setting.
2. **Rate.** Plans per 1,000 of the phase's population, from the population projection (a CSV the
   council replaces: year, age, population; the ONS subnational projections are in that shape).
3. **Trend.** A straight line through each phase's rate over the census years (least squares); the
   projected plans are the line's rate times the projected population.
4. **Uncertainty band.** An 80% prediction interval of the line (Student's t with n-2 degrees of
   freedom times the standard error of a new point), so the band widens the further ahead the year
   and the fewer or noisier the years behind it; phases are added as independent (variances summed).
5. **By need.** Each phase's projection split by the needs' shares in that phase on the last census.
6. **Specialist places.** The projected plans times the share of plans naming each specialist
   setting on the last census, against the places the council has (a CSV: setting, places).
7. **Backtest.** The same method run on the census years up to a past year, its projection set
   against what the records show happened after.

Everything here is pure (lists and numbers in, numbers out) except :func:`history_from_records`,
which reads the plans, and :func:`population_from_csv` / :func:`capacity_from_csv`, which read the
two files, so the arithmetic is tested on hand-made series.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from continuum.returns.sen2 import layout

__all__ = [
    "CAPACITY_CSV",
    "PHASES",
    "POPULATION_CSV",
    "SCENARIOS",
    "SPECIALIST",
    "Backtest",
    "Census",
    "Fit",
    "Jump",
    "Plan",
    "Projection",
    "Scenario",
    "backtest",
    "capacity_from_csv",
    "census_day",
    "fit_line",
    "history_from_records",
    "jumps",
    "phase_of",
    "population_from_csv",
    "project",
    "scenario_table",
    "t_80",
]

DATA = Path(__file__).resolve().parent / "data"
#: The replaceable files (the demo borough's; a council puts its own in their place).
POPULATION_CSV = DATA / "population_projection.csv"
CAPACITY_CSV = DATA / "specialist_capacity.csv"

#: Phases by age on the census day (first age, last age).
PHASES: dict[str, tuple[int, int]] = {
    "Early years": (0, 4),
    "Primary": (5, 10),
    "Secondary": (11, 15),
    "Post-16": (16, 19),
    "Post-19": (20, 25),
}
#: The specialist settings places are planned for (``send.models.SettingType`` values).
SPECIALIST: dict[str, str] = {
    "special": "State-funded special school",
    "resourced": "Resourced provision or SEN unit",
    "independent": "Independent or non-maintained special school",
}

# Student's t, one-sided 90% (so a two-sided 80% interval), by degrees of freedom.
_T90 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383,
        10: 1.372, 12: 1.356, 15: 1.341, 20: 1.325, 30: 1.310}  # fmt: skip


def t_80(df: int) -> float:
    """The t multiplier of an 80% two-sided interval (the table's nearest lower entry; 1.282 past 30)."""
    if df < 1:
        return math.inf
    if df > 30:
        return 1.282
    return _T90[max(k for k in _T90 if k <= df)]


def census_day(year: int) -> date:
    """The SEN2 census day of ``year``, as the SEN2 year file gives it (``sen2.layout.census_day``)."""
    return layout.census_day(year)


def phase_of(age: int) -> str | None:
    return next((p for p, (lo, hi) in PHASES.items() if lo <= age <= hi), None)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class Plan:
    """What the history needs of one plan (read from the records, or made by hand in a test)."""

    born: date
    issued_on: date
    ceased_on: date | None
    need: str
    setting: str


@dataclass
class Census:
    """One census day's plans in force: by phase, by (phase, need) and by (phase, setting)."""

    year: int
    by_phase: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_need: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    by_setting: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.by_phase.values())


def history(plans: Iterable[Plan], years: Iterable[int]) -> list[Census]:
    """The plans in force on each year's census day."""
    out = [Census(y) for y in sorted(years)]
    plans = list(plans)
    for c in out:
        day = census_day(c.year)
        for p in plans:
            if p.issued_on > day or (p.ceased_on is not None and p.ceased_on <= day):
                continue
            phase = phase_of(_age(p.born, day))
            if phase is None:
                continue
            c.by_phase[phase] += 1
            c.by_need[(phase, p.need)] += 1
            c.by_setting[(phase, p.setting)] += 1
    return out


def history_from_records(as_of: date) -> list[Census]:
    """The borough's census days from its first plan's year to the last census on or before ``as_of``."""
    from continuum.send.models import EHCPlan

    rows = list(
        EHCPlan.objects.filter(child__person_birth_date__isnull=False).values_list(
            "child__person_birth_date", "issued_on", "ceased_on", "primary_need", "setting_type"
        )
    )
    if not rows:
        return []
    last = as_of.year if census_day(as_of.year) <= as_of else as_of.year - 1
    first = min(r[1] for r in rows).year + 1  # the first census with a year of plans behind it
    plans = [Plan(b, i, c, n, s or "other") for b, i, c, n, s in rows]
    return history(plans, range(first, last + 1))


# --- The two replaceable files ------------------------------------------------------------


def population_from_csv(path: Path = POPULATION_CSV) -> dict[int, dict[str, int]]:
    """Population by year and phase from a ``year,age,population`` CSV (ages outside 0-25 ignored)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            try:
                year, age, people = int(row["year"]), int(row["age"]), int(row["population"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(
                    f"The population projection file {path.name}, row {n}: expected whole numbers "
                    "in year, age and population"
                ) from None
            phase = phase_of(age)
            if phase:
                out[year][phase] += people
    return {y: dict(p) for y, p in out.items()}


def capacity_from_csv(path: Path = CAPACITY_CSV) -> dict[str, int]:
    """Specialist places by setting from a ``setting,places`` CSV."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for n, row in enumerate(rows, start=2):
        if row.get("setting") not in SPECIALIST:
            raise ValueError(
                f"The specialist places file {path.name}, row {n}: setting must be one of "
                f"{', '.join(SPECIALIST)}"
            )
        out[row["setting"]] = int(row["places"])
    return out


def _population(pop: Mapping[int, Mapping[str, int]], year: int, phase: str) -> int:
    """The year's population, or the nearest year's the file has (said on the page as the method)."""
    if not pop:
        raise ValueError("the population projection is empty")
    nearest = min(pop, key=lambda y: (abs(y - year), y))
    return pop[nearest].get(phase, 0)


# --- The line and the projection ----------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """A least-squares line through (year, value), with what its prediction interval needs."""

    slope: float
    intercept: float
    n: int
    mean_x: float
    sxx: float
    s: float  # residual standard error (0 with two points or an exact line)

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    def se_new(self, x: float) -> float:
        """Standard error of a new observation at ``x``."""
        if self.n < 3:
            return 0.0
        return self.s * math.sqrt(1 + 1 / self.n + (x - self.mean_x) ** 2 / self.sxx)


def fit_line(xs: list[float], ys: list[float]) -> Fit:
    """Ordinary least squares; one point gives a flat line (no trend can be read from one year)."""
    n = len(xs)
    if n == 0:
        raise ValueError("no census years to project from")
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return Fit(0.0, my, n, mx, 0.0, 0.0)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    sse = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(sse / (n - 2)) if n > 2 else 0.0
    return Fit(slope, intercept, n, mx, sxx, s)


@dataclass(frozen=True)
class Projection:
    """Projected plans per year: central, band, by phase, by need, and specialist places by setting."""

    years: list[int]
    central: dict[int, float]
    low: dict[int, float]
    high: dict[int, float]
    by_phase: dict[int, dict[str, float]]
    by_need: dict[int, dict[str, float]]
    specialist: dict[int, dict[str, float]]
    rates: dict[str, Fit]
    base_year: int


def project(
    censuses: list[Census],
    population: Mapping[int, Mapping[str, int]],
    horizon: int = 10,
    *,
    rate_held: bool = False,
    specialist_shift: float = 0.0,
) -> Projection:
    """Project ``horizon`` years past the last census (module docstring for the method).

    ``rate_held`` keeps each phase's rate at the last census (population change only);
    ``specialist_shift`` moves the specialist share by that many points over five years (-0.05:
    five points more in mainstream), for the scenarios.
    """
    if not censuses:
        raise ValueError("no census years to project from")
    last = censuses[-1]
    years = list(range(last.year + 1, last.year + horizon + 1))
    fits: dict[str, Fit] = {}
    by_phase: dict[int, dict[str, float]] = {y: {} for y in years}
    var: dict[int, float] = defaultdict(float)
    for phase in PHASES:
        xs = [float(c.year) for c in censuses]
        rates = [
            c.by_phase.get(phase, 0) * 1000 / max(_population(population, c.year, phase), 1) for c in censuses
        ]
        fit = fit_line(xs, rates) if not rate_held else Fit(0.0, rates[-1], 1, xs[-1], 0.0, 0.0)
        fits[phase] = fit
        for y in years:
            pop = _population(population, y, phase)
            by_phase[y][phase] = max(fit.at(y), 0.0) * pop / 1000
            var[y] += (t_80(fit.n - 2) * fit.se_new(y) * pop / 1000) ** 2 if fit.n >= 3 else 0.0
    central = {y: sum(by_phase[y].values()) for y in years}
    half = {y: math.sqrt(var[y]) for y in years}
    by_need: dict[int, dict[str, float]] = {y: defaultdict(float) for y in years}
    specialist: dict[int, dict[str, float]] = {y: dict.fromkeys(SPECIALIST, 0.0) for y in years}
    for phase in PHASES:
        held = last.by_phase.get(phase, 0)
        for y in years:
            for (p, need), n in last.by_need.items():
                if p == phase and held:
                    by_need[y][need] += by_phase[y][phase] * n / held
            step = min((y - last.year) / 5, 1.0) * specialist_shift
            for setting in SPECIALIST:
                share = last.by_setting.get((phase, setting), 0) / held if held else 0.0
                specialist[y][setting] += by_phase[y][phase] * max(share + step * (share > 0), 0.0)
    return Projection(
        years=years,
        central=central,
        low={y: max(central[y] - half[y], 0.0) for y in years},
        high={y: central[y] + half[y] for y in years},
        by_phase=by_phase,
        by_need={y: dict(v) for y, v in by_need.items()},
        specialist=specialist,
        rates=fits,
        base_year=last.year,
    )


@dataclass(frozen=True)
class Jump:
    """A phase whose first projected year is far from its last census count, with the why in numbers.

    The line runs through every census day, so when the last few fall away from it (or rise above
    it) the projection starts from the line, not from the last count: a jump on the page that reads
    as an error unless it is explained, with the figure that starts from the last count instead.
    """

    phase: str
    last_year: int
    counted: int
    line_then: float  # the line's plans on the last census day
    next_year: int
    projected: float  # trend continues, the first projected year
    held: float  # rate held at the last census, the first projected year
    censuses: int  # how many census days the line runs through
    apart: int  # how many of the latest census days lie on the same side of the line as the last

    @property
    def below(self) -> bool:
        """The last census lies below the line (the count fell away from it)."""
        return self.counted < self.line_then


#: A jump worth explaining: the first projected year this share away from the last count, and at
#: least this many plans (so a phase of a handful of plans is not explained for a swing of two).
JUMP_SHARE = 0.25
JUMP_PLANS = 10


def jumps(
    censuses: list[Census],
    population: Mapping[int, Mapping[str, int]],
    trend: Projection,
    held: Projection,
) -> list[Jump]:
    """The phases whose first projected year (``trend``) is far from their last census count."""
    if not censuses or not trend.years:
        return []
    last, first = censuses[-1], trend.years[0]
    out = []
    for phase in PHASES:
        counted = last.by_phase.get(phase, 0)
        projected = trend.by_phase[first][phase]
        if abs(projected - counted) <= max(JUMP_PLANS, JUMP_SHARE * counted):
            continue
        fit = trend.rates[phase]

        def line(year: int, fit: Fit = fit, phase: str = phase) -> float:
            return max(fit.at(year), 0.0) * _population(population, year, phase) / 1000

        below = counted < line(last.year)
        apart = 0
        for c in reversed(censuses):
            if (c.by_phase.get(phase, 0) < line(c.year)) != below:
                break
            apart += 1
        out.append(
            Jump(
                phase=phase,
                last_year=last.year,
                counted=counted,
                line_then=line(last.year),
                next_year=first,
                projected=projected,
                held=held.by_phase[first][phase],
                censuses=len(censuses),
                apart=apart,
            )
        )
    return out


# --- Scenarios and the backtest -----------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One row group of the scenario table: its name, what it assumes, and its projection."""

    name: str
    assumes: str
    projection: Projection


#: The scenarios, like the strategy's Appendix (ii): (name, what it assumes, project() options).
SCENARIOS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("Trend continues", "Each phase's rate per 1,000 follows its line; population as projected.", {}),
    (
        "Rate held",
        "Each phase's rate stays at the last census; only the population changes.",
        {"rate_held": True},
    ),
    (
        "More mainstream inclusion",
        "As the trend, with the specialist share 5 points lower within five years.",
        {"specialist_shift": -0.05},
    ),
    (
        "Specialist share rises",
        "As the trend, with the specialist share 5 points higher within five years.",
        {"specialist_shift": 0.05},
    ),
)


def scenario_table(
    censuses: list[Census], population: Mapping[int, Mapping[str, int]], horizon: int = 10
) -> list[Scenario]:
    return [
        Scenario(name, assumes, project(censuses, population, horizon, **options))  # type: ignore[arg-type]
        for name, assumes, options in SCENARIOS
    ]


@dataclass(frozen=True)
class Backtest:
    """The projection made from the census years up to ``origin``, against what followed."""

    origin: int
    rows: list[tuple[int, float, float, float, int]]  # year, projected, low, high, actual

    @property
    def mean_abs_pct_error(self) -> float | None:
        errors = [abs(p - a) / a for _, p, _, _, a in self.rows if a]
        return 100 * sum(errors) / len(errors) if errors else None

    @property
    def inside_band(self) -> int:
        return sum(lo <= a <= hi for _, _, lo, hi, a in self.rows)


def backtest(
    censuses: list[Census], population: Mapping[int, Mapping[str, int]], held_back: int = 2
) -> Backtest | None:
    """Project from all but the last ``held_back`` census years and compare (None: too few years)."""
    if len(censuses) < held_back + 2:
        return None
    fitted, after = censuses[:-held_back], censuses[-held_back:]
    p = project(fitted, population, horizon=held_back)
    rows = [(c.year, p.central[c.year], p.low[c.year], p.high[c.year], c.total) for c in after]
    return Backtest(origin=fitted[-1].year, rows=rows)
