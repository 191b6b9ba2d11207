"""Which clocks run for one child, from their records: pure functions, no database.

Each function below is one row of docs/worktrays.md: it reads a child's
:class:`Facts` (plain rows, as :mod:`.facts` loads them) and says which
timescale rule chains apply, from when, what satisfies them and what stops
them, as :class:`Clock` objects. :func:`due_items` then walks every clock with
the pure engine (:func:`continuum.core.timescales.evaluate`). Nothing here
touches the database, so tests give known answers from hand-built rows
(tests/journey/test_worktray_clocks.py).

**As-of dates.** Everything is evaluated "as known on" the as-of date: an end
date after it is treated as still open, and work recorded after it is not
counted (the loader has already left out records that start after it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from continuum.core.timescales import LOCAL_ZONE, DueItem, Moment, Rule, Status, add_months, chain, evaluate
from continuum.core.working_days import WorkingDayCalendar
from continuum.journey.models import ConferenceKind, PermanencePlan, S47Outcome, VisitKind

__all__ = [
    "CARE_LEAVER_DUTY_ENDS_AT",
    "HEALTH_ANNUAL_FROM_AGE",
    "PEP_AGES",
    "Clock",
    "DueSubject",
    "Facts",
    "clocks_for_child",
    "day_after",
    "due_items",
    "is_live",
    "periods_of_care",
    "placement_visit_chain",
]

Row = dict[str, Any]

#: Barnet's PEP measure counts children aged 5 to 16 inclusive (seed 001
#: L541): the PEP clock runs from the 5th birthday to the 17th.
PEP_AGES = (5, 16)

#: Age from which health assessments are yearly rather than six-monthly (reg 7).
HEALTH_ANNUAL_FROM_AGE = 5

#: Leaving-care duties run to the 25th birthday.
CARE_LEAVER_DUTY_ENDS_AT = 25

#: Section 47 outcomes that end the ICPC clock (no conference needed).
_S47_NO_ICPC = (S47Outcome.NOT_SUBSTANTIATED, S47Outcome.SUBSTANTIATED_NO_ICPC)

#: Work-tray statuses, most urgent first.
OUTSTANDING = (Status.OVERDUE, Status.DUE_SOON, Status.DUE)


@dataclass(frozen=True, slots=True)
class DueSubject:
    """What a due item is about: the child and the record whose clock produced it.

    Passed to the engine as the item's ``subject``, so each item can say
    "the CP plan 123 of child 45" and a screen can link to the record.
    ``record_type`` is one of: contact, referral, strategy_discussion,
    cp_plan, cin_plan, cla_period (the first episode of a period of care),
    placement, missing_episode, care_leaver, care_proceedings, early_help.
    """

    child_id: int
    record_type: str
    record_id: int


@dataclass
class Facts:
    """One child's journey records, as plain rows (``values()``), as known on the as-of date.

    ``child`` holds id, la_child_id, first_name, last_name, person_birth_date
    and person_death_date. Which columns of which table fill each list, and
    which rules read it, is :data:`continuum.journey.worktray.facts.FACTS`.
    """

    child: Row
    contacts: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    assessments: list[Row] = field(default_factory=list)
    strategy_discussions: list[Row] = field(default_factory=list)
    section47s: list[Row] = field(default_factory=list)
    conferences: list[Row] = field(default_factory=list)
    cp_plans: list[Row] = field(default_factory=list)
    core_groups: list[Row] = field(default_factory=list)
    cin_plans: list[Row] = field(default_factory=list)
    cla_episodes: list[Row] = field(default_factory=list)
    placements: list[Row] = field(default_factory=list)
    cla_reviews: list[Row] = field(default_factory=list)
    health_assessments: list[Row] = field(default_factory=list)
    peps: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)
    iro_allocations: list[Row] = field(default_factory=list)
    missing_episodes: list[Row] = field(default_factory=list)
    care_leavers: list[Row] = field(default_factory=list)
    care_leaver_contacts: list[Row] = field(default_factory=list)
    care_proceedings: list[Row] = field(default_factory=list)
    early_help: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Clock:
    """One call of the engine: which rules, from when, satisfied by what, stopped when."""

    rules: tuple[Rule, ...]
    start: Moment
    completions: tuple[Moment, ...]
    stop: date | None
    subject: DueSubject


# --- Small date helpers ----------------------------------------------------------------------


def day_after(as_of: date) -> datetime:
    """Midnight (English time) at the end of ``as_of``: datetimes before it happened by that day."""
    return datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=LOCAL_ZONE)


def _ended(end: date | None, as_of: date) -> date | None:
    """An end date that had happened by ``as_of``; a later one is not known yet."""
    return end if end is not None and end <= as_of else None


def _done_by(moment: datetime | None, cutoff: datetime) -> datetime | None:
    return moment if moment is not None and moment < cutoff else None


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _birthday(born: date, years: int) -> date:
    """The ``years``-th birthday (29 February birthdays fall on 28 February)."""
    return add_months(born, 12 * years)


def _within(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day <= end)


# --- One child's context -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Child:
    """What every clock function reads: the facts, the rules, the day, and the child's life dates."""

    f: Facts
    rules: Mapping[str, Rule]
    as_of: date

    @property
    def cutoff(self) -> datetime:
        return day_after(self.as_of)

    @property
    def born(self) -> date | None:
        born: date | None = self.f.child["person_birth_date"]
        return born

    @property
    def died(self) -> date | None:
        return _ended(self.f.child["person_death_date"], self.as_of)

    def chain(self, code: str) -> tuple[Rule, ...] | None:
        """The rule chain for ``code``, or None when the council has switched the rule off."""
        try:
            return chain(code, self.rules)
        except KeyError:
            return None

    def clock(
        self,
        code_or_rules: str | tuple[Rule, ...] | None,
        *,
        start: Moment,
        record: tuple[str, int],
        completions: Iterable[Moment | None] = (),
        stop: date | None = None,
    ) -> Iterator[Clock]:
        """The clock for this rule chain (none if the rule is switched off)."""
        rules = self.chain(code_or_rules) if isinstance(code_or_rules, str) else code_or_rules
        if rules:
            yield Clock(
                rules=rules,
                start=start,
                completions=tuple(c for c in completions if c is not None),
                # Nothing falls due for a child after their death.
                stop=_earliest(stop, self.died),
                subject=DueSubject(self.f.child["id"], *record),
            )


