"""The analytical tables kept between requests and processes, re-extracted only where the data changed.

Why: copying all 31 tables out of PostgreSQL (:func:`continuum.metrics.extract.extract_tables`)
takes about a second on the 5-year borough, and the dashboards, the reports and ``./run kpi`` used
to do it on every data change and in every new process. A new contact changes one relation
(``journey_contact``), so only the tables whose queries read that relation need copying again.

**Fingerprints.** Each table's query in :data:`~continuum.metrics.extract.QUERIES` reads a few
relations, found once by matching the identifiers of its SQL against the project's model tables
(:func:`relations`). A table's fingerprint is, for each of those relations, PostgreSQL's write
counts (``n_tup_ins``, ``n_tup_upd``, ``n_tup_del`` in ``pg_stat_user_tables``) and its
``relfilenode`` (which a ``TRUNCATE`` or a rewrite changes while the write counts do not), together
with the database's identity (its name and oid), the times the statistics were last lost or reset,
the LA code, and a hash of the table's SQL and Arrow schema (so a code change re-extracts). All
fingerprints come from one query.

**Restarts and crashes.** Since PostgreSQL 15 the statistics survive a clean restart, so the
files stay current across one (a nightly restart does not cost a full extraction). After a crash
the server discards every counter, which could then climb back to the values a file was written
under while the data differs; but it also resets its fixed statistics then, stamping
``pg_stat_bgwriter.stats_reset`` with the time, which a clean restart leaves alone. That stamp is
part of every fingerprint, so a crash changes them all (tests/metrics/test_snapshot_restart.py
crashes a scratch server to show both). ``pg_stat_reset()`` moves ``pg_stat_database.stats_reset``,
also part of it.
The counts only grow, and count aborted writes too: a false change costs a COPY, never a stale
table. A table is never served with a fingerprint other than the current one.

**Where they are kept.** In this process's memory, and on disk under ``var/analytics/<database>/``
(``CONTINUUM_ANALYTICS_DIR`` overrides it) as one Arrow IPC file per table, its fingerprint in the
file's schema metadata, written to a temporary file and renamed, so a reader sees a whole file or
the previous one. A new process (a web worker, a report job, ``./run kpi``) memory-maps the files
whose fingerprint is current instead of copying out of PostgreSQL; the mapped pages are shared
between processes. A file that cannot be read, or holds another schema, is re-extracted.

**New rows only.** A table that is one row per row of one relation, joined to lookups by their
primary key (contacts, visits, referrals, most of them), is not copied whole when the only writes
since are inserts into that relation and its lookups: it keeps its rows and gains the relation's
rows with a larger id, or stays the very same table when only a lookup grew (a new child). Each
such append is checked against the relation's row count read in the same database snapshot. See
:mod:`continuum.metrics.growth`.

**When.** :func:`refresh` runs whenever a page, report or command asks for the tables. Writes made
through the web publish their statistics as the request ends
(:func:`continuum.web.dashboards.source.publish_write_statistics`); other connections publish
within about ten seconds when idle. The periodic job ``metrics.refresh``
(``continuum/jobs/tasks.py``) refreshes the files every minute, so a record saved in the browser is
in the figures within a minute even when no page is opened, and the next page load maps it.

**Consistency.** The tables re-extracted in one refresh share one exported snapshot (REPEATABLE
READ across the COPY connections). A table kept is one whose relations have had no write since it
was copied, so it equals what a copy would give now. The set therefore agrees with one moment of
the database, up to the statistics' publication lag (none after a web write; seconds otherwise):
within that lag a table may miss a write another re-extracted table already shows, and the next
refresh mends it. The fingerprints are read before the COPYs start, so a write they count is in the
copy; a write after them is caught by the next refresh.

**Inside a transaction that has written** (a test, an import checking its own rows), the statistics
cannot see the uncommitted rows, so :func:`refresh` extracts every table on that connection and
keeps nothing. A transaction that has only read (every request runs in one: ``ATOMIC_REQUESTS``) is
fine: the COPYs then go through new connections, which see the committed data. When the folder is
not writable the tables are kept in memory only: a page never fails for the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from continuum.metrics import extract, growth
from continuum.metrics.schema import schema_for

__all__ = ["Snapshot", "clear_memory", "directory", "fingerprints", "refresh", "relations", "state"]

logger = logging.getLogger(__name__)

#: Changes when the file layout or the fingerprint's make-up changes.
FORMAT = 3
#: The schema metadata key holding the table's fingerprint in its file.
_KEY = b"continuum.fingerprint"
_SUFFIX = ".arrow"


@dataclass(frozen=True)
class Snapshot:
    """Every analytical table as of its fingerprint, and what this refresh had to do."""

    tables: Mapping[str, pa.Table]
    #: One value for the whole set, changing when any table's fingerprint does; None when the
    #: tables came from a transaction with its own writes (nothing can tell when they change).
    state: str | None
    #: Tables copied out of PostgreSQL by this refresh.
    extracted: tuple[str, ...] = ()
    #: Tables memory-mapped from their files by this refresh.
    loaded: tuple[str, ...] = ()
    #: Tables brought up to date by their new rows alone, or kept because only lookups grew
    #: (:mod:`continuum.metrics.growth`).
    grown: tuple[str, ...] = ()


_lock = threading.Lock()
#: Table name -> (fingerprint, table) for this process.
_memory: dict[str, tuple[str, pa.Table]] = {}
_unwritable_logged: set[Path] = set()


def clear_memory() -> None:
    """Forget the tables held in this process (the files stay): what a new process starts from."""
    with _lock:
        _memory.clear()


def directory() -> Path:
    """The folder of the persisted tables: ``CONTINUUM_ANALYTICS_DIR``, else ``<var>/analytics``."""
    from django.conf import settings

    configured = getattr(settings, "CONTINUUM_ANALYTICS_DIR", None) or os.environ.get(
        "CONTINUUM_ANALYTICS_DIR"
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "analytics"


@cache
def relations() -> dict[str, tuple[str, ...]]:
    """The PostgreSQL relations each extracted table's query reads, by table name.

    Why from the SQL text rather than a hand-kept list: a join added to a query is then watched
    without anyone remembering to declare it. An identifier that names a model's table is a
    relation read; a column that happened to share a table's name would only cost a spare COPY.
    """
    known = _model_tables()
    return {
        name: tuple(sorted(set(re.findall(r"\b[a-z_][a-z0-9_]*\b", extract.QUERIES[name])) & known))
        for name in extract.EXTRACTED
    }


def _version(name: str) -> str:
    """A hash of what shapes the table besides the data: its SQL and its Arrow schema (with docs).

    Keyed on the SQL as it is now, so a query changed while the process runs is noticed too.
    """
    return _digest(name, extract.QUERIES[name])


@cache
def _digest(name: str, sql: str) -> str:
    schema = schema_for(name)
    text = sql + schema.to_string(show_field_metadata=True, show_schema_metadata=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_FINGERPRINT_SQL = """
    SELECT pg_current_xact_id_if_assigned() IS NOT NULL,
           current_database(),
           (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()),
           (SELECT b.stats_reset::text FROM pg_stat_bgwriter b),
           (SELECT d.stats_reset::text FROM pg_stat_database d WHERE d.datname = current_database()),
           (SELECT coalesce(json_object_agg(s.relname,
                                            json_build_array(s.n_tup_ins, s.n_tup_upd, s.n_tup_del,
                                                             c.relfilenode)),
                            '{}'::json)
              FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
             WHERE s.relname = ANY(%s) AND s.schemaname = ANY(current_schemas(false)))
