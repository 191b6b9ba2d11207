"""What is due for a child, and the work trays built from it.

A work tray answers the question a practitioner or manager asks every
morning: *what is late, and what is coming up, for the children I hold?*
Every answer comes from one table of timescale rules and one pure engine
(:mod:`continuum.core.timescales`); this module only decides **which clocks
apply to a child** and **what starts, satisfies and stops each one**, reading
those facts from the journey records. ``docs/worktrays.md`` sets out each
mapping and the reasons for the choices.

Two public functions:

* :func:`due_items_for_child` — every clock for one child, as
  :class:`~continuum.core.timescales.DueItem` objects;
* :func:`work_tray` — the outstanding items for the children a worker or a
  team holds (or every open case), sorted by urgency.

Both read the records through :func:`_load_facts`, which runs a fixed number
of queries (one per table, keyed by child) however many children are asked
about, and then call the engine in memory. That is what keeps a team tray of
several hundred children well under a second, and a test checks that the
number of queries does not grow with the number of children.

**As-of dates.** Everything is evaluated "as known on" the as-of date: a
record that starts after it is ignored, an end date after it is treated as
still open, and work recorded after it is not counted. So the tray for an old
date shows what the tray showed that day (the engine works the same way).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from continuum.core.clock import today
from continuum.core.policy import among_children
from continuum.core.timescales import (
    LOCAL_ZONE,
    DueItem,
    Moment,
    Rule,
    Status,
    add_months,
    chain,
    evaluate,
    load_rules,
    rules_by_code,
)
from continuum.core.working_days import WorkingDayCalendar, default_calendar
from continuum.journey.models import (
    PEP,
    Assessment,
    CareLeaver,
    CareLeaverContact,
    CareProceedings,
    CINEpisode,
    CINPlan,
    CLAEpisode,
    CLAReview,
    Conference,
    ConferenceKind,
    Contact,
    CoreGroup,
    CPPlan,
    EarlyHelpEpisode,
    HealthAssessment,
    MissingEpisode,
    PermanencePlan,
    Placement,
    S47Outcome,
    Section47,
    StrategyDiscussion,
    Visit,
    VisitKind,
)
from continuum.people.models import Allocation, AllocationRole, Child, Team, Worker

__all__ = [
    "PEP_AGES",
    "DueSubject",
    "TrayItem",
    "due_items_for_child",
    "urgency_key",
    "work_tray",
]

#: Barnet's PEP measure counts children aged 5 to 16 inclusive (seed 001
#: L541): the PEP clock runs from the 5th birthday to the 17th.
PEP_AGES = (5, 16)

#: Age from which health assessments are yearly rather than six-monthly (reg 7).
HEALTH_ANNUAL_FROM_AGE = 5

#: Leaving-care duties run to the 25th birthday.
CARE_LEAVER_DUTY_ENDS_AT = 25

#: OC3 IN_TOUCH codes that count as a contact with a care leaver: only "YES"
#: (the council is in touch). NO, REFU, NREQ, RHOM and DIED record that
#: there was no contact, or that none is needed, not that contact happened.
_IN_TOUCH_COUNTS = ("YES",)

#: Section 47 outcomes that end the ICPC clock (no conference needed).
_S47_NO_ICPC = (S47Outcome.NOT_SUBSTANTIATED, S47Outcome.SUBSTANTIATED_NO_ICPC)

#: Work-tray statuses, most urgent first.
_OUTSTANDING = (Status.OVERDUE, Status.DUE_SOON, Status.DUE)

# --- What the caller gets back ---------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class TrayItem:
    """One line of a work tray: a due item and whose it is."""

    child_id: int
    la_child_id: str
    child_name: str
    worker_id: int | None
    team_id: int | None
    item: DueItem
    days_overdue: int

    @property
    def status(self) -> Status:
        return self.item.status

    @property
    def due(self) -> date:
        return self.item.due

    @property
    def rule_code(self) -> str:
        return self.item.rule_code


_STATUS_RANK = {
    Status.OVERDUE: 0,
    Status.DUE_SOON: 1,
    Status.DUE: 2,
    Status.DONE_LATE: 3,
    Status.DONE_ON_TIME: 4,
}


def urgency_key(item: DueItem, as_of: date) -> tuple[int, int, date, str, int]:
    """Sort key: overdue first (longest overdue first), then due soon, then due, by due date.

    Done items, when present, sort after everything outstanding. The rule
    code and sequence break ties so the order is stable between requests.
    """
    days_late = (as_of - item.due).days if item.status is Status.OVERDUE else 0
    return (_STATUS_RANK[item.status], -days_late, item.due, item.rule_code, item.sequence)


# --- The facts the clocks need ------------------------------------------------------------

Row = dict[str, Any]


@dataclass
class _Facts:
    """One child's journey records, as plain rows (``values()``), as known on the as-of date."""

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


