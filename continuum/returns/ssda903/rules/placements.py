"""Rules on placements: provider, URN, postcodes and placement LA, and placements for adoption.

Placement codes read as in the DfE's 2025-26 guidance: A3/A5 placed for
adoption with current foster carers (consent / placement order), A4/A6 with
other adopters; K1/K2 secure and other children's homes; K3 supported
accommodation; P1 with parents; P3 residential employment; R1-R5 health,
family centre and custody; S1 residential school; T0-T4 temporary; U1-U6
foster care; Z1x other. R1 is a residential care home (registered with the CQC, not Ofsted);
R3 a family centre or mother and baby unit (registered with Ofsted).
"""

from __future__ import annotations

from continuum.returns.ssda903.registry import rule
from continuum.returns.ssda903.rules._sql import ENDS_CARE, RESPITE, TEMP, invalid_code, where
from continuum.returns.ssda903.rules.postcodes import placed_outside_england

_ADOPTION_PLACES = "('A3', 'A4', 'A5', 'A6')"
_FOSTER = "('U1', 'U2', 'U3', 'U4', 'U5', 'U6')"
#: Placements with nothing to say about a provider, placement postcode or URN (rules 214, 392b,
#: 526): temporary and "other" (Z1, split into Z11-Z14 from 2025-26).
_NO_PROVIDER = "('T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')"
#: Placements with no provider in the DfE's 2025-26 rule 213 (which never listed Z1).
_NO_PROVIDER_2025 = "('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')"
#: Placements that never have an Ofsted URN, as the DfE's 2025-26 rules 218 and 222 list them (R1
#: is CQC-registered; R3, a residential family centre, is Ofsted-registered and may have one),
#: and Z1, which Z11-Z14 replaced in those lists: an "other" placement carried from before April
#: 2025 is the same kind of placement, and rule 214 forbids it a URN, so requiring one (218) would
#: fail every such episode under one rule or the other.
_NO_URN_PLACES = (
    "('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')"
)
#: Full postcode, outward code plus sector digit, or outward code alone (spaces ignored).
_POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?([0-9]([A-Z]{2})?)?$"
_FULL_POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}"


def _pc(col: str) -> str:
    return f"upper(replace({col}, ' ', ''))"


@rule("178", table="episodes")
def r178() -> str:
    """The DfE's 2025-26 logic: PLACE_PROVIDER, when given, must be PR0-PR5, and must not be given
    for T0-T3 or Z11-Z14 (T4 is not in the DfE's list: rule 213 covers it).
    """
    return (
        invalid_code("episodes", "PLACE_PROVIDER", required=False)
        + " OR (place_provider IS NOT NULL AND place IN ('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14'))"
    )


@rule("1009", table="episodes")
def r1009() -> str:
    """REASON_PLACE_CHANGE, when given, must be one of the DfE codes."""
    return invalid_code("episodes", "REASON_PLACE_CHANGE", required=False)


@rule("1008", table="episodes")
def r1008() -> str:
    """URN format only (no Ofsted provider list is loaded): 6-7 digits, optionally after SC, or
    XXXXXXX for a provider without one.
    """
    return where("episodes", r"urn IS NOT NULL AND NOT regexp_full_match(upper(urn), '(SC)?[0-9]{6,7}|X{7}')")


@rule("213", table="episodes")
def r213() -> str:
    """Temporary placements (T0-T4) and, from 2025-26, Z11-Z14 have no provider: PLACE_PROVIDER
    given fails. A Z1 placement (before April 2025) is not in the DfE's list.
    """
    return where("episodes", f"place IN {_NO_PROVIDER_2025} AND place_provider IS NOT NULL")


@rule("214", table="episodes")
def r214() -> str:
    """Temporary placements (T0-T4) and Z1: PL_POST or URN given fails."""
    return where("episodes", f"place IN {_NO_PROVIDER} AND (pl_post IS NOT NULL OR urn IS NOT NULL)")