# --- The clocks, one function per row of docs/worktrays.md --------------------------------------------


def _front_door(c: _Child) -> Iterator[Clock]:
    """Contact awaiting a MASH decision → mash_decision, from the time received."""
    for contact in c.f.contacts:
        yield from c.clock(
            "mash_decision",
            start=contact["received_at"],
            completions=[_done_by(contact["decision_at"], c.cutoff)],
            record=("contact", contact["id"]),
        )


def _referrals(c: _Child) -> Iterator[Clock]:
    """Referral (not NFA at referral) → assessment_45wd from the referral date.

    Done when an assessment under it is authorised; stops when the referral closes.
    """
    authorised: dict[int, list[date]] = defaultdict(list)
    for a in c.f.assessments:
        authorised[a["cin_episode_id"]].append(a["assessment_authorisation_date"])
    for r in c.f.referrals:
        if r["referral_nfa"]:
            continue
        yield from c.clock(
            "assessment_45wd",
            start=r["cin_referral_date"],
            completions=authorised.get(r["id"], ()),
            stop=_ended(r["cin_closure_date"], c.as_of),
            record=("referral", r["id"]),
        )


def _child_protection(c: _Child) -> Iterator[Clock]:
    initial = [k for k in c.f.conferences if k["kind"] == ConferenceKind.INITIAL]
    referral_closed = {r["id"]: _ended(r["cin_closure_date"], c.as_of) for r in c.f.referrals}
    # Strategy discussion deciding on s47 → icpc_15wd, done by the ICPC of the s47 it
    # started; stops if that s47 finds no conference is needed, or the referral closes.
    for sd in c.f.strategy_discussions:
        if sd["cin_episode_id"] not in referral_closed:
            continue  # its referral was not loaded: closed, and this is a work tray
        s47s = [s for s in c.f.section47s if s["strategy_discussion_id"] == sd["id"]]
        s47_ids = {s["id"] for s in s47s}
        if s47_ids:
            icpcs = [k["conference_date"] for k in initial if k["section47_id"] in s47_ids]
        else:
            # The s47 was not linked to the discussion: take ICPCs in the same referral
            # since the discussion.
            icpcs = [
                k["conference_date"]
                for k in initial
                if k["cin_episode_id"] == sd["cin_episode_id"] and k["conference_date"] >= sd["held_on"]
            ]
        no_icpc = [
            s["completed_on"]
            for s in s47s
            if s["completed_on"] is not None
            and (s["outcome"] in _S47_NO_ICPC or s["icpc_not_required"])
            and s["completed_on"] <= c.as_of
        ]
        yield from c.clock(
            "icpc_15wd",
            start=sd["held_on"],
            completions=icpcs,
            stop=_earliest(min(no_icpc, default=None), referral_closed[sd["cin_episode_id"]]),
            record=("strategy_discussion", sd["id"]),
        )
    reviews: dict[int, list[date]] = defaultdict(list)
    for k in c.f.conferences:
        if k["kind"] == ConferenceKind.REVIEW and k["cp_plan_id"] is not None:
            reviews[k["cp_plan_id"]].append(k["conference_date"])
    core_groups: dict[int, list[date]] = defaultdict(list)
    for g in c.f.core_groups:
        core_groups[g["cp_plan_id"]].append(g["meeting_date"])
    cp_visits = [v for v in c.f.visits if v["kind"] == VisitKind.CP]
    # CP plan (starting at the ICPC) → first core group, review conference chain,
    # CP visits (child seen), all stopping when the plan ends; and the 2-year flag.
    for p in c.f.cp_plans:
        start, end = p["cpp_start_date"], _ended(p["cpp_end_date"], c.as_of)
        record = ("cp_plan", p["id"])
        yield from c.clock(
            "first_core_group", start=start, completions=core_groups.get(p["id"], ()), stop=end, record=record
        )
        yield from c.clock(
            "cp_first_review", start=start, completions=reviews.get(p["id"], ()), stop=end, record=record
        )
        visits = [
            v["visit_date"]
            for v in cp_visits
            if v["cp_plan_id"] == p["id"]
            or (v["cp_plan_id"] is None and _within(v["visit_date"], start, end))
        ]
        yield from c.clock("cp_visit", start=start, completions=visits, stop=end, record=record)
        # A flag: "done" is the plan ending, so no stop date.
        yield from c.clock("cp_plan_2y_warning", start=start, completions=[end], record=record)


