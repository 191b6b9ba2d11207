"""Bulk-load a simulated borough into the case record, with the services' rules checked in SQL.

Why not the journey services: they lock, check and record one step at a time,
which is right for a practitioner and far too slow for five years of a borough
(about 350,000 records). This module is the "equally validated bulk path":

1. map each simulated record (:mod:`continuum.synth.model`) to its Django
   model's columns, giving every row an explicit id so foreign keys are wired
   in Python with no round trips;
2. write every table with PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``) inside
   ONE transaction;
3. append one :class:`~continuum.journey.models.ChronologyEvent` per record
   (``by`` = None, step ``synthetic load``) with ``INSERT ... SELECT``: INSERT is
   what the chronology's append-only trigger allows;
4. before commit, run SQL invariant checks that mirror the services' rules
   (:mod:`continuum.journey.services._base` and the services), named by the same
   rule codes (:class:`~continuum.journey.errors.Rule`). A broken rule, or a
   database constraint refusing a row during ``COPY``, raises
   :class:`LoadRuleError` naming the rule and a few offending records, and the
   transaction rolls back: nothing is written.

What the simulator has that the models cannot hold (and so is not loaded):
CIN reviews (there is no CIN review model; CLA reviews are loaded), the
assessment internal review date, consent "not needed" (the model knows only
obtained or dispensed: it is loaded as dispensed with that as the rationale),
a return home interview offered for an episode that has not ended, and a care
leaver's duty end date that is still in the future (``CareLeaver.end_date`` is
a past fact, so it stays blank until then). Values the models need but the
simulator does not produce are derived, and say so where they are derived.
The independent reviewing officers, their team and one IRO allocation per
period of care are added here too (:mod:`continuum.synth.iro`), not in the
simulator, so no simulated figure moves.

Where the pieces live: step 1's builders, one per section of the borough, are
:mod:`continuum.synth.loading` (for example ``loading/child_protection.py``);
step 4's invariants are :mod:`continuum.synth.loading.invariants`. This module
writes, checks and commits, and reads the case record back.
"""

# The SQL here is built only from fixed table and column names and DfE code lists,
# never from user input; values go in as parameters.
# ruff: noqa: S608

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connections, transaction

from continuum.journey.errors import Rule
from continuum.synth.loading import build as _build
from continuum.synth.loading.invariants import (
    Invariant,
    LoadRuleError,
    Progress,
    check_invariants,
    invariants,
    violations,
)
from continuum.synth.loading.repairs import (
    REPAIR_CLOSED_BEFORE_WORK,
    REPAIR_RC8_RC9_WITH_S47,
    REPAIR_SEEN_ALONE_NOT_SEEN,
    REPAIR_URN,
    REPAIR_WORKER_NOT_IN_POST,
    SLIP_ASSESSMENT_AFTER_CLOSURE,
    SLIP_ASSESSMENT_OPEN_AT_CLOSURE,
    repairs_needed,
)
from continuum.synth.loading.rows import TABLES
from continuum.synth.loading.rows import Ids as _Ids
from continuum.synth.loading.rows import Table as _Table

# health_and_early_help.py imports _Table and _versioned from here, refresh.py _build, _Ids and _Table.
from continuum.synth.loading.rows import versioned as _versioned  # noqa: F401
from continuum.synth.model import Borough

__all__ = [
    "REPAIR_CLOSED_BEFORE_WORK",
    "REPAIR_RC8_RC9_WITH_S47",
    "REPAIR_SEEN_ALONE_NOT_SEEN",
    "REPAIR_URN",
    "REPAIR_WORKER_NOT_IN_POST",
    "SLIP_ASSESSMENT_AFTER_CLOSURE",
    "SLIP_ASSESSMENT_OPEN_AT_CLOSURE",
    "STEP",
    "DatabaseNotEmptyError",
    "Invariant",
    "LoadRuleError",
    "borough_from_database",
    "check_invariants",
    "invariants",
    "kept_history_start",
    "load_borough",
    "repairs_needed",
    "truncate_case_record",
    "violations",
    "write_tables",
]

#: The chronology ``step`` of every event the loader writes.
STEP = "synthetic load"


class DatabaseNotEmptyError(Exception):
    """The database already holds children; loading again would mix two boroughs."""


def kept_history_start(borough: Borough) -> date | None:
    """The first day the simulator keeps history for: a year before the first reported year."""
    return borough.years[0][0] - timedelta(days=365) if borough.years else None


# --- Loading ----------------------------------------------------------------------------


