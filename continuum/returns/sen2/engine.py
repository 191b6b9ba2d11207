"""Run a year's SEN2 rules over a read file with DuckDB, and build the shared report.

Why the same engine shape as the CIN census (:mod:`continuum.returns.cin.engine`): the rules are
SQL over Arrow tables, the report is the one :class:`~continuum.returns.report.Report` every
return writes (CSV, XLSX, the upload page), and the UPN check letter is the CIN census's macro,
imported rather than copied.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from continuum.returns.cin.engine import _MACROS as CIN_MACROS
from continuum.returns.cin.la_codes import LA_CODES, UPN_LA_CODES
from continuum.returns.report import FAILURE_SCHEMA, Report
from continuum.returns.rules_registry import Rule, RuleSet
from continuum.returns.sen2 import layout
from continuum.returns.sen2.parser import Sen2Tables, parse_sen2
from continuum.returns.sen2.rulesets import RULESETS, ruleset_for

__all__ = ["person_keys", "validate_sen2", "validate_sen2_tables"]

_MACROS = [*CIN_MACROS, "CREATE MACRO d(x) AS TRY_CAST(x AS DATE)"]

#: The two tables that name a setting (the named plan's and the placement's), for rules 504-506.
_NAMED_SETTINGS = """
CREATE VIEW named_settings AS
SELECT person_id, line, urn, ukprn, sensetting, sensettingother, 'plan_details' AS tbl FROM plan_details
UNION ALL
SELECT person_id, line, urn, ukprn, sensetting, sensettingother, 'placements' AS tbl FROM placements
"""

#: The XML element each table's rows are, for the report's ``element`` column.
_ELEMENT = {table: tag for table, (tag, _) in layout.TABLES.items()}


def _connect(tables: Sen2Tables, ruleset: RuleSet) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in layout.TABLES:
        con.register(name, tables[name])
    pairs = sorted({(e, c) for _, e, c in layout.code_pairs(tables.year)})
    con.register("codes", pa.table({"element": [e for e, _ in pairs], "code": [c for _, c in pairs]}))
    con.register("la_codes", pa.table({"la_code": list(UPN_LA_CODES)}))
    con.register("councils", pa.table({"la_code": list(LA_CODES)}))
    for macro in _MACROS:
        con.execute(macro)
    con.execute(_NAMED_SETTINGS)
    expected = layout.census_date_of(ruleset.year if ruleset.year in layout.years() else tables.year)
    reference = tables.reference_date or expected
    con.execute(
        "CREATE TABLE census AS SELECT CAST($r AS DATE) AS reference_date, CAST($e AS DATE) AS expected",
        {"r": reference, "e": expected},
    )
    return con


def person_keys(tables: Sen2Tables) -> list[str]:
    """What the report calls each person: the UPN, else the ULN, else "Person n" (file order).

    Never a name: a report is downloaded and passed around, and the UPN is what the SEN2 and
    school census teams look people up by.
    """
    persons = tables["persons"].select(["upn", "uniquelearnernumber"]).to_pylist()
    return [p["upn"] or p["uniquelearnernumber"] or f"Person {i + 1}" for i, p in enumerate(persons)]


def _failures_of(rule: Rule, found: pa.Table, path: str, keys: list[str]) -> pa.Table:
    n = found.num_rows
    ids = found["child_id"].to_pylist()
    tbls = found["tbl"].to_pylist() if "tbl" in found.column_names else [rule.table] * n
    return pa.table(
        {
            "file": [path] * n,
            "rule": [rule.code] * n,
            "severity": [rule.severity.value] * n,
            "message": [rule.message] * n,
            "child_id": [keys[i] if i is not None else None for i in ids],
            "table": tbls,
            "field": [", ".join(rule.fields)] * n,
            "element": [_ELEMENT.get(t) for t in tbls],
            "line": found["line"].cast(pa.int64()),
        },
        schema=FAILURE_SCHEMA,
    )


def validate_sen2_tables(tables: Sen2Tables, ruleset: RuleSet | None = None) -> Report:
    """Run ``ruleset`` (default: the year the file's census date names) over a read SEN2 file."""
    if ruleset is None:
        year = tables.collection_year
        ruleset = ruleset_for(year if year in RULESETS else None)
    con = _connect(tables, ruleset)
    keys = person_keys(tables)
    pieces: list[pa.Table] = []
    try:
        for rule in ruleset.rules:
            found = con.sql(rule.sql).to_arrow_table()
            names = found.column_names
            if names[:2] != ["child_id", "line"] or not set(names[2:]) <= {"field", "tbl"}:
                raise RuntimeError(f"SEN2 rule {rule.code} must select child_id, line[, tbl]; not {names}")
            if found.num_rows:
                pieces.append(_failures_of(rule, found.sort_by([("line", "ascending")]), tables.path, keys))
    finally:
        con.close()
    rules = {r.code: (r.severity.value, r.message) for r in ruleset.rules}
    failures = pa.concat_tables(pieces) if pieces else FAILURE_SCHEMA.empty_table()
    return Report(failures=failures, rules=rules, files=[tables.path], children=tables.persons)


def validate_sen2(path: str | Path, year: str | None = None) -> Report:
    """Read and validate one SEN2 file (raises ReturnFileError if it cannot be read)."""
    tables = parse_sen2(path)
    return validate_sen2_tables(tables, ruleset_for(year) if year else None)
