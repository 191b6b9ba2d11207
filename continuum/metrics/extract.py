"""Build the analytical tables (:mod:`continuum.metrics.schema`) from the live case record.

Why ``COPY (SELECT ...) TO STDOUT``: the indicators need whole tables (every
contact, every visit), and reading hundreds of thousands of rows through the
ORM builds a Python object per row. Here PostgreSQL does the joins and code
mapping, streams CSV, and Arrow's C++ reader parses it straight into columns.

Identifiers are the database ids as text (the LAchildID for children, SW_ID for
workers), so ids are stable for the life of a record. Model values are mapped
back to the analytical codes (``existing_case`` -> ``EXISTING``, ``in_borough``
-> ``IN``/``OUT``...). Moments (a contact received, a child's return from
missing, an RHI offered) are local time. What the models do not hold is null: the assessment
internal review date, CIN reviews, and a care leaver's future duty end date.
Consent "not needed" is recorded as dispensed (see ``continuum/synth/load.py``),
so it comes back as ``DISPENSED``.
"""

# The SQL here is built only from fixed table and column names and DfE code lists,
# never from user input; values go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
import psycopg.sql
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from continuum.failures import Failure
from continuum.metrics.schema import TABLES, schema_for

__all__ = ["QUERIES", "ExtractionError", "extract_tables", "la_code"]

#: Columns built as "a|b|c" text and split into list<string> after reading.
_LIST_SEP = "|"


def la_code() -> str:
    """The LA number for the ``la_code`` column.

    The case record holds one authority and no model stores its number, so it
    comes from the ``CONTINUUM_LA_CODE`` setting or environment variable
    (default 302, see settings; national-scale Parquet uses N001-N150).
    """
    from django.conf import settings

    return str(getattr(settings, "CONTINUUM_LA_CODE", None) or os.environ.get("CONTINUUM_LA_CODE") or "000")


def _case(column: str, mapping: dict[str, str], default: str = "NULL") -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {column} {whens} ELSE {default} END"


_LOCAL = "AT TIME ZONE 'Europe/London'"
_SW_ID = "coalesce(nullif(w.sw_id, ''), 'W' || w.id)"

