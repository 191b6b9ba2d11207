"""``./run returns validate`` on a folder of SSDA903 CSV files (through ``continuum.cli.main``).

Exit codes: 0 for a clean return, 1 when an error rule fails, 2 when a file
cannot be read; ``--out DIR`` writes the failure CSV, the summary CSV and the
workbook.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from continuum.cli import main
from continuum.returns.ssda903.schema import TABLES
from tests.returns.ssda903_rows import episode, header, row

Rows = dict[str, list[dict[str, str | None]]]


def _clean() -> Rows:
    return {
        "header": [header()],
        "episodes": [episode()],
        "prev_perm": [row(PREV_PERM="Z1")],
        "social_worker": [row(SW_ID="SW1", SW_DECOM="01/04/2025", SW_REASON="FCONTA")],
    }


def _write(folder: Path, data: Rows) -> list[str]:
    """One CSV per table, every column of the DfE list in order, named as an LA might name them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        cols = [c.name for c in TABLES[name].required]
        with (folder / f"903_{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            for r in rows:
                w.writerow([r.get(c) or "" for c in cols])
    return sorted(str(p) for p in folder.glob("*.csv"))


def test_clean_return_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _write(tmp_path / "903", _clean())
    assert main(["returns", "validate", *files, "--year", "2025-26"]) == 0
    assert "Failures: 0 error(s), 0 query(ies)" in capsys.readouterr().out


def test_return_with_an_error_exits_1_and_writes_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _clean()
    data["episodes"] = [episode(LS="Z9")]
    files = _write(tmp_path / "903", data)
    out = tmp_path / "report"
    assert main(["returns", "validate", *files, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "144" in printed
    assert "Wrote" in printed
    assert {p.name for p in out.iterdir()} == {
        "validation_failures.csv",
        "validation_summary.csv",
        "validation.xlsx",
        "validation_continuum_checks.csv",  # Continuum's own checks, apart from the DfE's
    }
    with (out / "validation_failures.csv").open(encoding="utf-8") as fh:
        failures = list(csv.DictReader(fh))
    rule_144 = [f for f in failures if f["Rule"] == "144"]
    assert len(rule_144) == 1
    assert rule_144[0]["File"].endswith("903_episodes.csv")
    assert rule_144[0]["Line"] == "2"
    assert rule_144[0]["Child (LAchildID)"] == "1"
    assert {f["Rule"] for f in failures} == {"144"}


def test_clean_return_writes_empty_reports(tmp_path: Path) -> None:
    files = _write(tmp_path / "903", _clean())
    out = tmp_path / "report"
    assert main(["returns", "validate", *files, "--out", str(out)]) == 0
    with (out / "validation_failures.csv").open(encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == []
    assert (out / "validation.xlsx").stat().st_size > 0


def test_previous_year_files_are_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _clean()
    data["episodes"] = [episode(DECOM="01/02/2025", LS="C1")]
    files = _write(tmp_path / "903", data)
    last = _write(tmp_path / "903_last", {"header": [header()], "episodes": [episode(DECOM="01/02/2025")]})
    assert main(["returns", "validate", *files, "--previous", *last]) == 1
    assert "503B" in capsys.readouterr().out
    main(["returns", "validate", *files])  # without last year's files the rule has nothing to compare
    assert "503B" not in capsys.readouterr().out


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _write(tmp_path / "903", _clean())
    Path(files[0]).write_text("NAME,AGE,COLOUR\nx,1,red\n", encoding="utf-8")
    assert main(["returns", "validate", *files]) == 2
    assert "match no SSDA903 table" in capsys.readouterr().err


def test_unknown_year_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _write(tmp_path / "903", _clean())
    assert main(["returns", "validate", *files, "--year", "1999-00"]) == 2
    assert "known years" in capsys.readouterr().err