"""


@dataclass(frozen=True)
class _Reading:
    database: str
    #: Table name -> fingerprint; None when this connection's transaction has written.
    prints: dict[str, str] | None


def _read_fingerprints(connection: Any, code: str) -> _Reading:
    """Every table's fingerprint, from one query (after publishing this connection's own counts)."""
    raw = connection.connection
    watched = sorted({rel for rels in relations().values() for rel in rels})
    with raw.cursor() as cursor:
        if raw.info.transaction_status == _IDLE:
            # This connection's own finished writes are counted only once published; the flush
            # happens as this statement ends, before the next one reads the statistics.
            cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(_FINGERPRINT_SQL, [watched])
        wrote, database, oid, stats_lost, reset, counts = cursor.fetchone()
    if wrote:
        return _Reading(database, None)
    identity = [FORMAT, database, oid, stats_lost, reset, code]
    prints = {}
    for name, rels in relations().items():
        parts = [*identity, _version(name), [[rel, *(counts.get(rel) or _UNCOUNTED)] for rel in rels]]
        prints[name] = json.dumps(parts, separators=(",", ":"))
    return _Reading(database, prints)


#: A relation missing from the statistics: no counts to compare, so never grown (see _grown).
_UNCOUNTED = (None, None, None, None)


def fingerprints(connection: Any = None, *, code: str | None = None) -> dict[str, str] | None:
    """Every extracted table's current fingerprint (None inside a transaction that has written)."""
    return _read_fingerprints(_django_connection(connection), code or extract.la_code()).prints


def state(connection: Any = None, *, code: str | None = None) -> str | None:
    """One value for the whole set of fingerprints: what a cache of things built from the tables keys on."""
    prints = fingerprints(connection, code=code)
    return None if prints is None else _combine(prints)


