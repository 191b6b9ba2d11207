"""Write Ofsted's Annex A lists 1-11 as one XLSX workbook, one sheet per list.

Headings and category labels come from ``continuum/specs/annex_a_lists.csv``.
The lists cover the 6 or 12 months up to the given date. Filled from the
analytical tables: List 1 (contacts), List 3 (referrals), List 4
(assessments), List 5 (section 47 enquiries) and List 7 (child protection
plans); columns the schema does not hold (allocated team and worker, for
instance) are blank. Lists 2 (early help), 6, 8, 9, 10 and 11 (adoption and
adopters) are written as headings and a note row saying why they are empty.
"""

# The SQL is built only from fixed fragments; values go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
from openpyxl import Workbook

from continuum.returns.export.source import pick_la_code, table_or_empty

__all__ = ["LISTS_CSV", "NOT_FILLED", "export_annex_a"]

LISTS_CSV = Path(__file__).resolve().parents[2] / "specs" / "annex_a_lists.csv"

NOT_FILLED = {
    "list_2": "Early help assessments are not in the analytical schema.",
    "list_6": "Not yet filled by Continuum (children in need list).",
    "list_8": "Not yet filled by Continuum (children looked after list).",
    "list_9": "Not yet filled by Continuum (care leavers list).",
    "list_10": "Adoption decisions, orders and matching are not in the analytical schema.",
    "list_11": "Adopters are not in the analytical schema.",
}

_GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
_CHILD = """
    c.la_child_id AS "Child Unique ID", c.sex AS "Gender", c.ethnicity AS "Ethnicity",
    c.person_birth_date AS "Date of Birth",
    CASE WHEN c.person_birth_date IS NOT NULL THEN date_diff('year', c.person_birth_date, $at)
         - CASE WHEN strftime(c.person_birth_date, '%m%d') > strftime($at, '%m%d') THEN 1 ELSE 0 END END
      AS "Age of Child (Years)",
    CASE WHEN c.disabilities = ['NONE'] THEN 'False' ELSE 'True' END AS "Does the Child have a Disability"
"""
_JOIN = "JOIN children c ON c.la_code = x.la_code AND c.la_child_id = x.la_child_id"
_QUERIES = {
    "list_1": f"""SELECT {_CHILD}, CAST(x.contact_datetime AS DATE) AS "Date of Contact",
        x.contact_source AS "Contact Source" FROM contacts x {_JOIN}
        WHERE x.la_code = $la AND CAST(x.contact_datetime AS DATE) BETWEEN $start AND $at
        ORDER BY x.contact_datetime""",
    "list_3": f"""SELECT {_CHILD}, x.cin_referral_date AS "Date of referral",
        x.referral_source AS "Referral Source",
        CASE WHEN x.referral_nfa THEN 'True' ELSE 'False' END AS "Referral NFA?",
        (SELECT count(*) FROM referrals p WHERE p.la_child_id = x.la_child_id AND p.la_code = x.la_code
           AND p.cin_referral_date BETWEEN CAST(x.cin_referral_date - INTERVAL 12 MONTH AS DATE)
           AND x.cin_referral_date) AS "Number of Referrals in Last 12 Months"
        FROM referrals x {_JOIN}
        WHERE x.la_code = $la AND x.cin_referral_date BETWEEN $start AND $at ORDER BY x.cin_referral_date""",
    "list_4": f"""SELECT {_CHILD}, x.assessment_actual_start_date AS "Continuous Assessment Start Date",
        CASE WHEN x.child_seen IS NULL THEN 'Unknown' WHEN x.child_seen THEN 'True' ELSE 'False' END
          AS "Child Seen During Continuous Assessment",
        x.assessment_authorisation_date AS "Continuous Assessment Date of Authorisation",
        CASE WHEN x.requires_support THEN 'True' WHEN NOT x.requires_support THEN 'False' END
          AS "Was the child assessed as requiring LA children's social care support?"
        FROM assessments x {_JOIN}
        WHERE x.la_code = $la AND x.assessment_actual_start_date <= $at
          AND (x.assessment_authorisation_date IS NULL OR x.assessment_authorisation_date >= $start)
        ORDER BY x.assessment_actual_start_date""",
    "list_5": f"""SELECT {_CHILD},
        coalesce(x.strategy_discussion_date, x.s47_actual_start_date)
          AS "Strategy discussion initiating Section 47 Enquiry Start Date",
        CASE WHEN x.icpc_not_required THEN 'True' ELSE 'False' END
          AS "Was an Initial Child Protection Conference deemed unnecessary?",
        CASE WHEN x.date_of_initial_cpc <= $at THEN x.date_of_initial_cpc END
          AS "Date of Initial Child Protection Conference"
        FROM s47 x {_JOIN}
        WHERE x.la_code = $la AND x.s47_actual_start_date BETWEEN $start AND $at
        ORDER BY x.s47_actual_start_date""",
    "list_7": f"""SELECT {_CHILD}, x.cpp_start_date AS "Child Protection Plan Start Date",
        x.initial_category_of_abuse AS "Initial Category of Abuse",
        x.latest_category_of_abuse AS "Latest Category of Abuse",
        CASE WHEN x.cpp_end_date <= $at THEN x.cpp_end_date END AS "Child Protection Plan End Date",
        x.number_of_previous_cpp AS "Number of Previous Child Protection Plans"
        FROM cp_plans x {_JOIN}
        WHERE x.la_code = $la AND x.cpp_start_date <= $at
          AND (x.cpp_end_date IS NULL OR x.cpp_end_date >= $start)
        ORDER BY x.cpp_start_date""",
}
_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical Abuse",
    "SAB": "c) Sexual Abuse",
    "EMO": "d) Emotional Abuse",
}


