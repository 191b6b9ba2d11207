"""Roll the demo's synthetic borough forward to a later day, keeping what people recorded by hand.

Why this works: the simulator is deterministic per seed, and a child's life is
drawn from a stream of its own keyed by its arrival number, so simulating from
the same first day to a later as-of day gives the same children, with the same
identifiers and the same records up to the old day, and the days in between
on top (``tests/synth/test_simulation_prefix.py`` and ``test_demo_refresh.py``
check this, record by record).

What is kept, exactly as it is: every child *touched* by hand, that is a child
with any chronology event not written by the synthetic loader (a person's
``by``, or a step other than ``synthetic load``), including a child created by
hand. Such a child keeps its synthetic history up to the old day too; its
simulated future is not played out, since it would run into what was recorded.

What is replaced: every other child's records, re-simulated up to the new day.
Those children keep their internal ids (found by LAchildID), so the access log
and the access records (which name a child by id) still point at the same
child. New records get ids after every id used before, never an old one.

Teams (by name), workers (by SW_ID) and adopter households (by reference) keep
their rows and are updated to the new simulation's values, so a demo sign-in
stays linked to its worker. The workforce, too, draws nothing that depends on
the day it runs to (``tests/synth/test_simulation_prefix.py``), so an SW_ID is
the same person in the same team after a refresh. A worker may still leave
between the two days, as people do; one that records kept by hand (or a
sign-in) point at is kept in post over the dates those records need.

The chronology is append-only (a trigger refuses UPDATE and DELETE; TRUNCATE
is allowed): the events of the replaced children are dropped by copying every
other event aside, truncating and copying them back, ids and times unchanged.
The access log is not touched.

All in one transaction, with the loader's invariant checks over the whole
record before commit: any failure rolls back and the old borough stays.
"""

# SQL here is built only from table and column names taken from the models.
# ruff: noqa: S608

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import UTC, date, datetime
from typing import Any

from django.apps import apps
from django.db import connections, transaction

from continuum.synth.load import STEP, _build, _Ids, _Table, kept_history_start, write_tables
from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig
from continuum.synth.supervision import SYNTHETIC_SUPERVISOR

__all__ = ["RefreshResult", "refresh_borough", "refresh_demo_borough", "touched_children"]

Progress = Callable[[str], None]

#: Tables whose rows are kept and updated (by natural key) rather than replaced.
UPSERT = frozenset({"people_team", "people_worker", "looked_after_adopterhousehold"})
#: (table, natural key column) for the rows a refresh matches to the ones it holds.
NATURAL_KEYS = (
    ("people_child", "la_child_id"),
    ("people_team", "name"),
    ("people_worker", "sw_id"),
    ("looked_after_adopterhousehold", "reference"),
)


@dataclass(frozen=True)
class RefreshResult:
    kept_children: int
    replaced_children: int
    new_children: int
    rows: int


def _case_models() -> list[Any]:
    return [
        m for label in ("people", "journey", "looked_after") for m in apps.get_app_config(label).get_models()
    ]


def _foreign_keys() -> dict[str, dict[str, str]]:
    """Per case table, its foreign-key columns and the tables they point at."""
    return {
        m._meta.db_table: {
            f.column: f.related_model._meta.db_table
            for f in m._meta.fields
            if f.is_relation and f.related_model
        }
        for m in _case_models()
    }


def touched_children(cursor: Any) -> list[int]:
    """Ids of children with anything recorded other than by the synthetic loader (kept as they are)."""
    # The demo's synthetic supervision is recorded through the service by synthetic supervisors
    # (continuum/synth/supervision.py); what they wrote is synthetic data, not a person's work.
    cursor.execute(
        """SELECT c.id FROM people_child c
           WHERE EXISTS (SELECT 1 FROM journey_chronologyevent e
                         WHERE e.child_id = c.id AND (e.by_id IS NOT NULL OR e.step <> %s)
                           AND NOT EXISTS (SELECT 1 FROM auth_user u
                                           WHERE u.id = e.by_id AND u.username LIKE %s))
              OR NOT EXISTS (SELECT 1 FROM journey_chronologyevent e
                             WHERE e.child_id = c.id AND e.step = %s AND e.record_type = 'child')
           ORDER BY c.id""",
        [STEP, f"{SYNTHETIC_SUPERVISOR}%", STEP],
    )
    return [row[0] for row in cursor.fetchall()]


def _without_children(borough: Borough, la_child_ids: set[str]) -> Borough:
    """The borough without the records of ``la_child_ids`` (kept from before instead)."""
    tables = {
        name: [r for r in rows if getattr(r, "la_child_id", None) not in la_child_ids]
        for name, rows in borough.tables.items()
    }
    return dc_replace(borough, tables=tables)