#: One SELECT per analytical table, its columns in the schema's order (``la_code``
#: is added in Python). ``{la}`` is replaced by the quoted LA code. A per-row
#: subquery over a large table is written as a grouped join instead (contacts'
#: first referral): PostgreSQL then hashes once rather than probing an index per
#: row, a quarter less time on the 5-year borough's 94,000 contacts.
QUERIES: dict[str, str] = {
    "children": f"""
        SELECT c.la_child_id, nullif(c.upn, ''), nullif(c.upn_unknown, ''), c.person_birth_date,
               c.expected_person_birth_date, c.sex, c.ethnicity,
               CASE WHEN cardinality(c.disabilities) = 0 THEN 'NONE'
                    ELSE array_to_string(c.disabilities, '{_LIST_SEP}') END,
               c.person_death_date, c.uasc, c.uasc_ceased_date, nullif(a.ward, ''), nullif(a.postcode, ''),
               a.in_deprived_area, c.id::text
        FROM people_child c
        LEFT JOIN people_childaddress ca ON ca.child_id = c.id AND ca.end_date IS NULL
        LEFT JOIN people_address a ON a.id = ca.address_id
        ORDER BY c.id""",
    "contacts": f"""
        SELECT x.id::text, c.la_child_id, (x.received_at {_LOCAL}), x.referral_source,
               upper(x.consent), nullif(x.initial_brag, ''), nullif(x.final_brag, ''),
               (x.decision_at {_LOCAL}),
               {
        _case(
            "x.outcome",
            {
                "nfa": "NFA",
                "advice": "ADVICE",
                "early_help": "EARLY_HELP",
                "referral": "REFERRAL",
                "existing_case": "EXISTING",
            },
        )
    },
               r.first_referral
        FROM journey_contact x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN (SELECT r.contact_id, min(r.id)::text AS first_referral FROM journey_cinepisode r
                    WHERE r.contact_id IS NOT NULL GROUP BY r.contact_id) r ON r.contact_id = x.id
        ORDER BY x.id""",
    "referrals": """
        SELECT x.id::text, c.la_child_id, x.cin_referral_date, x.referral_source,
               nullif(x.primary_need_code, ''), x.referral_nfa, x.cin_closure_date,
               nullif(x.reason_for_closure, ''), x.contact_id::text
        FROM journey_cinepisode x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "cin_plans": """
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id, x.cin_plan_start_date, x.cin_plan_end_date
        FROM journey_cinplan x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "assessments": f"""
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id, x.assessment_actual_start_date, NULL::date,
               x.assessment_authorisation_date, array_to_string(x.assessment_factors, '{_LIST_SEP}'),
               x.child_seen,
               CASE WHEN x.outcome = '' THEN NULL WHEN x.outcome IN ('nfa', 'early_help') THEN false
                    ELSE true END
        FROM journey_assessment x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "s47": """
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id, sd.held_on, x.s47_actual_start_date,
               x.initial_cpc_target,
               (SELECT min(k.conference_date) FROM journey_conference k
                 WHERE k.section47_id = x.id AND k.kind = 'initial'),
               coalesce(x.icpc_not_required, false)
        FROM journey_section47 x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN journey_strategydiscussion sd ON sd.id = x.strategy_discussion_id
        ORDER BY x.id""",
    "conferences": """
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id,
               CASE x.kind WHEN 'review' THEN 'RCPC' ELSE 'ICPC' END, x.conference_date,
               x.section47_id::text,
               CASE WHEN x.kind = 'review' THEN x.cp_plan_id::text ELSE p.id::text END,
               x.outcome IN ('plan', 'continue_plan')
        FROM journey_conference x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN journey_cpplan p ON p.icpc_id = x.id
        WHERE x.kind IN ('initial', 'review')
        ORDER BY x.id""",
    "cp_plans": """
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id, x.cpp_start_date, x.cpp_end_date,
               x.initial_category_of_abuse, x.latest_category_of_abuse, x.number_of_previous_cpp
        FROM journey_cpplan x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    # A period of care is a run of episodes each starting the day the last
    # ended with X1; it starts at an S episode or after a break.
    "cla_episodes": """
        WITH e AS (
            SELECT x.*, lag(x.dec) OVER w AS prev_dec, lag(x.rec) OVER w AS prev_rec
            FROM journey_claepisode x WINDOW w AS (PARTITION BY x.child_id ORDER BY x.decom, x.id)
        ), g AS (
            SELECT e.*, count(*) FILTER (
                WHERE e.rne = 'S' OR e.prev_dec IS NULL OR e.prev_dec <> e.decom OR e.prev_rec <> 'X1'
            ) OVER (PARTITION BY e.child_id ORDER BY e.decom, e.id ROWS UNBOUNDED PRECEDING) AS period
            FROM e
        )
        SELECT g.id::text, c.la_child_id,
               (first_value(g.id) OVER (PARTITION BY g.child_id, g.period ORDER BY g.decom, g.id))::text,
               g.decom, g.rne, g.ls, g.cin, g.place, nullif(g.place_provider, ''), g.dec, nullif(g.rec, ''),
               nullif(g.reason_place_change, ''), nullif(g.home_post, ''), nullif(g.pl_post, ''),
               nullif(g.urn, ''), CASE WHEN g.in_borough THEN 'IN' ELSE 'OUT' END,
               nullif(g.permanence_plan, '') = 'long_term_fostering', upper(nullif(g.permanence_plan, ''))
        FROM g JOIN people_child c ON c.id = g.child_id
        ORDER BY g.id""",
    "visits": f"""
        SELECT x.id::text, c.la_child_id, upper(x.kind), x.visit_date, x.seen, x.seen_alone,
               {_SW_ID}
        FROM journey_visit x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN people_worker w ON w.id = x.worker_id
        WHERE x.kind IN ('cp', 'cin', 'cla', 'care_leaver')
        ORDER BY x.id""",
    "reviews": """
        SELECT x.id::text, c.la_child_id, 'CLA', x.review, nullif(x.review_code, '')
        FROM journey_clareview x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "missing": f"""
        SELECT x.id::text, c.la_child_id, x.missing, (x.mis_start {_LOCAL})::date, (x.mis_end {_LOCAL})::date,
               {
        _case(
            "x.where_from",
            {
                "home": "HOME",
                "placement_in_borough": "PLACEMENT_IN",
                "placement_out_of_borough": "PLACEMENT_OUT",
            },
        )
    },
               x.rhi_offered_at IS NOT NULL, x.rhi_accepted, (x.mis_end {_LOCAL}),
               (x.rhi_offered_at {_LOCAL}), (x.rhi_held_at {_LOCAL})
        FROM journey_missingepisode x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "care_leavers": """
        SELECT x.id::text, c.la_child_id, x.start_date, upper(x.eligibility_category), x.end_date,
               coalesce(k.staying_put, false), nullif(k.in_touch, ''), nullif(k.activ, ''),
               nullif(k.accom, ''), k.contact_date,
               (SELECT max(r.review_date) FROM journey_pathwayplanreview r WHERE r.care_leaver_id = x.id)
        FROM journey_careleaver x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN LATERAL (
            SELECT * FROM journey_careleavercontact k WHERE k.care_leaver_id = x.id
            ORDER BY k.contact_date DESC, k.id DESC LIMIT 1) k ON true
        ORDER BY x.id""",
    "care_leaver_contacts": """
        SELECT k.id::text, c.la_child_id, k.care_leaver_id::text, k.contact_date, nullif(k.in_touch, ''),
               nullif(k.activ, ''), nullif(k.accom, ''), k.staying_put
        FROM journey_careleavercontact k JOIN people_child c ON c.id = k.child_id
        ORDER BY k.id""",
    "allocations": f"""
        SELECT x.id::text, c.la_child_id, {_SW_ID}, x.team_id::text, x.start_date, x.end_date,
               nullif(x.end_reason, '')
        FROM people_allocation x JOIN people_child c ON c.id = x.child_id
        JOIN people_worker w ON w.id = x.worker_id
        WHERE x.role <> 'iro'
        ORDER BY x.id""",
    "workers": f"""
        SELECT {_SW_ID}, trim(w.first_name || ' ' || w.last_name), coalesce(w.team_id::text, ''),
               {
        _case(
            "w.role",
            {
                "social_worker": "SW",
                "senior_social_worker": "SW",
                "advanced_practitioner": "SW",
                "personal_adviser": "PA",
                "team_manager": "TM",
            },
            "upper(w.role)",
        )
    },
               w.is_agency, w.start_date, w.leave_date, w.contracted_hours::float8
        FROM people_worker w
        ORDER BY w.id""",
    "teams": f"""
        SELECT t.id::text, t.name,
               {
        _case(
            "t.team_type",
            {
                "mash": "MASH",
                "duty_assessment": "DAT",
                "intervention_planning": "IP",
                "children_in_care": "CIC",
                "leaving_care": "LC",
                "disability_0_25": "DIS",
            },
            "upper(t.team_type)",
        )
    },
               t.establishment_fte::float8
        FROM people_team t
        ORDER BY t.id""",
    "adoptions": """
        SELECT x.id::text, c.la_child_id, x.date_should_be_placed, x.date_placement_order, x.date_ffa_placed,
               x.date_match, x.date_placed, x.date_adoption_order, x.date_placed_ceased,
               nullif(x.reason_placed_ceased, ''), x.foster_care, x.nb_adoptr, nullif(x.sex_adoptr, ''),
               nullif(x.ls_adoptr, ''), h.reference
        FROM looked_after_adoptionplan x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN looked_after_adopterhousehold h ON h.id = x.household_id
        ORDER BY x.id""",
    "prev_perm": """
        SELECT x.id::text, c.la_child_id, x.period_started, x.prev_perm, nullif(x.la_perm, ''), x.date_perm
        FROM looked_after_previouspermanence x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    # The SDQ is the journey's own record: the latest of the year ending year_ending.
    "cla_outcomes": """
        SELECT x.id::text, c.la_child_id, x.year_ending, q.sdq_score, nullif(q.sdq_reason, ''),
               x.convicted, x.health_check, x.immunisations, x.teeth_check, x.health_assessment,
               x.substance_misuse, x.intervention_received, x.intervention_offered
        FROM looked_after_annualoutcome x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN LATERAL (
            SELECT * FROM journey_sdq q WHERE q.child_id = x.child_id
              AND q.sdq_date BETWEEN x.year_ending - interval '1 year' + interval '1 day' AND x.year_ending
            ORDER BY q.sdq_date DESC, q.id DESC LIMIT 1) q ON true
        ORDER BY x.id""",
    "motherhood": """
        SELECT x.id::text, c.la_child_id, x.recorded_on, x.mother, x.mc_dob
        FROM looked_after_motherhood x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "adopters": """
        SELECT a.reference, h.reference, a.sex, a.ethnicity, a.disability, h.fostering_for_adoption,
               h.enquiry_date, h.stage1_start, h.stage1_end, h.stage2_start, h.stage2_end,
               h.application_date, h.approval_date, h.left_date, nullif(upper(h.left_reason), '')
        FROM looked_after_prospectiveadopter a JOIN looked_after_adopterhousehold h ON h.id = a.household_id
        ORDER BY a.id""",
    "early_help": """
        SELECT x.id::text, c.la_child_id, x.eha_start_date, x.eha_end_date,
               upper(nullif(x.lead_professional_agency, '')), x.contact_id::text,
               x.stepped_down_from_id::text, x.stepped_up_to_id::text
        FROM journey_earlyhelpepisode x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "peps": """
        SELECT x.id::text, c.la_child_id, x.cla_episode_id::text, x.pep_date
        FROM journey_pep x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "health_assessments": """
        SELECT x.id::text, c.la_child_id, x.cla_episode_id::text, x.assessment_date, upper(x.kind)
        FROM journey_healthassessment x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "dental_checks": """
        SELECT x.id::text, c.la_child_id, x.cla_episode_id::text, x.check_date
        FROM journey_dentalcheck x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    "pre_proceedings": """
        SELECT x.id::text, x.cin_episode_id::text, c.la_child_id, x.plo_start_date,
               x.letter_before_proceedings_date, x.fgdm_offered, x.fgdm_held, x.initial_meeting_date,
               x.review_meetings::integer, x.decision_date, nullif(x.outcome, ''),
               coalesce(x.court_application_date,
                        (SELECT min(k.application_date) FROM journey_careproceedings k
                          WHERE k.pre_proceedings_id = x.id)),
               x.letter_initiating_proceedings_date, x.end_date
        FROM journey_preproceedings x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    # Completed case audits only: a proposed or withdrawn audit has no grade to count.
    "case_audits": """
        SELECT x.id::text, c.la_child_id, upper(x.kind), x.team_id::text, x.completed_on,
               upper(x.overall_grade), nullif(upper(x.moderated_grade), ''), x.immediate_harm
        FROM assurance_caseaudit x JOIN people_child c ON c.id = x.child_id
        WHERE x.status = 'completed' AND x.completed_on IS NOT NULL AND x.overall_grade <> ''
        ORDER BY x.id""",
    # EHC needs assessment requests (continuum/send/); the allowed exceptions are the reasons
    # continuum/send/clocks.py EXCEPTIONS marks excludable.
    "ehc_requests": """
        SELECT x.id::text, c.la_child_id, upper(x.requested_by), x.received_on,
               nullif(upper(x.assess_decision), ''), x.assess_decided_on, x.final_issued_on,
               EXISTS (SELECT 1 FROM send_assessmentexception e WHERE e.ehc_request_id = x.id
                       AND e.reason IN ('school_closure', 'personal_circumstances', 'absent_from_area'))
        FROM send_ehcrequest x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    # EHC plans (continuum/send/) with their annual review meetings, for the plans maintained, the
    # placements, personal budgets and reviews on time.
    "ehc_plans": f"""
        SELECT x.id::text, c.la_child_id, x.ehc_request_id::text, x.issued_on, x.primary_need,
               nullif(upper(x.setting_type), ''), x.out_of_borough, x.budget_requested, x.budget_agreed,
               x.ceased_on, nullif(upper(x.cease_reason), ''),
               (SELECT string_agg(r.held_on::text, '{_LIST_SEP}' ORDER BY r.held_on)
                  FROM send_annualreview r WHERE r.plan_id = x.id)
        FROM send_ehcplan x JOIN people_child c ON c.id = x.child_id
        ORDER BY x.id""",
    # EHC plans' phase transfers (continuum/send/), for the transfers named by the deadline.
    "ehc_transfers": """
        SELECT t.id::text, c.la_child_id, t.plan_id::text, upper(t.from_phase), upper(t.to_phase),
               t.transfer_year, t.amended_issued_on, t.setting_name <> ''
        FROM send_phasetransfer t JOIN send_ehcplan x ON x.id = t.plan_id
             JOIN people_child c ON c.id = x.child_id
        ORDER BY t.id""",
    # Not the case record: the borough's children 0-17, for rates (continuum/metrics/population.py).
    "population": """
        SELECT p.year, p.age, p.sex, nullif(p.ward, ''), nullif(p.ethnicity, ''), p.population
        FROM core_populationestimate p
        ORDER BY p.year, p.age, p.sex, p.ward, p.ethnicity""",
}

