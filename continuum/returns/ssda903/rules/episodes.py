"""Rules on episodes of care and legal status (the Episodes table, this year and last).

Tables and views in scope are described in :mod:`continuum.returns.ssda903.engine`;
``eps`` is episodes in start order with the neighbouring episodes' values.

Reading of the DfE's "not a valid date" rules: a date that is not dd/mm/yyyy
stops the parser (a file error), so these rules catch what is left: a blank
where the DfE needs a date, and a year outside 1900-2099 (a mistyped year).
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import (
    ENDS_CARE,
    RESPITE,
    TEMP,
    Z1_ENDED,
    bad_date,
    invalid_code,
    where,
)


@rule("141", table="episodes")
def r141() -> str:
    """DECOM is required; blank or a year outside 1900-2099 fails."""
    return bad_date("episodes", "DECOM", required=True)


@rule("147", table="episodes")
def r147() -> str:
    """DEC may be blank (open episode); a year outside 1900-2099 fails."""
    return bad_date("episodes", "DEC", required=False)


@rule("143", table="episodes")
def r143() -> str:
    """RNE must be one of the DfE codes (blank fails)."""
    return invalid_code("episodes", "RNE", required=True)


@rule("144", table="episodes")
def r144() -> str:
    """LS must be one of the DfE codes (blank fails)."""
    return invalid_code("episodes", "LS", required=True)


@rule("145", table="episodes")
def r145() -> str:
    """CIN (category of need) must be one of N1-N8 (blank fails)."""
    return invalid_code("episodes", "CIN", required=True)


@rule("146", table="episodes")
def r146() -> str:
    """PLACE must be one of the DfE codes (blank fails). From 2025-26 H5 and P2 are gone and Z1 is
    split into Z11-Z14: Z1 stays in the code list for placements that began earlier, so Z1 on an
    episode starting on or after 1 April 2025 fails.
    """
    return invalid_code("episodes", "PLACE", required=True) + f" OR (place = 'Z1' AND decom >= {Z1_ENDED})"


@rule("149", table="episodes")
def r149() -> str:
    """REC, when given, must be one of the DfE codes."""
    return invalid_code("episodes", "REC", required=False)


@rule("142", table="episodes")
def r142() -> str:
    """Every episode but a child's latest must have ended (DEC and REC both given)."""
    return where("eps", "next_decom IS NOT NULL AND (dec IS NULL OR rec IS NULL)")


@rule("148", table="episodes")
def r148() -> str:
    """DEC and REC go together: one without the other fails."""
    return where("episodes", "(dec IS NULL) <> (rec IS NULL)")


@rule("353", table="episodes")
def r353() -> str:
    """The Children Act 1989 came into force on 14 October 1991."""
    return where("episodes", "decom < DATE '1991-10-14'")


@rule("354", table="episodes")
def r354() -> str:
    """Listed on DECOM: an episode cannot start after the collection year ends (31 March)."""
    return where("episodes", "decom > collection_end")


@rule("385", table="episodes")
def r385() -> str:
    """DEC cannot be after the collection year ends (31 March)."""
    return where("episodes", "dec > collection_end")


@rule("355", table="episodes")
def r355() -> str:
    """Dates only: an episode that starts and ends on the same day lasted under 24 hours."""
    return where("episodes", "dec = decom")


@rule("356", table="episodes")
def r356() -> str:
    """DEC before DECOM."""
    return where("episodes", "dec < decom")


@rule("357", table="episodes")
def r357() -> str:
    """A child's first episode ever must have RNE = S. "First ever" is read as first in this year's
    file with no episode for the child in last year's file. Without last year's file, an episode
    that began before 1 April was carried over from last year, so it is not known to be the first
    ever: only a first episode starting in the year is checked then.
    """
    return where(
        "eps e",
        "rn = 1 AND rne IS DISTINCT FROM 'S' "
        "AND NOT EXISTS (SELECT 1 FROM episodes_last l WHERE l.child = e.child) "
        "AND (decom >= collection_start OR EXISTS (SELECT 1 FROM episodes_last))",
    )


