# ruff: noqa: S608
"""Rules on deprivation of liberty orders (the DoLo table, new in 2026-27).

Provisional: transcribed from the draft list in
``continuum/specs/2026_27/ssda903_validation_rules_2026_27_changes.csv``
(messages from there; 5 of the 11 have DfE logic text). Registered for
``year="2026-27"``, so they are not in the 2025-26 set; correct them here when
the DfE publishes its final specification.

A DoLo file whose dates are not dd/mm/yyyy is refused when read (as every
903 table), so "not a valid date" (700, 701) is a blank required date or a
year outside 1900-2099, as for the other tables' date rules (1004, 1005).

When does an episode "overlap" a DoLO (709, 710)? The 903 convention is that
an episode's DEC is the next episode's DECOM: the day of a move belongs to the
new placement. Read the same way for the DoLO: an episode overlaps when it is
in force on a day from DOLO_START up to the day before DOLO_END, or on the one
day of a DoLO that starts and ends on the same day. So a child moved into a
secure placement on the day the order starts is not reported for the
placement they left that day.
"""

from __future__ import annotations

from bench.baseline_ssda903.registry import rule
from bench.baseline_ssda903.rules._sql import ENDS_CARE, bad_date, where

YEAR = "2026-27"

#: Each DoLO with the one before it (per child, by start date).
_ORDERED = """(SELECT *, lag(dolo_end) OVER w AS prev_end, lag(line) OVER w AS prev_line
               FROM dolo WHERE dolo_start IS NOT NULL
               WINDOW w AS (PARTITION BY child ORDER BY dolo_start, line))"""


def _overlapping_placements(condition: str) -> str:
    """Closed DoLOs with an episode overlapping them (see the module docstring) whose PLACE meets
    ``condition``; one row per DoLO.
    """
    return f"""
    SELECT DISTINCT d.child AS child_id, d.line FROM dolo d JOIN episodes e
      ON e.child = d.child
     AND e.decom < greatest(d.dolo_end, d.dolo_start + 1)
     AND (e.dec IS NULL OR e.dec > d.dolo_start)
    WHERE d.dolo_start IS NOT NULL AND d.dolo_end IS NOT NULL AND e.place IS NOT NULL
      AND {condition}
    """


@rule("700", table="dolo", year=YEAR)
def r700() -> str:
    """DOLO_START blank (a DoLO is recorded by its start) or with a year outside 1900-2099."""
    return bad_date("dolo", "DOLO_START", required=True)


@rule("701", table="dolo", year=YEAR)
def r701() -> str:
    """DOLO_END, when given, with a year outside 1900-2099 (a blank end is an open DoLO)."""
    return bad_date("dolo", "DOLO_END", required=False)


@rule("702", table="dolo", year=YEAR)
def r702() -> str:
    """DOLO_END before DOLO_START. The same day passes: the message says "before" (a draft
    that also reports equal dates is stricter than the message).
    """
    return where("dolo", "dolo_end < dolo_start")


@rule("703", table="dolo", year=YEAR)
def r703() -> str:
    """DOLO_START after 31 March (the end of the collection year); 31 March itself passes."""
    return where("dolo", "dolo_start > collection_end")


@rule("704", table="dolo", year=YEAR)
def r704() -> str:
    """DOLO_END before 1 April or after 31 March of the collection year (both days pass)."""
    return where("dolo", "dolo_end < collection_start OR dolo_end > collection_end")


@rule("705", table="dolo", year=YEAR)
def r705() -> str:
    """DfE text: the current DOLO_START must be on or after the previous DoLO's, and the previous
    DoLO's DOLO_END cannot be null. Taken in start-date order (so the first condition holds by
    construction), a DoLO whose predecessor has no end date fails; the first DoLO never does.
    """
    return f"SELECT child AS child_id, line FROM {_ORDERED} WHERE prev_line IS NOT NULL AND prev_end IS NULL"


@rule("706", table="dolo_last", year=YEAR)
def r706() -> str:
    """DfE text: if last year's last DoLO is open, this year must have a DoLO and its first
    DOLO_START must be that DoLO's. Only checked when last year's DoLo file is loaded;
    reported on last year's row (as 576 for missing periods).
    """
    return """
    SELECT l.child AS child_id, l.line FROM (
        SELECT * FROM dolo_last WHERE dolo_start IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY child ORDER BY dolo_start DESC, line DESC) = 1) l
    WHERE l.dolo_end IS NULL AND NOT EXISTS (
        SELECT 1 FROM (SELECT child, min(dolo_start) AS first FROM dolo GROUP BY child) f
        WHERE f.child = l.child AND f.first = l.dolo_start)
    """


@rule("707", table="dolo", year=YEAR)
def r707() -> str:
    """The child ceased to be looked after (their latest episode has a REC ending care, any but
    X1) and a DoLO has no DOLO_END; read as 577 reads it for missing periods.
    """
    return f"""
    SELECT d.child AS child_id, d.line FROM dolo d
    JOIN (SELECT child FROM eps WHERE rn = n_eps AND {ENDS_CARE}) e USING (child)
    WHERE d.dolo_end IS NULL
    """


@rule("708", table="dolo", year=YEAR)
def r708() -> str:
    """DfE text: "If <DOLO_START> not Null, then <DOLO_START> must be > <DOB>": a DoLO starting
    on the day of birth fails too (DOB from the DoLo row).
    """
    return where("dolo", "dolo_start IS NOT NULL AND dob IS NOT NULL AND dolo_start <= dob")


@rule("709", table="dolo", year=YEAR)
def r709() -> str:
    """DfE text: with DOLO_START and DOLO_END present, every episode overlapping the DoLO should be
    placed in K2, Z12 or Z13 (<PLACEMENT> is the Episodes column PLACE). An open DoLO is not
    checked: the text asks for both dates.
    """
    return _overlapping_placements("e.place NOT IN ('K2', 'Z12', 'Z13')")


@rule("710", table="dolo", year=YEAR)
def r710() -> str:
    """DfE text: with DOLO_START and DOLO_END present, no episode overlapping the DoLO may be placed
    in K1 (secure children's home), P1 (with parents), R5 (young offender institution) or K3
    (supported accommodation), the message's four settings in order.
    """
    return _overlapping_placements("e.place IN ('K1', 'P1', 'R5', 'K3')")
