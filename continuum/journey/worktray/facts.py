"""Which records the clocks read, as data, and the loader that reads them for many children at once.

:data:`FACTS` lists, for each list of :class:`~.clocks.Facts`, the table, the
columns, the rules whose clocks read it, and two date columns: ``since``, the
record's start (a record that starts after the as-of date is not known yet),
and ``until``, its end where the table itself says when its clock stops (a
work tray leaves out records already ended then). Everything else is read for
the child and matched in memory (by referral id, plan id or date) by
:mod:`.clocks`: filtering through joins instead was measured to be slower,
and its speed depended on the planner's row estimates. CLA episodes are
always read whole, because a period of care is worked out from all its
episodes.

:func:`load_facts` runs one query per entry, each narrowed to the children
with one array parameter (:func:`~continuum.core.policy.among_children`),
compiled once per thread and sent in one round trip by
:class:`~continuum.core.query_batch.QueryBatch`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import DateTimeField, Model, Q, QuerySet

from continuum.core.policy import among_children
from continuum.core.query_batch import QueryBatch, per_thread
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
    Placement,
    Section47,
    StrategyDiscussion,
    Visit,
    VisitKind,
)
from continuum.journey.worktray.clocks import Facts, Row, day_after
from continuum.people.models import Allocation, AllocationRole

__all__ = ["CHILD_FIELDS", "FACTS", "Fact", "load_facts", "open_on"]

#: The child's own columns the clocks and trays read.
CHILD_FIELDS = ("id", "la_child_id", "first_name", "last_name", "person_birth_date", "person_death_date")

#: OC3 IN_TOUCH codes that count as a contact with a care leaver: only "YES"
#: (the council is in touch). NO, REFU, NREQ, RHOM and DIED record that
#: there was no contact, or that none is needed, not that contact happened.
IN_TOUCH_COUNTS = ("YES",)


@dataclass(frozen=True)
class Fact:
    """One list of :class:`~.clocks.Facts`: where it comes from and who reads it."""

    attr: str
    model: type[Model]
    columns: tuple[str, ...]
    #: Codes of the rules whose clocks read these rows (docs/worktrays.md).
    rules: tuple[str, ...]
    #: The record's start: rows starting after the as-of date are not read.
    since: str
    #: Where the table says the clock has stopped: in a tray, rows ended by the as-of date are not read.
    until: str | None = None
    #: Fixed conditions (``filter()`` keywords).
    where: Mapping[str, Any] = field(default_factory=dict)


FACTS: tuple[Fact, ...] = (
    # Front door
    Fact("contacts", Contact, ("id", "child_id", "received_at", "decision_at"), ("mash_decision",),
         since="received_at", until="decision_at"),
    # Referrals and the work under them
    Fact("referrals", CINEpisode,
         ("id", "child_id", "cin_referral_date", "cin_closure_date", "referral_nfa"),
         ("assessment_45wd", "icpc_15wd"), since="cin_referral_date", until="cin_closure_date"),
    Fact("assessments", Assessment, ("child_id", "cin_episode_id", "assessment_authorisation_date"),
         ("assessment_45wd",), since="assessment_authorisation_date"),
    Fact("strategy_discussions", StrategyDiscussion, ("id", "child_id", "cin_episode_id", "held_on"),
         ("icpc_15wd",), since="held_on", where={"decision_s47": True}),
    Fact("section47s", Section47,
         ("id", "child_id", "cin_episode_id", "strategy_discussion_id", "completed_on", "outcome",
          "icpc_not_required"),
         ("icpc_15wd",), since="s47_actual_start_date"),
    Fact("conferences", Conference,
         ("child_id", "cin_episode_id", "kind", "section47_id", "cp_plan_id", "conference_date"),
         ("icpc_15wd", "cp_first_review"), since="conference_date",
         where={"kind__in": (ConferenceKind.INITIAL, ConferenceKind.REVIEW)}),
    # Plans
    Fact("cp_plans", CPPlan, ("id", "child_id", "cpp_start_date", "cpp_end_date"),
         ("first_core_group", "cp_first_review", "cp_visit", "cp_plan_2y_warning"),
         since="cpp_start_date", until="cpp_end_date"),
    Fact("core_groups", CoreGroup, ("child_id", "cp_plan_id", "meeting_date"), ("first_core_group",),
         since="meeting_date"),
    Fact("cin_plans", CINPlan,
         ("id", "child_id", "cin_episode_id", "cin_plan_start_date", "cin_plan_end_date"), ("cin_visit",),
         since="cin_plan_start_date", until="cin_plan_end_date"),
    # Looked after
    Fact("cla_episodes", CLAEpisode,
         ("id", "child_id", "decom", "dec", "rec", "placement_id", "permanence_plan"),
         ("iro_allocated", "cla_first_review", "cla_visit_new_placement", "health_assessment_under5",
          "health_assessment_annual", "pep_review"),
         since="decom"),
    Fact("placements", Placement, ("id", "child_id", "start_date", "end_date"), ("cla_visit_new_placement",),
         since="start_date"),
    Fact("cla_reviews", CLAReview, ("child_id", "review"), ("cla_first_review",), since="review"),
    Fact("health_assessments", HealthAssessment, ("child_id", "assessment_date"),
         ("health_assessment_under5", "health_assessment_annual"), since="assessment_date"),
    Fact("peps", PEP, ("child_id", "pep_date"), ("pep_review",), since="pep_date"),
    Fact("iro_allocations", Allocation, ("child_id", "start_date", "end_date"), ("iro_allocated",),
         since="start_date", where={"role": AllocationRole.IRO}),
    # Statutory visits: only those where the child was seen count (see docs/worktrays.md).
    Fact("visits", Visit, ("child_id", "kind", "visit_date", "cp_plan_id"),
         ("cp_visit", "cin_visit", "cla_visit_new_placement"), since="visit_date",
         where={"kind__in": (VisitKind.CP, VisitKind.CIN, VisitKind.CLA), "seen": True}),
    # Missing, care leavers, courts, early help
    Fact("missing_episodes", MissingEpisode, ("id", "child_id", "mis_end", "rhi_offered_at"), ("rhi_offer",),
         since="mis_end", until="rhi_offered_at"),
    Fact("care_leavers", CareLeaver, ("id", "child_id", "start_date", "end_date"), ("care_leaver_contact",),
         since="start_date"),
    Fact("care_leaver_contacts", CareLeaverContact, ("child_id", "contact_date"), ("care_leaver_contact",),
         since="contact_date", where={"in_touch__in": IN_TOUCH_COUNTS}),
    Fact("care_proceedings", CareProceedings, ("id", "child_id", "application_date", "end_date"),
         ("care_proceedings_26wk",), since="application_date", until="end_date"),
    Fact("early_help", EarlyHelpEpisode, ("id", "child_id", "eha_start_date", "eha_end_date"),
         ("early_help_open_9m",), since="eha_start_date", until="eha_end_date"),
)  # fmt: skip

if sorted(f.attr for f in FACTS) != sorted(f.name for f in fields(Facts) if f.name != "child"):
    raise AssertionError("FACTS and the Facts dataclass must list the same facts.")


def open_on(end_field: str, as_of: date) -> Q:
    """``end_field`` is empty or after ``as_of``: the record was still open on that day."""
    return Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": as_of})


def _timed(model: type[Model], column: str) -> bool:
    return isinstance(model._meta.get_field(column), DateTimeField)


def _query(
    fact: Fact, ids: list[int], day: date, cutoff: datetime, *, outstanding_only: bool
) -> QuerySet[Any]:
    """The rows of ``fact`` for these children as known on ``day`` (a timestamp: before ``cutoff``)."""
    qs = fact.model._default_manager.filter(**fact.where)
    timed = _timed(fact.model, fact.since)
    qs = qs.filter(**{f"{fact.since}__lt": cutoff} if timed else {f"{fact.since}__lte": day})
    if outstanding_only and fact.until is not None:
        if _timed(fact.model, fact.until):
            qs = qs.filter(Q(**{f"{fact.until}__isnull": True}) | Q(**{f"{fact.until}__gte": cutoff}))
        else:
            qs = qs.filter(open_on(fact.until, day))
    return among_children(qs, ids).order_by().values(*fact.columns)


def _compile(outstanding_only: bool, using: str) -> QueryBatch:
    def build(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
        return [_query(f, v["ids"], v["day"], v["cutoff"], outstanding_only=outstanding_only) for f in FACTS]

    first, second = date(1901, 2, 3), date(1902, 4, 5)
    batch = QueryBatch(
        build,
        {"ids": [-7], "day": first, "cutoff": day_after(first)},
        {"ids": [-8], "day": second, "cutoff": day_after(second)},
        using=using,
    )
    if batch.uses("ids") != [1] * len(FACTS):
        raise AssertionError("Every fact query must be narrowed to the children, once.")
    return batch


def load_facts(children: Iterable[Row], as_of: date, *, outstanding_only: bool) -> dict[int, Facts]:
    """Read every record the clocks need for these children: one query per fact, in one round trip.

    ``outstanding_only`` (the work tray) leaves out records whose clocks have
    already ended, where the table itself says so (:attr:`Fact.until`).
    """
    facts: dict[int, Facts] = {row["id"]: Facts(child=row) for row in children}
    if not facts:
        return facts
    using = DEFAULT_DB_ALIAS
    batch = per_thread(("worktray", using, outstanding_only), lambda: _compile(outstanding_only, using))
    values = {"ids": sorted(facts), "day": as_of, "cutoff": day_after(as_of)}
    for fact, rows in zip(FACTS, batch.read(values), strict=True):
        for row in rows:
            getattr(facts[row["child_id"]], fact.attr).append(row)
    return facts