def _child_in_need(c: _Child) -> Iterator[Clock]:
    """CIN plan → cin_visit (child seen), from the plan start, stopping when it ends."""
    cin_visits = [v["visit_date"] for v in c.f.visits if v["kind"] == VisitKind.CIN]
    for p in c.f.cin_plans:
        start, end = p["cin_plan_start_date"], _ended(p["cin_plan_end_date"], c.as_of)
        yield from c.clock(
            "cin_visit",
            start=start,
            completions=[d for d in cin_visits if _within(d, start, end)],
            stop=end,
            record=("cin_plan", p["id"]),
        )


def periods_of_care(episodes: Iterable[Row], as_of: date) -> list[tuple[Row, date | None, list[Row]]]:
    """Periods of care: runs of episodes joined by X1 changes, as (first episode, end, episodes).

    Episodes in (DECOM, id) order; a new period starts unless the previous
    episode ended with REC X1 on this episode's DECOM. ``end`` is the last
    episode's end if it had happened by ``as_of``.
    """
    periods: list[tuple[Row, date | None, list[Row]]] = []
    current: list[Row] = []
    for e in sorted(episodes, key=lambda e: (e["decom"], e["id"])):
        if current:
            last = current[-1]
            if last["rec"] == "X1" and last["dec"] == e["decom"]:
                current.append(e)
                continue
            periods.append((current[0], _ended(last["dec"], as_of), current))
        current = [e]
    if current:
        periods.append((current[0], _ended(current[-1]["dec"], as_of), current))
    return periods


