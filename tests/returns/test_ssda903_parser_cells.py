"""The fast reader's cells and dates read from Arrow's buffers are those of Arrow's compute functions
(issue 13 point 5: the parser at half its time): trimmed as ``utf8_trim_whitespace`` trims, blanks
NULL, blank rows dropped, a byte that is not UTF-8 left to the exact reader, and every date on its
day of the calendar.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import parser
from continuum.returns.ssda903.schema import TABLES

#: Values with white space of every kind at either end, inside, or alone, and values that only look
#: like it (a non-ASCII letter at an end).
ODD = ["", " ", "  ", "\t", " x", "x ", " x y ", "x\ty", "\u00a0x", "x\u3000", "\x1cx\x1f", "\x0bx\x0c",
       "é", " é ", "éx", "xé", "AB1 2CD", "A"]  # fmt: skip


def _compute_reading(raw: pa.Array) -> tuple[list[str | None], list[bool]]:
    """The cells as Arrow's compute functions read them (the reader before it looked at buffers)."""
    trimmed = pc.utf8_trim_whitespace(raw)
    filled = pc.not_equal(trimmed, "")
    return pc.if_else(filled, trimmed, pa.scalar(None, pa.string())).to_pylist(), filled.to_pylist()


@pytest.mark.parametrize("seed", range(40))
def test_cells_are_those_of_the_compute_functions(seed: int) -> None:
    rng = random.Random(seed)
    plain = [f"C{n:04d}" for n in range(20)]
    values = [rng.choice(ODD) if rng.random() < 0.3 else rng.choice(plain) for _ in range(rng.randint(1, 30))]
    raw = pa.array(values, pa.string())
    if len(raw) > 1 and rng.random() < 0.5:
        raw = raw.slice(1)  # the first block's column, its header row cut off
    cells = parser._cells(raw)
    assert cells is not None
    text, filled = cells
    text.validate(full=True)
    assert (text.to_pylist(), filled.tolist()) == _compute_reading(raw)


def test_a_column_without_spaces_is_the_column_as_read_under_a_validity_bitmap() -> None:
    raw = pa.array(["X", "", "Y", ""], pa.string())
    text, filled = parser._cells(raw)  # type: ignore[misc]
    assert text.to_pylist() == ["X", None, "Y", None]
    assert text.buffers()[2].address == raw.buffers()[2].address  # no string copied
    assert filled.tolist() == [True, False, True, False]


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "\n"])
def test_a_line_break_in_a_value_is_left_to_the_exact_reader(value: str) -> None:
    assert parser._cells(pa.array(["x", value], pa.string())) is None
    assert parser._cells(pa.array([value, "x"], pa.string()).slice(1)) is not None  # not in the slice


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def test_a_byte_that_is_not_utf8_in_a_value_is_named_by_the_exact_reader(tmp_path: Path) -> None:
    """Arrow no longer checks UTF-8 as it reads; the columns with a byte above ASCII are checked."""
    path = tmp_path / "episodes.csv"
    good = b"1,01/04/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,AB1 3CD,\n"
    path.write_bytes(EPISODES.encode() + good + good.replace(b"AB1 2CD", b"AB1 2C\xe9") + good)
    assert parser._read_fast(path) is None
    with pytest.raises(ReturnFileError) as caught:
        parser.read_903_csv(path)
    assert caught.value.line == 3
    assert "not valid UTF-8" in str(caught.value)


def test_unicode_text_reads_the_same_by_both_readers(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    rows = [
        "1,01/04/2025,S,C2,N1,U1,PR1,,,,Zoë Road,\u00a0AB1 3CD\u00a0,\n",
        "\u30002\u3000,1/5/2025,S,C2,N1,U1,PR1,3/6/2025,E8,, ,,\n",
        " , , , , , , , , , , , , \n",  # blank once trimmed: dropped, its number kept
        "3,29/02/2024,S,V2,N1,U1,PR1,,,,é,,SC000001\n",
    ]
    path.write_text(EPISODES + "".join(rows), encoding="utf-8")
    fast, exact = parser._read_fast(path), parser._read_exact(path)
    assert fast is not None
    assert fast[1].combine_chunks().equals(exact[1].combine_chunks())
    table = fast[1]
    assert table["line"].to_pylist() == [2, 3, 5]
    assert table["child"].to_pylist() == ["1", "2", "3"]
    assert table["home_post"].to_pylist() == ["Zoë Road", None, "é"]
    assert table["pl_post"].to_pylist() == ["AB1 3CD", None, None]


def test_every_month_of_the_calendar_starts_and_ends_on_its_day() -> None:
    """The month table the quick dates are read from, against Python's calendar (years 1-9999)."""
    firsts, lengths = parser._months()
    epoch = date(1970, 1, 1).toordinal()
    for year in [*range(1, 30), *range(1890, 2110), *range(9990, 10_000)]:
        for month in range(1, 13):
            at = year * 12 + month - 1
            start = date(year, month, 1)
            length = 31 if month == 12 else (date(year, month + 1, 1) - start).days
            assert (firsts[at], lengths[at]) == (start.toordinal() - epoch, length), (year, month)
    assert not lengths[:12].any()  # year 0000 has no day


def test_quick_dates_are_python_dates() -> None:
    rng = random.Random(3)
    days = [date.fromordinal(rng.randint(1, date(9999, 12, 31).toordinal())) for _ in range(3000)]
    values = [d.strftime("%d/%m/") + f"{d.year:04d}" if rng.random() < 0.8 else None for d in days]
    got = parser._dates_of_ten(pa.array(values, pa.string()))
    assert got is not None
    assert got.to_pylist() == [d if v is not None else None for d, v in zip(days, values, strict=True)]


def test_a_blank_date_column_is_null_dates() -> None:
    dates = parser._dates(pa.array([None, None], pa.string()))
    assert dates is not None
    assert dates.equals(pa.nulls(2, pa.date32()))


def test_an_empty_table_is_made_once() -> None:
    table = TABLES["episodes"]
    assert parser.empty_table(table) is parser.empty_table(table)
    assert parser.empty_table(table).num_rows == 0
    assert parser.empty_table(table).schema.names[-1] == "line"
