"""The simplest SSDA903 rules evaluated on Arrow arrays instead of as DuckDB queries.

Why: most of the 903 rules are one condition on the rows of one table ("PLACE is one
of these codes", "DEC before DECOM", "under 10 at DECOM"). DuckDB spends about a
millisecond binding, planning and starting each such condition, whatever the
return's size, so with some 150 of them that fixed cost was most of a borough's
validation. The same condition evaluated with ``pyarrow.compute`` on the table's
columns costs tens of microseconds on a borough's few thousand rows.

The rule's SQL stays the only statement of the rule: :func:`compile_condition` reads
the ``WHERE`` condition of a rule of the shape ``SELECT child AS child_id, line FROM
<table>[ <alias>], census WHERE <condition>`` and builds the same computation, with
SQL's three-valued logic (a NULL compares as unknown, ``AND``/``OR`` are Kleene's,
``WHERE`` keeps only true). It knows a small part of SQL -- comparisons, ``AND``,
``OR``, ``NOT``, ``IS [NOT] NULL``, ``IS [NOT] DISTINCT FROM``, ``[NOT] IN``,
``[NOT] BETWEEN``, ``LIKE``, date literals, date differences in days, and the
functions and macros the rules use (``year``, ``upper``, ``replace``,
``regexp_full_match``, ``coalesce``, ``make_date``, ``age_at``, ``plus_years``,
``valid_code``, ``in_list``); anything else raises :class:`Unsupported` and the
rule runs in DuckDB as before. ``tests/returns/test_ssda903_vectorised.py`` checks
every compiled rule of every year against DuckDB on the same rows.

:func:`compile_rule` reads whole rules on the same footing (unions, a join on the child,
window queries, ``EXISTS`` on the child, reading the outer row's columns too, :meth:`_Parser.exists`).
What many rules share is computed once: a piece of a condition once per table and validation
(:func:`_shared`), an uncorrelated subquery once per validation (:func:`_per_validation`), a
join once per joined table and way of joining (:func:`_joined_rows`), a column's distinct values
and calendar dates once per validation (:func:`_per_column`, :class:`Coded`, :func:`_calendar`).
What cannot change an answer is not computed: the rest of an ``AND`` whose terms so far are false
on every row, of an ``OR`` true on every row (:func:`_kleene`, uncorrelated ``EXISTS`` first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from continuum.returns.ssda903.schema import codes_of

__all__ = ["CODE", "MEMO", "TABLES", "Branch", "Unsupported", "compile_condition", "compile_rule"]

#: What a compiled piece gives: an array (one value a row) or a scalar, from the row's columns.
Value = pa.Array | pa.Scalar
Env = Mapping[str, Value]
#: The key of an ``Env`` giving a function from a table's name to that table's ``Env`` (subqueries).
TABLES = "@tables"
Node = Callable[[Env], Value]


class Unsupported(ValueError):
    """The condition uses SQL this module does not evaluate (the rule runs in DuckDB)."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<str>'(?:[^']|'')*')|(?P<op><>|<=|>=|!=|=|<|>|\(|\)|,|\+|-|\.|\*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "DISTINCT", "FROM", "DATE"}
