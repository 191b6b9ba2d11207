"""Rules on unaccompanied asylum-seeking children (the UASC table, this year and last).

Reading of "UASC status" (the DfE's UASC / UASC_STATUS): the Header's UASC flag where the file
carries one (older and XML layouts), else a row in that year's UASC table, which lists the UASC
children in the 2025-26 CSV layout (:func:`.header.uasc_status`). With that reading a DUC can
only sit beside a status of 0 when the Header flag says so, which is what 205C and 303 catch.

The 205 rules compare a child's status and date ceased (DUC) in both years, for children in
both years' Headers; they read ``hdr_last``, so without last year's return they are listed as
not checked, never passed. A child's DUC is that of their first UASC row in the year.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import bad_date
from continuum.returns.ssda903.rules.header import uasc_status


def _first(table: str) -> str:
    return f"(SELECT * FROM {table} QUALIFY row_number() OVER (PARTITION BY child ORDER BY line) = 1)"


#: Per child in both years' Headers: status and DUC in each year, and the rows to report
#: (the UASC row where there is one, else the Header row).
_BOTH_YEARS = f"""
WITH y AS (
    SELECT h.child, h.line AS h_line, u.line AS u_line, u.duc, ul.duc AS duc_last,
           {uasc_status("h", "uasc")} AS now, {uasc_status("l", "uasc_last")} AS last
    FROM hdr h JOIN hdr_last l ON l.child = h.child
    LEFT JOIN {_first("uasc")} u ON u.child = h.child
    LEFT JOIN {_first("uasc_last")} ul ON ul.child = h.child
)
"""


#: The child's UASC row where there is one, else the Header row.
_UASC_ROW = "coalesce(u_line, h_line) AS line, CASE WHEN u_line IS NULL THEN 'header' ELSE 'uasc' END AS tbl"


def _both_years(code: str, table: str, condition: str, note: str) -> None:
    """Register a 205 rule failing children of both years meeting ``condition`` (on ``y``)."""

    rows = "h_line AS line, 'header' AS tbl" if table == "header" else _UASC_ROW

    def sql() -> str:
        return f"{_BOTH_YEARS} SELECT child AS child_id, {rows} FROM y, census WHERE {condition}"

    sql.__doc__ = note
    rule(code, table=table)(sql)


_both_years(
    "205A",
    "header",
    "last = '1' AND now = '0' AND (duc_last IS NULL OR duc_last < plus_years(collection_start, -1) "
    "OR duc_last >= collection_start OR duc IS NOT NULL)",
    "UASC last year, not this year: last year's DUC must fall in last year's collection year (1 April "
    "to 31 March) and this year has no DUC. A blank DUC last year fails (the status never ceased).",
)
_both_years(
    "205B",
    "uasc",
    "last = '1' AND now = '1' AND (duc_last < collection_start OR duc < collection_start)",
    "UASC in both years, but a DUC (either year's) before this year's 1 April says the status had "
    "ceased before this year. A DUC in this year, or none, passes.",
)
_both_years(
    "205C",
    "uasc",
    "last = '0' AND now = '0' AND (duc IS NOT NULL OR duc_last IS NOT NULL)",
    "UASC status 0 in both years (Header flags) with a DUC in either year.",
)
_both_years(
    "205D",
    "header",
    "now = '1' AND last = '0'",
    "UASC this year for a child in last year's Header who was not UASC there (status cannot start "
    "after the child is first looked after).",
)


@rule("104", table="uasc")
def r104() -> str:
    """DUC may be blank (status not ceased); a year outside 1900-2099 fails."""
    return bad_date("uasc", "DUC", required=False)


@rule("303", table="uasc")
def r303() -> str:
    """DfE text: a UASC row with DUC needs UASC status 1 (fails only where the Header's UASC flag
    says 0; without the flag the row itself is the status).
    """
    return f"""
    SELECT u.child AS child_id, u.line FROM uasc u JOIN hdr h ON h.child = u.child
    WHERE u.duc IS NOT NULL AND {uasc_status("h", "uasc")} <> '1'
    """


@rule("304", table="uasc")
def r304() -> str:
    """DUC after the 18th birthday (the UASC row's DOB, else the Header's); on the birthday passes."""
    return """
    SELECT u.child AS child_id, u.line FROM uasc u LEFT JOIN hdr h ON h.child = u.child
    WHERE u.duc > plus_years(coalesce(u.dob, h.dob), 18)
    """