_CHILD_FIELDS = ("id", "la_child_id", "first_name", "last_name", "person_birth_date", "person_death_date")


def _open_on(end_field: str, as_of: date) -> Q:
    """``end_field`` is empty or after ``as_of``: the record was still open on that day."""
    return Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": as_of})


def _day_after_start(as_of: date) -> datetime:
    """Midnight (English time) at the end of ``as_of``: datetimes before it happened by that day."""
    return datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=LOCAL_ZONE)


def _rows(qs: QuerySet[Any], ids: Sequence[int], fields: Sequence[str]) -> QuerySet[Any]:
    """``values()`` of ``qs`` for the given children, not yet run (one array parameter, see
    :func:`~continuum.core.policy.among_children`)."""
    return among_children(qs, ids).order_by().values(*fields)


#: Stand-ins used once to compile the batch of fact queries; replaced by the real values on every read.
_SENTINEL_ID = -7
_SENTINEL_DAY = date(1901, 2, 3)


class _FactBatch:
    """The fact queries of :func:`_load_facts`, compiled once and sent in one round trip.

    The child record's banner and every tray read about twenty tables. Sent one
    by one, each cost a round trip, and building and compiling twenty
    querysets cost as much again: together most of the child record's server
    time under load. So the querysets are built and compiled once (per thread
    and database, with stand-in children and dates), and each read sends the
    compiled statements as one batch (client-side parameter binding, Django's
    default with psycopg 3, accepts several statements at once) with the real
    children and dates put in place of the stand-ins. Each result goes back
    through its queryset's compiler for Django's type conversions, so the rows
    are exactly what ``values()`` gives. With server-side binding, which
    refuses several statements at once, the statements run one by one.
    """

    def __init__(self, outstanding_only: bool, using: str) -> None:
        queries = _fact_queries([_SENTINEL_ID], _SENTINEL_DAY, outstanding_only=outstanding_only)
        cutoff = _day_after_start(_SENTINEL_DAY)
        self.attrs = [attr for attr, _ in queries]
        self.using = using
        self.compiled = []
        self.slots: list[tuple[str, Any]] = []  # per parameter: ("ids" | "day" | "cutoff" | "value", value)
        for _, qs in queries:
            compiler = qs.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            names = [*qs.query.extra_select, *qs.query.values_select, *qs.query.annotation_select]
            self.compiled.append((sql, len(params), compiler, names))
            for value in params:
                if value == [_SENTINEL_ID]:
                    self.slots.append(("ids", None))
                elif value == _SENTINEL_DAY:
                    self.slots.append(("day", None))
                elif value == cutoff:
                    self.slots.append(("cutoff", None))
                else:
                    self.slots.append(("value", value))
        if sum(kind == "ids" for kind, _ in self.slots) != len(queries):
            raise AssertionError("Every fact query must be narrowed to the children, once.")

    def read(self, ids: Sequence[int], as_of: date) -> list[list[Row]]:
        from django.db import connections

        given = {"ids": list(ids), "day": as_of, "cutoff": _day_after_start(as_of)}
        params = [given[kind] if kind != "value" else value for kind, value in self.slots]
        connection = connections[self.using]
        results: list[list[tuple[Any, ...]]] = []
        with connection.cursor() as cursor:
            if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
                at = 0
                for sql, count, _, _ in self.compiled:
                    cursor.execute(sql, params[at : at + count])
                    results.append(cursor.fetchall())
                    at += count
            else:
                cursor.execute(";\n".join(sql for sql, _, _, _ in self.compiled), params)
                results.append(cursor.fetchall())
                while cursor.nextset():
                    results.append(cursor.fetchall())
        return [
            [dict(zip(names, row, strict=True)) for row in compiler.results_iter(results=[rows])]
            for (_, _, compiler, names), rows in zip(self.compiled, results, strict=True)
        ]


_batches = threading.local()


def _fact_batch(outstanding_only: bool) -> _FactBatch:
    """The compiled batch for this thread and database (compilers hold their thread's connection)."""
    from django.db import DEFAULT_DB_ALIAS

    key = (DEFAULT_DB_ALIAS, outstanding_only)
    cache: dict[tuple[str, bool], _FactBatch] = getattr(_batches, "cache", None) or {}
    _batches.cache = cache
    if key not in cache:
        cache[key] = _FactBatch(outstanding_only, DEFAULT_DB_ALIAS)
    return cache[key]


