"""Run a year's CIN census rules over the parsed tables with DuckDB, and build the report.

Why DuckDB over Arrow: the parsed tables are already columnar, DuckDB reads
them without copying, and each rule is then one set-based query over a whole
national file instead of a Python loop per child. Rules needing "N working
days before" read scalar dates that are worked out once by a join on a
working-day table built from :mod:`continuum.core.working_days` (date ->
cumulative count of working days), so the calendar is consulted for a few
hundred days, not per row.

What a rule's SQL can use:

* the tables of :mod:`.schema` -- ``header``, ``children``, ``disabilities``,
  ``cin_details``, ``assessments``, ``assessment_factors``,
  ``cin_plan_dates``, ``section47``, ``cp_plans``, ``cp_reviews``;
* ``census`` (one row): ``reference_date`` (from the header, or the year's
  if missing), ``expected_reference_date`` (the collection year's),
  ``collection_start`` (the day after ReferenceDate one year earlier: the
  first day of the census year), ``start_minus_1wd``, ``ref_minus_15wd``,
  ``ref_minus_45wd``;
* ``working_days(d, is_working, wd_ordinal)``; ``codes(element, code)`` from
  the field list in ``continuum/specs``; ``la_codes(la_code)`` (every LA number a UPN may carry);
* macros ``is_true(x)`` / ``is_false(x)`` (1/0/true/false), ``is_weekend(d)``,
  ``valid_code(element, x)`` and ``upn_check_letter(upn)``.

What a rule's SQL must give back: ``child_id, line`` of each failing row
(``child_id`` NULL for return-level rules), and optionally ``field`` (which
element failed) and ``tbl`` (which table the row is from, for rules that look
in several tables).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from continuum.core import codes as code_sets
from continuum.core import specs
from continuum.core.working_day_table import build_calendar_table
from continuum.core.working_days import WorkingDayCalendar
from continuum.returns.cin.la_codes import UPN_LA_CODES
from continuum.returns.cin.parser import CinTables, parse_cin
from continuum.returns.cin.registry import CinRule, RuleSet
from continuum.returns.cin.rulesets import ruleset_for, year_of_reference_date
from continuum.returns.cin.schema import GROUP_ELEMENT, TABLES
from continuum.returns.report import FAILURE_SCHEMA, Report
from continuum.returns.rules_registry import severity_of

__all__ = ["CODED_ELEMENTS", "SKIPPED_ELEMENT", "validate_cin", "validate_tables"]

#: Continuum's own check reporting an element the file's layout does not have (skipped by the
#: parser, which read on): its message is in ``continuum/specs/continuum_cin_checks.csv``.
SKIPPED_ELEMENT = "CONTINUUM-CIN01"

#: Elements whose allowed codes come from the field list.
CODED_ELEMENTS = (
    "Sex",
    "Ethnicity",
    "Disability",
    "ReferralSource",
    "PrimaryNeedCode",
    "ReasonForClosure",
    "AssessmentFactors",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "UPNunknown",
)

_MACROS = [
    "CREATE MACRO is_true(x) AS lower(trim(x)) IN ('1', 'true')",
    "CREATE MACRO is_false(x) AS lower(trim(x)) IN ('0', 'false')",
    "CREATE MACRO is_weekend(d) AS isodow(d) >= 6",
    """CREATE MACRO valid_code(el, x) AS
         EXISTS (SELECT 1 FROM codes WHERE codes.element = el AND codes.code = x)""",
    # UPN check letter: characters 2-13 weighted 2..13, summed, modulo 23,
    # read off the check alphabet (A-Z without I, O, S). A letter in position
    # 13 (a temporary UPN) counts as its place in that alphabet.
    "CREATE MACRO upn_digit(u, i) AS CAST(substr(u, i, 1) AS INTEGER)",
    """CREATE MACRO upn_last(u) AS CASE WHEN regexp_full_match(substr(u, 13, 1), '[0-9]')
         THEN CAST(substr(u, 13, 1) AS INTEGER)
         ELSE instr('ABCDEFGHJKLMNPQRTUVWXYZ', substr(u, 13, 1)) - 1 END""",
    """CREATE MACRO upn_check_letter(u) AS substr('ABCDEFGHJKLMNPQRTUVWXYZ', 1 + (
         2 * upn_digit(u, 2) + 3 * upn_digit(u, 3) + 4 * upn_digit(u, 4) + 5 * upn_digit(u, 5)
         + 6 * upn_digit(u, 6) + 7 * upn_digit(u, 7) + 8 * upn_digit(u, 8) + 9 * upn_digit(u, 9)
         + 10 * upn_digit(u, 10) + 11 * upn_digit(u, 11) + 12 * upn_digit(u, 12)
         + 13 * upn_last(u)) % 23, 1)""",
]

# Census-year scalars. "D minus N working days" is the N-th working day
# strictly before D: with wd_ordinal = working days on or before a date, that
# is the working day whose ordinal is ordinal(D) - N, plus one when D itself
# is not a working day (D is then not counted in its own ordinal).
_CENSUS_SQL = """
CREATE TABLE census AS
WITH base AS (
    SELECT CAST($reference_date AS DATE) AS reference_date,
           CAST($expected AS DATE) AS expected_reference_date,
           CAST(CAST($reference_date AS DATE) - INTERVAL 1 YEAR AS DATE) + 1 AS collection_start
)
SELECT b.*,
  (SELECT w.d FROM working_days w, working_days s
    WHERE s.d = b.collection_start AND w.is_working
      AND w.wd_ordinal = s.wd_ordinal - 1 + CASE WHEN s.is_working THEN 0 ELSE 1 END) AS start_minus_1wd,
  (SELECT w.d FROM working_days w, working_days r
    WHERE r.d = b.reference_date AND w.is_working
      AND w.wd_ordinal = r.wd_ordinal - 15 + CASE WHEN r.is_working THEN 0 ELSE 1 END) AS ref_minus_15wd,
  (SELECT w.d FROM working_days w, working_days r
    WHERE r.d = b.reference_date AND w.is_working
      AND w.wd_ordinal = r.wd_ordinal - 45 + CASE WHEN r.is_working THEN 0 ELSE 1 END) AS ref_minus_45wd