def _ethnicity(code: str | None) -> str:
    if not code or code in ("REFU", "NOBT"):
        return "f) Not stated"
    return {
        "W": "a) White",
        "M": "b) Mixed",
        "A": "c) Asian or Asian British",
        "B": "d) Black or black British",
    }.get(code[0], "e) Other ethnic group")


def _headings() -> dict[str, list[tuple[str, list[str]]]]:
    out: dict[str, list[tuple[str, list[str]]]] = {}
    with LISTS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            labels = [x.strip() for x in row["codes"].split("|")] if row["codes"] else []
            out.setdefault(row["list"], []).append((row["column"], labels))
    return out


def _label(heading: str, value: object, labels: list[str]) -> object:
    if value is None:
        return None
    if heading == "Gender":
        return _GENDER.get(str(value), "c) Not stated/recorded")
    if heading == "Ethnicity":
        return _ethnicity(str(value))
    if "Category of Abuse" in heading:
        return _ABUSE.get(str(value), "e) Multiple" if value == "MUL" else value)
    if heading in ("Contact Source", "Referral Source"):
        return value  # the DfE ReferralSource code; Ofsted's a)-k) grouping is a local mapping
    return value


def export_annex_a(
    tables: Mapping[str, pa.Table],
    path: str | Path,
    at: date,
    *,
    months: int = 12,
    la_code: str | None = None,
) -> tuple[Path, dict[str, int]]:
    """Write the workbook for the ``months`` (6 or 12) up to ``at``; return it and rows per list."""
    if months not in (6, 12):
        raise ValueError("Annex A covers 6 or 12 months")
    path = Path(path)
    y, m = at.year, at.month - months
    if m <= 0:
        y, m = y - 1, m + 12
    start = date(y, m, min(at.day, 28)) if at.day > 28 else date(y, m, at.day)
    la = pick_la_code(tables, la_code)
    con = duckdb.connect()
    for name in ("children", "contacts", "referrals", "assessments", "s47", "cp_plans"):
        con.register(name, table_or_empty(tables, name))
    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    try:
        for lst, cols in _headings().items():
            ws = wb.create_sheet(lst.replace("_", " ").title())
            ws.append([c for c, _ in cols])
            if lst in _QUERIES:
                res = con.sql(_QUERIES[lst], params={"la": la, "start": start, "at": at})
                names = res.columns
                rows = res.fetchall()
                for r in rows:
                    got = dict(zip(names, r, strict=True))
                    ws.append([_label(c, got.get(c), labels) for c, labels in cols])
                counts[lst] = len(rows)
            else:
                ws.append([f"Not filled: {NOT_FILLED.get(lst, 'not in the analytical schema')}"])
                counts[lst] = 0
    finally:
        con.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path, counts