def _looked_after(c: _Child) -> Iterator[Clock]:
    cla_visits = [v["visit_date"] for v in c.f.visits if v["kind"] == VisitKind.CLA]
    reviews = [r["review"] for r in c.f.cla_reviews]
    placements = {p["id"]: p for p in c.f.placements}
    for first, end, episodes in periods_of_care(c.f.cla_episodes, c.as_of):
        start = first["decom"]
        record = ("cla_period", first["id"])
        # IRO allocated: an IRO allocation open at, or starting after, the start of care.
        iro = [
            max(a["start_date"], start)
            for a in c.f.iro_allocations
            if (a["end_date"] is None or a["end_date"] > start) and (end is None or a["start_date"] <= end)
        ]
        yield from c.clock("iro_allocated", start=start, completions=iro, stop=end, record=record)
        yield from c.clock(
            "cla_first_review",
            start=start,
            completions=[d for d in reviews if _within(d, start, end)],
            stop=end,
            record=record,
        )
        yield from _placement_visits(c, episodes, placements, cla_visits, end)
        yield from _health_and_education(c, start, end, record)


def placement_visit_chain(rules: Mapping[str, Rule], *, long_term: bool) -> tuple[Rule, ...]:
    """The CLA visit rules for one placement: week one, six-weekly, and three-monthly only if long-term.

    Only a placement intended to last until 18 moves to three-monthly visits
    after its first year (reg 28(2)(c)(i)); any other placement is visited
    six-weekly for as long as it lasts ((b) and (c)(ii)). For those, the
    six-weekly rule is the same rule with the same numbers (so an edit in the
    admin moves it, and the indicator counting with it, as before), but it
    has no first-year phase and is not called a first-year visit: a worker
    reading "first year of placement" on a child placed fifteen months ago
    would take the clock for broken. Its name keeps the council's wording up
    to any bracket ("Visit to a looked-after child") and says the interval.
    Raises ``KeyError`` when the council has switched the visit rule off.
    """
    full = chain("cla_visit_new_placement", rules)
    if long_term:
        return full
    return tuple(
        _six_weekly_throughout(rule) if rule.code == "cla_visit_year_one" else rule
        for rule in full
        if rule.code != "cla_visit_long_term"
    )


def _six_weekly_throughout(year_one: Rule) -> Rule:
    """The year-one visit rule for a placement that never moves on from it, named for what it is."""
    n, unit = year_one.repeat_interval, year_one.repeat_unit
    if n is None or unit is None:
        return year_one  # a council made it one-off: a single step, with no first year to outlast
    every = f"{n} {unit.label}" if n != 1 else f"1 {unit.label.removesuffix('s')}"
    return replace(
        year_one,
        name=f"{year_one.name.split(' (', 1)[0]} (every {every})",
        ends_after_interval=None,
        ends_after_unit=None,
        then="",
    )


def _placement_visits(
    c: _Child, episodes: list[Row], placements: dict[int, Row], visits: list[date], period_end: date | None
) -> Iterator[Clock]:
    """CLA visits chain, once per placement in the period: from the placement start to its end."""
    try:
        long_term = placement_visit_chain(c.rules, long_term=True)
        other = placement_visit_chain(c.rules, long_term=False)
    except KeyError:
        return  # the council has switched the visit rule off
    latest_plan: dict[int, str] = {}
    for e in episodes:  # episodes are in date order, so the latest plan wins
        latest_plan[e["placement_id"]] = e["permanence_plan"]
    for placement_id, plan in latest_plan.items():
        p = placements.get(placement_id)
        if p is None:
            continue
        start = p["start_date"]
        end = _earliest(_ended(p["end_date"], c.as_of), period_end)
        yield from c.clock(
            long_term if plan == PermanencePlan.LONG_TERM_FOSTERING else other,
            start=start,
            completions=[d for d in visits if _within(d, start, end)],
            stop=end,
            record=("placement", placement_id),
        )


def _health_and_education(
    c: _Child, start: date, end: date | None, record: tuple[str, int]
) -> Iterator[Clock]:
    born = c.born
    if born is None:
        return  # only a born child can be looked after; nothing to count an age from
    health = sorted(h["assessment_date"] for h in c.f.health_assessments)
    in_period = [d for d in health if _within(d, start, end)]
    fifth = _birthday(born, HEALTH_ANNUAL_FROM_AGE)
    if start < fifth:
        # Six-monthly until the 5th birthday, then yearly from the last assessment before it.
        yield from c.clock(
            "health_assessment_under5",
            start=start,
            completions=in_period,
            stop=_earliest(end, fifth),
            record=record,
        )
        if fifth <= c.as_of and (end is None or fifth < end):
            before = [d for d in in_period if d < fifth]
            anchor = before[-1] if before else start
            yield from c.clock(
                "health_assessment_annual",
                start=anchor,
                completions=[d for d in in_period if d > anchor],
                stop=end,
                record=record,
            )
    else:
        yield from c.clock(
            "health_assessment_annual", start=start, completions=in_period, stop=end, record=record
        )
    low, high = PEP_AGES
    pep_from = max(start, _birthday(born, low))
    pep_to = _earliest(end, _birthday(born, high + 1))
    if pep_from <= c.as_of and (pep_to is None or pep_from < pep_to):
        yield from c.clock(
            "pep_review",
            start=pep_from,
            completions=[p["pep_date"] for p in c.f.peps if _within(p["pep_date"], pep_from, pep_to)],
            stop=pep_to,
            record=record,
        )


