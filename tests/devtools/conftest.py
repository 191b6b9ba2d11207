"""Fixtures for the tests that start the demo as a user would."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A fresh folder the embedded PostgreSQL's own user can enter.

    Running as root, the embedded server drops to its own user, which cannot enter pytest's
    ``tmp_path`` (pytest makes its base folder private to root); a demo started there fails
    at its first ``pg_ctl start``. Removed afterwards.
    """
    folder = Path(tempfile.mkdtemp(prefix="continuum-demo-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
