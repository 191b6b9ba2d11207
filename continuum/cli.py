"""The ``continuum`` command line: ``./run <command>`` passes through to it.

Each command is a small function registered with
:func:`continuum.commands.command`; later parts of the system (synthetic data,
indicators, reports, returns) add theirs in the same way and list their module
in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from continuum.commands import COMMANDS, command, with_database

ROOT = Path(__file__).resolve().parent.parent

# Modules that register commands; each new area appends its own.
COMMAND_MODULES: list[str] = [
    "continuum.devtools.bench",
    "continuum.synth.cli",
    "continuum.returns.cli",
    "continuum.metrics.cli",
    "continuum.reports.cli",
    "continuum.api.cli",
    "continuum.metrics.population",
    "continuum.improvement.cli",
]


# --- Commands -----------------------------------------------------------------


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    p.add_argument("--no-data", action="store_true", help="do not load the synthetic borough")
    p.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="simulate the borough up to this day (when it is first loaded) and treat it as today "
        "in the work trays and clocks (default: the real today)",
    )
    p.add_argument(
        "--refresh",
        action="store_true",
        help="roll a borough loaded on an earlier day forward to today (or --as-of), simulating the days "
        "in between; children with records entered by hand are kept as they are",
    )


@command("demo", "set up and serve the demo at http://127.0.0.1:8000 with one sign-in per role", _demo_args)
def _demo(ns: argparse.Namespace) -> int:
    from continuum.devtools.demo import run_demo

    run_demo(host=ns.host, port=ns.port, load_data=not ns.no_data, as_of=ns.as_of, refresh=ns.refresh)
    return 0


def _test_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")


@command("test", "run the whole test suite against a throwaway PostgreSQL", _test_args)
def _test(ns: argparse.Namespace) -> int:
    from continuum.devtools.testrun import run_tests

    return run_tests(ns.pytest_args)


def _manage_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("args", nargs=argparse.REMAINDER, help="a Django management command and its options")


#: Django commands that change the schema or empty tables: run as the database owner (db_roles.py).
OWNER_COMMANDS = frozenset({"migrate", "flush", "sqlflush", "loaddata", "makemigrations", "createcachetable"})


@command("manage", "run a Django management command (migrate, changepassword, ...)", _manage_args)
def _manage(ns: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    with with_database(owner=bool(ns.args) and ns.args[0] in OWNER_COMMANDS):
        execute_from_command_line(["manage.py", *ns.args])
    return 0


def _db_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        choices=["start", "stop", "status", "backup", "restore"],
        help="start, stop or report on the embedded server; back up the database to FILE, "
        "or restore FILE into an empty database",
    )
    p.add_argument("file", nargs="?", type=Path, help="the backup file (backup and restore)")


@command("db", "the embedded PostgreSQL server under var/; backup FILE and restore FILE", _db_args)
def _db(ns: argparse.Namespace) -> int:
    from continuum.devtools import backup, pg

    pgdata = Path(os.environ.get("CONTINUUM_VAR_DIR", ROOT / "var")) / "pg" / "data"
    if ns.action in {"backup", "restore"}:
        if ns.file is None:
            print(
                f"db {ns.action}: give the backup file, e.g. ./run db {ns.action} continuum.backup",
                file=sys.stderr,
            )
            return 2
        # As the owner: every table, and a restore creates them (continuum/core/db_roles.py).
        with with_database(owner=True) as url:
            if ns.action == "backup":
                print(f"Backed up to {backup.backup(url, ns.file)}")
            else:
                backup.restore(url, ns.file)
                print(f"Restored from {ns.file}")
        return 0
    if ns.action == "start":
        socket_dir = pg.start(pgdata)
        pg.ensure_database(socket_dir, "continuum")
        print(pg.socket_url(socket_dir, "continuum"))
    elif ns.action == "stop":
        pg.stop(pgdata)
        print("stopped")
    else:
        print("running" if pg.is_running(pgdata) else "stopped")
    return 0


# --- Entry point ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    parser = argparse.ArgumentParser(
        prog="./run",
        description="Continuum: children's safeguarding casework, performance and statutory returns.",
        epilog="Most used: ./run demo   and   ./run test",
    )
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    for name, (help_text, arguments, handler) in sorted(COMMANDS.items()):
        p = sub.add_parser(name, help=help_text, description=help_text)
        arguments(p)
        p.set_defaults(handler=handler)
    return parser


# Commands whose own arguments go through untouched (pytest's and Django's
# options start with "-", which argparse would otherwise try to read).
PASSTHROUGH = {"test": "pytest_args", "manage": "args"}


def main(argv: list[str] | None = None) -> int:
    """Run one command; a failure is one sentence on stderr, logged, and a non-zero exit.

    ``./run --traceback <command>`` (or ``CONTINUUM_DEBUG=1``) also prints the
    whole traceback, for a developer on synthetic data.
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--traceback"]:
        os.environ["CONTINUUM_DEBUG"] = "1"
        argv = argv[1:]
    parser = build_parser()
    if argv and argv[0] in PASSTHROUGH and not {"-h", "--help"} & set(argv[1:2]):
        ns = argparse.Namespace(**{PASSTHROUGH[argv[0]]: argv[1:]})
        return _run(argv[0], COMMANDS[argv[0]][2], ns)
    ns = parser.parse_args(argv)
    if not getattr(ns, "handler", None):
        parser.print_help()
        return 0
    return _run(ns.command, ns.handler, ns)


#: Exit status of a command that failed (argparse uses 2 for a mistyped command line).
FAILED = 1


def _run(name: str, handler: Callable[[argparse.Namespace], int | None], ns: argparse.Namespace) -> int:
    """Call a command's handler; anything it raises becomes one sentence, a log entry and exit 1.

    Why here and not in each command: every command, now and later, gets the
    same promise (no traceback, no value from the record) without repeating it.
    Commands still report their own expected problems with their own words.
    """
    from continuum.failures import command_log, debug, describe, log_failure

    try:
        return int(handler(ns) or 0)
    except KeyboardInterrupt:
        print(f"{name}: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        sentence = describe(exc, f"The {name} command")
        log = command_log()
        log_failure(log, f"{name}: {sentence}", exc)
        if debug():
            traceback.print_exception(exc, file=sys.stderr)
        where = next((h.baseFilename for h in log.handlers if isinstance(h, logging.FileHandler)), None)
        print(f"{name}: {sentence}" + (f" (Logged in {where}.)" if where else ""), file=sys.stderr)
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
