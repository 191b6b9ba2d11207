"""The snapshot's identity of the server across a clean restart and a crash, on a scratch server.

A clean restart keeps the statistics (PostgreSQL 15 and later), so the files written before it
stay current; a crash discards every counter, which could climb back to the values a file was
written under, so every fingerprint must change. Shown on a real embedded PostgreSQL of its own
(its own folder), stopped cleanly once and crashed once (an immediate shutdown: no checkpoint, no
statistics written, recovery at the next start).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psycopg

from continuum.devtools import pg
from continuum.metrics.snapshot import _FINGERPRINT_SQL


def _identity(socket: Path) -> tuple[object, ...]:
    """What the fingerprint query says of the server and the counts of table ``t``."""
    with psycopg.connect(host=str(socket), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_stat_force_next_flush()")
        row = conn.execute(_FINGERPRINT_SQL, [["t"]]).fetchone()
    assert row is not None
    _, database, oid, stats_lost, reset, counts = row
    return (database, oid, stats_lost, reset), counts.get("t")


def _crash(pgdata: Path) -> None:
    """An immediate shutdown: the postmaster quits at once, as after a power cut."""
    pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    os.kill(pid, signal.SIGQUIT)
    deadline = time.monotonic() + 30
    while pg.is_running(pgdata) and time.monotonic() < deadline:
        time.sleep(0.2)


def test_a_clean_restart_keeps_the_fingerprints_and_a_crash_changes_them(tmp_path: Path) -> None:
    pgdata = tmp_path / "pg" / "data"
    socket = pg.start(pgdata)
    try:
        with psycopg.connect(host=str(socket), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE TABLE t (a int)")
            conn.execute("INSERT INTO t SELECT generate_series(1, 10)")
        before, counts = _identity(socket)
        assert counts[0] == 10  # n_tup_ins

        pg.stop(pgdata)
        socket = pg.start(pgdata)
        assert _identity(socket) == (before, counts)  # the same server, the same counts: files stay

        _crash(pgdata)
        socket = pg.start(pgdata)
        after, lost = _identity(socket)
        assert lost[0] == 0  # the counters are gone...
        assert after[:2] == before[:2]
        assert after != before  # ...and the identity says so, so no file is served on stale counts
    finally:
        pg.stop(pgdata)