@rule("217", table="episodes")
def r217() -> str:
    """A3/A5 (placed for adoption with current foster carers) from 1 April 2015 needs RNE S, T or U."""
    return where(
        "episodes", "place IN ('A3', 'A5') AND decom >= DATE '2015-04-01' AND rne NOT IN ('S', 'T', 'U')"
    )


@rule("218", table="episodes")
def r218() -> str:
    """The DfE's 2025-26 logic: every placement but P1, P3, R1, R2, R5, T0-T4 and Z11-Z14 needs a
    URN (foster and adoption placements too: the fostering or adoption agency's URN; XXXXXXX
    when the provider has none), unless the placement is outside England (PL_LA CON, NIR, SCO,
    WAL or NUK: the file's PL_LA, else derived from PL_POST when a postcode directory is loaded,
    :func:`.postcodes.placed_outside_england`; none of these placements is temporary or "other",
    the placements :func:`.postcodes.geo` derives nothing for). "DEC after 31/03/2015 or blank"
    holds for every episode of a current return.
    """
    return where(
        "episodes",
        f"place NOT IN {_NO_URN_PLACES} AND urn IS NULL AND NOT {placed_outside_england()} "
        "AND (dec IS NULL OR dec > DATE '2015-03-31')",
    )


@rule("222", table="episodes")
def r222() -> str:
    """Placements that are never Ofsted-registered (parents, employment, care home, NHS, custody,
    temporary, other) must not carry a URN (XXXXXXX is allowed). A family centre (R3) is
    Ofsted-registered, so its URN is not flagged (it used to be, and R1 was missed).
    """
    return where("episodes", f"place IN {_NO_URN_PLACES} AND urn IS NOT NULL AND upper(urn) <> 'XXXXXXX'")


@rule("225", table="episodes")
def r225() -> str:
    """The reason for a placement change is recorded on the episode that ends with it: an
    episode followed by RNE P, T, B or U (placement changed) needs REASON_PLACE_CHANGE, unless it
    is a temporary placement (the child returns to the usual one).
    """
    return where(
        "eps",
        f"next_rne IN ('P', 'T', 'B', 'U') AND reason_place_change IS NULL AND place NOT IN {TEMP} "
        "AND next_place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')",
    )


@rule("226", table="episodes")
def r226() -> str:
    """The DfE's 2025-26 logic: for a temporary placement (T0-T4), REASON_PLACE_CHANGE must be blank
    on it and on the episode before it (the move into a temporary placement needs no reason).
    Each row carrying a reason fails. (Before 2025-26 the rule also covered episodes not followed
    by a placement change; an open episode's reason is now rule 233's.)
    """
    return where(
        "eps",
        f"reason_place_change IS NOT NULL AND (place IN {TEMP} OR next_place IN {TEMP})",
    )


@rule("233", table="episodes")
def r233() -> str:
    """The DfE's logic: an open episode (no DEC) has no REASON_PLACE_CHANGE."""
    return where("episodes", "dec IS NULL AND reason_place_change IS NOT NULL")


@rule("234", table="episodes")
def r234() -> str:
    """The DfE's logic: when the next episode starts (the move) before the child's 10th birthday,
    the episode before it cannot give CUSTOD as the reason for the change. Reported on the row
    carrying CUSTOD; with no next episode the move is read at its DEC (an open episode is rule 233's).
    """
    return where(
        "eps",
        "reason_place_change = 'CUSTOD' AND coalesce(next_decom, dec, decom) < plus_years(dob, 10)",
    )


@rule("526", table="episodes")
def r526() -> str:
    """Every placement other than temporary (T0-T4) and Z11-Z14 needs PLACE_PROVIDER. "Z1 replaced by
    Z11-Z14": a Z1 placement carried from before April 2025 is one of them and stays exempt.
    """
    return where("episodes", f"place NOT IN {_NO_PROVIDER} AND place_provider IS NULL")


