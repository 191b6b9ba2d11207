"""SEN2 files as a council brings them: unreadable ones refused with the file, line and what was
expected; readable ones validated beside CIN census files and imported into a dataset."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from continuum.returns.importer import import_files
from continuum.returns.report import ReturnFileError
from continuum.returns.sen2 import is_sen2, parse_sen2
from continuum.returns.validate import validate_files
from tests.returns.test_sen2_rules import BASE


def _file(tmp_path: Path, data: bytes, name: str = "sen2.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (b"Surname,Forename\nOkafor,Ada\n", 1, "not XML"),
        (BASE.replace(b"Okafor", b"Ok\xe1for"), 9, "not UTF-8"),
        (BASE.replace(b"</Surname><Forename>Ada", b"</Surnme><Forename>Ada"), 9, "not well formed"),
        (
            BASE.replace(b"<Collection>SEN2</Collection>", b"<Collection>CIN</Collection>"),
            3,
            "CIN collection",
        ),
        (BASE.replace(b"<ReferenceDate>2026-01-15", b"<ReferenceDate>15/01/2026"), 3, "ReferenceDate"),
        (
            BASE.replace(b"<Sex>F</Sex>", b"<Sex>F</Sex><Gender>F</Gender>"),
            9,
            "unexpected <Gender> in <Person>",
        ),
        (BASE.replace(b"<Persons>", b"<People>").replace(b"</Persons>", b"</People>"), 2, "one <Persons>"),
        (
            BASE.replace(b"<Message>", b"<Return>").replace(b"</Message>", b"</Return>"),
            2,
            "expected <Message>",
        ),
        (
            BASE.replace(b"<Message>", b'<!DOCTYPE Message [<!ENTITY x "y">]>\n<Message>'),
            1,
            "DTD",
        ),
    ],
)
def test_an_unreadable_file_names_the_file_line_and_what_was_expected(
    tmp_path: Path, data: bytes, line: int, says: str
) -> None:
    path = _file(tmp_path, data)
    with pytest.raises(ReturnFileError) as caught:
        parse_sen2(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert says in caught.value.problem


def test_a_missing_file_is_a_return_file_error(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="cannot be opened"):
        parse_sen2(tmp_path / "nowhere.xml")


def test_sen2_and_cin_files_are_told_apart_and_each_validated_with_its_year(tmp_path: Path) -> None:
    sen2 = _file(tmp_path, BASE)
    assert is_sen2(sen2)
    bad = _file(tmp_path, BASE.replace(b"<Sex>F</Sex>", b"<Sex>X</Sex>"), "sen2_bad.xml")
    report = validate_files([sen2, bad])
    lines = [r for r in report.returns]
    assert [(r.kind, r.year, r.validated) for r in lines] == [("SEN2", "2025-26", True)] * 2
    assert report.failures["rule"].to_pylist() == ["SEN2-202"]
    assert "0 errors" in lines[0].outcome
    assert "1 error" in lines[1].outcome


def test_a_later_census_is_checked_with_the_provisional_rules_and_says_so(tmp_path: Path) -> None:
    data = BASE.replace(b"2026-01-15", b"2027-01-21").replace(b"<Year>2026", b"<Year>2027")
    report = validate_files([_file(tmp_path, data)])
    (line,) = report.returns
    assert line.year == "2026-27"
    assert "provisional" in line.outcome


def test_an_earlier_census_is_read_not_validated(tmp_path: Path) -> None:
    data = BASE.replace(b"2026-01-15", b"2024-01-18")
    (line,) = validate_files([_file(tmp_path, data)]).returns
    assert line.year == "2023-24"
    assert not line.validated
    assert "read, not validated" in line.outcome


def test_import_puts_the_requests_and_plans_into_the_dataset(tmp_path: Path) -> None:
    result = import_files([_file(tmp_path, BASE)], validate=True)
    written = result.write_parquet(tmp_path / "dataset")
    assert tmp_path / "dataset" / "ehc_requests.parquet" in written
    rows = sorted(pq.read_table(tmp_path / "dataset" / "ehc_requests.parquet").to_pylist(), key=str)
    assert [(r["la_child_id"], r["requested_by"], r["assess_decision"]) for r in rows] == [
        ("SEN2-1234567890", "SCHOOL", "REFUSE"),
        ("SEN2-W302123456789", "PARENT", "ASSESS"),
    ]
    plan = next(r for r in rows if r["assess_decision"] == "ASSESS")
    assert plan["final_issued_on"].isoformat() == "2025-06-16"
    assert plan["allowed_exception"] is False
    (read,) = result.returns
    assert read.kind == "SEN2"
    assert read.validated
    assert "0 failures" in read.validation
    (plan_row,) = pq.read_table(tmp_path / "dataset" / "ehc_plans.parquet").to_pylist()
    assert plan_row["ehc_plan_id"] == "302-SEN2-W302123456789-P2025-06-16"
    assert plan_row["ehc_request_id"] == "302-SEN2-W302123456789-R2025-02-03"
    assert (plan_row["primary_need"], plan_row["setting_type"], plan_row["budget_agreed"]) == (
        "ASD",
        "OTHER",
        False,
    )
    assert plan_row["ceased_on"] is None
    assert plan_row["review_dates"] == []


def test_the_command_line_says_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from continuum.returns.cli import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
    from tests.returns.test_report_and_cli import _cli

    assert _cli("validate", str(_file(tmp_path, BASE))) == EXIT_OK
    bad = _file(tmp_path, BASE.replace(b"<Sex>F</Sex>", b"<Sex>X</Sex>"), "bad.xml")
    assert _cli("validate", str(bad), "--out", str(tmp_path / "out")) == EXIT_ERRORS
    assert "SEN2-202" in capsys.readouterr().out
    assert (tmp_path / "out" / "validation_failures.csv").exists()
    cin = _file(
        tmp_path, BASE.replace(b"<Collection>SEN2</Collection>", b"<Collection>CIN</Collection>"), "x.xml"
    )
    assert _cli("validate", str(cin)) == EXIT_UNREADABLE  # read as a CIN census file: its reader refuses it
    assert "x.xml" in capsys.readouterr().err
