"""The registry behind the ``continuum`` command line.

It lives apart from ``continuum/cli.py`` so that a module registering a command
and ``python -m continuum.cli`` share one registry (the latter runs as
``__main__``, a different module object).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Handler = Callable[[argparse.Namespace], int | None]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(
    name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] | None = None
) -> Callable[[Handler], Handler]:
    """Register ``handler`` as ``./run <name>``; ``arguments`` adds its options."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (help_text, arguments or (lambda p: None), handler)
        return handler

    return register


#: Where a real server's owner role is reached (continuum/core/db_roles.py); DATABASE_URL is the app's.
OWNER_URL = "CONTINUUM_DATABASE_OWNER_URL"


def with_database(name: str = "continuum", *, owner: bool = False) -> contextlib.AbstractContextManager[str]:
    """Run a command against DATABASE_URL, or the demo's embedded server under var/.

    ``owner=True`` for the commands that change the schema or empty tables (migrate, flush, restore,
    ``demo --refresh``): they connect as ``CONTINUUM_DATABASE_OWNER_URL`` where one is set. The
    embedded server's URL is already the owner's.
    """
    from continuum.devtools import pg

    @contextlib.contextmanager
    def scope() -> Iterator[str]:
        if owner and os.environ.get(OWNER_URL):
            os.environ["DATABASE_URL"] = os.environ[OWNER_URL]
        var_dir = Path(os.environ.get("CONTINUUM_VAR_DIR", ROOT / "var"))
        with pg.database_url(var_dir / "pg" / "data", name) as url:
            os.environ["DATABASE_URL"] = url
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
            import django

            django.setup()
            yield url

    return scope()
