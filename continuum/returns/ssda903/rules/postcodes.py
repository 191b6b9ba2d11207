"""The rules on the placement's area and distance, and the ONS postcode directory they need.

Why a postcode directory: the DfE works out each episode's placement LA
(PL_LA), location inside or outside the authority (PL_LOCATION) and distance
from home (PL_DISTANCE) from HOME_POST and PL_POST; the 2025-26 column list
leaves them out of the return. A council has the ONS Postcode Directory
(ONSPD) CSV, so ``--postcodes FILE`` loads it (:func:`read_postcodes`) as the
``postcodes`` table and these rules use, for each episode, the file's own
value when it carries the column and otherwise the value derived the DfE's
way. Without the directory the rules in :data:`NEEDS_POSTCODES` are reported
"not checked" (``NO_POSTCODES`` in the engine), never passed: a return
without PL_DISTANCE has nothing they could check.

Derivation (:func:`geo`): PL_LA is the placement postcode's local authority
(ONS code, E06000001 ...) in England, WAL, SCO or NIR for the other nations
and NUK outside the UK (the Channel Islands and the Isle of Man, which the
directory lists, are not in the UK); PL_LOCATION is IN when that is the
authority's own area, read as the area most of the return's home postcodes
are in (the return does not name its own ONS code), else OUT; PL_DISTANCE is
the straight-line distance between the home and placement postcodes in miles
(from the directory's latitude and longitude), to 0.1 mile. As the DfE does,
nothing is derived for short breaks (V3/V4: rule 420), and no distance for
a child who is or was UASC (rule 406), so those rules still see only what
the file itself carries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903.registry import Ssda903Rule, rule
from continuum.returns.ssda903.rules._sql import RESPITE, where
from continuum.returns.ssda903.rules.episodes import carried

#: Codes of the rules that need the postcode directory: not checked without one.
NEEDS_POSTCODES: set[str] = set()

#: The ``postcodes`` table the engine registers (empty without a directory).
POSTCODES_SCHEMA = pa.schema(
    [("pcd", pa.string()), ("la", pa.string()), ("ctry", pa.string()), ("lat", pa.float64()),
     ("lon", pa.float64())]
)  # fmt: skip

#: Placements with no placement postcode (temporary, other): nothing to derive.
_NO_POSTCODE_PLACES = "('T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')"
#: A child who is or was UASC (this year, last year, or the header's UASC flag).
_UASC = (
    "(SELECT child FROM uasc UNION SELECT child FROM uasc_last UNION SELECT child FROM hdr WHERE uasc = '1')"
)
#: Outside England: the nation codes of the DfE's PL_LA.
_NATION = """CASE WHEN {p}.ctry LIKE 'E%' THEN {p}.la WHEN {p}.ctry LIKE 'W%' THEN 'WAL'
    WHEN {p}.ctry LIKE 'S%' THEN 'SCO' WHEN {p}.ctry LIKE 'N%' THEN 'NIR'
    WHEN {p}.ctry IS NOT NULL THEN 'NUK' END"""


def _norm(col: str) -> str:
    return f"upper(replace({col}, ' ', ''))"


def _miles(a: str, b: str) -> str:
    """Great-circle distance in miles between two ``postcodes`` rows (mean Earth radius)."""
    return (
        f"round(2 * 3958.8 * asin(sqrt(pow(sin(radians({b}.lat - {a}.lat) / 2), 2) + "
        f"cos(radians({a}.lat)) * cos(radians({b}.lat)) * pow(sin(radians({b}.lon - {a}.lon) / 2), 2))), 1)"
    )


def geo(episodes: str = "eps") -> str:
    """``episodes`` (``eps`` or ``eps_last``) with ``geo_la``, ``geo_location`` and
    ``geo_distance``: the file's PL_LA / PL_LOCATION / PL_DISTANCE, else derived from the
    ``postcodes`` table (NULL when it is empty or the postcode is not in it).
    """
    derive = f"e.ls NOT IN {RESPITE} AND e.place NOT IN {_NO_POSTCODE_PLACES}"
    return f"""(
    WITH own AS (
        SELECT mode(h.la) AS la FROM eps x JOIN postcodes h ON h.pcd = {_norm("x.home_post")}
        WHERE h.ctry LIKE 'E%')
    SELECT e.*,
        coalesce(e.pl_la, CASE WHEN {derive} THEN {_NATION.format(p="p")} END) AS geo_la,
        coalesce(upper(e.pl_location), CASE WHEN {derive} AND p.la IS NOT NULL
            THEN CASE WHEN p.la = own.la THEN 'IN' ELSE 'OUT' END END) AS geo_location,
        coalesce(TRY_CAST(e.pl_distance AS DOUBLE), CASE WHEN {derive} AND e.child NOT IN {_UASC}
            THEN {_miles("h", "p")} END) AS geo_distance,
        e.pl_distance IS NOT NULL AND TRY_CAST(e.pl_distance AS DOUBLE) IS NULL AS distance_unreadable
    FROM {episodes} e CROSS JOIN own
    LEFT JOIN postcodes h ON h.pcd = {_norm("e.home_post")}
    LEFT JOIN postcodes p ON p.pcd = {_norm("e.pl_post")})"""


#: Placement LAs outside England (PL_LA): the DfE's nation codes and CON.
OUTSIDE_ENGLAND = "('CON', 'NIR', 'SCO', 'WAL', 'NUK')"


def placed_outside_england() -> str:
    """An episode's condition (of ``episodes`` or ``eps``, unqualified): its PL_LA, as :func:`geo`
    gives it, is one of :data:`OUTSIDE_ENGLAND` (any case). Never NULL: a PL_LA unknown (no
    column, no directory, a postcode not in it) is not outside England.

    Why not ``geo_la`` of :func:`geo`: rule 218 needs only this, and :func:`geo` is a query of
    three joins and a distance per episode, which only DuckDB evaluates. The same answer: the
    file's PL_LA where given; else, for an episode :func:`geo` derives one for (not a short
    break, and not a temporary or "other" placement, which the caller's condition must leave
    out: 218's does), the placement postcode's row of the directory names a country other
    than England, or an English LA whose code is one of those. A postcode the directory holds
    twice is outside England when one of its rows says so (:func:`geo` gave a row per match).
    """
    directory = (
        "SELECT pcd FROM postcodes WHERE pcd IS NOT NULL AND ctry IS NOT NULL "
        f"AND (ctry NOT LIKE 'E%' OR upper(la) IN {OUTSIDE_ENGLAND})"
    )
    return (
        f"((pl_la IS NOT NULL AND upper(pl_la) IN {OUTSIDE_ENGLAND}) OR (pl_la IS NULL AND ls IS NOT NULL "
        f"AND ls NOT IN {RESPITE} AND pl_post IS NOT NULL AND {_norm('pl_post')} IN ({directory})))"
    )


def postcode_rule(code: str) -> Callable[[Callable[[], str]], Ssda903Rule]:
    """Register an episodes rule that needs the postcode directory (not checked without it)."""
    NEEDS_POSTCODES.add(code)
    return rule(code, table="episodes")


#: Looked after, not a short break, not temporary/other, and not (formerly) UASC: a distance is due.
_DISTANCE_DUE = f"ls NOT IN {RESPITE} AND place NOT IN {_NO_POSTCODE_PLACES} AND g.child NOT IN {_UASC}"


@postcode_rule("164")
def r164() -> str:
    """The distance must be a number from 0 to 999.9 miles for every episode that has one (not a
    short break, not a child who is or was UASC, and a placement with a postcode): a distance that
    could not be worked out (a postcode not in the directory) fails, as "Please check a valid
    postcode has been entered" says.
    """
    return where(
        f"{geo()} g",
        f"{_DISTANCE_DUE} AND (distance_unreadable OR coalesce(NOT (geo_distance BETWEEN 0 AND 999.9), true))",
    )


@postcode_rule("392a")
def r392a() -> str:
    """Same cohort as 164 (looked after, not V3/V4, not (formerly) UASC, a placement with a
    postcode): no distance, given or derived, fails.
    """
    return where(f"{geo()} g", f"{_DISTANCE_DUE} AND geo_distance IS NULL AND NOT distance_unreadable")


@postcode_rule("454")
def r454() -> str:
    """The DfE's logic: a distance over 350 miles fails, unless it is 999.9 (the DfE's value for
    "not known"); exactly 350 passes.
    """
    return where(f"{geo()} g", "geo_distance > 350 AND geo_distance <> 999.9")


@postcode_rule("406")
def r406() -> str:
    """A child who is or was UASC (this or last year's UASC table, or header UASC = 1) has no
    PL_DISTANCE. Nothing is derived for them, so only a distance the file gives fails.
    """
    return where(f"{geo()} g", f"geo_distance IS NOT NULL AND g.child IN {_UASC}")


@postcode_rule("169")
def r169() -> str:
    """The placement LA must be an LA code (three-digit DfE number, ONS code such as E06000001, or
    WAL, SCO, NIR, NUK, CON) and, for a placement with a postcode (not a short break), must be
    there: a placement postcode not in the directory fails.
    """
    return where(
        f"{geo()} g",
        "(geo_la IS NOT NULL AND NOT regexp_full_match(upper(geo_la), '[0-9]{3}|[EWSN][0-9]{8}|WAL|SCO|NIR|NUK|CON')) "
        f"OR (geo_la IS NULL AND ls NOT IN {RESPITE} AND place NOT IN {_NO_POSTCODE_PLACES})",
    )


@postcode_rule("179")
def r179() -> str:
    """PL_LOCATION, given or derived, must be IN or OUT (a derived one always is)."""
    return where(f"{geo()} g", "geo_location IS NOT NULL AND geo_location NOT IN ('IN', 'OUT')")


@postcode_rule("411")
def r411() -> str:
    """PL_LOCATION = IN means placed in the authority's own area, so its PL_LA must be the
    authority's: read as the area most home postcodes are in (with the directory), else the code
    most placements marked IN carry. A placement in Wales, Scotland, Northern Ireland or abroad
    marked IN fails too.
    """
    return f"""
    WITH g AS (SELECT * FROM {geo()}),
    own AS (SELECT coalesce(
        (SELECT mode(h.la) FROM eps x JOIN postcodes h ON h.pcd = {_norm("x.home_post")} WHERE h.ctry LIKE 'E%'),
        (SELECT mode(geo_la) FROM g WHERE geo_location = 'IN')) AS la)
    SELECT child AS child_id, line FROM g, own
    WHERE geo_la IS NOT NULL AND geo_location IS NOT NULL AND ((geo_location = 'IN') <> (geo_la = own.la))
    """


@postcode_rule("420")
def r420() -> str:
    """PL_LA given for a short break (V3/V4): nothing is derived for them, so only the file's
    value fails.
    """
    return where(f"{geo()} g", f"geo_la IS NOT NULL AND ls IN {RESPITE}")


@postcode_rule("1015")
def r1015() -> str:
    """Own provision (PR1) outside the LA (PL_LOCATION OUT). As in the DfE's check, foster and
    adoption placements (U1-U6, A3-A6) and short breaks (V3/V4) are left out: an LA's own foster
    carers and adopters may live over the border.
    """
    return where(
        f"{geo()} g",
        f"place_provider = 'PR1' AND geo_location = 'OUT' AND place NOT LIKE 'U%' "
        f"AND place NOT IN ('A3', 'A4', 'A5', 'A6') AND ls NOT IN {RESPITE}",
    )


_OPEN_LAST_GEO = f"(SELECT * FROM {geo('eps_last')} WHERE rn = n_eps AND dec IS NULL)"
for _code, _col in [
    ("503G", "geo_distance"), ("503H", "geo_la"), ("503J", "geo_location"), ("452", "geo_la"), ("453", "geo_distance"),
]:  # fmt: skip
    NEEDS_POSTCODES.add(_code)
    carried(_code, _col, current=geo(), last=_OPEN_LAST_GEO)


# --- reading the directory ----------------------------------------------------------

#: ONSPD column names across editions: the postcode, its local authority and country.
_POSTCODE_COLS = ("pcds", "pcd", "pcd2", "pcd7", "pcd8")
_LA_COL = re.compile(r"oslaua|lad\d{2}cd")
_CTRY_COL = re.compile(r"ctry(\d{2}cd)?")


def read_postcodes(path: str | Path) -> pa.Table:
    """Read an ONS Postcode Directory CSV (any recent edition) into the ``postcodes`` table.

    Only the postcode, local authority, country, latitude and longitude
    columns are read, so the national file (2.7 million rows) loads in a few
    seconds. The directory's "no location" latitude (99.999999) becomes
    blank. A file without those columns is refused with one clear line.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            names = [n.strip().strip('"').lower() for n in fh.readline().split(",")]
    except (OSError, UnicodeDecodeError) as err:
        raise ReturnFileError(path, None, f"cannot read the postcode directory: {err}") from None
    postcode = next((n for n in _POSTCODE_COLS if n in names), None)
    la = next((n for n in names if _LA_COL.fullmatch(n)), None)
    ctry = next((n for n in names if _CTRY_COL.fullmatch(n)), None)
    missing = [w for w, n in (("pcds", postcode), ("oslaua", la), ("ctry", ctry)) if n is None]
    missing += [n for n in ("lat", "long") if n not in names]
    if missing:
        raise ReturnFileError(
            path, 1, f"the postcode directory has no column {', '.join(missing)}; expected an ONSPD CSV "
            "(columns pcds, oslaua or ladYYcd, ctry, lat, long)"
        )  # fmt: skip
    wanted = {postcode: "pcd", la: "la", ctry: "ctry", "lat": "lat", "long": "lon"}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(wanted),
                column_types={
                    postcode: pa.string(),
                    la: pa.string(),
                    ctry: pa.string(),
                    "lat": pa.float64(),
                    "long": pa.float64(),
                },
            ),
        )
    except (pa.ArrowInvalid, OSError) as err:
        raise ReturnFileError(path, None, f"the postcode directory cannot be read: {err}") from None
    pcd = pc.utf8_upper(pc.replace_substring(table[postcode], " ", ""))
    lat = table["lat"]
    lat = pc.if_else(pc.greater(lat, 90), pa.scalar(None, pa.float64()), lat)
    return pa.table(
        {"pcd": pcd, "la": table[la], "ctry": table[ctry], "lat": lat, "lon": table["long"]},
        schema=POSTCODES_SCHEMA,
    )
