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


def test_the_board_table_from_parquet_files_runs_from_the_command_line(tmp_path: Path) -> None:
    """``--parquet DIR`` reads no database, so nothing sets Django up; reading the council's
    indicator settings then stopped the command with ImproperlyConfigured."""
    from datetime import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    data = tmp_path / "tables"
    data.mkdir()
    contacts = pa.table(
        {
            "contact_id": ["c1", "c2"],
            "la_child_id": ["k1", "k2"],
            "contact_datetime": pa.array([datetime(2024, 5, 1, 10), datetime(2025, 6, 1, 10)]),
        }
    )
    pq.write_table(contacts, data / "contacts.parquet")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "continuum.cli",
            "report",
            "board-annual",
            "--parquet",
            str(data),
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "board-annual-2021-22-to-2025-26.csv" in said