def _combine(prints: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(prints):
        digest.update(name.encode() + b"\0" + prints[name].encode() + b"\0")
    return digest.hexdigest()


def refresh(connection: Any = None, *, code: str | None = None) -> Snapshot:
    """Every analytical table, current: from memory, from its file, or copied out of PostgreSQL.

    Only the tables whose fingerprint changed since they were kept are copied, all in one
    snapshot; each is then written to its file for other processes. See the module's docstring
    for when this falls back to a plain extraction.
    """
    connection = _django_connection(connection)
    code = code or extract.la_code()
    try:
        reading = _read_fingerprints(connection, code)
    except Exception as exc:  # no statistics to trust (a restricted role, an old server): copy all
        logger.warning("Analytical tables' fingerprints unreadable (%s): extracting all", type(exc).__name__)
        return Snapshot(extract.extract_tables(connection, code=code), None, extract.EXTRACTED)
    if reading.prints is None:
        return Snapshot(extract.extract_tables(connection, code=code), None, extract.EXTRACTED)
    prints = reading.prints
    folder = directory() / _safe(reading.database)
    with _lock:
        stale = [name for name in extract.EXTRACTED if _memory.get(name, ("",))[0] != prints[name]]
        loaded = []
        for name in stale:
            table = _load(folder, name, prints[name])
            if table is not None:
                _memory[name] = (prints[name], table)
                loaded.append(name)
        missing = [name for name in stale if name not in loaded]
        grown = _grow(connection, code, folder, missing, prints) if missing else ()
        missing = [name for name in missing if name not in grown]
        if missing:
            fresh = extract.extract_tables(connection, code=code, names=missing, fresh=True)
            writable = _prepare(folder)
            for name, table in fresh.items():
                _keep(folder, name, prints[name], table, writable)
        tables = {name: _memory[name][1] for name in extract.EXTRACTED}
    return Snapshot(tables, _combine(prints), tuple(missing), tuple(loaded), tuple(grown))


def _keep(folder: Path, name: str, fingerprint: str, table: pa.Table, writable: bool) -> None:
    """Hold the table in memory, as its mapped file when it could be written (see _persist)."""
    kept = _persist(folder, name, fingerprint, table) if writable else None
    _memory[name] = (fingerprint, kept if kept is not None else table)


def _grow(
    connection: Any, code: str, folder: Path, names: list[str], prints: Mapping[str, str]
) -> tuple[str, ...]:
    """The tables of ``names`` brought up to date without a full copy (see :mod:`.growth`).

    A table held under an older fingerprint, whose relations since had only inserts, and only
    into its driving relation and its parents, is kept as it is when its driving relation had
    none, or else extended with the driving relation's rows of a larger id, all these tails read
    in one snapshot. A tail is kept only if the rows held plus the tail are exactly the driving
    relation's row count in that snapshot; otherwise (a row committed out of id order, a query
    that is not one row per driving row) the table is left to the full copy.
    """
    same: dict[str, pa.Table] = {}
    tails: dict[str, extract.Tail] = {}
    bases: dict[str, pa.Table] = {}
    for name in names:
        held = _memory.get(name) or _load_any(folder, name)
        grows = _growth(name)
        if held is None or grows is None:
            continue
        how = _grown(held[0], prints[name], grows)
        last = _largest_id(held[1], grows.key) if how == "tail" and grows.key is not None else None
        if how == "same":
            same[name] = held[1]
        elif last is not None and grows.relation is not None:
            bases[name] = held[1]
            tails[name] = extract.Tail(growth.tail_sql(extract.QUERIES[name], grows, last), grows.relation)
    for name, table in same.items():  # the very table: figures computed from it stay shared
        _memory[name] = (prints[name], table)
    if not tails:
        return tuple(same)
    counted: dict[str, int] = {}
    new = extract.extract_tables(connection, code=code, names=(), fresh=True, tails=tails, counted=counted)
    writable = _prepare(folder)
    done = list(same)
    for name, rows in new.items():
        base = bases[name]
        if base.num_rows + rows.num_rows != counted.get(name):
            logger.info("Analytical table %s: its new rows do not add up; copying it whole", name)
            continue
        if rows.num_rows == 0:
            _memory[name] = (prints[name], base)
        else:
            table = pa.concat_tables([base, rows])
            if table.column(0).num_chunks > _MAX_CHUNKS:
                table = table.combine_chunks()
            _keep(folder, name, prints[name], table, writable)
        done.append(name)
    return tuple(done)


#: Appended tails are chunks of their own; past this many the table is made one chunk again, so
#: DuckDB does not scan hundreds of tiny batches after a busy day.
_MAX_CHUNKS = 32


def _growth(name: str) -> growth.Growth | None:
    return _growth_of(extract.QUERIES[name])


@cache
def _growth_of(sql: str) -> growth.Growth | None:
    return growth.growth(sql, _model_tables())


@cache
def _model_tables() -> frozenset[str]:
    """The project's relations (model tables): what a query's identifiers are matched against."""
    from django.apps import apps

    return frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))


