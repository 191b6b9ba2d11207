"""Write the SSDA903 CSV tables for a collection year from the analytical tables.

Columns and their order come from ``continuum/specs/ssda903_2025_26_columns.csv``
(through :mod:`continuum.returns.ssda903.schema`); dates are dd/mm/yyyy and
blanks are empty cells. Scope: every child looked after at any point in the
year (an episode starting on or before 31 March and not ending before 1
April). As for the CIN census, anything after the ReferenceDate has not
happened yet: an episode ending later is written open.

Written: Header, Episodes, Reviews, UASC, OC3, Missing and SWEpisodes. Not
written, because the analytical schema holds nothing for them: OC2 (health
and offending outcomes), AD1, PlacedAdoption and PrevPerm.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from continuum.returns.export.source import collection_year_dates, pick_la_code, table_or_empty
from continuum.returns.ssda903.schema import TABLES

__all__ = ["NOT_WRITTEN", "export_903"]

#: 903 tables the analytical schema cannot fill.
NOT_WRITTEN = ("oc2", "ad1", "placed_adoption", "prev_perm")

_SCOPE = """
    CREATE TEMP TABLE eps AS
    SELECT * FROM cla_episodes
    WHERE la_code = $la AND decom <= $ref AND (dec IS NULL OR dec >= $start)
"""
_QUERIES = {
    "header": """
        SELECT c.la_child_id AS CHILD, c.sex AS SEX, c.person_birth_date AS DOB, c.ethnicity AS ETHNIC,
               coalesce(c.upn, c.upn_unknown) AS UPN, NULL AS MOTHER, NULL AS MC_DOB
        FROM children c WHERE c.la_code = $la
          AND (c.la_child_id IN (SELECT la_child_id FROM eps) OR c.la_child_id IN (SELECT CHILD FROM oc3))
        ORDER BY c.la_child_id""",
    "episodes": """
        SELECT la_child_id AS CHILD, decom AS DECOM, rne AS RNE, ls AS LS, cin AS CIN, place AS PLACE,
               place_provider AS PLACE_PROVIDER,
               CASE WHEN dec <= $ref THEN dec END AS DEC,
               CASE WHEN dec <= $ref THEN rec END AS REC,
               CASE WHEN dec <= $ref THEN reason_place_change END AS REASON_PLACE_CHANGE,
               home_post AS HOME_POST, pl_post AS PL_POST, urn AS URN
        FROM eps ORDER BY la_child_id, decom, episode_id""",
    "reviews": """
        SELECT r.la_child_id AS CHILD, c.person_birth_date AS DOB, r.review AS REVIEW,
               r.review_code AS REVIEW_CODE
        FROM reviews r JOIN children c ON c.la_code = r.la_code AND c.la_child_id = r.la_child_id
        WHERE r.la_code = $la AND r.review_type = 'CLA' AND r.review BETWEEN $start AND $ref
          AND r.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY r.la_child_id, r.review""",
    "uasc": """
        SELECT c.la_child_id AS CHILD, c.person_birth_date AS DOB, c.sex AS SEX,
               CASE WHEN c.duc <= $ref THEN c.duc END AS DUC
        FROM children c WHERE c.la_code = $la AND c.uasc
          AND c.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY c.la_child_id""",
    "oc3": """
        SELECT l.la_child_id AS CHILD, c.person_birth_date AS DOB, l.in_touch AS IN_TOUCH,
               l.activ AS ACTIV, l.accom AS ACCOM
        FROM care_leavers l JOIN children c ON c.la_code = l.la_code AND c.la_child_id = l.la_child_id
        WHERE l.la_code = $la AND l.left_care_date <= $ref AND l.in_touch IS NOT NULL
          AND year($ref) - year(c.person_birth_date) BETWEEN 17 AND 21
        ORDER BY l.la_child_id""",
    "missing": """
        SELECT m.la_child_id AS CHILD, c.person_birth_date AS DOB, m.missing AS MISSING,
               m.mis_start AS MIS_START, CASE WHEN m.mis_end <= $ref THEN m.mis_end END AS MIS_END
        FROM missing m JOIN children c ON c.la_code = m.la_code AND c.la_child_id = m.la_child_id
        WHERE m.la_code = $la AND m.mis_start BETWEEN $start AND $ref
          AND m.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY m.la_child_id, m.mis_start""",
    "social_worker": """
        SELECT a.la_child_id AS CHILD, c.person_birth_date AS DOB, a.sw_id AS SW_ID,
               a.sw_decom AS SW_DECOM, CASE WHEN a.sw_dec <= $ref THEN a.sw_dec END AS SW_DEC,
               CASE WHEN a.sw_dec <= $ref THEN a.sw_reason END AS SW_REASON
        FROM allocations a JOIN children c ON c.la_code = a.la_code AND c.la_child_id = a.la_child_id
        WHERE a.la_code = $la AND a.sw_decom <= $ref AND (a.sw_dec IS NULL OR a.sw_dec >= $start)
          AND a.la_child_id IN (SELECT la_child_id FROM eps)
        ORDER BY a.la_child_id, a.sw_decom""",
}


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    return str(v)


def export_903(
    tables: Mapping[str, pa.Table], out_dir: str | Path, year: int, *, la_code: str | None = None
) -> dict[str, Path]:
    """Write ``<Display>.csv`` for each table the schema can fill; return table -> path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, ref = collection_year_dates(year)
    la = pick_la_code(tables, la_code)
    con = duckdb.connect()
    written: dict[str, Path] = {}
    try:
        for name in ("children", "cla_episodes", "reviews", "care_leavers", "missing", "allocations"):
            con.register(name, table_or_empty(tables, name))
        con.execute(_SCOPE, {"la": la, "start": start, "ref": ref})
        # Care leavers in OC3 belong in the header too.
        con.execute(f"CREATE TEMP TABLE oc3 AS {_QUERIES['oc3']}", {"la": la, "ref": ref})
        for name, sql in _QUERIES.items():
            params = {k: v for k, v in {"la": la, "start": start, "ref": ref}.items() if f"${k}" in sql}
            rows = con.execute(sql, params).fetchall()
            columns = [c.name for c in TABLES[name].required]
            path = out_dir / f"{TABLES[name].display}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(columns)
                w.writerows([_cell(v) for v in row] for row in rows)
            written[name] = path
    finally:
        con.close()
    return written