def _provider_place(code: str, provider: str, places: str, note: str) -> None:
    def sql() -> str:
        return where("episodes", f"place_provider = '{provider}' AND place IN {places}")

    sql.__doc__ = note
    rule(code, table="episodes")(sql)


_provider_place("527", "PR1", "('P1', 'R2', 'R5')", "PR1 (own provision) with P1, R2 or R5.")
_provider_place("528", "PR2", "('P1', 'R2', 'R5')", "PR2 (other LA) with P1, R2 or R5.")
_provider_place(
    "529",
    "PR3",
    "('P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')",
    "PR3 (other public body) with P1, A3-A6, K1, K2 or U1-U6.",
)
_provider_place("530", "PR4", "('P1')", "PR4 (private) with P1.")
_provider_place("531", "PR5", "('P1')", "PR5 (voluntary) with P1.")


@rule("550", table="episodes")
def r550() -> str:
    """PR0 (parents or other person with parental responsibility) only with P1."""
    return where("episodes", "place_provider = 'PR0' AND place <> 'P1'")


@rule("392b", table="episodes")
def r392b() -> str:
    """Looked after (not V3/V4, not temporary or Z1) with HOME_POST or PL_POST blank."""
    return where(
        "episodes",
        f"(home_post IS NULL OR pl_post IS NULL) AND ls NOT IN {RESPITE} AND place NOT IN {_NO_PROVIDER}",
    )


@rule("392c", table="episodes")
def r392c() -> str:
    """A postcode that is not a UK postcode in form (full, outward + sector digit, or outward only)
    and, when the ONS postcode directory is loaded, a full postcode that is not in it.
    """
    return " UNION ALL ".join(
        f"SELECT child AS child_id, line, '{col.upper()}' AS field FROM episodes WHERE {col} IS NOT NULL AND "
        f"(NOT regexp_matches({_pc(col)}, '{_POSTCODE}') OR (regexp_full_match({_pc(col)}, '{_FULL_POSTCODE}') "
        f"AND EXISTS (SELECT 1 FROM postcodes) AND {_pc(col)} NOT IN (SELECT pcd FROM postcodes)))"
        for col in ("home_post", "pl_post")
    )


@rule("392d", table="episodes")
def r392d() -> str:
    """HOME_POST equal to PL_POST (spaces and case ignored) unless placed with parents (P1)."""
    return where("episodes", f"{_pc('home_post')} = {_pc('pl_post')} AND place <> 'P1'")


@rule("398", table="episodes")
def r398() -> str:
    """Short breaks (V3/V4) have no distance: postcodes or PL_DISTANCE given fail."""
    return where(
        "episodes",
        f"ls IN {RESPITE} AND (home_post IS NOT NULL OR pl_post IS NOT NULL OR pl_distance IS NOT NULL)",
    )


# --- placements for adoption -------------------------------------------------------


@rule("390", table="episodes")
def r390() -> str:
    """Adopted (E11/E12) from an episode that is not a placement for adoption (A3-A6)."""
    return where("episodes", f"rec IN ('E11', 'E12') AND place NOT IN {_ADOPTION_PLACES}")


@rule("336", table="episodes")
def r336() -> str:
    """Placed for adoption with current foster carers (A3/A5): the episode before (if in the
    file) must be foster care (U1-U6) or the same adoption placement.
    """
    return where(
        "eps",
        f"place IN ('A3', 'A5') AND rn > 1 AND prev_place NOT IN {_FOSTER} AND prev_place NOT IN ('A3', 'A5')",
    )


@rule("408", table="episodes")
def r408() -> str:
    """Placed for adoption with a placement order (A5/A6) needs LS E1 (or D1, freed)."""
    return where("episodes", "place IN ('A5', 'A6') AND ls NOT IN ('E1', 'D1')")


@rule("516", table="episodes")
def r516() -> str:
    """SGO to former foster carers (E45/E46) must end a foster placement (U1-U6)."""
    return where("episodes", f"rec IN ('E45', 'E46') AND place NOT IN {_FOSTER}")