def _grown(old: str, new: str, grows: growth.Growth) -> str | None:
    """``"same"``, ``"tail"`` or None: what the writes between two fingerprints allow (see _grow)."""
    before, after = json.loads(old), json.loads(new)
    if before[:-1] != after[:-1]:  # the server, statistics, LA code, SQL or schema changed
        return None
    was = {rel: tuple(counts) for rel, *counts in before[-1]}
    now = {rel: tuple(counts) for rel, *counts in after[-1]}
    if was.keys() != now.keys():
        return None
    changed = [rel for rel in now if now[rel] != was[rel]]
    for rel in changed:
        if rel not in grows.parents and (grows.relation is None or rel != grows.relation):
            return None
        if None in was[rel] or None in now[rel]:
            return None
        (ins0, *rest0), (ins1, *rest1) = was[rel], now[rel]
        if rest0 != rest1 or ins1 < ins0:  # an update, a delete, a rewrite or a reset
            return None
    return "tail" if grows.relation in changed else "same"


def _largest_id(table: pa.Table, column: int) -> int | None:
    """The largest record id the table holds (in ``column``), 0 if empty; None if it has none."""
    if table.num_rows == 0:
        return 0
    try:
        return int(pc.max(pc.cast(table.column(column), pa.int64())).as_py())
    except (pa.ArrowInvalid, TypeError):  # a table written before the column existed holds nulls
        return None


_IDLE = extract.psycopg.pq.TransactionStatus.IDLE


def _django_connection(connection: Any) -> Any:
    if connection is None:
        from django.db import connection as default

        connection = default
    connection.ensure_connection()
    return connection


def _safe(database: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", database) or "_"


def _path(folder: Path, name: str) -> Path:
    return folder / f"{name}{_SUFFIX}"


def _load(folder: Path, name: str, fingerprint: str) -> pa.Table | None:
    """The table from its file if the file holds exactly this fingerprint and schema, else None."""
    found = _load_any(folder, name, fingerprint)
    return None if found is None else found[1]


def _load_any(folder: Path, name: str, fingerprint: str | None = None) -> tuple[str, pa.Table] | None:
    """The table in its file with the fingerprint it was written under (only ``fingerprint``'s if
    given), if its schema is the table's; else None."""
    path = _path(folder, name)
    try:
        reader = ipc.open_file(pa.memory_map(str(path)))
        metadata = reader.schema.metadata or {}
        held = metadata.get(_KEY)
        if held is None or (fingerprint is not None and held != fingerprint.encode()):
            return None
        expected = schema_for(name)
        table = reader.read_all().replace_schema_metadata(expected.metadata)
        if not table.schema.equals(expected, check_metadata=True):
            return None
        table.validate()
        return held.decode(), table
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or foreign file: copy the table again and overwrite it
        logger.warning(
            "Analytical table file %s unreadable (%s): re-extracting", path.name, type(exc).__name__
        )
        return None


def _prepare(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        _unwritable(folder)
        return False
    if not os.access(folder, os.W_OK):
        _unwritable(folder)
        return False
    _sweep(folder)
    return True


#: A temporary file older than this was left by a process that stopped mid-write (a write takes
#: well under a second), never one still being written.
_STALE_SECONDS = 3600


def _sweep(folder: Path) -> None:
    """Remove temporary files a crash left mid-write (:func:`_persist`), so they do not pile up."""
    cutoff = time.time() - _STALE_SECONDS
    for tmp in folder.glob(".*.tmp"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:  # another process removed or renamed it first
            continue


def _persist(folder: Path, name: str, fingerprint: str, table: pa.Table) -> pa.Table | None:
    """Write the table with its fingerprint (temporary file, then rename); the mapped copy, or None.

    Why return the mapped copy: the heap copy is then freed, and every process of this
    installation shares the file's pages instead of holding its own.
    """
    path = _path(folder, name)
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    metadata = {**(table.schema.metadata or {}), _KEY: fingerprint.encode()}
    try:
        with (
            pa.OSFile(str(tmp), "wb") as sink,
            ipc.new_file(sink, table.schema.with_metadata(metadata)) as out,
        ):
            out.write_table(table)
        os.replace(tmp, path)
    except Exception:  # a full disk, a read-only folder: the table is served from memory all the same
        tmp.unlink(missing_ok=True)
        _unwritable(folder)
        return None
    return _load(folder, name, fingerprint)


def _unwritable(folder: Path) -> None:
    if folder not in _unwritable_logged:
        _unwritable_logged.add(folder)
        logger.warning("Analytical tables kept in memory only: %s is not writable", folder)