#: Database constraint names -> the service rule they back (a COPY refused by one of
#: them is reported like a broken invariant).
CONSTRAINT_RULES = {
    "cla_one_open_episode_per_child": Rule.ONE_OPEN_CLA_EPISODE,
    "cin_one_open_episode": Rule.ONE_OPEN_CIN_EPISODE,
    "cpplan_one_open_per_child": Rule.ONE_OPEN_CP_PLAN,
    "cinplan_one_open_per_child": Rule.ONE_OPEN_CIN_PLAN,
    "allocation_one_open_per_role": Rule.ONE_OPEN_ALLOCATION,
    "placement_one_open_per_child": Rule.ONE_OPEN_CLA_EPISODE,
    "conference_icpc_has_s47": Rule.ICPC_NEEDS_S47,
    "contact_decision_after_receipt": Rule.END_BEFORE_START,
    "missing_rhi_after_return": Rule.RHI_BEFORE_RETURN,
    "visit_not_seen_alone_has_reason": Rule.SEEN_ALONE_REASON_REQUIRED,
    "visit_seen_alone_needs_seen": Rule.SEEN_ALONE_NEEDS_SEEN,
}


def _constraint_error(table: str, exc: DatabaseError) -> LoadRuleError:
    cause = exc.__cause__ or exc
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    rule = CONSTRAINT_RULES.get(name) or (
        Rule.END_BEFORE_START
        if "after_start" in name or "after_decom" in name or "after_referral" in name
        else Rule.INVALID_CODE
        if name.endswith("_code") or name.endswith("_codes")
        else name or "database_constraint"
    )
    detail = getattr(diag, "message_detail", None) or str(cause).splitlines()[0]
    return LoadRuleError(rule, f"database constraint {name or '?'} on {table}", [detail], count=1)


def _copy(cursor: Any, table: _Table, *, upsert: bool = False) -> None:
    """COPY the rows in; with ``upsert``, a row whose id exists replaces that row's loaded columns.

    Why upsert: a refresh of the demo borough (continuum/synth/refresh.py) keeps
    the rows of teams and workers (a demo sign-in is linked to a worker, and
    kept records point at them) and brings their values up to date. Columns the
    loader does not fill (a worker's ``user``) are left as they are.
    """
    cols = ", ".join(table.columns)
    target = table.name
    if upsert:
        target = f"refresh_{table.name}"
        cursor.execute(f"CREATE TEMP TABLE {target} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP")
    with cursor.copy(f"COPY {target} ({cols}) FROM STDIN") as copy:
        for row in table.rows:
            copy.write_row(row)
    if upsert:
        keep = {"id", "version", "created_at"}
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in table.columns if c not in keep)
        cursor.execute(
            f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {target} "
            f"ON CONFLICT (id) DO UPDATE SET {sets}, version = {table.name}.version + 1"
        )
        cursor.execute(f"DROP TABLE {target}")


def _case_tables() -> list[str]:
    names: list[str] = []
    for label in ("people", "journey", "looked_after"):
        names.extend(m._meta.db_table for m in apps.get_app_config(label).get_models())
    return names


def truncate_case_record(cursor: Any) -> None:
    """Empty every people and journey table (the chronology's trigger allows TRUNCATE).

    Pending deferred foreign-key checks (rows written earlier in the same
    transaction) would block TRUNCATE, so they are run first.
    """
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(f"TRUNCATE {', '.join(_case_tables())} RESTART IDENTITY CASCADE")


def _set_sequences(cursor: Any) -> None:
    for table in TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) "
            f"FROM {table}"
        )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('journey_chronologyevent', 'id'), "
        "coalesce(max(id), 0) + 1, false) FROM journey_chronologyevent"
    )


def _chronology(cursor: Any, table: _Table) -> int:
    """Append one chronology event per loaded row of ``table`` (INSERT only: append-only).

    The rows are named by id, not by "from the first id on": a refresh loads
    children under the ids they had before, among rows it keeps.
    """
    if table.chronology is None or not table.rows:
        return 0
    child, day, what = table.chronology
    record_type = table.name.split("_", 1)[1]
    cursor.execute(
        f"""INSERT INTO journey_chronologyevent
               (child_id, by_id, at, occurred_on, step, what, record_type, record_id, before, after)
            SELECT {child}, NULL, now(), {day}, %s, {what}, %s, r.id, NULL, NULL
            FROM {table.name} r WHERE r.id = ANY(%s)""",
        [STEP, record_type, [row[0] for row in table.rows]],
    )
    return int(cursor.rowcount)


