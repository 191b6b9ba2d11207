"""The rules evaluated in Arrow (:mod:`continuum.returns.ssda903.vectorised`) give DuckDB's answers.

Every rule the engine evaluates in Arrow, in every year's rule set, is run both ways on the same
return: a deliberately messy one (every coded column drawn from its DfE codes, a wrong code, a
lower-case code and blanks; dates from 1899 to 2100 with 29 February and blanks; children
sharing rows across tables and years), so the compiled condition meets NULLs, boundaries and
bad values. Known answers for each rule are in the rule tests; this checks the second way of
running them against the first.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from continuum.returns.ssda903 import engine, tables_from_rows
from continuum.returns.ssda903.rulesets import RULESETS
from continuum.returns.ssda903.schema import TABLES
from continuum.returns.ssda903.vectorised import CODE, MEMO, Unsupported, compile_condition
from continuum.returns.ssda903.vectorised import TABLES as LOADER

_CHILDREN = [f"C{n:03d}" for n in range(60)]
_DAYS = [
    *(date(1899, 12, 31), date(1900, 1, 1), date(2099, 12, 31), date(2100, 1, 1)),
    *(date(2008, 2, 29), date(2012, 2, 29), date(2015, 4, 1)),
    *(date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1)),
]


def _value(rng: random.Random, column: object) -> str | None:
    kind, codes = column.kind, column.codes  # type: ignore[attr-defined]
    if rng.random() < 0.15:
        return None
    if kind == "date":
        day = (
            rng.choice(_DAYS)
            if rng.random() < 0.3
            else date(2000, 1, 1) + timedelta(days=rng.randint(0, 9500))
        )
        return day.strftime("%d/%m/%Y")
    if codes:
        pick = rng.choice(codes)
        return rng.choice([pick, pick, pick, pick.lower(), "XX"])
    return rng.choice(["1", "0", "40", "41", "7", "UN1", "UN4", "A123456789012", "SC123456", "XXXXXXX",
                       "SW12", "AB1 2CD", "ab12cd", "302", "WAL", "12.5", "abc"])  # fmt: skip


@pytest.fixture(scope="module")
def messy_rows():
    rng = random.Random(13)

    def rows(name: str, n: int) -> list[dict[str, str | None]]:
        out = []
        for _ in range(n):
            row = {c.name: _value(rng, c) for c in TABLES[name].columns}
            row["CHILD"] = rng.choice(_CHILDREN)
            out.append(row)
        return out

    current = {name: rows(name, 150) for name in TABLES}
    last = {name: rows(name, 60) for name in ("header", "episodes", "uasc", "missing")}
    return current, last


@pytest.fixture(scope="module")
def messy(messy_rows):
    return tables_from_rows(*messy_rows)


@pytest.fixture(scope="module")
def once(messy_rows):
    """The messy return with each child once in the tables the DfE has one row per child in (the
    first row kept): the rules joining them (:data:`_JOINING_ONE_PER_CHILD`) run in Arrow on it."""
    current, last = messy_rows

    def first(rows: list[dict]) -> list[dict]:
        return list({row["CHILD"]: row for row in reversed(rows)}.values())[::-1]

    return tables_from_rows({n: first(r) if n in _ONE_PER_CHILD else r for n, r in current.items()}, last)


#: The tables of one row per child that the rules join on the child.
_ONE_PER_CHILD = ("header", "uasc", "oc2", "oc3", "ad1", "prev_perm")


#: The rules joining a table that should hold a child once (``JOIN ad1 a USING (child)``): the messy
#: return holds some children twice there, so these run in DuckDB on it (:class:`vectorised._Joined`).
_JOINING_ONE_PER_CHILD = {"582", "601"}


def _rules(year: str) -> list:
    return [r for r in RULESETS[year].rules if engine._vectorised(r) is not None]


def test_most_row_rules_are_evaluated_in_arrow() -> None:
    assert len(_rules("2025-26")) >= 140


@pytest.mark.parametrize("which", ["messy", "once"])
@pytest.mark.parametrize("year", sorted(RULESETS))
def test_every_arrow_rule_gives_duckdbs_rows(
    request: pytest.FixtureRequest, which: str, year: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = request.getfixturevalue(which)
    ruleset = RULESETS[year].only(*(r.code for r in _rules(year)))
    in_duckdb: list[str] = []
    real = engine._found

    def found(con, rules, **how):  # type: ignore[no-untyped-def]
        in_duckdb.extend(r.code for _, r in rules)
        return real(con, rules, **how)

    monkeypatch.setattr(engine, "_found", found)
    opened: list[bool] = []
    real_open = engine._open
    monkeypatch.setattr(engine, "_open", lambda spill, large: opened.append(large) or real_open(spill, large))
    arrow = engine.validate_903_tables(messy, ruleset, providers=engine._PROVIDERS_SCHEMA.empty_table())
    # Every one of them ran in Arrow, none fell back, but for a join where a child is there twice;
    # DuckDB was opened only for those.
    assert set(in_duckdb) <= (_JOINING_ONE_PER_CHILD if which == "messy" else set())
    assert bool(opened) == bool(in_duckdb)
    monkeypatch.setattr(engine, "ARROW", False)
    duck = engine.validate_903_tables(messy, ruleset, providers=engine._PROVIDERS_SCHEMA.empty_table())
    assert arrow.rules == duck.rules
    keys = [(c, "ascending") for c in ("rule", "table", "line", "child_id", "field")]
    assert arrow.failures.sort_by(keys).equals(duck.failures.sort_by(keys))
    fired = set(arrow.failures["rule"].to_pylist())
    assert len(fired) > len(ruleset.rules) // 2  # the messy return fails most of them


@pytest.mark.parametrize(
    "condition",
    [
        "EXISTS (SELECT 1 FROM episodes e WHERE e.decom > t.decom)",
        "EXISTS (SELECT 1 FROM episodes e WHERE e.child = t.child OR e.line = 1)",
        "child IN (SELECT child FROM episodes GROUP BY child)",
        "TRY_CAST(a AS INTEGER) > 4",
        "a || b = 'x'",
        "lower(a) = 'x'",
        "a.b.c = 1",
    ],
)
def test_other_sql_is_left_to_duckdb(condition: str) -> None:
    with pytest.raises(Unsupported):
        compile_condition(condition, "t")


@pytest.mark.parametrize("rows", [["a", None], ["a", "b"], []])
@pytest.mark.parametrize("condition", ["x IN (SELECT y FROM s)", "x NOT IN (SELECT y FROM s)"])
def test_in_a_subquery_is_sqls_three_valued_in(rows: list[str | None], condition: str) -> None:
    """``x [NOT] IN (SELECT ...)`` with a NULL ``x`` or a NULL among the rows, as DuckDB has it."""
    import duckdb
    import pyarrow as pa

    x = pa.array(["a", None, "c"], pa.string())
    s = pa.table({"y": pa.array(rows, pa.string())})
    con = duckdb.connect()
    con.register("s", s)
    con.register("t", pa.table({"x": x}))
    expected = [r[0] for r in con.execute(f"SELECT {condition} FROM t").fetchall()]  # noqa: S608 - test SQL
    env = {"x": x, LOADER: lambda name: {"y": s["y"].combine_chunks()}}
    assert compile_condition(condition, "t")(env).to_pylist() == expected


@pytest.mark.parametrize("more_than", [0, 1, 2])
@pytest.mark.parametrize("condition", ["x IN", "x NOT IN", "x IS NOT NULL AND x IN"])
def test_a_value_held_by_several_children_is_duckdbs(condition: str, more_than: int) -> None:
    """``x IN (SELECT y FROM s WHERE ... GROUP BY y HAVING count(DISTINCT child) > n)`` (rule 444)
    as DuckDB has it: a child's own repeats count once, a NULL child not at all, and NULL is a
    value of its own (held by two children here, so a NOT IN is NULL past it)."""
    import duckdb
    import pyarrow as pa

    x = pa.array(["u", "v", None, "w", "z"], pa.string())
    s = pa.table(
        {"y": ["u", "u", "u", "v", "v", None, None, "w", "w", "z"],
         "child": ["a", "a", "b", "a", None, "a", "b", "c", "c", "d"],
         "k": [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]}
    )  # fmt: skip
    condition += f" (SELECT y FROM s WHERE k = 1 GROUP BY y HAVING count(DISTINCT child) > {more_than})"  # noqa: S608 - test SQL
    con = duckdb.connect()
    con.register("s", s)
    con.register("t", pa.table({"x": x}))
    expected = [r[0] for r in con.execute(f"SELECT {condition} FROM t").fetchall()]  # noqa: S608 - test SQL
    env = {"x": x, LOADER: lambda name: {n: s[n].combine_chunks() for n in s.column_names}}
    assert compile_condition(condition, "t")(env).to_pylist() == expected


@pytest.mark.parametrize("which", ["messy", "once"])
def test_derived_tables_built_in_arrow_are_duckdbs(request: pytest.FixtureRequest, which: str) -> None:
    """``hdr`` and ``eps`` (with their ``_last``), ``cla12`` and ``all_episodes`` built in Arrow hold the
    rows of the engine's SQL, here with rows without a CHILD or a DECOM too (a group of their own, and
    last in a child's order), and an episode in two years' files (``all_episodes`` keeps one)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    from continuum.core.working_days import WorkingDayCalendar

    tables = request.getfixturevalue(which)
    given = {**tables.current, **{f"{n}_last": t for n, t in tables.last.items()}}
    given["episodes_history"] = given["episodes_last"].slice(0, 20)  # last year's, and again as history
    for name, every, column in (("header", 13, "child"), ("episodes", 11, "child"), ("episodes", 7, "decom")):
        t = given[name]
        blank = pc.equal(pc.subtract(t["line"], pc.multiply(pc.divide(t["line"], every), every)), 0)
        values = pc.if_else(blank, pa.scalar(None, t[column].type), t[column])
        given[name] = t.set_column(t.schema.get_field_index(column), column, values)
    con = duckdb.connect()
    for name, table in given.items():
        engine._load(con, name, table)
    engine._derive(con, RULESETS["2025-26"], WorkingDayCalendar())
    year = RULESETS["2025-26"].reference_date.year
    derived = engine._arrow_derived(given, date(year - 1, 4, 1))
    assert set(derived) == {*engine.ARROW_DERIVED, "cla12", "all_episodes"}
    assert derived["cla12"].num_rows
    assert derived["all_episodes"].num_rows < sum(
        given[n].num_rows for n in ("episodes", "episodes_last", "episodes_history")
    )
    for name, table in derived.items():
        sql = con.sql(f"SELECT * FROM {name}").to_arrow_table()  # noqa: S608 - a table's name
        keys = [(c, "ascending") for c in sql.column_names]
        assert table.schema == sql.schema, name
        assert table.sort_by(keys).equals(sql.sort_by(keys)), name
    con.close()


