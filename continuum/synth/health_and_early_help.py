"""The synthetic borough's early help episodes, CLA health and education records, and RHI times.

Why a pass after the journey rather than inside it: none of these changes what
happens next in the simulated journey (an early help episode is the answer to
a contact already decided; a PEP or a dental check does not move a child), so
they are derived from the finished, cut-to-date records. Each draws from its
own random stream, seeded by the borough and the record it hangs on, so adding
them leaves every other simulated figure exactly as it was.

What the borough's papers say, and how it is met:

* Early help: about 2,200 Early Help Assessments a year (seed 003 L132: 1,303
  from April to October 2020) and 720-800 open at a time (seed 001 L533). Not
  every contact the MASH passes to early help becomes an assessment (the family
  must agree), so a share of those contacts start one, plus most referrals
  closed after assessment with a referral to early help (RC9, a step-down).
  A median of about four months open gives the open count.
* PEPs every 6 months for children of school age, health assessments within
  20 working days of coming into care and then yearly (6-monthly under 5),
  dental checks yearly (Care Planning Regulations 2010; the SSDA903 health
  counts): mostly on time, some late (seed 001
  L541: 84% of PEPs up to date).
* Return home interviews: offered mostly within 72 hours of the return, some
  later (missing-from-care guidance, 2014), at the times of day people actually work.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the simulation imports this module; only its type is needed here
    from collections.abc import Callable

    from continuum.synth.simulate import Simulation

__all__ = [
    "DentalCheck",
    "EarlyHelpEpisode",
    "HealthAndEarlyHelpParams",
    "HealthAssessment",
    "PersonalEducationPlan",
    "add_health_and_early_help",
    "case_record_tables",
]

DAY = timedelta(days=1)


# --- Records (one per analytical table, field names = schema columns) -------------------


@dataclass(slots=True)
class EarlyHelpEpisode:
    la_code: str
    early_help_id: str
    la_child_id: str
    eha_start_date: date
    eha_end_date: date | None = None
    lead_professional_agency: str | None = None
    contact_id: str | None = None
    stepped_down_from: str | None = None
    stepped_up_to: str | None = None


@dataclass(slots=True)
class PersonalEducationPlan:
    la_code: str
    pep_id: str
    la_child_id: str
    episode_id: str
    pep_date: date


@dataclass(slots=True)
class HealthAssessment:
    la_code: str
    health_assessment_id: str
    la_child_id: str
    episode_id: str
    health_assessment_date: date
    health_assessment_type: str


@dataclass(slots=True)
class DentalCheck:
    la_code: str
    dental_check_id: str
    la_child_id: str
    episode_id: str
    dental_check_date: date


#: Analytical table -> record class, added to :data:`continuum.synth.model.RECORD_TYPES`.
RECORD_TYPES: dict[str, type] = {
    "early_help": EarlyHelpEpisode,
    "peps": PersonalEducationPlan,
    "health_assessments": HealthAssessment,
    "dental_checks": DentalCheck,
}


@dataclass(frozen=True)
class HealthAndEarlyHelpParams:
    #: Share of contacts passed to early help that start an assessment (the family agrees).
    eha_from_contact: float = 0.47
    #: Share of referrals closed RC9 (referred to early help) that start one.
    eha_from_step_down: float = 0.85
    #: Working days from the MASH decision (or the closure) to the assessment starting.
    eha_start_wd: tuple[int, int] = (2, 15)
    #: Median days an early help episode is open, and the lognormal spread.
    eh_median_days: float = 105.0
    eh_sigma: float = 0.55
    #: Lead professional's agency, weighted (schools and health lead most plans).
    lead_agencies: tuple[tuple[str, float], ...] = (
        ("EDUCATION", 45),
        ("HEALTH", 20),
        ("CHILDRENS_SOCIAL_CARE", 20),
        ("HOUSING", 5),
        ("OTHER", 10),
    )
    #: Chance each next PEP / health assessment / dental check is held by its due day, and
    #: the most days a late one is late. Tuned so that about 9 in 10 children are up to
    #: date on any day: near the 84% PEP figure of seed 001 L541 after the improvement
    #: the borough planned there, with dental checks the least timely.
    pep_on_time: float = 0.6
    pep_late_days: int = 95
    health_on_time: float = 0.7
    health_late_days: int = 120
    dental_on_time: float = 0.6
    dental_late_days: int = 200
    #: Ages (at the meeting) for which PEPs are held: reception to year 13.
    pep_ages: tuple[int, int] = (4, 17)
    #: Chance an offered return home interview is offered within 72 hours.
    rhi_within_72h: float = 0.85


# --- Helpers ----------------------------------------------------------------------------


def _age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)  # pragma: no cover - day 28 always exists


def _next_due(rng: random.Random, last: date, months: int, on_time: float, late_days: int) -> date:
    """The next check after ``last``: by its due day if on time, else up to ``late_days`` late."""
    due = _add_months(last, months)
    if rng.random() < on_time:
        return due - timedelta(days=rng.randrange(0, 35))
    return due + timedelta(days=rng.randrange(1, late_days + 1))


def _working_hours(rng: random.Random, d: date) -> datetime:
    return datetime.combine(d, time(rng.randrange(8, 19), rng.choice((0, 15, 30, 45))))


# --- Early help -------------------------------------------------------------------------


def _early_help(sim: Simulation, hp: HealthAndEarlyHelpParams) -> list[EarlyHelpEpisode]:
    t, end, keep_from = sim.t, sim.end, sim.history_start
    children = {c.la_child_id: c for c in t["children"]}
    referrals_by_child: dict[str, list[Any]] = defaultdict(list)
    for r in t["referrals"]:
        referrals_by_child[r.la_child_id].append(r)
    starts: list[tuple[date, str, str | None, str | None]] = []  # day, child, contact, stepped down from
    for c in t["contacts"]:
        if c.mash_outcome != "EARLY_HELP" or c.mash_decision_datetime is None:
            continue
        rng = random.Random(f"{sim.seed_base}:eh:{c.contact_id}")  # noqa: S311 - simulation
        if rng.random() < hp.eha_from_contact:
            day = sim.wd(c.mash_decision_datetime.date(), rng.randint(*hp.eha_start_wd))
            starts.append((day, c.la_child_id, c.contact_id, None))
    for r in t["referrals"]:
        if r.reason_for_closure != "RC9" or r.cin_closure_date is None:
            continue
        rng = random.Random(f"{sim.seed_base}:eh:{r.referral_id}")  # noqa: S311 - simulation
        if rng.random() < hp.eha_from_step_down:
            day = sim.wd(r.cin_closure_date, rng.randint(*hp.eha_start_wd))
            starts.append((day, r.la_child_id, None, r.referral_id))
    agencies = [a for a, _ in hp.lead_agencies]
    weights = [w for _, w in hp.lead_agencies]
    open_until: dict[str, date | None] = {}
    out: list[EarlyHelpEpisode] = []
    for day, child_id, contact_id, stepped_down in sorted(starts, key=lambda s: (s[0], s[1], s[2] or "")):
        child = children.get(child_id)
        if child is None or day > end or day < keep_from:
            continue
        if child.person_death_date is not None and day > child.person_death_date:
            continue
        if child_id in open_until and (open_until[child_id] is None or open_until[child_id] >= day):
            continue  # one early help episode at a time
        rng = random.Random(f"{sim.seed_base}:eh-run:{child_id}:{day}")  # noqa: S311 - simulation
        length = max(14, round(hp.eh_median_days * rng.lognormvariate(0, hp.eh_sigma)))
        closes: date | None = day + timedelta(days=length)
        stepped_up = None
        for r in referrals_by_child.get(child_id, ()):
            if day < r.cin_referral_date <= closes and r.referral_id != stepped_down:
                closes, stepped_up = r.cin_referral_date, r.referral_id
                break
        if child.person_death_date is not None and closes > child.person_death_date:
            closes, stepped_up = child.person_death_date, None
        if closes > end:
            closes, stepped_up = None, None
        open_until[child_id] = closes
        out.append(
            EarlyHelpEpisode(
                sim.la,
                sim.next_id("EH"),
                child_id,
                day,
                closes,
                rng.choices(agencies, weights)[0],
                contact_id,
                stepped_down,
                stepped_up,
            )
        )
    return out


# --- Looked-after children's health and education ---------------------------------------


def _care_records(
    sim: Simulation, hp: HealthAndEarlyHelpParams
) -> tuple[list[PersonalEducationPlan], list[HealthAssessment], list[DentalCheck]]:
    t, end, keep_from = sim.t, sim.end, sim.history_start
    children = {c.la_child_id: c for c in t["children"]}
    periods: dict[str, list[Any]] = defaultdict(list)
    for e in t["cla_episodes"]:
        if e.ls not in ("V3", "V4"):
            periods[e.period_of_care_id].append(e)
    peps: list[PersonalEducationPlan] = []
    health: list[HealthAssessment] = []
    dental: list[DentalCheck] = []
    for poc_id in sorted(periods):
        episodes = sorted(periods[poc_id], key=lambda e: (e.decom, e.episode_id))
        child = children.get(episodes[0].la_child_id)
        if child is None or child.person_birth_date is None:
            continue
        first = episodes[0].decom
        last = min(end, episodes[-1].dec or end)
        if child.person_death_date is not None:
            last = min(last, child.person_death_date)
        rng = random.Random(f"{sim.seed_base}:care-health:{poc_id}")  # noqa: S311 - simulation

        def episode_on(day: date, episodes: list[Any] = episodes) -> str | None:
            found = None
            for e in episodes:
                if e.decom <= day and (e.dec is None or day <= e.dec):
                    found = e.episode_id  # the latest-starting one open that day
            return found

        def keep(day: date, last: date = last, born: date = child.person_birth_date) -> bool:
            return keep_from <= day <= last and day >= born

        cid = child.la_child_id
        started_here = episodes[0].episode_id == poc_id
        # Health: initial within 20 working days of coming into care, then yearly (6-monthly under 5).
        day = sim.wd(first, rng.randint(5, 24)) if started_here else first + rng.randrange(0, 300) * DAY
        kind = "INITIAL" if started_here else "REVIEW"
        while day <= last:
            ep = episode_on(day)
            if keep(day) and ep is not None:
                health.append(HealthAssessment(sim.la, sim.next_id("HA"), cid, ep, day, kind))
            kind = "REVIEW"
            age = _age_on(child.person_birth_date, day) or 0
            day = _next_due(rng, day, 6 if age < 5 else 12, hp.health_on_time, hp.health_late_days)
        # Dental: first a few months in, then yearly.
        day = first + timedelta(days=rng.randrange(30, 150) if started_here else rng.randrange(0, 300))
        while day <= last:
            ep = episode_on(day)
            if keep(day) and ep is not None and (_age_on(child.person_birth_date, day) or 0) >= 1:
                dental.append(DentalCheck(sim.la, sim.next_id("DC"), cid, ep, day))
            day = _next_due(rng, day, 12, hp.dental_on_time, hp.dental_late_days)
        # PEP: within 20 working days, then every 6 months, while of school age.
        day = sim.wd(first, rng.randint(8, 22)) if started_here else first + rng.randrange(0, 150) * DAY
        low, high = hp.pep_ages
        while day <= last:
            ep = episode_on(day)
            age = _age_on(child.person_birth_date, day)
            if keep(day) and ep is not None and age is not None and low <= age <= high:
                peps.append(PersonalEducationPlan(sim.la, sim.next_id("PEP"), cid, ep, day))
            day = _next_due(rng, day, 6, hp.pep_on_time, hp.pep_late_days)
    return peps, health, dental


# --- Return home interviews -------------------------------------------------------------


def _rhi_times(sim: Simulation, hp: HealthAndEarlyHelpParams) -> None:
    """Give each ended missing episode a time of return, and each offered interview its time."""
    for m in sim.t["missing"]:
        m.mis_end_datetime = m.rhi_offered_datetime = None
        if m.mis_end is None:
            continue
        rng = random.Random(f"{sim.seed_base}:rhi:{m.missing_id}")  # noqa: S311 - simulation
        back = datetime.combine(m.mis_end, time(rng.randrange(0, 24), rng.randrange(0, 60)))
        m.mis_end_datetime = back
        if not m.rhi_offered:
            continue
        hours = rng.uniform(2, 72) if rng.random() < hp.rhi_within_72h else rng.uniform(73, 240)
        offered = back + timedelta(hours=hours)
        if offered.date() > sim.end:  # not offered by the extraction date
            m.rhi_offered, m.rhi_accepted = False, False
            continue
        m.rhi_offered_datetime = offered.replace(second=0, microsecond=0)


def add_health_and_early_help(sim: Simulation, params: HealthAndEarlyHelpParams | None = None) -> None:
    """Add the four tables and the RHI times to a finished simulation (called from ``run``)."""
    hp = params or HealthAndEarlyHelpParams()
    sim.t["early_help"] = _early_help(sim, hp)
    sim.t["peps"], sim.t["health_assessments"], sim.t["dental_checks"] = _care_records(sim, hp)
    _rhi_times(sim, hp)


# --- Loading into the case record -------------------------------------------------------


def case_record_tables(
    borough: Any,
    ids: Any,
    stamp: tuple[Any, ...],
    child_pk: dict[str, int],
    contact_pk: dict[str, int],
    ref_pk: dict[str, int],
    cla_on: Callable[[str, date], int | None],
) -> list[Any]:
    """Rows of the early help, PEP, health assessment and dental check models (for ``load.py``).

    ``cla_on(child, day)`` is the database id of the child's CLA episode open
    that day (the latest-starting one, as the simulator chose).
    """
    from continuum.synth.load import _Table, _versioned

    t = borough.tables
    rows = [
        (
            ids.take("journey_earlyhelpepisode"),
            child_pk[e.la_child_id],
            contact_pk.get(e.contact_id) if e.contact_id else None,
            e.eha_start_date,
            e.eha_end_date,
            (e.lead_professional_agency or "").lower(),
            "",
            ref_pk.get(e.stepped_down_from) if e.stepped_down_from else None,
            ref_pk.get(e.stepped_up_to) if e.stepped_up_to else None,
            "" if e.eha_end_date is None else ("Stepped up" if e.stepped_up_to else "Outcomes met"),
            *stamp,
        )
        for e in t.get("early_help", ())
    ]
    tables = [
        _Table(
            "journey_earlyhelpepisode",
            _versioned(
                "child_id",
                "contact_id",
                "eha_start_date",
                "eha_end_date",
                "lead_professional_agency",
                "panel_decision",
                "stepped_down_from_id",
                "stepped_up_to_id",
                "end_reason",
            ),
            rows,
            ("r.child_id", "r.eha_start_date", "'Early help assessment started (synthetic load)'"),
        )
    ]
    for name, model, date_col, what, extra in (
        ("peps", "journey_pep", "pep_date", "PEP meeting held", ()),
        (
            "health_assessments",
            "journey_healthassessment",
            "health_assessment_date",
            "Health check",
            ("kind",),
        ),
        ("dental_checks", "journey_dentalcheck", "dental_check_date", "Dental check", ()),
    ):
        model_col = {"peps": "pep_date", "health_assessments": "assessment_date"}.get(name, "check_date")
        rows = []
        for r in t.get(name, ()):
            day = getattr(r, date_col)
            row = [ids.take(model), child_pk[r.la_child_id], cla_on(r.la_child_id, day), day]
            if extra:
                row.append(r.health_assessment_type.lower())
            rows.append((*row, *stamp))
        tables.append(
            _Table(
                model,
                _versioned("child_id", "cla_episode_id", model_col, *extra),
                rows,
                ("r.child_id", f"r.{model_col}", f"'{what} (synthetic load)'"),
            )
        )
    return tables
