"""SSDA903 CSV reading: tables identified by columns, row numbers kept, and bad input named."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import parse_903, validate_903

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "returns" / "broken"
BROKEN_FILES = sorted(BROKEN.glob("ssda903_*.csv"))

#: file -> (row, words the message must contain)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "ssda903_empty.csv": (1, "the file is empty"),
    "ssda903_whitespace_only.csv": (1, "the file is empty"),
    "ssda903_binary.csv": (1, "binary data"),
    "ssda903_utf16.csv": (1, "UTF-16"),
    "ssda903_header_latin1.csv": (3, "not valid UTF-8"),
    "ssda903_blank_first_row.csv": (1, "first row is blank"),
    "ssda903_unknown_table.csv": (1, "match no SSDA903 table"),
    "ssda903_unknown_table_child.csv": (1, "match no SSDA903 table"),
    "ssda903_episodes_missing_rec.csv": (1, "the Episodes file has no column REC"),
    "ssda903_oc3_missing_accom.csv": (1, "the OC3 file has no column ACCOM"),
    "ssda903_episodes_extra_column.csv": (1, "column 'COLOUR' is not one of the Episodes columns"),
    "ssda903_missing_duplicate_column.csv": (1, "'MIS_START' appears twice"),
    "ssda903_missing_blank_header.csv": (1, "column 3 has no name"),
    "ssda903_episodes_missing_value.csv": (2, "row 2 has 12 values; expected 13"),
    "ssda903_reviews_too_many_values.csv": (2, "row 2 has 5 values; expected 4"),
    "ssda903_reviews_too_few_values.csv": (2, "row 2 has 3 values; expected 4"),
    "ssda903_missing_unclosed_quote.csv": (2, "not valid CSV"),
    "ssda903_episodes_iso_date.csv": (3, "column DECOM holds '2025-04-01', which is not a date"),
    "ssda903_episodes_impossible_date.csv": (2, "column DECOM holds '31/02/2025'"),
    "ssda903_episodes_dec_word.csv": (2, "column DEC holds 'soon'"),
    "ssda903_header_month_13.csv": (3, "column DOB holds '1/13/2010'"),
    "ssda903_header_datetime.csv": (2, "column MC_DOB holds '01/01/2010 10:00'"),
    "ssda903_missing_word_date.csv": (3, "column MIS_START holds '1st June'"),
}


def test_broken_corpus_is_big_enough_and_described() -> None:
    assert len(BROKEN_FILES) >= 20
    assert sorted(p.name for p in BROKEN_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.name)
def test_broken_file_gives_a_clean_named_error(path: Path) -> None:
    with pytest.raises(ReturnFileError) as caught:
        validate_903([path])
    text = str(caught.value)
    assert str(path) in text
    assert "expected" in text
    assert "Traceback" not in text
    line, words = EXPECTED[path.name]
    assert caught.value.line == line, text
    assert words in text, text


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_tables_identified_by_columns_in_any_case_and_spacing(tmp_path: Path) -> None:
    h = _write(
        tmp_path / "a.csv",
        "child, sex ,Dob,ETHNIC,upn,Mother,MC DOB\n1,F,01/01/2012,WBRI,UN1,0,\n\n2,M,1/2/2012,WBRI,UN1,,\n",
    )
    e = _write(
        tmp_path / "b.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        "1,01/05/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,AB3 4EF,\n",
    )
    tables = parse_903([e, h])
    hdr = tables.current["header"].to_pylist()
    assert [r["line"] for r in hdr] == [2, 4]  # blank row 3 skipped, numbers kept
    assert str(hdr[1]["dob"]) == "2012-02-01"
    assert hdr[1]["mother"] is None
    assert tables.files["episodes"] == str(e)
    assert tables.current["reviews"].num_rows == 0


def test_two_files_of_one_table_is_an_error(tmp_path: Path) -> None:
    text = "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2012,01/06/2025,PN1\n"
    a, b = _write(tmp_path / "a.csv", text), _write(tmp_path / "b.csv", text)
    with pytest.raises(ReturnFileError, match="already holds this year's Reviews table"):
        parse_903([a, b])


def test_missing_file_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="cannot open the file"):
        parse_903([tmp_path / "nope.csv"])
