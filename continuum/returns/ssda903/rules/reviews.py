"""Rules on reviews (the Reviews table) and on header items checked against episodes (mother, UPN)."""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import ENDS_CARE, RESPITE, bad_date, invalid_code, where


@rule("166", table="reviews")
def r166() -> str:
    """REVIEW blank, or a year outside 1900-2099."""
    return bad_date("reviews", "REVIEW", required=True)


@rule("167", table="reviews")
def r167() -> str:
    """REVIEW_CODE blank or not PN0-PN7."""
    return invalid_code("reviews", "REVIEW_CODE", required=True)


@rule("440", table="reviews")
def r440() -> str:
    """PN0 (child under 4) but aged 4 or over on the review date (DOB from the Reviews row)."""
    return where("reviews", "review_code = 'PN0' AND age_at(dob, review) >= 4")


@rule("441", table="reviews")
def r441() -> str:
    """PN1-PN7 (child 4 or over) but under 4 on the review date."""
    return where(
        "reviews",
        "review_code IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7') AND age_at(dob, review) < 4",
    )


#: A child whose episodes this year (those with an LS) are all short breaks: one is, and none is not.
_ONLY_RESPITE = (
    "child IN (SELECT child FROM episodes WHERE ls IN ('V3', 'V4')) AND NOT EXISTS "
    "(SELECT 1 FROM episodes e WHERE e.child = {table}.child AND e.ls NOT IN ('V3', 'V4'))"
)


@rule("399", table="header")
def r399() -> str:
    """A child whose every episode this year is a short break (V3/V4) has no MOTHER and no
    reviews: the Header row (MOTHER given) and each Reviews row fail.
    """
    return f"""
    SELECT child AS child_id, line, 'MOTHER' AS field, 'header' AS tbl FROM header
    WHERE mother IS NOT NULL AND {_ONLY_RESPITE.format(table="header")}
    UNION ALL
    SELECT child, line, 'REVIEW, REVIEW_CODE', 'reviews' FROM reviews WHERE {_ONLY_RESPITE.format(table="reviews")}
    """


@rule("165", table="header")
def r165() -> str:
    """MOTHER, when given, must be 0 or 1."""
    return invalid_code("header", "MOTHER", required=False)


@rule("393", table="header")
def r393() -> str:
    """A girl aged 11 or over at 31 March, looked after then (open episode, not V3/V4), needs
    MOTHER. "Looked after" is read this way because MOTHER only applies to girls; the age floor
    matches rule 620. In a year-to-date return, "31 March" is the day it runs to (runs_to).
    """
    return f"""
    SELECT h.child AS child_id, h.line FROM hdr h, census c
    WHERE h.mother IS NULL AND h.sex = 'F' AND age_at(h.dob, c.runs_to) >= 11
      AND h.child IN (SELECT child FROM episodes WHERE dec IS NULL AND ls NOT IN {RESPITE})
    """


@rule("607", table="header")
def r607() -> str:
    """A girl aged 11 or over who left care this year (latest episode ends care, not V3/V4)
    needs MOTHER.
    """
    return f"""
    SELECT h.child AS child_id, h.line FROM hdr h JOIN (SELECT * FROM eps WHERE rn = n_eps) e USING (child)
    WHERE e.rec IS NOT NULL AND e.rec <> 'X1'
      AND e.ls NOT IN {RESPITE} AND h.sex = 'F' AND h.mother IS NULL AND age_at(h.dob, e.dec) >= 11
    """


@rule("625", table="header")
def r625() -> str:
    """MC_DOB after 31 March, or after the child left care (latest episode's DEC when it ends care)."""
    return f"""
    SELECT h.child AS child_id, h.line FROM hdr h, census c
    LEFT JOIN (SELECT child, dec FROM eps WHERE rn = n_eps AND {ENDS_CARE}) e ON e.child = h.child
    WHERE h.mc_dob > c.collection_end OR h.mc_dob > e.dec
    """


@rule("628", table="header")
def r628() -> str:
    """MOTHER given for a care leaver (in OC3) with no episode this year."""
    return where(
        "hdr h",
        "mother IS NOT NULL AND h.child IN (SELECT child FROM oc3) "
        "AND h.child NOT IN (SELECT child FROM episodes)",
    )


@rule("207", table="header")
def r207() -> str:
    """A child recorded as a mother last year (MOTHER = 1) cannot be MOTHER = 0 this year."""
    return "SELECT h.child AS child_id, h.line FROM hdr h JOIN hdr_last l USING (child) WHERE l.mother = '1' AND h.mother = '0'"


@rule("210", table="header")
def r210() -> str:
    """UPN UN4 (not yet obtained) for a child looked after for more than a week at 31 March
    (open episode, period of care started over 7 days before 31 March, or before the day a
    year-to-date return runs to).
    """
    return """
    SELECT h.child AS child_id, h.line FROM hdr h, census c
    WHERE upper(h.upn) = 'UN4'
      AND h.child IN (SELECT child FROM eps e, census c2 WHERE e.dec IS NULL AND e.poc_start < c2.runs_to - 7)
    """


@rule("442", table="header")
def r442() -> str:
    """UPN blank for a child with episodes this year (unknown UPNs use UN1-UN5)."""
    return where("hdr h", "upn IS NULL AND h.child IN (SELECT child FROM episodes)")