_COMPARE = {"=": pc.equal, "<>": pc.not_equal, "!=": pc.not_equal, "<": pc.less, "<=": pc.less_equal,
            ">": pc.greater, ">=": pc.greater_equal}  # fmt: skip


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise Unsupported(f"cannot read {text[pos : pos + 20]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "word" and value.upper() in _KEYWORDS:
            kind, value = "kw", value.upper()
        out.append((kind, value))
        pos = m.end()
    return out


def _is_date(v: Value) -> bool:
    return pa.types.is_date(v.type)


def _days(v: Value) -> Value:
    """A date as whole days since 1970 (DuckDB's DATE - DATE is the days between)."""
    return pc.cast(v, pa.int32()).cast(pa.int64()) if _is_date(v) else v


_TRUE, _FALSE = pa.scalar(True), pa.scalar(False)


def _everywhere(value: Value, truth: bool) -> bool:
    """Whether a condition's ``value`` is ``truth`` on every row (never NULL)."""
    if not pa.types.is_boolean(value.type):
        return False
    if isinstance(value, pa.Scalar):
        return value.as_py() is truth
    return not value.null_count and _true_count(value) == (len(value) if truth else 0)


def _true_count(flags: pa.Array | pa.ChunkedArray) -> int:
    """How many rows a condition is true on (no kernel: Arrow counts a boolean array's bits)."""
    if isinstance(flags, pa.ChunkedArray):
        return sum(c.true_count for c in flags.chunks)
    return flags.true_count  # type: ignore[no-any-return]


def _kleene(left: Node, right: Node, *, settles: bool) -> Node:
    """``left OR right`` (``settles``: the value that settles it, true) or ``left AND right``
    (false), with SQL's three-valued logic; ``right`` is not evaluated where ``left`` is
    ``settles`` on every row.

    Why: most rows pass most rules, so the first terms of a rule's ``AND`` are false on every
    row more often than not, and the rest of its condition (often the costlier part: a
    subquery, a date sum) decides nothing. SQL's value is the same either way.
    """
    combine = pc.or_kleene if settles else pc.and_kleene

    def node(env: Env) -> Value:
        a = left(env)
        if _everywhere(a, settles):
            return a
        b = right(env)
        if _everywhere(b, settles):
            return b
        if _everywhere(a, not settles) and pa.types.is_boolean(b.type):
            return b
        return combine(a, b)

    return node


def _is_null(value: Value, null: bool) -> Value:
    """``value IS NULL`` (``null``) or ``IS NOT NULL``: one value for all rows where none is NULL."""
    if isinstance(value, pa.Array) and not value.null_count:
        return _FALSE if null else _TRUE
    return pc.is_null(value) if null else pc.is_valid(value)


def _not_distinct(a: Value, b: Value, env: Env | None = None) -> Value:
    """SQL ``a IS NOT DISTINCT FROM b``: equal, or both NULL; never NULL."""
    if isinstance(b, pa.Scalar) and b.is_valid and pa.types.is_string(b.type) and env is not None:
        coded = _coded(env, a)
        if coded is not None:
            text = b.as_py()
            return coded.where(lambda v: v == text, null=False)
    same = pc.equal(a, b)
    if same.is_valid if isinstance(same, pa.Scalar) else not same.null_count:
        return same
    known = pc.coalesce(same, _FALSE)  # a scalar to fill with: far cheaper than an array
    if any(isinstance(v, pa.Array) and not v.null_count for v in (a, b)):
        return known  # never both NULL
    return pc.or_(known, pc.and_(pc.is_null(a), pc.is_null(b)))


@cache
def _value_set(values: tuple[str, ...], of: pa.DataType) -> pa.Array:
    """A literal list as an array of the type it is compared with (made once per process)."""
    return pa.array(values, of)


class Coded:
    """A string column as its few distinct values and each row's (``at``, 0 where ``nulls``), so
    that a condition on it is decided once per distinct value, not once per row: the coded
    columns (episodes' PLACE, LS, RNE...) are read by dozens of rules, and hashing each row's
    string again for each of them was the largest cost of a national-size return's ``IN`` lists.
    """

    #: A column of more distinct values than this is not coded (postcodes, URNs: read by few
    #: rules, and deciding each value in Python would cost more than Arrow's look-up per row).
    MOST = 256

    def __init__(self, at: np.ndarray, nulls: np.ndarray | None, values: list[str]) -> None:
        self.at, self.nulls, self.values = at, nulls, values

    @classmethod
    def of(cls, column: pa.Array) -> Coded | None:
        """``column`` coded, or None where it has more than :attr:`MOST` distinct values."""
        encoded = column.dictionary_encode()
        if len(encoded.dictionary) > cls.MOST:
            return None
        at = encoded.indices
        nulls = np.asarray(at.is_null()) if at.null_count else None
        plain = (at.fill_null(0) if at.null_count else at).to_numpy().astype(np.intp)
        return cls(plain, nulls, encoded.dictionary.to_pylist())

    def where(self, truth: Callable[[str], bool], *, null: bool | None = None) -> pa.Array:
        """``truth`` of each row's value; ``null`` for a NULL row (None: NULL)."""
        found = np.fromiter((truth(v) for v in self.values), dtype=bool, count=len(self.values))
        rows = found[self.at] if len(found) else np.zeros(len(self.at), dtype=bool)
        if self.nulls is None:
            return pa.array(rows, pa.bool_())
        if null is None:
            return pa.array(rows, pa.bool_(), mask=self.nulls)
        rows[self.nulls] = null
        return pa.array(rows, pa.bool_())


def _per_column(
    env: Env | None, column: Value, what: str, make: Callable[[pa.Array], object], again: bool
) -> object:
    """``make(column)`` kept by the table loader (:data:`TABLES`) for the validation, where
    ``column`` is a column of a table it gives (the engine's keeps them, ``engine._Columns``);
    with ``again``, only from the second time it is asked for (a column read once is not worth
    it). None where it is not kept: the caller computes what it needs itself."""
    if env is None or not isinstance(column, pa.Array):
        return None
    keep = getattr(env.get(TABLES), "column", None)
    return keep(column, what, make, again) if keep is not None else None


def _coded(env: Env, x: Value) -> Coded | None:
    """``x`` coded (:class:`Coded`), where it is a string column read more than once."""
    if not isinstance(x, pa.Array) or not pa.types.is_string(x.type):
        return None
    return _per_column(env, x, "coded", Coded.of, True)  # type: ignore[return-value]


def _compare(fn: Callable[[Value, Value], Value], op: str) -> Callable[[Env, Value, Value], Value]:
    """A comparison ``op`` (``fn`` in Arrow), decided per distinct value where one side is a coded
    column (:class:`Coded`) and the other a string, for ``=`` and ``<>``."""
    if op not in ("=", "<>", "!="):
        return lambda env, a, b: fn(a, b)
    equal = op == "="

    def compare(env: Env, a: Value, b: Value) -> Value:
        column, other = (a, b) if isinstance(b, pa.Scalar) else (b, a)
        if isinstance(other, pa.Scalar) and other.is_valid and pa.types.is_string(other.type):
            coded = _coded(env, column)
            if coded is not None:
                text = other.as_py()
                return coded.where((lambda v: v == text) if equal else (lambda v: v != text))
        return fn(a, b)

    return compare


def _in(x: Value, values: tuple[str, ...], env: Env | None = None) -> Value:
    """SQL ``x IN (...)``: NULL for a NULL ``x`` (the list holds no NULL)."""
    coded = _coded(env, x) if env is not None else None
    if coded is not None:
        return coded.where(frozenset(values).__contains__)
    found = pc.is_in(x, value_set=_value_set(values, x.type))
    if isinstance(x, pa.Array) and not x.null_count:
        return found
    return pc.if_else(pc.is_null(x), pa.scalar(None, pa.bool_()), found)


def _in_rows(x: Value, rows: pa.Array) -> Value:
    """SQL ``x IN (SELECT ...)``: true where found; false where not and the rows hold no NULL,
    else NULL; NULL for a NULL ``x``; false for every ``x`` when there are no rows."""
    if len(rows) == 0:
        return pa.scalar(False) if isinstance(x, pa.Scalar) else pa.array([False] * len(x), pa.bool_())
    unknown = pa.scalar(None, pa.bool_())
    found = pc.is_in(x, value_set=rows.drop_null().cast(x.type))
    missing = unknown if rows.null_count else pa.scalar(False)
    return pc.if_else(pc.is_null(x), unknown, pc.if_else(found, pa.scalar(True), missing))


@dataclass(frozen=True)
class _Numbered:
    """An ``IN`` subquery's children as numbers (:data:`CODE`): ``found[n]`` whether child ``n``
    is among its rows (None where its table has no numbers), how many rows, whether one has no
    child (what makes ``x NOT IN`` NULL rather than true)."""

    found: np.ndarray | None
    rows: int
    nulls: bool


def _numbered(codes: np.ndarray) -> _Numbered:
    """The :class:`_Numbered` of a subquery's rows' child numbers (-1 for no child)."""
    found = np.zeros(int(codes.max(initial=-1)) + 1, dtype=bool)
    found[codes[codes >= 0]] = True
    return _Numbered(found, len(codes), bool((codes < 0).any()))


def _in_numbered(
    left: Node, at: str, rows: Callable[[Env], pa.Array], by_number: Callable[[Env], _Numbered]
) -> Node:
    """``child IN (SELECT child ...)`` matched on the children's numbers where both sides have
    them (the engine's tables do), with :func:`_in_rows`'s answers; on the CHILD strings
    otherwise. Why: comparing strings was the largest cost left in a borough's validation."""

    def node(env: Env) -> Value:
        x, outer = left(env), _codes(env, at)
        same = outer is not None and isinstance(x, pa.Array) and len(x) == len(outer)
        numbered = by_number(env) if same else None
        if numbered is None or numbered.found is None:
            return _in_rows(x, rows(env))
        if numbered.rows == 0:
            return pa.array(np.zeros(len(outer), dtype=bool), pa.bool_())  # type: ignore[arg-type]
        found = numbered.found
        hit = np.zeros(len(outer), dtype=bool)  # type: ignore[arg-type]
        inside = (outer >= 0) & (outer < len(found))  # type: ignore[operator]
        hit[inside] = found[outer[inside]]  # type: ignore[index]
        unknown = outer < 0  # type: ignore[operator]
        if numbered.nulls:
            unknown = unknown | ~hit
        return pa.array(hit, pa.bool_(), mask=unknown if unknown.any() else None)

    return node


def _except_numbered(rows: _Numbered, env: Env, table: str) -> _Numbered:
    """``(SELECT child ... EXCEPT SELECT child FROM table)`` by the children's numbers: ``rows``'
    children less ``table``'s (a NULL child less too, where ``table`` has one, as EXCEPT has NULL
    equal NULL); no numbers where either side has none."""
    gone = _codes(env[TABLES](table), CODE)  # type: ignore[index,operator]
    if rows.found is None or gone is None:
        return _Numbered(None, 0, False)
    found = rows.found.copy()
    found[gone[(gone >= 0) & (gone < len(found))]] = False
    nulls = rows.nulls and not bool((gone < 0).any())
    return _Numbered(found, int(found.sum()) + nulls, nulls)


def _kept(values: pa.Array, keep: Value) -> pa.Array:
    """``values`` where ``keep`` is true (a NULL keeps none, as in a ``WHERE``)."""
    if isinstance(keep, pa.Scalar):
        return values if keep.as_py() else values.slice(0, 0)
    return pc.filter(values, pc.fill_null(keep, False))


def _count(env: Env) -> int:
    """How many rows a table's ``Env`` holds (its row count, else its first column's length)."""
    rows = env.get("@rows")
    if rows is not None:
        return int(rows)  # type: ignore[arg-type]
    return next(len(v) for v in env.values() if isinstance(v, pa.Array))


def _except(rows: pa.Array, unless: pa.Array) -> pa.Array:
    """SQL ``EXCEPT``: the distinct values of ``rows`` not among ``unless`` (a NULL matches a NULL)."""
    left = pc.unique(rows)
    gone = pc.is_in(left, value_set=unless.cast(left.type), skip_nulls=False)
    return pc.filter(left, pc.invert(gone))


def _age_at(dob: Value, day: Value, env: Env | None = None) -> Value:
    """The engine's ``age_at`` macro: whole years from ``dob`` to ``day`` (NULL where either is),
    on the days' calendar dates in numpy (:func:`_calendar`): a dozen ``pyarrow.compute`` calls
    fewer for each age a rule reads."""
    if not all(pa.types.is_date32(v.type) for v in (dob, day)):
        years = pc.subtract(pc.year(day), pc.year(dob))
        md_day = pc.add(pc.multiply(pc.month(day), 100), pc.day(day))
        md_dob = pc.add(pc.multiply(pc.month(dob), 100), pc.day(dob))
        return pc.subtract(years, pc.cast(pc.less(md_day, md_dob), pa.int64()))
    by, bm, bd, born_null = _calendar(dob, env)
    ty, tm, td, then_null = _calendar(day, env)
    age = (ty - by) - ((tm * 100 + td) < (bm * 100 + bd))
    missing = born_null | then_null
    if isinstance(dob, pa.Scalar) and isinstance(day, pa.Scalar):
        return pa.scalar(None if missing[0] else int(age[0]), pa.int64())
    return pa.array(age, pa.int64(), mask=missing if missing.any() else None)


Calendar = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _calendar(d: Value, env: Env | None = None) -> Calendar:
    """A date32 array's (or scalar's, as one row) year, month, day and where it is NULL; kept per
    validation for a column (``dob``, ``decom``: read by many rules, :func:`_per_column`)."""
    kept = _per_column(env, d, "calendar", _calendar_of, False)
    return kept if kept is not None else _calendar_of(d)  # type: ignore[return-value]


def _calendar_of(d: Value) -> Calendar:
    if isinstance(d, pa.Scalar):
        days = d.cast(pa.int32()).as_py() if d.is_valid else None
        plain, nulls = np.array([days or 0], dtype=np.int64), np.array([days is None])
    else:
        numbers = d.cast(pa.int32())
        if not numbers.null_count:
            plain, nulls = numbers.to_numpy().astype(np.int64), np.zeros(len(numbers), dtype=bool)
        else:
            plain, nulls = numbers.fill_null(0).to_numpy().astype(np.int64), np.asarray(numbers.is_null())
    return (*_civil(plain), nulls)


def _plus_years(d: Value, n: int, env: Env | None = None) -> Value:
    """The engine's ``plus_years`` macro (DuckDB's date + n years: 29 February to 28 February)."""
    if isinstance(d, pa.Scalar):
        return _plus_years(pa.array([d.as_py()], pa.date32()), n)[0]
    year, month, day, nulls = _calendar(d, env)
    year = year + n
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    out = _days_from_civil(year, month, day).astype(np.int32)
    return pa.array(out, pa.int32(), mask=nulls if nulls.any() else None).cast(pa.date32())


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 as (year, month, day) of the proleptic Gregorian calendar, in whole
    numbers (H. Hinnant's ``civil_from_days``): a few integer operations on the whole array,
    where numpy's month arithmetic on ``datetime64`` cost a borough's return milliseconds."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, day


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """:func:`_civil` reversed (H. Hinnant's ``days_from_civil``)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _make_date(y: Value, m: Value, d: Value) -> Value:
    if not all(isinstance(v, pa.Scalar) for v in (y, m, d)):
        raise Unsupported("make_date on columns")
    return pa.scalar(date(y.as_py(), m.as_py(), d.as_py()), pa.date32())


#: The key of an ``Env`` holding its memo: each compiled piece's value on that ``Env``, by the piece's
#: text (:func:`_shared`). An ``Env`` without one (a test's plain ``dict``) evaluates every time.
MEMO = "@memo"


def _shared(method: Callable[[_Parser], Node]) -> Callable[[_Parser], Node]:
    """A parsing method whose node is evaluated once per ``Env`` for all the rules reading it.

    Why: some 260 rules are evaluated on a dozen tables' environments, and many of them compute the
    same piece -- ``age_at(dob, decom)``, ``valid_code('episodes', 'place', place)``, ``child IN
    (SELECT child FROM cla12)``, the same ``OC3`` activity test -- each a few ``pyarrow.compute``
    calls. The piece's value depends only on its text, the names its columns are qualified with
    (the parser's scopes) and the ``Env`` (one table's rows in one validation), so it is kept in
    the ``Env``'s :data:`MEMO` under that text and computed once. A one-token piece (a column, a
    literal) costs nothing to compute and is not kept.
    """

    def parse(self: _Parser) -> Node:
        start = self.at
        node = method(self)
        if self.at - start < 2:
            return node
        key = " ".join(t for _, t in self.tokens[start : self.at]) + " @ " + repr(sorted(self.scopes.items()))
        if getattr(node, "memo_key", None) == key:  # the same piece kept already (``a = b`` is a predicate,
            return node  # a negation, a conjunction and a disjunction): one look-up, not four

        def memoised(env: Env) -> Value:
            return _once(env.get(MEMO), key, node, env)  # type: ignore[arg-type]

        memoised.memo_key = key  # type: ignore[attr-defined]
        memoised.constant = getattr(node, "constant", False)  # type: ignore[attr-defined]
        return memoised

    return parse


def _per_validation(key: str, make: Callable[[Env], Value]) -> Callable[[Env], Value]:
    """``make``, whose value depends on the validation's tables only (an uncorrelated subquery's
    rows, the children an ``EXISTS`` on the child finds), computed once per validation: kept in
    the memo of the table loader (:data:`TABLES`) where it has one (``memo``), not once per
    table a rule reads it from (rule 1012 asks for the same ``EXCEPT`` on eight tables)."""

    def node(env: Env) -> Value:
        return _once(getattr(env[TABLES], "memo", None), key, make, env)  # type: ignore[index]

    return node


def _once(memo: dict[str, Value] | None, key: str, make: Callable[[Env], Value], env: Env) -> Value:
    """``make(env)``, kept in ``memo`` under ``key`` when there is a memo (computed once)."""
    if memo is None:
        return make(env)
    value = memo.get(key)
    if value is None:
        value = memo[key] = make(env)
    return value


#: The prefix of an outer query's column in the ``Env`` of an ``EXISTS``'s pairs (:class:`_Pairs`).
_OUTER = "@outer."


#: The key of an ``Env`` giving its rows' children as numbers, the same child the same number
#: in every table of a validation (NULL for no child): the engine's tables have it
#: (``engine._Columns``), and where both sides of a match on the child do, it is made on them.
CODE = "@child"


def _codes(env: Env, key: str) -> np.ndarray | None:
    """``env``'s child numbers under ``key`` (-1 for no child), or None where it has none; kept in
    its memo where it has one (some rules read a table's numbers, each a conversion)."""
    memo = env.get(MEMO)
    kept = memo.get(("@codes", key)) if memo is not None else None  # type: ignore[attr-defined]
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    try:
        codes = env[key]
    except (KeyError, Unsupported):
        return None
    numbers = (
        codes.to_numpy(zero_copy_only=False) if not codes.null_count else pc.fill_null(codes, -1).to_numpy()
    )
    numbers = numbers.astype(np.int64)
    numbers.flags.writeable = False  # shared by every rule reading them
    if memo is not None:
        memo[("@codes", key)] = numbers  # type: ignore[index]
    return numbers


def _pairs(
    outer: pa.Array, inner: pa.Array, codes: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of an ``outer`` and an ``inner`` position holding the same child (a NULL child
    is in none), as two arrays of positions, by outer position; ``codes``: both sides' child
    numbers (:data:`CODE`), when they have them."""
    if codes is None:
        children = pc.unique(inner.drop_null().cast(outer.type))
        at_outer = pc.fill_null(pc.index_in(outer, value_set=children), -1).to_numpy(zero_copy_only=False)
        at_inner = pc.fill_null(pc.index_in(inner.cast(outer.type), value_set=children), -1).to_numpy(
            zero_copy_only=False
        )
        size = len(children)
    else:
        at_outer, at_inner = codes
        size = int(max(at_outer.max(initial=-1), at_inner.max(initial=-1))) + 1
    order = np.argsort(at_inner, kind="stable")  # the inner rows by child (their first position)
    counts = np.bincount(at_inner[at_inner >= 0], minlength=size)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) + int((at_inner < 0).sum())
    rows = np.flatnonzero(at_outer >= 0)
    each = counts[at_outer[rows]]
    left = np.repeat(rows, each)
    within = np.arange(len(left)) - np.repeat(np.cumsum(each) - each, each)
    right = order[np.repeat(starts[at_outer[rows]], each) + within]
    return left.astype(np.int64), right.astype(np.int64)


def _paired(env: Env, table: str, on: str) -> tuple[Value, np.ndarray, _Pairs]:
    """A correlated subquery's pairs of rows (:func:`_pairs`): the outer rows' children (under
    the prefix ``on``), each pair's outer position, and the pairs' ``Env``, matched by the
    children's numbers where both sides have them."""
    inner = env[TABLES](table)  # type: ignore[index,operator]
    key = env[on + "child"]
    codes = _codes(env, on + CODE), _codes(inner, CODE)
    both = None if codes[0] is None or codes[1] is None else codes
    at_outer, at_inner = _pairs(key, inner["child"], both)  # type: ignore[arg-type]
    return key, at_outer, _Pairs(env, at_outer, inner, at_inner)


class _Pairs(Mapping):
    """The ``Env`` of an ``EXISTS``'s pairs of rows (:func:`_pairs`): the inner table's columns as
    they are named, the outer query's under :data:`_OUTER`, each taken when first read."""

    def __init__(self, outer: Env, at_outer: np.ndarray, inner: Env, at_inner: np.ndarray) -> None:
        self.outer, self.inner = outer, inner
        self.at_outer, self.at_inner = pa.array(at_outer, pa.int64()), pa.array(at_inner, pa.int64())
        self.taken: dict[str, object] = {MEMO: {}, "@rows": len(at_inner)}

    def __getitem__(self, key: str) -> Value:
        if key in self.taken:
            return self.taken[key]  # type: ignore[return-value]
        if isinstance(key, str) and key.startswith(_OUTER):
            value, at = self.outer[key[len(_OUTER) :]], self.at_outer
        else:
            value, at = self.inner[key], self.at_inner
        if isinstance(value, pa.Array):
            value = value.take(at)
            self.taken[key] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


class _Parser:
    """Recursive descent over the condition's tokens, building closures over the row's columns."""

    def __init__(self, text: str, alias: str | None = None, census: str | None = None) -> None:
        self.tokens = _tokens(text)
        self.at = 0
        #: How many columns of an outer query an ``EXISTS`` has read so far (:meth:`exists`).
        self.outer_reads = 0
        #: The names a column may be qualified with, and where its values are in the ``Env``:
        #: the rule's own table and the census unprefixed, a joined table's as ``<alias>.<column>``.
        self.scopes: dict[str, str] = {"census": ""}
        self.scopes.update({name: "" for name in (alias, census) if name})

    def is_word(self, value: str, offset: int = 0) -> bool:
        kind, text = self.peek(offset)
        return kind in ("word", "kw") and text.upper() == value

    def peek(self, offset: int = 0) -> tuple[str, str]:
        i = self.at + offset
        return self.tokens[i] if i < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise Unsupported(f"expected {value}, found {tok[1]!r}")
        self.at += 1
        return tok

    def accept(self, value: str) -> bool:
        if self.peek()[1] == value and self.peek()[0] in ("kw", "op"):
            self.at += 1
            return True
        return False

    def parse(self) -> Node:
        node = self.disjunction()
        if self.peek()[0] != "end":
            raise Unsupported(f"unexpected {self.peek()[1]!r}")
        return node

    @_shared
    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.accept("OR"):
            node = _kleene(node, self.conjunction(), settles=True)
        return node

    @_shared
    def conjunction(self) -> Node:
        terms = [self.negation()]
        while self.accept("AND"):
            terms.append(self.negation())
        # A term of one value for every row (an uncorrelated EXISTS: is a postcode directory
        # loaded?) first: where it is false the rest is never evaluated (:func:`_kleene`). SQL's
        # AND is the same in any order.
        terms.sort(key=lambda term: not getattr(term, "constant", False))
        node = terms[0]
        for term in terms[1:]:
            node = _kleene(node, term, settles=False)
        return node

    @_shared
    def negation(self) -> Node:
        if self.accept("NOT"):
            inner = self.negation()
            node = lambda env: pc.invert(inner(env))  # noqa: E731
            node.constant = getattr(inner, "constant", False)  # type: ignore[attr-defined]
            return node
        return self.predicate()

    @_shared
    def predicate(self) -> Node:
        start = self.at
        left = self.additive()
        child = self.child_column(start)
        kind, value = self.peek()
        if kind == "op" and value in _COMPARE:
            self.take()
            right = self.additive()
            compare = _compare(_COMPARE[value], value)
            return lambda env: compare(env, left(env), right(env))
        if self.accept("IS"):
            negated = self.accept("NOT")
            if self.accept("NULL"):
                return lambda env: _is_null(left(env), not negated)
            self.take("DISTINCT")
            self.take("FROM")
            right = self.additive()
            if negated:
                return lambda env: _not_distinct(left(env), right(env), env)
            return lambda env: pc.invert(_not_distinct(left(env), right(env), env))
        negated = self.accept("NOT")
        if self.accept("IN"):
            if self.peek(1)[0] == "word" and self.peek(1)[1].upper() == "SELECT":
                rows, by_number = self.subquery()
                node: Node = lambda env: _in_rows(left(env), rows(env))  # noqa: E731
                if by_number is not None and child is not None:
                    node = _in_numbered(left, child, rows, by_number)
            else:
                values = self.literal_list()
                node = lambda env: _in(left(env), values, env)  # noqa: E731
        elif self.accept("BETWEEN"):
            low = self.additive()
            self.take("AND")
            high = self.additive()
            node = lambda env: pc.and_kleene(  # noqa: E731
                pc.greater_equal(left(env), low(env)), pc.less_equal(left(env), high(env))
            )
        elif self.accept("LIKE"):
            kind, text = self.take()
            if kind != "str":
                raise Unsupported("LIKE without a literal pattern")
            pattern = text[1:-1].replace("''", "'")
            node = lambda env: pc.match_like(left(env), pattern)  # noqa: E731
        elif negated:
            raise Unsupported("NOT where a predicate was expected")
        else:
            return left
        return (lambda env: pc.invert(node(env))) if negated else node

    def child_column(self, start: int) -> str | None:
        """Where the child numbers (:data:`CODE`) of the column just read from ``start`` would be
        in the ``Env``, when that column is a ``child`` (``child`` or ``alias.child``); else None."""
        read = self.tokens[start : self.at]
        if len(read) == 1 and read[0][0] == "word" and read[0][1].lower() == "child":
            return CODE
        if (
            len(read) == 3 and read[0][0] == "word" and read[0][1] in self.scopes
            and read[1] == ("op", ".") and read[2][1].lower() == "child"
        ):  # fmt: skip
            return self.scopes[read[0][1]] + CODE
        return None

    def word(self, value: str) -> None:
        kind, text = self.take()
        if kind not in ("word", "kw") or text.upper() != value:
            raise Unsupported(f"expected {value}, found {text!r}")

    def subquery(self) -> tuple[Callable[[Env], pa.Array], Callable[[Env], _Numbered] | None]:
        """``(SELECT col FROM table[ alias][, census[ alias]][ WHERE condition][ GROUP BY col
        HAVING count(DISTINCT child) > n])``, not correlated: the column's values on the rows where
        the condition is true (those held by more than ``n`` children, with the ``GROUP BY``),
        from the table :data:`TABLES` (the ``env``'s loader) gives; and, for ``SELECT child``
        without ``EXCEPT`` or ``GROUP BY``, the same rows' child numbers (:func:`_numbered`, once
        per validation; None otherwise)."""
        start = self.at
        self.take("(")
        self.word("SELECT")
        kind, column = self.take()
        qualifier = None
        if self.accept("."):  # alias.column
            qualifier, column = column, self.take()[1]
        self.word("FROM")
        kind, table = self.take()
        if kind != "word":
            raise Unsupported("a subquery not on a table")
        alias = census = None
        if self.peek()[0] == "word" and not (self.is_word("WHERE") or self.is_word("EXCEPT")):
            alias = self.take()[1]
        if qualifier is not None and qualifier != (alias or table):
            raise Unsupported(f"a column of {qualifier}")
        if self.accept(","):
            self.word("CENSUS")
            if self.peek()[0] == "word" and self.peek()[1].upper() != "WHERE":
                census = self.take()[1]
        outer = self.scopes
        self.scopes = {"census": "", **{n: "" for n in (alias, census) if n}}
        condition: Node | None = None
        try:
            if self.peek()[0] == "word" and self.peek()[1].upper() == "WHERE":
                self.take()
                condition = self.disjunction()
            more_than = self.having(column) if self.is_word("GROUP") else None
            unless = self.except_() if self.is_word("EXCEPT") else None
        finally:
            self.scopes = outer
        self.take(")")
        name = column.lower()

        def rows(env: Env) -> pa.Array:
            inner = env[TABLES](table)  # type: ignore[index,operator]
            values = inner.get(name)
            if values is None:
                raise Unsupported(f"no column {name} in {table}")
            children = None
            if more_than is not None:  # by number where the table has them: counting numbers costs less
                children = inner.get(CODE)
                children = inner.get("child") if children is None else children
            if condition is not None:
                keep = condition(inner)
                values = _kept(values, keep)
                children = _kept(children, keep) if children is not None else None
            if more_than is None:
                return values
            if children is None:
                raise Unsupported(f"no column child in {table}")
            totals = (
                pa.table({"value": values, "child": children})
                .group_by("value", use_threads=False)  # NULL is a value of its own, as in SQL
                .aggregate([("child", "count_distinct")])  # children other than NULL
            )
            many = pc.greater(totals["child_count_distinct"], more_than)
            return totals["value"].filter(many).combine_chunks()

        def numbered(env: Env) -> _Numbered:
            inner = env[TABLES](table)  # type: ignore[index,operator]
            codes = _codes(inner, CODE)
            if codes is None:
                return _Numbered(None, 0, False)
            if condition is not None:
                keep = condition(inner)
                if isinstance(keep, pa.Scalar):
                    codes = codes if keep.as_py() else codes[:0]
                else:
                    codes = codes[pc.fill_null(keep, False).to_numpy(zero_copy_only=False)]
            return _numbered(codes)

        key = "IN " + " ".join(t for _, t in self.tokens[start : self.at])
        if unless is not None:
            less, less_table, less_column = unless
            fewer = None
            if name == "child" and less_column == "child" and more_than is None:
                fewer = _per_validation(
                    "IN by number " + key, lambda env: _except_numbered(numbered(env), env, less_table)
                )
            return _per_validation(key, lambda env: _except(rows(env), less(env))), fewer  # type: ignore[return-value]
        by_number = (
            _per_validation("IN by number " + key, numbered)
            if name == "child" and more_than is None
            else None
        )
        return _per_validation(key, rows), by_number  # type: ignore[return-value]

    def having(self, column: str) -> int:
        """``GROUP BY col HAVING count(DISTINCT child) > n`` ending an ``IN`` subquery on ``col``
        (rule 444: a UPN held by more than one child): ``n``."""
        self.take()
        self.word("BY")
        if self.take()[1].lower() != column.lower():
            raise Unsupported("GROUP BY other than the column selected")
        self.word("HAVING")
        self.word("COUNT")
        self.take("(")
        self.word("DISTINCT")
        if self.take()[1].lower() != "child":
            raise Unsupported("a count of other than distinct children")
        self.take(")")
        self.take(">")
        kind, n = self.take()
        if kind != "num":
            raise Unsupported("HAVING other than a count above a number")
        return int(n)

    def except_(self) -> tuple[Callable[[Env], pa.Array], str, str]:
        """``EXCEPT SELECT col FROM table`` ending an ``IN`` subquery: the values to take away, and
        the table and column they are read from."""
        self.take()
        self.word("SELECT")
        kind, column = self.take()
        self.word("FROM")
        kind, table = self.take()
        if kind != "word" or self.peek() != ("op", ")"):
            raise Unsupported("EXCEPT other than SELECT col FROM table")
        name = column.lower()

        def rows(env: Env) -> pa.Array:
            values = env[TABLES](table).get(name)  # type: ignore[index,operator]
            if values is None:
                raise Unsupported(f"no column {name} in {table}")
            return values

        return rows, table, name

    def correlated_from(self, what: str) -> tuple[str, dict[str, str], str | None, list[Node]]:
        """A subquery's ``FROM table[ alias][ WHERE term AND ...]`` (for ``what``: EXISTS, sum): its
        table, the scopes its terms are read in (the inner table's columns as they are named, the
        outer tables' through the pairs, :class:`_Pairs`), where the outer child is when one term is
        ``alias.child = <outer>.child`` (its prefix in the ``Env``; None without), and the other
        terms."""
        self.word("FROM")
        kind, table = self.take()
        if kind != "word":
            raise Unsupported(f"{what} on other than a table")
        alias = self.take()[1] if self.peek()[0] == "word" and not self.is_word("WHERE") else table
        outer = self.scopes
        inner = {n: _OUTER + p for n, p in outer.items() if n != "census"} | {"census": "", alias: ""}
        correlated: str | None = None
        terms: list[Node] = []
        if self.is_word("WHERE"):
            self.take()
            while True:
                pair = self.correlation(alias, outer)
                if pair is not None:
                    if correlated is not None:
                        raise Unsupported(f"{what} correlated twice")
                    correlated = pair
                else:
                    self.scopes = inner
                    try:
                        terms.append(self.negation())
                    finally:
                        self.scopes = outer
                if not self.accept("AND"):
                    break
        return table, inner, correlated, terms

    def exists(self) -> Node:
        """``EXISTS (SELECT 1 FROM table[ alias][ WHERE condition])``: uncorrelated, or correlated
        by one ``alias.child = <outer>.child`` among the condition's top-level ``AND`` terms.
        Where the other terms read the inner table's columns only, evaluated as a semi-join on
        the child: the children of the rows where they are true. Where they read the outer
        row's too (``l.decom = e.decom``), on every pair of an outer and an inner row of the same
        child (:func:`_pairs`): true for the outer rows with a pair where they are true. Never
        NULL."""
        start = self.at
        self.take("(")
        self.word("SELECT")
        if self.take() != ("num", "1"):
            raise Unsupported("EXISTS (SELECT other than 1")
        reads_outer = self.outer_reads
        table, _, correlated, terms = self.correlated_from("EXISTS")
        self.take(")")
        paired = self.outer_reads > reads_outer
        if paired and correlated is None:
            raise Unsupported("EXISTS reading the outer row without the child")

        def keep(inner: Env) -> Value | None:
            """Which inner rows the terms other than the correlation keep (None: all)."""
            kept: Value | None = None
            for term in terms:
                value = term(inner)
                kept = value if kept is None else pc.and_kleene(kept, value)
            return None if kept is None else pc.fill_null(kept, False)

        def found(env: Env) -> Value:
            """Uncorrelated: whether any inner row is kept; else the children of those kept."""
            inner = env[TABLES](table)  # type: ignore[index,operator]
            kept = keep(inner)
            if correlated is None:  # any row at all (a table may have no child column: postcodes)
                if kept is None:
                    return pa.scalar(_count(inner) > 0)
                if isinstance(kept, pa.Scalar):
                    return pa.scalar(bool(kept.as_py()) and _count(inner) > 0)
                return pa.scalar(pc.any(kept).as_py() is True)
            if isinstance(kept, pa.Scalar):
                kept = None if kept.as_py() else pa.array([False] * _count(inner), pa.bool_())
            children = inner["child"] if kept is None else pc.filter(inner["child"], kept)  # type: ignore[arg-type]
            return children.drop_null()

        def found_codes(env: Env) -> Value:
            """Which child numbers (:data:`CODE`) the kept inner rows hold, as a mask by number
            (of no type where the inner table has no numbers)."""
            inner = env[TABLES](table)  # type: ignore[index,operator]
            codes = _codes(inner, CODE)
            if codes is None:
                return pa.nulls(0)
            kept = keep(inner)
            if isinstance(kept, pa.Scalar):
                codes = codes if kept.as_py() else codes[:0]
            elif kept is not None:
                codes = codes[kept.to_numpy(zero_copy_only=False)]
            mask = np.zeros(int(codes.max(initial=-1)) + 1, dtype=bool)
            mask[codes[codes >= 0]] = True
            return pa.array(mask, pa.bool_())

        # The outer rows play no part in it (the terms read the inner table's columns only).
        text = " ".join(t for _, t in self.tokens[start : self.at])
        shared = _per_validation("EXISTS " + text, found)
        shared_codes = _per_validation("EXISTS by number " + text, found_codes)

        def node(env: Env) -> Value:
            if correlated is None:
                return shared(env)
            outer_codes = _codes(env, correlated + CODE)
            by_number = shared_codes(env) if outer_codes is not None else None
            if by_number is None or pa.types.is_null(by_number.type):  # by the children's names
                key = env[correlated + "child"]
                return pc.fill_null(pc.is_in(key, value_set=shared(env).cast(key.type)), False)
            mask = by_number.to_numpy(zero_copy_only=False)
            hit = np.zeros(len(outer_codes), dtype=bool)  # type: ignore[arg-type]
            inside = (outer_codes >= 0) & (outer_codes < len(mask))  # type: ignore[operator]
            hit[inside] = mask[outer_codes[inside]]  # type: ignore[index]
            return pa.array(hit, pa.bool_())

        def paired_node(env: Env) -> Value:
            key, at_outer, pairs = _paired(env, table, correlated)  # type: ignore[arg-type]
            kept = keep(pairs)
            hit = np.zeros(len(key), dtype=bool)
            if kept is None or isinstance(kept, pa.Scalar):
                if kept is None or kept.as_py():
                    hit[at_outer] = True
            else:
                hit[at_outer[kept.to_numpy(zero_copy_only=False)]] = True
            return pa.array(hit, pa.bool_())

        if paired:
            return paired_node
        node.constant = correlated is None  # type: ignore[attr-defined]  # one value for every row
        return node

    def scalar_sum(self) -> Node:
        """``(SELECT sum(<expression>) FROM table[ alias] WHERE <alias>.child = <outer>.child[ AND
        ...])``, the ``(`` taken: a correlated sum, evaluated like an ``EXISTS`` reading the outer
        row (:meth:`exists`), on every pair of an outer and an inner row of the same child
        (:func:`_pairs`); the values of the pairs the other terms keep are added up per outer row,
        NULL where none has a value, as SQL's ``sum``. Why: rule 1001 adds up a young person's days
        in care after their 14th birthday, counted from their own DOB, and was the last rule of a
        borough's return left to DuckDB (opening it cost more than every other rule together)."""
        self.word("SELECT")
        if not self.is_word("SUM") or self.peek(1) != ("op", "("):
            raise Unsupported("a scalar subquery other than sum(...)")
        self.take()
        self.take("(")
        expression_at, depth = self.at, 1
        while depth:  # the expression is read once the inner table's alias is known
            kind, text = self.take()
            if kind == "end":
                raise Unsupported("sum( without its )")
            depth += {"(": 1, ")": -1}.get(text, 0) if kind == "op" else 0
        outer = self.scopes
        table, inner_scopes, correlated, terms = self.correlated_from("sum")
        self.take(")")
        if correlated is None:
            raise Unsupported("sum not correlated on the child")
        after, self.at, self.scopes = self.at, expression_at, inner_scopes
        try:
            expression = self.additive()
            self.take(")")
        finally:
            self.at, self.scopes = after, outer
        on = correlated

        def node(env: Env) -> Value:
            key, at_outer, pairs = _paired(env, table, on)
            value = expression(pairs)
            if isinstance(value, pa.Scalar):
                value = pa.repeat(value, len(at_outer))
            if not (pa.types.is_integer(value.type) or pa.types.is_floating(value.type)):
                raise Unsupported("a sum of other than numbers")
            kept = ~np.asarray(pc.is_null(value))
            for term in terms:
                flag = term(pairs)
                if isinstance(flag, pa.Scalar):
                    kept &= bool(flag.as_py())
                else:
                    kept &= np.asarray(pc.fill_null(flag, False))
            numbers = np.asarray(pc.fill_null(value, 0), dtype=np.float64)
            rows = len(key)
            sums = np.bincount(at_outer[kept], weights=numbers[kept], minlength=rows)
            none = np.bincount(at_outer[kept], minlength=rows) == 0
            if pa.types.is_integer(value.type):
                return pa.array(np.rint(sums).astype(np.int64), pa.int64(), mask=none)
            return pa.array(sums, pa.float64(), mask=none)

        return node

    def case(self) -> Node:
        """``CASE [x] WHEN a THEN v ... [ELSE e] END``: the value of the first ``WHEN`` that is true
        (``x = a`` in the simple form; a NULL is not true), else ``e`` (NULL without one)."""
        subject = None if self.is_word("WHEN") else self.additive()
        arms: list[tuple[Node, Node]] = []
        while self.is_word("WHEN"):
            self.take()
            test = self.additive() if subject is not None else self.disjunction()
            self.word("THEN")
            arms.append((test, self.disjunction()))
        otherwise: Node | None = None
        if self.is_word("ELSE"):
            self.take()
            otherwise = self.disjunction()
        self.word("END")
        if not arms:
            raise Unsupported("CASE without WHEN")

        def node(env: Env) -> Value:
            x = subject(env) if subject is not None else None
            values = [(test(env), then(env)) for test, then in arms]
            result = otherwise(env) if otherwise is not None else pa.scalar(None, values[0][1].type)
            for test, then in reversed(values):
                true = pc.fill_null(pc.equal(x, test) if x is not None else test, False)
                result = pc.if_else(true, then, result)
            return result

        return node

    def correlation(self, alias: str, outer: dict[str, str]) -> str | None:
        """``alias.child = q.child`` (either way round) where ``q`` names an outer table: where the
        outer table's columns are in the ``Env``; None (nothing taken) for any other term."""
        toks = [self.peek(i) for i in range(8)]
        if not (
            toks[1] == ("op", ".") and toks[3] == ("op", "=") and toks[5] == ("op", ".")
            and toks[7] in (("kw", "AND"), ("op", ")"))
            and toks[2][1].lower() == "child" and toks[6][1].lower() == "child"
        ):  # fmt: skip
            return None
        left, right = toks[0][1], toks[4][1]
        if left == alias and right in outer:
            other = right
        elif right == alias and left in outer:
            other = left
        else:
            return None
        self.at += 7
        return outer[other]

    def union(self) -> list[Branch]:
        """``<select> [UNION ALL <select>]...``: the branches, each named like the first."""
        names: list[str] | None = None
        out: list[Branch] = []
        while True:
            found, names = self.select(names)
            out += found
            if not (self.is_word("UNION") and self.is_word("ALL", 1)):
                return out
            self.at += 2

    def select(self, names: list[str] | None) -> tuple[list[Branch], list[str]]:
        """One ``SELECT`` of a rule (``names``: the columns' names, from the union's first)."""
        self.word("SELECT")
        items: list[tuple[tuple[str, ...], str | None]] = []
        while True:
            kind, text = self.take()
            if kind == "str":
                item: tuple[str, ...] = ("const", text[1:-1].replace("''", "'"))
            elif kind == "word" and self.accept("."):
                item = ("col", text, self.take()[1].lower())
            elif kind == "word":
                item = ("col", "", text.lower())
            else:
                raise Unsupported(f"select item {text!r}")
            name = None
            if self.is_word("AS"):
                self.take()
                name = self.take()[1].lower()
            items.append((item, name))
            if not self.accept(","):
                break
        if names is None:
            first = [n or (i[2] if i[0] == "col" else "") for i, n in items[:2]]
            if first != ["child_id", "line"]:
                raise Unsupported("a rule selecting other than child AS child_id, line")
            names = first + [n or "" for _, n in items[2:]]
        if len(items) != len(names) or any(n not in ("field", "tbl") for n in names[2:]):
            raise Unsupported("select list")
        consts: dict[str, str] = {}
        for (item, _), n in zip(items[2:], names[2:], strict=True):
            if item[0] != "const":
                raise Unsupported("a column other than child and line")
            consts[n] = item[1]
        self.word("FROM")
        if self.peek() == ("op", "(") and items[0][0][-1] == "child_id":  # ... FROM (<rule>)[ alias]
            self.take("(")
            inner = self.union()
            self.take(")")
            if self.peek()[0] == "word" and not self.is_word("UNION"):
                self.take()
            if [i[0][-1] for i in items[:2]] != ["child_id", "line"]:
                raise Unsupported("a wrapped rule selecting other than child_id, line")
            return [replace(b, **consts) for b in inner], names  # type: ignore[arg-type]
        return [self.source(items[0][0], items[1][0], consts)], names

    def source(self, child: tuple[str, ...], line: tuple[str, ...], consts: dict[str, str]) -> Branch:
        """``FROM table[ alias][, census[ alias]][ [LEFT] JOIN ...][ WHERE condition]``, the table
        possibly a query of one table with window columns (:meth:`view`)."""
        view: _View | None = None
        if self.accept("("):
            view = self.view()
            table, kind = view.table, "word"
        else:
            kind, table = self.take()
        if kind != "word":
            raise Unsupported("FROM other than a table")
        alias = table
        if self.peek()[0] == "word" and not any(self.is_word(w) for w in ("WHERE", "JOIN", "LEFT", "UNION")):
            alias = self.take()[1]
        if (
            child != ("col", child[1], "child")
            or line != ("col", line[1], "line")
            or {child[1], line[1]} - {"", alias}
        ):
            raise Unsupported("child and line not of the rule's table")
        self.scopes = {"census": "", alias: ""}
        join: _Join | None = None
        while True:
            if self.accept(","):
                self.word("CENSUS")
                if self.peek()[0] == "word" and not any(
                    self.is_word(w) for w in ("WHERE", "JOIN", "LEFT", "UNION")
                ):
                    self.scopes[self.take()[1]] = ""
            elif self.is_word("JOIN") or (self.is_word("LEFT") and self.is_word("JOIN", 1)):
                if join is not None:
                    raise Unsupported("more than one join")
                left = self.is_word("LEFT")
                self.at += 2 if left else 1
                join = self.join(left, alias)
            else:
                break
        condition: Node | None = None
        if self.is_word("WHERE"):
            self.take()
            condition = self.disjunction()
        return Branch(table, _branch_node(condition, join), consts.get("field"), consts.get("tbl"), view)

    def join(self, left: bool, main: str) -> _Join:
        """``JOIN <table or (SELECT * | cols FROM table[ alias][ WHERE ...])> alias USING (child)``
        (or ``ON alias.child = main.child``): evaluated as a look-up by child, so only where the
        joined rows hold each child once (checked on the rows; else the rule runs in DuckDB)."""
        start = self.at
        columns: tuple[str, ...] | None = None
        condition: Node | None = None
        totals: list[tuple[str, str, str]] = []
        if self.accept("("):
            self.word("SELECT")
            if not self.accept("*"):
                names = []
                while True:  # child, column, or min(column) AS name / max(column) AS name
                    kind, name = self.take()
                    if kind == "word" and name.lower() in ("min", "max") and self.accept("("):
                        of = self.take()[1].lower()
                        self.take(")")
                        self.word("AS")
                        totals.append((self.take()[1].lower(), name.lower(), of))
                        names.append(totals[-1][0])
                    else:
                        names.append(name.lower())
                    if not self.accept(","):
                        break
                columns = tuple(names)
                if "child" not in columns:
                    raise Unsupported("a joined query without child")
            self.word("FROM")
            kind, table = self.take()
            inner = table
            if self.peek()[0] == "word" and not (self.is_word("WHERE") or self.is_word("GROUP")):
                inner = self.take()[1]
            if self.is_word("WHERE"):
                self.take()
                outer, self.scopes = self.scopes, {"census": "", inner: ""}
                try:
                    condition = self.disjunction()
                finally:
                    self.scopes = outer
            if totals or self.is_word("GROUP"):  # SELECT child, min(x) AS y ... GROUP BY child
                self.word("GROUP")
                self.word("BY")
                self.word("CHILD")
                if set(columns or ()) != {"child"} | {t[0] for t in totals}:
                    raise Unsupported("a grouped query selecting other than child and totals")
            self.take(")")
        else:
            kind, table = self.take()
            if table not in _ONE_PER_CHILD:
                raise Unsupported(f"a join on {table}, which holds a child more than once")
        if kind != "word":
            raise Unsupported("JOIN on other than a table")
        key = " ".join(t for _, t in self.tokens[start : self.at])
        kind, alias = self.take()
        if kind != "word" or alias in self.scopes:
            raise Unsupported("a join without an alias of its own")
        if self.is_word("USING"):
            self.take()
            self.take("(")
            self.word("CHILD")
            self.take(")")
        elif self.is_word("ON"):
            self.take()
            toks = [self.take() for _ in range(7)]
            sides = {toks[0][1], toks[4][1]}
            if (
                [t[1] for t in toks[1:4:2]] != [".", "="]
                or toks[5][1] != "."
                or sides != {alias, main}
                or {toks[2][1].lower(), toks[6][1].lower()} != {"child"}
            ):
                raise Unsupported("ON other than alias.child = main.child")
        else:
            raise Unsupported("a join without USING or ON")
        self.scopes[alias] = f"{alias}."
        return _Join(table, columns, condition, alias, left, key, tuple(totals))

    def view(self) -> _View:
        """``(SELECT <columns and window columns> FROM table[ alias][, census[ alias]][ WHERE ...]
        [ WINDOW w AS (...)])`` (the ``(`` taken): the rows the condition keeps, each with its
        table's columns and the window columns, ``row_number()``, ``count(*)``, ``sum(x)``,
        ``lag(col[, k])`` and ``lead(col[, k])`` ``OVER (PARTITION BY child[ ORDER BY ...])``."""
        start = self.at
        self.word("SELECT")
        depth, at = 0, self.at  # find the FROM of this SELECT, to read its table's alias first
        while depth or not self.is_word("FROM", at - self.at):
            tok = self.tokens[at] if at < len(self.tokens) else ("end", "")
            if tok[0] == "end":
                raise Unsupported("a query without FROM")
            depth += {"(": 1, ")": -1}.get(tok[1], 0) if tok[0] == "op" else 0
            at += 1
        items_at, self.at = self.at, at + 1
        kind, table = self.take()
        if kind != "word":
            raise Unsupported("a window query not on a table")
        alias = table
        if self.peek()[0] == "word" and not any(self.is_word(w) for w in ("WHERE", "WINDOW")):
            alias = self.take()[1]
        outer, self.scopes = self.scopes, {"census": "", alias: ""}
        try:
            if self.accept(","):
                self.word("CENSUS")
                if self.peek()[0] == "word" and not any(self.is_word(w) for w in ("WHERE", "WINDOW")):
                    self.scopes[self.take()[1]] = ""
            condition = None
            if self.is_word("WHERE"):
                self.take()
                condition = self.disjunction()
            named: dict[str, tuple[tuple[str, bool, bool], ...] | None] = {}
            if self.is_word("WINDOW"):
                self.take()
                name = self.take()[1]
                self.word("AS")
                self.take("(")
                named[name] = self.window_spec()
                self.take(")")
            end = self.at
            self.take(")")
            after = self.at
            self.at = items_at
            columns: list[
                tuple[str, str, Node | str | None, int, tuple[tuple[str, bool, bool], ...] | None]
            ] = []
            while True:
                kind, text = self.take()
                if (kind, text) == ("op", "*"):
                    pass  # every column of the table: a view always has them
                elif kind == "word" and self.peek() == ("op", ".") and self.peek(1) == ("op", "*"):
                    self.at += 2
                elif kind == "word" and self.peek() == ("op", "("):
                    columns.append(self.window_column(text.lower(), named))
                elif kind == "word":
                    if self.accept("."):
                        self.take()
                    if self.is_word("AS"):
                        raise Unsupported("a renamed column in a window query")
                else:
                    raise Unsupported(f"window query item {text!r}")
                if not self.accept(","):
                    break
            if not self.is_word("FROM"):
                raise Unsupported("window query items")
        finally:
            self.scopes = outer
        self.at = after
        key = " ".join(t for _, t in self.tokens[start:end])
        return _View(table, condition, tuple(columns), key)

    def window_column(self, fn: str, named: dict) -> tuple:
        """One ``fn(...) OVER (...) AS name`` of a window query (the function's name taken)."""
        self.take("(")
        argument: Node | str | None = None
        offset = 1
        if fn in ("lag", "lead"):
            q, column = self.take()[1], None
            if self.accept("."):
                column = self.take()[1]
            argument = (column or q).lower()
            if self.accept(","):
                kind, text = self.take()
                if kind != "num":
                    raise Unsupported("a lag of other than a number of rows")
                offset = int(text)
        elif fn == "sum":
            argument = self.additive()
        elif fn == "count":
            self.take("*")
        elif fn != "row_number":
            raise Unsupported(f"window function {fn}")
        self.take(")")
        self.word("OVER")
        if self.accept("("):
            spec = self.window_spec()
            self.take(")")
        else:
            name = self.take()[1]
            if name not in named:
                raise Unsupported(f"no window {name}")
            spec = named[name]
        self.word("AS")
        alias = self.take()[1].lower()
        ordered = spec is not None and len(spec) > 0
        if (fn in ("count", "sum")) == ordered or (fn in ("lag", "lead", "row_number") and not ordered):
            raise Unsupported(f"{fn} with{'' if ordered else 'out'} an order")
        return (alias, fn, argument, offset, spec)

    def window_spec(self) -> tuple[tuple[str, bool, bool], ...]:
        """``PARTITION BY child[ ORDER BY col[ ASC|DESC][ NULLS FIRST|LAST], ...]`` (the brackets
        not taken): the order's columns, each with (descending, NULLs first); NULLs last by
        default, as DuckDB has them."""
        self.word("PARTITION")
        self.word("BY")
        if self.peek(1) == ("op", "."):
            self.at += 2
        self.word("CHILD")
        keys: list[tuple[str, bool, bool]] = []
        if self.is_word("ORDER"):
            self.take()
            self.word("BY")
            while True:
                name = self.take()[1]
                if self.accept("."):
                    name = self.take()[1]
                descending = self.is_word("DESC")
                if descending or self.is_word("ASC"):
                    self.take()
                first = False
                if self.is_word("NULLS"):
                    self.take()
                    first = self.is_word("FIRST")
                    self.take()
                keys.append((name.lower(), descending, first))
                if not self.accept(","):
                    break
        return tuple(keys)

    def literal_list(self) -> tuple[str, ...]:
        self.take("(")
        values = []
        while True:
            kind, text = self.take()
            if kind != "str":
                raise Unsupported("IN list of non-strings")
            values.append(text[1:-1].replace("''", "'"))
            if self.accept(")"):
                return tuple(values)
            self.take(",")

    @_shared
    def additive(self) -> Node:
        node = self.primary()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            left, right = node, self.primary()

            def arith(env: Env, a: Node = left, b: Node = right, op: str = op) -> Value:
                x, y = a(env), b(env)
                fn = pc.add if op == "+" else pc.subtract
                if _is_date(x) and _is_date(y):
                    if op == "+":
                        raise Unsupported("DATE + DATE")
                    return fn(_days(x), _days(y))  # DuckDB: the days between
                if _is_date(x) or _is_date(y):  # DATE +/- days is a DATE
                    if _is_date(y) and op == "-":
                        raise Unsupported("a number minus a DATE")
                    if not all(pa.types.is_integer(v.type) or _is_date(v) for v in (x, y)):
                        raise Unsupported("DATE and a non-integer")
                    return pc.cast(pc.cast(fn(_days(x), _days(y)), pa.int32()), pa.date32())
                return fn(x, y)

            node = arith
        return node

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            number = pa.scalar(int(text), pa.int64())
            return lambda env: number
        if kind == "str":
            string = pa.scalar(text[1:-1].replace("''", "'"), pa.string())
            return lambda env: string
        if kind == "op" and text == "(" and self.is_word("SELECT"):
            return self.scalar_sum()
        if kind == "op" and text == "(":
            node = self.disjunction()
            self.take(")")
            return node
        if kind == "op" and text == "-" and self.peek()[0] == "num":
            number = pa.scalar(-int(self.take()[1]), pa.int64())
            return lambda env: number
        if kind == "kw" and text == "DATE":
            kind, literal = self.take()
            if kind != "str":
                raise Unsupported("DATE without a literal")
            day = pa.scalar(date.fromisoformat(literal[1:-1]), pa.date32())
            return lambda env: day
        if kind == "kw" and text == "NULL":
            return lambda env: pa.scalar(None, pa.null())
        if kind != "word":
            raise Unsupported(f"unexpected {text!r}")
        if text.upper() == "EXISTS" and self.peek() == ("op", "("):
            return self.exists()
        if text.upper() == "CASE":
            return self.case()
        if self.peek() == ("op", "("):
            return self.call(text.lower())
        name, prefix = text, ""
        if self.accept("."):
            if text not in self.scopes:
                raise Unsupported(f"a column of {text}")
            name, prefix = self.take()[1], self.scopes[text]
            if prefix.startswith(_OUTER):
                self.outer_reads += 1
        column = prefix + name.lower()

        def read(env: Env) -> Value:
            try:
                return env[column]
            except KeyError:
                raise Unsupported(f"no column {column}") from None

        return read

    def call(self, name: str) -> Node:
        self.take("(")
        args: list[Node] = []
        raw: list[tuple[str, str]] = []
        if not self.accept(")"):
            while True:
                raw.append(self.peek())
                args.append(self.disjunction())
                if self.accept(")"):
                    break
                self.take(",")
        simple: dict[str, Callable[..., Value]] = {
            "year": pc.year,
            "upper": pc.utf8_upper,
            "coalesce": pc.coalesce,
            "make_date": _make_date,
            # DuckDB's greatest and least leave NULLs out (NULL only when every argument is).
            "greatest": lambda *a: pc.max_element_wise(*a, skip_nulls=True),
            "least": lambda *a: pc.min_element_wise(*a, skip_nulls=True),
        }
        if name == "age_at" and len(args) == 2:
            return lambda env: _age_at(args[0](env), args[1](env), env)
        if name in simple:
            fn = simple[name]
            return lambda env: fn(*(a(env) for a in args))
        if name == "replace" and len(args) == 3 and raw[1][0] == "str" and raw[2][0] == "str":
            old, new = (r[1][1:-1].replace("''", "'") for r in raw[1:])
            return lambda env: pc.replace_substring(args[0](env), old, new)
        if name == "regexp_full_match" and len(args) == 2 and raw[1][0] == "str":
            pattern = f"^(?:{raw[1][1][1:-1]})$"
            return lambda env: pc.match_substring_regex(args[0](env), pattern)
        if name == "regexp_matches" and len(args) == 2 and raw[1][0] == "str":  # a match anywhere
            found = raw[1][1][1:-1]
            return lambda env: pc.match_substring_regex(args[0](env), found)
        if name == "plus_years" and len(args) == 2 and raw[1][0] in ("num", "op"):
            n = args[1]({}).as_py()
            return lambda env: _plus_years(args[0](env), n, env)
        if name == "valid_code" and len(args) == 3 and raw[0][0] == "str" and raw[1][0] == "str":
            codes = tuple(codes_of(raw[0][1][1:-1], raw[1][1][1:-1]))  # the engine's ``codes`` table
            return lambda env: pc.fill_null(_in(args[2](env), codes, env), False) if codes else _FALSE
        if name == "in_list" and len(args) == 2 and raw[1][0] == "str":
            values = tuple(raw[1][1][1:-1].split(" "))
            return lambda env: _in(args[0](env), values, env)
        raise Unsupported(f"function {name}")


@dataclass(frozen=True)
class Branch:
    """One ``SELECT`` of a rule: the rows of ``table`` where ``node`` is true (every row for
    None), each with the constant ``field`` and ``tbl`` it selects (None: the rule's own)."""

    table: str
    node: Node | None
    field: str | None = None
    tbl: str | None = None
    #: The rows and window columns of a query of ``table`` the branch reads instead of it.
    view: _View | None = None

    def rows(self, env: Env) -> Env:
        """The ``Env`` the branch's condition is evaluated on (``env``: its table's)."""
        return env if self.view is None else self.view.of(env)


#: The tables a rule may join whole (other tables only through a query of one row per child): a
#: return holds each child once in them, and :class:`_Joined` checks that it does.
_ONE_PER_CHILD = frozenset(
    t + suffix
    for t in ("hdr", "header", "uasc", "oc2", "oc3", "ad1", "prev_perm")
    for suffix in ("", "_last")
)


@dataclass(frozen=True)
class _View:
    """``(SELECT ..., <window columns> FROM table WHERE ...)``: :meth:`_Parser.view`."""

    table: str
    condition: Node | None
    #: ``(name, function, argument, offset, order)``: the order's ``(column, descending, NULLs first)``.
    columns: tuple[tuple[str, str, Node | str | None, int, tuple[tuple[str, bool, bool], ...] | None], ...]
    key: str

    def of(self, env: Env) -> Env:
        """The view's rows over its table's ``Env`` (made once per table, kept in it)."""
        cached = ("@view", self.key)
        made = env.get(cached)  # type: ignore[call-overload]
        if made is None:
            made = self.make(env)
            env[cached] = made  # type: ignore[index]
        return made

    @staticmethod
    def window(out: Env, order: tuple[tuple[str, bool, bool], ...] | None, n: int) -> tuple[np.ndarray, ...]:
        """The rows in the window's order (``PARTITION BY child ORDER BY order``): the positions by
        it, each sorted row's group (child) number, and where each group starts. The children are
        sorted by their numbers (:data:`CODE`) where the rows have them: sorting numbers costs a
        fraction of sorting the CHILD strings, and the groups' order changes no window's values."""
        codes = _codes(out, CODE)
        child: pa.Array = out["child"] if codes is None else pa.array(codes, pa.int64())  # type: ignore[assignment]
        keys = {"child": child}
        keys.update({f"k{i}": out[c] for i, (c, _, _) in enumerate(order or ())})
        sort = [("child", "ascending", "at_end")] + [
            (f"k{i}", "descending" if d else "ascending", "at_start" if f else "at_end")
            for i, (_, d, f) in enumerate(order or ())
        ]
        by = np.asarray(pc.sort_indices(pa.table(keys), sort)) if n else np.zeros(0, dtype=np.int64)
        if codes is None:
            same = _same_as_previous(child.take(pa.array(by, pa.int64())))
        else:  # no child (-1) is one group, as NULL equals NULL in a PARTITION BY
            ordered = codes[by]
            same = np.concatenate([[False], ordered[1:] == ordered[:-1]]) if n else np.zeros(0, dtype=bool)
        return by, np.cumsum(~same) - 1, np.flatnonzero(~same)

    def make(self, env: Env) -> Env:
        rows = len(env["line"])
        kept = np.arange(rows)
        if self.condition is not None:
            flag = self.condition(env)
            if isinstance(flag, pa.Scalar):
                kept = kept if flag.as_py() else kept[:0]
            else:
                kept = np.asarray(pc.indices_nonzero(flag))  # a NULL is not kept
        n = len(kept)
        out = _Rows(env, None if n == rows else pa.array(kept, pa.int64()))
        orders: dict[object, tuple[np.ndarray, ...]] = {}  # the columns of one window share its sort
        for name, fn, argument, offset, order in self.columns:
            if order not in orders:
                orders[order] = self.window(out, order, n)
            by, group, starts = orders[order]
            place = np.arange(n)
            if fn in ("row_number", "count"):
                sorted_values = (
                    (place - starts[group] + 1)
                    if fn == "row_number"
                    else np.diff(np.append(starts, n))[group]
                )
                values = np.empty(n, dtype=np.int64)
                values[by] = sorted_values
                out.extra[name] = pa.array(values, pa.int64())
            elif fn == "sum":
                summed = argument(out)  # type: ignore[operator]
                if isinstance(summed, pa.Scalar) and pa.types.is_integer(summed.type):
                    summed = pa.repeat(summed, n)  # one value for every row (a CASE of constants)
                if isinstance(summed, pa.Scalar) or not pa.types.is_integer(summed.type):
                    raise Unsupported("a sum of other than whole numbers per row")
                plain = summed.take(pa.array(by, pa.int64()))
                valid = pc.is_valid(plain).to_numpy(zero_copy_only=False)
                numbers = pc.fill_null(plain, 0).to_numpy(zero_copy_only=False).astype(np.int64)
                sums = np.add.reduceat(numbers, starts) if n else numbers
                counts = np.add.reduceat(valid.astype(np.int64), starts) if n else numbers
                values = np.empty(n, dtype=np.int64)
                values[by] = sums[group]
                missing = np.empty(n, dtype=bool)
                missing[by] = counts[group] == 0
                out.extra[name] = pa.array(values, pa.int64(), mask=missing)
            else:  # lag / lead: the value ``offset`` rows before / after in the child's order
                step = -offset if fn == "lag" else offset
                other = place + step
                inside = (other >= 0) & (other < n)
                inside[inside] &= group[other[inside]] == group[inside]
                source = np.zeros(n, dtype=np.int64)
                source[by[inside]] = by[other[inside]]
                absent = np.ones(n, dtype=bool)
                absent[by[inside]] = False
                out.extra[name] = out[str(argument)].take(pa.array(source, pa.int64(), mask=absent))  # type: ignore[union-attr]
        return out


class _Rows(Mapping):
    """A table's ``Env`` on some of its rows (``kept``; None: all of them, its columns as they
    are), each column taken when first read, with columns of its own (``extra``); the census
    values and the table loader as they are."""

    def __init__(self, base: Env, kept: pa.Array | None) -> None:
        self.base = base
        self.kept = kept
        self.extra: dict[str, Value] = {MEMO: {}}  # type: ignore[dict-item]  # other rows: a memo of its own

    def __getitem__(self, key: str) -> Value:
        if key in self.extra:
            return self.extra[key]
        if key == "@rows":
            return len(self.kept) if self.kept is not None else _count(self.base)  # type: ignore[return-value]
        value = self.base[key]
        if isinstance(value, pa.Array) and self.kept is not None:
            value = value.take(self.kept)
            self.extra[key] = value
        return value

    def get(self, key, default=None):  # type: ignore[no-untyped-def,override]
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: object, value: object) -> None:
        self.extra[key] = value  # type: ignore[index,assignment]

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def _same_as_previous(values: pa.Array) -> np.ndarray:
    """Whether each value equals the one before it (a NULL equals a NULL; the first: False)."""
    if len(values) < 2:
        return np.zeros(len(values), dtype=bool)
    before, now = values.slice(0, len(values) - 1), values.slice(1)
    same = pc.or_(pc.fill_null(pc.equal(now, before), False), pc.and_(pc.is_null(now), pc.is_null(before)))
    return np.concatenate([[False], same.to_numpy(zero_copy_only=False)])


@dataclass(frozen=True)
class _Join:
    """A table (or one table's ``SELECT``) joined to a rule's table on the child."""

    table: str
    columns: tuple[str, ...] | None
    condition: Node | None
    alias: str
    left: bool
    key: str
    #: ``(name, "min" or "max", column)``: a query grouped by child, one row each.
    totals: tuple[tuple[str, str, str], ...] = ()


def _joined_rows(base: Env, join: _Join) -> tuple[Mapping, pa.Array, pa.Array]:
    """The joined table's rows (its ``Env``, or the totals by child), the positions of those the
    join keeps and their children (where the rows are numbered, :data:`CODE`, the position of
    each number's row, -1 for none), each child once (else :class:`Unsupported`: the rule runs in
    DuckDB). Made once per validation and join, kept in the joined table's memo: rules joining
    the same table the same way (``JOIN hdr h``, ``JOIN hdr x``) share it."""
    rows = base[TABLES](join.table)  # type: ignore[index,operator]
    memo = rows.get(MEMO)
    made = memo.get(("@join", join.key)) if memo is not None else None
    if made is not None:
        return made
    numbers = _codes(rows, CODE)
    if numbers is not None:  # by the children's numbers (:data:`CODE`)
        rows, positions, keys = _joined_by_number(rows, join, numbers)
        made = (rows, positions, keys)
        if memo is not None:
            memo[("@join", join.key)] = made
        return made
    keep = pc.is_valid(rows["child"])
    if join.condition is not None:
        kept = join.condition(rows)
        keep = (
            pc.and_(keep, pc.fill_null(kept, False))
            if not isinstance(kept, pa.Scalar)
            else (keep if kept.as_py() else pc.and_(keep, pa.scalar(False)))
        )
    if join.totals:  # one row per child: each total over the child's kept rows
        grouped = (
            pa.table({"child": rows["child"], **{of: rows[of] for _, _, of in join.totals}})
            .filter(keep)
            .group_by("child", use_threads=False)  # threads cost more than a borough's rows
            .aggregate([(of, how) for _, how, of in join.totals])
        )
        rows = {"child": grouped["child"].combine_chunks(),
                **{n: grouped[f"{of}_{how}"].combine_chunks() for n, how, of in join.totals}}  # fmt: skip
        keep = pa.array([True] * grouped.num_rows, pa.bool_())
    positions = pc.indices_nonzero(keep).cast(pa.int64())
    keys = rows["child"].take(positions)
    if pc.count_distinct(keys).as_py() != len(keys):
        raise Unsupported(f"{join.table} holds a child more than once")
    made = (rows, positions, keys)
    if memo is not None:
        memo[("@join", join.key)] = made
    return made


def _joined_by_number(rows: Env, join: _Join, numbers: np.ndarray) -> tuple[Mapping, pa.Array, np.ndarray]:
    """:func:`_joined_rows` where the joined table's rows are numbered (``numbers``, -1 for no
    child): the rows (or totals) the join keeps, their positions, and each number's position
    (-1 for none). The totals are made in numpy on the sorted numbers, as a query grouped by
    child: a child's total leaves out its NULLs, and is NULL where all of them are."""
    keep = numbers >= 0
    if join.condition is not None:
        kept = join.condition(rows)
        if isinstance(kept, pa.Scalar):
            keep &= bool(kept.as_py())
        else:
            keep &= (kept.fill_null(False) if kept.null_count else kept).to_numpy(zero_copy_only=False)
    at = np.flatnonzero(keep)
    codes = numbers[at]
    if join.totals:  # one row per child: each total over the child's kept rows
        order = at[np.argsort(codes, kind="stable")]
        ordered = numbers[order]
        starts = (
            np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]])) if len(order) else order
        )
        totals: dict[str, Value] = {"child": rows["child"].take(pa.array(order[starts], pa.int64()))}  # type: ignore[union-attr]
        totals[CODE] = pa.array(ordered[starts], pa.int64())
        for name, how, of in join.totals:
            totals[name] = _total(rows[of], order, starts, how)  # type: ignore[arg-type]
        codes = ordered[starts]
        rows, at = totals, np.arange(len(starts))
    elif len(codes) and np.bincount(codes).max() > 1:
        raise Unsupported(f"{join.table} holds a child more than once")
    by_number = np.full(int(codes.max(initial=-1)) + 1, -1, dtype=np.int64)
    by_number[codes] = at
    return rows, pa.array(at, pa.int64()), by_number


