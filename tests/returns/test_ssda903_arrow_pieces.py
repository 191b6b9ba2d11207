"""The pieces that make the Arrow rules fast give DuckDB's answers (:mod:`.ssda903.vectorised`).

Each shortcut is checked against the plain way, or DuckDB, on values chosen to break it: calendar
arithmetic on days from year 1 to 9999 with 29 February and NULLs; the children numbered once for
every table; a grouped query's totals by number; ``AND``/``OR`` not evaluating a side that cannot
change the answer; a column decided once per distinct value.
"""

from __future__ import annotations

import itertools

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from continuum.returns.ssda903 import engine
from continuum.returns.ssda903.vectorised import (
    CODE,
    MEMO,
    Coded,
    _age_at,
    _kleene,
    _plus_years,
    compile_condition,
    compile_rule,
)
from continuum.returns.ssda903.vectorised import TABLES as LOADER


def _days(n: int, seed: int) -> pa.Array:
    """``n`` days from 0001-01-01 to 9999-12-31, every 29 February of 1896-2104 among them, a tenth NULL."""
    rng = np.random.default_rng(seed)
    leap = [
        (np.datetime64(f"{y}-02-29") - np.datetime64("1970-01-01")).astype(int)
        for y in range(1896, 2105, 4)
        if y != 1900 and y != 2100
    ]
    days = np.concatenate([rng.integers(-719162, 2932896, n - len(leap)), leap]).astype(np.int32)
    return pa.array(days, pa.int32(), mask=rng.random(n) < 0.1).cast(pa.date32())


def _duckdb(sql: str, **tables: pa.Table) -> list:
    con = duckdb.connect()
    for macro in engine._MACROS:
        if "age_at" in macro or "plus_years" in macro:
            con.execute(macro)
    for name, table in tables.items():
        con.register(name, table)
    return con.sql(sql).to_arrow_table().column(0).to_pylist()


def test_ages_and_years_later_are_duckdbs() -> None:
    """``age_at`` and ``plus_years`` worked out on the calendar dates in numpy are the engine's
    macros in DuckDB, for columns and single days, NULLs, and 29 February in years with and without one."""
    t = pa.table({"a": _days(4000, 1), "b": _days(4000, 2)})
    assert _age_at(t["a"].combine_chunks(), t["b"].combine_chunks()).to_pylist() == _duckdb(
        "SELECT age_at(a, b) FROM t", t=t
    )
    day = pa.scalar(np.datetime64("2024-02-29", "D").astype(object), pa.date32())
    assert _age_at(t["a"].combine_chunks(), day).to_pylist() == _duckdb(
        "SELECT age_at(a, DATE '2024-02-29') FROM t", t=t
    )
    assert _age_at(day, t["b"].combine_chunks()).to_pylist() == _duckdb(
        "SELECT age_at(DATE '2024-02-29', b) FROM t", t=t
    )
    for n in (-18, -1, 1, 4, 10, 18, 21, 25, 100):  # compared as days: past year 9999 or before 1 too
        days = _duckdb(f"SELECT plus_years(a, {n}) - DATE '1970-01-01' FROM t", t=t)  # noqa: S608 - test SQL
        assert _plus_years(t["a"].combine_chunks(), n).cast(pa.int32()).to_pylist() == days, n


def test_children_are_numbered_alike_in_every_table() -> None:
    """One number for one child whatever the table (NULL for no child), counted as the parser counts them."""
    given = {
        "header": pa.table({"child": ["b", "a", None, "c"], "line": [1, 2, 3, 4]}),
        "episodes": pa.table(
            {"child": pa.chunked_array([["c", "c"], [None, "d", "b"]]), "line": [1, 2, 3, 4, 5]}
        ),
        "postcodes": pa.table({"pcd": ["X"]}),
    }
    numbers, size = engine._child_numbers(given)
    assert set(numbers) == {"header", "episodes"}
    assert size == 4
    pairs = {
        (c, n)
        for name in numbers
        for c, n in zip(given[name]["child"].to_pylist(), numbers[name].to_pylist(), strict=True)
    }
    assert len({c for c, _ in pairs}) == len(pairs) == len({n for _, n in pairs}) == 5  # None <-> None
    assert (None, None) in pairs
    assert engine._children_in(numbers, ("header", "episodes"), size) == 4
    assert engine._children_in(numbers, ("header",), size) == 3


@pytest.mark.parametrize("numbered", [False, True])
def test_a_grouped_join_is_duckdbs(numbered: bool) -> None:
    """``JOIN (SELECT child, min(d) AS first, max(d) AS last FROM s [WHERE ...] GROUP BY child)``: a
    child's totals leave its NULLs out and are NULL where all are, by the children's numbers as by
    their names."""
    rng = np.random.default_rng(5)
    children = [None, *(f"c{i}" for i in range(30))]
    s = pa.table(
        {"child": [children[i] for i in rng.integers(0, 31, 300)],
         "d": pa.array(rng.integers(0, 50, 300), pa.int32(), mask=rng.random(300) < 0.3).cast(pa.date32()),
         "k": rng.integers(0, 3, 300)}
    )  # fmt: skip
    t = pa.table({"child": [children[i] for i in rng.integers(0, 31, 80)], "line": np.arange(80),
                  "d": pa.array(rng.integers(0, 50, 80), pa.int32()).cast(pa.date32())})  # fmt: skip
    sql = (
        "SELECT t.child AS child_id, t.line FROM t JOIN (SELECT child, min(d) AS first, max(d) AS last "
        "FROM s WHERE k > 0 GROUP BY child) e USING (child) "
        "WHERE e.first < t.d OR e.last IS NULL OR e.first IS NULL"
    )
    expected = sorted(_duckdb(f"SELECT line FROM ({sql})", t=t, s=s))  # noqa: S608 - test SQL
    tables: dict = {"s": {n: s[n].combine_chunks() for n in s.column_names}}
    env = {n: t[n].combine_chunks() for n in t.column_names}
    if numbered:
        numbers, _ = engine._child_numbers({"s": s, "t": t})
        tables["s"][CODE], env[CODE] = numbers["s"], numbers["t"]
    tables["s"].update({LOADER: tables.get, MEMO: {}})
    env.update({LOADER: tables.get, MEMO: {}})
    (branch,) = compile_rule(sql)
    flag = branch.node(env)  # type: ignore[misc]
    assert sorted(np.flatnonzero(flag.fill_null(False).to_numpy(zero_copy_only=False)).tolist()) == expected


