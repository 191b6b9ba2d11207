"""Rules on missing and away-from-placement periods (the Missing table, this year and last)."""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import ENDS_CARE, bad_date, where

#: Each missing period with the one before it (per child, by start date).
_ORDERED = """(SELECT *, lag(mis_end) OVER w AS prev_end, lag(line) OVER w AS prev_line
               FROM missing WINDOW w AS (PARTITION BY child ORDER BY mis_start NULLS LAST, line))"""
#: The child's latest episode when it ends care.
_LEFT_CARE = f"(SELECT child, dec, rec FROM eps WHERE rn = n_eps AND {ENDS_CARE})"


@rule("1004", table="missing")
def r1004() -> str:
    """MIS_START with a year outside 1900-2099 (a blank start is rule 564)."""
    return bad_date("missing", "MIS_START", required=False)


@rule("1005", table="missing")
def r1005() -> str:
    """MIS_END with a year outside 1900-2099."""
    return bad_date("missing", "MIS_END", required=False)


@rule("1006", table="missing")
def r1006() -> str:
    """MISSING, when given, must be M or A (a blank one is rules 565 and 566)."""
    return where("missing", "missing IS NOT NULL AND upper(missing) NOT IN ('M', 'A')")


@rule("564", table="missing")
def r564() -> str:
    """MISSING given, MIS_START blank."""
    return where("missing", "missing IS NOT NULL AND mis_start IS NULL")


@rule("565", table="missing")
def r565() -> str:
    """MIS_START given, MISSING blank."""
    return where("missing", "mis_start IS NOT NULL AND missing IS NULL")


@rule("566", table="missing")
def r566() -> str:
    """MIS_END given, MISSING blank."""
    return where("missing", "mis_end IS NOT NULL AND missing IS NULL")


@rule("567", table="missing")
def r567() -> str:
    """MIS_END before MIS_START."""
    return where("missing", "mis_end < mis_start")


@rule("570", table="missing")
def r570() -> str:
    """MIS_START after 31 March."""
    return where("missing", "mis_start > collection_end")


@rule("571", table="missing")
def r571() -> str:
    """MIS_END before 1 April or after 31 March."""
    return where("missing", "mis_end < collection_start OR mis_end > collection_end")


@rule("574", table="missing")
def r574() -> str:
    """A period starting while the one before it is open (no MIS_END) or before it ended."""
    return f"SELECT child AS child_id, line FROM {_ORDERED} WHERE prev_line IS NOT NULL AND (prev_end IS NULL OR mis_start < prev_end)"


@rule("575", table="missing")
def r575() -> str:
    """An open missing period (no MIS_END) that started in an episode which has since ended:
    the placement it was from is over, so the period must end too. One failure a missing period,
    however many ended episodes it started in (two only where episodes overlap: rule 501's).
    """
    return """
    SELECT m.child AS child_id, m.line FROM missing m
    WHERE m.mis_end IS NULL AND EXISTS (
        SELECT 1 FROM episodes e WHERE e.child = m.child AND e.dec IS NOT NULL
          AND m.mis_start >= e.decom AND m.mis_start < e.dec)
    """


@rule("577", table="missing")
def r577() -> str:
    """The child left care (latest episode ends care) with a missing period still open."""
    return f"SELECT m.child AS child_id, m.line FROM missing m JOIN {_LEFT_CARE} e USING (child) WHERE m.mis_end IS NULL"


@rule("578", table="missing")
def r578() -> str:
    """MIS_START after the child left care (latest episode's DEC)."""
    return f"SELECT m.child AS child_id, m.line FROM missing m JOIN {_LEFT_CARE} e USING (child) WHERE m.mis_start > e.dec"


@rule("580", table="episodes")
def r580() -> str:
    """Left care while missing (a missing period open on the DEC of the latest episode) with REC
    other than E8.
    """
    return f"""
    SELECT e.child AS child_id, e.line FROM (SELECT * FROM eps WHERE rn = n_eps AND {ENDS_CARE}) e
    WHERE e.rec <> 'E8' AND EXISTS (
        SELECT 1 FROM missing m WHERE m.child = e.child AND m.mis_start <= e.dec
          AND (m.mis_end IS NULL OR m.mis_end >= e.dec))
    """


@rule("581", table="missing")
def r581() -> str:
    """MIS_START before the child's first loaded DECOM (this or last year's episodes): a DECOM is
    loaded and none is on or before MIS_START (a blank MIS_START is 594's business)."""
    years = ("episodes", "episodes_last")
    loaded = " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} e WHERE e.child = m.child AND e.decom IS NOT NULL)" for t in years
    )
    none_before = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {t} e WHERE e.child = m.child AND e.decom <= m.mis_start)" for t in years
    )
    return f"""
    SELECT m.child AS child_id, m.line FROM missing m
    WHERE m.mis_start IS NOT NULL AND ({loaded}) AND {none_before}
    """


@rule("586", table="missing")
def r586() -> str:
    """MIS_START before the DOB on the Missing row."""
    return where("missing", "mis_start < dob")


@rule("576", table="missing_last")
def r576() -> str:
    """Last year's open missing period (no MIS_END) must appear this year with the same MIS_START
    (only checked when last year's Missing file is loaded). Reported on last year's row.
    """
    return """
    SELECT l.child AS child_id, l.line FROM missing_last l
    WHERE l.mis_end IS NULL AND NOT EXISTS (
        SELECT 1 FROM missing m WHERE m.child = l.child AND m.mis_start = l.mis_start)
    """