def _total(values: pa.Array, order: np.ndarray, starts: np.ndarray, how: str) -> pa.Array:
    """``min`` or ``max`` of ``values`` over each group of rows (``order`` grouped, each group
    from ``starts``), its NULLs left out: NULL for a group of NULLs only."""
    if not (pa.types.is_date32(values.type) or pa.types.is_integer(values.type)):
        grouped = pa.table({"g": np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(order)))),
                            "v": values.take(pa.array(order, pa.int64()))})  # fmt: skip
        out = grouped.group_by("g", use_threads=False).aggregate([("v", how)]).sort_by("g")
        return out[f"v_{how}"].combine_chunks()  # type: ignore[no-any-return]
    plain = (values.cast(pa.int32()) if pa.types.is_date32(values.type) else values).cast(pa.int64())
    valid = np.asarray(plain.is_valid())[order]
    limit = np.iinfo(np.int64).max if how == "min" else np.iinfo(np.int64).min
    numbers = (plain.fill_null(limit) if plain.null_count else plain).to_numpy()[order]
    if not len(order):
        return pa.array([], values.type)
    reduced = (np.minimum if how == "min" else np.maximum).reduceat(numbers, starts)
    none = np.add.reduceat(valid.astype(np.int64), starts) == 0
    out = pa.array(reduced, pa.int64(), mask=none if none.any() else None)
    return (
        out.cast(pa.int32()).cast(values.type) if pa.types.is_date32(values.type) else out.cast(values.type)
    )


