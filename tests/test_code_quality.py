"""The code stays clean: CI fails on a ruff or mypy finding, as it would on a failing test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The packages whose types are checked: the policy and models, the services that
# write the journey, and the indicator engine. Settings are in pyproject.toml.
TYPED_PACKAGES = ("continuum/core", "continuum/journey/services", "continuum/metrics")


def test_ruff_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    """mypy with the Django plugin; its cache (.mypy_cache, git-ignored) keeps later runs to seconds."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", *TYPED_PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
