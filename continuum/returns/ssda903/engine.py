"""Run a year's SSDA903 rules over the parsed tables with DuckDB, and build the report.

Same approach as the CIN census (:mod:`continuum.returns.cin.engine`): the
Arrow tables are registered in DuckDB without copying and each rule is one
set-based query, so a national-size return is checked without a Python loop
per episode. The working-day table is the CIN engine's own
(:func:`continuum.returns.cin.engine.working_day_table`), imported, not copied.

What a rule's SQL can use:

* this year's tables by analytical name (``header``, ``episodes``,
  ``reviews``, ``uasc``, ``oc2``, ``oc3``, ``ad1``, ``placed_adoption``,
  ``prev_perm``, ``missing``, ``social_worker``, and from 2026-27 ``dolo``,
  empty in an earlier year's return) and last year's as
  ``<name>_last``; every one exists, empty when no file held it;
* ``hdr`` / ``hdr_last``: one header row per child (the first in the file);
* ``eps`` / ``eps_last``: episodes with the child's header (``dob``,
  ``sex``, ``mother``, ``upn``) and, per child in start-date order, ``rn``
  (1 = first), ``n_eps``, ``prev_<col>`` and ``next_<col>`` of the
  neighbouring episodes (the columns in ``_PREV_COLS`` and ``_NEXT_COLS``),
  and ``poc_start`` (start of the period of care: the latest RNE = S
  episode at or before this one, else the child's first);
* ``all_episodes``: every loaded episode -- this year's, last year's and the
  earlier years' ``history`` -- one row per child and DECOM (the newest
  file's copy: an episode open at one 31 March is in two years' files). Only
  for the rules whose DfE note says they "only test the current and previous
  year data loaded into the tool" (199, 1000, 1001, 1002); every other rule
  reads ``episodes`` and ``episodes_last``. 1001 and 1002 are not checked
  without last year's Episodes, as the DfE's logic runs them only with those
  (:func:`needs_last_episodes`);
* ``cla12(child)``: children looked after continuously for 12 months at 31 March;
* ``providers`` (``urn, place_codes, provider_codes, postcode, reg_date,
  reg_end, la_code, line``; empty unless a provider file is loaded) and
  ``placing_la`` (one row: ``la_code``, the placing authority's), read only by
  the rules needing provider information (219-229), which are not run, and
  reported as not checked, without a provider file;
* ``postcodes`` (``pcd, la, ctry, lat, lon``: the ONS postcode directory,
  empty unless one is loaded), read by the area and distance rules of
  :mod:`.rules.postcodes`, reported as not checked without it;
* ``census`` (one row): ``collection_start`` (1 April), ``collection_end``
  (31 March), ``runs_to`` (the day the return runs to: 31 March for a
  complete year, today for a year-to-date return of the current year; an
  open episode is measured to it, "at 31 March" for a complete year);
* ``codes(tbl, col, code)`` from the DfE column list, ``working_days(d,
  is_working, wd_ordinal)``;
* macros ``age_at(dob, d)`` (whole years), ``valid_code(tbl, col, x)``,
  ``plus_years(d, n)``, ``in_list(x, 'A B C')``.

What it must give back: ``child_id, line`` (``child_id`` is the CHILD
value; NULLs for return-level rules), optionally ``field`` and ``tbl``.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from continuum.core.dates import day_words
from continuum.core.working_days import WorkingDayCalendar
from continuum.returns.cin.engine import working_day_table
from continuum.returns.dates import records_up_to
from continuum.returns.report import FAILURE_SCHEMA, Report, ReturnFileError
from continuum.returns.rules_registry import RuleSet, nearest_year
from continuum.returns.ssda903.parser import Ssda903Tables, empty_table, read_providers, scan_903_csv
from continuum.returns.ssda903.registry import Ssda903Rule
from continuum.returns.ssda903.rules.postcodes import NEEDS_POSTCODES, POSTCODES_SCHEMA, read_postcodes
from continuum.returns.ssda903.rulesets import (
    _EVENT_DATES,
    RULESETS,
    latest_event_date,
    ruleset_for,
    year_of_return,
)
from continuum.returns.ssda903.schema import TABLES, Table
from continuum.returns.ssda903.vectorised import CODE as VECTOR_CODE
from continuum.returns.ssda903.vectorised import MEMO as VECTOR_MEMO
from continuum.returns.ssda903.vectorised import TABLES as VECTOR_TABLES
from continuum.returns.ssda903.vectorised import Branch, Unsupported, _true_count, compile_rule
from continuum.returns.ssda903.vectorised import _same_as_previous as same_as_previous

__all__ = [
    "NO_PREVIOUS", "NO_PROVIDERS", "YEAR_TO_DATE", "needs_previous", "needs_year_end", "survey_903",
    "validate_903", "validate_903_tables",
]  # fmt: skip

#: Why the provider rules are in the summary as not checked.
NO_PROVIDERS = "no provider information supplied"
#: Why the rules on the placement's area and distance are in the summary as not checked.
NO_POSTCODES = "no postcode directory supplied (--postcodes)"
#: Why the 12-month-cohort rules are not checked in a year-to-date return.
YEAR_TO_DATE = "a year-to-date return (to {day}): the 12-month cohort is known at 31 March"


#: Why the rules comparing a child's Header with last year's are not checked.
NO_PREVIOUS = "last year's return not loaded (--previous)"


def needs_previous(rule: Ssda903Rule) -> bool:
    """True for a rule comparing a child's Header with last year's (it reads ``hdr_last``): without
    last year's return there is nothing to compare, and a pass would hide that. Also true for a
    rule the DfE runs only with last year's Episodes (:func:`needs_last_episodes`).
    """
    return "hdr_last" in rule.sql or needs_last_episodes(rule)


def needs_last_episodes(rule: Ssda903Rule) -> bool:
    """True for a rule reading every loaded year's episodes (``all_episodes``) whose DfE table list
    names ``Episodes_last``: 1001 and 1002, not 199 or 1000.

    Why: the DfE's logic for 1001 and 1002 runs only when last year's Episodes are loaded (it
    returns no result without them). Run on this year's file alone, 1002 fails every care leaver
    whose care ended before 1 April ("no previous episodes of care"), and 1001 every one whose
    care this year was short: an OC3 return of a year holds young people whose care ended up to
    five years before, so the whole care leaver cohort would read as errors the DfE never raises.
    199 and 1000 look for an adoption or a death among the loaded episodes, and the DfE runs
    them on this year's alone (a missing year can only hide a failure, never invent one).
    """
    return "all_episodes" in _words(rule.sql) and any(t.lower() == "episodes_last" for t in rule.tables)


#: Why a rule reading one of last year's tables is not checked when last year's return was given without it.
NO_PREVIOUS_FILE = "last year's {file} file not loaded (--previous)"
#: The derived tables of last year (:data:`ARROW_DERIVED`) by the table they are built from.
_DERIVED_FROM = {"hdr": "header", "eps": "episodes"}


def last_year_tables(rule: Ssda903Rule) -> set[str]:
    """The tables of last year's return ``rule`` reads (``uasc`` for ``uasc_last``, ``header`` for
    ``hdr_last``)."""
    named = {w.removesuffix("_last") for w in _words(rule.sql) if w.endswith("_last")}
    if needs_last_episodes(rule):  # read through ``all_episodes``, which holds last year's
        named.add("episodes")
    return {_DERIVED_FROM.get(n, n) for n in named} & TABLES.keys()


def missing_last_year_files(rules: Iterable[Ssda903Rule], files: Mapping[str, str]) -> dict[str, str]:
    """Why each rule reading a table of last year's return that was not loaded is not checked,
    when last year's return was loaded in part (say its Header and Episodes only).

    Why: an absent file reads as an empty table, so a rule asking "was this child UASC last
    year?" of last year's UASC table (205A-D), or of its placements for adoption (559), would
    report every child as a failure: a false error, where the truth is that it cannot be told.
    A file given empty (a year with no such rows) is loaded, and the rule runs.
    """
    return {
        r.code: NO_PREVIOUS_FILE.format(file=TABLES[sorted(missing)[0]].display)
        for r in rules
        if (missing := {t for t in last_year_tables(r) if f"{t}_last" not in files})
    }


def needs_year_end(rule: Ssda903Rule) -> bool:
    """True for a rule on the cohort looked after for 12 months at 31 March (it reads ``cla12``):
    before 31 March nobody is in it yet, so the rule cannot be checked, only passed vacuously.
    """
    return "cla12" in rule.sql


_PROVIDERS_SCHEMA = pa.schema(
    [("urn", pa.string()), ("place_codes", pa.string()), ("provider_codes", pa.string()),
     ("postcode", pa.string()), ("reg_date", pa.date32()), ("reg_end", pa.date32()),
     ("la_code", pa.string()), ("line", pa.int64())]
)  # fmt: skip

_MACROS = [
    """CREATE MACRO age_at(dob, d) AS (year(d) - year(dob))
         - CASE WHEN month(d) * 100 + day(d) < month(dob) * 100 + day(dob) THEN 1 ELSE 0 END""",
    """CREATE MACRO valid_code(t, c, x) AS
         EXISTS (SELECT 1 FROM codes WHERE codes.tbl = t AND codes.col = c AND codes.code = x)""",
    "CREATE MACRO plus_years(d, n) AS CAST(d + to_years(CAST(n AS INTEGER)) AS DATE)",
    "CREATE MACRO in_list(x, l) AS list_contains(string_split(l, ' '), x)",
]

#: The neighbouring episodes' columns the rules read, as ``prev_<col>`` and ``next_<col>`` of ``eps``.
#: Only these: each is a window column over every episode, and ``eps`` is the largest table built.
_PREV_COLS = ("dec", "rec", "ls", "cin", "place", "place_provider", "pl_post", "urn")
_NEXT_COLS = ("decom", "place", "rne")


def _episode_view(name: str, episodes: str, header: str) -> str:
    lags = ", ".join(
        [f"lag(e.{c}) OVER w AS prev_{c}" for c in _PREV_COLS]
        + [f"lead(e.{c}) OVER w AS next_{c}" for c in _NEXT_COLS]
    )
    return f"""
    CREATE TABLE {name} AS
    SELECT e.*, h.dob, h.sex, h.mother, h.upn, h.mc_dob,
           row_number() OVER w AS rn,
           count(*) OVER (PARTITION BY e.child) AS n_eps,
           coalesce(max(CASE WHEN e.rne = 'S' THEN e.decom END) OVER (
               PARTITION BY e.child ORDER BY e.decom NULLS LAST, e.line
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
               first_value(e.decom) OVER w) AS poc_start,
           {lags}
    FROM {episodes} e LEFT JOIN {header} h USING (child)
    WINDOW w AS (PARTITION BY e.child ORDER BY e.decom NULLS LAST, e.line)
    """


# Children looked after continuously for 12 months at 31 March (the OC2 cohort): short breaks
# (V3/V4) do not count as care, so only the other episodes are chained; a chain breaks where an
# episode does not start on the day the previous one ended with X1. In the cohort: an open
# episode at 31 March whose chain began on or before 1 April. Read from this year's episodes only
# (the episode open on 1 April is in this year's file with its DECOM).
_CLA12 = """
CREATE TABLE cla12 AS
WITH care AS (
    SELECT child, decom, dec, line, lag(dec) OVER w AS prev_dec, lag(rec) OVER w AS prev_rec
    FROM episodes WHERE coalesce(ls, '') NOT IN ('V3', 'V4')
    WINDOW w AS (PARTITION BY child ORDER BY decom NULLS LAST, line)),
runs AS (
    SELECT child, dec, max(CASE WHEN prev_dec IS DISTINCT FROM decom OR prev_rec IS DISTINCT FROM 'X1'
        THEN decom END) OVER (PARTITION BY child ORDER BY decom NULLS LAST, line ROWS UNBOUNDED PRECEDING) AS run_start
    FROM care)
SELECT DISTINCT r.child FROM runs r, census c WHERE r.dec IS NULL AND r.run_start <= c.collection_start
"""


# Every loaded episode once: where two years' files hold the same episode (child and DECOM),
# this year's copy wins over last year's over history's, and a closed copy over an open one.
# Two copies alike in both (a file holding an episode twice) are told apart by line, so the copy
# kept never depends on the order DuckDB reads them in (:func:`_all_episodes_of` keeps the same).
_ALL_EPISODES = """
CREATE TABLE all_episodes AS
SELECT * EXCLUDE (src, line) FROM (
    SELECT child, decom, dec, rec, rne, ls, place, 0 AS src, line FROM episodes
    UNION ALL SELECT child, decom, dec, rec, rne, ls, place, 1, line FROM episodes_last
    UNION ALL SELECT child, decom, dec, rec, rne, ls, place, 2, line FROM episodes_history)
QUALIFY row_number() OVER (PARTITION BY child, decom ORDER BY src, dec DESC NULLS LAST, line) = 1
"""


def _codes_table() -> pa.Table:
    rows = [(t.name, c.name, code) for t in TABLES.values() for c in t.columns for code in c.codes]
    return pa.table({"tbl": [r[0] for r in rows], "col": [r[1] for r in rows], "code": [r[2] for r in rows]})


def _load(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Copy an Arrow table into DuckDB as table ``name``.

    Why copy rather than register: DuckDB reads a registered Arrow table
    through a stream opened anew by every query that names it, which costs
    about half a millisecond a query; a rule set of some 300 rules names
    these tables a thousand times. The copy is made once.
    """
    con.register("_arrow_in", table)
    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _arrow_in')
    con.unregister("_arrow_in")


#: DuckDB's memory for a large return (:data:`LARGE`): past it, DuckDB spills to a temporary folder of its own (removed
#: after), so a national-size return is checked in bounded memory (issue 13: a 100 MB file within 400 MB
#: for the whole process, whose Python, Arrow and DuckDB libraries take about 100 MB).
MEMORY_LIMIT = "128MB"
#: A return this big (bytes of CSV, or of Arrow) is checked frugally (:func:`_open`).
LARGE = 32_000_000


def _open(spill: Path, large: bool) -> duckdb.DuckDBPyConnection:
    """A database spilling to ``spill``; for a large return, limited to :data:`MEMORY_LIMIT`.

    Why two kinds: a borough's return is checked fastest in memory with
    every core; a return of :data:`LARGE` or more would not fit in the
    limit, so its tables are kept in a database file in ``spill`` (read back
    through DuckDB's buffer, never all in memory) and queries run on one
    thread, one at a time (:func:`_run_rules`), each thread's working
    memory being DuckDB's largest that cannot spill.
    """
    if large:
        con = duckdb.connect(
            str(spill / "return.duckdb"),
            config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill), "threads": 1},
        )
    else:  # DuckDB's own limit (most of the machine's memory): two batches at once need more than ours
        con = duckdb.connect(config={"temp_directory": str(spill)})
    # No progress bar: DuckDB would draw one on standard output during a large return's long queries.
    con.execute("SET enable_progress_bar = false")
    return con