def _load_facts(children: Iterable[Row], as_of: date, *, outstanding_only: bool) -> dict[int, _Facts]:
    """Read every record the clocks need for these children: one query per table, in one round trip.

    ``outstanding_only`` (the work tray) leaves out records whose clocks
    have already ended, where the table itself says so: decided contacts,
    closed referrals, plans, proceedings and early help episodes, and
    missing episodes whose interview was offered. Everything else is read
    for the child and matched in memory (by referral id, plan id or date).
    Filtering through joins instead was measured to be slower, and its speed
    depended on the planner's row estimates. CLA episodes are always read
    whole, because a period of care is worked out from all its episodes.
    """
    facts: dict[int, _Facts] = {row["id"]: _Facts(child=row) for row in children}
    ids = sorted(facts)
    if not ids:
        return facts
    batch = _fact_batch(outstanding_only)
    for attr, rows in zip(batch.attrs, batch.read(ids, as_of), strict=True):
        for row in rows:
            getattr(facts[row["child_id"]], attr).append(row)
    return facts


def _fact_queries(
    ids: Sequence[int], as_of: date, *, outstanding_only: bool
) -> list[tuple[str, QuerySet[Any]]]:
    """The querysets behind :func:`_load_facts`: one per table, with the :class:`_Facts` list each fills."""
    cutoff = _day_after_start(as_of)
    wanted: list[tuple[str, QuerySet[Any]]] = []

    def put(attr: str, rows: QuerySet[Any]) -> None:
        wanted.append((attr, rows))

    # Front door
    contacts = Contact.objects.filter(received_at__lt=cutoff)
    if outstanding_only:
        contacts = contacts.filter(Q(decision_at__isnull=True) | Q(decision_at__gte=cutoff))
    put("contacts", _rows(contacts, ids, ("id", "child_id", "received_at", "decision_at")))

    # Referrals and the work under them
    # Work under a referral is read for all the child's referrals and matched to the loaded (in
    # the tray, open) referrals in memory; a join here would make the plan depend on estimates.
    referrals = CINEpisode.objects.filter(cin_referral_date__lte=as_of)
    if outstanding_only:
        referrals = referrals.filter(_open_on("cin_closure_date", as_of))
    put(
        "referrals",
        _rows(referrals, ids, ("id", "child_id", "cin_referral_date", "cin_closure_date", "referral_nfa")),
    )
    put(
        "assessments",
        _rows(
            Assessment.objects.filter(assessment_authorisation_date__lte=as_of),
            ids,
            ("child_id", "cin_episode_id", "assessment_authorisation_date"),
        ),
    )
    put(
        "strategy_discussions",
        _rows(
            StrategyDiscussion.objects.filter(decision_s47=True, held_on__lte=as_of),
            ids,
            ("id", "child_id", "cin_episode_id", "held_on"),
        ),
    )
    put(
        "section47s",
        _rows(
            Section47.objects.filter(s47_actual_start_date__lte=as_of),
            ids,
            (
                "id",
                "child_id",
                "cin_episode_id",
                "strategy_discussion_id",
                "completed_on",
                "outcome",
                "icpc_not_required",
            ),
        ),
    )
    put(
        "conferences",
        _rows(
            Conference.objects.filter(
                kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW), conference_date__lte=as_of
            ),
            ids,
            ("child_id", "cin_episode_id", "kind", "section47_id", "cp_plan_id", "conference_date"),
        ),
    )

    # Plans
    cp_plans = CPPlan.objects.filter(cpp_start_date__lte=as_of)
    cin_plans = CINPlan.objects.filter(cin_plan_start_date__lte=as_of)
    if outstanding_only:
        cp_plans = cp_plans.filter(_open_on("cpp_end_date", as_of))
        cin_plans = cin_plans.filter(_open_on("cin_plan_end_date", as_of))
    put("cp_plans", _rows(cp_plans, ids, ("id", "child_id", "cpp_start_date", "cpp_end_date")))
    put(
        "core_groups",
        _rows(
            CoreGroup.objects.filter(meeting_date__lte=as_of), ids, ("child_id", "cp_plan_id", "meeting_date")
        ),
    )
    put(
        "cin_plans",
        _rows(
            cin_plans, ids, ("id", "child_id", "cin_episode_id", "cin_plan_start_date", "cin_plan_end_date")
        ),
    )

    # Looked after
    put(
        "cla_episodes",
        _rows(
            CLAEpisode.objects.filter(decom__lte=as_of),
            ids,
            ("id", "child_id", "decom", "dec", "rec", "placement_id", "permanence_plan"),
        ),
    )
    put(
        "placements",
        _rows(
            Placement.objects.filter(start_date__lte=as_of), ids, ("id", "child_id", "start_date", "end_date")
        ),
    )
    put("cla_reviews", _rows(CLAReview.objects.filter(review__lte=as_of), ids, ("child_id", "review")))
    put(
        "health_assessments",
        _rows(
            HealthAssessment.objects.filter(assessment_date__lte=as_of), ids, ("child_id", "assessment_date")
        ),
    )
    put("peps", _rows(PEP.objects.filter(pep_date__lte=as_of), ids, ("child_id", "pep_date")))
    put(
        "iro_allocations",
        _rows(
            Allocation.objects.filter(role=AllocationRole.IRO, start_date__lte=as_of),
            ids,
            ("child_id", "start_date", "end_date"),
        ),
    )

    # Statutory visits: only those where the child was seen count (see docs/worktrays.md). They are
    # matched to plans and placements by date in memory: filtering here through joins to the plan
    # and placement tables was slower, and at the mercy of the planner's row estimates.
    visits = Visit.objects.filter(
        kind__in=(VisitKind.CP, VisitKind.CIN, VisitKind.CLA), seen=True, visit_date__lte=as_of
    )
    put("visits", _rows(visits, ids, ("child_id", "kind", "visit_date", "cp_plan_id")))

    # Missing, care leavers, courts, early help
    missing = MissingEpisode.objects.filter(mis_end__lt=cutoff)
    if outstanding_only:
        missing = missing.filter(Q(rhi_offered_at__isnull=True) | Q(rhi_offered_at__gte=cutoff))
    put("missing_episodes", _rows(missing, ids, ("id", "child_id", "mis_end", "rhi_offered_at")))
    put(
        "care_leavers",
        _rows(
            CareLeaver.objects.filter(start_date__lte=as_of),
            ids,
            ("id", "child_id", "start_date", "end_date"),
        ),
    )
    put(
        "care_leaver_contacts",
        _rows(
            CareLeaverContact.objects.filter(contact_date__lte=as_of, in_touch__in=_IN_TOUCH_COUNTS),
            ids,
            ("child_id", "contact_date"),
        ),
    )
    proceedings = CareProceedings.objects.filter(application_date__lte=as_of)
    early_help = EarlyHelpEpisode.objects.filter(eha_start_date__lte=as_of)
    if outstanding_only:
        proceedings = proceedings.filter(_open_on("end_date", as_of))
        early_help = early_help.filter(_open_on("eha_end_date", as_of))
    put("care_proceedings", _rows(proceedings, ids, ("id", "child_id", "application_date", "end_date")))
    put("early_help", _rows(early_help, ids, ("id", "child_id", "eha_start_date", "eha_end_date")))
    return wanted


