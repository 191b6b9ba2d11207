"""The bulk load's invariants: SQL copies of the journey services' rules, run before commit.

Why SQL: the bulk load (:mod:`continuum.synth.load`) writes with ``COPY``,
bypassing the services that check one step at a time, so before the
transaction commits these queries look for any record the services would
have refused. Each is named by the service's own rule code
(:class:`~continuum.journey.errors.Rule`); a broken one raises
:class:`LoadRuleError` naming a few offending records, and nothing is written.
"""

# The SQL here is built only from fixed table and column names and DfE code lists,
# never from user input; values go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from continuum.core import codes
from continuum.journey.errors import Rule
from continuum.journey.services._base import PRE_BIRTH_WINDOW, RC_AFTER_ASSESSMENT

#: How many offending records an error names.
EXAMPLES = 5

Progress = Callable[[str], None]


class LoadRuleError(Exception):
    """A journey rule is broken by the simulated records; nothing was written."""

    def __init__(
        self, rule: str, description: str, examples: Sequence[str], count: int | None = None
    ) -> None:
        self.rule = rule
        self.description = description
        self.examples = list(examples)
        self.count = count if count is not None else len(self.examples)
        shown = ", ".join(self.examples[:EXAMPLES])
        super().__init__(
            f"Synthetic load refused, nothing was written: rule {rule!r} ({description}) is broken by "
            f"{self.count} record(s), for example {shown}."
        )


@dataclass(frozen=True)
class Invariant:
    """One service rule as a query: any row it returns is a record the service would have refused."""

    rule: str
    description: str
    #: A query returning one text column: a description of each offending record.
    sql: str


def _dated_records() -> str:
    """Every dated record with its child: (what, child_id, day)."""
    parts = [
        ("contact", "journey_contact", "(received_at AT TIME ZONE 'Europe/London')::date"),
        ("referral", "journey_cinepisode", "cin_referral_date"),
        ("referral", "journey_cinepisode", "cin_closure_date"),
        ("assessment", "journey_assessment", "assessment_actual_start_date"),
        ("assessment", "journey_assessment", "assessment_authorisation_date"),
        ("strategy", "journey_strategydiscussion", "held_on"),
        ("section47", "journey_section47", "s47_actual_start_date"),
        ("conference", "journey_conference", "conference_date"),
        ("cpplan", "journey_cpplan", "cpp_start_date"),
        ("cpplan", "journey_cpplan", "cpp_end_date"),
        ("coregroup", "journey_coregroup", "meeting_date"),
        ("cinplan", "journey_cinplan", "cin_plan_start_date"),
        ("claepisode", "journey_claepisode", "decom"),
        ("claepisode", "journey_claepisode", "dec"),
        ("clareview", "journey_clareview", "review"),
        ("visit", "journey_visit", "visit_date"),
        ("missing", "journey_missingepisode", "(mis_start AT TIME ZONE 'Europe/London')::date"),
        ("careleaver", "journey_careleaver", "start_date"),
        ("allocation", "people_allocation", "start_date"),
        ("earlyhelp", "journey_earlyhelpepisode", "eha_start_date"),
        ("earlyhelp", "journey_earlyhelpepisode", "eha_end_date"),
        ("pep", "journey_pep", "pep_date"),
        ("healthassessment", "journey_healthassessment", "assessment_date"),
        ("dentalcheck", "journey_dentalcheck", "check_date"),
    ]
    return " UNION ALL ".join(
        f"SELECT '{what}' AS what, id, child_id, {col} AS day FROM {table} WHERE {col} IS NOT NULL"
        for what, table, col in parts
    )


