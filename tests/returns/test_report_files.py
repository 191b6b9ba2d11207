"""The report files: Continuum's own checks apart from the DfE's, the XLSX written from Arrow
(what it holds, its sheet cap) and every cell through the formula guard."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from continuum.returns.report import FAILURE_SCHEMA, Report, ReturnChecked


def _failures(rows: list[dict[str, object]]) -> pa.Table:
    base = {"file": "f.csv", "severity": "error", "message": "m", "child_id": "C1", "table": "episodes",
            "field": "DECOM", "element": "Episodes", "line": 2}  # fmt: skip
    return pa.Table.from_pylist([{**base, **r} for r in rows], schema=FAILURE_SCHEMA)


#: The failures' headers in words, in the schema's order (file, rule, ..., element, line).
FAILURE_HEADERS = (
    "File",
    "Rule",
    "Severity",
    "Message",
    "Child (LAchildID)",
    "Table",
    "Field",
    "Element",
    "Line",
)

RULES = {
    "103": ("error", "The ethnicity code is either not valid or has not been entered."),
    "357": ("query", "If this is the first episode ever for this child, reason for new episode must be S."),
    "CONTINUUM-01": ("error", "Child in AD1 does not exist in Header."),
}


def _report() -> Report:
    rows = [
        {"rule": "103", "message": RULES["103"][1], "line": 2},
        {"rule": "103", "message": RULES["103"][1], "line": 3},
        {"rule": "357", "severity": "query", "message": RULES["357"][1]},
        {"rule": "CONTINUUM-01", "message": RULES["CONTINUUM-01"][1], "table": "ad1", "line": 4},
    ]
    return Report(_failures(rows), RULES, ["f.csv"], children=2)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_continuum_checks_are_reported_apart(tmp_path: Path) -> None:
    report = _report()
    text = report.summary_text()
    dfe, _, own = text.partition("Continuum's own checks (not DfE rules):")
    assert "103" in dfe
    assert "CONTINUUM-01" not in dfe
    assert "CONTINUUM-01" in own
    assert "of which 1 under Continuum's own checks" in text

    files = report.write_all(tmp_path)
    assert [r["Rule"] for r in _csv(files["failures"])] == ["103", "103", "357"]
    assert [r["Rule"] for r in _csv(files["continuum_checks"])] == ["CONTINUUM-01"]
    summary = _csv(files["summary"])
    assert [(r["Rule"], r["Failures"], r["Source"]) for r in summary] == [
        ("103", "2", "DfE"),
        ("357", "1", "DfE"),
        ("CONTINUUM-01", "1", "Continuum"),
    ]
    wb = load_workbook(files["xlsx"], read_only=True)
    assert wb.sheetnames == ["Summary", "Failures", "Continuum checks"]
    assert [r[1] for r in wb["Failures"].iter_rows(min_row=2, values_only=True)] == ["103", "103", "357"]
    assert [r[1] for r in wb["Continuum checks"].iter_rows(min_row=2, values_only=True)] == ["CONTINUUM-01"]
    wb.close()


def test_a_return_without_continuum_checks_has_no_such_file_or_sheet(tmp_path: Path) -> None:
    report = Report(_failures([{"rule": "103"}]), {"103": RULES["103"]}, ["f.csv"])
    files = report.write_all(tmp_path)
    assert "continuum_checks" not in files
    assert not (tmp_path / "validation_continuum_checks.csv").exists()
    assert "own checks" not in report.summary_text()
    wb = load_workbook(files["xlsx"], read_only=True)
    assert wb.sheetnames == ["Summary", "Failures"]
    wb.close()


def test_xlsx_holds_what_the_csv_holds_cells_made_safe(tmp_path: Path) -> None:
    """Text a spreadsheet would run is quoted in both files (the one guard); XML's own special
    characters, a DfE message's trailing spaces and non-ASCII survive; numbers stay numbers;
    characters XML cannot carry are dropped rather than break the file."""
    awkward = [
        {"rule": "103", "child_id": '=HYPERLINK("//e.x")', "line": 7},
        {"rule": "103", "child_id": 'A&B <C> "D"', "message": "Ends with spaces.  ", "line": 8},
        {"rule": "103", "child_id": "-5", "field": "Çé ’", "line": 9},
        {"rule": "103", "child_id": "bell\x07", "element": None, "line": None},
    ]
    report = Report(_failures(awkward), {"103": RULES["103"]}, ["f.csv"])
    failures_csv, _ = report.write_csv(tmp_path)
    xlsx = report.write_xlsx(tmp_path)
    from_csv = _csv(failures_csv)
    assert [r["Child (LAchildID)"] for r in from_csv][:3] == ['\'=HYPERLINK("//e.x")', 'A&B <C> "D"', "-5"]
    wb = load_workbook(xlsx, read_only=True)
    width = len(FAILURE_SCHEMA.names)  # a row read back ends at its last value
    rows = [(*r, *[None] * (width - len(r))) for r in wb["Failures"].iter_rows(values_only=True)]
    wb.close()
    assert rows[0] == FAILURE_HEADERS
    assert [r[4] for r in rows[1:]] == ['\'=HYPERLINK("//e.x")', 'A&B <C> "D"', "-5", "bell"]
    assert rows[2][3] == "Ends with spaces.  "
    assert rows[3][6] == "Çé ’"
    assert [r[8] for r in rows[1:]] == [7, 8, 9, None]
    assert rows[4][7] is None


def test_xlsx_is_capped_at_the_sheet_limit_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Report, "XLSX_MAX_ROWS", 5)
    report = Report(_failures([{"rule": "103", "line": n} for n in range(8)]), {"103": RULES["103"]}, ["f"])
    failures_csv, _ = report.write_csv(tmp_path)
    assert len(_csv(failures_csv)) == 8
    wb = load_workbook(report.write_xlsx(tmp_path), read_only=True)
    assert len(list(wb["Failures"].iter_rows(values_only=True))) == 1 + 5
    notes = [r[0] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0] and "cut at" in r[0]]
    wb.close()
    assert notes == ["Failures sheet cut at 5 rows of 8; see the CSV for all."]


def test_an_empty_report_writes_headers_only(tmp_path: Path) -> None:
    report = Report.merge([])
    files = report.write_all(tmp_path)
    assert _csv(files["failures"]) == []
    wb = load_workbook(files["xlsx"], read_only=True)
    assert list(wb["Failures"].iter_rows(values_only=True)) == [FAILURE_HEADERS]
    wb.close()


def test_a_blank_cell_keeps_its_column_in_the_xlsx(tmp_path: Path) -> None:
    """A return-level failure has no child: its row must read as the CSV's does, "return" under
    table and the fields under field, not moved one column left into the blank's place."""
    rows = [{"rule": "103", "child_id": None, "table": "return", "field": "CPPstartDate, DateOfInitialCPC"}]
    report = Report(_failures(rows), {"103": RULES["103"]}, ["f.csv"])
    failures_csv, _ = report.write_csv(tmp_path)
    wb = load_workbook(report.write_xlsx(tmp_path), read_only=True)
    header, row = (tuple(r) for r in wb["Failures"].iter_rows(values_only=True))
    wb.close()
    from_xlsx = dict(zip(header, row, strict=False))
    from_csv = _csv(failures_csv)[0]
    assert from_xlsx["Child (LAchildID)"] is None
    assert from_csv["Child (LAchildID)"] == ""
    assert from_xlsx["Table"] == from_csv["Table"] == "return"
    assert from_xlsx["Field"] == from_csv["Field"] == "CPPstartDate, DateOfInitialCPC"
    assert from_xlsx["Line"] == int(from_csv["Line"]) == 2


