"""Write the SSDA903 CSV tables for a collection year from the analytical tables.

Columns and their order come from ``continuum/specs/ssda903_2025_26_columns.csv``
(through :mod:`continuum.returns.ssda903.schema`); dates are dd/mm/yyyy and
blanks are empty cells. Scope: every child looked after at any point in the
year (an episode starting on or before 31 March and not ending before 1
April). As for the CIN census, anything after the ReferenceDate has not
happened yet: an episode ending later is written open.

The current collection year gives a year-to-date return: the records up to
``as_of`` (default today), anything later not yet happened, as above, with
the year's 31 March still the end the rules check against (OC2's year, OC3's
ages).

Written: every table of the year's list (2025-26's; from 2026-27 also DoLo,
deprivation of liberty orders, empty: the case record does not hold them
yet). What the tables come from:

* Header MOTHER / MC_DOB: the latest ``motherhood`` record on or before 31
  March, for children with an episode in the year (not OC3-only care leavers,
  rule 628; not children whose every episode is a short break, rule 399).
* OC3: care leavers whose 17th to 21st birthday falls in the collection year (their latest care-leaver record,
  left care by the ReferenceDate, with a status held), each with the status
  found at the dated contact (``care_leaver_contacts``) nearest their
  birthday in the collection year, within the care-leaver indicators' window
  (:data:`continuum.metrics.indicators.care_leavers.WINDOW`, by default 3
  months before to 1 month after; the later contact wins a tie) and not after
  the ReferenceDate. Why: the DfE asks for the situation around that
  birthday, and the indicators count the same; the latest status held is
  whatever was last recorded, possibly years before or after. With no contact
  in the window the authority was not in touch then: IN_TOUCH NO, ACTIV and
  ACCOM 0 (the DfE's code for "not in touch"; rule 153 wants all three coded).
* OC2: the ``cla_outcomes`` row for the year ending on the ReferenceDate.
* AD1: the ``adoptions`` plan of a child adopted (REC E11/E12) in the year.
* PlacedAdoption: plans with a decision to place on or before 31 March that
  had not ended before 1 April; a later "no longer placed" decision is left
  out, as anything after the ReferenceDate.
* Missing: periods that started while the child was looked after (going
  missing from home before or after care is not the 903's; rules 578, 581)
  and were open at some time in the year (rule 576).
* PrevPerm: the record of the child's latest period of care (the latest
  started on or before 31 March), when it started on or after 1 April 2016
  (rule 634).

``export_903_history`` writes earlier years' Episodes (``--history-years N``)
for the rules the DfE limits to the loaded years.
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

from continuum.core.safe_cells import safe_cell
from continuum.metrics.indicators.care_leavers import WINDOW
from continuum.returns.export.source import (
    collection_year_dates,
    pick_la_code,
    records_up_to,
    table_or_empty,
)
from continuum.returns.ssda903.schema import TABLES, tables_of

__all__ = ["NOT_WRITTEN", "export_903", "export_903_history"]

#: 903 tables the analytical schema cannot fill (none since the ``looked_after`` tables).
NOT_WRITTEN: tuple[str, ...] = ()

#: Temporary placements and "other" (T0-T4, Z1) have no provider, postcode or URN (rules 213,
#: 214): the case record may hold them (an emergency bed's address), the return does not.
_NO_PROVIDER = "('T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')"
#: Placements that need an Ofsted URN in the 2025-26 rules (218: all but these). The case record
#: holds a URN for homes and schools only; for the others (foster and adoption agencies,
#: supported accommodation, family centres) the return says "none recorded" with the DfE's
#: placeholder XXXXXXX rather than leave the URN blank.
_NO_URN = "('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')"
#: "Other placement" (Z1) was split into Z11-Z14 for placements from 1 April 2025 (rule 146). The
#: case record keeps one "other" code, written Z14 (the remaining "other") on every episode of a
#: placement with an episode starting on or after that day: a change of legal status alone (RNE
#: L) starts an episode in the same placement, and PLACE must not change across it (rule 434).
_PLACE = "CASE WHEN place = 'Z1' AND z1_split THEN 'Z14' ELSE place END"
_OC2_FLAGS = (
    "convicted", "health_check", "immunisations", "teeth_check", "health_assessment", "substance_misuse",
    "intervention_received", "intervention_offered",
)  # fmt: skip


def _flags(alias: str, columns: tuple[str, ...]) -> str:
    """Booleans as the 903's 0/1 codes, blank when not recorded."""
    return ", ".join(
        f"CASE WHEN {alias}.{c} THEN '1' WHEN NOT {alias}.{c} THEN '0' END AS {c.upper()}" for c in columns
    )