def _load_tables(con: duckdb.DuckDBPyConnection, tables: Ssda903Tables) -> None:
    """This year's, last year's and earlier years' tables from Arrow (each copied once, :func:`_load`)."""
    for name in TABLES:
        _load(con, name, tables.current[name])
        _load(con, f"{name}_last", tables.last[name])
    _load(con, "episodes_history", tables.history)


def _derive(
    con: duckdb.DuckDBPyConnection,
    ruleset: RuleSet,
    calendar: WorkingDayCalendar,
    providers: pa.Table | None = None,
    la_code: str | None = None,
    runs_to: date | None = None,
    only: set[str] | None = None,
) -> None:
    """Everything the rules read besides the return's own tables (see the module's docstring);
    with ``only``, of the larger derived tables only those named there (:data:`ARROW_DERIVED`
    then come from Arrow, :func:`_arrow_derived`)."""

    def wanted(name: str) -> bool:
        return only is None or name in only

    runs_to = runs_to or ruleset.reference_date
    _load(con, "providers", providers if providers is not None else _PROVIDERS_SCHEMA.empty_table())
    _load(con, "placing_la", pa.table({"la_code": pa.array([la_code], pa.string())}))
    if wanted("all_episodes"):
        con.execute(_ALL_EPISODES)
    _load(con, "codes", _codes_table())
    for macro in _MACROS:
        con.execute(macro)
    end = ruleset.reference_date
    con.execute(
        "CREATE TABLE census AS SELECT CAST($s AS DATE) AS collection_start, CAST($e AS DATE) AS collection_end, "
        "CAST($r AS DATE) AS runs_to",
        {"s": date(end.year - 1, 4, 1), "e": end, "r": runs_to},
    )
    if wanted("working_days"):
        days = working_day_table(date(end.year - 2, 1, 1), date(end.year, 12, 31), calendar)
        _load(con, "working_days", days)
    for suffix in ("", "_last") if only is None else ():
        con.execute(
            f"CREATE TABLE hdr{suffix} AS SELECT * EXCLUDE (k) FROM ("
            f"SELECT *, row_number() OVER (PARTITION BY child ORDER BY line) AS k FROM header{suffix}) WHERE k = 1"
        )
        con.execute(_episode_view(f"eps{suffix}", f"episodes{suffix}", f"hdr{suffix}"))
    if wanted("cla12"):
        con.execute(_CLA12)


