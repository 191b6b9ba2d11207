"""Earlier years' episodes (``history``) for the SSDA903 rules the DfE limits to the loaded years.

The DfE note on rules 1001 and 1002 (and 199, 1000): "This tool can only test the current and
previous year data loaded into the tool - this check may generate false positives if a child had
episodes prior to last year's collection." With the older Episodes files loaded as history those
false positives go; real errors still fail; every other rule still reads only last year's files.

Collection year 2025-26 (1 April 2025 to 31 March 2026); last year is 2024-25; history is the
years before. Each answer is worked out by hand in the test's docstring.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from continuum.cli import main
from continuum.returns.export.ssda903 import export_903_history
from continuum.returns.report import ReturnFileError
from continuum.returns.ssda903 import RULESETS, parse_903, tables_from_rows, validate_903_tables
from continuum.returns.ssda903.schema import TABLES
from tests.returns.ssda903_rows import Rows, header, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.test_export_903 import hand_built
from tests.returns.test_ssda903_cli import _write

YEAR = "2025-26"
_OC3 = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}
Episode = dict[str, str | None]


def _codes(code: str, current: Rows, last: Rows | None = None, history: Sequence[Episode] = ()) -> set[str]:
    """The codes that fail when only rule ``code`` is run."""
    tables = tables_from_rows(current, last, history)
    return validate_903_tables(tables, RULESETS[YEAR].only(code)).codes()


def _leaver(dob: str) -> Rows:
    """A care leaver in this year's OC3 (and header), with no episode this year."""
    return {"header": [header(DOB=dob, MOTHER=None)], "oc3": [row(DOB=dob, **_OC3)]}


#: Born 1 September 2007 (14 on 1 September 2021, 16 on 1 September 2023). Looked after from
#: 1 October 2022; the placement moved on 1 February 2024 and care ended on 15 April 2024.
#: The 2023-24 return holds both episodes, the second open at 31 March 2024; the 2024-25 return
#: (last year's) holds only the second, closed.
_MOVED = ep(DECOM="01/10/2022", DEC="01/02/2024", REC="X1")
_LEFT_OPEN = ep(DECOM="01/02/2024", RNE="P")
_LEFT = ep(DECOM="01/02/2024", RNE="P", DEC="15/04/2024", REC="E8")


def test_1001_passes_once_the_earlier_care_is_loaded() -> None:
    """Without history: only 1 February - 15 April 2024 is loaded, 29 + 31 + 14 = 74 days, under
    the 91 a former relevant child needs: 1001 fails (the DfE's false positive). With 2023-24's
    episodes: 1 October 2022 - 1 February 2024 is 488 days more: passes."""
    current, last = _leaver("01/09/2007"), {"episodes": [_LEFT]}
    assert _codes("1001", current, last) == {"1001"}
    assert _codes("1001", current, last, [_MOVED, _LEFT_OPEN]) == set()


#: Last year's Episodes, holding another child's care only: 1001 and 1002 run only with last
#: year's Episodes loaded (the DfE's logic), and these leave the care leaver's own years as they were.
_OTHERS_LAST_YEAR = {"episodes": [ep(CHILD="2", DECOM="01/05/2024", DEC="01/06/2024", REC="E8")]}


def test_1002_passes_once_the_earlier_care_is_loaded() -> None:
    """Care from 1 October 2019 to 1 October 2022 (born 1 June 2005): no episode this year or
    last, so 1002 fails without history and passes with the 2019-20 to 2022-23 episodes."""
    current = _leaver("01/06/2005")
    old = [ep(DECOM="01/10/2019", DEC="01/10/2022", REC="E8")]
    assert _codes("1002", current, _OTHERS_LAST_YEAR) == {"1002"}
    assert _codes("1002", current, _OTHERS_LAST_YEAR, history=old) == set()
    # 1,096 days from 14, ending at 17:
    assert _codes("1001", current, _OTHERS_LAST_YEAR, history=old) == set()


def test_real_errors_still_fail_with_history() -> None:
    """History does not excuse real errors:
    * 1002: the history holds another child's episodes, not this care leaver's;
    * 1001: the only earlier care is 30 days (1 March - 31 March 2021) at 15, and 2 weeks at 18
      last year: 44 days, under 91;
    * 1001: 18 months of short breaks (V3), which never make a relevant child."""
    current = _leaver("01/06/2005")
    other = [ep(CHILD="2", DECOM="01/10/2019", DEC="01/10/2022", REC="E8")]
    assert _codes("1002", current, _OTHERS_LAST_YEAR, history=other) == {"1002"}
    short = [ep(DECOM="01/03/2021", DEC="31/03/2021", REC="E8")]
    last = {"episodes": [ep(DECOM="01/06/2024", DEC="15/06/2024", REC="E8")]}
    assert _codes("1001", current, last, short) == {"1001"}
    breaks = [ep(DECOM="01/10/2019", DEC="01/04/2021", REC="E8", LS="V3")]
    assert _codes("1001", current, _OTHERS_LAST_YEAR, history=breaks) == {"1001"}


def test_an_episode_in_two_years_files_counts_once() -> None:
    """Born 1 January 2009: in care from 1 February 2025 (after 16) to 1 April 2025, 59 days.
    Last year's file holds the episode open (31 March 2025 came first); this year's holds it
    closed. Counted once, as closed, it is under 91 days: 1001 fails. (Counting both copies, last
    year's open one up to 31 March 2026, would give 59 + 423 = 482 days and a false pass.)"""
    current = {**_leaver("01/01/2009"), "episodes": [ep(DECOM="01/02/2025", DEC="01/04/2025", REC="E8")]}
    assert _codes("1001", current, {"episodes": [ep(DECOM="01/02/2025")]}) == {"1001"}