def _widen_posts(tables: Iterable[_Table], kept_posts: dict[str, tuple[date, date | None]]) -> None:
    """Workers that kept records point at stay in post over the dates those records need.

    On the mapped rows, so the independent reviewing officers the loader adds
    (continuum/synth/iro.py) are covered as well as the simulated workforce.
    """
    for t in tables:
        if t.name != "people_worker":
            continue
        key, start, leave = (t.columns.index(c) for c in ("sw_id", "start_date", "leave_date"))
        rows = []
        for row in t.rows:
            old = kept_posts.get(row[key])
            if old is not None:
                row = list(row)
                row[start] = min(row[start], old[0])
                row[leave] = None if row[leave] is None or old[1] is None else max(row[leave], old[1])
                row = tuple(row)
            rows.append(row)
        t.rows = rows


def _kept_posts(cursor: Any, kept: list[int]) -> dict[str, tuple[date, date | None]]:
    """SW_ID -> (start, leave) of the workers that kept children's records, or a sign-in, point at."""
    parts = ["SELECT id FROM people_worker WHERE user_id IS NOT NULL"]
    for table, fks in _foreign_keys().items():
        has_child = fks.get("child_id") == "people_child"
        for column, target in fks.items():
            if target == "people_worker" and has_child:
                parts.append(f"SELECT {column} FROM {table} WHERE child_id = ANY(%(kept)s)")
    cursor.execute(
        "SELECT sw_id, start_date, leave_date FROM people_worker "
        f"WHERE sw_id <> '' AND id IN ({' UNION '.join(parts)})",
        {"kept": kept},
    )
    return {sw_id: (start, leave) for sw_id, start, leave in cursor.fetchall()}


def _existing(cursor: Any, table: str, key: str) -> dict[str, int]:
    cursor.execute(f"SELECT {key}, min(id) FROM {table} WHERE {key} <> '' GROUP BY {key}")
    return dict(cursor.fetchall())


def _remap(tables: Iterable[_Table], existing: dict[str, dict[str, int]]) -> None:
    """Give rows whose natural key is already held that row's id, and follow it in every reference."""
    by_name = {t.name: t for t in tables}
    moved: dict[str, dict[int, int]] = {}
    for table, key in NATURAL_KEYS:
        t = by_name.get(table)
        if t is None:
            continue
        k = t.columns.index(key)
        held = existing[table]
        moves = {row[0]: held[row[k]] for row in t.rows if row[k] in held}
        moved[table] = moves
        t.rows = [(moves.get(row[0], row[0]), *row[1:]) for row in t.rows]
    fks = _foreign_keys()
    for t in by_name.values():
        cols = [
            (i, moved[target]) for i, c in enumerate(t.columns) if (target := fks[t.name].get(c)) in moved
        ]
        cols = [(i, m) for i, m in cols if m]
        if cols:
            rows = []
            for row in t.rows:
                row = list(row)
                for i, m in cols:
                    row[i] = m.get(row[i], row[i])
                rows.append(tuple(row))
            t.rows = rows


def _remove_replaced(cursor: Any, replaced: list[int], kept: list[int]) -> None:
    """Delete the records of the children to be re-simulated (the chronology as its trigger allows)."""
    # Deferred foreign-key checks pending would block TRUNCATE: run them first.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(
        "CREATE TEMP TABLE refresh_kept_events ON COMMIT DROP AS SELECT * FROM journey_chronologyevent "
        "WHERE child_id IS NULL OR child_id <> ALL(%s)",
        [replaced],
    )
    cursor.execute("TRUNCATE journey_chronologyevent")
    cursor.execute("INSERT INTO journey_chronologyevent SELECT * FROM refresh_kept_events")
    cursor.execute("DROP TABLE refresh_kept_events")
    for table, fks in _foreign_keys().items():
        if fks.get("child_id") == "people_child" and table != "journey_chronologyevent":
            cursor.execute(f"DELETE FROM {table} WHERE child_id = ANY(%s)", [replaced])
    cursor.execute("DELETE FROM people_child WHERE id = ANY(%s)", [replaced])
    cursor.execute(
        """DELETE FROM people_address a
           WHERE NOT EXISTS (SELECT 1 FROM people_childaddress l WHERE l.address_id = a.id)
             AND NOT EXISTS (SELECT 1 FROM people_familymember f WHERE f.address_id = a.id)"""
    )
    # Synthetic adopters (no chronology: the loader writes none for them) come again from the
    # simulation; a household a kept adoption plan names keeps its row (matched by reference).
    synthetic = """NOT EXISTS (SELECT 1 FROM journey_chronologyevent e
                               WHERE e.record_type = 'adopterhousehold' AND e.record_id = h.id)"""
    cursor.execute(
        f"""DELETE FROM looked_after_prospectiveadopter p USING looked_after_adopterhousehold h
            WHERE h.id = p.household_id AND {synthetic}"""
    )
    cursor.execute(
        f"""DELETE FROM looked_after_adopterhousehold h WHERE {synthetic}
            AND NOT EXISTS (SELECT 1 FROM looked_after_adoptionplan a WHERE a.household_id = h.id)"""
    )