_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _needed(rules: Iterable[Ssda903Rule], also: Iterable[str] = ()) -> set[str]:
    """The names ``rules``' SQL uses (every word of it: a table is named in it to be read), and ``also``."""
    return set().union(*(_words(r.sql) for r in rules), also)


@cache
def _words(sql: str) -> frozenset[str]:
    """:func:`_needed` of one rule's SQL, read once per process (not on every validation)."""
    return frozenset(_NAME.findall(sql.lower()))


#: The derived tables :func:`_arrow_derived` builds from the parsed tables (the same rows as
#: :func:`_derive`'s SQL, ``tests/returns/test_ssda903_vectorised.py`` checks).
ARROW_DERIVED = ("hdr", "hdr_last", "eps", "eps_last")


def _plain(numbers: pa.Array) -> np.ndarray:
    """Child numbers (:func:`_child_numbers`) as a numpy array, -1 for no child."""
    return (numbers.fill_null(-1) if numbers.null_count else numbers).to_numpy().astype(np.int64)


def _numbered(codes: np.ndarray) -> pa.Array:
    """:func:`_plain` reversed: the numbers as Arrow, NULL for no child."""
    return pa.array(codes.astype(np.int32), pa.int32(), mask=codes < 0 if (codes < 0).any() else None)


def _new_child(codes: np.ndarray) -> np.ndarray:
    """Which of ``codes`` (in a child's order) start a child's group: the rows without a CHILD are
    one group, as NULL is one partition in SQL."""
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    return first


def _first_per_child(header: pa.Table, codes: np.ndarray) -> tuple[pa.Table, np.ndarray]:
    """``hdr``: each child's first Header row by line (the rows without a CHILD are one child),
    and its rows' child numbers (``codes``: the header's, -1 for none)."""
    keys = pa.table({"c": codes, "line": header["line"]})
    order = np.asarray(pc.sort_indices(keys, [("c", "ascending"), ("line", "ascending", "at_end")]))
    firsts = order[_new_child(codes[order])]
    if np.array_equal(firsts, np.arange(header.num_rows)):  # each child once, in order: as it is
        return header, codes
    return header.take(firsts), codes[firsts]


def _episodes_of(
    episodes: pa.Table, codes: np.ndarray, hdr: pa.Table, hdr_codes: np.ndarray
) -> tuple[pa.Table, np.ndarray]:
    """``eps`` (:func:`_episode_view`) in Arrow: each child's episodes in start-date order, with the
    child's header columns, its place in the order, the start of its period of care, and the
    neighbouring episodes' columns; and its rows' child numbers (``codes``: the episodes', and
    ``hdr_codes``: the header's, -1 for none)."""
    e, codes, first = _child_order(episodes, codes)
    n = e.num_rows
    same = ~first  # the same child as the row before
    starts = np.flatnonzero(~same)
    group = np.cumsum(~same) - 1
    start = starts[group] if n else np.zeros(0, dtype=np.int64)
    rows = np.arange(n)
    followed = np.zeros(n, dtype=bool)  # the same child in the row after
    followed[:-1] = same[1:]
    decom = e["decom"].combine_chunks()
    is_s = pc.and_(pc.fill_null(pc.equal(e["rne"], "S"), False), pc.is_valid(decom)).to_numpy(
        zero_copy_only=False
    )
    last_s = np.maximum.accumulate(np.where(is_s, rows, -1)) if n else rows
    poc_start = pc.coalesce(
        decom.take(pa.array(np.maximum(last_s, 0), pa.int64(), mask=last_s < start)),
        decom.take(pa.array(start, pa.int64())),
    )
    # Each episode's header row by the child's number (a child without a header row: NULL).
    by_number = np.full(int(max(codes.max(initial=0), hdr_codes.max(initial=0))) + 1, -1, dtype=np.int64)
    held = hdr_codes >= 0
    by_number[hdr_codes[held]] = np.flatnonzero(held)
    found = np.where(codes >= 0, by_number[np.maximum(codes, 0)], -1) if n else codes
    at = pa.array(found, pa.int64(), mask=found < 0)
    columns = {name: e[name] for name in e.column_names}
    columns.update({c: hdr[c].take(at) for c in ("dob", "sex", "mother", "upn", "mc_dob")})
    columns["rn"] = pa.array(rows - start + 1, pa.int64())
    columns["n_eps"] = pa.array(np.diff(np.append(starts, n))[group] if n else rows, pa.int64())
    columns["poc_start"] = poc_start
    columns.update({f"prev_{c}": _shifted(_one_array(e[c]), 1, same) for c in _PREV_COLS})
    columns.update({f"next_{c}": _shifted(_one_array(e[c]), -1, followed) for c in _NEXT_COLS})
    return pa.table(columns), codes


def _shifted(column: pa.Array, by: int, keep: np.ndarray) -> pa.Array:
    """``column``'s value ``by`` rows before (1) or after (-1) each row, NULL where ``keep`` is
    false (another child's row) or there is none.

    Why not a ``take``: a take of a string column at a position per row (NULL for some) costs
    several times a copy of it moved by one row, with the rows not kept masked out.
    """
    n = len(column)
    if not n:
        return column
    gap = pa.nulls(1, column.type)
    moved = pa.concat_arrays([gap, column.slice(0, n - 1)] if by == 1 else [column.slice(1), gap])
    valid = np.asarray(moved.is_valid()) & keep
    buffers = moved.buffers()
    buffers[0] = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(moved.type, n, buffers)


def _child_order(table: pa.Table, codes: np.ndarray) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """``table``'s rows in each child's start-date order (``PARTITION BY child ORDER BY decom NULLS
    LAST, line``), their child numbers, and which rows start a child's group (the rows without a
    CHILD are one group). The children are in the order of their numbers (``codes``, -1 for
    none): sorting numbers costs a fraction of sorting the CHILD strings, and no row's values
    depend on the order of the children."""
    # A file in that order already (as most are) is neither sorted nor copied.
    in_order = _in_child_order(codes, table["decom"], table["line"])
    if not in_order:
        keys = pa.table({"c": codes, "decom": table["decom"], "line": table["line"]})
        sort = [("c", "ascending"), ("decom", "ascending", "at_end"), ("line", "ascending", "at_end")]
        order = np.asarray(pc.sort_indices(keys, sort))
        table, codes = table.take(order), codes[order]
    return table.combine_chunks(), codes, _new_child(codes)


def _in_child_order(codes: np.ndarray, decom: pa.ChunkedArray, line: pa.ChunkedArray) -> bool:
    """Whether rows are in :func:`_child_order`'s order already (by child number, DECOM with NULLs
    last, line): a look at each pair of neighbours costs a fraction of a sort."""
    if len(codes) < 2 or line.null_count:
        return len(codes) < 2
    days = decom.cast(pa.int32()).fill_null(np.iinfo(np.int32).max).to_numpy()
    lines = line.to_numpy()
    same_day = days[1:] == days[:-1]
    later = (days[1:] > days[:-1]) | (same_day & (lines[1:] >= lines[:-1]))
    return bool(((codes[1:] > codes[:-1]) | ((codes[1:] == codes[:-1]) & later)).all())


