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

#: A child's UASC status this year (``h``, their Header row) and last year (``l``, last year's).
_NOW, _LAST = uasc_status("h", "uasc"), uasc_status("l", "uasc_last")
#: The children in both years' Headers.
_BOTH_YEARS = "FROM hdr h JOIN hdr_last l ON l.child = h.child, census"


def _first_row(alias: str, table: str) -> str:
    """``alias``, a row of ``table``, is the child's first there (by line)."""
    return f"NOT EXISTS (SELECT 1 FROM {table} f WHERE f.child = {alias}.child AND f.line < {alias}.line)"


def _duc(table: str, test: str) -> str:
    """The DUC of the child ``h`` in ``table`` (their first row's) passes ``test``; false without a row.

    Why not a join on the first rows: an ``EXISTS`` on the child runs in Arrow (:mod:`..vectorised`),
    and a DUC the child does not have passes no test, as a joined NULL would not.
    """
    return f"EXISTS (SELECT 1 FROM {table} d WHERE d.child = h.child AND d.duc {test} AND {_first_row('d', table)})"


def _on_header(code: str, condition: str, note: str) -> None:
    """Register a 205 rule failing, on the Header row, children of both years meeting ``condition``."""

    def sql() -> str:
        return f"SELECT h.child AS child_id, h.line, 'header' AS tbl {_BOTH_YEARS} WHERE {condition}"

    sql.__doc__ = note
    rule(code, table="header")(sql)


def _on_uasc_row(code: str, last: str, now: str, test: str, note: str) -> None:
    """Register a 205 rule failing children of both years with status ``last`` last year and ``now``
    this year whose DUC of either year passes ``test``: on the child's first UASC row where there is
    one, else on the Header row."""

    def sql() -> str:
        return f"""
        SELECT u.child AS child_id, u.line, 'uasc' AS tbl FROM uasc u JOIN hdr h ON h.child = u.child, census
        WHERE {_first_row("u", "uasc")} AND {_NOW} = '{now}'
          AND EXISTS (SELECT 1 FROM hdr_last l WHERE l.child = u.child AND {_LAST} = '{last}')
          AND (u.duc {test} OR {_duc("uasc_last", test)})
        UNION ALL
        SELECT h.child, h.line, 'header' {_BOTH_YEARS}
        WHERE NOT EXISTS (SELECT 1 FROM uasc d WHERE d.child = h.child)
          AND {_LAST} = '{last}' AND {_NOW} = '{now}' AND {_duc("uasc_last", test)}
        """

    sql.__doc__ = note
    rule(code, table="uasc")(sql)


_on_header(
    "205A",
    f"{_LAST} = '1' AND {_NOW} = '0' AND (NOT {_duc('uasc_last', 'IS NOT NULL')} "
    f"OR {_duc('uasc_last', '< plus_years(collection_start, -1)')} OR {_duc('uasc_last', '>= collection_start')} "
    f"OR {_duc('uasc', 'IS NOT NULL')})",
    "UASC last year, not this year: last year's DUC must fall in last year's collection year (1 April "
    "to 31 March) and this year has no DUC. A blank DUC last year fails (the status never ceased).",
)
_on_uasc_row(
    "205B",
    "1",
    "1",
    "< collection_start",
    "UASC in both years, but a DUC (either year's) before this year's 1 April says the status had "
    "ceased before this year. A DUC in this year, or none, passes.",
)
_on_uasc_row(
    "205C",
    "0",
    "0",
    "IS NOT NULL",
    "UASC status 0 in both years (Header flags) with a DUC in either year.",
)
_on_header(
    "205D",
    f"{_NOW} = '1' AND {_LAST} = '0'",
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
