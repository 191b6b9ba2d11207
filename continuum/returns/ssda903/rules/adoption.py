"""Rules on the adoption tables on their own: AD1 (a child adopted in the year) and
PlacedAdoption (decisions that a child should be placed for adoption), and the two together.

Why a module apart from ``placements.py``: those rules compare the adoption tables with the
episodes; these read only the adoption tables (this year's and last year's), so they can be
read, and checked against the DfE wording, together.

Readings that are Continuum's own (also in ``docs/returns.md``):

* An AD1 row is all given or all blank (rule 151); a blank item is 151's business, so the code
  and date rules (112-114, 175-177) judge only given values, and the consistency rules (333,
  511-524) only rows where both items compared are given.
* Adopters' legal status (LS_ADOPTR): L0 single; L11 married couple of different sex, L12 of
  the same sex; L2 civil partners (either); L3 unmarried couple of different sex, L4 of the
  same sex. SEX_ADOPTR M1/F1 is one adopter, MM/FF/MF a couple.
* A child's decisions are ordered by DATE_PLACED (then by line); the rules on last year's
  return (559-561, 584) compare a child's rows of the two years and run only where last
  year's return is loaded.
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import bad_date, invalid_code, where

#: The AD1 items that are all given or all blank (rule 151).
AD1_ITEMS = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")
#: SEX_ADOPTR codes of a couple, and of a same-sex couple.
COUPLE = "('MM', 'FF', 'MF')"
SAME_SEX = "('MM', 'FF')"
#: Last year's return is loaded (it has a Header). Reading ``hdr_last`` also marks the rule as
#: needing last year's return: without it the engine reports the rule "not checked", not passed.
LAST_LOADED = "EXISTS (SELECT 1 FROM hdr_last)"


# --- AD1: codes and dates -------------------------------------------------------------


@rule("112", table="ad1")
def r112() -> str:
    """DATE_INT, when given, is a real date (a mistyped year outside 1900-2099 fails; a date that
    is not dd/mm/yyyy stops the file at reading). Blank is rule 151's."""
    return bad_date("ad1", "DATE_INT", required=False)


@rule("113", table="ad1")
def r113() -> str:
    """DATE_MATCH, when given, is a real date (as 112)."""
    return bad_date("ad1", "DATE_MATCH", required=False)


@rule("114", table="ad1")
def r114() -> str:
    """FOSTER_CARE, when given, is 0 or 1."""
    return invalid_code("ad1", "FOSTER_CARE", required=False)


@rule("175", table="ad1")
def r175() -> str:
    """NB_ADOPTR, when given, is 1 or 2 (the DfE's column list gives it as a number, no codes)."""
    return where("ad1", "nb_adoptr IS NOT NULL AND nb_adoptr NOT IN ('1', '2')")


@rule("176", table="ad1")
def r176() -> str:
    """SEX_ADOPTR, when given, is one of M1, F1, MM, FF, MF."""
    return invalid_code("ad1", "SEX_ADOPTR", required=False)


@rule("177", table="ad1")
def r177() -> str:
    """LS_ADOPTR, when given, is one of L0, L11, L12, L2, L3, L4."""
    return invalid_code("ad1", "LS_ADOPTR", required=False)


@rule("151", table="ad1")
def r151() -> str:
    """The six AD1 items are all given or all blank; each blank item of a partly filled row is
    reported in its own column."""
    given = " OR ".join(f"{c} IS NOT NULL" for c in AD1_ITEMS)
    return " UNION ALL ".join(
        f"SELECT child AS child_id, line, '{c.upper()}' AS field FROM ad1 WHERE {c} IS NULL AND ({given})"
        for c in AD1_ITEMS
    )


@rule("333", table="ad1")
def r333() -> str:
    """DfE logic: if DATE_MATCH is given, DATE_INT must be given and on or before it (the same
    day passes)."""
    return where("ad1", "date_match IS NOT NULL AND (date_int IS NULL OR date_int > date_match)")


# --- AD1: adopters' number, sex and legal status ----------------------------------------


def _adopters(code: str, condition: str, note: str) -> None:
    """Register an AD1 rule on the adopters' items: rows meeting ``condition`` fail."""

    def sql() -> str:
        return where("ad1", condition)

    sql.__doc__ = note
    rule(code, table="ad1")(sql)


