# ruff: noqa: E501 - the rules' SQL as it was, verbatim
"""Rules 218, 575, 1001 and 1011, restated so that the Arrow compiler reads them (issue 13).

Known answers, each run both ways (compiled to Arrow where it compiles, and with every rule in
DuckDB): the edges of each reading (same-day starts and ends, open episodes, ties between
episodes, a child with two OC3 rows, a postcode directory given or not). Then each rule's SQL as
it was (commit c92ae45) against its SQL now on messy returns in DuckDB: the same rows but where
the old answer was wrong, and there the new one equals a plain statement of the reading
(``docs/returns.md``, "Rules 218, 575, 1001 and 1011 restated").
"""

from __future__ import annotations

import random

import duckdb
import pyarrow as pa
import pytest

from continuum.core.working_days import WorkingDayCalendar
from continuum.returns.ssda903 import engine, tables_from_rows, validate_903_tables
from continuum.returns.ssda903.rules.postcodes import POSTCODES_SCHEMA, read_postcodes
from continuum.returns.ssda903.rulesets import RULESETS
from continuum.returns.ssda903.schema import TABLES
from tests.returns.ssda903_rows import Rows, ret, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd
from tests.returns.test_ssda903_rules_episodes_sw import write_directory
from tests.returns.test_ssda903_vectorised import _value

YEAR = "2025-26"
_OC3 = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}

#: The four rules' SQL at commit c92ae45, before they were restated.
_BEFORE = {
    "218": """
SELECT child AS child_id, line FROM (
    WITH own AS (
        SELECT mode(h.la) AS la FROM eps x JOIN postcodes h ON h.pcd = upper(replace(x.home_post, ' ', ''))
        WHERE h.ctry LIKE 'E%')
    SELECT e.*,
        coalesce(e.pl_la, CASE WHEN e.ls NOT IN ('V3', 'V4') AND e.place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14') THEN CASE WHEN p.ctry LIKE 'E%' THEN p.la WHEN p.ctry LIKE 'W%' THEN 'WAL'
    WHEN p.ctry LIKE 'S%' THEN 'SCO' WHEN p.ctry LIKE 'N%' THEN 'NIR'
    WHEN p.ctry IS NOT NULL THEN 'NUK' END END) AS geo_la
    FROM eps e CROSS JOIN own
    LEFT JOIN postcodes h ON h.pcd = upper(replace(e.home_post, ' ', ''))
    LEFT JOIN postcodes p ON p.pcd = upper(replace(e.pl_post, ' ', ''))) g, census WHERE place NOT IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14') AND urn IS NULL AND coalesce(upper(geo_la), '') NOT IN ('CON', 'NIR', 'SCO', 'WAL', 'NUK') AND (dec IS NULL OR dec > DATE '2015-03-31')
""",
    "575": """
SELECT m.child AS child_id, m.line FROM missing m JOIN episodes e
  ON e.child = m.child AND m.mis_start >= e.decom AND (e.dec IS NULL OR m.mis_start < e.dec)
WHERE m.mis_end IS NULL AND e.dec IS NOT NULL
""",
    "1001": """
WITH care AS (
    SELECT e.child,
           sum(greatest(0, coalesce(e.dec, c.runs_to) - greatest(e.decom, plus_years(o.dob, 14)))) AS days,
           max(coalesce(e.dec, c.runs_to)) AS last_day,
           any_value(o.dob) AS dob
    FROM all_episodes e JOIN oc3 o USING (child), census c
    WHERE e.ls NOT IN ('V3', 'V4')
    GROUP BY e.child)
SELECT o.child AS child_id, o.line FROM oc3 o, census c WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL) AND o.child IN (SELECT child FROM all_episodes)
  AND NOT EXISTS (SELECT 1 FROM care WHERE care.child = o.child
                  AND care.days >= 91 AND care.last_day >= plus_years(care.dob, 16))
""",
    "1011": """
SELECT o.child AS child_id, o.line FROM oc3 o, census c WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL) AND o.child IN (
    SELECT child FROM (SELECT child, rec, row_number() OVER (PARTITION BY child ORDER BY decom DESC) AS k
                       FROM (SELECT child, decom, rec FROM episodes UNION ALL SELECT child, decom, rec FROM episodes_last))
    WHERE k = 1 AND rec = 'E3')
""",
}