def _code_checks() -> list[tuple[str, str, Sequence[str]]]:
    """(table, column, allowed values) for every coded column; '' means "not recorded"."""
    from continuum.journey import models as j
    from continuum.people import models as p

    def vals(choices: Any) -> tuple[str, ...]:
        return tuple(choices.values)

    return [
        ("people_child", "sex", codes.codes_of("Sex")),
        ("people_child", "ethnicity", codes.codes_of("Ethnicity")),
        ("people_child", "upn_unknown", codes.codes_of("UPNunknown")),
        ("people_team", "team_type", vals(p.TeamType)),
        ("people_worker", "role", vals(p.WorkerRole)),
        ("people_allocation", "role", vals(p.AllocationRole)),
        ("people_allocation", "end_reason", codes.codes_of("social_worker.SW_REASON")),
        ("journey_contact", "consent", vals(j.Consent)),
        ("journey_contact", "initial_brag", vals(j.Brag)),
        ("journey_contact", "final_brag", vals(j.Brag)),
        ("journey_contact", "outcome", vals(j.ContactOutcome)),
        ("journey_assessment", "outcome", vals(j.AssessmentOutcome)),
        ("journey_section47", "outcome", vals(j.S47Outcome)),
        ("journey_conference", "kind", vals(j.ConferenceKind)),
        ("journey_conference", "outcome", vals(j.ConferenceOutcome)),
        ("journey_placement", "place", codes.codes_of("episodes.PLACE")),
        ("journey_placement", "place_provider", codes.codes_of("episodes.PLACE_PROVIDER")),
        ("journey_placement", "reason_place_change", codes.codes_of("episodes.REASON_PLACE_CHANGE")),
        ("journey_claepisode", "place_provider", codes.codes_of("episodes.PLACE_PROVIDER")),
        ("journey_claepisode", "reason_place_change", codes.codes_of("episodes.REASON_PLACE_CHANGE")),
        ("journey_clareview", "review_code", codes.codes_of("reviews.REVIEW_CODE")),
        ("journey_visit", "kind", vals(j.VisitKind)),
        ("journey_missingepisode", "missing", codes.codes_of("missing.MISSING")),
        ("journey_missingepisode", "where_from", vals(j.MissingFrom)),
        ("journey_careleaver", "eligibility_category", vals(j.CareLeaverCategory)),
        ("journey_careleavercontact", "in_touch", codes.codes_of("oc3.IN_TOUCH")),
        ("journey_careleavercontact", "accom", codes.codes_of("oc3.ACCOM")),
        ("journey_careleavercontact", "activ", codes.codes_of("oc3.ACTIV")),
    ]


def _overlap(table: str, start: str, end: str, what: str) -> str:
    """Records of one child that overlap (a later one starting before the earlier one ended)."""
    return f"""
        SELECT '{what} ' || id || ' (child ' || child_id || ')' FROM (
            SELECT id, child_id, {start} AS s,
                   max(coalesce({end}, 'infinity'::date)) OVER (
                       PARTITION BY child_id ORDER BY {start}, id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
            FROM {table}) x
        WHERE s < prev_end"""


