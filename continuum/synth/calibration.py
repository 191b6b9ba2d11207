"""Calibration targets for the synthetic borough, and the yearly figures to check.

Every target cites where its figure comes from (a seed file and line,
listed in ``docs/sources.md``). The
figures are Barnet's, 2009-2020: Barnet is the first user, and its published
board papers are the only figures the project holds.

**Tolerance.** A simulated yearly figure passes when it is within 15% of its
target (for a range, 15% below its low end to 15% above its high end). For
figures whose yearly value is a count or share of only a few hundred events,
pure chance moves it by more than that: 14% repeat plans out of 250 has a
standard error of 2.2 points, i.e. 16% of the figure; 3% sexual abuse out of
250 plans is 7.5 plans, where one plan more or less is 13%. Barnet's own
figures move that much year to year (repeat plans 9.2%, 17.9%, 13.8%: seed 000
L1722, L1734, L1748; neglect 43% then 48%: seed 002 L62). So the band is never
narrower than the 99.8% funnel-plot control limits (exact binomial limits for a
share at that year's denominator, Poisson limits for a count): the limits
public-sector performance teams use to tell a real difference from noise. ``Check.strict``
says whether a figure is also within the plain 15%.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from continuum.core.working_days import WorkingDayCalendar
from continuum.synth.model import Borough

__all__ = ["TARGETS", "TOLERANCE", "Check", "Target", "check", "yearly_figures"]

TOLERANCE = 0.15
FUNNEL_TAIL = 0.001  # each side: 99.8% limits


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    low: float
    high: float
    kind: str  # "count", "share" (0-1) or "mean"
    source: str
    #: For a share: the figure whose yearly value is its denominator.
    denominator: str | None = None

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


TARGETS: tuple[Target, ...] = (
    Target("contacts", "Contacts", 15146, 15146, "count", "seed 001 L1505 (2016/17)"),
    Target(
        "referral_conversion",
        "Contacts becoming referrals",
        0.16,
        0.17,
        "share",
        "seed 003 L460-462 (16% in July, 17% yearly average)",
        "contacts",
    ),
    Target(
        "re_referrals",
        "Re-referrals within 12 months",
        0.18,
        0.18,
        "share",
        "seed 001 L548 (target 18%, statistical neighbours 18.2%)",
        "referrals",
    ),
    Target(
        "assessments",
        "Assessments completed",
        3000,
        3000,
        "count",
        "seed 000 L1716, L1728, L1741 (3,082, 3,089, 2,871 a year)",
    ),
    Target(
        "assessments_45wd",
        "Assessments within 45 working days",
        0.89,
        0.90,
        "share",
        "seed 001 L1531 (89% in June 2017); target 90% (seed 001 L534)",
        "assessments",
    ),
    Target(
        "s47", "Section 47 enquiries", 500, 500, "count", "seed 000 L1718 (501), L1730 (556), L1743 (487)"
    ),
    Target(
        "icpcs",
        "Initial child protection conferences",
        250,
        290,
        "count",
        "seed 000 L1719 (289), L1731 (243)",
    ),
    Target(
        "cp_started", "CP plans started", 250, 250, "count", "seed 000 L1721 (254), L1733 (207), L1745 (241)"
    ),
    Target(
        "cp_repeat",
        "CP plans that are second or later",
        0.14,
        0.14,
        "share",
        "seed 000 L1722 (13.78%)",
        "cp_started",
    ),
    Target(
        "cp_neg", "CP plans started: neglect", 0.48, 0.48, "share", "seed 002 L62 (2014/15)", "cp_started"
    ),
    Target("cp_emo", "CP plans started: emotional abuse", 0.31, 0.31, "share", "seed 002 L59", "cp_started"),
    Target("cp_phy", "CP plans started: physical abuse", 0.18, 0.18, "share", "seed 002 L63", "cp_started"),
    Target("cp_sab", "CP plans started: sexual abuse", 0.03, 0.03, "share", "seed 002 L64", "cp_started"),
    Target(
        "cp_mul", "CP plans started: multiple", 0.0, 0.01, "share", "seed 002 L61 (1%, then 0%)", "cp_started"
    ),
    Target(
        "cp_open",
        "CP plans at 31 March",
        143,
        170,
        "count",
        "seed 003 L464 (162 in 2020, 170 a year before); seed 001 L1490 (143 in 2017)",
    ),
    Target(
        "cla_open",
        "Looked-after children at 31 March",
        300,
        347,
        "count",
        "seed 002 L86-88 (300-325, 2009-15); seed 001 L1544 (347 in 2017)",
    ),
    Target(
        "cla_started",
        "Children starting to be looked after",
        168,
        168,
        "count",
        "seed 003 L134 (12-month rolling average of 14 a month)",
    ),
    Target("cla_ceased", "Children ceasing to be looked after", 163, 163, "count", "seed 001 L1556"),
    Target(
        "cla_3_placements",
        "CLA at 31 March with 3+ placements in the year",
        0.044,
        0.074,
        "share",
        "seed 002 L100 (4.4% June 2015, 7.4% in 2014/15)",
        "cla_open",
    ),
    Target(
        "cla_out_of_borough",
        "CLA at 31 March placed out of borough",
        0.63,
        0.63,
        "share",
        "seed 001 L1549 (221 of 347)",
        "cla_open",
    ),
    Target("uasc_open", "UASC looked after at 31 March", 62, 62, "count", "seed 001 L1554"),
    Target("adoptions", "Adoptions", 10, 10, "count", "seed 001 L1555"),
    Target("independent_living", "Ceased care to independent living", 45, 45, "count", "seed 001 L1558"),
    Target(
        "missing_cla_children",
        "Children in care who went missing",
        43,
        43,
        "count",
        "seed 002 L301 (13 placed in borough + 30 outside, 2014/15)",
    ),
    Target(
        "absent_cla_children",
        "Children in care who were absent",
        20,
        20,
        "count",
        "seed 002 L302 (7 + 13, 2014/15)",
    ),
    Target("missing_home_children", "Children missing from home", 15, 15, "count", "seed 002 L301 (2014/15)"),
    Target(
        "caseload", "Average caseload at 31 March", 14, 21, "mean", "seed 001 L451 (14), L457 (17), L461 (21)"
    ),
    Target(
        "agency_share",
        "Agency social workers at 31 March",
        0.109,
        0.30,
        "share",
        "seed 001 L1495 (30% June 2016, 10.9% June 2017)",
        "workers_in_post",
    ),
    Target(
        "turnover",
        "Permanent staff leaving in the year",
        0.076,
        0.128,
        "share",
        "seed 001 L1497 (12.8%, projected 7.6%)",
        "permanent_staff",
    ),
)


# --- Yearly figures ------------------------------------------------------------


def _between(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def _open_on(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end > day)


def yearly_figures(borough: Borough, calendar: WorkingDayCalendar | None = None) -> list[dict[str, float]]:
    """The calibrated figures for each reported year, computed from the records.

    Definitions follow the DfE's where there is one: counts are of events dated
    in the financial year; stocks are at 31 March; a re-referral is a referral
    within 365 days of the child's previous one; an assessment's 45 working
    days run from the referral for the episode's first assessment and from its
    own start otherwise.
    """
    cal = calendar or WorkingDayCalendar()
    t = borough.tables
    refs_by_child: dict[str, list[date]] = {}
    for r in t["referrals"]:
        refs_by_child.setdefault(r.la_child_id, []).append(r.cin_referral_date)
    for dates in refs_by_child.values():
        dates.sort()
    ref_date = {r.referral_id: r.cin_referral_date for r in t["referrals"]}
    first_assessment: dict[str, str] = {}
    for a in sorted(t["assessments"], key=lambda a: (a.assessment_actual_start_date, a.assessment_id)):
        first_assessment.setdefault(a.referral_id, a.assessment_id)
    children = {c.la_child_id: c for c in t["children"]}
    episodes_by_child: dict[str, list] = {}
    for e in t["cla_episodes"]:
        episodes_by_child.setdefault(e.la_child_id, []).append(e)
    out: list[dict[str, float]] = []
    for start, end in borough.years:
        f: dict[str, float] = {"year_start": start.year}  # type: ignore[dict-item]
        f["contacts"] = sum(1 for c in t["contacts"] if start <= c.contact_datetime.date() <= end)
        refs = [r for r in t["referrals"] if _between(r.cin_referral_date, start, end)]
        f["referrals"] = len(refs)
        f["referral_conversion"] = len(refs) / f["contacts"] if f["contacts"] else 0.0
        re_refs = 0
        for r in refs:
            dates = refs_by_child[r.la_child_id]
            if any(r.cin_referral_date - timedelta(days=365) <= d < r.cin_referral_date for d in dates):
                re_refs += 1
        f["re_referrals"] = re_refs / len(refs) if refs else 0.0
        done = [a for a in t["assessments"] if _between(a.assessment_authorisation_date, start, end)]
        f["assessments"] = len(done)
        on_time = 0
        for a in done:
            clock = (
                ref_date.get(a.referral_id)
                if first_assessment.get(a.referral_id) == a.assessment_id
                else None
            )
            clock = clock or a.assessment_actual_start_date
            if cal.working_days_between(clock, a.assessment_authorisation_date) <= 45:
                on_time += 1
        f["assessments_45wd"] = on_time / len(done) if done else 0.0
        f["s47"] = sum(1 for s in t["s47"] if _between(s.s47_actual_start_date, start, end))
        f["icpcs"] = sum(
            1
            for c in t["conferences"]
            if c.conference_type == "ICPC" and _between(c.conference_date, start, end)
        )
        started = [p for p in t["cp_plans"] if _between(p.cpp_start_date, start, end)]
        n = len(started)
        f["cp_started"] = n
        f["cp_repeat"] = sum(1 for p in started if p.number_of_previous_cpp > 0) / n if n else 0.0
        for code in ("NEG", "EMO", "PHY", "SAB", "MUL"):
            f[f"cp_{code.lower()}"] = (
                sum(1 for p in started if p.initial_category_of_abuse == code) / n if n else 0.0
            )
        f["cp_open"] = sum(1 for p in t["cp_plans"] if _open_on(p.cpp_start_date, p.cpp_end_date, end))
        open_eps = [e for e in t["cla_episodes"] if _open_on(e.decom, e.dec, end)]
        cla_open = sorted({e.la_child_id for e in open_eps})
        f["cla_open"] = len(cla_open)
        f["cla_rate_per_10k"] = len(cla_open) / borough.child_population * 10_000
        f["cla_started"] = sum(1 for e in t["cla_episodes"] if e.rne == "S" and _between(e.decom, start, end))
        ceased = [e for e in t["cla_episodes"] if e.rec not in (None, "X1") and _between(e.dec, start, end)]
        f["cla_ceased"] = len(ceased)
        f["adoptions"] = sum(1 for e in ceased if e.rec in ("E11", "E12"))
        f["independent_living"] = sum(1 for e in ceased if e.rec in ("E5", "E6"))
        three = 0
        for cid in cla_open:
            placements = [
                e
                for e in episodes_by_child[cid]
                if e.rne in ("S", "P", "T", "B", "U") and e.decom <= end and (e.dec is None or e.dec >= start)
            ]
            if len(placements) >= 3:
                three += 1
        f["cla_3_placements"] = three / len(cla_open) if cla_open else 0.0
        f["cla_out_of_borough"] = (
            sum(1 for e in open_eps if e.placement_location == "OUT") / len(open_eps) if open_eps else 0.0
        )
        f["uasc_open"] = sum(1 for cid in cla_open if children[cid].uasc)
        missing = [m for m in t["missing"] if _between(m.mis_start, start, end)]
        f["missing_episodes"] = len(missing)
        f["missing_cla_children"] = len(
            {m.la_child_id for m in missing if m.missing == "M" and m.missing_from != "HOME"}
        )
        f["absent_cla_children"] = len(
            {m.la_child_id for m in missing if m.missing == "A" and m.missing_from != "HOME"}
        )
        f["missing_home_children"] = len({m.la_child_id for m in missing if m.missing_from == "HOME"})
        f["care_leavers_new"] = sum(1 for c in t["care_leavers"] if _between(c.left_care_date, start, end))
        f["care_leavers_open"] = sum(
            1
            for c in t["care_leavers"]
            if c.left_care_date <= end and (c.duty_end_date is None or c.duty_end_date > end)
        )
        f.update(_workforce(borough, start, end))
        out.append(f)
    return out


def _workforce(borough: Borough, start: date, end: date) -> dict[str, float]:
    t = borough.tables
    caseholders = {
        w.sw_id
        for w in t["workers"]
        if w.role in ("SW", "PA") and _in_post(w, end) and _team_service(borough, w) != "MASH"
    }
    load: dict[str, int] = {sw: 0 for sw in sorted(caseholders)}
    for a in t["allocations"]:
        if a.sw_id in load and _open_on(a.sw_decom, a.sw_dec, end):
            load[a.sw_id] += 1
    staff = [w for w in t["workers"] if w.role in ("SW", "PA") and _in_post(w, end)]
    permanent = [w for w in t["workers"] if w.role in ("SW", "PA") and not w.agency]
    headcount = [
        sum(1 for w in permanent if _in_post(w, start + timedelta(days=d))) for d in range(0, 365, 30)
    ]
    avg_perm = sum(headcount) / len(headcount) if headcount else 0
    leavers = sum(1 for w in permanent if _between(w.end_date, start, end))
    return {
        "caseload": sum(load.values()) / len(load) if load else 0.0,
        "workers_in_post": len(staff),
        "agency_share": sum(1 for w in staff if w.agency) / len(staff) if staff else 0.0,
        "permanent_staff": avg_perm,
        "turnover": leavers / avg_perm if avg_perm else 0.0,
    }


def _in_post(w, day: date) -> bool:  # type: ignore[no-untyped-def]
    return w.start_date <= day and (w.end_date is None or w.end_date >= day)


_SERVICE_CACHE: dict[int, dict[str, str]] = {}


def _team_service(borough: Borough, w) -> str:  # type: ignore[no-untyped-def]
    key = id(borough)
    if key not in _SERVICE_CACHE:
        _SERVICE_CACHE.clear()
        _SERVICE_CACHE[key] = {team.team_id: team.service for team in borough.tables["teams"]}
    return _SERVICE_CACHE[key].get(w.team_id, "")


# --- Checking ------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    target: Target
    year_start: int
    value: float
    lower: float
    upper: float

    @property
    def ok(self) -> bool:
        return self.lower <= self.value <= self.upper

    @property
    def strict(self) -> bool:
        """Within the plain 15%, without the funnel-plot allowance."""
        return self.target.low * (1 - TOLERANCE) <= self.value <= self.target.high * (1 + TOLERANCE)


def _quantiles(log_pmf: Callable[[int], float], top: int, centre: int) -> tuple[int, int]:
    """The 0.1% and 99.9% quantiles of a discrete distribution on 0..top."""
    pmf = [math.exp(log_pmf(k)) for k in range(top + 1)]
    total = sum(pmf)
    running, low, high = 0.0, 0, top
    for k, q in enumerate(pmf):
        running += q / total
        if running < FUNNEL_TAIL:
            low = k + 1
        if running >= 1 - FUNNEL_TAIL:
            high = k
            break
    return min(low, centre), max(high, centre)


def _poisson_limits(mean: float) -> tuple[float, float]:
    top = int(mean + 12 * math.sqrt(mean) + 20)
    lam = max(mean, 1e-9)
    return _quantiles(lambda k: k * math.log(lam) - lam - math.lgamma(k + 1), top, round(mean))


def _binomial_limits(n: int, p: float) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    p = min(max(p, 1e-9), 1 - 1e-9)
    lo, hi = _quantiles(
        lambda k: (
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + k * math.log(p)
            + (n - k) * math.log(1 - p)
        ),
        n,
        round(n * p),
    )
    return lo / n, hi / n


def _band(target: Target, figures: dict[str, float]) -> tuple[float, float]:
    """±15%, widened where needed to the exact 99.8% funnel limits."""
    lower, upper = target.low * (1 - TOLERANCE), target.high * (1 + TOLERANCE)
    if target.kind == "count":
        lo, _ = _poisson_limits(target.low)
        _, hi = _poisson_limits(target.high)
    elif target.kind == "share" and target.denominator:
        n = round(figures.get(target.denominator, 0.0))
        lo, _ = _binomial_limits(n, target.low)
        _, hi = _binomial_limits(n, target.high)
    else:
        lo, hi = lower, upper
    return min(lower, lo), max(upper, hi)


def check(figures_by_year: list[dict[str, float]]) -> list[Check]:
    """Compare every target with every year's figure."""
    checks = []
    for figures in figures_by_year:
        for target in TARGETS:
            lower, upper = _band(target, figures)
            checks.append(
                Check(target, int(figures["year_start"]), figures[target.key], max(0.0, lower), upper)
            )
    return checks


def format_value(target: Target, value: float) -> str:
    if target.kind == "share":
        return f"{value * 100:.1f}%"
    if target.kind == "mean":
        return f"{value:.1f}"
    return f"{value:,.0f}"


def format_target(target: Target) -> str:
    if target.low == target.high:
        return format_value(target, target.low)
    return f"{format_value(target, target.low)}–{format_value(target, target.high)}"


FigureFn = Callable[[Borough], list[dict[str, float]]]
