"""``./run demo`` starts the queue's worker beside the web server and stops it with the server.

Started for real (embedded PostgreSQL, migrations, no borough): the worker is
a child process of the demo, connected as the app's database role and still
running, and gone after the demo is stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from tests.devtools.test_setup_commands import ROOT, _free_port, _wait_for


def _workers(demo: subprocess.Popen) -> list[psutil.Process]:
    return [
        p
        for p in psutil.Process(demo.pid).children(recursive=True)
        if "continuum.jobs.worker" in " ".join(p.cmdline())
    ]


def test_demo_runs_a_worker_and_stops_it() -> None:
    var = Path(tempfile.mkdtemp(prefix="continuum-demo-worker-"))
    var.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONTINUUM_SECRET_KEY"}}
    env.update(CONTINUUM_VAR_DIR=str(var / "var"))
    demo = subprocess.Popen(
        [sys.executable, "-m", "continuum.cli", "demo", "--no-data", "--port", str(_free_port())],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The worker (sharing the demo's output) says so once it has connected and found its tables.
        _wait_for(demo, "Starting worker on all queues")
        time.sleep(2)
        workers = _workers(demo)
        assert len(workers) == 1
        assert workers[0].is_running()
        assert workers[0].status() != psutil.STATUS_ZOMBIE
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(90)
        shutil.rmtree(var, ignore_errors=True)
    assert not workers[0].is_running() or workers[0].status() == psutil.STATUS_ZOMBIE