def test_a_piece_shared_by_rules_is_computed_once_per_table() -> None:
    """Two conditions with a piece in common (``age_at(dob, d) >= 5``) compute it once on an ``Env``
    with a memo, and give the answers they give without one; the same text qualified otherwise
    (``t.x`` where ``t`` is another table) is another piece."""
    import pyarrow as pa

    columns = {
        "dob": pa.array([date(2010, 5, 1), None, date(2020, 1, 1)], pa.date32()),
        "d": pa.array([date(2025, 4, 30), date(2025, 1, 1), date(2025, 1, 1)], pa.date32()),
        "x": pa.array(["A", "B", None], pa.string()),
        "t.x": pa.array(["B", "B", "B"], pa.string()),
    }
    conditions = ["age_at(dob, d) >= 5 AND x = 'A'", "x = 'B' OR age_at(dob, d) >= 5"]
    plain = [compile_condition(c)(columns).to_pylist() for c in conditions]
    env = {**columns, MEMO: {}}
    memoised = [compile_condition(c)(env).to_pylist() for c in conditions]
    assert memoised == plain == [[True, False, None], [True, True, True]]
    shared = [k for k in env[MEMO] if k.startswith("age_at ( dob , d ) >= 5 @")]
    assert len(shared) == 1
    assert compile_condition("t.x = 'A'", "t")(env).to_pylist() == [True, False, None]
    assert [k.split(" @ ")[1] for k in env[MEMO] if k.startswith("t . x = 'A' @")] == [
        "[('census', ''), ('t', '')]"
    ]