_adopters(
    "511",
    f"nb_adoptr = '2' AND sex_adoptr IS NOT NULL AND sex_adoptr NOT IN {COUPLE}",
    "Two adopters (NB_ADOPTR 2) with SEX_ADOPTR not MM, FF or MF.",
)
_adopters(
    "514",
    f"ls_adoptr = 'L0' AND (sex_adoptr IN {COUPLE} OR nb_adoptr = '2')",
    "Legal status single (L0) but SEX_ADOPTR a couple (MM, FF, MF) or NB_ADOPTR 2: the message "
    "names the number of adopters, the fields the sex code, so either shows a couple.",
)
_adopters(
    "517",
    "ls_adoptr = 'L3' AND sex_adoptr IS NOT NULL AND sex_adoptr <> 'MF'",
    "Unmarried different-sex couple (L3) with SEX_ADOPTR given and not MF.",
)
_adopters(
    "518",
    f"ls_adoptr = 'L4' AND sex_adoptr IS NOT NULL AND sex_adoptr NOT IN {SAME_SEX}",
    "Unmarried same-sex couple (L4) with SEX_ADOPTR given and not MM or FF.",
)
_adopters(
    "519",
    f"ls_adoptr = 'L2' AND sex_adoptr IS NOT NULL AND sex_adoptr NOT IN {COUPLE}",
    "Civil partners (L2) with SEX_ADOPTR given and not a couple (M1, F1): civil partners may be "
    "of either sex, so MM, FF and MF all pass.",
)
_adopters(
    "520",
    "ls_adoptr = 'L11' AND sex_adoptr IS NOT NULL AND sex_adoptr <> 'MF'",
    "Married different-sex couple (L11) with SEX_ADOPTR given and not MF (MM or FF, as the "
    "message says, and also a single adopter's M1/F1, which is not a different-sex couple either).",
)
_adopters(
    "524",
    f"ls_adoptr = 'L12' AND sex_adoptr IS NOT NULL AND sex_adoptr NOT IN {SAME_SEX}",
    "Married same-sex couple (L12) with SEX_ADOPTR given and not MM or FF.",
)


# --- AD1 with PlacedAdoption ------------------------------------------------------------


@rule("523", table="ad1")
def r523() -> str:
    """An adopted child's DATE_INT (AD1) is the date of one of their decisions to place for
    adoption (DATE_PLACED). When none matches, the AD1 row (DATE_INT) and the child's
    PlacedAdoption rows (DATE_PLACED) are reported. Either date blank: not checked here
    (151, 115)."""
    off = """a.date_int IS NOT NULL
          AND EXISTS (SELECT 1 FROM placed_adoption p WHERE p.child = a.child AND p.date_placed IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM placed_adoption p WHERE p.child = a.child AND p.date_placed = a.date_int)"""
    return f"""
    SELECT a.child AS child_id, a.line, 'DATE_INT' AS field, 'ad1' AS tbl FROM ad1 a WHERE {off}
    UNION ALL
    SELECT p.child, p.line, 'DATE_PLACED', 'placed_adoption' FROM placed_adoption p
    WHERE p.date_placed IS NOT NULL AND p.child IN (SELECT a.child FROM ad1 a WHERE {off})
    """


@rule("525", table="ad1")
def r525() -> str:
    """DfE logic: a child with a DATE_PLACED_CEASED has no AD1 items. Read as the reversal being
    the child's last decision: a later DATE_PLACED (a new decision after the reversal, which
    rule 579 allows) lets the child be adopted. Reported on the AD1 row and on the ceased
    decision's row."""
    given = " OR ".join(f"a.{c} IS NOT NULL" for c in AD1_ITEMS)
    reversed_ = """p.date_placed_ceased IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM placed_adoption q WHERE q.child = p.child
                          AND q.date_placed > coalesce(p.date_placed, p.date_placed_ceased)
                          AND q.date_placed >= p.date_placed_ceased)"""
    return f"""
    SELECT a.child AS child_id, a.line, 'ad1' AS tbl FROM ad1 a
    WHERE ({given}) AND a.child IN (SELECT p.child FROM placed_adoption p WHERE {reversed_})
    UNION ALL
    SELECT p.child, p.line, 'placed_adoption' FROM placed_adoption p
    WHERE {reversed_} AND p.child IN (SELECT a.child FROM ad1 a WHERE {given})
    """


# --- PlacedAdoption -----------------------------------------------------------------------


@rule("115", table="placed_adoption")
def r115() -> str:
    """DATE_PLACED is required (the decision the row records) and a real date."""
    return bad_date("placed_adoption", "DATE_PLACED", required=True)


@rule("116", table="placed_adoption")
def r116() -> str:
    """DATE_PLACED_CEASED, when given, is a real date."""
    return bad_date("placed_adoption", "DATE_PLACED_CEASED", required=False)


@rule("119", table="placed_adoption")
def r119() -> str:
    """DATE_PLACED_CEASED and REASON_PLACED_CEASED both given or both blank; the blank one is
    the column reported."""
    return """
    SELECT child AS child_id, line, 'REASON_PLACED_CEASED' AS field FROM placed_adoption
    WHERE date_placed_ceased IS NOT NULL AND reason_placed_ceased IS NULL
    UNION ALL
    SELECT child, line, 'DATE_PLACED_CEASED' FROM placed_adoption
    WHERE date_placed_ceased IS NULL AND reason_placed_ceased IS NOT NULL
    """


@rule("120", table="placed_adoption")
def r120() -> str:
    """REASON_PLACED_CEASED, when given, is one of RD1-RD4."""
    return invalid_code("placed_adoption", "REASON_PLACED_CEASED", required=False)