#: The readings now, stated plainly (DuckDB only), where they differ from the SQL before.
_READING = {
    # Each OC3 row on its own, from its own DOB.
    "1001": """
WITH care AS (
    SELECT o.line,
           sum(greatest(0, coalesce(e.dec, c.runs_to) - greatest(e.decom, plus_years(o.dob, 14)))) AS days,
           max(coalesce(e.dec, c.runs_to)) AS last_day
    FROM all_episodes e JOIN oc3 o USING (child), census c
    WHERE e.ls NOT IN ('V3', 'V4')
    GROUP BY o.line)
SELECT o.child AS child_id, o.line FROM oc3 o, census c WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL) AND o.child IN (SELECT child FROM all_episodes)
  AND NOT EXISTS (SELECT 1 FROM care WHERE care.line = o.line AND care.days >= 91 AND care.last_day >= plus_years(o.dob, 16))
""",
    # The latest DECOM of either year; this year's copy first, then the later line; no DECOM never final.
    "1011": """
SELECT o.child AS child_id, o.line FROM oc3 o WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL) AND o.child IN (
    SELECT child FROM (SELECT child, rec, row_number() OVER (PARTITION BY child ORDER BY decom DESC, src, line DESC) AS k
                       FROM (SELECT child, decom, rec, 0 AS src, line FROM episodes UNION ALL SELECT child, decom, rec, 1, line FROM episodes_last)
                       WHERE decom IS NOT NULL)
    WHERE k = 1 AND rec = 'E3')
""",
}


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    """The tiny ONSPD of the postcode rules' tests: England, Cardiff, Shetland, Guernsey (not in the UK)."""
    return read_postcodes(write_directory(tmp_path_factory.mktemp("onspd") / "ONSPD.csv"))


def _never(spill, large):  # type: ignore[no-untyped-def]
    """``engine._open`` for a run that must not need DuckDB."""
    raise AssertionError("DuckDB opened: a rule fell back from Arrow")


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, code: str, data: Rows, last: Rows | None = None, postcodes=None
) -> list[tuple[str, int]]:
    """The rule's failures (table, line) run in Arrow (never opening DuckDB) and with every rule
    in DuckDB: the same."""
    rules = RULESETS[YEAR].only(code)
    tables = ret(data, last)
    answers = []
    for arrow in (True, False):
        with monkeypatch.context() as patch:
            patch.setattr(engine, "ARROW", arrow)
            if arrow:
                patch.setattr(engine, "_open", _never)
            report = validate_903_tables(tables, rules, postcodes=postcodes)
        answers.append(
            sorted(
                zip(report.failures["table"].to_pylist(), report.failures["line"].to_pylist(), strict=True)
            )
        )
    assert answers[0] == answers[1], code
    return answers[0]


def test_the_four_run_in_arrow() -> None:
    """218, 575, 1001 (its correlated sum, ``vectorised._Parser.scalar_sum``) and 1011 compile in
    every year's rule set."""
    for year, ruleset in RULESETS.items():
        compiled = {r.code for r in ruleset.rules if engine._vectorised(r) is not None}
        assert {"218", "575", "1001", "1011"} <= compiled, year


# --- 575 ------------------------------------------------------------------------------------