@pytest.mark.parametrize(
    "condition",
    [
        "EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.dec > 1)",
        "EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.dec <= t.decom)",
        "NOT EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.dec = t.decom + 1)",
        "EXISTS (SELECT 1 FROM s x WHERE t.child = x.child AND (x.dec > t.decom OR x.dec IS NULL))",
        "EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.dec > t.decom AND NOT EXISTS "
        "(SELECT 1 FROM s y WHERE y.child = x.child AND y.dec < x.dec AND y.dec > t.decom))",
        # ``IN`` on the child, matched by number too: NULL for no child, and for a child not found
        # where the subquery's rows hold a NULL child; false for all when it has no rows.
        "t.child IN (SELECT child FROM s WHERE dec > 3)",
        "child NOT IN (SELECT child FROM s WHERE child IS NOT NULL AND dec > 3)",
        "t.child IN (SELECT child FROM s WHERE dec <= 2)",
        "child IN (SELECT child FROM s WHERE dec > 100) OR decom = 1",
        "EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.dec > t.decom"
        " AND t.child IN (SELECT child FROM s WHERE dec IS NULL))",
    ],
)
@pytest.mark.parametrize("numbered", [False, True])
def test_exists_reading_the_outer_row_is_duckdbs(condition: str, numbered: bool) -> None:
    """``EXISTS`` whose condition reads the outer row's columns as well as the inner's, nested too,
    with NULL children, NULL values and a child with several rows on both sides; matched on the
    CHILD values, and on the children's numbers where the tables have them (the engine's do)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    outer = pa.table(
        {"child": ["a", "a", "b", None, "c", "d"], "decom": pa.array([1, 5, 3, 2, None, 1], pa.int64()),
         "line": [1, 2, 3, 4, 5, 6]}
    )  # fmt: skip
    inner = pa.table(
        {"child": ["a", "b", "b", None, "a", "c"], "dec": pa.array([2, None, 4, 1, 9, 1], pa.int64())}
    )
    con = duckdb.connect()
    con.register("t", outer)
    con.register("s", inner)
    expected = [r[0] for r in con.execute(f"SELECT {condition} FROM t ORDER BY line").fetchall()]  # noqa: S608 - test SQL
    tables: dict = {"s": {n: inner[n].combine_chunks() for n in inner.column_names}}
    tables["s"][LOADER] = tables.get
    env = {n: outer[n].combine_chunks() for n in outer.column_names}
    env.update({LOADER: tables.get, MEMO: {}})
    if numbered:  # "e" is a child of the outer table only; numbers are positions in the list
        children = pa.array(["e", "d", "c", "b", "a"])
        for columns in (env, tables["s"]):
            columns[CODE] = pc.index_in(columns["child"], value_set=children)
    assert compile_condition(condition, "t")(env).to_pylist() == expected
    assert any(expected)
    assert not all(expected)


def test_an_uncorrelated_subquery_is_read_once_per_validation() -> None:
    """``x IN (SELECT ...)`` and an ``EXISTS`` on the child, read by rules on two tables, read the
    subquery's table once when the loader keeps a memo (the engine's does), every time without."""
    import pyarrow as pa

    class Loader:
        def __init__(self, memo: bool) -> None:
            if memo:
                self.memo: dict = {}
            self.reads = 0

        def __call__(self, name: str) -> dict:
            self.reads += 1
            return {"child": pa.array(["a", "b", None]), "ls": pa.array(["V3", "V1", "V3"]), LOADER: self}

    for memo, reads in ((True, 2), (False, 4)):
        loader = Loader(memo)
        answers = []
        for rows in (["a", "c"], ["b", None]):
            env = {"child": pa.array(rows, pa.string()), LOADER: loader, MEMO: {}}
            answers.append(
                [
                    compile_condition(c, "t")(env).to_pylist()
                    for c in (
                        "child IN (SELECT child FROM s WHERE ls = 'V3')",
                        "EXISTS (SELECT 1 FROM s x WHERE x.child = t.child AND x.ls = 'V1')",
                    )
                ]
            )
        assert answers == [[[True, None], [False, False]], [[None, None], [True, False]]]
        assert loader.reads == reads


def test_dates_read_at_fixed_places_are_the_patterns() -> None:
    """The reader's quick dates (``dd/mm/yyyy``, ten characters) are those of its pattern wherever
    it gives them, and it leaves the rest to the pattern: one or two odd values among good ones
    (a slash or sign among the digits, a day not in its month, year 0000, 29 February), NULLs,
    an array cut from a longer one."""
    import pyarrow as pa

    from continuum.returns.ssda903.parser import _dates_matched, _dates_of_ten

    rng = random.Random(7)
    odd = ["1/1/2020", "00/01/2020", "31/04/2021", "29/02/1900", "29/02/2000", "01/01/0000",
           "01/01/0001", "31/12/9999", "+1/01/2020", "01/1a/2020", "01-01-2020", "0//01/2020",
           "01/01/2020 ", "é1/01/2020"]  # fmt: skip

    def value() -> str | None:
        r = rng.random()
        if r < 0.2:
            return None
        if r < 0.3:
            return rng.choice(odd)
        return f"{rng.randint(0, 32):02d}/{rng.randint(0, 13):02d}/{rng.randint(1, 9999):04d}"

    quick = 0
    for _ in range(2000):
        text = pa.array([value() for _ in range(rng.choice([1, 2, 4]))], pa.string())
        text = text.slice(1) if len(text) > 1 and rng.random() < 0.3 else text
        got = _dates_of_ten(text)
        if got is not None:
            quick += 1
            assert got.equals(_dates_matched(text)), text
    assert quick > 200
    assert _dates_of_ten(pa.array(["29/02/2024", None, "01/03/2024"])).to_pylist() == [
        date(2024, 2, 29),
        None,
        date(2024, 3, 1),
    ]