def refresh_borough(
    borough: Borough, *, using: str = "default", progress: Progress | None = print
) -> RefreshResult:
    """Replace the untouched synthetic children by ``borough``'s, keeping every touched child.

    ``borough`` must be simulated with the seed and first day of the one held
    (the same children up to the old day). One transaction: a broken rule
    raises :class:`~continuum.synth.load.LoadRuleError` and nothing changes.
    Call inside the caller's ``transaction.atomic`` to write more in the same
    transaction (the demo's stored as-of day).
    """
    say = progress or (lambda _line: None)
    started = time.perf_counter()
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor, for COPY
        cursor.execute("LOCK TABLE people_child IN SHARE ROW EXCLUSIVE MODE")
        kept = touched_children(cursor)
        cursor.execute("SELECT id, la_child_id FROM people_child WHERE id <> ALL(%s)", [kept])
        replaced_pk = dict((la, pk) for pk, la in cursor.fetchall())
        cursor.execute("SELECT la_child_id FROM people_child WHERE id = ANY(%s)", [kept])
        kept_ids = {row[0] for row in cursor.fetchall()}
        say(
            f"  keeping {_children(len(kept))} with records entered by hand; "
            f"re-simulating {_children(len(replaced_pk))}"
        )
        # New ids start after every id in use now, so none is used twice for different records.
        ids = _Ids(cursor)
        posts = _kept_posts(cursor, kept)
        existing = {table: _existing(cursor, table, key) for table, key in NATURAL_KEYS}
        existing["people_child"] = replaced_pk
        _remove_replaced(cursor, list(replaced_pk.values()), kept)
        say(f"  removed the records to be re-simulated  {time.perf_counter() - started:6.1f} s")
        new = _without_children(borough, kept_ids)
        tables, _skipped = _build(new, ids, datetime.now(UTC))
        _widen_posts(tables, posts)
        _remap(tables, existing)
        say(f"  mapped {sum(len(t.rows) for t in tables):,} rows  {time.perf_counter() - started:6.1f} s")
        counts = write_tables(
            cursor,
            tables,
            history_start=kept_history_start(borough),
            using=using,
            say=say,
            started=started,
            upsert=UPSERT,
        )
    simulated = {c.la_child_id for c in new.tables["children"]}
    return RefreshResult(
        kept_children=len(kept),
        replaced_children=len(simulated & replaced_pk.keys()),
        new_children=len(simulated - replaced_pk.keys()),
        rows=sum(counts.values()),
    )


def refresh_demo_borough(
    as_of: date, *, base: SimConfig | None = None, progress: Progress | None = print
) -> bool:
    """``./run demo --refresh``: roll the stored demo borough forward to ``as_of``; return whether it moved.

    Same seed, same first simulated day: when the new day falls in a later
    financial year the borough holds that many more complete years of history
    (``years`` grows), so the simulation starts where it did. A failure is
    said in one sentence and leaves the old borough and its day as they were.
    """
    from django.utils import timezone

    from continuum.core.models import SyntheticBorough
    from continuum.synth.demo import taken_at
    from continuum.synth.load import LoadRuleError
    from continuum.synth.simulate import default_last_year_end, simulate

    say = progress or (lambda _line: None)
    base = base or SimConfig()  # the demo's wards, population and parameters (a test's smaller one)
    row = SyntheticBorough.objects.order_by("-loaded_at").first()
    if row is None:
        say("No demo borough with a recorded day is loaded, so there is nothing to refresh.")
        return False
    if as_of <= row.as_of:
        say(f"The demo borough already runs up to {row.as_of:%-d %B %Y}; nothing to refresh.")
        return False
    years = row.years + default_last_year_end(as_of).year - default_last_year_end(row.as_of).year
    say(f"Refreshing the demo borough from {row.as_of:%-d %B %Y} to {as_of:%-d %B %Y} (seed {row.seed})…")
    started = time.perf_counter()
    borough = simulate(dc_replace(base, years=years, seed=row.seed, as_of=as_of, taken_at=taken_at(as_of)))
    say(f"  simulated {sum(borough.counts().values()):,} records in {time.perf_counter() - started:.1f} s")
    try:
        with transaction.atomic():
            result = refresh_borough(borough, progress=say)
            SyntheticBorough.objects.all().delete()
            SyntheticBorough.objects.create(seed=row.seed, years=years, as_of=as_of, loaded_at=timezone.now())
    except LoadRuleError as exc:
        say(
            "The refresh was refused and nothing changed "
            f"(the borough still runs up to {row.as_of:%-d %B %Y}): {exc}"
        )
        return False
    say(
        f"  the demo borough now runs up to {as_of:%-d %B %Y}: {_children(result.kept_children)} kept "
        f"as recorded by hand, {result.replaced_children:,} re-simulated, {result.new_children:,} new"
    )
    return True


def _children(count: int) -> str:
    """ "1 child", "2 children": the progress lines are read by people."""
    return f"{count:,} {'child' if count == 1 else 'children'}"