FROM base b
"""


def working_day_table(first: date, last: date, calendar: WorkingDayCalendar) -> pa.Table:
    """Every date in ``first..last`` with whether it is a working day and its ordinal.

    The rules only compare ordinals (``ordinal(b) - ordinal(a)`` is
    ``working_days_between(a, b)``), so the shared table from
    :mod:`continuum.core.working_day_table` serves, under this engine's column names.
    """
    table = build_calendar_table(calendar, first, last)
    return table.rename_columns(["d", "is_working", "wd_ordinal"])


def _codes_table() -> pa.Table:
    elements: list[str] = []
    values: list[str] = []
    for element in CODED_ELEMENTS:
        for code in code_sets.cin(element):
            elements.append(element)
            values.append(code)
    return pa.table({"element": elements, "code": values})


def _connect(tables: CinTables, ruleset: RuleSet, calendar: WorkingDayCalendar) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in TABLES:
        con.register(name, tables[name])
    con.register("codes", _codes_table())
    con.register("la_codes", pa.table({"la_code": list(UPN_LA_CODES)}))
    for macro in _MACROS:
        con.execute(macro)
    header_date = tables["header"]["reference_date"][0].as_py() if tables["header"].num_rows else None
    reference_date = header_date or ruleset.reference_date
    # Two years back covers the census year less a working day; a year
    # forward is spare. Every census scalar falls inside.
    con.register(
        "working_days",
        working_day_table(
            date(reference_date.year - 2, 1, 1), date(reference_date.year + 1, 12, 31), calendar
        ),
    )
    con.execute(_CENSUS_SQL, {"reference_date": reference_date, "expected": ruleset.reference_date})
    return con


def _run_rule(con: duckdb.DuckDBPyConnection, rule: CinRule) -> pa.Table:
    result = con.sql(rule.sql).to_arrow_table()
    names = result.column_names
    if names[:2] != ["child_id", "line"] or not set(names[2:]) <= {"field", "tbl"}:
        raise RuntimeError(f"CIN rule {rule.code} must select child_id, line[, field][, tbl]; not {names}")
    return result


def validate_tables(
    tables: CinTables,
    ruleset: RuleSet | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Run ``ruleset`` (default: the year named by the header, else the latest) over parsed tables."""
    if ruleset is None:
        header_date = tables["header"]["reference_date"][0].as_py() if tables["header"].num_rows else None
        ruleset = ruleset_for(year_of_reference_date(header_date))
    calendar = calendar or WorkingDayCalendar()
    con = _connect(tables, ruleset, calendar)
    la_child_ids = tables["children"]["la_child_id"].combine_chunks()
    pieces: list[pa.Table] = []
    try:
        for rule in ruleset.rules:
            started = time.perf_counter()
            found = _run_rule(con, rule)
            if timings is not None:
                timings[rule.code] = time.perf_counter() - started
            if found.num_rows:
                # Threads return rows in any order; sort so reports are repeatable.
                found = found.sort_by([("line", "ascending")])
                pieces.append(_failures_of(rule, found, tables.path, la_child_ids))
    finally:
        con.close()
    rules = {r.code: (r.severity.value, r.message) for r in ruleset.rules}
    if tables.problems:
        spec = specs.own_checks("cin")[SKIPPED_ELEMENT]
        rules[SKIPPED_ELEMENT] = (severity_of(spec).value, spec.message)
        pieces.insert(0, _skipped_elements(tables, rules[SKIPPED_ELEMENT][0]))
    failures = pa.concat_tables(pieces) if pieces else FAILURE_SCHEMA.empty_table()
    return Report(failures=failures, rules=rules, files=[tables.path], children=tables.children)


