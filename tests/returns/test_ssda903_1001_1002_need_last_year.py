"""Rules 1001 and 1002 run only with last year's Episodes loaded, as the DfE's logic runs them.

1002 "This child has no previous episodes of care, therefore should not have care leaver
information recorded": the DfE's logic (the D2I tool the DfE list names) fails an OC3 row whose
CHILD is in neither this year's Episodes nor last year's, and returns nothing at all unless
Episodes, OC3 and Episodes_last are all loaded. 1001 likewise needs Episodes_last. A year's OC3
holds young people turning 17 to 21, whose care mostly ended before 1 April: checked against this
year's Episodes alone, every one of them failed (183 of the demo borough's 185 errors on its
2025-26 export checked from the returns page, which sends this year's files only).

199 and 1000 are not limited so: the DfE runs them on this year's Episodes alone.

Collection year 2025-26 (1 April 2025 to 31 March 2026); last year is 2024-25.
"""

from __future__ import annotations

from pathlib import Path

from continuum.returns.export.ssda903 import export_903
from continuum.returns.report import Severity
from continuum.returns.ssda903 import RULESETS, tables_from_rows, validate_903, validate_903_tables
from continuum.returns.ssda903.engine import NO_PREVIOUS, needs_last_episodes, needs_previous
from tests.returns.ssda903_rows import Rows, header, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.test_export_cin import synth_tables

YEAR = "2025-26"
_DATA = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}


def _leaver(child: str, **kw: str | None) -> dict[str, str | None]:
    """An OC3 row with care leaver data: born 1 June 2007, 18 on 1 June 2025."""
    return row(CHILD=child, DOB="01/06/2007", **{**_DATA, **kw})


def _failing(code: str, current: Rows, last: Rows | None = None, history: list | None = None):  # type: ignore[no-untyped-def]
    """The children failing rule ``code`` (run alone), and the report."""
    report = validate_903_tables(tables_from_rows(current, last, history or ()), RULESETS[YEAR].only(code))
    return sorted(report.failures["child_id"].to_pylist()), report


#: The DfE's own example for 1002 (the D2I tool's test), in this year's dates. Last year's
#: Episodes: 101 (an episode ended 20 June 2024 and one open from then), 102 (two, one open),
#: 103 (ended 6 August 2024). This year's: 101's open episode, ended 20 May 2025. OC3: 101-104.
_LAST = {
    "episodes": [
        ep(CHILD="101", DECOM="01/05/2024", DEC="20/06/2024", REC="X1"),
        ep(CHILD="101", DECOM="20/06/2024", RNE="P"),
        ep(CHILD="102", DECOM="03/10/2024"),
        ep(CHILD="102", DECOM="01/06/2024", DEC="14/03/2025", REC="E8"),
        ep(CHILD="103", DECOM="01/05/2024", DEC="06/08/2024", REC="E8"),
    ]
}
_CURRENT = {
    "episodes": [ep(CHILD="101", DECOM="20/06/2024", RNE="P", DEC="20/05/2025", REC="E8")],
    "oc3": [_leaver("101"), _leaver("102"), _leaver("103"), _leaver("104")],
}


def test_the_dfes_example_fails_only_the_child_with_no_episode_in_either_year() -> None:
    """101 has episodes in both years, 102 and 103 last year only (care ended before 1 April):
    all pass. 104 has none in either year: the one failure, on its OC3 row."""
    failing, report = _failing("1002", _CURRENT, _LAST)
    assert failing == ["104"]
    assert report.failures["table"].to_pylist() == ["oc3"]
    assert "1002" not in report.not_checked


def test_a_care_leaver_without_care_leaver_data_is_not_failed() -> None:
    """104 again, with IN_TOUCH, ACTIV and ACCOM blank: nothing recorded that should not be."""
    current = {**_CURRENT, "oc3": [row(CHILD="104", DOB="01/06/2007")]}
    assert _failing("1002", current, _LAST)[0] == []


def test_without_last_years_return_1001_and_1002_are_not_checked() -> None:
    """This year's files alone (the returns page's 'Validate this export'): 102 and 103, whose
    care ended before 1 April, and 104 are not reported; the rules are listed as not checked
    for want of last year's return, never passed in silence."""
    for code in ("1001", "1002"):
        failing, report = _failing(code, _CURRENT)
        assert failing == [], code
        assert report.not_checked == {code: NO_PREVIOUS}
        assert code not in report.rules


def test_history_without_last_year_does_not_make_them_checkable() -> None:
    """Earlier years' Episodes without last year's leave a year out: 102's care, all in 2024-25,
    would read as none. Still not checked."""
    old = [ep(CHILD="104", DECOM="01/10/2019", DEC="01/10/2022", REC="E8")]
    failing, report = _failing("1002", _CURRENT, history=old)
    assert failing == []
    assert report.not_checked == {"1002": NO_PREVIOUS}


def test_last_years_return_without_its_episodes_file_leaves_them_not_checked() -> None:
    """Last year's Header given, its Episodes not: said so, and 104 is not reported."""
    tables = tables_from_rows(_CURRENT, {"header": [header(CHILD="101", DOB="01/06/2007")]})
    del tables.files["episodes_last"]
    report = validate_903_tables(tables, RULESETS[YEAR].only("1001", "1002"))
    assert report.failures.num_rows == 0
    assert report.not_checked == {
        "1001": "last year's Episodes file not loaded (--previous)",
        "1002": "last year's Episodes file not loaded (--previous)",
    }


def test_last_years_episodes_given_empty_are_loaded_and_1002_runs() -> None:
    """Last year's return with an Episodes file of no rows (nobody looked after last year): the
    DfE's logic runs, and 102, 103 and 104, with no episode this year either, fail."""
    last = {"header": [header(CHILD="101", DOB="01/06/2007")], "episodes": []}
    assert _failing("1002", _CURRENT, last)[0] == ["102", "103", "104"]


def test_199_and_1000_still_run_on_this_years_episodes_alone() -> None:
    """1000: died in care (E2) this year yet in OC3 fails without last year's return, as the DfE
    runs it; 199 is not held back either. Only 1001 and 1002 need last year's Episodes."""
    died = {
        "episodes": [ep(CHILD="104", DECOM="01/05/2025", DEC="01/06/2025", REC="E2")],
        "oc3": [_leaver("104")],
    }
    assert _failing("1000", died)[0] == ["104"]
    rules = {r.code: r for r in RULESETS[YEAR].rules}
    assert {c for c in ("199", "1000", "1001", "1002") if needs_last_episodes(rules[c])} == {"1001", "1002"}
    for year, ruleset in RULESETS.items():
        held = {r.code for r in ruleset.rules if needs_last_episodes(r)}
        assert held == {"1001", "1002"}, year
        assert all(needs_previous(r) for r in ruleset.rules if r.code in held)


def test_the_synthetic_boroughs_export_checked_alone_has_no_error(tmp_path: Path) -> None:
    """The borough's 2025-26 export checked as the returns page checks it (this year's files
    only): zero errors and zero queries, 1001 and 1002 listed as not checked. Before, its care
    leavers whose care ended before 1 April 2025 each failed 1002."""
    current = sorted(export_903(synth_tables(), tmp_path, 2026).values())
    report = validate_903(current)
    assert report.count(Severity.ERROR) == 0, report.summary_text()
    assert report.count(Severity.QUERY) == 0, report.summary_text()
    assert report.not_checked["1001"] == report.not_checked["1002"] == NO_PREVIOUS
