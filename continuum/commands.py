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


def with_database(name: str = "continuum") -> contextlib.AbstractContextManager[str]:
    """Run a command against DATABASE_URL, or the demo's embedded server under var/."""
    from continuum.devtools import pg

    @contextlib.contextmanager
    def scope() -> Iterator[str]:
        var_dir = Path(os.environ.get("CONTINUUM_VAR_DIR", ROOT / "var"))
        with pg.database_url(var_dir / "pg" / "data", name) as url:
            os.environ["DATABASE_URL"] = url
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
            import django

            django.setup()
            yield url

    return scope()
