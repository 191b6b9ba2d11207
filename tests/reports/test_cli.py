"""``./run report`` end to end on a small Parquet folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from continuum.cli import main

from .data import cp_plans_three_years, referrals_for_seed


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, t in {**referrals_for_seed(), **cp_plans_three_years()}.items():
        pq.write_table(t, folder / f"{name}.parquet")
    return folder


def test_performance_matters_command(
    parquet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "report",
            "performance-matters",
            "--month",
            "2020-07",
            "--parquet",
            str(parquet),
            "--out",
            str(out),
            "--no-charts",
            "--no-pdf",
            "--data-up-to",
            "2020-08-31",
        ]
    )
    assert code == 0
    html = (out / "performance-matters-2020-07.html").read_text(encoding="utf-8")
    assert "The volume of referrals (234) is 20% lower than at the same point last year (294)" in html
    assert "wrote" in capsys.readouterr().out


def test_board_annual_command(parquet: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(
        [
            "report",
            "board-annual",
            "--years",
            "3",
            "--parquet",
            str(parquet),
            "--out",
            str(out),
            "--data-up-to",
            "2020-08-31",
        ]
    )
    assert code == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".html", ".xlsx"]


def test_clear_message_without_a_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "continuum.metrics.extract", None)  # as if the module did not exist
    code = main(["report", "board-annual", "--out", str(tmp_path)])
    assert code == 2
    assert "--parquet DIR" in capsys.readouterr().err


def test_bad_month(parquet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "report",
                "performance-matters",
                "--month",
                "2020-13",
                "--parquet",
                str(parquet),
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "is neither a month" in capsys.readouterr().err
