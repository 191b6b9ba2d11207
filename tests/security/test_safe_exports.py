"""Exports are safe to open (issue 17, point 5): one function quotes formula-looking text everywhere.

Known answers for the rule itself, then the returns validation report (the
writer the review caught): a LAchildID of ``=HYPERLINK("//e.x")`` is text, not a
live formula, in the failures CSV, the summary CSV and both XLSX sheets. A last
test greps the package so a new CSV or XLSX writer cannot skip the guard.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from continuum.core.safe_cells import safe_arrow_table, safe_cell, safe_row
from continuum.returns.report import FAILURE_SCHEMA, Report

ROOT = Path(__file__).resolve().parents[2]
EVIL = '=HYPERLINK("//e.x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tleading tab", "'\tleading tab"),
        ("\rleading return", "'\rleading return"),
        ("-5", "-5"),
        ("+1.5", "+1.5"),
        ("-2e3", "-2e3"),
        ("ordinary text", "ordinary text"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell_known_answers(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_arrow_tables_follow_the_same_rule() -> None:
    values = [EVIL, "-5", None, "ok", "@x", "\tx", "-1+2", "+1.5e3", "-x"]
    table = pa.table({"text": pa.array(values, pa.string()), "n": list(range(len(values)))})
    assert safe_arrow_table(table).column("text").to_pylist() == safe_row(values)
    assert safe_arrow_table(table).column("n").to_pylist() == list(range(len(values)))


def _report() -> Report:
    row = {
        "file": "header.csv",
        "rule": "101",
        "severity": "error",
        "message": "=1+1 is not a valid code",
        "child_id": EVIL,
        "table": "Header",
        "field": "CHILD",
        "element": "",
        "line": 2,
    }
    failures = pa.Table.from_pylist([row], schema=FAILURE_SCHEMA)
    return Report(failures, {"101": ("error", "@risky message")}, ["header.csv"], 1, {"102": "-why not"})


def test_validation_report_csv_and_xlsx_hold_no_live_formula(tmp_path: Path) -> None:
    paths = _report().write_all(tmp_path)
    with paths["failures"].open(encoding="utf-8") as fh:
        failures = list(csv.DictReader(fh))
    assert failures[0]["Child (LAchildID)"] == "'" + EVIL
    assert failures[0]["Message"] == "'=1+1 is not a valid code"
    with paths["summary"].open(encoding="utf-8") as fh:
        summary = list(csv.reader(fh))
    assert summary[1][3] == "'@risky message"
    with paths["not_checked"].open(encoding="utf-8") as fh:
        assert list(csv.reader(fh))[1] == ["102", "'-why not"]
    book = load_workbook(paths["xlsx"])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    cells = [c.value for row in book["Failures"].iter_rows() for c in row]
    assert "'" + EVIL in cells


def test_every_csv_and_xlsx_writer_uses_the_one_guard() -> None:
    """A module that writes CSV or XLSX imports continuum.core.safe_cells (or uses a writer that does)."""
    writer = re.compile(r"csv\.writer|csv\.DictWriter|pacsv\.write_csv|Workbook\(")
    # Internal files nobody opens in a spreadsheet: the extractor's probe of PostgreSQL's COPY output.
    internal = {"continuum/metrics/extract.py"}
    unguarded = []
    for path in sorted((ROOT / "continuum").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel in internal or not writer.search(text):
            continue
        if "safe_cells" not in text:
            unguarded.append(rel)
    assert unguarded == []