def _missing(c: _Child) -> Iterator[Clock]:
    """Missing episode that has ended → rhi_offer, 72 hours from the return."""
    for m in c.f.missing_episodes:
        yield from c.clock(
            "rhi_offer",
            start=m["mis_end"],
            completions=[_done_by(m["rhi_offered_at"], c.cutoff)],
            record=("missing_episode", m["id"]),
        )


def _care_leaver(c: _Child) -> Iterator[Clock]:
    """Care leaver → care_leaver_contact every 2 months (in touch), to the 25th birthday."""
    contacts = [k["contact_date"] for k in c.f.care_leaver_contacts]
    duty_ends = _birthday(c.born, CARE_LEAVER_DUTY_ENDS_AT) if c.born else None
    for cl in c.f.care_leavers:
        start = cl["start_date"]
        yield from c.clock(
            "care_leaver_contact",
            start=start,
            completions=[d for d in contacts if d >= start],
            stop=_earliest(_ended(cl["end_date"], c.as_of), duty_ends),
            record=("care_leaver", cl["id"]),
        )


def _proceedings_and_early_help(c: _Child) -> Iterator[Clock]:
    """Care proceedings → 26 weeks from issue, done when they end; early help → 9-month flag."""
    for cp in c.f.care_proceedings:
        yield from c.clock(
            "care_proceedings_26wk",
            start=cp["application_date"],
            completions=[_ended(cp["end_date"], c.as_of)],
            record=("care_proceedings", cp["id"]),
        )
    for eh in c.f.early_help:
        yield from c.clock(
            "early_help_open_9m",
            start=eh["eha_start_date"],
            completions=[_ended(eh["eha_end_date"], c.as_of)],
            record=("early_help", eh["id"]),
        )


_SECTIONS = (
    _front_door,
    _referrals,
    _child_protection,
    _child_in_need,
    _looked_after,
    _missing,
    _care_leaver,
    _proceedings_and_early_help,
)


def clocks_for_child(facts: Facts, rules: Mapping[str, Rule], as_of: date) -> list[Clock]:
    """Every clock that applies to the child of ``facts`` on ``as_of``, under ``rules`` (by code)."""
    child = _Child(facts, rules, as_of)
    return [clock for section in _SECTIONS for clock in section(child)]


def is_live(clock: Clock, as_of: date) -> bool:
    """Whether ``clock`` still runs on ``as_of``: the one rule for what a tray or a record calls due.

    Once the plan, placement or episode has ended (or the child has died),
    nothing can be done about its clock any more: a visit missed before a CP
    plan ended stays "overdue" in the history, but it is not work to do, so
    neither a work tray nor the child's "Next due" may show it.
    """
    return clock.stop is None or clock.stop > as_of


def due_items(
    facts: Facts,
    rules: Mapping[str, Rule],
    as_of: date,
    calendar: WorkingDayCalendar,
    *,
    outstanding_only: bool,
) -> list[DueItem]:
    """Every clock walked to ``as_of``: all items, or (``outstanding_only``) what a work tray shows."""
    items: list[DueItem] = []
    for clock in clocks_for_child(facts, rules, as_of):
        if outstanding_only and not is_live(clock, as_of):
            continue
        walked = evaluate(
            clock.rules,
            start=clock.start,
            as_of=as_of,
            completions=clock.completions,
            calendar=calendar,
            stop=clock.stop,
            subject=clock.subject,
        )
        if outstanding_only:
            items.extend(i for i in walked if i.status in OUTSTANDING)
        else:
            items.extend(walked)
    return items
