"""SSDA903 reading is streamed: Arrow's reader and the exact reader give the same tables, and a
100 MB file with a bad second row is rejected at that row in little memory (issue 13 point 5).

Speed is measured by ``./run bench`` (bench/bench_903_validate.py), not asserted here.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import parser, validate_903

ROOT = Path(__file__).resolve().parents[2]

EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
    "1,01/04/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,AB1 3CD,\r\n"
    ",,,,,,,,,,,,\r\n"  # blank row: skipped, keeps its number
    "\r\n"
    ' 2 , 1/5/2025 ,S,"C2",N1,U1,PR1,3/6/2025,E8,, ,,\r\n'
    "3,29/02/2024,S,V2,N1,U1,PR1,,,,,,SC000001\r\n"
)


def _both(path: Path) -> tuple[object, object]:
    fast = parser._read_fast(path)
    exact = parser._read_exact(path)
    assert fast is not None
    return fast, exact


def test_fast_and_exact_readers_agree(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + EPISODES.encode())
    (table_f, fast), (table_e, exact) = _both(path)
    assert table_f is table_e
    assert fast.combine_chunks().equals(exact.combine_chunks())
    rows = fast.to_pylist()
    assert [r["line"] for r in rows] == [2, 5, 6]
    assert (rows[1]["child"], rows[1]["decom"], rows[1]["home_post"]) == ("2", date(2025, 5, 1), None)
    assert (rows[2]["decom"], rows[2]["dec"]) == (date(2024, 2, 29), None)


def test_a_quoted_line_break_is_read_by_the_exact_reader(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text(EPISODES.replace('"C2"', '"C\n2"'), encoding="utf-8")
    assert parser._read_fast(path) is None
    _, table = parser.read_903_csv(path)
    assert table["ls"].to_pylist() == ["C2", "C\n2", "V2"]
    assert table["line"].to_pylist() == [2, 5, 6]


@pytest.mark.parametrize(
    ("bad", "line", "words"),
    [
        ("31/02/2025", 2, "column DECOM holds '31/02/2025'"),
        ("01/04/0000", 2, "column DECOM holds '01/04/0000'"),
        ("2025-04-01", 2, "column DECOM holds '2025-04-01'"),
    ],
)
def test_a_bad_date_is_named_as_before(tmp_path: Path, bad: str, line: int, words: str) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text(EPISODES.replace("01/04/2025", bad, 1), encoding="utf-8")
    with pytest.raises(ReturnFileError) as caught:
        parser.read_903_csv(path)
    assert caught.value.line == line
    assert words in str(caught.value)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from Linux's /proc")
def test_100_mb_file_with_a_bad_second_row_is_rejected_in_little_memory(tmp_path: Path) -> None:
    """Reading stops at the first block: today's reader held the whole file as Python lists (1.7 GB)."""
    path = tmp_path / "Episodes.csv"
    header = EPISODES.splitlines(keepends=True)[0]
    good = "1,01/04/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,AB1 3CD,\r\n"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + good + "2,01/04/2025,S\r\n")
        fh.write(good * (100_000_000 // len(good)))
    assert path.stat().st_size > 100_000_000
    script = textwrap.dedent(
        rf"""
        import re
        from continuum.returns.report import ReturnFileError
        from continuum.returns.ssda903 import validate_903
        try:
            validate_903([{str(path)!r}])
        except ReturnFileError as err:
            print(err.line)
        # VmHWM, not getrusage's ru_maxrss: Linux carries a parent's peak over fork and exec
        with open("/proc/self/status") as fh:
            print(int(re.search(r"VmHWM:\s+(\d+) kB", fh.read()).group(1)) // 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    line, peak_mb = (int(x) for x in done.stdout.split())
    assert line == 3
    assert peak_mb < 400, f"peak {peak_mb} MB"


def test_a_valid_return_reads_the_same_through_validate(tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text(EPISODES, encoding="utf-8")
    report = validate_903([path], "2025-26")
    assert report.children == 3