def _skipped_elements(tables: CinTables, severity: str) -> pa.Table:
    """One report row per element the parser skipped: where it was, and what was expected there."""
    problems = tables.problems
    n = len(problems)
    return pa.table(
        {
            "file": pa.repeat(tables.path, n),
            "rule": pa.repeat(SKIPPED_ELEMENT, n),
            "severity": pa.repeat(severity, n),
            "message": [f"{p.problem} (skipped; the rest of the file was checked)" for p in problems],
            "child_id": pa.nulls(n, pa.string()),
            "table": pa.repeat("xml", n),
            "field": [p.element for p in problems],
            "element": [p.parent for p in problems],
            "line": pa.array([p.line for p in problems], pa.int64()),
        },
        schema=FAILURE_SCHEMA,
    )


def _failures_of(rule: CinRule, found: pa.Table, path: str, la_child_ids: pa.Array) -> pa.Table:
    """Turn a rule's failing rows into report rows (LAchildID looked up by position)."""
    n = found.num_rows
    child = pc.take(la_child_ids, found["child_id"].cast(pa.int64()))
    if "field" in found.column_names:
        field = found["field"].cast(pa.string())
    else:
        field = pa.repeat(", ".join(rule.fields), n)
    if "tbl" in found.column_names:
        # Rules that look in several tables say which one each row came from.
        table = found["tbl"].cast(pa.string())
        element = pa.array([GROUP_ELEMENT.get(t) for t in table.to_pylist()], pa.string())
    else:
        table = pa.repeat(rule.table, n)
        name = GROUP_ELEMENT.get(rule.table)
        element = pa.repeat(name, n) if name else pa.nulls(n, pa.string())
    return pa.table(
        {
            "file": pa.repeat(path, n),
            "rule": pa.repeat(rule.code, n),
            "severity": pa.repeat(rule.severity.value, n),
            "message": pa.repeat(rule.message, n),
            "child_id": child,
            "table": table,
            "field": field,
            "element": element,
            "line": found["line"].cast(pa.int64()),
        },
        schema=FAILURE_SCHEMA,
    )


def validate_cin(
    path: str | Path,
    year: str | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Parse and validate one CIN census file (raises ReturnFileError if it cannot be read)."""
    tables = parse_cin(path)
    ruleset = ruleset_for(year) if year else None
    return validate_tables(tables, ruleset, calendar=calendar, timings=timings)
