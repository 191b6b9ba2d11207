"""Cells as Excel names them, for failures in spreadsheet inputs (known answers)."""

from __future__ import annotations

import pyarrow as pa

from continuum.returns.report import FAILURE_SCHEMA, Report, column_letter


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 3, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "D", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_each_failure_gets_its_cells() -> None:
    """LS is column D; a failure naming two columns gets both cells; a column the file lacks is
    left out; an XML file (no header row given) and a failure with no line get none."""
    rows = [
        ("e.csv", "144", "LS", 12),
        ("e.csv", "191", "CHILD, HEALTH_ASSESSMENT, NOT_THERE", 3),
        ("e.csv", "x", "ls", 7),
        ("c.xml", "8565", "Sex", 53),
        ("e.csv", "y", "DECOM", None),
    ]
    failures = pa.Table.from_pylist(
        [
            {"file": f, "rule": r, "severity": "error", "message": "", "child_id": "1", "table": "t",
             "field": fld, "element": None, "line": line}
            for f, r, fld, line in rows
        ],
        schema=FAILURE_SCHEMA,
    )  # fmt: skip
    report = Report(failures, {}, ["e.csv", "c.xml"]).with_cells(
        {"e.csv": ["CHILD", "DECOM", "RNE", "LS", "HEALTH_ASSESSMENT"]}
    )
    assert report.failures["cell"].to_pylist() == ["D12", "A3, E3", "D7", None, None]
    assert [f.cell for f in report.iter_failures()] == ["D12", "A3, E3", "D7", None, None]
    # Asked again (a report read back), the column is replaced, not doubled.
    assert report.with_cells({}).failures.schema.names.count("cell") == 1