#: The year's episodes, each with ``z1_split``: whether its placement (the episodes joined by a
#: change of legal status alone, RNE L) has an episode starting on or after 1 April 2025.
_SCOPE = """
    CREATE TEMP TABLE eps AS
    WITH placed AS (
        SELECT *, sum(CASE WHEN rne = 'L' THEN 0 ELSE 1 END) OVER (
            PARTITION BY la_child_id ORDER BY decom, episode_id ROWS UNBOUNDED PRECEDING) AS placement_no
        FROM cla_episodes WHERE la_code = $la)
    SELECT * EXCLUDE (placement_no),
           max(decom) OVER (PARTITION BY la_child_id, placement_no) >= DATE '2025-04-01' AS z1_split
    FROM placed
    QUALIFY decom <= $upto AND (dec IS NULL OR dec >= $start)
"""
_QUERIES = {
    "header": """
        SELECT c.la_child_id AS CHILD, c.sex AS SEX, c.person_birth_date AS DOB, c.ethnicity AS ETHNIC,
               coalesce(c.upn, c.upn_unknown) AS UPN,
               CASE WHEN m.mother THEN '1' WHEN NOT m.mother THEN '0' END AS MOTHER, m.mc_dob AS MC_DOB
        FROM children c
        LEFT JOIN (
            SELECT la_child_id, arg_max(mother, recorded_on) AS mother, arg_max(mc_dob, recorded_on) AS mc_dob
            FROM motherhood WHERE la_code = $la AND recorded_on <= $upto
              AND la_child_id IN (SELECT la_child_id FROM eps WHERE ls NOT IN ('V3', 'V4'))
            GROUP BY la_child_id) m ON m.la_child_id = c.la_child_id
        WHERE c.la_code = $la
          AND (c.la_child_id IN (SELECT la_child_id FROM eps) OR c.la_child_id IN (SELECT CHILD FROM oc3))
        ORDER BY c.la_child_id""",
    "episodes": f"""
        SELECT la_child_id AS CHILD, decom AS DECOM, rne AS RNE, ls AS LS, cin AS CIN, {_PLACE} AS PLACE,
               CASE WHEN place NOT IN {_NO_PROVIDER} THEN place_provider END AS PLACE_PROVIDER,
               CASE WHEN dec <= $upto THEN dec END AS DEC,
               CASE WHEN dec <= $upto THEN rec END AS REC,
               CASE WHEN dec <= $upto THEN reason_place_change END AS REASON_PLACE_CHANGE,
               home_post AS HOME_POST, CASE WHEN place NOT IN {_NO_PROVIDER} THEN pl_post END AS PL_POST,
               CASE WHEN place NOT IN {_NO_URN} THEN coalesce(urn, 'XXXXXXX') END AS URN
        FROM eps ORDER BY la_child_id, decom, episode_id""",
    "reviews": """
        SELECT r.la_child_id AS CHILD, c.person_birth_date AS DOB, r.review AS REVIEW,
               r.review_code AS REVIEW_CODE
        FROM reviews r JOIN children c ON c.la_code = r.la_code AND c.la_child_id = r.la_child_id
        WHERE r.la_code = $la AND r.review_type = 'CLA' AND r.review BETWEEN $start AND $upto
          AND r.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY r.la_child_id, r.review""",
    "uasc": """
        SELECT c.la_child_id AS CHILD, c.person_birth_date AS DOB, c.sex AS SEX,
               CASE WHEN c.duc <= $upto THEN c.duc END AS DUC
        FROM children c WHERE c.la_code = $la AND c.uasc
          AND c.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY c.la_child_id""",
    # Each care leaver's status around their birthday in the year (see the module docstring).
    "oc3": """
        WITH leavers AS (
          SELECT l.la_child_id, c.person_birth_date AS dob,
                 CAST(c.person_birth_date + to_years(CAST(year($ref) - year(c.person_birth_date) AS INTEGER))
                      AS DATE) AS this_year
          FROM care_leavers l JOIN children c ON c.la_code = l.la_code AND c.la_child_id = l.la_child_id
          WHERE l.la_code = $la AND l.left_care_date <= $upto AND l.in_touch IS NOT NULL
          QUALIFY row_number() OVER (PARTITION BY l.la_child_id ORDER BY l.left_care_date DESC) = 1
        ), birthdays AS (
          -- The birthday in the collection year (1 April to 31 March), and the age it brings: 17 to 21.
          SELECT * FROM (
            SELECT la_child_id, dob,
                   CASE WHEN this_year <= $ref THEN this_year
                        ELSE CAST(dob + to_years(CAST(year($ref) - year(dob) - 1 AS INTEGER)) AS DATE)
                   END AS birthday
            FROM leavers
          ) WHERE year(birthday) - year(dob) BETWEEN 17 AND 21
        ), nearest AS (
          SELECT b.la_child_id, b.dob, k.in_touch, k.activ, k.accom, k.contact_date
          FROM birthdays b
          LEFT JOIN care_leaver_contacts k
            ON k.la_code = $la AND k.la_child_id = b.la_child_id AND k.contact_date <= $upto
           AND k.contact_date
               BETWEEN CAST(b.birthday - to_months(CAST($window_months_before AS INTEGER)) AS DATE)
                   AND CAST(b.birthday + to_months(CAST($window_months_after AS INTEGER)) AS DATE)
          QUALIFY row_number() OVER (
            PARTITION BY b.la_child_id
            ORDER BY abs(datediff('day', b.birthday, k.contact_date)) NULLS LAST, k.contact_date DESC,
                     k.contact_id DESC) = 1
        )
        SELECT la_child_id AS CHILD, dob AS DOB,
               CASE WHEN contact_date IS NULL THEN 'NO' ELSE in_touch END AS IN_TOUCH,
               CASE WHEN contact_date IS NULL THEN '0' ELSE activ END AS ACTIV,
               CASE WHEN contact_date IS NULL THEN '0' ELSE accom END AS ACCOM
        FROM nearest
        ORDER BY la_child_id""",
    "oc2": f"""
        SELECT o.la_child_id AS CHILD, c.person_birth_date AS DOB, o.sdq_score AS SDQ_SCORE,
               o.sdq_reason AS SDQ_REASON, {_flags("o", _OC2_FLAGS)}
        FROM cla_outcomes o JOIN children c ON c.la_code = o.la_code AND c.la_child_id = o.la_child_id
        WHERE o.la_code = $la AND o.year_ending = $ref AND o.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY o.la_child_id""",
    "ad1": f"""
        SELECT a.la_child_id AS CHILD, c.person_birth_date AS DOB, a.date_should_be_placed AS DATE_INT,
               a.date_match AS DATE_MATCH, {_flags("a", ("foster_care",))}, a.nb_adoptr AS NB_ADOPTR,
               a.sex_adoptr AS SEX_ADOPTR, a.ls_adoptr AS LS_ADOPTR
        FROM adoptions a JOIN children c ON c.la_code = a.la_code AND c.la_child_id = a.la_child_id
        WHERE a.la_code = $la AND a.date_adoption_order BETWEEN $start AND $upto
          AND a.la_child_id IN (SELECT la_child_id FROM eps WHERE rec IN ('E11', 'E12') AND dec <= $upto)
        ORDER BY a.la_child_id""",
    "placed_adoption": """
        SELECT a.la_child_id AS CHILD, c.person_birth_date AS DOB, a.date_should_be_placed AS DATE_PLACED,
               CASE WHEN a.date_placed_ceased <= $upto THEN a.date_placed_ceased END AS DATE_PLACED_CEASED,
               CASE WHEN a.date_placed_ceased <= $upto THEN a.reason_placed_ceased END AS REASON_PLACED_CEASED
        FROM adoptions a JOIN children c ON c.la_code = a.la_code AND c.la_child_id = a.la_child_id
        WHERE a.la_code = $la AND a.date_should_be_placed <= $upto
          AND (a.date_placed_ceased IS NULL OR a.date_placed_ceased >= $start)
          AND (a.date_adoption_order IS NULL OR a.date_adoption_order >= $start)
          AND a.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY a.la_child_id, a.date_should_be_placed""",
    "prev_perm": """
        SELECT p.la_child_id AS CHILD, c.person_birth_date AS DOB, p.prev_perm AS PREV_PERM,
               p.la_perm AS LA_PERM, p.date_perm AS DATE_PERM
        FROM prev_perm p JOIN children c ON c.la_code = p.la_code AND c.la_child_id = p.la_child_id
        WHERE p.la_code = $la AND p.period_started <= $upto AND p.la_child_id IN (SELECT la_child_id FROM eps)
        QUALIFY row_number() OVER (PARTITION BY p.la_child_id ORDER BY p.period_started DESC) = 1
            AND p.period_started >= DATE '2016-04-01'
        ORDER BY p.la_child_id""",
    "missing": """
        SELECT m.la_child_id AS CHILD, c.person_birth_date AS DOB, m.missing AS MISSING,
               m.mis_start AS MIS_START, CASE WHEN m.mis_end <= $upto THEN m.mis_end END AS MIS_END
        FROM missing m JOIN children c ON c.la_code = m.la_code AND c.la_child_id = m.la_child_id
        WHERE m.la_code = $la AND m.mis_start <= $upto AND (m.mis_end IS NULL OR m.mis_end >= $start)
          AND EXISTS (SELECT 1 FROM eps e WHERE e.la_child_id = m.la_child_id
                      AND e.decom <= m.mis_start AND (e.dec IS NULL OR e.dec >= m.mis_start))
        ORDER BY m.la_child_id, m.mis_start""",
    # An allocation ended the day it began (the worker left that day) is not a social worker
    # episode the DfE counts (SW09STG2: "lasted for less than 24 hours"); the next one is.
    "social_worker": """
        SELECT a.la_child_id AS CHILD, c.person_birth_date AS DOB, a.sw_id AS SW_ID,
               a.sw_decom AS SW_DECOM, CASE WHEN a.sw_dec <= $upto THEN a.sw_dec END AS SW_DEC,
               CASE WHEN a.sw_dec <= $upto THEN a.sw_reason END AS SW_REASON
        FROM allocations a JOIN children c ON c.la_code = a.la_code AND c.la_child_id = a.la_child_id
        WHERE a.la_code = $la AND a.sw_decom <= $upto AND (a.sw_dec IS NULL OR a.sw_dec >= $start)
          AND (a.sw_dec IS NULL OR a.sw_dec > a.sw_decom)
          AND a.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY a.la_child_id, a.sw_decom""",
    # From 2026-27. The case record holds no deprivation of liberty orders yet, so the
    # table is written with its columns and no rows (rule 700-710 then have nothing to check).
    "dolo": """
        SELECT NULL AS CHILD, NULL AS DOB, NULL AS DOLO_START, NULL AS DOLO_END WHERE false""",
}


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return str(v)