class _Joined(Mapping):
    """A table's ``Env`` with a joined table's columns as ``<alias>.<column>``, each taken row by
    row (the joined row of the same child) when first read."""

    def __init__(self, base: Env, join: _Join) -> None:
        rows, positions, keys = _joined_rows(base, join)
        memo = base.get(MEMO)
        at = memo.get(("@join-at", join.key)) if memo is not None else None
        if at is None:  # the joined row of each of the table's rows (NULL: none)
            numbers = _codes(base, CODE) if isinstance(keys, np.ndarray) else None
            if numbers is not None:
                inside = (numbers >= 0) & (numbers < len(keys))
                found = np.full(len(numbers), -1, dtype=np.int64)
                found[inside] = keys[numbers[inside]]
                at = pa.array(found, pa.int64(), mask=found < 0)
            else:
                if isinstance(keys, np.ndarray):  # numbered, but this table is not: by the CHILD strings
                    keys = rows["child"].take(positions)
                at = positions.take(pc.index_in(base["child"], value_set=keys))
            if memo is not None:
                memo[("@join-at", join.key)] = at
        self.base = base
        self.rows = rows
        self.prefix = f"{join.alias}."
        self.columns = join.columns
        self.at = at
        self.key = join.key
        #: The joined columns, shared by the joins of the same table the same way under other
        #: aliases (``JOIN hdr h``, ``JOIN hdr x``): kept in the table's memo where it has one.
        self.shared: dict = memo if memo is not None else {}
        self.taken: dict[str, Value] = {MEMO: {}}  # type: ignore[dict-item]  # other columns: a memo of its own

    @property
    def matched(self) -> Value:
        """Which rows have a joined row (true for all where every row has)."""
        return pc.is_valid(self.at) if self.at.null_count else _TRUE

    def __getitem__(self, key: str) -> Value:
        if key == MEMO:
            return self.taken[key]
        if not (isinstance(key, str) and key.startswith(self.prefix)):
            return self.base[key]
        name = key[len(self.prefix) :]
        value = self.shared.get(("@joined", self.key, name))
        if value is None:
            if name not in self.rows or (self.columns is not None and name not in (*self.columns, CODE)):
                raise KeyError(key)
            value = self.shared[("@joined", self.key, name)] = self.rows[name].take(self.at)
        return value  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def _branch_node(condition: Node | None, join: _Join | None) -> Node | None:
    """A branch's condition, over its table joined to ``join``'s where there is one (the joined
    ``Env`` built once per table and join, kept in the table's ``Env``)."""
    if join is None:
        return condition

    def node(env: Env) -> Value:
        cached = ("@join", join.key, join.alias)
        joined = env.get(cached)  # type: ignore[call-overload]
        if joined is None:
            joined = _Joined(env, join)
            env[cached] = joined  # type: ignore[index]
        flag = condition(joined) if condition is not None else _TRUE
        if join.left or _everywhere(flag, False):
            return flag
        matched = joined.matched
        return flag if _everywhere(matched, True) else pc.and_kleene(flag, matched)

    return node