def _cla12_of(episodes: pa.Table, codes: np.ndarray, collection_start: date) -> tuple[pa.Table, np.ndarray]:
    """``cla12`` (:data:`_CLA12`) in Arrow: the children whose chain of care episodes (short breaks
    left out, each starting on the day the one before ended with X1) is open at the year's end
    and began on or before ``collection_start``; and their numbers (``codes``: the episodes')."""
    care = episodes.select(["child", "decom", "dec", "rec", "ls", "line"])
    kept = pc.invert(pc.is_in(pc.fill_null(care["ls"], ""), value_set=pa.array(["V3", "V4"])))
    care, codes = care.filter(kept), codes[np.asarray(kept)]
    e, codes, first = _child_order(care, codes)
    n = e.num_rows
    if not n:
        return pa.table({"child": pa.array([], pa.string())}), codes
    decom, dec = e["decom"].combine_chunks(), e["dec"].combine_chunks()
    before = pa.array(np.arange(n) - 1, pa.int64(), mask=first)
    prev_dec, prev_rec = dec.take(before), e["rec"].combine_chunks().take(before)
    joined = pc.fill_null(pc.equal(prev_dec, decom), pc.and_(pc.is_null(prev_dec), pc.is_null(decom)))
    breaks = pc.or_(pc.invert(joined), pc.fill_null(pc.not_equal(prev_rec, "X1"), True))
    # The running max of the break days within the child: the days rise (NULLs last), so the latest.
    starts_run = breaks.to_numpy(zero_copy_only=False) & pc.is_valid(decom).to_numpy(zero_copy_only=False)
    latest = np.maximum.accumulate(np.where(starts_run, np.arange(n), -1))
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    run_start = decom.take(pa.array(np.maximum(latest, 0), pa.int64(), mask=latest < group_start))
    open_long = pc.and_(pc.is_null(dec), pc.fill_null(pc.less_equal(run_start, collection_start), False))
    # Each child once (its first such row; the rows without a CHILD, one NULL child).
    rows = np.flatnonzero(open_long.to_numpy(zero_copy_only=False))
    rows = rows[_new_child(codes[rows])]
    return pa.table({"child": e["child"].take(pa.array(rows, pa.int64()))}), codes[rows]


def _all_episodes_of(
    episodes: pa.Table, last: pa.Table, history: pa.Table, codes: Iterable[np.ndarray]
) -> tuple[pa.Table, np.ndarray]:
    """``all_episodes`` (:data:`_ALL_EPISODES`) in Arrow: each child's episode (by DECOM) once, the
    newest file's copy, a closed copy before an open one, then the first by line; and its rows'
    child numbers (``codes``: each table's)."""
    names = ["child", "decom", "dec", "rec", "rne", "ls", "place"]
    parts = [t.select([*names, "line"]).append_column("src", pa.repeat(pa.scalar(i, pa.int64()), t.num_rows))
             for i, t in enumerate((episodes, last, history))]  # fmt: skip
    every = pa.concat_tables(parts)
    numbers = np.concatenate(list(codes))
    keys = pa.table({"c": numbers, **{c: every[c] for c in ("decom", "src", "dec", "line")}})
    order = np.asarray(
        pc.sort_indices(
            keys,
            [("c", "ascending"), ("decom", "ascending", "at_end"), ("src", "ascending", "at_end"),
             ("dec", "descending", "at_end"), ("line", "ascending", "at_end")],
        )
    )  # fmt: skip
    decom = every["decom"].combine_chunks().take(pa.array(order, pa.int64()))
    numbers = numbers[order]
    first = _new_child(numbers) | ~same_as_previous(decom)
    return every.select(names).take(pa.array(order[first], pa.int64())), numbers[first]


def _arrow_derived(
    given: Mapping[str, pa.Table],
    collection_start: date | None = None,
    numbers: dict[str, pa.Array] | None = None,
) -> dict[str, pa.Table]:
    """:data:`ARROW_DERIVED` from the parsed tables, for a return checked from Arrow; with the
    year's ``collection_start``, also ``cla12`` and ``all_episodes``. Built on the children's
    numbers (:func:`_child_numbers`, made here without ``numbers``), to which the derived
    tables' are added.

    Why not DuckDB's window queries: on a borough's return each costs DuckDB tens of
    milliseconds; the same sort and shifts in Arrow cost a few, and the tables are then copied
    into DuckDB only if a query reads them (:class:`_Columns`). With every table the Arrow rules
    read built here, they never wait for DuckDB (:func:`_run_rules`).
    """
    numbers = _child_numbers(given)[0] if numbers is None else numbers
    codes = {name: _plain(numbers[name]) for name in ("header", "episodes", "episodes_history")}
    codes.update({f"{name}_last": _plain(numbers[f"{name}_last"]) for name in ("header", "episodes")})
    out: dict[str, pa.Table] = {}
    made: dict[str, np.ndarray] = {}
    for suffix in ("", "_last"):
        hdr, made[f"hdr{suffix}"] = _first_per_child(given[f"header{suffix}"], codes[f"header{suffix}"])
        out[f"hdr{suffix}"] = hdr
        out[f"eps{suffix}"], made[f"eps{suffix}"] = _episodes_of(
            given[f"episodes{suffix}"], codes[f"episodes{suffix}"], hdr, made[f"hdr{suffix}"]
        )
    if collection_start is not None:
        out["cla12"], made["cla12"] = _cla12_of(given["episodes"], codes["episodes"], collection_start)
        out["all_episodes"], made["all_episodes"] = _all_episodes_of(
            given["episodes"], given["episodes_last"], given["episodes_history"],
            [codes[n] for n in ("episodes", "episodes_last", "episodes_history")],
        )  # fmt: skip
    numbers.update({name: _numbered(c) for name, c in made.items()})
    return out


def _run_rule(con: duckdb.DuckDBPyConnection, rule: Ssda903Rule) -> pa.Table:
    result = con.sql(rule.sql).to_arrow_table()
    names = result.column_names
    if names[:2] != ["child_id", "line"] or not set(names[2:]) <= {"field", "tbl"}:
        raise RuntimeError(
            f"SSDA903 rule {rule.code} must select child_id, line[, field][, tbl]; not {names}"
        )
    return result


#: Rules per DuckDB query, and queries run side by side (see :func:`_run_rules`).
BATCH = 25
LANES = 2
#: Rows of a return's tables (with the derived ones) from which Arrow jobs alone run in two lanes.
ARROW_LANES_FROM = 100_000
#: Evaluate the simplest rules in Arrow (:mod:`.vectorised`); not for a large return (its tables stay in DuckDB).
ARROW = True
_FOUND = pa.schema(
    [("rule_no", pa.int64()), ("child_id", pa.string()), ("line", pa.int64()),
     ("field", pa.string()), ("tbl", pa.string())]
)  # fmt: skip


def _batch_sql(rules: list[tuple[int, Ssda903Rule]]) -> str:
    """One query running ``rules``, each row tagged with its rule's position (``rule_no``)."""
    return "\nUNION ALL BY NAME\n".join(
        f"SELECT {no} AS rule_no, * FROM (\n{r.sql}\n) AS rule_{no}" for no, r in rules
    )


def _found(
    con: duckdb.DuckDBPyConnection, rules: list[tuple[int, Ssda903Rule]], *, large: bool = False
) -> pa.Table:
    """The rows ``rules`` select, in the shape of ``_FOUND``; a rule breaking the contract is named.

    A borough's failing rows are few and read as tuples, after ``execute`` (``sql`` binds the query
    once more before running it, a sixth of a batch's time on a borough's return). A ``large``
    return's are read as Arrow: one rule of a national return can fail on hundreds of thousands of
    rows (218 on 380,000 in the 100 MB bench return), whose Python tuples took some 80 MB at once,
    the peak of the whole validation (issue 13: within 400 MB).
    """
    try:
        if large:
            got = con.sql(_batch_sql(rules)).to_arrow_table()
            names, count = got.column_names, got.num_rows
            values: dict[str, object] = {n: got[n] for n in names}
        else:
            cursor = con.execute(_batch_sql(rules))
            names = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchall()
            count = len(rows)
            values = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else {}
    except duckdb.Error:
        for _, r in rules:  # find the rule whose SQL fails, and let its own error name it
            _run_rule(con, r)
        raise
    if not {"child_id", "line"} <= set(names) or not set(names) <= set(_FOUND.names):
        for _, r in rules:
            _run_rule(con, r)
    columns = {
        n: _as_found(values[n], _FOUND.field(n).type)
        if n in values
        else pa.nulls(count, _FOUND.field(n).type)
        for n in _FOUND.names
    }
    return pa.table(columns, schema=_FOUND)


