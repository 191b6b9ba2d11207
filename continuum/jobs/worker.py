"""Running the queue's worker: beside ``./run demo``, and for tests.

In production the worker is ``./run manage procrastinate worker`` (one or
more processes beside the web server; docs/operations.md). ``./run demo``
starts :func:`main` as a child process (``python -m continuum.jobs.worker
--app-role``), connected as the app role as the web server is, and stops it
with the server.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

__all__ = ["main", "run_worker"]

#: The demo worker: a few jobs at once (uploads, a report), not more than the two cores bear.
CONCURRENCY = 2


def run_worker(*, wait: bool = True, **options: Any) -> None:
    """Run procrastinate's worker on its own connection pool (Django's connection is for requests).

    ``wait=False`` runs the jobs already queued and returns (tests use it).
    """
    from procrastinate.contrib.django import app

    options.setdefault("concurrency", CONCURRENCY)
    options.setdefault("install_signal_handlers", wait)
    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        worker_app.run_worker(wait=wait, **options)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run Continuum's background-job worker.")
    parser.add_argument("--app-role", action="store_true", help="connect as the app's database role")
    ns = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    import django

    django.setup()
    if ns.app_role:
        from continuum.core.db_roles import connect_as_app_role

        connect_as_app_role()
    run_worker()


if __name__ == "__main__":
    main()
