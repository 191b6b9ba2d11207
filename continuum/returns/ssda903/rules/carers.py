"""Rules on care leavers (OC3) and on the 12-month cohort (OC2) checked against episodes.

"Has care leaver data" means at least one of IN_TOUCH, ACTIV, ACCOM is given.
The 12-month cohort is the engine's ``cla12`` view. A young person's "17th
or 18th birthday in the year" is the birthday falling between 1 April and 31
March.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import ENDS_CARE, invalid_code, where

_HAS_DATA = "(o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)"
_OC3 = f"SELECT o.child AS child_id, o.line FROM oc3 o, census c WHERE {_HAS_DATA}"
#: Every loaded episode (this year, last year, earlier years), once each: the rules whose DfE
#: note says they "only test the current and previous year data loaded into the tool".
_ALL_EPS = "all_episodes"
_OC2_ITEMS = (
    "convicted", "health_check", "immunisations", "teeth_check", "health_assessment",
    "substance_misuse", "intervention_received", "intervention_offered",
)  # fmt: skip


@rule("131", table="oc3")
def r131() -> str:
    """IN_TOUCH, when given, must be a DfE code (all-blank rows are rule 153's business)."""
    return invalid_code("oc3", "IN_TOUCH", required=False)


@rule("132", table="oc3")
def r132() -> str:
    """ACTIV, when given, must be a DfE code."""
    return invalid_code("oc3", "ACTIV", required=False)


@rule("133", table="oc3")
def r133() -> str:
    """ACCOM, when given, must be a DfE code."""
    return invalid_code("oc3", "ACCOM", required=False)


@rule("153", table="oc3")
def r153() -> str:
    """IN_TOUCH, ACTIV and ACCOM all given or all blank."""
    return where(
        "oc3",
        "NOT ((in_touch IS NULL AND activ IS NULL AND accom IS NULL) "
        "OR (in_touch IS NOT NULL AND activ IS NOT NULL AND accom IS NOT NULL))",
    )


@rule("344", table="oc3")
def r344() -> str:
    """Died or returned home for 6 months+ (IN_TOUCH DIED or RHOM) with ACTIV or ACCOM given."""
    return where("oc3", "in_touch IN ('DIED', 'RHOM') AND (activ IS NOT NULL OR accom IS NOT NULL)")


@rule("345", table="oc3")
def r345() -> str:
    """In touch (IN_TOUCH YES) but ACTIV or ACCOM is 0 (no information)."""
    return where("oc3", "in_touch = 'YES' AND (activ = '0' OR accom = '0')")


@rule("347", table="oc3")
def r347() -> str:
    """Accommodation in a foyer (ACCOM T1/T2) for a young person under 18 at 31 March."""
    return where("oc3", "accom IN ('T1', 'T2') AND age_at(dob, collection_end) < 18")


@rule("3001", table="oc3")
def r3001() -> str:
    """With former foster carers (ACCOM Z1/Z2) for a young person whose 17th birthday is in the year."""
    return where(
        "oc3", "accom IN ('Z1', 'Z2') AND plus_years(dob, 17) BETWEEN collection_start AND collection_end"
    )


@rule("391", table="oc3")
def r391() -> str:
    """OC3 is for young people who turn 17-21 in the year: age at 31 March outside 17-21 fails."""
    return where("oc3", "age_at(dob, collection_end) NOT BETWEEN 17 AND 21")


@rule("1000", table="oc3")
def r1000() -> str:
    """Died in care (an episode ending E2 in any loaded year) but care leaver data given."""
    return _OC3 + f" AND o.child IN (SELECT child FROM {_ALL_EPS} WHERE rec = 'E2')"


@rule("1001", table="oc3")
def r1001() -> str:
    """A (former) relevant child was looked after for at least 13 weeks (91 days) after their
    14th birthday, some of it on or after their 16th, short breaks (V3/V4) aside. Counted over
    every loaded episode (with earlier years' history when given), as the DfE note warns, from
    the OC3 row's own DOB: each OC3 row is checked on its own (a child's second OC3 row used to
    add its days to the first's). Like 1002, not checked without last year's Episodes, which the
    DfE's logic needs to run at all.
    """
    care = f"FROM {_ALL_EPS} e WHERE e.child = o.child AND e.ls NOT IN ('V3', 'V4')"
    return f"""
    {_OC3} AND o.child IN (SELECT child FROM {_ALL_EPS})
      AND NOT ((SELECT sum(greatest(0, coalesce(e.dec, c.runs_to) - greatest(e.decom, plus_years(o.dob, 14))))
                {care}) >= 91
               AND EXISTS (SELECT 1 {care} AND coalesce(e.dec, c.runs_to) >= plus_years(o.dob, 16)))
    """


@rule("1002", table="oc3")
def r1002() -> str:
    """Care leaver data for a young person with no loaded episode (this year, last, or history).

    The DfE's logic: in OC3 and in neither this year's Episodes nor last year's. It runs only with
    last year's Episodes loaded, so without them the rule is not checked
    (:func:`~continuum.returns.ssda903.engine.needs_last_episodes`): this year's file alone holds
    none of the care that ended before 1 April, which is most care leavers' care.
    """
    return _OC3 + f" AND o.child NOT IN (SELECT child FROM {_ALL_EPS})"


@rule("1007", table="oc3")
def r1007() -> str:
    """The DfE's logic: aged 17 or 18 on 31 March and the current (latest) episode has no DEC or no
    REC (still looked after), yet care leaver data given. Whether the open episode began before
    or after the birthday does not matter: a placement move after the birthday starts a new
    episode, and the young person is still looked after (the old reading missed them).
    """
    return (
        _OC3
        + """ AND age_at(o.dob, c.collection_end) BETWEEN 17 AND 18 AND EXISTS (
        SELECT 1 FROM eps e WHERE e.child = o.child AND e.rn = e.n_eps AND (e.dec IS NULL OR e.rec IS NULL))"""
    )


@rule("348", table="oc3")
def r348() -> str:
    """Last year's OC3 reported the young person as died (IN_TOUCH DIED) and this year's does not.
    Only checked against last year's OC3 rows (needs ``--previous``); a blank IN_TOUCH this year
    fails too, since it is not DIED.
    """
    return """
    SELECT o.child AS child_id, o.line FROM oc3 o
    WHERE o.in_touch IS DISTINCT FROM 'DIED'
      AND o.child IN (SELECT child FROM oc3_last WHERE in_touch = 'DIED')
    """


@rule("1016", table="oc3")
def r1016() -> str:
    """Looked after on their 17th or 18th birthday (in the year) and ceased to be looked after
    after it (the episode covering the birthday ends later in the year), yet care leaver data given.
    """
    birthdays = " OR ".join(
        f"(plus_years(o.dob, {age}) BETWEEN c.collection_start AND c.collection_end"
        f" AND e.poc_start <= plus_years(o.dob, {age}) AND e.dec > plus_years(o.dob, {age}))"
        for age in (17, 18)
    )
    return (
        _OC3
        + f""" AND EXISTS (
        SELECT 1 FROM eps e
        WHERE e.child = o.child AND e.rn = e.n_eps AND e.{ENDS_CARE.replace("AND rec", "AND e.rec")}
          AND ({birthdays}))"""
    )


@rule("1010", table="oc3")
def r1010() -> str:
    """Last year's episodes end open, no episodes this year, and care leaver data given."""
    return (
        _OC3
        + """ AND o.child IN (SELECT child FROM eps_last WHERE rn = n_eps AND dec IS NULL)
      AND o.child NOT IN (SELECT child FROM episodes)"""
    )


def _final(alias: str, table: str) -> str:
    """The episode ``alias`` is its child's last in ``table`` (latest DECOM, then latest line)."""
    return (
        f"{alias}.decom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.child = {alias}.child"
        f" AND (x.decom > {alias}.decom OR (x.decom = {alias}.decom AND x.line > {alias}.line)))"
    )


@rule("1011", table="oc3")
def r1011() -> str:
    """Final episode (this or last year) ended with care taken over by another LA (E3), yet care
    leaver data given. The final episode is the one with the latest DECOM of either year's file;
    an episode open at 31 March is in both, with the same DECOM, and this year's copy (the one
    that knows how it ended) is the final one; two episodes of one file with the same latest
    DECOM are told apart by line, the later one final, as ``eps`` orders them. An episode without
    a DECOM is never the final one (rule 141 reports it).
    """
    return (
        _OC3
        + f" AND (o.child IN (SELECT child FROM episodes e WHERE e.rec = 'E3' AND {_final('e', 'episodes')}"
        " AND NOT EXISTS (SELECT 1 FROM episodes_last x WHERE x.child = e.child AND x.decom > e.decom))"
        f" OR o.child IN (SELECT child FROM episodes_last l WHERE l.rec = 'E3' AND {_final('l', 'episodes_last')}"
        " AND NOT EXISTS (SELECT 1 FROM episodes x WHERE x.child = l.child AND x.decom >= l.decom)))"
    )


@rule("1012", table="episodes")
def r1012() -> str:
    """A care leaver (in OC3) with no episode this year should have no other module rows:
    Reviews, Missing, OC2, AD1, PlacedAdoption, PrevPerm and UASC rows for them fail.
    """
    parts = [
        f"SELECT child AS child_id, line, '{t}' AS tbl FROM {t} WHERE child IN "
        "(SELECT child FROM oc3 EXCEPT SELECT child FROM episodes)"
        for t in ("reviews", "missing", "oc2", "ad1", "placed_adoption", "prev_perm", "uasc")
    ]
    return " UNION ALL ".join(parts)


@rule("1014", table="uasc")
def r1014() -> str:
    """UASC ceased date (DUC) given for a care leaver (in OC3) with no episode this year."""
    return (
        "SELECT child AS child_id, line FROM uasc WHERE duc IS NOT NULL "
        "AND child IN (SELECT child FROM oc3 EXCEPT SELECT child FROM episodes)"
    )


@rule("134", table="oc3")
def r134() -> str:
    """A care leaver (in OC3, with data) cannot also have an AD1 (adoption) row."""
    return _OC3 + " AND o.child IN (SELECT child FROM ad1)"


@rule("187", table="oc3")
def r187() -> str:
    """A child in the 12-month cohort cannot have OC3 data or an AD1 row (both reported)."""
    return f"""
    SELECT child_id, line, 'oc3' AS tbl FROM ({_OC3} AND o.child IN (SELECT child FROM cla12)) x
    UNION ALL
    SELECT child, line, 'ad1' FROM ad1 WHERE child IN (SELECT child FROM cla12)
    """


@rule("215", table="oc3")
def r215() -> str:
    """A care leaver (OC3 data) with any OC2 item given: the OC2 row fails."""
    given = " OR ".join(f"x.{c} IS NOT NULL" for c in _OC2_ITEMS)
    return f"SELECT x.child AS child_id, x.line, 'oc2' AS tbl FROM oc2 x WHERE ({given}) AND x.child IN (SELECT o.child FROM oc3 o WHERE {_HAS_DATA})"


# --- OC2 against the 12-month cohort ------------------------------------------------


def _oc2(code: str, condition: str, note: str) -> None:
    def sql() -> str:
        return where("oc2 x", condition)

    sql.__doc__ = note
    rule(code, table="oc2")(sql)


_NOT12 = "x.child NOT IN (SELECT child FROM cla12)"
_IS12 = "x.child IN (SELECT child FROM cla12)"
_AGE_START = "age_at(x.dob, collection_start)"
_AGE_END = "age_at(x.dob, collection_end)"
_oc2("185", f"sdq_score IS NOT NULL AND {_NOT12}", "SDQ_SCORE given outside the 12-month cohort.")
_oc2("198", f"sdq_reason IS NOT NULL AND {_NOT12}", "SDQ_REASON given outside the 12-month cohort.")
_oc2(
    "190",
    "(" + " OR ".join(f"{c} IS NOT NULL" for c in _OC2_ITEMS) + f") AND {_NOT12}",
    "Any 12-month item (CONVICTED ... INTERVENTION_OFFERED) given outside the cohort.",
)
_oc2(
    "186",
    f"{_IS12} AND {_AGE_START} >= 4 AND {_AGE_END} < 17 AND sdq_score IS NULL AND sdq_reason IS NULL",
    "In the cohort, 4+ on 1 April and under 17 on 31 March, no SDQ score (a reason for no score "
    "counts as an answer, read from rule 197B).",
)
_oc2(
    "157",
    f"sdq_reason = 'SDQ1' AND {_AGE_START} >= 4 AND {_AGE_END} <= 16",
    "SDQ1 (no score: outside the age range) for a child 4+ on 1 April and 16 or under on 31 March.",
)
_oc2(
    "197B",
    f"{_IS12} AND {_AGE_START} >= 4 AND {_AGE_END} <= 17 AND sdq_score IS NULL AND sdq_reason IS NULL",
    "In the cohort and aged 4-17: neither SDQ score nor reason.",
)
_oc2(
    "543",
    f"{_IS12} AND {_AGE_END} >= 10 AND convicted IS NULL",
    "In the cohort and 10+ on 31 March: CONVICTED blank.",
)
_oc2(
    "546",
    f"{_IS12} AND {_AGE_END} >= 5 AND health_check IS NOT NULL",
    "The DfE's logic: HEALTH_CHECK given for a child in the 12-month cohort aged 5 or over on 31 March "
    "(outside the cohort any OC2 item is rule 190's).",
)


@rule("191", table="oc2")
def r191() -> str:
    """In the 12-month cohort: an OC2 row with IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT or
    SUBSTANCE_MISUSE blank fails, and so does having no OC2 row (reported on the open episode).
    """
    return """
    SELECT x.child AS child_id, x.line, 'oc2' AS tbl FROM oc2 x
    WHERE x.child IN (SELECT child FROM cla12)
      AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL OR substance_misuse IS NULL)
    UNION ALL
    SELECT e.child, e.line, 'episodes' FROM episodes e
    WHERE e.dec IS NULL AND e.child IN (SELECT child FROM cla12) AND e.child NOT IN (SELECT child FROM oc2)
    """