def _no_decision(code: str, cond: str, note: str) -> None:
    def sql() -> str:
        return where(
            "episodes e",
            f"{cond} AND NOT EXISTS (SELECT 1 FROM placed_adoption p WHERE p.child = e.child AND p.date_placed IS NOT NULL)",
        )

    sql.__doc__ = note
    rule(code, table="episodes")(sql)


_no_decision(
    "551", f"place IN {_ADOPTION_PLACES}", "Placed for adoption (A3-A6) but no DATE_PLACED in PlacedAdoption."
)
_no_decision("553", "ls = 'E1'", "Placement order (LS E1) but no DATE_PLACED in PlacedAdoption.")


def _decision_after(code: str, cond: str, note: str) -> None:
    def sql() -> str:
        return (
            "SELECT p.child AS child_id, p.line, 'placed_adoption' AS tbl FROM placed_adoption p "
            f"JOIN (SELECT child, min(decom) AS first FROM episodes WHERE {cond} GROUP BY child) e USING (child) "
            "WHERE p.date_placed > e.first"
        )

    sql.__doc__ = note
    rule(code, table="placed_adoption")(sql)


_decision_after(
    "552", f"place IN {_ADOPTION_PLACES}", "DATE_PLACED after the first adoption placement (A3-A6) started."
)
_decision_after("554", "ls = 'E1'", "DATE_PLACED after the first placement-order (E1) episode started.")


def _before_care_started(column: str) -> str:
    """``column`` (of the rule's row, ``x``) before the start of the child's latest period of care
    that the loaded files show: the DECOM of the latest RNE = S episode of this year or last year.

    Where neither year holds one, the start is not known, and the rules comparing with it (334,
    1003) are not checked: the first loaded DECOM of a period carried over from earlier years is
    not when the child "started to be looked after". Before the latest of those DECOMs is before
    one of them, so the condition is an ``EXISTS`` per year (evaluated in Arrow, :mod:`..vectorised`)
    rather than a join on their grouped union.
    """
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} e WHERE e.child = x.child AND e.rne = 'S' AND e.decom > x.{column})"
        for t in ("episodes", "episodes_last")
    )


@rule("1003", table="placed_adoption")
def r1003() -> str:
    """DATE_PLACED before the child started to be looked after: the DECOM of the latest RNE = S
    episode loaded (the rule's fields are DATE_PLACED, DECOM and RNE). Not checked when no start
    of care is loaded.
    """
    return f"""
    SELECT x.child AS child_id, x.line FROM placed_adoption x WHERE {_before_care_started("date_placed")}
    """


@rule("117", table="placed_adoption")
def r117() -> str:
    """DATE_PLACED or DATE_PLACED_CEASED after 31 March, or after the child left care (the DEC of
    their latest episode when its REC ends care).
    """
    return f"""
    SELECT p.child AS child_id, p.line FROM placed_adoption p, census c
    LEFT JOIN (SELECT child, dec FROM eps WHERE rn = n_eps AND {ENDS_CARE}) e ON e.child = p.child
    WHERE greatest(p.date_placed, coalesce(p.date_placed_ceased, p.date_placed)) > c.collection_end
       OR greatest(p.date_placed, coalesce(p.date_placed_ceased, p.date_placed)) > e.dec
    """


@rule("118", table="placed_adoption")
def r118() -> str:
    """DATE_PLACED_CEASED before 1 April or before the start of the child's latest period of care."""
    return """
    SELECT p.child AS child_id, p.line FROM placed_adoption p, census c
    LEFT JOIN (SELECT child, max(poc_start) AS poc FROM eps GROUP BY child) e ON e.child = p.child
    WHERE p.date_placed_ceased < c.collection_start OR p.date_placed_ceased < e.poc
    """