_SOURCES = (
    "children", "cla_episodes", "reviews", "care_leavers", "care_leaver_contacts", "missing", "allocations",
    "adoptions", "prev_perm", "cla_outcomes", "motherhood",
)  # fmt: skip


def _connect(tables: Mapping[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in _SOURCES:
        con.register(name, table_or_empty(tables, name))
    return con


def _used(sql: str, params: dict[str, object]) -> dict[str, object]:
    """The parameters ``sql`` names (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _write(con: duckdb.DuckDBPyConnection, name: str, path: Path, params: dict[str, object]) -> Path:
    """Run table ``name``'s query and write it as CSV with the DfE columns."""
    sql = _QUERIES[name]
    rows = con.execute(sql, _used(sql, params)).fetchall()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([c.name for c in TABLES[name].required])
        w.writerows([safe_cell(_cell(v)) for v in row] for row in rows)
    return path


def export_903(
    tables: Mapping[str, pa.Table],
    out_dir: str | Path,
    year: int,
    *,
    la_code: str | None = None,
    as_of: date | None = None,
    window: Mapping[str, object] | None = None,
) -> dict[str, Path]:
    """Write ``<Display>.csv`` for each table of the year's collection; return table -> path.

    ``as_of`` is the last day covered (default today): for the current
    collection year the return is year to date (see the module docstring).
    ``window`` is OC3's window around the birthday (``window_months_before``,
    ``window_months_after``); by default the care-leaver indicators' own, so
    the return and the indicators read the same contacts.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, ref = collection_year_dates(year)
    params: dict[str, object] = {
        "la": pick_la_code(tables, la_code),
        "start": start,
        "ref": ref,
        "upto": records_up_to(ref, as_of),
        **(WINDOW if window is None else window),
    }
    con = _connect(tables)
    try:
        con.execute(_SCOPE, _used(_SCOPE, params))
        # Care leavers in OC3 belong in the header too.
        oc3 = _QUERIES["oc3"]
        con.execute(f"CREATE TEMP TABLE oc3 AS {oc3}", _used(oc3, params))
        return {
            name: _write(con, name, out_dir / f"{TABLES[name].display}.csv", params)
            for name in tables_of(f"{year - 1}-{year % 100:02d}")
        }
    finally:
        con.close()


def export_903_history(
    tables: Mapping[str, pa.Table],
    out_dir: str | Path,
    year: int,
    years: int,
    *,
    la_code: str | None = None,
) -> list[Path]:
    """Write the Episodes table of each of the ``years`` collection years before last year's
    (year ending 31 March ``year - 2``, then ``year - 3``, ...) as
    ``out_dir/history/Episodes_<end year>.csv``; return the paths, newest first.

    Why: DfE rules 199 and 1000-1002 "can only test the current and previous
    year data loaded"; a care leaver whose care ended before last year's
    return fails 1002 unless those years' episodes are loaded too
    (``validate --history``). Each year is written as its own return would
    have been: the episodes of that year, with anything after its 31 March
    not yet happened.
    """
    if years < 0:
        raise ValueError(f"--history-years is {years}; expected 0 or a positive number of years")
    folder = Path(out_dir) / "history"
    la = pick_la_code(tables, la_code)
    written: list[Path] = []
    con = _connect(tables)
    try:
        for older in range(year - 2, year - 2 - years, -1):
            folder.mkdir(parents=True, exist_ok=True)
            start, ref = collection_year_dates(older)
            params: dict[str, object] = {"la": la, "start": start, "ref": ref, "upto": ref}
            con.execute("DROP TABLE IF EXISTS eps")
            con.execute(_SCOPE, _used(_SCOPE, params))
            written.append(_write(con, "episodes", folder / f"Episodes_{older}.csv", params))
    finally:
        con.close()
    return written
