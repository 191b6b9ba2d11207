"""``./run test``: the whole suite against a throwaway PostgreSQL.

Unless DATABASE_URL is set, a fresh embedded server is made in a temporary
folder for this run only and removed afterwards, so tests can never touch the
demo's database. The slowest 15 tests are listed at the end, so a slow newcomer
is seen the day it arrives. The whole suite runs on parallel workers (pytest-xdist, one per
core up to four; ``CONTINUUM_TEST_WORKERS`` overrides). pytest's "no tests ran" (exit 5) is
reported loudly and kept as a non-zero exit: a suite that tested nothing has not passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from continuum.devtools import pg

ROOT = Path(__file__).resolve().parents[2]
NO_TESTS_RAN = 5
#: How many of the slowest tests ``./run test`` lists (unless the caller asks for another count).
SLOWEST = 15
#: The most parallel workers a whole-suite run starts (each has its own database and browser).
MAX_WORKERS = 4


def test_environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="continuum.settings",
        CONTINUUM_HTTPS="0",
        CONTINUUM_STATIC_MANIFEST="0",
        # Tests sign in with force_login; tests/security/test_two_factor.py turns two-factor on.
        CONTINUUM_REQUIRE_2FA="0",
        CONTINUUM_SECRET_KEY=env.get("CONTINUUM_SECRET_KEY", "test-only-secret-" + "x" * 40),
        # A failing command logs here, not in var/ (where the demo keeps its own log).
        CONTINUUM_LOG_FILE=env.get(
            "CONTINUUM_LOG_FILE", str(Path(tempfile.gettempdir()) / "continuum-test.log")
        ),
        # The analytical tables' snapshot files (continuum/metrics/snapshot.py) of this run, not var/'s.
        CONTINUUM_ANALYTICS_DIR=env.get(
            "CONTINUUM_ANALYTICS_DIR", tempfile.mkdtemp(prefix="continuum-test-analytics-")
        ),
        # Playwright's synchronous API runs an event loop in the test thread;
        # Django refuses ORM calls there unless told the loop is not serving.
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    return env


def workers() -> int:
    """How many pytest-xdist workers a whole-suite run uses: one per core, at most four.

    ``CONTINUUM_TEST_WORKERS`` overrides (0 runs in this process, as pytest alone would).
    """
    if os.environ.get("CONTINUUM_TEST_WORKERS"):
        return int(os.environ["CONTINUUM_TEST_WORKERS"])
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def whole_suite(pytest_args: list[str]) -> bool:
    """True when the caller named no test file, folder or test id (only options)."""
    return not any(not arg.startswith("-") for arg in pytest_args)


def pytest_command(pytest_args: list[str]) -> list[str]:
    """pytest with the caller's arguments, listing the slowest tests unless told otherwise.

    A whole-suite run is spread over parallel workers (pytest-xdist), one test file per worker
    at a time (``--dist loadfile``), so a file's module-scoped boroughs are built once. A run of
    named files stays in one process: it is usually one file, and a worker start costs seconds.
    """
    asked = any(arg.startswith("--durations") for arg in pytest_args)
    durations = [] if asked else [f"--durations={SLOWEST}"]
    parallel: list[str] = []
    chose = any(
        arg == "-n" or arg.startswith(("-n=", "--numprocesses", "-p no:xdist")) for arg in pytest_args
    )
    if whole_suite(pytest_args) and not chose and workers() > 1:
        parallel = ["-n", str(workers()), "--dist", "loadfile"]
    return [sys.executable, "-m", "pytest", *durations, *parallel, *pytest_args]


def run_tests(pytest_args: list[str]) -> int:
    temp: Path | None = None
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        pgdata = None
    else:
        temp = Path(tempfile.mkdtemp(prefix="continuum-test-"))
        pgdata = temp / "data"
        socket_dir = pg.start(pgdata)
        url = pg.socket_url(socket_dir, "continuum")
    env = test_environment(url)
    try:
        code = subprocess.call(pytest_command(pytest_args), cwd=ROOT, env=env)
    finally:
        if pgdata is not None:
            pg.stop(pgdata)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        if env["CONTINUUM_ANALYTICS_DIR"] != os.environ.get("CONTINUUM_ANALYTICS_DIR"):  # this run's own
            shutil.rmtree(env["CONTINUUM_ANALYTICS_DIR"], ignore_errors=True)
    if code == NO_TESTS_RAN:
        print("\n*** No test ran: the selection matched nothing. This is a failure. ***\n", file=sys.stderr)
    return code