#: What :func:`extract_tables` returns: every analytical table and the ``population`` table.
EXTRACTED: tuple[str, ...] = (*TABLES, "population")


def _read(data: bytes, schema: pa.Schema, code: str) -> pa.Table:
    """Parse the CSV of one query into a table of exactly ``schema``."""
    fields = [f for f in schema if f.name != "la_code"]
    if not data:
        return schema.empty_table()
    types = {f.name: _csv_type(f.type) for f in fields}
    parsed = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(column_names=[f.name for f in fields]),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            true_values=["t"],
            false_values=["f"],
            strings_can_be_null=True,  # unquoted empty = NULL; "" (quoted) stays empty
            quoted_strings_can_be_null=False,
            timestamp_parsers=[pacsv.ISO8601],
        ),
    )
    columns: list[Any] = [pa.array([code] * parsed.num_rows, pa.string())]
    for f in fields:
        column = parsed.column(f.name)
        if pa.types.is_list(f.type):  # "a|b" -> [a, b]; "" -> []; null stays null (in Arrow, not per row)
            # Each part takes the list's own type (dates for the EHC plans' review dates).
            blank = pc.equal(column, "")
            parts = pc.split_pattern(pc.if_else(blank, pa.scalar(None, pa.string()), column), _LIST_SEP)
            column = pc.if_else(blank, pa.scalar([], f.type), parts.cast(f.type))
        # Sub-millisecond digits are dropped (truncated), never refused: the
        # analytical layer keeps moments to the millisecond.
        columns.append(column.cast(f.type, safe=not pa.types.is_timestamp(f.type)))
    return pa.Table.from_arrays(columns, schema=schema)


