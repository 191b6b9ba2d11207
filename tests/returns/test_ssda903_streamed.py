"""``validate_903`` reads each file block by block straight into DuckDB (issue 13 point 5, memory):
the same report as parsing to Arrow first, in either of the engine's two modes, and a file the fast
reader gives up on part-way is neither lost nor read twice.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest

from continuum.returns.report import ReturnFileError, Severity
from continuum.returns.ssda903 import engine, parse_903, validate_903, validate_903_tables
from continuum.returns.ssda903.schema import TABLES

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [c.name for c in TABLES["episodes"].required]


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([[r.get(c, "") for c in columns] for r in rows])
    return path


def _episode(child: str, decom: str, **more: str) -> dict[str, str]:
    return {
        "CHILD": child, "DECOM": decom, "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
        "PLACE_PROVIDER": "PR1", "HOME_POST": "AB1 2CD", "PL_POST": "AB1 3CD", **more,
    }  # fmt: skip


@pytest.fixture(scope="module")
def folder() -> Path:
    """A small return with failures of several kinds: this year's Header and Episodes, last year's."""
    root = Path(tempfile.mkdtemp(prefix="test-903-streamed-"))
    (root / "last").mkdir()
    children = [f"C{n:04d}" for n in range(60)]
    _write(
        root / "Header.csv",
        HEADER,
        [
            {
                "CHILD": c,
                "SEX": "1" if n % 7 else "9",
                "DOB": "01/02/2012",
                "ETHNIC": "WBRI" if n % 5 else "XXXX",
                "UPN": f"A{n:012d}",
            }
            for n, c in enumerate(children)
        ],
    )
    episodes = [_episode(c, "01/05/2025", DEC="" if n % 3 else "30/04/2025") for n, c in enumerate(children)]
    episodes += [_episode("C9999", "", PLACE="Q9")]  # no header, no start date, unknown placement
    _write(root / "Episodes.csv", EPISODES, episodes)
    _write(
        root / "last" / "Header.csv",
        HEADER,
        [{"CHILD": c, "SEX": "2", "DOB": "01/02/2012"} for c in children],
    )
    _write(root / "last" / "Episodes.csv", EPISODES, [_episode(c, "01/01/2025") for c in children[:20]])
    return root


def _paths(root: Path) -> tuple[list[Path], list[Path]]:
    return sorted(root.glob("*.csv")), sorted((root / "last").glob("*.csv"))


def test_streamed_report_is_the_parsed_one(folder: Path) -> None:
    current, last = _paths(folder)
    streamed = validate_903(current, "2025-26", previous=last)
    parsed = validate_903_tables(parse_903(current, last), engine.ruleset_for("2025-26"))
    assert len(streamed) > 60  # the return fails several rules
    assert streamed.failures.equals(parsed.failures)
    assert (streamed.children, streamed.files, streamed.rules, streamed.not_checked) == (
        parsed.children, parsed.files, parsed.rules, parsed.not_checked,
    )  # fmt: skip
    assert streamed.children == 61


def test_the_year_is_found_from_the_streamed_dates(folder: Path) -> None:
    current, last = _paths(folder)
    assert validate_903(current, previous=last).rules == validate_903(current, "2025-26", previous=last).rules


def test_a_large_return_is_checked_the_same_way(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large return gets a database file, one thread and one rule a query: the same answers."""
    current, last = _paths(folder)
    usual = validate_903(current, "2025-26", previous=last)
    monkeypatch.setattr(engine, "LARGE", 0)
    large = validate_903(current, "2025-26", previous=last)
    assert large.failures.equals(usual.failures)
    assert large.rules == usual.rules


def test_a_file_the_fast_reader_gives_up_on_late_is_read_once(tmp_path: Path) -> None:
    """A quoted line break past the first 1 MB block: the blocks already in DuckDB are dropped and the
    exact reader reads the file again, so every row is there once; an earlier history file is kept."""
    rows = [_episode(f"C{n:06d}", "01/05/2024") for n in range(30_000)]
    rows[-1]["HOME_POST"] = "AB1\n2CD"
    late = _write(tmp_path / "Episodes_2023.csv", EPISODES, rows)
    assert late.stat().st_size > 1 << 20  # more than one of the fast reader's blocks
    early = _write(tmp_path / "Episodes_2022.csv", EPISODES, rows[:10])
    with tempfile.TemporaryDirectory() as spill:
        con = engine._open(Path(spill), large=False)
        try:
            _, history = engine._stream_return(con, [], [], [early, late])
            count, distinct = con.sql(
                "SELECT count(*), count(DISTINCT (child, line)) FROM episodes_history"
            ).fetchall()[0]
        finally:
            con.close()
    assert history == [str(early), str(late)]
    assert (count, distinct) == (30_010, 30_000)


def test_a_history_file_of_another_table_is_refused_by_name(tmp_path: Path, folder: Path) -> None:
    with pytest.raises(ReturnFileError) as caught:
        validate_903(_paths(folder)[0], "2025-26", history=[folder / "Header.csv"])
    assert "expected an Episodes file" in str(caught.value)


def test_two_files_of_one_table_are_refused(folder: Path) -> None:
    current, last = _paths(folder)
    with pytest.raises(ReturnFileError) as caught:
        validate_903([*current, last[1]], "2025-26")
    assert "expected one file per table" in str(caught.value)


def test_the_validate_command_streams_each_csv(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``./run returns validate`` checks the CSVs through ``validate_903`` (each file read block by
    block into DuckDB, never parsed whole to Arrow): every file, last year's too, goes through the
    streaming reader, and the command prints the same counts as ``validate_903``'s report."""
    from continuum.cli import main
    from continuum.returns import validate
    from continuum.returns.ssda903 import parser

    current, last = _paths(folder)
    expected = validate_903(current, "2025-26", previous=last)

    def not_parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validate command parsed a return whole instead of streaming it")

    monkeypatch.setattr(parser, "parse_903", not_parsed)
    monkeypatch.setattr("continuum.returns.ssda903.parse_903", not_parsed)
    streamed: list[str] = []
    real = engine._stream_file

    def recorded(con: object, path: str | Path, target: object) -> object:
        streamed.append(Path(path).name + (" (last year)" if Path(path).parent.name == "last" else ""))
        return real(con, path, target)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_stream_file", recorded)
    report = validate.validate_files(current, previous=last)
    assert sorted(streamed) == [
        "Episodes.csv",
        "Episodes.csv (last year)",
        "Header.csv",
        "Header.csv (last year)",
    ]
    assert report.failures.drop_columns(["cell"]).equals(expected.failures)
    assert (report.children, report.rules) == (expected.children, expected.rules)
    streamed.clear()
    args = ["returns", "validate", *map(str, current), "--previous", *map(str, last)]
    assert main(args) == 1  # the return has errors
    assert f"Failures: {expected.count(Severity.ERROR):,} error(s)" in capsys.readouterr().out
    assert len(streamed) == 4