@rule("358", table="episodes")
def r358() -> str:
    """Youth justice legal statuses (J1, J2, J3) need the child to be 10 or over at DECOM."""
    return where("eps", "ls IN ('J1', 'J2', 'J3') AND age_at(dob, decom) < 10")


@rule("359", table="episodes")
def r359() -> str:
    """A child looked after past their 18th birthday (episode open at or ending after it) must be
    under LS V2 in a community home. Community home is read as K1 or K2 (secure and other
    children's homes); an open episode is checked at 31 March (in a year-to-date return, at the
    day it runs to: census.runs_to).
    """
    return where(
        "eps",
        "coalesce(dec, runs_to) > plus_years(dob, 18) AND NOT (ls = 'V2' AND place IN ('K1', 'K2'))",
    )


def _too_long(code: str, ls: str, days: int, note: str) -> None:
    def sql() -> str:
        return where("episodes", f"ls = '{ls}' AND coalesce(dec, runs_to) - decom > {days}")

    sql.__doc__ = note
    rule(code, table="episodes")(sql)


_too_long(
    "361", "L1", 3, "Police protection (L1) ends within 72 hours: more than 3 days between DECOM and DEC."
)
_too_long("362", "L2", 21, "An EPO (L2) lasts at most 21 days (open episodes run to 31 March).")
_too_long("363", "L3", 7, "A child assessment order (L3) lasts at most 7 days.")
_too_long(
    "364",
    "J2",
    21,
    "PACE transfer to LA accommodation (J2): more than 21 days between DECOM and DEC (31 March when "
    "open) fails, as in the DfE's validator. (Was 1 day, which flagged every ordinary PACE transfer "
    "lasting over a night.)",
)
_too_long("365", "V3", 17, "A single respite break (V3) lasts at most 17 days.")


@rule("366", table="episodes")
def r366() -> str:
    """A respite break (V3) is its own period of care: a V3 episode must start with RNE = S."""
    return where("episodes", "ls = 'V3' AND rne IS DISTINCT FROM 'S'")


@rule("367", table="episodes")
def r367() -> str:
    """Respite (V3) days in the collection year, summed per child, over 75 fail every V3 episode.
    Days are DEC - DECOM (nights away) within 1 April-31 March, counted as rule 365 counts a
    single break and as the DfE's validator does; counting the DECOM day too (as before) failed
    a child with exactly 75 days.
    """
    return """
    SELECT child AS child_id, line FROM (
        SELECT e.child, e.line,
               sum(least(coalesce(e.dec, c.runs_to), c.collection_end)
                   - greatest(e.decom, c.collection_start)) OVER (PARTITION BY e.child) AS days
        FROM episodes e, census c
        WHERE e.ls = 'V3' AND e.decom <= c.collection_end
          AND coalesce(e.dec, c.runs_to) >= c.collection_start
    ) WHERE days > 75
    """


@rule("426", table="episodes")
def r426() -> str:
    """A child cannot have both V3 and V4 episodes in the same year (every such episode fails)."""
    return """
    SELECT child AS child_id, line FROM episodes
    WHERE ls IN ('V3', 'V4') AND child IN (SELECT child FROM episodes WHERE ls = 'V3')
      AND child IN (SELECT child FROM episodes WHERE ls = 'V4')
    """


@rule("378", table="episodes")
def r378() -> str:
    """Placed with parents (P1) under a single period of S20 accommodation (V2) fails."""
    return where("episodes", "ls = 'V2' AND place = 'P1'")


@rule("382", table="episodes")
def r382() -> str:
    """Respite (V3/V4) in a temporary placement (T0-T4)."""
    return where("episodes", f"ls IN {RESPITE} AND place IN {TEMP}")


