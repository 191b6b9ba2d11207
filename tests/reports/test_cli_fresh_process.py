"""The reports that read the live record run from a fresh process, as `./run report` starts them.

In-process tests have Django set up already; the complaints annual report's module reads its
models at import, and from the command line it stopped with ImproperlyConfigured.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "report",
    [
        ["complaints-annual", "--year", "2016-17"],
        ["qa-annual", "--year", "2025-26"],
        ["improvement-plan"],
    ],
)
def test_a_live_record_report_runs_from_the_command_line(report: list[str], tmp_path: Path) -> None:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = dict(os.environ, DATABASE_URL=f"{base}/{connection.settings_dict['NAME']}")
    done = subprocess.run(
        [sys.executable, "-m", "continuum.cli", "report", *report, "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert "failed unexpectedly" not in said, said
    assert "Traceback" not in said, said
    assert done.returncode in (0, 2), said  # 2: a plain message (no plan yet), never a crash