def compile_rule(sql: str) -> list[Branch]:
    """A rule's SQL as the :class:`Branch` es of its ``UNION ALL`` (one for a single ``SELECT``).

    Each ``SELECT`` picks ``child AS child_id, line`` of its table and, optionally, constants as
    ``field`` and ``tbl``; reads its table (with an alias), optionally the census and one table
    joined on the child (a look-up: ``JOIN hdr h USING (child)``); and filters with a condition
    :func:`compile_condition` evaluates. ``SELECT child_id, line, 'x' AS tbl FROM (<rule>)``
    adds a constant to an inner rule's rows. Raises :class:`Unsupported` for any other SQL.
    """
    parser = _Parser(sql)
    branches = parser.union()
    if parser.peek()[0] != "end":
        raise Unsupported(f"unexpected {parser.peek()[1]!r}")
    return branches


def compile_condition(condition: str, alias: str | None = None, *, census: str | None = None) -> Node:
    """A function of the row's columns (and the ``census`` values) giving the condition's truth.

    ``alias`` is the table's alias in the rule's ``FROM`` (``oc2 x``), so ``x.dob`` is read
    as the column ``dob``; ``census`` the census's (``census c``: ``c.runs_to``). Raises
    :class:`Unsupported` for SQL it does not evaluate.
    """
    return _Parser(condition, alias, census).parse()