# --- From facts to clocks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Clock:
    """One call of the engine: which rules, from when, satisfied by what, stopped when."""

    rules: tuple[Rule, ...]
    start: Moment
    completions: tuple[Moment, ...]
    stop: date | None
    subject: DueSubject


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


class _Clocks:
    """Builds the clocks for one child from their facts. Each method is one row of docs/worktrays.md."""

    def __init__(self, facts: _Facts, rules: Mapping[str, Rule], as_of: date) -> None:
        self.f = facts
        self.rules = rules
        self.as_of = as_of
        self.cutoff = _day_after_start(as_of)
        self.child_id: int = facts.child["id"]
        self.born: date | None = facts.child["person_birth_date"]
        self.died: date | None = _ended(facts.child["person_death_date"], as_of)
        self.out: list[_Clock] = []

    def chain(self, code: str) -> tuple[Rule, ...] | None:
        """The rule chain for ``code``, or None when the council has switched the rule off."""
        try:
            return chain(code, self.rules)
        except KeyError:
            return None

    def add(
        self,
        code_or_rules: str | tuple[Rule, ...] | None,
        *,
        start: Moment,
        record: tuple[str, int],
        completions: Iterable[Moment | None] = (),
        stop: date | None = None,
    ) -> None:
        rules = self.chain(code_or_rules) if isinstance(code_or_rules, str) else code_or_rules
        if not rules:
            return
        self.out.append(
            _Clock(
                rules=rules,
                start=start,
                completions=tuple(c for c in completions if c is not None),
                # Nothing falls due for a child after their death.
                stop=_earliest(stop, self.died),
                subject=DueSubject(self.child_id, *record),
            )
        )

    def build(self) -> list[_Clock]:
        self.front_door()
        self.referrals()
        self.child_protection()
        self.child_in_need()
        self.looked_after()
        self.missing()
        self.care_leaver()
        self.proceedings_and_early_help()
        return self.out

    # Contact awaiting a MASH decision → mash_decision, from the time received.
    def front_door(self) -> None:
        for c in self.f.contacts:
            self.add(
                "mash_decision",
                start=c["received_at"],
                completions=[_done_by(c["decision_at"], self.cutoff)],
                record=("contact", c["id"]),
            )

    # Referral (not NFA at referral) → assessment_45wd from the referral date;
    # done when an assessment under it is authorised; stops when the referral closes.
    def referrals(self) -> None:
        authorised: dict[int, list[date]] = defaultdict(list)
        for a in self.f.assessments:
            authorised[a["cin_episode_id"]].append(a["assessment_authorisation_date"])
        for r in self.f.referrals:
            if r["referral_nfa"]:
                continue
            self.add(
                "assessment_45wd",
                start=r["cin_referral_date"],
                completions=authorised.get(r["id"], ()),
                stop=_ended(r["cin_closure_date"], self.as_of),
                record=("referral", r["id"]),
            )

    def child_protection(self) -> None:
        initial = [c for c in self.f.conferences if c["kind"] == ConferenceKind.INITIAL]
        referral_closed = {r["id"]: _ended(r["cin_closure_date"], self.as_of) for r in self.f.referrals}
        # Strategy discussion deciding on s47 → icpc_15wd, done by the ICPC of the s47 it
        # started; stops if that s47 finds no conference is needed, or the referral closes.
        for sd in self.f.strategy_discussions:
            if sd["cin_episode_id"] not in referral_closed:
                continue  # its referral was not loaded: closed, and this is a work tray
            s47s = [s for s in self.f.section47s if s["strategy_discussion_id"] == sd["id"]]
            s47_ids = {s["id"] for s in s47s}
            if s47_ids:
                icpcs = [c["conference_date"] for c in initial if c["section47_id"] in s47_ids]
            else:
                # The s47 was not linked to the discussion: take ICPCs in the same referral
                # since the discussion.
                icpcs = [
                    c["conference_date"]
                    for c in initial
                    if c["cin_episode_id"] == sd["cin_episode_id"] and c["conference_date"] >= sd["held_on"]
                ]
            no_icpc = [
                s["completed_on"]
                for s in s47s
                if s["completed_on"] is not None
                and (s["outcome"] in _S47_NO_ICPC or s["icpc_not_required"])
                and s["completed_on"] <= self.as_of
            ]
            self.add(
                "icpc_15wd",
                start=sd["held_on"],
                completions=icpcs,
                stop=_earliest(min(no_icpc, default=None), referral_closed[sd["cin_episode_id"]]),
                record=("strategy_discussion", sd["id"]),
            )
        reviews: dict[int, list[date]] = defaultdict(list)
        for c in self.f.conferences:
            if c["kind"] == ConferenceKind.REVIEW and c["cp_plan_id"] is not None:
                reviews[c["cp_plan_id"]].append(c["conference_date"])
        core_groups: dict[int, list[date]] = defaultdict(list)
        for g in self.f.core_groups:
            core_groups[g["cp_plan_id"]].append(g["meeting_date"])
        cp_visits = [v for v in self.f.visits if v["kind"] == VisitKind.CP]
        # CP plan (starting at the ICPC) → first core group, review conference chain,
        # CP visits (child seen), all stopping when the plan ends; and the 2-year flag.
        for p in self.f.cp_plans:
            start, end = p["cpp_start_date"], _ended(p["cpp_end_date"], self.as_of)
            record = ("cp_plan", p["id"])
            self.add(
                "first_core_group",
                start=start,
                completions=core_groups.get(p["id"], ()),
                stop=end,
                record=record,
            )
            self.add(
                "cp_first_review", start=start, completions=reviews.get(p["id"], ()), stop=end, record=record
            )
            visits = [
                v["visit_date"]
                for v in cp_visits
                if v["cp_plan_id"] == p["id"]
                or (v["cp_plan_id"] is None and _within(v["visit_date"], start, end))
            ]
            self.add("cp_visit", start=start, completions=visits, stop=end, record=record)
            # A flag: "done" is the plan ending, so no stop date.
            self.add("cp_plan_2y_warning", start=start, completions=[end], record=record)

    # CIN plan → cin_visit (child seen), from the plan start, stopping when it ends.
    def child_in_need(self) -> None:
        cin_visits = [v["visit_date"] for v in self.f.visits if v["kind"] == VisitKind.CIN]
        for p in self.f.cin_plans:
            start, end = p["cin_plan_start_date"], _ended(p["cin_plan_end_date"], self.as_of)
            self.add(
                "cin_visit",
                start=start,
                completions=[d for d in cin_visits if _within(d, start, end)],
                stop=end,
                record=("cin_plan", p["id"]),
            )

    def _periods(self) -> list[tuple[Row, date | None, list[Row]]]:
        """Periods of care: runs of episodes joined by X1 changes, as (first episode, end, episodes)."""
        periods: list[tuple[Row, date | None, list[Row]]] = []
        episodes = sorted(self.f.cla_episodes, key=lambda e: (e["decom"], e["id"]))
        current: list[Row] = []
        for e in episodes:
            if current:
                last = current[-1]
                if last["rec"] == "X1" and last["dec"] == e["decom"]:
                    current.append(e)
                    continue
                periods.append((current[0], _ended(last["dec"], self.as_of), current))
            current = [e]
        if current:
            periods.append((current[0], _ended(current[-1]["dec"], self.as_of), current))
        return periods

    def looked_after(self) -> None:
        cla_visits = [v["visit_date"] for v in self.f.visits if v["kind"] == VisitKind.CLA]
        reviews = [r["review"] for r in self.f.cla_reviews]
        health = sorted(h["assessment_date"] for h in self.f.health_assessments)
        peps = [p["pep_date"] for p in self.f.peps]
        placements = {p["id"]: p for p in self.f.placements}
        for first, end, episodes in self._periods():
            start = first["decom"]
            record = ("cla_period", first["id"])
            # IRO allocated: an IRO allocation open at, or starting after, the start of care.
            iro = [
                max(a["start_date"], start)
                for a in self.f.iro_allocations
                if (a["end_date"] is None or a["end_date"] > start)
                and (end is None or a["start_date"] <= end)
            ]
            self.add("iro_allocated", start=start, completions=iro, stop=end, record=record)
            self.add(
                "cla_first_review",
                start=start,
                completions=[d for d in reviews if _within(d, start, end)],
                stop=end,
                record=record,
            )
            self._placement_visits(episodes, placements, cla_visits, end)
            self._health_and_education(start, end, health, peps, record)

    def _placement_visits(
        self, episodes: list[Row], placements: dict[int, Row], visits: list[date], period_end: date | None
    ) -> None:
        """CLA visits chain, once per placement in the period: from the placement start to its end."""
        full = self.chain("cla_visit_new_placement")
        if not full:
            return
        # Only a placement intended to last until 18 moves to three-monthly visits after
        # its first year (reg 28(2)(c)(i)); any other placement stays six-weekly.
        short = tuple(r for r in full if r.code != "cla_visit_long_term")
        latest_plan: dict[int, str] = {}
        for e in episodes:  # episodes are in date order, so the latest plan wins
            latest_plan[e["placement_id"]] = e["permanence_plan"]
        for placement_id, plan in latest_plan.items():
            p = placements.get(placement_id)
            if p is None:
                continue
            start = p["start_date"]
            end = _earliest(_ended(p["end_date"], self.as_of), period_end)
            self.add(
                full if plan == PermanencePlan.LONG_TERM_FOSTERING else short,
                start=start,
                completions=[d for d in visits if _within(d, start, end)],
                stop=end,
                record=("placement", placement_id),
            )

    def _health_and_education(
        self, start: date, end: date | None, health: list[date], peps: list[date], record: tuple[str, int]
    ) -> None:
        if self.born is None:
            return  # only a born child can be looked after; nothing to count an age from
        in_period = [d for d in health if _within(d, start, end)]
        fifth = _birthday(self.born, HEALTH_ANNUAL_FROM_AGE)
        if start < fifth:
            # Six-monthly until the 5th birthday, then yearly from the last assessment before it.
            self.add(
                "health_assessment_under5",
                start=start,
                completions=in_period,
                stop=_earliest(end, fifth),
                record=record,
            )
            if fifth <= self.as_of and (end is None or fifth < end):
                before = [d for d in in_period if d < fifth]
                anchor = before[-1] if before else start
                self.add(
                    "health_assessment_annual",
                    start=anchor,
                    completions=[d for d in in_period if d > anchor],
                    stop=end,
                    record=record,
                )
        else:
            self.add("health_assessment_annual", start=start, completions=in_period, stop=end, record=record)
        low, high = PEP_AGES
        pep_from = max(start, _birthday(self.born, low))
        pep_to = _earliest(end, _birthday(self.born, high + 1))
        if pep_from <= self.as_of and (pep_to is None or pep_from < pep_to):
            self.add(
                "pep_review",
                start=pep_from,
                completions=[d for d in peps if _within(d, pep_from, pep_to)],
                stop=pep_to,
                record=record,
            )

    # Missing episode that has ended → rhi_offer, 72 hours from the return.
    def missing(self) -> None:
        for m in self.f.missing_episodes:
            self.add(
                "rhi_offer",
                start=m["mis_end"],
                completions=[_done_by(m["rhi_offered_at"], self.cutoff)],
                record=("missing_episode", m["id"]),
            )

    # Care leaver → care_leaver_contact every 2 months (in touch), to the 25th birthday.
    def care_leaver(self) -> None:
        contacts = [c["contact_date"] for c in self.f.care_leaver_contacts]
        for cl in self.f.care_leavers:
            start = cl["start_date"]
            duty_ends = _birthday(self.born, CARE_LEAVER_DUTY_ENDS_AT) if self.born else None
            stop = _earliest(_ended(cl["end_date"], self.as_of), duty_ends)
            self.add(
                "care_leaver_contact",
                start=start,
                completions=[d for d in contacts if d >= start],
                stop=stop,
                record=("care_leaver", cl["id"]),
            )

    # Care proceedings → 26 weeks from issue, done when they end; early help → 9-month flag.
    def proceedings_and_early_help(self) -> None:
        for cp in self.f.care_proceedings:
            self.add(
                "care_proceedings_26wk",
                start=cp["application_date"],
                completions=[_ended(cp["end_date"], self.as_of)],
                record=("care_proceedings", cp["id"]),
            )
        for eh in self.f.early_help:
            self.add(
                "early_help_open_9m",
                start=eh["eha_start_date"],
                completions=[_ended(eh["eha_end_date"], self.as_of)],
                record=("early_help", eh["id"]),
            )


