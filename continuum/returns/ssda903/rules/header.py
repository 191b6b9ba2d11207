"""Rules on the child's Header: identity codes and dates, UPN, motherhood, and the checks of
this year's Header against last year's (``hdr_last``).

Tables and views in scope are described in :mod:`continuum.returns.ssda903.engine`. Row-level
checks read ``header`` (every row is reported); the rules comparing years read ``hdr`` and
``hdr_last`` (one row per child), so the engine lists them as not checked, never passed, when
last year's return is not loaded (:func:`continuum.returns.ssda903.engine.needs_previous`).

Reading of the "not a valid date" rules: a date that is not dd/mm/yyyy stops the parser (a file
error), so these rules catch what is left: a blank where the DfE needs a date, and a year
outside 1900-2099 (a mistyped year). Every table of the CSV layout repeats the child's DOB, and
a blank or mistyped one there is as invalid as in the Header, so 102 reports every table's DOB
(the DfE's XML layout holds one DOB per child, in the Header).
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import bad_date, invalid_code, where
from continuum.returns.ssda903.schema import TABLES

#: UN1-UN5: the DfE's codes for a UPN that is not known.
UNKNOWN_UPN = "('UN1', 'UN2', 'UN3', 'UN4', 'UN5')"
#: A UPN in the DfE form: a check letter (never I, O or S), then 12 digits, or 11 digits and a
#: letter (a temporary UPN).
UPN_FORM = "[A-HJ-NP-RT-Z]([0-9]{12}|[0-9]{11}[A-Z])"

#: This year's and last year's header for each child in both (the year-to-year rules).
BOTH_YEARS = "FROM hdr h JOIN hdr_last l USING (child)"


def _tagged(table: str, sql: str) -> str:
    """``sql``'s failing rows with the table they come from (for rules reporting several tables)."""
    return f"SELECT child_id, line, '{table}' AS tbl FROM ({sql})"


@rule("101", table="header")
def r101() -> str:
    """SEX must be M, F or U (blank fails), in the Header and in the UASC table, which repeats it."""
    return " UNION ALL ".join(_tagged(t, invalid_code(t, "SEX", required=True)) for t in ("header", "uasc"))


@rule("102", table="header")
def r102() -> str:
    """DOB is required in every table that carries it; blank or a year outside 1900-2099 fails."""
    with_dob = [t.name for t in TABLES.values() if any(c.name == "DOB" for c in t.columns)]
    return " UNION ALL ".join(_tagged(t, bad_date(t, "DOB", required=True)) for t in with_dob)


@rule("103", table="header")
def r103() -> str:
    """ETHNIC must be one of the DfE codes (blank fails)."""
    return invalid_code("header", "ETHNIC", required=True)


@rule("105", table="header")
def r105() -> str:
    """UASC in the Header (the older and XML layouts) must be 0 or 1. The 2025-26 CSV layout has
    no such column (UASC children are the rows of the UASC table), so a blank fails only when the
    file carries the column, i.e. some other Header row has a value in it.
    """
    return where(
        "header",
        "(uasc IS NOT NULL AND uasc NOT IN ('0', '1')) "
        "OR (uasc IS NULL AND EXISTS (SELECT 1 FROM header x WHERE x.uasc IS NOT NULL))",
    )


@rule("168", table="header")
def r168() -> str:
    """A given UPN must be UN1-UN5 or in the DfE form (letter, 12 digits or 11 digits and a
    letter; upper case). A blank UPN is rule 442's. The check letter's arithmetic is the CIN
    census's rule, not this message's.
    """
    return where(
        "header", f"upn IS NOT NULL AND upn NOT IN {UNKNOWN_UPN} AND NOT regexp_full_match(upn, '{UPN_FORM}')"
    )


@rule("171", table="header")
def r171() -> str:
    """MC_DOB may be blank; a year outside 1900-2099 fails."""
    return bad_date("header", "MC_DOB", required=False)


@rule("174", table="header")
def r174() -> str:
    """A child's date of birth (MC_DOB) is recorded for a child whose sex is M."""
    return where("header", "mc_dob IS NOT NULL AND sex = 'M'")


@rule("184", table="placed_adoption")
def r184() -> str:
    """DATE_PLACED (decision to place for adoption) before the Header DOB; the same day passes."""
    return "SELECT p.child AS child_id, p.line FROM placed_adoption p JOIN hdr h USING (child) WHERE p.date_placed < h.dob"


def _changed(code: str, column: str, note: str, *, same: str = "{}") -> None:
    """Register a rule failing when ``column`` differs from last year's, both given."""

    def sql() -> str:
        now, last = same.format(f"h.{column}"), same.format(f"l.{column}")
        return f"SELECT h.child AS child_id, h.line {BOTH_YEARS} WHERE {now} <> {last}"

    sql.__doc__ = note
    rule(code, table="header")(sql)


#: SEX before 2024-25 was coded 1 (male) / 2 (female): last year's file may carry the old codes.
_SEX = "CASE {0} WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE {0} END"

_changed("202", "sex", "SEX differs from last year's (both given; old codes 1/2 read as M/F).", same=_SEX)
_changed("203", "dob", "DOB differs from last year's (both given).")
_changed("204", "ethnic", "ETHNIC differs from last year's (both given).")