def _csv_type(type_: pa.DataType) -> pa.DataType:
    """The type the CSV reader parses a column as, before the cast to the schema's type.

    Why not the schema's type itself: PostgreSQL writes what the services
    stored, and a moment typed into a form carries microseconds
    (``2026-12-06 07:24:12.255012``), which Arrow refuses to parse straight
    into ``timestamp[ms]``. Reading at microseconds and then truncating accepts
    every timestamp PostgreSQL can hold. Lists are read as text and split.
    """
    if pa.types.is_list(type_):
        return pa.string()
    if pa.types.is_timestamp(type_):
        return pa.timestamp("us", tz=type_.tz)
    return type_


#: Extra connections for concurrent COPYs: the biggest tables (visits, contacts,
#: children, CLA episodes) take most of the time, so a few suffice.
_WORKERS = 3


def extract_tables(
    connection: Any = None,
    *,
    code: str | None = None,
    workers: int = _WORKERS,
    names: Iterable[str] | None = None,
    fresh: bool = False,
    tails: Mapping[str, Tail] | None = None,
    counted: dict[str, int] | None = None,
) -> dict[str, pa.Table]:
    """Every analytical table (or ``names``), from the database, conforming exactly to :func:`schema_for`.

    ``connection`` is a Django connection (default: the default one) or a
    psycopg connection. When it is not inside a transaction, the COPYs run on
    ``workers`` extra connections at once, all reading one exported snapshot
    (REPEATABLE READ), so the tables agree with each other and PostgreSQL
    and Arrow's CSV reader work in parallel. Inside a transaction (say
    ``transaction.atomic()``, or a test) they run one after another on
    ``connection`` itself, which is the only connection that sees its
    uncommitted rows.

    ``names`` limits the work to those tables (in :data:`EXTRACTED`'s order):
    :mod:`continuum.metrics.snapshot` re-extracts only the tables whose
    relations changed. ``fresh=True`` says the caller's transaction has
    written nothing (the snapshot module checks), so the COPYs go through new
    connections whose snapshots are taken now, even when ``connection`` sits
    in an older transaction; one table outside a transaction is copied on
    ``connection`` itself, since a single statement is its own snapshot.

    ``tails`` asks, for some of the tables, only their newest rows
    (:mod:`continuum.metrics.growth`): the table's query is then ``Tail.sql``,
    and ``counted`` receives the row count of ``Tail.relation`` read in the
    same snapshot, which the caller checks the rows it keeps against.
    """
    if connection is None:
        from django.db import connection as default

        connection = default
    if hasattr(connection, "ensure_connection"):  # Django wrapper -> psycopg connection
        connection.ensure_connection()
        raw = connection.connection
        params = connection.get_connection_params()
    else:
        raw = connection
        params = {**raw.info.get_parameters(), "password": raw.info.password}
    code = code or la_code()
    tails = dict(tails or {})
    wanted = EXTRACTED if names is None else _in_order({*names, *tails})
    idle = raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    single = idle and len(wanted) == 1 and not tails  # a tail and its count: two statements, one snapshot
    if wanted and (fresh or (idle and workers > 1)) and not single:
        how = max(1, min(workers, len(wanted)))
        return _extract_concurrently(params, code, how, wanted, tails, {} if counted is None else counted)
    with raw.cursor() as cursor:
        return {name: _copy_one(cursor, name, code, tails, counted) for name in wanted}


