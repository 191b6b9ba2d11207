"""The set-up machinery behind ./run: CLI, embedded PostgreSQL, demo guards, deploy check."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from continuum.devtools import pg
from continuum.devtools.demo import DemoError, acquire_demo_lock, check_port_free

ROOT = Path(__file__).resolve().parents[2]


def test_cli_help_lists_the_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "continuum.cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in ("demo", "test", "bench", "manage", "db"):
        assert name in out


def test_port_in_use_names_the_flag_to_choose_another() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(DemoError) as caught:
            check_port_free("127.0.0.1", port)
    message = str(caught.value)
    assert f"Port {port}" in message
    assert f"./run demo --port {port + 1}" in message


def test_second_demo_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = acquire_demo_lock(tmp_path)
    try:
        with pytest.raises(DemoError) as caught:
            acquire_demo_lock(tmp_path)
        assert "already running" in str(caught.value)
        assert str(os.getpid()) in str(caught.value)
    finally:
        first.close()
    acquire_demo_lock(tmp_path).close()  # free again once the first has gone


def test_stale_postgres_lock_from_a_killed_run_is_recovered(tmp_path: Path) -> None:
    pgdata = tmp_path / "data"
    pg.start(pgdata)
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        postmaster = psutil.Process(pid)
        workers = postmaster.children(recursive=True)
        postmaster.send_signal(signal.SIGKILL)  # a crash: no clean shutdown
        for worker in workers:
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()
        psutil.wait_procs([postmaster, *workers], timeout=20)
        assert (pgdata / "postmaster.pid").exists()
        assert not pg.is_running(pgdata)
        socket_dir = pg.start(pgdata)  # must come back up over the stale lock
        assert pg.is_running(pgdata)
        pg.ensure_database(socket_dir, "after_crash")
    finally:
        pg.stop(pgdata)
    assert not pg.is_running(pgdata)


def test_production_configuration_passes_the_deploy_check(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CONTINUUM_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        CONTINUUM_SECRET_KEY="p" + "-Qx7#vL2!mZ9@rT4$wK8%nB3^hF6&jD1*gS5" * 2,
        CONTINUUM_ALLOWED_HOSTS="continuum.example.gov.uk",
        CONTINUUM_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_debug_is_off_by_default() -> None:
    from django.conf import settings

    assert settings.DEBUG is False


def test_no_tests_ran_is_a_failure() -> None:
    from continuum.devtools.testrun import NO_TESTS_RAN, run_tests

    assert os.environ.get("DATABASE_URL"), "the suite runs with DATABASE_URL set by ./run test"
    code = run_tests(["-q", "-k", "no_test_has_this_name_zz", "tests/devtools/test_setup_commands.py"])
    assert code == NO_TESTS_RAN


#: How long a demo start may take before a test gives up: a guard against a hang, not a speed test
#: (speed lives in BENCHMARKS.md); generous because a loaded 2-core machine can take minutes.
STARTUP_PATIENCE = 600.0


def _wait_for(
    proc: subprocess.Popen, text: str, seconds: float = STARTUP_PATIENCE, lines: list[str] | None = None
) -> str:
    """Read the process's output on a thread until ``text`` appears.

    The thread goes on reading into ``lines`` (when given) for as long as the process writes.
    """
    import threading

    lines = [] if lines is None else lines
    found = threading.Event()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if text in line:
                found.set()

    threading.Thread(target=pump, daemon=True).start()
    if not found.wait(seconds):
        raise AssertionError(f"did not see {text!r}; output was:\n{''.join(lines)}")
    return "".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_starts_refuses_a_second_copy_and_restarts_quickly(open_folder: Path) -> None:
    import urllib.request

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONTINUUM_SECRET_KEY"}}
    env["CONTINUUM_VAR_DIR"] = str(open_folder / "var")
    port = _free_port()
    cmd = [sys.executable, "-m", "continuum.cli", "demo", "--no-data", "--port", str(port)]

    def start() -> subprocess.Popen:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    first = start()
    try:
        output = _wait_for(first, "is running at")
        assert "demo-admin" in output
        assert "demo-mash" in output
        status = None
        for _ in range(50):  # the server binds a moment after printing its address
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=10) as page:
                    status = page.status
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200
        second = subprocess.run(
            [*cmd[:-1], str(_free_port())], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert second.returncode != 0
        assert "already running" in second.stdout + second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
    assert not pg.is_running(open_folder / "var" / "pg" / "data"), "the demo stops its database on exit"

    # A second start reuses what exists: the same database cluster (no second initdb), observed
    # from the cluster's own files rather than timed.
    cluster = open_folder / "var" / "pg" / "data" / "PG_VERSION"
    made = cluster.stat().st_ino, cluster.stat().st_mtime_ns
    again = start()
    try:
        _wait_for(again, "is running at")
        assert (cluster.stat().st_ino, cluster.stat().st_mtime_ns) == made, "the same cluster, reused"
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(30)