def _evaluate_child(
    facts: _Facts,
    rules: Mapping[str, Rule],
    as_of: date,
    calendar: WorkingDayCalendar,
    *,
    outstanding_only: bool,
) -> list[DueItem]:
    items: list[DueItem] = []
    for clock in _Clocks(facts, rules, as_of).build():
        if outstanding_only and clock.stop is not None and clock.stop <= as_of:
            # The plan, placement or episode has ended (or the child has died): nothing
            # can be done about this clock any more, so it has no place in a tray.
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
            items.extend(i for i in walked if i.status in _OUTSTANDING)
        else:
            items.extend(walked)
    return items


def _rule_index(rules: Mapping[str, Rule] | Iterable[Rule] | None) -> Mapping[str, Rule]:
    if rules is None:
        return rules_by_code(load_rules())
    return rules if isinstance(rules, Mapping) else rules_by_code(rules)


# --- Public API ------------------------------------------------------------------------------------


def due_items_for_child(
    child: Child | int,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
    *,
    outstanding_only: bool = False,
) -> list[DueItem]:
    """Every clock that applies to ``child``, walked to ``as_of`` (default today).

    Returns the full history by default: done items as well as the
    outstanding ones, oldest due date first, because the child's record
    page wants to show what was done late as well as what is due. Pass
    ``outstanding_only=True`` for what a work tray shows: overdue, due soon
    and due items from clocks still running. Each item's ``subject`` is a
    :class:`DueSubject` naming the record whose clock produced it.

    Pass ``rules`` (from :func:`~continuum.core.timescales.load_rules`) to
    avoid reading the rule table again when calling this in a loop; better
    still, use :func:`work_tray`, which reads many children at once.
    """
    as_of = as_of or today()
    child_id = child if isinstance(child, int) else child.pk
    rows = list(Child.objects.filter(pk=child_id).values(*_CHILD_FIELDS))
    facts = _load_facts(rows, as_of, outstanding_only=outstanding_only)
    if child_id not in facts:
        return []
    items = _evaluate_child(
        facts[child_id], _rule_index(rules), as_of, default_calendar(), outstanding_only=outstanding_only
    )
    return sorted(items, key=lambda i: (i.due, i.rule_code, i.sequence))


