"""Querysets compiled once with stand-in values, then sent to PostgreSQL together in one round trip.

A page that reads twenty tables pays for twenty round trips, and for building
and compiling twenty querysets, on every request: under load that was most of
the child record's server time (see docs/worktrays.md). :class:`QueryBatch`
pays the building and compiling once. It builds the querysets with stand-in
values (say, child ids and a date), compiles them, and remembers which SQL
parameter is which stand-in. Each :meth:`QueryBatch.read` then puts the real
values in their place and sends every statement at once.

Stand-ins are recognised by comparing **two** compilations made with two
different sets of stand-ins: a parameter that follows the stand-in from one
set to the other is that stand-in, a parameter that stays put is a literal of
the query. So a literal that happens to equal a stand-in (a query for
1 January 1900, say) is never mistaken for one, and a parameter that is
*derived* from a stand-in (the day after it) is refused at once rather than
left stale: pass it as a stand-in of its own.

Rows come back through each queryset's own compiler, so they are exactly what
``values()`` gives, Django's type conversions included. Client-side parameter
binding (Django's default with psycopg 3) accepts several statements in one
``execute``; server-side binding (``OPTIONS["server_side_binding"]``) does
not, so there the statements run one after another on the same cursor.

A page that shows whole records (templates that call ``get_FOO_display``, or
a related manager) rather than ``values()`` dicts builds its querysets with
:func:`model_values` and reads them with :meth:`QueryBatch.read_instances`:
each row comes back as its model's instance, as the ORM would have fetched it.

Compilers hold their thread's connection, so a batch belongs to one thread
and one database: :func:`per_thread` keeps one per thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

__all__ = ["QueryBatch", "model_values", "per_thread"]

Row = dict[str, Any]
Build = Callable[[Mapping[str, Any]], Sequence[QuerySet[Any]]]


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    compiler: SQLCompiler
    names: tuple[str, ...]
    #: Per SQL parameter: the stand-in's name, or None for a literal (kept in ``literals``).
    slots: tuple[str | None, ...]
    literals: tuple[Any, ...]


class QueryBatch:
    """The querysets ``build`` returns, compiled once and read together with real values.

    ``build(values)`` returns ``values()`` querysets (not yet run) for a
    mapping of stand-in names to values. ``first`` and ``second`` are two
    such mappings with the same names and different values; neither is ever
    sent to the database. Raises ``ValueError`` when the stand-ins cannot be
    told apart in the compiled SQL.
    """

    def __init__(
        self, build: Build, first: Mapping[str, Any], second: Mapping[str, Any], using: str = DEFAULT_DB_ALIAS
    ) -> None:
        if set(first) != set(second):
            raise ValueError("Both sets of stand-ins must have the same names.")
        clashes = [name for name in first if first[name] == second[name]]
        if clashes:
            raise ValueError(f"Stand-ins must differ between the two sets: {', '.join(clashes)}.")
        self.using = using
        a, b = build(first), build(second)
        if len(a) != len(b):
            raise ValueError("build() must return the same number of querysets for any values.")
        self.statements = tuple(self._compile(qa, qb, first, second) for qa, qb in zip(a, b, strict=True))

    def _compile(
        self, qa: QuerySet[Any], qb: QuerySet[Any], first: Mapping[str, Any], second: Mapping[str, Any]
    ) -> _Statement:
        compiler = qa.query.get_compiler(using=self.using)
        sql, params_a = compiler.as_sql()
        sql_b, params_b = qb.query.get_compiler(using=self.using).as_sql()
        if sql != sql_b or len(params_a) != len(params_b):
            raise ValueError(f"The SQL depends on the stand-in values, so it cannot be reused: {sql}")
        slots: list[str | None] = []
        literals: list[Any] = []
        for pa, pb in zip(params_a, params_b, strict=True):
            names = [n for n in first if pa == first[n] and pb == second[n]]
            if len(names) > 1:
                raise ValueError(f"Stand-ins {', '.join(names)} have equal values; give each its own.")
            if names:
                slots.append(names[0])
                literals.append(None)
            elif pa == pb:
                slots.append(None)
                literals.append(pa)
            else:
                raise ValueError(
                    f"A parameter changes with the stand-ins but is none of them ({pa!r}, then {pb!r}): "
                    "if it is worked out from one, pass it as a stand-in of its own."
                )
        query = qa.query
        columns = (*query.extra_select, *query.values_select, *query.annotation_select)
        return _Statement(sql, compiler, columns, tuple(slots), tuple(literals))

    def uses(self, name: str) -> list[int]:
        """How many times each statement uses the stand-in ``name`` (callers check their own rules)."""
        return [st.slots.count(name) for st in self.statements]

    def read(self, values: Mapping[str, Any]) -> list[list[Row]]:
        """Every statement's rows, as ``values()`` dicts, with ``values`` in place of the stand-ins."""
        connection = connections[self.using]
        results: list[list[Sequence[Any]]] = []  # the compiler's results_iter() takes sequences
        per_statement = [
            [
                values[slot] if slot is not None else literal
                for slot, literal in zip(st.slots, st.literals, strict=True)
            ]
            for st in self.statements
        ]
        with connection.cursor() as cursor:
            if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
                for st, params in zip(self.statements, per_statement, strict=True):
                    cursor.execute(st.sql, params)
                    results.append(cursor.fetchall())
            else:
                cursor.execute(
                    ";\n".join(st.sql for st in self.statements), [p for ps in per_statement for p in ps]
                )
                results.append(cursor.fetchall())
                while cursor.nextset():
                    results.append(cursor.fetchall())
        return [
            [dict(zip(st.names, row, strict=True)) for row in st.compiler.results_iter(results=[rows])]
            for st, rows in zip(self.statements, results, strict=True)
        ]

    def read_instances(self, values: Mapping[str, Any]) -> list[list[Model]]:
        """Every statement's rows as model instances; each queryset must come from :func:`model_values`.

        For pages whose templates want records, not dicts: the instances are
        what the ORM would have given (saved, from this database), so
        ``get_FOO_display``, code words and links work on them unchanged.
        """
        out = []
        for st, rows in zip(self.statements, self.read(values), strict=True):
            model = st.compiler.query.model
            names = _attnames(model) if model is not None else ()
            if model is None or st.names != names:
                raise ValueError(f"{st.sql[:60]}…: build the queryset with model_values() to read instances.")
            out.append([model.from_db(self.using, names, [row[n] for n in names]) for row in rows])
        return out


def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def model_values(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` as ``values()`` of every column of its model, for :meth:`QueryBatch.read_instances`.

    Foreign keys by their column (``child_id``), so an instance can be made
    from a row without fetching anything else.
    """
    return queryset.values(*_attnames(queryset.model))


_local = threading.local()


def per_thread(key: Hashable, make: Callable[[], QueryBatch]) -> QueryBatch:
    """The batch for ``key`` in this thread, made by ``make()`` the first time this thread asks.

    A compiled batch holds compilers bound to this thread's connection, so
    threads (the web server's workers) never share one. ``key`` should name
    the database as well as the queries.
    """
    cache: dict[Hashable, QueryBatch] | None = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    if key not in cache:
        cache[key] = make()
    return cache[key]