@rule("522", table="placed_adoption")
def r522() -> str:
    """DATE_PLACED after DATE_PLACED_CEASED (the same day passes: "on or before")."""
    return where("placed_adoption", "date_placed > date_placed_ceased")


@rule("563", table="placed_adoption")
def r563() -> str:
    """DATE_PLACED blank while DATE_PLACED_CEASED or REASON_PLACED_CEASED is given."""
    return where(
        "placed_adoption",
        "date_placed IS NULL AND (date_placed_ceased IS NOT NULL OR reason_placed_ceased IS NOT NULL)",
    )


#: Each child's decisions in DATE_PLACED order with the previous decision's end.
_ORDERED = """(
    SELECT child, line, date_placed, date_placed_ceased,
           lag(date_placed_ceased) OVER w AS prev_ceased, lag(line) OVER w AS prev_line,
           row_number() OVER (PARTITION BY child ORDER BY date_placed DESC, line DESC) AS from_last
    FROM placed_adoption WHERE date_placed IS NOT NULL
    WINDOW w AS (PARTITION BY child ORDER BY date_placed, line))"""


@rule("579", table="placed_adoption")
def r579() -> str:
    """A decision (in DATE_PLACED order) whose previous decision is still open (no
    DATE_PLACED_CEASED) or ceased after it was made; a new decision on the day the previous one
    ceased passes ("must not be before"). The later decision's row is reported."""
    return f"""
    SELECT child AS child_id, line FROM {_ORDERED}
    WHERE prev_line IS NOT NULL AND (prev_ceased IS NULL OR date_placed < prev_ceased)
    """


@rule("583", table="placed_adoption")
def r583() -> str:
    """DfE logic: with more than one DATE_PLACED, all but the latest have a DATE_PLACED_CEASED.
    The earlier, unrevoked decision's row is reported (579 reports the later one)."""
    return (
        f"SELECT child AS child_id, line FROM {_ORDERED} WHERE from_last > 1 AND date_placed_ceased IS NULL"
    )


def _against_last(code: str, condition: str, note: str) -> None:
    """Register a rule comparing this year's decision ``p`` with last year's ``l`` of the same
    child: pairs meeting ``condition`` fail, on this year's row; run only with last year loaded."""

    def sql() -> str:  # each of this year's rows once, however many of last year's it pairs with
        return (
            f"SELECT p.child AS child_id, p.line FROM placed_adoption p WHERE {LAST_LOADED} AND EXISTS "
            f"(SELECT 1 FROM placed_adoption_last l WHERE l.child = p.child AND {condition})"
        )

    sql.__doc__ = note
    rule(code, table="placed_adoption")(sql)


@rule("559", table="placed_adoption")
def r559() -> str:
    """DfE logic: a DATE_PLACED before 1 April needs a DATE_PLACED for the child in last year's
    PlacedAdoption. Checked only when last year's return is loaded (else every earlier
    decision would fail)."""
    return where(
        "placed_adoption p",
        f"p.date_placed < collection_start AND {LAST_LOADED} AND NOT EXISTS "
        "(SELECT 1 FROM placed_adoption_last l WHERE l.child = p.child AND l.date_placed IS NOT NULL)",
    )


@rule("560", table="placed_adoption")
def r560() -> str:
    """DfE logic: a decision open at last year's end (last year's DATE_PLACED given, its
    DATE_PLACED_CEASED blank) is this year's DATE_PLACED unchanged. The DATE_PLACED_CEASED read
    is last year's (the message: "the decision ... did not change"). Fails, on each of the
    child's rows this year, when none carries that date; a child with no row this year is not
    this rule's (it reads this year's DATE_PLACED)."""
    return f"""
    SELECT p.child AS child_id, p.line FROM placed_adoption p
    WHERE {LAST_LOADED} AND EXISTS (
        SELECT 1 FROM placed_adoption_last l
        WHERE l.child = p.child AND l.date_placed IS NOT NULL AND l.date_placed_ceased IS NULL
          AND NOT EXISTS (SELECT 1 FROM placed_adoption q WHERE q.child = l.child AND q.date_placed = l.date_placed))
    """


_against_last(
    "561",
    "p.date_placed = l.date_placed AND (l.date_placed_ceased IS NOT NULL OR l.reason_placed_ceased IS NOT NULL)",
    "DfE logic: this year's DATE_PLACED equal to last year's, whose DATE_PLACED_CEASED or "
    "REASON_PLACED_CEASED is given (a decision reversed last year is not this year's decision).",
)
_against_last(
    "584",
    "l.date_placed IS NOT NULL AND (l.date_placed_ceased IS NOT NULL OR l.reason_placed_ceased IS NOT NULL) "
    "AND p.date_placed <= l.date_placed",
    "DfE logic: after last year's decision was reversed (its DATE_PLACED_CEASED or reason given), "
    "this year's DATE_PLACED is later than that decision's DATE_PLACED (the same day fails).",
)