def test_and_or_leave_out_only_what_cannot_change_them() -> None:
    """``AND``/``OR`` give Kleene's values whichever side is all true, all false, all NULL, mixed or a
    single value; the right side is not evaluated where the left settles every row."""
    n = 4
    sides = [
        pa.array(v, pa.bool_()) for v in ([True] * n, [False] * n, [None] * n, [True, False, None, True])
    ]
    sides += [pa.scalar(True), pa.scalar(False), pa.scalar(None, pa.bool_())]
    for a, b in itertools.product(sides, repeat=2):
        for settles, plain in ((True, pc.or_kleene), (False, pc.and_kleene)):
            right_read: list[bool] = []

            def right(env: dict, b: pa.Scalar | pa.Array = b, read: list[bool] = right_read) -> object:
                read.append(True)
                return b

            node = _kleene(lambda env, a=a: a, right, settles=settles)
            got, want = node({}), plain(a, b)
            as_rows = [got.as_py()] * n if isinstance(got, pa.Scalar) else got.to_pylist()
            want_rows = [want.as_py()] * n if isinstance(want, pa.Scalar) else want.to_pylist()
            assert as_rows == want_rows, (a, b, settles)
            settled = (isinstance(a, pa.Scalar) and a.as_py() is settles) or (
                isinstance(a, pa.Array) and a.to_pylist() == [settles] * n
            )
            assert bool(right_read) != settled


@pytest.mark.parametrize(
    "condition",
    ["x IN ('a', 'b')", "x NOT IN ('a')", "x = 'a'", "'b' <> x", "x IS DISTINCT FROM 'a'",
     "x IS NOT DISTINCT FROM 'b'", "x = 'a' OR x IN ('c') AND y = 'a'", "valid_code('episodes', 'RNE', x)"],
)  # fmt: skip
def test_a_coded_column_gives_duckdbs_answers(condition: str) -> None:
    """A given table's string column decided once per distinct value (``engine._Columns`` codes it
    from its second reading) gives the answers of DuckDB, a column of many values (not coded) too."""
    rng = np.random.default_rng(9)
    values = ["a", "b", "c", None, "S", "P", "A"]
    many = [f"v{i}" if i else None for i in rng.integers(0, 400, 500)]
    t = pa.table({"x": [values[i] for i in rng.integers(0, 7, 500)], "y": many, "line": np.arange(500)})
    columns = engine._Columns(engine._Database(lambda: duckdb.connect()), {"t": t}, {})
    node = compile_condition(condition, "t")
    plain = node({n: t[n].combine_chunks() for n in t.column_names}).to_pylist()
    for _ in range(3):  # read once, then coded
        env = dict(columns("t"))
        env[MEMO] = {}
        assert node(env).to_pylist() == plain
    if "valid_code" not in condition:  # (the macro reads the engine's code list: the messy return checks it)
        assert plain == _duckdb(f"SELECT {condition} FROM t", t=t)  # noqa: S608 - test SQL
    coded = {what: made for (_, what), made in columns.kept.items() if isinstance(made, Coded)}
    assert set(coded) == {"coded"}  # x is; y, of 400 values, is not


@pytest.mark.parametrize("numbered", [False, True])
@pytest.mark.parametrize(
    ("rows", "less"),
    [(["a", "b", None], ["b"]), (["a", "b", None], ["b", None]), (["a"], ["a", "c"]), (["a", None], [])],
)
@pytest.mark.parametrize("condition", ["child IN", "child NOT IN"])
def test_a_subquery_less_another_is_duckdbs(condition: str, rows: list, less: list, numbered: bool) -> None:
    """``child [NOT] IN (SELECT child FROM s EXCEPT SELECT child FROM u)`` (rule 1012), matched on the
    children's numbers as on their names: a NULL child is taken away by a NULL, and what is left
    decides whether a child not found is false or NULL."""
    t = pa.table({"child": ["a", "b", "c", None, "d"]})
    s, u = pa.table({"child": pa.array(rows, pa.string())}), pa.table({"child": pa.array(less, pa.string())})
    sql = f"{condition} (SELECT child FROM s EXCEPT SELECT child FROM u)"  # noqa: S608 - test SQL
    expected = _duckdb(f"SELECT {sql} FROM t", t=t, s=s, u=u)  # noqa: S608 - test SQL
    tables: dict = {name: {"child": x["child"].combine_chunks()} for name, x in (("s", s), ("u", u))}
    env: dict = {"child": t["child"].combine_chunks()}
    if numbered:
        numbers, _ = engine._child_numbers({"s": s, "u": u, "t": t})
        for name, columns in (*tables.items(), ("t", env)):
            columns[CODE] = numbers[name]
    env.update({LOADER: tables.get, MEMO: {}})
    assert compile_condition(sql, "t")(env).to_pylist() == expected
