"""Reports (summary, CSV, XLSX), the ``./run returns validate`` command, and the generator."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from continuum.returns.cin import validate_cin
from continuum.returns.cin.generate import generate_cin_xml
from continuum.returns.report import Report, Severity
from tests.returns.cin_xml import child, message, second_child, write

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "returns" / "broken"


def _cli(*args: str) -> int:
    from continuum.cli import build_parser

    parser: argparse.ArgumentParser = build_parser()
    ns = parser.parse_args(["returns", *args])
    from continuum.commands import COMMANDS

    return COMMANDS["returns"][2](ns) or 0


def test_report_counts_summary_and_exports(tmp_path: Path) -> None:
    report = validate_cin(FIXTURES / "cin_small_errors.xml")
    counts = report.counts()
    assert counts["8630"] == 1
    assert counts["4180"] == 1
    assert report.count(Severity.ERROR) == sum(
        n for code, n in counts.items() if report.rules[code][0] == "error"
    )
    text = report.summary_text()
    assert "8630" in text
    assert "CIN Closure Date is before CIN Referral Date" in text
    assert "Children: 2" in text

    failures_csv, summary_csv = report.write_csv(tmp_path)
    with failures_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(report)
    assert list(rows[0]) == [
        "File",
        "Rule",
        "Severity",
        "Message",
        "Child (LAchildID)",
        "Table",
        "Field",
        "Element",
        "Line",
    ]
    row_8630 = next(r for r in rows if r["Rule"] == "8630")
    assert (row_8630["Child (LAchildID)"], row_8630["Table"], row_8630["Element"], row_8630["Line"]) == (
        "A100",
        "cin_details",
        "CINdetails",
        "30",
    )
    with summary_csv.open(encoding="utf-8") as fh:
        summary = list(csv.DictReader(fh))
    assert {r["Rule"] for r in summary} == set(counts)

    xlsx = report.write_xlsx(tmp_path)
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "Failures"]
    assert wb["Failures"].max_row == len(report) + 1
    wb.close()


def test_merged_report_keeps_each_file(tmp_path: Path) -> None:
    a = validate_cin(FIXTURES / "cin_small_errors.xml")
    b = validate_cin(FIXTURES / "cin_small_valid.xml")
    merged = Report.merge([a, b])
    assert merged.children == 5
    assert len(merged) == len(a)
    assert len(merged.files) == 2


def test_cli_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("validate", str(FIXTURES / "cin_small_valid.xml")) == 0
    assert "Failures: 0 error(s), 0 query(ies)" in capsys.readouterr().out


def test_cli_queries_only_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path, message(child(former_upn="X1"), second_child()))
    assert _cli("validate", str(path)) == 0


def test_cli_errors_exit_1_and_write_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = _cli("validate", str(FIXTURES / "cin_small_errors.xml"), "--out", str(out))
    assert code == 1
    printed = capsys.readouterr().out
    assert "8630" in printed
    assert "Wrote" in printed
    assert {p.name for p in out.iterdir()} == {
        "validation_failures.csv",
        "validation_summary.csv",
        "validation.xlsx",
    }


def test_cli_unreadable_file_exits_2_with_message(capsys: pytest.CaptureFixture[str]) -> None:
    code = _cli("validate", str(BROKEN / "cin_wrong_root.xml"))
    assert code == 2
    err = capsys.readouterr().err
    assert "cin_wrong_root.xml, line 2: the root element is <Return>; expected <Message>" in err


def test_cli_unknown_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("validate", str(FIXTURES / "cin_small_valid.xml"), "--year", "1999-00") == 2
    assert "known years" in capsys.readouterr().err


def test_generator_is_deterministic_and_passes_the_error_rules(tmp_path: Path) -> None:
    a = generate_cin_xml(tmp_path / "a.xml", 3000, seed=11)
    b = generate_cin_xml(tmp_path / "b.xml", 3000, seed=11)
    c = generate_cin_xml(tmp_path / "c.xml", 3000, seed=12)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    report = validate_cin(a)
    assert report.children == 3000
    assert report.count(Severity.ERROR) == 0, report.summary_text()


def test_generator_error_rate_injects_typical_mistakes(tmp_path: Path) -> None:
    report = validate_cin(generate_cin_xml(tmp_path / "e.xml", 3000, seed=5, error_rate=0.05))
    assert report.has_errors
    assert {"4180", "8568", "8790"} & report.codes()