def test_the_other_history_limited_rules_read_history_too() -> None:
    """199: adopted (E11) on 1 June 2023 and looked after again from 1 July 2025: fails only once
    the 2023-24 episode is loaded. 1000: died in care (E2) in 2022 yet in OC3: likewise."""
    current = {"episodes": [ep(DECOM="01/07/2025")]}
    adopted = [ep(DECOM="01/01/2023", DEC="01/06/2023", REC="E11", PLACE="A4")]
    assert _codes("199", current) == set()
    assert _codes("199", current, history=adopted) == {"199"}
    died = [ep(DECOM="01/01/2022", DEC="01/06/2022", REC="E2")]
    assert _codes("1000", _leaver("01/06/2005")) == set()
    assert _codes("1000", _leaver("01/06/2005"), history=died) == {"1000"}


def test_other_rules_read_only_last_years_files() -> None:
    """1010 (care leaver data while last year's episode is still open) compares with last year's
    return only: the same open episode given as history is not last year's."""
    current = {"oc3": [row(**_OC3)]}
    still_open = [ep(DECOM="01/05/2024")]
    assert _codes("1010", current, {"episodes": still_open}) == {"1010"}
    assert _codes("1010", current, history=still_open) == set()


def _episodes_csv(path: Path, rows: list[Episode]) -> Path:
    cols = [c.name for c in TABLES["episodes"].required]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows([r.get(c) or "" for c in cols] for r in rows)
    return path


def test_bad_history_files_are_named(tmp_path: Path) -> None:
    """A history file that is not Episodes, or holds a bad date, stops with the file, the row
    and what was expected, as for this year's files."""
    files = _write(tmp_path / "903", {"header": [header()]})
    with pytest.raises(ReturnFileError) as err:
        parse_903(files, history=files)
    assert str(err.value) == (
        f"{files[0]}, line 1: this is a Header file; expected an Episodes file "
        "(only earlier years' episodes are read as history)"
    )
    bad = _episodes_csv(tmp_path / "ep_2023.csv", [ep(DECOM="2022-10-01")])
    with pytest.raises(ReturnFileError) as err:
        parse_903(files, history=[bad])
    assert str(err.value) == (
        f"{bad}, line 2: column DECOM holds '2022-10-01', which is not a date; "
        "expected a date as dd/mm/yyyy (e.g. 01/04/2025)"
    )


def test_several_history_files_and_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two years' history files make one history; ``validate --history`` passes them on: the
    care leaver of the 1001 test fails without them (exit 1) and passes with them (exit 0)."""
    files = _write(tmp_path / "903", _leaver("01/09/2007"))
    last = _write(tmp_path / "903_last", {"header": [header(DOB="01/09/2007")], "episodes": [_LEFT]})
    older = [
        _episodes_csv(tmp_path / "ep_2023.csv", [ep(DECOM="01/10/2022")]),
        _episodes_csv(tmp_path / "ep_2024.csv", [_MOVED, _LEFT_OPEN]),
    ]
    tables = parse_903(files, last, older)
    assert tables.history.num_rows == 3
    assert set(tables.paths) >= {str(p) for p in older}
    assert main(["returns", "validate", *files, "--previous", *last]) == 1
    assert "1001" in capsys.readouterr().out
    history = [str(p) for p in older]
    assert main(["returns", "validate", *files, "--previous", *last, "--history", *history]) == 0
    assert "Failures: 0 error(s), 0 query(ies)" in capsys.readouterr().out


def _read(path: Path) -> list[tuple[str, str, str, str]]:
    with path.open() as fh:
        return [(r["CHILD"], r["DECOM"], r["DEC"], r["REC"]) for r in csv.DictReader(fh)]


def test_export_writes_earlier_years_episodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The hand-built borough (tests/returns/test_export_903.py), return year 2024-25: history is
    2022-23, then 2021-22. 2022-23 (1 April 2022 - 31 March 2023): A1's first episode started 10
    January 2023 and ended 1 September 2023, after that 31 March, so it is written open; B2's
    episode from 1 February 2022 is open. 2021-22: only B2's. Through the CLI with Parquet too."""
    older = export_903_history(hand_built(), tmp_path, 2025, 2)
    assert older == [tmp_path / "history" / "Episodes_2023.csv", tmp_path / "history" / "Episodes_2022.csv"]
    assert _read(older[0]) == [("A1", "10/01/2023", "", ""), ("B2", "01/02/2022", "", "")]
    assert _read(older[1]) == [("B2", "01/02/2022", "", "")]
    assert export_903_history(hand_built(), tmp_path / "none", 2025, 0) == []
    with pytest.raises(ValueError, match="expected 0 or a positive number"):
        export_903_history(hand_built(), tmp_path, 2025, -1)

    parquet = tmp_path / "parquet"
    parquet.mkdir()
    for name, table in hand_built().items():
        pq.write_table(table, parquet / f"{name}.parquet")
    out = tmp_path / "cli"
    args = ["returns", "export", "903", "--year", "2025", "--out", str(out), "--parquet", str(parquet)]
    assert main([*args, "--history-years", "1"]) == 0
    assert _read(out / "history" / "Episodes_2023.csv") == _read(older[0])
    assert not (out / "history" / "Episodes_2022.csv").exists()
    assert "Episodes_2023.csv" in capsys.readouterr().out