#: A placement move on 1 June: the first episode closed (X1), the second open.
_MOVE = [ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", PLACE="U3")]


@pytest.mark.parametrize(
    ("episodes", "missing", "failures"),
    [
        (_MOVE, [row(MISSING="M", MIS_START="15/05/2025")], 1),
        (_MOVE, [row(MISSING="M", MIS_START="01/05/2025")], 1),  # the day the ended episode began
        (_MOVE, [row(MISSING="M", MIS_START="01/06/2025")], 0),  # the day it ended: the new placement's
        (_MOVE, [row(MISSING="M", MIS_START="15/05/2025", MIS_END="20/05/2025")], 0),
        ([ep()], [row(MISSING="M", MIS_START="15/05/2025")], 0),  # the episode is still open
        # Two ended episodes overlapping (rule 501's business): one missing period, one failure.
        (
            [ep(DEC="01/06/2025", REC="X1"), ep(DECOM="10/05/2025", DEC="20/06/2025", REC="E8")],
            [row(MISSING="M", MIS_START="15/05/2025")],
            1,
        ),
        # Two open missing periods in the ended episode: each fails once.
        (_MOVE, [row(MISSING="M", MIS_START="15/05/2025"), row(MISSING="A", MIS_START="20/05/2025")], 2),
    ],
)
def test_575(monkeypatch: pytest.MonkeyPatch, episodes, missing, failures: int) -> None:
    found = _both_ways(monkeypatch, "575", {"episodes": episodes, "missing": missing})
    assert len(found) == failures
    assert all(t == "missing" for t, _ in found)


# --- 1011 -----------------------------------------------------------------------------------


def _oc3_with(*episodes: dict, **extra: list) -> Rows:
    return {"oc3": [row(**_OC3)], "episodes": list(episodes), **extra}


_TRANSFERRED = ep(DEC="01/06/2025", REC="E3")


@pytest.mark.parametrize(
    ("this", "last", "fails"),
    [
        (_oc3_with(_TRANSFERRED), None, True),
        (_oc3_with(ep(DEC="01/06/2025", REC="E8")), None, False),
        (_oc3_with(_TRANSFERRED, ep(DECOM="01/06/2025", DEC="01/07/2025", REC="E8")), None, False),
        # Last year's final episode E3, none this year.
        ({"oc3": [row(**_OC3)]}, {"episodes": [ep(DECOM="01/05/2024", DEC="01/06/2024", REC="E3")]}, True),
        # Open at 31 March 2025 (last year's copy has no REC), ended E3 this year: this year's copy is final.
        (
            _oc3_with(ep(DECOM="01/05/2024", DEC="01/06/2025", REC="E3")),
            {"episodes": [ep(DECOM="01/05/2024")]},
            True,
        ),
        # The same DECOM in both files, this year's copy ending otherwise: this year's is final.
        (
            _oc3_with(ep(DECOM="01/05/2024", DEC="01/06/2025", REC="E8")),
            {"episodes": [ep(DECOM="01/05/2024", DEC="01/06/2025", REC="E3")]},
            False,
        ),
        # Last year's file has the later DECOM (an odd return): it is the final one.
        (
            _oc3_with(ep(DECOM="01/04/2025", DEC="01/05/2025", REC="E8")),
            {"episodes": [ep(DECOM="02/04/2025", DEC="03/05/2025", REC="E3")]},
            True,
        ),
        # Two episodes of this year's file with the latest DECOM: the later line is final.
        (_oc3_with(ep(DEC="01/06/2025", REC="E8"), _TRANSFERRED), None, True),
        (_oc3_with(_TRANSFERRED, ep(DEC="01/06/2025", REC="E8")), None, False),
        # An episode without a DECOM is never the final one (rule 141 reports it).
        (_oc3_with(ep(DECOM=None, DEC="01/06/2025", REC="E3")), None, False),
        (_oc3_with(_TRANSFERRED, ep(DECOM=None, DEC="01/07/2025", REC="E8")), None, True),
        # No care leaver data: nothing to report.
        ({"oc3": [row()], "episodes": [_TRANSFERRED]}, None, False),
    ],
)
def test_1011(monkeypatch: pytest.MonkeyPatch, this: Rows, last: Rows | None, fails: bool) -> None:
    found = _both_ways(monkeypatch, "1011", this, last)
    assert [t for t, _ in found] == (["oc3"] if fails else [])


# --- 1001 -----------------------------------------------------------------------------------

#: Born 1 January 2008: 14 on 1 January 2022, 16 on 1 January 2024, 18 on 1 January 2026.
_YOUNG_PERSON = {"header": [hd(DOB="01/01/2008")]}
#: Last year's Episodes, which 1001 needs loaded to run at all (the DfE's logic), holding
#: another child's care only: the young person's days are this year's, as before.
_ANOTHER_CHILD_LAST_YEAR: Rows = {"episodes": [ep(CHILD="2", DECOM="01/05/2024", DEC="01/06/2024", REC="E8")]}


def _leaver(*episodes: dict, oc3_rows: int = 1, dob: str = "01/01/2008") -> Rows:
    return {**_YOUNG_PERSON, "oc3": [row(DOB=dob, **_OC3)] * oc3_rows, "episodes": list(episodes)}


@pytest.mark.parametrize(
    ("data", "failures"),
    [
        (_leaver(ep(DECOM="01/05/2025", DEC="30/07/2025", REC="E8")), 1),  # 90 days
        (_leaver(ep(DECOM="01/05/2025", DEC="31/07/2025", REC="E8")), 0),  # 91 days
        (_leaver(ep(DECOM="01/05/2025")), 0),  # open: measured to 31 March, 334 days
        # 60 days, the young person in OC3 twice: each row fails (the days were counted twice, 120).
        (_leaver(ep(DECOM="01/05/2025", DEC="30/06/2025", REC="E8"), oc3_rows=2), 2),
        (_leaver(ep(DECOM="01/05/2025", DEC="31/07/2025", REC="E8"), oc3_rows=2), 0),
        # 91 days, all before the 16th birthday but the last day, which is that birthday.
        (_leaver(ep(DECOM="02/10/2023", DEC="01/01/2024", REC="E8"), dob="01/01/2008"), 0),
        (_leaver(ep(DECOM="01/10/2023", DEC="31/12/2023", REC="E8"), dob="01/01/2008"), 1),
        # Short breaks do not count.
        (_leaver(ep(DECOM="01/05/2025", DEC="31/07/2025", REC="E8", LS="V3")), 1),
    ],
)
def test_1001(monkeypatch: pytest.MonkeyPatch, data: Rows, failures: int) -> None:
    found = _both_ways(monkeypatch, "1001", data, _ANOTHER_CHILD_LAST_YEAR)
    assert len(found) == failures
    assert all(t == "oc3" for t, _ in found)


# --- 218 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episode", "without", "with_directory"),
    [
        (ep(URN=None), True, True),  # AB3 4EF: England
        (ep(URN=None, PL_LA="WAL"), False, False),
        (ep(URN=None, PL_LA="nuk"), False, False),  # any case
        (ep(URN=None, PL_POST="CF1 1AA"), True, False),  # Cardiff
        (ep(URN=None, PL_POST="cf11aa"), True, False),
        (ep(URN=None, PL_POST="ZE1 0AA"), True, False),  # Shetland
        (ep(URN=None, PL_POST="GY1 1AA"), True, False),  # Guernsey: outside the UK
        (ep(URN=None, PL_POST="AB9 9ZZ"), True, True),  # not in the directory
        (ep(URN=None, PL_POST=None), True, True),
        (ep(URN=None, PL_LA="E09000003", PL_POST="CF1 1AA"), True, True),  # the file's PL_LA wins
        (ep(URN=None, PL_POST="CF1 1AA", LS="V3"), True, True),  # a short break: nothing derived
        (ep(URN=None, PL_POST="CF1 1AA", LS=None), True, True),
        (ep(URN=None, PLACE="P1"), False, False),  # no URN due for the placement
        (ep(URN="SC123456", PL_POST="AB9 9ZZ"), False, False),
    ],
)
def test_218(
    monkeypatch: pytest.MonkeyPatch, directory: pa.Table, episode: dict, without: bool, with_directory: bool
) -> None:
    data = {"episodes": [episode]}
    assert bool(_both_ways(monkeypatch, "218", data)) == without
    assert bool(_both_ways(monkeypatch, "218", data, postcodes=directory)) == with_directory


