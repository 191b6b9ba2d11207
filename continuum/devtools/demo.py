"""``./run demo``: migrate, create the demo sign-ins and serve on 127.0.0.1.

The demo runs as production would: the WSGI application under waitress (the
production server the load benchmark uses), with ``DEBUG`` off, so visitors see
the service's own error pages and never Django's debug page that lists every
URL (that page is for ``./run manage runserver`` on a developer's machine only).
Static files are served by WhiteNoise straight from ``build/static``.

``--as-of YYYY-MM-DD`` simulates the borough up to that day (when it is first
loaded) and sets ``CONTINUUM_AS_OF`` for the server, so the work trays and
clocks treat that day as today (continuum/core/clock.py).

Only one demo may run per checkout: a lock file under var/ says whether one is
running, so a second start says so instead of touching the first one's data.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

from continuum.devtools import pg

ROOT = Path(__file__).resolve().parents[2]


class DemoError(SystemExit):
    """A problem that stops the demo, with a message for the person running it."""

    def __init__(self, message: str) -> None:
        super().__init__(f"\n{message}\n")


def _var_dir() -> Path:
    return Path(os.environ.get("CONTINUUM_VAR_DIR", ROOT / "var"))


def acquire_demo_lock(var_dir: Path):  # type: ignore[no-untyped-def]
    """Hold var/demo.lock for the life of this process (the OS frees it on exit)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    handle = open(var_dir / "demo.lock", "a+")  # noqa: SIM115 - held until exit
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            raise
        handle.seek(0)
        other = handle.read().strip() or "unknown"
        raise DemoError(
            f"A Continuum demo is already running from this folder (process {other}).\n"
            "Use that one, or stop it (Ctrl+C in its terminal) before starting another."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the web server itself does: connections lingering from a previous
        # run (TIME_WAIT) do not make the port busy; a listening program does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise DemoError(
                f"Port {port} on {host} is already in use by another program.\n"
                f"Choose another port, for example:  ./run demo --port {port + 1}"
            ) from None


def run_demo(
    *, host: str, port: int, load_data: bool = True, as_of: date | None = None, refresh: bool = False
) -> None:
    # Stop the database cleanly when told to stop (Ctrl+C, or SIGTERM from a
    # service manager): the `finally` in pg.database_url then runs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    var_dir = _var_dir()
    _lock = acquire_demo_lock(var_dir)
    check_port_free(host, port)
    with pg.database_url(var_dir / "pg" / "data", "continuum") as url:
        os.environ["DATABASE_URL"] = url
        # Never the debug pages here, even under ``./run --traceback demo``: they list every URL and
        # quote values. Developers who want them use ``./run manage runserver`` with CONTINUUM_DEBUG=1.
        os.environ["CONTINUUM_DEBUG"] = "0"
        if host not in {"127.0.0.1", "localhost"}:
            os.environ.setdefault("CONTINUUM_ALLOWED_HOSTS", f"127.0.0.1,localhost,{host}")
        os.environ.setdefault("CONTINUUM_HTTPS", "0")
        # Shared, printed demo passwords on synthetic data: no second factor (docs/security.md).
        os.environ.setdefault("CONTINUUM_REQUIRE_2FA", "0")
        # No collectstatic for the demo: WhiteNoise serves build/static through the finders.
        os.environ.setdefault("CONTINUUM_STATIC_MANIFEST", "0")
        os.environ.setdefault("CONTINUUM_STATIC_FROM_FINDERS", "1")
        # WhiteNoise still looks in STATIC_ROOT (var/static) and warns on the console when it is absent.
        (var_dir / "static").mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
        if as_of is not None:
            # Before settings load: the server, its pages and the services all read it from there.
            os.environ["CONTINUUM_AS_OF"] = as_of.isoformat()
        import django
        from django.core.management import call_command

        django.setup()
        print("Applying database migrations…", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
        from continuum.devtools.demo_users import ensure_demo_users

        sign_ins = ensure_demo_users()
        if load_data:
            _load_synthetic_borough(as_of, refresh=refresh)
        _prepare_figures()
        _print_sign_ins(sign_ins, host, port)
        # Migrated and loaded as the owner; served as the app role, which cannot empty the access log.
        from continuum.core.db_roles import connect_as_app_role

        connect_as_app_role()
        worker = start_worker()
        try:
            serve(host, port)
        finally:
            stop_worker(worker)


def start_worker() -> subprocess.Popen:
    """The background-job worker beside the server (continuum/jobs/), as the app role too."""
    print("Starting the background-job worker…", flush=True)
    return subprocess.Popen([sys.executable, "-m", "continuum.jobs.worker", "--app-role"])


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop the worker with the server: SIGTERM lets it finish the job in hand (a killed job is retried)."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


#: Threads of the demo's one waitress process: a handful of visitors at once.
DEMO_THREADS = 4


def serve(host: str, port: int) -> None:
    """Serve ``continuum.wsgi.application`` under waitress until stopped."""
    import waitress

    from continuum.wsgi import application

    waitress.serve(application, host=host, port=port, threads=DEMO_THREADS, _quiet=True)


def _load_synthetic_borough(as_of: date | None, *, refresh: bool = False) -> None:
    """Load the synthetic borough once, when the synthetic generator is installed; say its day."""
    try:
        from continuum.synth.demo import ensure_demo_borough  # type: ignore[import-not-found]
    except ImportError:
        return
    if refresh:
        from continuum.core import clock
        from continuum.synth.refresh import refresh_demo_borough

        # Rolls forward to the day given (or today), keeping records entered by hand (docs/synthetic-data.md).
        refresh_demo_borough(as_of or clock.today())
    ensure_demo_borough(as_of=as_of)


def _prepare_figures() -> None:
    """Copy the analytical tables once now, so no visitor waits for the cold copy.

    Why here: with nothing kept, the first page of figures copies every table out of
    PostgreSQL (about a second on the 5-year borough, docs/architecture.md); the
    worker's one-minute refresh would do it too, but a visitor may come first.
    A failure is said and the demo goes on: the dashboards then say what is wrong.
    """
    from continuum.metrics import snapshot

    print("Preparing the figures…", flush=True)
    try:
        snapshot.refresh()
    except Exception as exc:
        print(
            f"WARNING: the figures could not be prepared now ({type(exc).__name__}); "
            "the dashboards will try again.",
            flush=True,
        )


def _print_sign_ins(sign_ins, host: str, port: int) -> None:  # type: ignore[no-untyped-def]
    width = max(len(s.username) for s in sign_ins)
    print("\nDemo sign-ins (synthetic data only):")
    for s in sign_ins:
        print(f"  {s.username.ljust(width)}  password: {s.password}   {s.role}")
    print(f"\nContinuum is running at http://{host}:{port}/  (Ctrl+C to stop)\n", flush=True)
    sys.stdout.flush()