@rule("384", table="episodes")
def r384() -> str:
    """Respite (V3/V4) in a long-term foster placement (U1, U4)."""
    return where("episodes", f"ls IN {RESPITE} AND place IN ('U1', 'U4')")


@rule("446", table="episodes")
def r446() -> str:
    """Placement orders (E1) began on 30 December 2005: an E1 episode starting before fails."""
    return where("episodes", "ls = 'E1' AND decom < DATE '2005-12-30'")


@rule("386", table="episodes")
def r386() -> str:
    """Adopted (E11, E12) at 18 or over (age at DEC)."""
    return where("eps", "rec IN ('E11', 'E12') AND age_at(dob, dec) >= 18")


@rule("387", table="episodes")
def r387() -> str:
    """Moved into independent living (E5, E6) under 14 (age at DEC)."""
    return where("eps", "rec IN ('E5', 'E6') AND age_at(dob, dec) < 14")


@rule("389", table="episodes")
def r389() -> str:
    """Transferred to adult social care (E7) under 16 (age at DEC)."""
    return where("eps", "rec = 'E7' AND age_at(dob, dec) < 16")


@rule("460", table="episodes")
def r460() -> str:
    """Stayed with current carers at 18 (E17) but under 18 at DEC."""
    return where("eps", "rec = 'E17' AND age_at(dob, dec) < 18")


@rule("407", table="episodes")
def r407() -> str:
    """Special guardianship order (E45-E48) at 18 or over at DEC."""
    return where("eps", "rec IN ('E45', 'E46', 'E47', 'E48') AND age_at(dob, dec) >= 18")


@rule("388", table="episodes")
def r388() -> str:
    """REC = X1 (new episode begins) needs a next episode starting on DEC."""
    return where("eps", "rec = 'X1' AND next_decom IS DISTINCT FROM dec")


@rule("437", table="episodes")
def r437() -> str:
    """Died (E2) or aged 18+ by age assessment (E15) ends care for good: a later episode fails."""
    return where("eps", "rec IN ('E2', 'E15') AND next_decom IS NOT NULL")


@rule("431", table="episodes")
def r431() -> str:
    """RNE = S but the previous episode ended on this DECOM (so it is a continuation)."""
    return where("eps", "rne = 'S' AND prev_dec = decom")


@rule("432", table="episodes")
def r432() -> str:
    """The previous episode ended care (REC not X1) but this one is not RNE = S."""
    return where("eps", "prev_rec IS NOT NULL AND prev_rec <> 'X1' AND rne <> 'S'")


@rule("433", table="episodes")
def r433() -> str:
    """A continuation RNE (L, P, T, B, U) needs the previous episode to end on this DECOM."""
    return where("eps", "rne IN ('L', 'P', 'T', 'B', 'U') AND rn > 1 AND prev_dec IS DISTINCT FROM decom")


_SAME_PLACEMENT = (
    "place IS NOT DISTINCT FROM prev_place AND place_provider IS NOT DISTINCT FROM prev_place_provider "
    "AND pl_post IS NOT DISTINCT FROM prev_pl_post AND urn IS NOT DISTINCT FROM prev_urn"
)


@rule("434", table="episodes")
def r434() -> str:
    """RNE = L (legal status changed, placement not): LS must differ from the previous episode and
    the placement (PLACE, PLACE_PROVIDER, PL_POST, URN) must not.
    """
    return where(
        "eps", f"rne = 'L' AND rn > 1 AND (ls IS NOT DISTINCT FROM prev_ls OR NOT ({_SAME_PLACEMENT}))"
    )


@rule("435", table="episodes")
def r435() -> str:
    """RNE = P or B (placement changed, legal status not): LS the same, placement different.
    B (change of placement provider) is read as a placement change (needs checking).
    """
    return where(
        "eps", f"rne IN ('P', 'B') AND rn > 1 AND (ls IS DISTINCT FROM prev_ls OR ({_SAME_PLACEMENT}))"
    )