def _tray_children(
    worker: Worker | int | None,
    team: Team | int | None,
    as_of: date,
    children: Sequence[int] | None = None,
) -> tuple[list[Row], dict[int, tuple[int | None, int | None]]]:
    """The children in the tray and who holds each (worker, team), in two queries."""
    allocations = Allocation.objects.filter(
        _open_on("end_date", as_of), role=AllocationRole.CASE_HOLDER, start_date__lte=as_of
    )
    if children is not None:
        allocations = among_children(allocations, children)
    if worker is not None:
        allocations = allocations.filter(worker=worker)
    if team is not None:
        allocations = allocations.filter(team=team)
    holders: dict[int, tuple[int | None, int | None]] = {
        row["child_id"]: (row["worker_id"], row["team_id"])
        for row in allocations.order_by("start_date", "pk").values("child_id", "worker_id", "team_id")
    }
    if children is not None and worker is None and team is None:
        rows = among_children(Child.objects.all(), children, column="id")
        return list(rows.order_by().values(*_CHILD_FIELDS)), holders
    if worker is None and team is None:
        # The whole service: every allocated child, and every child with something open
        # that runs a clock but no case holder (a contact at the MASH, say).
        cutoff = _day_after_start(as_of)
        open_work = (
            Contact.objects.filter(received_at__lt=cutoff)
            .filter(Q(decision_at__isnull=True) | Q(decision_at__gte=cutoff))
            .values("child_id")
            .union(
                CINEpisode.objects.filter(
                    _open_on("cin_closure_date", as_of), cin_referral_date__lte=as_of
                ).values("child_id"),
                CLAEpisode.objects.filter(_open_on("dec", as_of), decom__lte=as_of).values("child_id"),
                CareLeaver.objects.filter(_open_on("end_date", as_of), start_date__lte=as_of).values(
                    "child_id"
                ),
                EarlyHelpEpisode.objects.filter(
                    _open_on("eha_end_date", as_of), eha_start_date__lte=as_of
                ).values("child_id"),
                MissingEpisode.objects.filter(mis_end__lt=cutoff)
                .filter(Q(rhi_offered_at__isnull=True) | Q(rhi_offered_at__gte=cutoff))
                .values("child_id"),
                CareProceedings.objects.filter(
                    _open_on("end_date", as_of), application_date__lte=as_of
                ).values("child_id"),
            )
        )
        children = Child.objects.filter(Q(pk__in=allocations.values("child_id")) | Q(pk__in=open_work))
    else:
        children = Child.objects.filter(pk__in=list(holders))
    return list(children.order_by().values(*_CHILD_FIELDS)), holders