@dataclass(frozen=True)
class Tail:
    """A table's newest rows: its query limited to them, and the relation whose rows they are."""

    sql: str
    relation: str


def _copy_one(
    cursor: Any, name: str, code: str, tails: Mapping[str, Tail], counted: dict[str, int] | None
) -> pa.Table:
    """The table, or its tail with its relation's row count (read first, in the same snapshot)."""
    tail = tails.get(name)
    if tail is None:
        return _copy_table(cursor, name, code)
    cursor.execute(psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(tail.relation)))
    total = cursor.fetchone()[0]
    if counted is not None:
        counted[name] = total
    return _copy_table(cursor, name, code, tail.sql)


def _in_order(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` in :data:`EXTRACTED`'s order; an unknown name is a programming error."""
    asked = set(names)
    unknown = asked - set(EXTRACTED)
    if unknown:
        raise ValueError(f"not analytical tables: {sorted(unknown)}")
    return tuple(name for name in EXTRACTED if name in asked)


def _copy_table(cursor: Any, name: str, code: str, query: str | None = None) -> pa.Table:
    """One table: ``COPY (SELECT ...) TO STDOUT`` as CSV, parsed by Arrow (``query``: its tail's)."""
    buffer = bytearray()
    sql = f"COPY ({query or QUERIES[name]}) TO STDOUT WITH (FORMAT csv)"
    try:
        with cursor.copy(sql) as copy:
            for chunk in copy:
                buffer += chunk
    except psycopg.OperationalError:
        raise  # the database went away: the caller says so
    except psycopg.Error as exc:  # PostgreSQL's message may quote a value
        raise ExtractionError(
            f"Could not read the analytical table '{name}' from the database ({type(exc).__name__})."
        ) from exc
    data = bytes(buffer)
    schema = schema_for(name)
    try:
        return _read(data, schema, code)
    except Exception as exc:
        raise ExtractionError(_where_unreadable(name, data, schema, code)) from exc


class ExtractionError(Failure):
    """An analytical table could not be built from the case record.

    The message names the table, the column and the record id, never the
    value: Arrow's own message quotes the value, which may be a name or a
    date of birth.
    """


#: What a column of each kind should have held, for the message.
_EXPECTED = (
    (pa.types.is_timestamp, "a valid date and time"),
    (pa.types.is_date, "a valid date"),
    (pa.types.is_boolean, "true or false"),
    (pa.types.is_integer, "a whole number"),
    (pa.types.is_floating, "a number"),
    (pa.types.is_list, "a valid list of codes"),
)


def _where_unreadable(name: str, data: bytes, schema: pa.Schema, code: str) -> str:
    """The sentence for a table :func:`_read` refused: its column and record id, found by re-reading.

    Why re-read rather than parse Arrow's message: the message quotes the
    value and, for a failed cast, names neither row nor column. So the CSV is
    read again as text (which cannot fail on a value), then :func:`_read`
    itself is asked about one column at a time (the others nulled), then
    about halves of the rows, until one row is left; the record id is its
    first column. Costs a few extra parses, only when a table fails.
    """
    fields = [f for f in schema if f.name != "la_code"]
    try:
        text = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=[f.name for f in fields]),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys((f.name for f in fields), pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
    except Exception:
        return f"Could not read the analytical table '{name}': the database sent text that is not valid CSV."

    def fails(rows: pa.Table, only: str) -> bool:
        probe = pa.table(
            {
                f.name: rows.column(f.name) if f.name == only else pa.nulls(rows.num_rows, pa.string())
                for f in fields
            }
        )
        out = io.BytesIO()
        pacsv.write_csv(probe, out, write_options=pacsv.WriteOptions(include_header=False))
        try:
            _read(out.getvalue(), schema, code)
        except Exception:
            return True
        return False

    column = next((f for f in fields if fails(text, f.name)), None)
    if column is None:
        return f"Could not read the analytical table '{name}': its rows do not fit the analytical schema."
    start, rows = 0, text
    while rows.num_rows > 1:
        half = rows.num_rows // 2
        if fails(rows.slice(0, half), column.name):
            rows = rows.slice(0, half)
        else:
            start, rows = start + half, rows.slice(half)
    record = rows.column(0)[0].as_py() if rows.num_rows else None
    expected = next((words for test, words in _EXPECTED if test(column.type)), f"a valid {column.type}")
    # The record id is the row's first column, unless that is the unreadable value itself.
    where = (
        f", record id {record}" if record is not None and column is not fields[0] else f", row {start + 1}"
    )
    return (
        f"Could not read the analytical table '{name}', column '{column.name}'{where}: "
        f"the value is not {expected}."
    )


def _extract_concurrently(
    params: dict[str, Any],
    code: str,
    workers: int,
    names: tuple[str, ...] = EXTRACTED,
    tails: Mapping[str, Tail] | None = None,
    counted: dict[str, int] | None = None,
) -> dict[str, pa.Table]:
    """The COPYs shared among ``workers`` connections reading the same snapshot.

    The first connection exports its snapshot and keeps its transaction open
    until every other connection has adopted it. psycopg releases the GIL
    while it waits on the server and Arrow while it parses, so threads are
    enough.
    """
    import queue
    import threading

    connections = [psycopg.connect(**params, autocommit=False) for _ in range(workers)]
    try:
        for conn in connections:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connections[0].execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        for conn in connections[1:]:
            conn.execute(psycopg.sql.SQL("SET TRANSACTION SNAPSHOT {}").format(snapshot))
        todo: queue.Queue[str] = queue.Queue()
        for name in names:
            todo.put(name)
        out: dict[str, pa.Table] = {}
        errors: list[BaseException] = []

        def work(conn: psycopg.Connection) -> None:
            try:
                with conn.cursor() as cursor:
                    while True:
                        try:
                            name = todo.get_nowait()
                        except queue.Empty:
                            return
                        out[name] = _copy_one(cursor, name, code, tails or {}, counted)
            except BaseException as exc:  # re-raised in the caller's thread below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(conn,)) for conn in connections]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        return {name: out[name] for name in names}
    finally:
        for conn in connections:
            conn.close()