def _as_found(values: object, of: pa.DataType) -> pa.Array | pa.ChunkedArray:
    """A column of found rows (Arrow, or a tuple of Python values) as ``_FOUND``'s type."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        return values.cast(of)
    return pa.array(values, from_pandas=False).cast(of)


def _vectorised(rule: Ssda903Rule) -> list[Branch] | None:
    """The rule compiled to Arrow (:func:`.vectorised.compile_rule`), when it can be."""
    return _compiled(rule.sql)


@cache
def _compiled(sql: str) -> list[Branch] | None:
    """:func:`_vectorised` by the rule's SQL: a rule's text never changes, so it is parsed once per
    process, not on every validation (a multi-year upload validates several returns)."""
    try:
        branches = compile_rule(sql)
    except Unsupported:
        return None
    return None if any(b.table == "census" for b in branches) else branches


def _one_array(column: pa.ChunkedArray) -> pa.Array:
    """A column as one array, without a copy when it is one chunk already (a parsed table's are)."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


class _Database:
    """The DuckDB database of the rules run there, opened and filled (``make``) when a rule first
    needs it, once, whichever lane asks first.

    Why: opening DuckDB and copying in the tables its queries read costs a borough's return
    tens of milliseconds before any rule runs. Made by the lane running the first DuckDB query,
    it is made while the other lane evaluates the Arrow rules, which read only Arrow tables
    (:func:`_arrow_derived`); a return whose rules all run in Arrow never opens it.
    """

    def __init__(self, make: Callable[[], duckdb.DuckDBPyConnection]) -> None:
        self.make = make
        self.lock = threading.Lock()
        self.con: duckdb.DuckDBPyConnection | None = None
        #: Whether a lane has begun making it (another lane then takes Arrow work meanwhile).
        self.started = False

    def __call__(self) -> duckdb.DuckDBPyConnection:
        self.started = True
        with self.lock:
            if self.con is None:
                self.con = self.make()
            return self.con

    @property
    def ready(self) -> bool:
        return self.con is not None

    def close(self) -> None:
        with self.lock:
            if self.con is not None:
                self.con.close()


def _child_numbers(given: Mapping[str, pa.Table]) -> tuple[dict[str, pa.Array], int]:
    """Every child of the ``given`` tables numbered (:data:`.vectorised.CODE`: the same child the
    same number in every table, NULL for no child), each table's rows' numbers; and how many
    children there are.

    Why all at once: matching rows on the child by number (an ``IN`` or ``EXISTS`` on the child,
    its pairs of rows) costs a fraction of matching the CHILD strings again for every rule, and
    one dictionary encoding of every table's CHILD column costs a fraction of looking each
    table's up in a set of the children (that set's hash table was built anew for every table:
    most of a national-size return's cost of numbering).
    """
    names = [n for n, t in given.items() if "child" in t.column_names]
    pieces = [c.cast(pa.string()) for n in names for c in given[n]["child"].chunks]
    encoded = pa.chunked_array(pieces, pa.string()).dictionary_encode()  # one dictionary for every chunk
    numbers = pa.chunked_array([c.indices for c in encoded.chunks], pa.int32()).combine_chunks()
    size = len(encoded.chunk(0).dictionary) if encoded.num_chunks else 0
    out: dict[str, pa.Array] = {}
    at = 0
    for name in names:
        out[name] = numbers.slice(at, given[name].num_rows)
        at += given[name].num_rows
    return out, size


def _children_in(numbers: Mapping[str, pa.Array], names: Iterable[str], size: int) -> int:
    """How many distinct children the tables ``names`` hold (by their :func:`_child_numbers`)."""
    held = [numbers[n].drop_null().to_numpy() for n in names if n in numbers]
    every = np.concatenate(held) if held else np.zeros(0, dtype=np.int32)
    return int(np.count_nonzero(np.bincount(every, minlength=size)))


_UNASKED, _ASKED = object(), object()


def _held(values: pa.Array) -> tuple:
    """What identifies an array's values: its type, place and buffers (two arrays over the same
    buffers, as ``episodes`` and ``eps`` in a file's order, hold the same values)."""
    return (values.type, values.offset, len(values), *(b.address if b else 0 for b in values.buffers()))


class _Columns:
    """The tables the Arrow rules read (:mod:`.vectorised`), each as the ``Env`` of its columns
    and the census values, read once per validation and shared by every job.

    Why: a job per table read its table, and every table its subqueries name, out of DuckDB
    again (a millisecond or more each, some forty times a validation). A table the caller
    holds in Arrow already (``given``: the parsed return's own tables and the derived ones,
    :func:`_arrow_derived`) is used as it is; any other is read from DuckDB on a cursor of the
    cache's own, under a lock, as the two lanes may ask at once. The census values are
    ``census``'s (:func:`_census_values`), the same as DuckDB's ``census`` table.
    """

    def __init__(
        self,
        database: _Database,
        given: Mapping[str, pa.Table],
        census: Mapping[str, pa.Scalar],
        loaded: set[str] | None = None,
        numbers: Mapping[str, pa.Array] | None = None,
    ) -> None:
        self.database = database
        self.cursor: duckdb.DuckDBPyConnection | None = None
        self.given = given
        self.loaded = set(given) if loaded is None else loaded
        self.lock = threading.Lock()
        self.envs: dict[str, dict] = {}
        self.census = dict(census)
        #: What the Arrow rules compute once per validation (:func:`.vectorised._per_validation`).
        self.memo: dict[str, object] = {}
        self.numbers = numbers
        #: The columns of the tables given, by their buffers (:func:`_held`), and what the rules
        #: keep of them (:meth:`column`).
        self.columns: dict[tuple, pa.Array] = {}
        self.kept: dict[tuple[tuple, str], object] = {}

    def __call__(self, name: str) -> dict:
        made = self.envs.get(name)  # a table read already: no lock (an ``Env`` is put in only when whole)
        if made is not None:
            return made
        with self.lock:
            if name not in self.envs:
                if not re.fullmatch(r"\w+", name):
                    raise Unsupported(f"not a table: {name}")
                read = self.given.get(name)
                if read is None:
                    if self.cursor is None:
                        self.cursor = self.database().cursor()
                    read = self.cursor.sql(f'SELECT * FROM "{name}"').to_arrow_table()
                env: dict = dict(self.census)
                env.update({n: _one_array(read[n]) for n in read.column_names})
                env[VECTOR_TABLES] = self
                if name in self.given:
                    self.columns.update({_held(v): v for v in env.values() if isinstance(v, pa.Array)})
                env["@rows"] = read.num_rows
                env[VECTOR_MEMO] = {}
                if name in self.given and "child" in env:
                    if self.numbers is None:
                        self.numbers = _child_numbers(self.given)[0]
                    if name in self.numbers:
                        env[VECTOR_CODE] = self.numbers[name]
                self.envs[name] = env
            return self.envs[name]

    def column(self, values: pa.Array, what: str, make: Callable[[pa.Array], object], again: bool) -> object:
        """``make(values)`` for a column of a given table, made once per validation and kept
        under ``what`` (:func:`.vectorised._per_column`: its distinct values, its calendar
        dates); with ``again``, only from the second time it is asked for. None for any other
        array (a column taken for some rows, a value computed: read by one rule, keeping it would
        cost more than it saves)."""
        held = _held(values)
        if held not in self.columns:
            return None
        key = (held, what)
        made = self.kept.get(key, _UNASKED)
        if made is _UNASKED and again:
            self.kept[key] = _ASKED
            return None
        if made is _UNASKED or made is _ASKED:
            made = self.kept[key] = make(values)
        return made

    def ensure(self, con: duckdb.DuckDBPyConnection, rules: Iterable[Ssda903Rule]) -> None:
        """The tables ``rules`` read copied into DuckDB, those not there yet (rules falling back
        from Arrow to DuckDB may read tables no DuckDB rule does)."""
        with self.lock:
            for name in sorted((_needed(rules) & self.given.keys()) - self.loaded):
                _load(con, name, self.given[name])
                self.loaded.add(name)

    def close(self) -> None:
        if self.cursor is not None:
            self.cursor.close()


def _census_values(ruleset: RuleSet, runs_to: date) -> dict[str, pa.Scalar]:
    """The ``census`` row (:func:`_derive`) as the Arrow rules read it."""
    end = ruleset.reference_date
    days = {"collection_start": date(end.year - 1, 4, 1), "collection_end": end, "runs_to": runs_to}
    return {name: pa.scalar(day, pa.date32()) for name, day in days.items()}


_NO_HITS = pa.array([], pa.uint64())


def _arrow_rules(columns: _Columns, rules: list[tuple[int, Ssda903Rule, list[Branch]]]) -> pa.Table:
    """The failing rows of rules evaluated in Arrow (:mod:`.vectorised`), branch by branch on
    their tables' columns (:class:`_Columns`).

    A rule whose evaluation fails (a type the compiled condition does not expect, a joined
    table holding a child twice) runs in DuckDB instead, so the answer never depends on which
    way it ran.
    """
    parts: list[tuple[int, Branch, dict, pa.Array]] = []
    again: list[tuple[int, Ssda903Rule]] = []
    for no, r, branches in rules:
        try:
            mine = []
            for b in branches:
                env = b.rows(columns(b.table))
                rows = len(env["line"])
                flag = b.node(env) if b.node is not None else pa.scalar(True)
                if isinstance(flag, pa.Scalar):
                    if not pa.types.is_boolean(flag.type) and flag.is_valid:
                        raise Unsupported("not a condition")
                    hits = pa.array(np.arange(rows if flag.as_py() else 0), pa.uint64())
                elif not pa.types.is_boolean(flag.type) or len(flag) != rows:
                    raise Unsupported("not a condition on each row")
                elif not _true_count(flag):  # the rule passes on these rows (most rules, most rows)
                    hits = _NO_HITS
                else:
                    hits = pc.indices_nonzero(flag)  # a NULL is not kept
                mine.append((no, b, env, hits))
        except (Unsupported, pa.ArrowException, duckdb.Error, KeyError):
            again.append((no, r))
            continue
        parts.extend(mine)

    found = _rows_found(parts)
    if not again:
        return found
    con = columns.database().cursor()  # a cursor of this lane's own: the other may be querying
    try:
        columns.ensure(con, [r for _, r in again])
        return pa.concat_tables([found, _found(con, again)])
    finally:
        con.close()


def _rows_found(parts: list[tuple[int, Branch, Mapping, pa.Array]]) -> pa.Table:
    """The failing rows of evaluated branches (rule number, branch, its rows' ``Env``, the rows
    it keeps) in the shape of ``_FOUND``: each ``Env``'s child and line taken once for all the
    branches on it, not once a branch, and the branches keeping no row (most) left out first."""
    on: dict[int, tuple[Mapping, list[tuple[int, Branch, np.ndarray]]]] = {}
    for no, b, env, hits in parts:
        if len(hits):
            on.setdefault(id(env), (env, []))[1].append((no, b, np.asarray(hits, dtype=np.int64)))
    if not on:
        return _FOUND.empty_table()
    tables = []
    for env, group in on.values():
        at = pa.array(np.concatenate([k for _, _, k in group]), pa.int64())
        # Each branch's rule number, field and table, one entry per branch, then one per row.
        branch = pa.array(np.repeat(np.arange(len(group)), [len(k) for _, _, k in group]), pa.int64())
        tables.append(
            pa.table(
                {
                    "rule_no": pa.array([no for no, _, _ in group], pa.int64()).take(branch),
                    "child_id": env["child"].take(at).cast(pa.string()),
                    "line": env["line"].take(at).cast(pa.int64()),
                    "field": pa.array([b.field for _, b, _ in group], pa.string()).take(branch),
                    "tbl": pa.array([b.tbl for _, b, _ in group], pa.string()).take(branch),
                },
                schema=_FOUND,
            )
        )
    return pa.concat_tables(tables)


#: One piece of work: the codes of its rules, whether it queries DuckDB, and how to run it (given
#: the lane's connection getter).
_Job = tuple[list[str], bool, Callable[[Callable[[], duckdb.DuckDBPyConnection]], pa.Table]]


def _jobs(
    rules: list[Ssda903Rule], size: int, columns: _Columns | None, *, large: bool = False
) -> list[_Job]:
    """The work running ``rules``: with ``columns``, the rules :mod:`.vectorised` evaluates, one
    job per table (the table of a rule's first branch); the rest as DuckDB queries of ``size`` rules."""
    by_table: dict[str, list[tuple[int, Ssda903Rule, list[Branch]]]] = {}
    rest: list[tuple[int, Ssda903Rule]] = []
    for no, r in enumerate(rules):
        compiled = _vectorised(r) if columns is not None else None
        if compiled is None:
            rest.append((no, r))
        else:
            by_table.setdefault(compiled[0].table, []).append((no, r, compiled))
    # The DuckDB queries first, in batches of about equal size: DuckDB lets go of Python while it
    # works, so they run beside the Arrow jobs, which hold it (:func:`_run_rules`).
    jobs: list[_Job] = []
    share = -(-len(rest) // -(-len(rest) // size)) if rest else size
    for first in range(0, len(rest), share):
        batch = rest[first : first + share]
        jobs.append(([r.code for _, r in batch], True, lambda con, b=batch: _found(con(), b, large=large)))
    jobs += [
        ([r.code for _, r, _ in group], False, lambda con, g=group: _arrow_rules(columns, g))  # type: ignore[arg-type]
        for group in by_table.values()
    ]
    return jobs


def _run_rules(
    database: _Database,
    rules: list[Ssda903Rule],
    files: dict[str, str],
    timings: dict[str, float] | None = None,
    *,
    large: bool = False,
    given: Mapping[str, pa.Table] | None = None,
    loaded: set[str] | None = None,
    census: Mapping[str, pa.Scalar] | None = None,
    numbers: Mapping[str, pa.Array] | None = None,
) -> pa.Table:
    """Every rule's failing rows in the report's shape: rule by rule in set order, each by row.
    The database is closed once the queries are done (so its memory is not held while the
    report's rows are built).

    Why in batches: on a borough's return a rule costs DuckDB more to plan
    than to run (a millisecond or more each), so :data:`BATCH` rules share
    one query, ``UNION ALL BY NAME`` of their SQL, which fills the optional
    ``field`` and ``tbl`` with NULL for the rules without them (a NULL
    ``field`` or ``tbl`` means the rule's own fields and table). The rule
    contract is unchanged; a rule selecting other columns, or whose SQL
    fails, is rerun alone so that the error names it. ``timings`` gets each
    rule's share of its batch's time.

    Why not every rule in DuckDB: binding and starting each expression
    costs DuckDB about a millisecond whatever the rows, so the rules that
    are one condition on one table's rows are evaluated in Arrow instead
    (:mod:`.vectorised`, one job per table, :func:`_arrow_rules`) with the
    same answers; the rest (joins, windows, correlated subqueries) stay
    DuckDB queries.

    Why :data:`LANES` threads: planning a query is single-threaded in
    DuckDB and DuckDB lets go of Python while it works, so two batches
    planned at once on two connections to the one database (every input is
    a table of it, :func:`_load`) use both cores. While one lane makes the
    database (:class:`_Database`), the other takes Arrow jobs rather than
    wait for it. Without a DuckDB query, one lane for a return of fewer than
    :data:`ARROW_LANES_FROM` rows: Arrow jobs hold Python between their
    kernels, and on short ones two lanes at once took longer than one. The
    rows are put back in rule order after.
    """
    # A large return's queries one at a time (:func:`_open`).
    size, lanes = (1, 1) if large else (BATCH, LANES)
    columns = (
        _Columns(database, given or {}, census or {}, loaded if given else None, numbers)
        if ARROW and not large
        else None
    )
    jobs = _jobs(rules, size, columns, large=large)

    waiting = list(range(len(jobs)))  # each lane takes the next job when it is free
    taking = threading.Lock()
    done: dict[int, pa.Table] = {}

    def next_job() -> int | None:
        with taking:
            if not waiting:
                return None
            at = waiting[0]
            if jobs[at][1] and database.started and not database.ready:  # being made: Arrow work first
                at = next((a for a in waiting if not jobs[a][1]), at)
            waiting.remove(at)
            if jobs[at][1]:
                database.started = True
            return at

    def run(lane: int) -> None:
        cursor: duckdb.DuckDBPyConnection | None = None

        def connection() -> duckdb.DuckDBPyConnection:
            nonlocal cursor
            if cursor is None:  # a second connection to the same database for the second lane
                cursor = database().cursor() if lane else database()
            return cursor

        while (at := next_job()) is not None:
            codes, _, job = jobs[at]
            started = time.perf_counter()
            done[at] = job(connection)
            if timings is not None:
                timings.update(dict.fromkeys(codes, (time.perf_counter() - started) / len(codes)))

    # Arrow jobs alone hold Python between their kernels: on a borough's return two lanes of them
    # contend for it and take longer than one (85 ms against 63); on a national one their kernels
    # are long enough for two to gain (210 ms against 275). So one lane for Arrow jobs alone on
    # fewer than :data:`ARROW_LANES_FROM` rows.
    arrow_only = not any(queries for _, queries, _ in jobs)
    rows = sum(t.num_rows for t in (given or {}).values())
    lanes = min(1 if arrow_only and rows < ARROW_LANES_FROM else lanes, len(jobs))
    if lanes > 1:
        with ThreadPoolExecutor(lanes) as pool:
            list(pool.map(run, range(lanes)))
    else:
        run(0)
    found = [done[at] for at in sorted(done)]
    if columns is not None:
        columns.close()
    database.close()
    rows = pa.concat_tables(found) if found else _FOUND.empty_table()
    del found
    if not rows.num_rows:
        return FAILURE_SCHEMA.empty_table()
    rows = rows.sort_by([("rule_no", "ascending"), ("line", "ascending")])
    which = rows["rule_no"]

    def per_rule(values: list[str]) -> pa.Array:
        return pa.array(values, pa.string()).take(which)

    tbl = pc.coalesce(
        pc.if_else(pc.equal(rows["tbl"], ""), pa.scalar(None, pa.string()), rows["tbl"]),
        per_rule([r.table for r in rules]),
    )
    names = pc.unique(tbl).to_pylist()
    at = pc.index_in(tbl, pa.array(names, pa.string()))
    return pa.table(
        {
            "file": pa.array([files.get(t, "") for t in names], pa.string()).take(at),
            "rule": per_rule([r.code for r in rules]),
            "severity": per_rule([r.severity.value for r in rules]),
            "message": per_rule([r.message for r in rules]),
            "child_id": rows["child_id"],
            "table": tbl,
            "field": pc.coalesce(rows["field"], per_rule([", ".join(r.fields) for r in rules])),
            "element": pa.array([_display(t) for t in names], pa.string()).take(at),
            "line": rows["line"],
        },
        schema=FAILURE_SCHEMA,
    )


def _display(t: str) -> str | None:
    """The DfE name of an analytical table (``episodes_last`` -> ``Episodes_last``)."""
    base = t.removesuffix("_last")
    spec = TABLES.get(base)
    return (spec.display + t[len(base) :]) if spec else None


@dataclass(frozen=True)
class _Return:
    """What the report says of the return besides its failures: the file of each table, every
    file read, how many children, and whether last year's return is loaded."""

    files: dict[str, str]
    paths: list[str]
    children: int
    has_last: bool
    large: bool


def validate_903_tables(
    tables: Ssda903Tables,
    ruleset: RuleSet | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timings: dict[str, float] | None = None,
    providers: pa.Table | None = None,
    la_code: str | None = None,
    as_of: date | None = None,
    postcodes: pa.Table | None = None,
) -> Report:
    """Run ``ruleset`` (default: the year of the return's dates, :func:`year_of_return`) over a
    parsed SSDA903 return.

    ``providers`` is a provider-information table (:func:`read_providers`) and
    ``la_code`` the placing authority's DfE code (rule 229). Without
    ``providers`` the rules that need it are not run and the report lists
    them as not checked, so they are never mistaken for passes.

    ``as_of`` is the day the return runs to (default today): before the
    year's 31 March the return is year to date, open episodes are measured
    to that day, and the rules on the 12-month cohort (who has been looked
    after for 12 months *at 31 March*, :func:`needs_year_end`) are listed as
    not checked until the year is complete.
    """
    ruleset = ruleset or ruleset_for(year_of_return(tables.current))
    large = sum(t.nbytes for t in (*tables.current.values(), *tables.last.values(), tables.history)) >= LARGE
    has_last = any(t.num_rows for t in tables.last.values())
    with ExitStack() as cleanup:

        def spill() -> Path:
            """DuckDB's folder to spill to, made when it is opened (a return checked in Arrow
            alone never is), removed after."""
            return Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="continuum-903-")))

        if large or not ARROW:
            about = _Return(tables.files, tables.paths, tables.children, has_last, large)

            def whole() -> duckdb.DuckDBPyConnection:
                con = _open(spill(), about.large)
                _load_tables(con, tables)
                return con

            return _check(whole, about, ruleset, calendar, timings, providers, la_code, as_of, postcodes)
        # Checked from Arrow: DuckDB is opened only if a rule runs there, and given only the tables
        # its queries read (:func:`_check`).
        # Each table in one piece, once: the derived tables built in their order then share its
        # columns (:func:`_child_order`), and with them what the rules keep of a column
        # (:meth:`_Columns.column`).
        given = {**tables.current, **{f"{n}_last": t for n, t in tables.last.items()}}
        given["episodes_history"] = tables.history
        given = {name: table.combine_chunks() for name, table in given.items()}
        given["postcodes"] = postcodes if postcodes is not None else POSTCODES_SCHEMA.empty_table()
        # The children counted by their numbers (as :attr:`Ssda903Tables.children` counts the strings).
        numbers, size = _child_numbers(given)
        given.update(_arrow_derived(given, date(ruleset.reference_date.year - 1, 4, 1), numbers))
        about = _Return(tables.files, tables.paths, _children_in(numbers, ("header", "episodes"), size),
                        has_last, large)  # fmt: skip
        return _check(
            lambda: _open(spill(), about.large),
            about, ruleset, calendar, timings, providers, la_code, as_of, postcodes, given=given,
            numbers=numbers,
        )  # fmt: skip


