"""The 2026-27 SSDA903: the DoLo table, rules 700-710, the year's set and year-to-date returns.

Known answers from each rule's DfE text where the changes file has it (705, 706, 708-710),
otherwise from its message, at the edges: 1 April 2026 and 31 March 2027 and the day either
side, an end on the start day, open DoLOs, an episode ending or starting on a DoLO's first or
last day. The provisional changes file is
continuum/specs/2026_27/ssda903_validation_rules_2026_27_changes.csv.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from continuum.returns.ssda903 import RULESETS, parse_903, validate_903_tables
from continuum.returns.ssda903.engine import YEAR_TO_DATE, needs_year_end
from continuum.returns.ssda903.registry import LATER_YEARS
from continuum.returns.ssda903.rulesets import year_of_return
from continuum.returns.ssda903.schema import TABLES, tables_of
from tests.returns.ssda903_rows import Rows, episode, header, ret, row

YEAR = "2026-27"
SPECS = Path(__file__).resolve().parents[2] / "continuum" / "specs" / "2026_27"
CHANGES = SPECS / "ssda903_validation_rules_2026_27_changes.csv"
#: A day inside the year, so the 12-month-cohort rules are "not checked" and others run.
AS_OF = date(2026, 12, 4)


def _changes() -> dict[str, dict[str, str]]:
    with CHANGES.open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r for r in csv.DictReader(fh)}


def dolo(start: str | None = "01/06/2026", end: str | None = None, **kw: str | None) -> dict[str, str | None]:
    return row(DOLO_START=start, DOLO_END=end, **kw)


def _count(code: str, current: Rows, last: Rows | None = None) -> int:
    report = validate_903_tables(ret(current, last), RULESETS[YEAR].only(code), as_of=AS_OF)
    return report.failures["rule"].to_pylist().count(code)


# --- the year's rule set and table ------------------------------------------------------------


def test_2026_27_is_2025_26_moved_on_plus_700_to_710() -> None:
    changes = _changes()
    added = {c for c, r in changes.items() if r["change"] == "added"}
    assert added == {str(c) for c in range(700, 711)}
    base, new = RULESETS["2025-26"], RULESETS[YEAR]
    assert set(new.codes) == set(base.codes) | added
    assert new.reference_date == date(2027, 3, 31)
    assert not added & set(base.codes)


@pytest.mark.parametrize("code", sorted(_changes()))
def test_message_fields_and_tables_are_the_changes_file(code: str) -> None:
    spec, rule = _changes()[code], LATER_YEARS[YEAR][code]
    assert rule.message == spec["message"]
    assert rule.fields == tuple(f.strip() for f in spec["fields"].split(","))
    assert rule.severity.value == "error"  # no Q codes among them
    assert rule.doc


def test_dolo_table_is_in_2026_27_only(tmp_path: Path) -> None:
    assert "dolo" not in tables_of("2025-26")
    assert "dolo" not in tables_of("2024-25")
    assert [c.name for c in tables_of(YEAR)["dolo"].columns] == ["CHILD", "DOB", "DOLO_START", "DOLO_END"]
    path = tmp_path / "dolo.csv"
    path.write_text("CHILD,DOB,DOLO_START,DOLO_END\n1,01/01/2012,01/06/2026,\n", encoding="utf-8")
    tables = parse_903([path])
    assert tables.current["dolo"].to_pylist()[0]["dolo_start"] == date(2026, 6, 1)
    assert tables.files["dolo"] == str(path)


def test_year_of_return_from_its_latest_event_date() -> None:
    today = date(2026, 12, 6)
    assert year_of_return(ret({"episodes": [episode(DECOM="04/12/2026")]}).current, today) == YEAR
    assert year_of_return(ret({"episodes": [episode(DEC="31/03/2026")]}).current, today) == "2025-26"
    # A mistyped future year does not move a return into another year's rules.
    mistyped = ret({"episodes": [episode(), episode(DECOM="01/05/2062")]})
    assert year_of_return(mistyped.current, today) == "2025-26"
    assert year_of_return(ret({"episodes": [episode(DECOM="01/05/2019")]}).current, today) == "2025-26"
    assert year_of_return(ret({}).current, today) is None


# --- year to date -----------------------------------------------------------------------------


def test_year_to_date_return_lists_the_12_month_cohort_rules_as_not_checked() -> None:
    report = validate_903_tables(
        ret({"episodes": [episode(DECOM="01/05/2026")]}), RULESETS[YEAR], as_of=AS_OF
    )
    cohort = {r.code for r in RULESETS[YEAR].rules if needs_year_end(r)}
    assert {"185", "191", "198"} <= cohort
    assert {
        c for c, why in report.not_checked.items() if why == YEAR_TO_DATE.format(day="4 Dec 2026")
    } == cohort
    assert not cohort & set(report.rules)
    whole = validate_903_tables(
        ret({"episodes": [episode(DECOM="01/05/2026")]}), RULESETS[YEAR], as_of=date(2027, 3, 31)
    )
    assert cohort <= set(whole.rules)


@pytest.mark.parametrize(("as_of", "fires"), [(date(2026, 12, 4), 0), (date(2027, 3, 31), 1)])
def test_open_episode_is_measured_to_the_day_the_return_runs_to(as_of: date, fires: int) -> None:
    """361: police protection (L1) longer than 3 days. Opened 2 December and still open on
    4 December it is 2 days long; only measured to 31 March is it too long.
    """
    current = {"episodes": [episode(DECOM="02/12/2026", LS="L1")]}
    report = validate_903_tables(ret(current), RULESETS[YEAR].only("361"), as_of=as_of)
    assert report.failures.num_rows == fires


# --- each rule at its edges -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "fires"), [(None, 1), ("31/12/1899", 1), ("01/01/1900", 0), ("01/06/2026", 0)]
)
def test_700_start_not_a_valid_date(start: str | None, fires: int) -> None:
    assert _count("700", {"dolo": [dolo(start)]}) == fires


@pytest.mark.parametrize(("end", "fires"), [(None, 0), ("01/01/2100", 1), ("01/07/2026", 0)])
def test_701_end_not_a_valid_date(end: str | None, fires: int) -> None:
    assert _count("701", {"dolo": [dolo(end=end)]}) == fires


@pytest.mark.parametrize(
    ("end", "fires"), [("31/05/2026", 1), ("01/06/2026", 0), ("02/06/2026", 0), (None, 0)]
)
def test_702_end_before_start(end: str | None, fires: int) -> None:
    assert _count("702", {"dolo": [dolo(end=end)]}) == fires


@pytest.mark.parametrize(("start", "fires"), [("31/03/2027", 0), ("01/04/2027", 1), ("01/01/2020", 0)])
def test_703_start_after_the_collection_year(start: str, fires: int) -> None:
    assert _count("703", {"dolo": [dolo(start)]}) == fires


@pytest.mark.parametrize(
    ("end", "fires"), [("31/03/2026", 1), ("01/04/2026", 0), ("31/03/2027", 0), ("01/04/2027", 1), (None, 0)]
)
def test_704_end_outside_the_collection_year(end: str | None, fires: int) -> None:
    assert _count("704", {"dolo": [dolo("01/01/2026", end)]}) == fires


@pytest.mark.parametrize(
    ("first_end", "second_start", "fires"),
    [
        (None, "01/09/2026", 1),  # the first is still open
        ("31/08/2026", "01/09/2026", 0),
        ("01/09/2026", "01/09/2026", 0),  # ended the day the next began
    ],
)
def test_705_start_while_the_previous_is_open(first_end: str | None, second_start: str, fires: int) -> None:
    rows = [
        dolo(second_start, None, DOB="01/01/2012"),
        dolo("01/06/2026", first_end),
    ]  # file order is not date order
    assert _count("705", {"dolo": rows}) == fires


def test_705_single_open_dolo_passes() -> None:
    assert _count("705", {"dolo": [dolo()]}) == 0


@pytest.mark.parametrize(
    ("last", "current", "fires"),
    [
        ([dolo("01/01/2026")], [], 1),  # open last year, nothing this year
        ([dolo("01/01/2026")], [dolo("01/01/2026")], 0),
        ([dolo("01/01/2026")], [dolo("02/01/2026")], 1),  # not the same DoLO
        (
            [dolo("01/01/2026")],
            [dolo("01/05/2026"), dolo("01/01/2026", "30/04/2026")],
            0,
        ),  # the first matches
        ([dolo("01/10/2025", "01/12/2025"), dolo("01/01/2026")], [dolo("01/01/2026")], 0),
        ([dolo("01/01/2026", "01/03/2026")], [], 0),  # closed last year
        ([dolo("01/01/2026"), dolo("01/10/2025", "01/12/2025")], [], 1),  # the latest is the open one
    ],
)
def test_706_open_dolo_last_year_carried_over(last: list, current: list, fires: int) -> None:
    assert _count("706", {"dolo": current}, {"dolo": last}) == fires


def test_706_needs_last_years_file() -> None:
    assert _count("706", {"dolo": []}) == 0


@pytest.mark.parametrize(
    ("rec", "end", "fires"), [("E13", None, 1), ("E13", "01/10/2026", 0), ("X1", None, 0), (None, None, 0)]
)
def test_707_left_care_with_an_open_dolo(rec: str | None, end: str | None, fires: int) -> None:
    ep = episode(DECOM="01/05/2026", DEC="01/11/2026" if rec else None, REC=rec, REASON_PLACE_CHANGE=None)
    assert _count("707", {"episodes": [ep], "dolo": [dolo(end=end)]}) == fires


@pytest.mark.parametrize(
    ("start", "fires"), [("01/01/2012", 1), ("31/12/2011", 1), ("02/01/2012", 0), (None, 0)]
)
def test_708_start_before_or_on_the_date_of_birth(start: str | None, fires: int) -> None:
    assert _count("708", {"dolo": [dolo(start)]}) == fires


def _placements(
    *eps: tuple[str, str | None, str], start: str = "01/06/2026", end: str | None = "01/09/2026"
) -> Rows:
    """Episodes (DECOM, DEC, PLACE) and one DoLO."""
    rows = [
        episode(DECOM=d, DEC=e, PLACE=p, REC="X1" if e else None, REASON_PLACE_CHANGE=None) for d, e, p in eps
    ]
    return {"episodes": rows, "dolo": [dolo(start, end)]}


@pytest.mark.parametrize(
    ("eps", "fires"),
    [
        ([("01/05/2026", None, "K2")], 0),
        ([("01/05/2026", None, "Z12")], 0),
        ([("01/05/2026", None, "U1")], 1),
        # Moved into K2 on the day the DoLO began: the foster placement left that day is not in it.
        ([("01/05/2026", "01/06/2026", "U1"), ("01/06/2026", None, "K2")], 0),
        # One day inside it is enough.
        ([("01/05/2026", "02/06/2026", "U1"), ("02/06/2026", None, "K2")], 1),
        # Moved out of K2 on the day it ended: the new placement is after it.
        ([("01/05/2026", "01/09/2026", "K2"), ("01/09/2026", None, "U1")], 0),
        ([("01/05/2026", "31/08/2026", "K2"), ("31/08/2026", None, "U1")], 1),
    ],
)
def test_709_placement_during_a_closed_dolo(eps: list, fires: int) -> None:
    assert _count("709", _placements(*eps)) == fires


def test_709_open_dolo_is_not_checked_and_a_one_day_dolo_is() -> None:
    assert _count("709", _placements(("01/05/2026", None, "U1"), end=None)) == 0
    assert _count("709", _placements(("01/05/2026", None, "U1"), end="01/06/2026")) == 1
    assert _count("709", _placements(("01/05/2026", None, "K2"), end="01/06/2026")) == 0


@pytest.mark.parametrize(
    ("place", "fires"), [("K1", 1), ("P1", 1), ("R5", 1), ("K3", 1), ("K2", 0), ("U1", 0)]
)
def test_710_placement_types_not_allowed_during_a_dolo(place: str, fires: int) -> None:
    assert _count("710", _placements(("01/05/2026", None, place))) == fires


def test_710_open_dolo_not_checked() -> None:
    assert _count("710", _placements(("01/05/2026", None, "K1"), end=None)) == 0


def test_a_clean_dolo_passes_every_2026_27_rule() -> None:
    current = {
        "header": [header()],
        "episodes": [episode(DECOM="01/05/2026", PLACE="K2")],
        "dolo": [dolo("01/06/2026", "01/09/2026"), dolo("01/10/2026")],
    }
    report = validate_903_tables(ret(current), RULESETS[YEAR].only(*LATER_YEARS[YEAR]), as_of=AS_OF)
    assert report.codes() == set()
    assert TABLES["dolo"].display == "DoLo"