# --- against the SQL before, on messy returns ---------------------------------------------------


def _messy(seed: int, one_oc3_row: bool) -> tuple:
    """A messy return (as ``test_ssda903_vectorised``'s: every coded value, wrong ones, blanks, odd
    dates) of few children, so that they share episodes and days, and a postcode directory of the
    placement postcodes it draws, each once, in every country (and none), some LA codes odd."""
    rng = random.Random(seed)
    children = [f"C{n:02d}" for n in range(rng.choice([6, 15, 40]))] + [None]

    def rows(name: str, n: int) -> list[dict[str, str | None]]:
        out = []
        for _ in range(n):
            r = {c.name: _value(rng, c) for c in TABLES[name].columns}
            r["CHILD"] = rng.choice(children)
            if name == "episodes" and rng.random() < 0.5:
                r["REC"] = "E3"
            if name == "episodes" and rng.random() < 0.2:
                r["DECOM"] = rng.choice(["01/04/2025", "31/03/2025", "01/05/2024"])
            out.append(r)
        return out

    current = {n: rows(n, 120) for n in TABLES}
    if one_oc3_row:
        current["oc3"] = list({r["CHILD"]: r for r in current["oc3"]}.values())
    tables = tables_from_rows(current, {n: rows(n, 60) for n in ("header", "episodes", "missing")})
    codes = ["AB12CD", "SW12", "XXXXXXX", "WAL", "302", "ABC", "12.5", "SC123456", "UN1"]
    directory = pa.table(
        {
            "pcd": codes,
            "la": [rng.choice(["E09000003", "E06000001", "wal", "CON", None]) for _ in codes],
            "ctry": [
                rng.choice(["E92000001", "W92000004", "S92000003", "N92000002", "L93000001", None])
                for _ in codes
            ],
            "lat": [51.5] * len(codes),
            "lon": [0.0] * len(codes),
        },
        schema=POSTCODES_SCHEMA,
    )
    return tables, directory