def _check(
    connect: Callable[[], duckdb.DuckDBPyConnection],
    about: _Return,
    ruleset: RuleSet,
    calendar: WorkingDayCalendar | None,
    timings: dict[str, float] | None,
    providers: pa.Table | None,
    la_code: str | None,
    as_of: date | None,
    postcodes: pa.Table | None,
    *,
    given: Mapping[str, pa.Table] | None = None,
    numbers: Mapping[str, pa.Array] | None = None,
) -> Report:
    """Run the rule set over a return ``connect`` gives in DuckDB (from Arrow or streamed from its
    files), called only when a rule is run there; ``given``: the return's tables in Arrow, with
    :data:`ARROW_DERIVED` and the postcode directory, when ``connect`` does not give them all: each
    is copied into DuckDB only if a rule run there reads it, and the derived tables only the rules
    read are built (:func:`_needed`)."""
    runs_to = records_up_to(ruleset.reference_date, as_of)
    not_checked = {
        r.code: NO_PROVIDERS
        for r in ruleset.rules
        if providers is None and r.needs_providers  # type: ignore[attr-defined]
    }
    if postcodes is None:
        not_checked.update({r.code: NO_POSTCODES for r in ruleset.rules if r.code in NEEDS_POSTCODES})
    if runs_to < ruleset.reference_date:
        not_checked.update(
            {
                r.code: YEAR_TO_DATE.format(day=day_words(runs_to))
                for r in ruleset.rules
                if r.code not in not_checked and needs_year_end(r)  # type: ignore[arg-type]
            }
        )
    if not about.has_last:
        not_checked.update(
            {r.code: NO_PREVIOUS for r in ruleset.rules if r.code not in not_checked and needs_previous(r)}  # type: ignore[arg-type]
        )
    else:  # last year's return given, perhaps in part: a rule reading a file of it not given
        not_checked.update(
            missing_last_year_files([r for r in ruleset.rules if r.code not in not_checked], about.files)
        )
    run = [r for r in ruleset.rules if r.code not in not_checked]
    only: set[str] | None = None
    loaded: set[str] = set()
    if given is not None:
        only = _needed(ruleset.rules) - given.keys()  # type: ignore[arg-type]
        loaded = _needed([r for r in ruleset.rules if _vectorised(r) is None]) & given.keys()  # type: ignore[arg-type]

    def make() -> duckdb.DuckDBPyConnection:
        con = connect()
        for name in sorted(
            loaded
        ):  # read by the few queries left to DuckDB: not worth a copy (:func:`_load`)
            con.register(name, given[name])  # type: ignore[index]
        _derive(con, ruleset, calendar or WorkingDayCalendar(), providers, la_code, runs_to, only)
        if "postcodes" not in loaded:  # the ONS postcode directory (:func:`read_postcodes`)
            _load(con, "postcodes", postcodes if postcodes is not None else POSTCODES_SCHEMA.empty_table())
        return con

    failures = _run_rules(
        _Database(make),
        run,
        about.files,
        timings,
        large=about.large,
        given=given,
        loaded=loaded,
        census=_census_values(ruleset, runs_to),
        numbers=numbers,
    )
    return Report(
        failures=failures,
        rules={r.code: (r.severity.value, r.message) for r in run},
        files=list(about.paths),
        children=about.children,
        not_checked=dict(sorted(not_checked.items())),
    )