@rule("557", table="placed_adoption")
def r557() -> str:
    """A child with a decision to place for adoption who left care other than by adoption (latest
    episode ends care, REC not E11/E12) needs DATE_PLACED_CEASED and REASON_PLACED_CEASED.
    """
    return f"""
    SELECT p.child AS child_id, p.line FROM placed_adoption p
    JOIN (SELECT child FROM eps WHERE rn = n_eps AND {ENDS_CARE} AND rec NOT IN ('E11', 'E12')) e USING (child)
    WHERE p.date_placed_ceased IS NULL OR p.reason_placed_ceased IS NULL
    """


@rule("558", table="placed_adoption")
def r558() -> str:
    """An adopted child (an E11/E12 episode this year) with DATE_PLACED_CEASED given."""
    return """
    SELECT p.child AS child_id, p.line FROM placed_adoption p
    WHERE p.date_placed_ceased IS NOT NULL
      AND p.child IN (SELECT child FROM episodes WHERE rec IN ('E11', 'E12'))
    """


# --- AD1 with episodes ---------------------------------------------------------------

_AD1_ITEMS = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")


@rule("601", table="episodes")
def r601() -> str:
    """Adopted this year (REC E11/E12) but no AD1 row, or an AD1 item blank."""
    blanks = " OR ".join(f"a.{c} IS NULL" for c in _AD1_ITEMS)
    return f"""
    SELECT e.child AS child_id, e.line FROM episodes e LEFT JOIN ad1 a USING (child)
    WHERE e.rec IN ('E11', 'E12') AND (a.child IS NULL OR {blanks})
    """


@rule("602", table="ad1")
def r602() -> str:
    """An AD1 row for a child with no adoption (E11/E12) in this year's episodes."""
    return where("ad1 a", "a.child NOT IN (SELECT child FROM episodes WHERE rec IN ('E11', 'E12'))")


@rule("582", table="episodes")
def r582() -> str:
    """Adopted (E11/E12) on the same day as matched with adopters (AD1 DATE_MATCH)."""
    return "SELECT e.child AS child_id, e.line FROM episodes e JOIN ad1 a USING (child) WHERE e.rec IN ('E11', 'E12') AND e.dec = a.date_match"


def _ad1_vs_adoption_placement(code: str, col: str, note: str) -> None:
    def sql() -> str:
        return (
            "SELECT a.child AS child_id, a.line FROM ad1 a "
            f"JOIN (SELECT child, min(decom) AS first FROM episodes WHERE place IN {_ADOPTION_PLACES} GROUP BY child) e "
            f"USING (child) WHERE a.{col} > e.first"
        )

    sql.__doc__ = note
    rule(code, table="ad1")(sql)


_ad1_vs_adoption_placement(
    "331", "date_match", "DATE_MATCH after the first adoption placement (A3-A6) started."
)
_ad1_vs_adoption_placement("521", "date_int", "DATE_INT after the first adoption placement (A3-A6) started.")


@rule("334", table="ad1")
def r334() -> str:
    """DATE_INT before the start of the child's latest period of care (its RNE = S episode, this
    year's or last year's; not checked when neither year holds it, see ``_before_care_started``).
    """
    return f"""
    SELECT x.child AS child_id, x.line FROM ad1 x WHERE {_before_care_started("date_int")}
    """


@rule("335", table="ad1")
def r335() -> str:
    """FOSTER_CARE must agree with the adoption placement the child was adopted from:
    0 with A3/A5 (current foster carers) fails, 1 with A4/A6 fails. The adoption episodes are
    joined as a query of their own: one a child in a return, so the rule runs in Arrow (a child
    with two runs in DuckDB, its row once per episode, as before).
    """
    return """
    SELECT a.child AS child_id, a.line FROM ad1 a
    JOIN (SELECT child, place FROM episodes WHERE rec IN ('E11', 'E12')) e USING (child)
    WHERE (a.foster_care = '0' AND e.place IN ('A3', 'A5')) OR (a.foster_care = '1' AND e.place IN ('A4', 'A6'))
    """