@rule("436", table="episodes")
def r436() -> str:
    """RNE = T or U (both changed): LS and placement must both differ. U is read like T
    (needs checking).
    """
    return where(
        "eps", f"rne IN ('T', 'U') AND rn > 1 AND (ls IS NOT DISTINCT FROM prev_ls OR ({_SAME_PLACEMENT}))"
    )


@rule("501", table="episodes")
def r501() -> str:
    """An episode starting before the previous one ended (overlap)."""
    return where("eps", "decom < prev_dec")


@rule("504", table="episodes")
def r504() -> str:
    """Category of need is fixed for a period of care: a continuation episode whose CIN differs
    from the previous episode's (and so from the start of the period) fails.
    """
    return where("eps", "rne <> 'S' AND rn > 1 AND cin IS DISTINCT FROM prev_cin")


@rule("380", table="episodes")
def r380() -> str:
    """A period of care (RNE = S) cannot start in a temporary placement."""
    return where("episodes", f"rne = 'S' AND place IN {TEMP}")


@rule("381", table="episodes")
def r381() -> str:
    """A period of care (REC other than X1) cannot end in a temporary placement."""
    return where("episodes", f"{ENDS_CARE} AND place IN {TEMP}")


@rule("383", table="episodes")
def r383() -> str:
    """The DfE's 2025-26 logic: after a temporary placement (T0-T4) the next episode must have RNE
    P and the PLACE and PL_POST of the episode before the temporary one (URN is not compared
    since 2025-26). Reported on the episode after the temporary one, which carries all three
    fields. A temporary placement that is the child's first episode has nothing to return to.
    """
    return """
    SELECT child AS child_id, line FROM (
        SELECT e.*, lag(e.place, 2) OVER w AS place_2, lag(e.pl_post, 2) OVER w AS pl_post_2,
               lag(e.line, 2) OVER w AS line_2
        FROM eps e WINDOW w AS (PARTITION BY e.child ORDER BY e.decom NULLS LAST, e.line))
    WHERE prev_place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND line_2 IS NOT NULL
      AND (rne IS DISTINCT FROM 'P' OR place IS DISTINCT FROM place_2 OR pl_post IS DISTINCT FROM pl_post_2)
    """


@rule("302", table="episodes")
def r302() -> str:
    """An episode starting before the child's date of birth (from the Header)."""
    return where("eps", "decom < dob")


@rule("352", table="episodes")
def r352() -> str:
    """A period of care (RNE = S) starting on or after the 18th birthday."""
    return where("eps", "rne = 'S' AND age_at(dob, decom) >= 18")


def _age_floor(code: str, places: str, years: int, note: str) -> None:
    def sql() -> str:
        return where("eps", f"place IN {places} AND age_at(dob, decom) < {years}")

    sql.__doc__ = note
    rule(code, table="episodes")(sql)


_age_floor("371", "('H5', 'K3')", 16, "Supported accommodation (K3; H5 in older years) below 16 at DECOM.")
_age_floor("372", "('R5')", 10, "Youth custody or prison (R5) below 10 at DECOM.")
_age_floor("373", "('S1')", 4, "Placed in a (residential) school (S1) below 4 at DECOM.")
_age_floor("374", "('P3')", 14, "Residential employment (P3) below 14 at DECOM.")


def _temp_too_long(code: str, place: str, days: int, note: str) -> None:
    def sql() -> str:
        return where("episodes", f"place = '{place}' AND coalesce(dec, runs_to) - decom > {days}")

    sql.__doc__ = note
    rule(code, table="episodes")(sql)


_temp_too_long("375", "T1", 42, "Temporary hospital placement (T1) over six weeks (42 days).")
_temp_too_long(
    "376",
    "T3",
    21,
    "Temporary accommodation while the usual foster carers are on holiday (T3) over three weeks. "
    "(Was T2, which is the child's own holiday.)",
)
_temp_too_long("379", "T4", 7, "Temporary placement for an unspecified reason (T4) over seven days.")