@rule("208", table="header")
def r208() -> str:
    """UPN differs from last year's (case ignored). Allowed: a UPN becoming known (last year
    UN1-UN5, this year a real UPN) and UN1 (under school age) becoming UN2-UN5. Nothing recorded
    last year passes; a recorded UPN turned blank or to an unknown code fails.
    """
    return f"""
    SELECT h.child AS child_id, h.line {BOTH_YEARS}
    WHERE l.upn IS NOT NULL AND upper(h.upn) IS DISTINCT FROM upper(l.upn)
      AND NOT (upper(l.upn) IN {UNKNOWN_UPN} AND h.upn IS NOT NULL AND upper(h.upn) NOT IN {UNKNOWN_UPN})
      AND NOT (upper(l.upn) = 'UN1' AND upper(h.upn) IN ('UN2', 'UN3', 'UN4', 'UN5'))
    """


@rule("209", table="header")
def r209() -> str:
    """DfE text: a child 4 or over on 31 August of the year before the collection starts (31/08/2024
    for 2025-26) cannot have UPN UN1. A 4th birthday on that 31 August fails; on 1 September passes.
    """
    return where(
        "header",
        "upper(upn) = 'UN1' AND plus_years(dob, 4) <= make_date(year(collection_start) - 1, 8, 31)",
    )


def uasc_status(h: str, uasc: str) -> str:
    """A child's UASC status ('1' or '0') in a year, for the header row ``h``: the Header's UASC
    flag where the file carries one (older and XML layouts), else whether the child has a row in
    that year's UASC table (``uasc``), which lists the UASC children in the 2025-26 CSV layout.
    """
    return f"coalesce({h}.uasc, CASE WHEN {h}.child IN (SELECT child FROM {uasc}) THEN '1' ELSE '0' END)"


@rule("231", table="header")
def r231() -> str:
    """DfE text: a UASC child's DOB must be more than 11 years before 31 March. Born exactly 11
    years before 31 March (11 on that day) fails; a day earlier passes.
    """
    return where("hdr h", f"{uasc_status('h', 'uasc')} = '1' AND dob >= plus_years(collection_end, -11)")


@rule("232", table="header")
def r232() -> str:
    """SEX reported as U (unknown)."""
    return where("header", "sex = 'U'")


@rule("301", table="header")
def r301() -> str:
    """DfE text: DOB must be on or before 31 March (the collection end); 31 March passes."""
    return where("header", "dob > collection_end")


@rule("351", table="header")
def r351() -> str:
    """Over 25 on 1 April: the 25th birthday before the collection start (on 1 April passes)."""
    return where("header", "plus_years(dob, 25) < collection_start")


@rule("444", table="header")
def r444() -> str:
    """DfE text: a UPN other than UN1-UN5 must be unique in the return; every Header row of each
    child sharing it fails (one child's repeated Header rows are not a duplicate).
    """
    return f"""
    SELECT child AS child_id, line FROM header
    WHERE upn IN (SELECT upn FROM header WHERE upn IS NOT NULL AND upper(upn) NOT IN {UNKNOWN_UPN}
                  GROUP BY upn HAVING count(DISTINCT child) > 1)
    """


@rule("611", table="header")
def r611() -> str:
    """MOTHER = 1 with MC_DOB blank."""
    return where("header", "mother = '1' AND mc_dob IS NULL")


@rule("612", table="header")
def r612() -> str:
    """A female child (SEX = F) with MC_DOB given and MOTHER = 0 (blank MOTHER is rule 393's)."""
    return where("header", "sex = 'F' AND mc_dob IS NOT NULL AND mother = '0'")


@rule("620", table="header")
def r620() -> str:
    """MOTHER = 1 for a child under 11 on 1 April (the collection start); an 11th birthday on
    1 April passes.
    """
    return where("header", "mother = '1' AND plus_years(dob, 11) > collection_start")


@rule("621", table="header")
def r621() -> str:
    """MC_DOB on or before the mother's own DOB (the same day fails)."""
    return where("header", "mc_dob <= dob")


@rule("624", table="header")
def r624() -> str:
    """MC_DOB differs from last year's, both given. A blank this year passes: a care leaver in
    OC3 only must leave motherhood blank (rule 628), and 611 catches a mother without it.
    """
    return f"SELECT h.child AS child_id, h.line {BOTH_YEARS} WHERE h.mc_dob <> l.mc_dob"


@rule("626", table="header")
def r626() -> str:
    """MOTHER = 1 this year, 0 last year, but MC_DOB before this year's 1 April: the first child
    was born while last year's return said she was not a mother.
    """
    return (
        f"SELECT h.child AS child_id, h.line {BOTH_YEARS}, census "
        "WHERE h.mother = '1' AND l.mother = '0' AND h.mc_dob < collection_start"
    )


@rule("EPI", table="header")
def r_epi() -> str:
    """A Header row for a child with no episode this year and not in OC3 (a care leaver needs none)."""
    return where(
        "header h",
        "h.child NOT IN (SELECT child FROM episodes WHERE child IS NOT NULL) "
        "AND h.child NOT IN (SELECT child FROM oc3 WHERE child IS NOT NULL)",
    )