def load_borough(
    borough: Borough,
    *,
    replace: bool = False,
    using: str = "default",
    progress: Progress | None = print,
) -> dict[str, int]:
    """Write ``borough`` into the database in one transaction; return rows written per table.

    Refuses (:class:`DatabaseNotEmptyError`) if the database already holds
    children, unless ``replace``: then the people and journey tables are
    emptied first, in the same transaction, so a failed load leaves the old
    borough in place. Raises :class:`LoadRuleError` (and writes nothing) if
    any rule is broken.
    """
    say = progress or (lambda _line: None)
    started = time.perf_counter()
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor, for COPY
        # One loader at a time, and no child added behind our back.
        cursor.execute("LOCK TABLE people_child IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT count(*) FROM people_child")
        existing = cursor.fetchone()[0]
        if existing and not replace:
            raise DatabaseNotEmptyError(
                f"The database already holds {existing:,} children; give --replace to empty the people "
                "and journey tables and load this borough instead."
            )
        if replace:
            truncate_case_record(cursor)
            say(f"  emptied the people and journey tables ({time.perf_counter() - started:.1f} s)")
        ids = _Ids(cursor)
        tables, skipped = _build(borough, ids, datetime.now(UTC))
        say(f"  mapped {sum(len(t.rows) for t in tables):,} rows ({time.perf_counter() - started:.1f} s)")
        counts = write_tables(
            cursor, tables, history_start=kept_history_start(borough), using=using, say=say, started=started
        )
        for what, n in skipped.items():
            say(f"  note: {n:,} {what}")
    say(f"  committed {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s")
    return counts


def write_tables(
    cursor: Any,
    tables: Sequence[_Table],
    *,
    history_start: date | None,
    using: str = "default",
    say: Progress = lambda _line: None,
    started: float | None = None,
    upsert: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """COPY mapped rows in, check every reference and invariant, append the chronology.

    Inside the caller's transaction: a broken rule raises :class:`LoadRuleError`
    and the caller's rollback leaves nothing behind. Tables named in ``upsert``
    replace rows with the same id (see :func:`_copy`). Shared by
    :func:`load_borough` and the demo's refresh (continuum/synth/refresh.py).
    """
    started = time.perf_counter() if started is None else started
    counts: dict[str, int] = {}
    for table in tables:
        sp = transaction.savepoint(using=using)
        try:
            _copy(cursor, table, upsert=table.name in upsert)
            transaction.savepoint_commit(sp, using=using)
        except DatabaseError as exc:
            transaction.savepoint_rollback(sp, using=using)
            raise _constraint_error(table.name, exc) from exc
        except Exception as exc:  # psycopg errors not wrapped by Django
            transaction.savepoint_rollback(sp, using=using)
            if hasattr(exc, "diag"):
                wrapped = DatabaseError(str(exc))
                wrapped.__cause__ = exc
                raise _constraint_error(table.name, wrapped) from exc
            raise
        counts[table.name] = len(table.rows)
        say(f"  {table.name:28} {len(table.rows):>9,} rows  {time.perf_counter() - started:6.1f} s")
    _set_sequences(cursor)
    # Deferred foreign keys are checked now, so a dangling id names itself here.
    try:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except Exception as exc:
        raise LoadRuleError(
            "foreign_key", "every reference points at a loaded record", [str(exc).splitlines()[0]]
        ) from exc
    check_invariants(
        cursor,
        history_start=history_start,
        progress=lambda line: say(f"{line}  {time.perf_counter() - started:6.1f} s"),
    )
    events = sum(_chronology(cursor, t) for t in tables)
    counts["journey_chronologyevent"] = events
    say(f"  {'journey_chronologyevent':28} {events:>9,} rows  {time.perf_counter() - started:6.1f} s")
    for name in (*TABLES, "journey_chronologyevent"):
        cursor.execute(f"ANALYZE {name}")
    return counts


# --- Reading back ------------------------------------------------------------------------


def borough_from_database(
    *, years: list[tuple[date, date]], extracted_on: date, child_population: int, connection: Any = None
) -> Borough:
    """The database's case record as a :class:`Borough` of analytical records.

    Why: the calibration (:func:`continuum.synth.calibration.yearly_figures`)
    computes its figures from a Borough, so reading the database back into one
    proves what was written, with the very same definitions.
    """
    from continuum.metrics.extract import extract_tables
    from continuum.synth.model import RECORD_TYPES

    tables = extract_tables(connection)
    code = ""
    records: dict[str, list] = {}
    for name, cls in RECORD_TYPES.items():
        rows = tables[name].to_pylist()
        for row in rows:
            for key in ("disabilities", "assessment_factors"):
                if key in row and row[key] is not None:
                    row[key] = tuple(row[key])
            code = code or row["la_code"]
        records[name] = [cls(**row) for row in rows]
    return Borough(
        la_code=code,
        name="From the database",
        seed=0,
        years=years,
        extracted_on=extracted_on,
        child_population=child_population,
        tables=records,
    )