def invariants(history_start: date | None = None) -> list[Invariant]:
    """The SQL copies of the services' rules, each named by its :class:`Rule` code."""
    pre_birth = PRE_BIRTH_WINDOW.days
    rc = ", ".join(f"'{c}'" for c in sorted(RC_AFTER_ASSESSMENT))
    in_referral = [
        ("assessment", "journey_assessment", "assessment_actual_start_date", False),
        ("strategy discussion", "journey_strategydiscussion", "held_on", False),
        ("section47", "journey_section47", "s47_actual_start_date", True),
        ("conference", "journey_conference", "conference_date", True),
        ("cpplan", "journey_cpplan", "cpp_start_date", True),
        ("cinplan", "journey_cinplan", "cin_plan_start_date", False),
    ]
    checks = [
        Invariant(
            Rule.ICPC_NEEDS_S47,
            "an initial conference needs a section 47 enquiry in the same referral that did not find a "
            "conference unnecessary",
            """SELECT 'conference ' || c.id || ' (child ' || c.child_id || ')'
               FROM journey_conference c LEFT JOIN journey_section47 s ON s.id = c.section47_id
               WHERE c.kind = 'initial' AND (s.id IS NULL OR s.cin_episode_id <> c.cin_episode_id
                     OR s.child_id <> c.child_id OR s.icpc_not_required IS TRUE)""",
        ),
        Invariant(
            Rule.CP_PLAN_NEEDS_ICPC_PLAN,
            "a CP plan needs an initial conference in its referral that decided on a plan",
            """SELECT 'cpplan ' || p.id || ' (child ' || p.child_id || ')'
               FROM journey_cpplan p JOIN journey_conference c ON c.id = p.icpc_id
               WHERE c.kind <> 'initial' OR c.outcome <> 'plan' OR c.cin_episode_id <> p.cin_episode_id
                     OR c.child_id <> p.child_id""",
        ),
        Invariant(
            Rule.CP_PLAN_STARTS_ON_ICPC_DATE,
            "a CP plan starts on the date of its initial conference",
            """SELECT 'cpplan ' || p.id || ' (child ' || p.child_id || ')'
               FROM journey_cpplan p JOIN journey_conference c ON c.id = p.icpc_id
               WHERE p.cpp_start_date <> c.conference_date""",
        ),
        Invariant(
            Rule.DATE_OUTSIDE_PLAN,
            "a core group meets within its CP plan's dates",
            """SELECT 'coregroup ' || g.id || ' (child ' || g.child_id || ')'
               FROM journey_coregroup g JOIN journey_cpplan p ON p.id = g.cp_plan_id
               WHERE g.meeting_date < p.cpp_start_date OR g.meeting_date > p.cpp_end_date
                     OR g.child_id <> p.child_id""",
        ),
        Invariant(
            Rule.DATE_BEFORE_BIRTH,
            f"no date before birth, except pre-birth records up to {pre_birth} days before birth for a child "
            "first recorded unborn",
            f"""SELECT d.what || ' ' || d.id || ' (child ' || d.child_id || ', ' || d.day || ')'
                FROM ({_dated_records()}) d JOIN people_child ch ON ch.id = d.child_id
                WHERE ch.person_birth_date IS NOT NULL AND d.day < CASE
                    WHEN ch.expected_person_birth_date IS NOT NULL THEN ch.person_birth_date - {pre_birth}
                    ELSE ch.person_birth_date END""",
        ),
        Invariant(
            Rule.AFTER_DEATH,
            "nothing after the child's date of death",
            f"""SELECT d.what || ' ' || d.id || ' (child ' || d.child_id || ')'
                FROM ({_dated_records()}) d JOIN people_child ch ON ch.id = d.child_id
                WHERE ch.person_death_date IS NOT NULL AND d.day > ch.person_death_date""",
        ),
        Invariant(
            Rule.FUTURE_DATE,
            "no future dates",
            f"""SELECT d.what || ' ' || d.id || ' (child ' || d.child_id || ')'
                FROM ({_dated_records()}) d WHERE d.day > current_date""",
        ),
        Invariant(
            Rule.END_BEFORE_START,
            "no end before its start",
            " UNION ALL ".join(
                f"SELECT '{w} ' || id FROM {t} WHERE {e} < {s}"
                for w, t, s, e in (
                    ("referral", "journey_cinepisode", "cin_referral_date", "cin_closure_date"),
                    (
                        "assessment",
                        "journey_assessment",
                        "assessment_actual_start_date",
                        "assessment_authorisation_date",
                    ),
                    ("section47", "journey_section47", "s47_actual_start_date", "completed_on"),
                    ("cpplan", "journey_cpplan", "cpp_start_date", "cpp_end_date"),
                    ("cinplan", "journey_cinplan", "cin_plan_start_date", "cin_plan_end_date"),
                    ("claepisode", "journey_claepisode", "decom", "dec"),
                    ("placement", "journey_placement", "start_date", "end_date"),
                    ("missing", "journey_missingepisode", "mis_start", "mis_end"),
                    ("allocation", "people_allocation", "start_date", "end_date"),
                    ("worker", "people_worker", "start_date", "leave_date"),
                    ("careleaver", "journey_careleaver", "start_date", "end_date"),
                    ("contact oversight", "journey_contact", "decision_at", "manager_oversight_at"),
                )
            ),
        ),
        Invariant(
            Rule.ONE_OPEN_CLA_EPISODE,
            "CLA episodes of one child never overlap",
            _overlap("journey_claepisode", "decom", "dec", "claepisode"),
        ),
        Invariant(
            Rule.ONE_OPEN_CIN_EPISODE,
            "referrals of one child never overlap",
            _overlap("journey_cinepisode", "cin_referral_date", "cin_closure_date", "referral"),
        ),
        Invariant(
            Rule.ONE_OPEN_CP_PLAN,
            "CP plans of one child never overlap",
            _overlap("journey_cpplan", "cpp_start_date", "cpp_end_date", "cpplan"),
        ),
        Invariant(
            Rule.CIN_PLAN_DURING_CP_PLAN,
            "a CIN plan never runs alongside a CP plan",
            """SELECT 'cinplan ' || n.id || ' (child ' || n.child_id || ')'
               FROM journey_cinplan n JOIN journey_cpplan p ON p.child_id = n.child_id
               WHERE n.cin_plan_start_date < coalesce(p.cpp_end_date, 'infinity'::date)
                 AND p.cpp_start_date < coalesce(n.cin_plan_end_date, 'infinity'::date)""",
        ),
        Invariant(
            Rule.REFERRAL_NFA,
            "a referral recorded as no further action holds no further work",
            " UNION ALL ".join(
                f"SELECT '{w} ' || x.id || ' (child ' || x.child_id || ')' FROM {t} x "
                "JOIN journey_cinepisode r ON r.id = x.cin_episode_id WHERE r.referral_nfa"
                for w, t, _, _ in in_referral
            ),
        ),
        Invariant(
            Rule.DATE_BEFORE_REFERRAL,
            "nothing in a referral before its referral date",
            " UNION ALL ".join(
                f"SELECT '{w} ' || x.id || ' (child ' || x.child_id || ')' FROM {t} x "
                f"JOIN journey_cinepisode r ON r.id = x.cin_episode_id WHERE x.{d} < r.cin_referral_date"
                for w, t, d, _ in in_referral
            ),
        ),
        Invariant(
            Rule.CIN_EPISODE_CLOSED,
            "nothing in a referral after its closure date",
            " UNION ALL ".join(
                f"SELECT '{w} ' || x.id || ' (child ' || x.child_id || ')' FROM {t} x "
                f"JOIN journey_cinepisode r ON r.id = x.cin_episode_id WHERE x.{d} > r.cin_closure_date"
                for w, t, d, _ in in_referral
            ),
        ),
        Invariant(
            Rule.CLOSED_RC8_RC9,
            "a referral closed after assessment (RC8, RC9) holds no s47s, conferences or plans",
            " UNION ALL ".join(
                f"SELECT '{w} ' || x.id || ' (child ' || x.child_id || ')' FROM {t} x "
                f"JOIN journey_cinepisode r ON r.id = x.cin_episode_id WHERE r.reason_for_closure IN ({rc})"
                for w, t, _, statutory in in_referral
                if statutory
            ),
        ),
        Invariant(
            Rule.CLOSURE_WITH_OPEN_PLAN,
            "a closed referral holds no open plan",
            """SELECT 'plan ' || x.id || ' (child ' || x.child_id || ')' FROM (
                   SELECT id, child_id, cin_episode_id FROM journey_cpplan WHERE cpp_end_date IS NULL
                   UNION ALL
                   SELECT id, child_id, cin_episode_id FROM journey_cinplan WHERE cin_plan_end_date IS NULL) x
               JOIN journey_cinepisode r ON r.id = x.cin_episode_id WHERE r.cin_closure_date IS NOT NULL""",
        ),
        Invariant(
            Rule.NO_PLAN_FOR_VISIT,
            "CP and CLA visits need the plan or episode open on the day",
            """SELECT 'visit ' || v.id || ' (child ' || v.child_id || ', ' || v.visit_date || ')'
               FROM journey_visit v
               LEFT JOIN journey_cpplan p ON p.id = v.cp_plan_id
               LEFT JOIN journey_claepisode e ON e.id = v.cla_episode_id
               WHERE (v.kind = 'cp' AND (p.id IS NULL OR v.visit_date < p.cpp_start_date
                                          OR v.visit_date > p.cpp_end_date))
                  OR (v.kind = 'cla' AND (e.id IS NULL OR v.visit_date < e.decom OR v.visit_date > e.dec))""",
        ),
        Invariant(
            Rule.DATE_OUTSIDE_EPISODE,
            "a CLA review falls within its CLA episode",
            """SELECT 'clareview ' || r.id || ' (child ' || r.child_id || ')'
               FROM journey_clareview r LEFT JOIN journey_claepisode e ON e.id = r.cla_episode_id
               WHERE e.id IS NULL OR r.review < e.decom OR r.review > e.dec OR e.child_id <> r.child_id""",
        ),
        Invariant(
            Rule.WORKER_NOT_IN_POST,
            "allocations and visits are to workers in post on the day",
            """SELECT 'allocation ' || a.id || ' (worker ' || w.sw_id || ')' FROM people_allocation a
                 JOIN people_worker w ON w.id = a.worker_id
                 WHERE a.start_date < w.start_date OR a.start_date > w.leave_date
               UNION ALL
               SELECT 'visit ' || v.id || ' (worker ' || w.sw_id || ')' FROM journey_visit v
                 JOIN people_worker w ON w.id = v.worker_id
                 WHERE v.visit_date < w.start_date OR v.visit_date > w.leave_date""",
        ),
        Invariant(
            Rule.CARE_LEAVER_NEEDS_CARE_HISTORY,
            "a care leaver has a care history ending before their leaving-care duties",
            f"""SELECT 'careleaver ' || l.id || ' (child ' || l.child_id || ')' FROM journey_careleaver l
               WHERE l.start_date >= '{history_start or date.min}'::date
                 AND NOT EXISTS (SELECT 1 FROM journey_claepisode e
                                 WHERE e.child_id = l.child_id AND e.decom <= l.start_date)""",
        ),
        Invariant(
            Rule.INVALID_CODE,
            "DfE codes (and the models' own choices) only",
            " UNION ALL ".join(
                f"SELECT '{t}.{c} ' || id || ' = ' || quote_literal({c}) FROM {t} "
                f"WHERE {c} <> '' AND {c} <> ALL (ARRAY[{', '.join(repr(v) for v in allowed)}]::text[])"
                for t, c, allowed in _code_checks()
            ),
        ),
    ]
    return checks


def violations(cursor: Any, history_start: date | None = None) -> list[LoadRuleError]:
    """Every broken invariant, with its count and a few offending records.

    ``history_start``: the simulator keeps records from a year before the
    first reported year, so a care leaver who left care before then has no
    care history in the database; the care-history rule applies from then on.
    """
    out = []
    for inv in invariants(history_start):
        cursor.execute(f"SELECT count(*) OVER (), x.* FROM ({inv.sql}) x LIMIT {EXAMPLES}")
        found = cursor.fetchall()
        if found:
            out.append(LoadRuleError(inv.rule, inv.description, [row[1] for row in found], count=found[0][0]))
    return out


def check_invariants(
    cursor: Any, *, history_start: date | None = None, progress: Progress | None = None
) -> None:
    """Run every invariant; raise :class:`LoadRuleError` for the first one broken."""
    broken = violations(cursor, history_start)
    if broken:
        raise broken[0]
    if progress:
        progress(f"  invariants: {len(invariants())} rules hold")
