"""Which analytical tables can be brought up to date with their new rows alone, and how.

Why: a contact typed at the front door adds one row to ``journey_contact``, and often one to
``people_child`` (a child new to the council). Copying the whole contacts table again (94,000
rows on the 5-year borough) took a quarter of a second, and a new child re-copied every table
that looks up a child's identifier. Most tables are one row per row of one relation (the
*driving* relation: ``FROM journey_contact x ... ORDER BY x.id``), joined many-to-one to lookup
relations by their primary key (the *parents*: ``JOIN people_child c ON c.id = x.child_id``).

For such a table, when the only writes since it was copied are **inserts** into its driving
relation and its parents, the rows it already holds are unchanged: an old row can only meet a new
parent row through an update of its own foreign key (an update, which rules this path out), and a
new parent row's id did not exist when the old rows were written. So the table is the rows it
holds plus the driving relation's rows with a larger id (:func:`tail_sql`), and when only parents
had inserts, the very table it was.

Everything here is read from the table's SQL, so a query edited later is judged again; the
snapshot (:mod:`continuum.metrics.snapshot`) checks every append against the driving relation's
row count in the same database snapshot, so a row committed out of id order (two sessions saving
at once) or a query that is not one row per driving row falls back to a full copy instead of a
wrong table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["Growth", "growth", "tail_sql"]


@dataclass(frozen=True)
class Growth:
    """How a table grows: the relation its rows come from (None when no tail can be read, only
    lookups may grow), its alias in the query, and the lookups it joins by primary key."""

    relation: str | None
    alias: str | None
    parents: frozenset[str]
    #: The column of the table holding the driving row's id (0 is the LA code the extraction adds).
    key: int | None = None


_NAME = r"[a-z_][a-z0-9_]*"
_ORDER_BY = re.compile(rf"\bORDER BY ({_NAME})\.id\s*$")
#: A many-to-one join by the joined relation's primary key: ``JOIN people_child c ON c.id = x.child_id``.
_PARENT = re.compile(rf"\bJOIN ({_NAME}) ({_NAME}) ON \2\.id = {_NAME}\.{_NAME}\b")
#: Top-level clauses that a WHERE could not simply precede, or under which a new row could change
#: old rows (a window, DISTINCT).
_AFTER_WHERE = re.compile(r"\b(GROUP BY|HAVING|WINDOW|UNION|INTERSECT|EXCEPT|LIMIT|OFFSET|OVER|DISTINCT)\b")


def growth(sql: str, known: Collection[str]) -> Growth | None:
    """How the table of ``sql`` grows, or None when only a full copy is safe.

    ``known`` are the database's relation names (the project's model tables).

    A *parent* is a relation the query reads only through joins by its primary key: a new row
    of it matches only rows that name its new id, and rows already held named ids that existed.
    A *driving relation* can have new rows read as a tail: the query must select its id
    (``x.id::text``, the record id the snapshot takes the largest of), read it under the
    alias it is ordered by, and be a plain select at the top (no grouping, window or union that
    a new row could change for old rows).
    """
    parents = frozenset(_parents(sql, known))
    order = _ORDER_BY.search(sql)
    alias = order[1] if order else None
    driving = re.findall(rf"\bFROM ({_NAME}) {alias}\b", sql) if alias else []
    columns = _select_list(sql)
    key = f"{alias}.id::text"
    tailable = (
        alias is not None
        and key in columns
        and len(driving) == 1
        and driving[0] in known
        and driving[0] not in parents
        and not _AFTER_WHERE.search(_top_level(sql))
    )
    if tailable:
        return Growth(driving[0], alias, parents, columns.index(key) + 1)
    return Growth(None, None, parents) if parents else None


def _select_list(sql: str) -> list[str]:
    """The outermost SELECT's items, each stripped (empty if the query does not start with SELECT)."""
    top = _top_level(sql)
    start = re.match(r"\s*SELECT\s", top)
    end = re.search(r"\bFROM\b", top)
    if start is None or end is None:
        return []
    items: list[str] = []
    item: list[str] = []
    depth = 0
    for ch in sql[start.end() : end.start()]:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append("".join(item).strip())
            item = []
        else:
            item.append(ch)
    items.append("".join(item).strip())
    return items


def _parents(sql: str, known: Collection[str]) -> set[str]:
    """The relations every mention of which in ``sql`` is a join by their primary key."""
    joins = Counter(rel for rel, _ in _PARENT.findall(sql) if rel in known)
    return {rel for rel, n in joins.items() if len(re.findall(rf"\b{rel}\b", sql)) == n}


def tail_sql(sql: str, grows: Growth, after: int) -> str:
    """The rows of ``sql`` whose driving id is greater than ``after``, in the same order."""
    order = _ORDER_BY.search(sql)
    if order is None or grows.alias is None:
        raise ValueError("tail_sql needs a query whose growth() has a driving relation")
    head = sql[: order.start()]
    joiner = "AND" if re.search(r"\bWHERE\b", _top_level(head)) else "WHERE"
    return f"{head}{joiner} {grows.alias}.id > {int(after)}\n        {sql[order.start() :]}"


def _top_level(sql: str) -> str:
    """``sql`` with everything inside parentheses blanked: the clauses of the outermost query."""
    out, depth = [], 0
    for ch in sql:
        if ch == "(":
            depth += 1
        out.append(ch if depth == 0 else " ")
        if ch == ")":
            depth -= 1
    return "".join(out)