@rule("377", table="episodes")
def r377() -> str:
    """More than two T3 (usual foster carers on holiday) placements starting in the collection
    year: all fail. (Was T2, which is the child's own holiday.)
    """
    return """
    SELECT child AS child_id, line FROM (
        SELECT e.child, e.line, count(*) OVER (PARTITION BY e.child) AS n
        FROM episodes e, census c WHERE e.place = 'T3' AND e.decom >= c.collection_start
    ) WHERE n > 2
    """


# --- last year's episodes ----------------------------------------------------------

_OPEN_LAST = """(SELECT * FROM eps_last WHERE rn = n_eps AND dec IS NULL)"""


@rule("502", table="episodes")
def r502() -> str:
    """Last year's final episode was open; this year's first episode must start on its DECOM."""
    return f"SELECT e.child AS child_id, e.line FROM eps e JOIN {_OPEN_LAST} l USING (child) WHERE e.rn = 1 AND e.decom IS DISTINCT FROM l.decom"


def carried(code: str, col: str, *, current: str = "eps", last: str = _OPEN_LAST, unless: str = "") -> None:
    """Register rule ``code``: this year's first episode (in ``current``) is last year's open one
    (in ``last``, same DECOM), so its ``col`` must match; ``unless`` names a pair the DfE allows.
    """

    def sql() -> str:
        return (
            f"SELECT e.child AS child_id, e.line FROM {current} e JOIN {last} l USING (child), census c "
            f"WHERE e.rn = 1 AND e.decom = l.decom AND e.{col} IS DISTINCT FROM l.{col}"
            + (f" AND NOT ({unless})" if unless else "")
        )

    sql.__doc__ = (
        f"This year's first episode is last year's open one (same DECOM), so its {col.upper()} must match."
        + (f" Allowed by the DfE: {unless}." if unless else "")
    )
    rule(code, table="episodes")(sql)


for _code, _col in [
    ("503A", "rne"),
    ("503B", "ls"),
    ("503C", "cin"),
    ("503E", "place_provider"),
    ("503F", "urn"),
]:
    carried(_code, _col)

# 2025-26 only ("For 2025 only"): H5 is withdrawn and a child in semi-independent living (H5) on 31
# March 2025 moves to supported accommodation (K3) in the 2025-26 return.
carried(
    "503D",
    "place",
    unless="l.place = 'H5' AND e.place = 'K3' AND c.collection_start = DATE '2025-04-01'",
)
# 503G, 503H, 503J, 452 and 453 compare the placement's LA, location and distance, worked out
# from the postcodes: they are in :mod:`.postcodes`.


@rule("562", table="episodes")
def r562() -> str:
    """This year's first episode started before 1 April, the child is in last year's episodes, but
    no episode there has the same DECOM. Only checked when last year's episodes are loaded.
    """
    return where(
        "eps e",
        "rn = 1 AND decom < collection_start "
        "AND e.child IN (SELECT child FROM episodes_last) "
        "AND NOT EXISTS (SELECT 1 FROM episodes_last l WHERE l.child = e.child AND l.decom = e.decom)",
    )


@rule("NoE", table="episodes")
def r_noe() -> str:
    """Started before 1 April but absent from last year's episodes (only when they are loaded)."""
    return where(
        "eps e",
        "rn = 1 AND decom < collection_start AND EXISTS (SELECT 1 FROM episodes_last) "
        "AND e.child NOT IN (SELECT child FROM episodes_last)",
    )


@rule("199", table="episodes")
def r199() -> str:
    """A child adopted from care (REC E11/E12) in an earlier episode of any loaded year (this,
    last, or history) who has episodes this year: every episode after the adoption fails.
    """
    return """
    SELECT e.child AS child_id, e.line FROM episodes e
    WHERE EXISTS (
        SELECT 1 FROM all_episodes a
        WHERE a.child = e.child AND a.rec IN ('E11', 'E12') AND a.dec <= e.decom)
    """