def _xlsx_headers(path: Path) -> dict[str, tuple[object, ...]]:
    wb = load_workbook(path, read_only=True)
    headers = {ws.title: next(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return headers


def _csv_header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(next(csv.reader(fh)))


def test_the_files_head_their_columns_in_words_the_same_in_csv_and_xlsx(tmp_path: Path) -> None:
    """The web report adds the cell, the child's record and team; the files say "Cell" and "Team"
    and leave out Continuum's internal numbers (record, team_id), in both formats alike."""
    failures = _failures([{"rule": "103", "line": 2}])
    failures = failures.append_column("cell", pa.array(["D2"]))
    failures = failures.append_column("record", pa.array([59545], pa.int64()))
    failures = failures.append_column("team_id", pa.array([7], pa.int64()))
    failures = failures.append_column("team", pa.array(["Intervention North"]))
    report = Report(failures, {"103": RULES["103"]}, ["f.csv"])
    failures_csv, summary_csv = report.write_csv(tmp_path)
    xlsx = _xlsx_headers(report.write_xlsx(tmp_path))

    expected = (*FAILURE_HEADERS, "Cell", "Team")
    assert _csv_header(failures_csv) == expected == xlsx["Failures"]
    assert (
        _csv_header(summary_csv) == ("Rule", "Severity", "Failures", "Message", "Source") == xlsx["Summary"]
    )
    assert _csv(failures_csv) == [
        dict(zip(expected, ["f.csv", "103", "error", "m", "C1", "episodes", "DECOM", "Episodes", "2", "D2",
                            "Intervention North"], strict=True))
    ]  # fmt: skip


def test_a_sen2_report_heads_the_person_by_upn(tmp_path: Path) -> None:
    sen2 = ReturnChecked("SEN2", "2025-26", "sen2.xml", True, "validated with the 2025-26 rules")
    report = Report(_failures([{"rule": "103"}]), {"103": RULES["103"]}, ["sen2.xml"], returns=[sen2])
    failures_csv, _ = report.write_csv(tmp_path)
    person = "Person (UPN, else UniqueLearnerNumber)"
    assert _csv_header(failures_csv)[4] == person == _xlsx_headers(report.write_xlsx(tmp_path))["Failures"][4]