def _stream_file(con: duckdb.DuckDBPyConnection, path: str | Path, target: Callable[[Table], str]) -> Table:
    """Read one CSV file straight into DuckDB table ``target(table)``, block by block (no Arrow
    copy of the whole file is ever held). If the fast reader gives up part-way, the rows it put
    in are deleted before the exact reader reads the file again (:func:`scan_903_csv`)."""
    into: dict[str, int] = {}  # the table being filled -> its first row id from this file

    def emit(table: Table, piece: pa.Table) -> None:
        name = target(table)
        if name not in into:
            into[name] = con.execute(f'SELECT coalesce(max(rowid) + 1, 0) FROM "{name}"').fetchall()[0][0]
        con.register("_piece", piece)
        try:
            con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _piece')
        finally:
            con.unregister("_piece")

    def restart() -> None:
        for name, first in into.items():
            con.execute(f'DELETE FROM "{name}" WHERE rowid >= $first', {"first": first})

    table = scan_903_csv(path, emit, restart)
    target(table)  # a file of the wrong table with no rows is refused too
    return table


def _stream_return(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    previous: Iterable[str | Path],
    history: Iterable[str | Path],
) -> tuple[dict[str, str], list[str]]:
    """Every file of the return read into ``con`` as it is read (the tables :func:`parse_903`
    gives, with the same errors); which file holds each table, and the history files."""
    for name, table in TABLES.items():
        _load(con, name, empty_table(table))
        _load(con, f"{name}_last", empty_table(table))
    _load(con, "episodes_history", empty_table(TABLES["episodes"]))
    files: dict[str, str] = {}
    history_files: list[str] = []
    for group, suffix, which in ((paths, "", "this year's"), (previous, "_last", "last year's")):
        for p in group:
            table = _stream_file(con, p, lambda t, s=suffix: f"{t.name}{s}")
            if f"{table.name}{suffix}" in files:
                raise ReturnFileError(
                    p,
                    1,
                    f"{files[table.name + suffix]} already holds {which} {table.display} table; "
                    f"expected one file per table",
                )
            files[f"{table.name}{suffix}"] = str(p)
    for p in history:

        def episodes_only(t: Table, p: str | Path = p) -> str:
            if t.name != "episodes":
                raise ReturnFileError(
                    p,
                    1,
                    f"this is a {t.display} file; expected an Episodes file "
                    "(only earlier years' episodes are read as history)",
                )
            return "episodes_history"

        _stream_file(con, p, episodes_only)
        history_files.append(str(p))
    return files, history_files