def _database(tables, directory: pa.Table) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    engine._load_tables(con, tables)
    engine._derive(con, RULESETS[YEAR], WorkingDayCalendar())
    engine._load(con, "postcodes", directory)
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def _now(code: str) -> str:
    (rule,) = [r for r in RULESETS[YEAR].rules if r.code == code]
    return rule.sql


@pytest.mark.parametrize("seed", range(6))
def test_the_restated_rules_against_their_sql_before(seed: int) -> None:
    """218 selects what it did, with the directory and without; 575 each row it did, once; 1001
    what it did where each young person has one OC3 row, and the reading (each row on its own)
    where some have two; 1011 what it did for the children whose final episode was never in doubt,
    and the reading for every child."""
    fired: set[str] = set()
    for one_oc3_row in (True, False):
        tables, directory = _messy(seed, one_oc3_row)
        for given in (directory, POSTCODES_SCHEMA.empty_table()):
            con = _database(tables, given)
            assert _rows(con, _now("218")) == _rows(con, _BEFORE["218"]), given.num_rows
            fired |= {"218"} if _rows(con, _now("218")) else set()
            con.close()
        con = _database(tables, directory)
        was, now = _rows(con, _BEFORE["575"]), _rows(con, _now("575"))
        assert now == sorted(set(was), key=repr)
        assert _rows(con, _now("1001")) == _rows(con, _READING["1001"])
        if one_oc3_row:
            assert _rows(con, _now("1001")) == _rows(con, _BEFORE["1001"])
        now = _rows(con, _now("1011"))
        assert now == _rows(con, _READING["1011"])
        settled = {
            c
            for (c,) in con.execute(
                "SELECT child FROM (SELECT child, decom FROM episodes UNION ALL SELECT child, decom FROM episodes_last) a "
                "GROUP BY child HAVING count(decom) > 0 AND count(*) FILTER (WHERE decom = "
                "(SELECT max(decom) FROM (SELECT child, decom FROM episodes UNION ALL SELECT child, decom FROM episodes_last) b "
                "WHERE b.child = a.child)) = 1"
            ).fetchall()
        }
        assert [r for r in now if r[0] in settled] == [
            r for r in _rows(con, _BEFORE["1011"]) if r[0] in settled
        ]
        fired |= {
            c
            for c, sql in (("575", _now("575")), ("1001", _now("1001")), ("1011", _now("1011")))
            if _rows(con, sql)
        }
        con.close()
    assert fired == {"218", "575", "1001", "1011"}


@pytest.mark.parametrize("seed", range(3))
def test_the_restated_rules_in_arrow_are_duckdbs_with_a_directory(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """On the messy returns with their directory (``test_ssda903_vectorised`` runs every compiled
    rule without one): the three compiled rules give DuckDB's rows, none falling back to DuckDB."""
    tables, directory = _messy(seed, one_oc3_row=False)
    rules = RULESETS[YEAR].only("218", "575", "1011")
    monkeypatch.setattr(engine, "_open", _never)
    arrow = validate_903_tables(tables, rules, postcodes=directory)
    monkeypatch.undo()
    monkeypatch.setattr(engine, "ARROW", False)
    duck = validate_903_tables(tables, rules, postcodes=directory)
    keys = [(c, "ascending") for c in ("rule", "table", "line", "child_id", "field")]
    assert arrow.failures.sort_by(keys).equals(duck.failures.sort_by(keys))
    assert set(arrow.failures["rule"].to_pylist()) == {"218", "575", "1011"}