def work_tray(
    *,
    worker: Worker | int | None = None,
    team: Team | int | None = None,
    children: Iterable[int] | None = None,
    as_of: date | None = None,
    rules: Mapping[str, Rule] | Iterable[Rule] | None = None,
) -> list[TrayItem]:
    """The outstanding due items for a worker's or a team's children, most urgent first.

    * ``worker``: children whose case-holding allocation is with this worker on ``as_of``;
    * ``team``: children whose case-holding allocation is in this team, with a worker
      or sitting with the team unallocated;
    * both: that worker's children in that team;
    * neither: the whole service — every allocated child, plus children with open
      work that runs a clock but no case holder (a contact awaiting a MASH decision);
    * ``children``: only these children (with or without a case holder), narrowing
      ``worker`` or ``team`` when given too; the home page asks this for the
      children an IRO reviews, which is far cheaper than the whole service.

    Items are those of :func:`due_items_for_child` with ``outstanding_only=True``:
    overdue (longest overdue first), then due soon, then due (earliest first).
    The number of queries is fixed (about 25), however many children there are.
    """
    as_of = as_of or today()
    index = _rule_index(rules)
    calendar = default_calendar()
    only = None if children is None else sorted({int(pk) for pk in children})
    rows, holders = _tray_children(worker, team, as_of, only)
    facts = _load_facts(rows, as_of, outstanding_only=True)
    lines: list[TrayItem] = []
    for child_id, child_facts in facts.items():
        row = child_facts.child
        name = f"{row['first_name']} {row['last_name']}".strip() or row["la_child_id"]
        worker_id, team_id = holders.get(child_id, (None, None))
        for item in _evaluate_child(child_facts, index, as_of, calendar, outstanding_only=True):
            lines.append(
                TrayItem(
                    child_id=child_id,
                    la_child_id=row["la_child_id"],
                    child_name=name,
                    worker_id=worker_id,
                    team_id=team_id,
                    item=item,
                    days_overdue=(as_of - item.due).days if item.status is Status.OVERDUE else 0,
                )
            )
    lines.sort(key=lambda line: (*urgency_key(line.item, as_of), line.la_child_id))
    return lines