def _year_in_database(con: duckdb.DuckDBPyConnection) -> str | None:
    """:func:`year_of_return` of a return streamed into ``con``: the year of its latest event date
    on or before today (the same columns, :data:`.rulesets._EVENT_DATES`)."""
    today = date.today()
    dates = " UNION ALL ".join(
        f"SELECT max({c}) AS d FROM {t} WHERE {c} <= $today" for t, cols in _EVENT_DATES.items() for c in cols
    )
    latest = con.execute(f"SELECT max(d) FROM ({dates})", {"today": today}).fetchall()[0][0]
    return nearest_year(RULESETS, latest)


def validate_903(
    paths: Iterable[str | Path],
    year: str | None = None,
    *,
    previous: Iterable[str | Path] = (),
    history: Iterable[str | Path] = (),
    calendar: WorkingDayCalendar | None = None,
    providers: str | Path | pa.Table | None = None,
    la_code: str | None = None,
    as_of: date | None = None,
    postcodes: str | Path | pa.Table | None = None,
) -> Report:
    """Read and validate one SSDA903 return (raises ReturnFileError if a file cannot be read).

    ``year`` picks the rule set (``"2026-27"``); without it, the year of the
    return's latest event date (:func:`year_of_return`).

    ``previous``: last year's files, for the rules that compare years.
    ``history``: Episodes files of the years before that, read only by the
    rules limited by the loaded years (see ``all_episodes`` above).
    ``providers``: a provider-information CSV, for rules 219-229 (read
    before anything runs); ``la_code``: the placing authority, for rule 229;
    ``as_of``: the day a year-to-date return runs to (default today);
    ``postcodes``: the ONS postcode directory CSV, for the area and distance
    rules (:mod:`.rules.postcodes`; not checked without it). Either may be a
    table read already (:func:`read_providers`, :func:`read_postcodes`: the
    validate command reads them once for several years' returns); a file
    given by its path is added to the report's files.

    Why not :func:`parse_903` then :func:`validate_903_tables`: the files are
    read block by block straight into DuckDB (:func:`_stream_return`), which
    is held to :data:`MEMORY_LIMIT` and spills past it, so a 100 MB return is
    checked in a few hundred MB instead of holding its Arrow tables, their
    copy in DuckDB and the derived tables at once. The answers are the same.
    """
    provider_table = _table_of(providers, read_providers)
    postcode_table = _table_of(postcodes, read_postcodes)
    paths, previous, history = list(paths), list(previous), list(history)
    size = sum(Path(p).stat().st_size for p in (*paths, *previous, *history) if Path(p).is_file())
    with tempfile.TemporaryDirectory(prefix="continuum-903-") as spill:
        con = _open(Path(spill), size >= LARGE)
        try:
            files, history_files = _stream_return(con, paths, previous, history)
            children = con.execute(
                "SELECT count(DISTINCT child) FROM (SELECT child FROM header UNION ALL SELECT child FROM episodes)"
            ).fetchall()[0][0]
            has_last = any(
                con.execute(f"SELECT EXISTS (SELECT 1 FROM {name}_last)").fetchall()[0][0] for name in TABLES
            )
            about = _Return(
                files, sorted(set(files.values()) | set(history_files)), children, has_last, size >= LARGE
            )
            ruleset = ruleset_for(year or _year_in_database(con))
            report = _check(
                lambda: con, about, ruleset, calendar, None, provider_table, la_code, as_of, postcode_table
            )
        finally:
            con.close()
    report.files += [str(f) for f in (providers, postcodes) if f is not None and not isinstance(f, pa.Table)]
    return report


def _table_of(given: str | Path | pa.Table | None, read: Callable[[str | Path], pa.Table]) -> pa.Table | None:
    """A provider or postcode file read with ``read``, or the table a caller read already."""
    if given is None or isinstance(given, pa.Table):
        return given
    return read(given)


def survey_903(paths: Iterable[str | Path], today: date | None = None) -> tuple[date | None, int]:
    """The latest event date (:func:`.rulesets.latest_event_date`) and the number of children of a
    return's files, read block by block and not kept (raises ReturnFileError as the validator does).

    Why: the validate command must know each return's year before it checks any (which rules,
    and which return is the year before which) without holding every file's tables, so the
    files are read once to date them and again, streamed, by :func:`validate_903`.
    """
    latest: date | None = None
    children: set[str] = set()

    def emit(table: Table, piece: pa.Table) -> None:
        nonlocal latest
        found = latest_event_date({table.name: piece}, today)
        if found is not None and (latest is None or found > latest):
            latest = found
        if table.name in ("header", "episodes"):
            children.update(c for c in piece["child"].to_pylist() if c is not None)

    for p in paths:  # a re-read file gives the same rows again: the maximum and the set are unchanged
        scan_903_csv(p, emit, lambda: None)
    return latest, len(children)
