"""SSDA903 export: columns as the DfE list, dd/mm/yyyy dates, scope, the looked_after tables, and a
synthetic borough that passes its own validation."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from continuum.metrics.schema import TABLES as ANALYTICAL
from continuum.returns.export.ssda903 import NOT_WRITTEN, export_903, export_903_history
from continuum.returns.report import Severity
from continuum.returns.ssda903 import parse_903, validate_903
from continuum.returns.ssda903.schema import TABLES, tables_of
from tests.returns.test_export_cin import AS_OF, synth_tables, synth_tables_as_of


def _rows(path: Path) -> list[list[str]]:
    with path.open() as fh:
        return list(csv.reader(fh))


def test_columns_and_dates(tmp_path: Path) -> None:
    written = export_903(synth_tables(), tmp_path, 2026)
    assert NOT_WRITTEN == ()
    assert set(written) == set(tables_of("2025-26"))  # DoLo comes in 2026-27
    for name, path in written.items():
        rows = _rows(path)
        assert rows[0] == [c.name for c in TABLES[name].required]
        date_cols = [i for i, c in enumerate(TABLES[name].required) if c.kind == "date"]
        for row in rows[1:]:
            for i in date_cols:
                assert row[i] == "" or re.fullmatch(r"\d\d/\d\d/\d{4}", row[i]), (name, row)
    episodes = parse_903(list(written.values())).current["episodes"].to_pylist()
    assert episodes
    assert all(e["dec"] is None or e["dec"].year >= 2025 for e in episodes)
    for name in ("ad1", "placed_adoption", "prev_perm", "oc2"):
        assert len(_rows(written[name])) > 1, name


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = ANALYTICAL[name]
    full = [{f.name: r.get(f.name, "100" if f.name == "la_code" else None) for f in schema} for r in rows]
    return pa.Table.from_pylist(full, schema=schema)


def _child(cid: str, sex: str, born: date) -> dict:
    return {"la_child_id": cid, "sex": sex, "person_birth_date": born, "ethnicity": "WBRI",
            "disabilities": ["NONE"], "uasc": False, "upn": "A100200312001"}  # fmt: skip


def _ep(  # type: ignore[no-untyped-def]
    eid: str, cid: str, poc: str, decom: date, rne: str, ls: str, place: str, dec=None, rec=None
) -> dict:
    return {
        "episode_id": eid,
        "la_child_id": cid,
        "period_of_care_id": poc,
        "decom": decom,
        "rne": rne,
        "ls": ls,
        "cin": "N1",
        "place": place,
        "place_provider": "PR1",
        "dec": dec,
        "rec": rec,
    }


def hand_built() -> dict[str, pa.Table]:
    """Three children in the year ending 31 March 2025, worked through by hand (see the test)."""
    return {
        "children": _table(
            "children",
            [
                _child("A1", "F", date(2012, 6, 1)),
                _child("B2", "M", date(2008, 3, 1)),
                _child("C3", "F", date(2009, 1, 1)),
            ],
        ),
        "cla_episodes": _table(
            "cla_episodes",
            [
                _ep("e1", "A1", "e1", date(2023, 1, 10), "S", "C1", "U4", date(2023, 9, 1), "X1"),
                _ep("e2", "A1", "e1", date(2023, 9, 1), "L", "E1", "U4", date(2024, 5, 1), "X1"),
                _ep("e3", "A1", "e1", date(2024, 5, 1), "T", "E1", "A5", date(2024, 12, 1), "E11"),
                _ep("e4", "B2", "e4", date(2022, 2, 1), "S", "V2", "U6"),
                _ep("e5", "C3", "e5", date(2024, 6, 1), "S", "C1", "K2", date(2024, 10, 1), "E4A"),
            ],
        ),
        "adoptions": _table(
            "adoptions",
            [
                {
                    "adoption_id": "p1",
                    "la_child_id": "A1",
                    "date_should_be_placed": date(2023, 8, 1),
                    "date_placement_order": date(2023, 9, 1),
                    "date_match": date(2024, 4, 10),
                    "date_placed": date(2024, 5, 1),
                    "date_adoption_order": date(2024, 12, 1),
                    "foster_care": True,
                    "nb_adoptr": 2,
                    "sex_adoptr": "MF",
                    "ls_adoptr": "L0",
                },
                {
                    "adoption_id": "p2",
                    "la_child_id": "C3",
                    "date_should_be_placed": date(2024, 7, 1),
                    "date_placed_ceased": date(2025, 6, 1),
                    "reason_placed_ceased": "RD1",
                },
            ],
        ),
        "prev_perm": _table(
            "prev_perm",
            [
                {
                    "prev_perm_id": "q1",
                    "la_child_id": "A1",
                    "period_started": date(2023, 1, 10),
                    "prev_perm": "Z1",
                },
                {
                    "prev_perm_id": "q2",
                    "la_child_id": "B2",
                    "period_started": date(2022, 2, 1),
                    "prev_perm": "P1",
                    "la_perm": "123",
                    "date_perm": date(2015, 5, 5),
                },
                {
                    "prev_perm_id": "q3",
                    "la_child_id": "C3",
                    "period_started": date(2015, 1, 1),
                    "prev_perm": "Z1",
                },
                {
                    "prev_perm_id": "q4",
                    "la_child_id": "C3",
                    "period_started": date(2024, 6, 1),
                    "prev_perm": "P3",
                    "la_perm": "999",
                    "date_perm": date(2020, 2, 2),
                },
            ],
        ),
        "cla_outcomes": _table(
            "cla_outcomes",
            [
                {
                    "outcome_id": "o1",
                    "la_child_id": "B2",
                    "year_ending": date(2025, 3, 31),
                    "sdq_score": 12,
                    "convicted": False,
                    "immunisations": True,
                    "teeth_check": True,
                    "health_assessment": True,
                    "substance_misuse": False,
                },
                {"outcome_id": "o2", "la_child_id": "B2", "year_ending": date(2024, 3, 31), "sdq_score": 30},
            ],
        ),
        "motherhood": _table(
            "motherhood",
            [
                {
                    "motherhood_id": "m1",
                    "la_child_id": "A1",
                    "recorded_on": date(2023, 6, 1),
                    "mother": False,
                },
                {
                    "motherhood_id": "m2",
                    "la_child_id": "C3",
                    "recorded_on": date(2024, 6, 1),
                    "mother": True,
                    "mc_dob": date(2024, 2, 2),
                },
                {
                    "motherhood_id": "m3",
                    "la_child_id": "C3",
                    "recorded_on": date(2025, 5, 1),
                    "mother": True,
                    "mc_dob": date(2025, 4, 4),
                },
            ],
        ),
    }


def test_adoption_permanence_outcomes_and_motherhood_known_answers(tmp_path: Path) -> None:
    """A1 was adopted on 1 December 2024 (AD1; FOSTER_CARE 1 as A5); C3's decision of July 2024 was
    reversed only in June 2025, after the ReferenceDate, so it is written open; C3's PrevPerm is
    her latest period's (P3), not the 2015 one; B2's OC2 is 2024-25's, not 2023-24's; C3's MOTHER
    is as recorded on or before 31 March (MC_DOB 2 February 2024, not the later record)."""
    w = export_903(hand_built(), tmp_path, 2025)
    assert _rows(w["ad1"])[1:] == [["A1", "01/06/2012", "01/08/2023", "10/04/2024", "1", "2", "MF", "L0"]]
    assert _rows(w["placed_adoption"])[1:] == [
        ["A1", "01/06/2012", "01/08/2023", "", ""],
        ["C3", "01/01/2009", "01/07/2024", "", ""],
    ]
    assert _rows(w["prev_perm"])[1:] == [
        ["A1", "01/06/2012", "Z1", "", ""],
        ["B2", "01/03/2008", "P1", "123", "05/05/2015"],
        ["C3", "01/01/2009", "P3", "999", "02/02/2020"],
    ]
    assert _rows(w["oc2"])[1:] == [["B2", "01/03/2008", "12", "", "0", "", "1", "1", "1", "0", "", ""]]
    header = {r[0]: r[5:] for r in _rows(w["header"])[1:]}
    assert header == {"A1": ["0", ""], "B2": ["", ""], "C3": ["1", "02/02/2024"]}


def history_years(t: dict[str, pa.Table], year: int) -> int:
    """How many years before last year's return the borough's first episode goes back: the
    ``--history-years`` that loads every episode it ever had (its first simulated year on)."""
    first = min(t["cla_episodes"]["decom"].to_pylist())
    first_year_end = first.year + (1 if first.month >= 4 else 0)
    return max(0, year - 1 - first_year_end)


def _borough(seed: int) -> dict[str, pa.Table]:
    """Seed 3 is the shared small borough; others are simulated the same way."""
    if seed == 3:
        return synth_tables()
    from continuum.synth.parquet import borough_tables
    from continuum.synth.simulate import SimConfig, simulate

    return borough_tables(
        simulate(SimConfig(years=3, seed=seed, last_year_end=date(2026, 3, 31), warm_up_years=3))
    )


@pytest.fixture(scope="module", params=[3, 7])
def validated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("903")
    t = _borough(request.param)
    for year in (2025, 2026):
        export_903(t, tmp / str(year), year)
    history = export_903_history(t, tmp / "2026", 2026, history_years(t, 2026))
    current, last = sorted((tmp / "2026").glob("*.csv")), sorted((tmp / "2025").glob("*.csv"))
    return t, validate_903(current, previous=last), validate_903(current, previous=last, history=history)


def test_the_synthetic_borough_passes_its_own_validation(validated) -> None:  # type: ignore[no-untyped-def]
    """2025-26, with 2024-25 as last year's return and every earlier year's episodes as history:
    zero errors and zero queries. Without the history, the only errors are the DfE's own false
    positives of 1001/1002 ("can only test the current and previous year data loaded"): care
    leavers whose care that made them former relevant children is older than April 2024."""
    t, without_history, report = validated
    assert report.count(Severity.ERROR) == 0, report.summary_text()
    assert report.count(Severity.QUERY) == 0, report.summary_text()
    false_positives = {f.rule for f in without_history.iter_failures()}
    assert false_positives
    assert false_positives <= {"1001", "1002"}
    leavers = {c["la_child_id"] for c in t["care_leavers"].to_pylist()}
    assert {f.child_id for f in without_history.iter_failures()} <= leavers


def test_start_of_care_rules_wait_for_a_loaded_start() -> None:
    """334 and 1003 compare with the start of care (the RNE = S episode). A period carried over
    from before last year has none loaded, so a decision made before its first loaded DECOM is
    not an error; once the S episode is in last year's file, the same decision before it is."""
    from continuum.returns.ssda903 import RULESETS, validate_903_tables
    from tests.returns.ssda903_rows import episode, ret, row

    rules = RULESETS["2025-26"].only("334", "1003")
    carried = episode(DECOM="01/05/2025", RNE="P", PLACE="A5", LS="E1")
    current = {
        "episodes": [carried],
        "placed_adoption": [row(DATE_PLACED="01/02/2023")],
        "ad1": [
            row(
                DATE_INT="01/02/2023",
                DATE_MATCH="01/03/2025",
                FOSTER_CARE="1",
                NB_ADOPTR="2",
                SEX_ADOPTR="MF",
                LS_ADOPTR="L0",
            )
        ],
    }
    assert validate_903_tables(ret(current), rules).codes() == set()
    last = {"episodes": [episode(DECOM="01/03/2024", DEC="01/05/2025", REC="X1")]}
    assert validate_903_tables(ret(current, last), rules).codes() == {"334", "1003"}


def test_synthetic_identifiers_are_valid_in_form(tmp_path: Path) -> None:
    """UPNs under the council's code or UN1-UN5 (rule 168), LA_PERM a real DfE number, SW_ID as
    the DfE asks ("SW" and the Social Work England number; rule SW02STG1)."""
    from continuum.returns.cin.la_codes import LA_CODES
    from continuum.synth.upn import is_valid_upn

    written = export_903(synth_tables(), tmp_path, 2026)
    upns = [r[4] for r in _rows(written["header"])[1:]]
    assert upns
    assert all(
        u in {"UN1", "UN2", "UN3", "UN4", "UN5"} or (is_valid_upn(u) and u[1:4] == "302") for u in upns
    )
    la_perm = {r[3] for r in _rows(written["prev_perm"])[1:] if r[3]}
    assert la_perm
    assert la_perm <= set(LA_CODES)
    sw_ids = [r[2] for r in _rows(written["social_worker"])[1:]]
    assert sw_ids
    assert all(re.fullmatch(r"SW\d{6}", s) for s in sw_ids)


def test_as_of_borough_exports_a_clean_2026_27_year_to_date_return(tmp_path: Path) -> None:
    """The borough simulated up to a day in 2026-27: its 903 for the year so far, with 2025-26 as
    last year's return and the earlier years' episodes as history, validates under the 2026-27
    rules (picked from its dates) with zero errors and zero queries. The DoLo table is written
    with its columns and no rows (the case record holds no DoLOs); the 12-month-cohort rules are
    listed as not checked until 31 March.
    """
    from continuum.returns.ssda903.engine import YEAR_TO_DATE

    t = synth_tables_as_of()
    current = export_903(t, tmp_path / "2027", 2027, as_of=AS_OF)
    last = export_903(t, tmp_path / "2026", 2026, as_of=AS_OF)
    history = export_903_history(t, tmp_path / "2027", 2027, history_years(t, 2027))
    assert set(current) == set(TABLES)
    assert _rows(current["dolo"]) == [["CHILD", "DOB", "DOLO_START", "DOLO_END"]]
    episodes = parse_903(list(current.values())).current["episodes"].to_pylist()
    assert episodes
    assert max(max(e["decom"], e["dec"] or e["decom"]) for e in episodes) <= AS_OF
    report = validate_903(list(current.values()), previous=list(last.values()), history=history, as_of=AS_OF)
    assert {"700", "710"} <= set(report.rules)
    assert report.count(Severity.ERROR) == 0, report.summary_text()
    assert report.count(Severity.QUERY) == 0, report.summary_text()
    assert report.not_checked["191"] == YEAR_TO_DATE.format(day="30 Nov 2026")


def _leaver_contact(cid: str, on: date, in_touch: str, activ: str, accom: str) -> dict:
    return {
        "contact_id": f"{cid}-{on.isoformat()}",
        "la_child_id": cid,
        "care_leaver_id": f"{cid}-CL",
        "contact_date": on,
        "in_touch": in_touch,
        "activ": activ,
        "accom": accom,
        "staying_put": False,
    }


def care_leavers_by_hand() -> dict[str, pa.Table]:
    """Four care leavers in the year ending 31 March 2025; every one's latest status held is NO."""
    born = {
        "L1": date(2005, 6, 10),
        "L2": date(2004, 11, 30),
        "L3": date(2006, 2, 15),
        "L4": date(2004, 5, 1),
    }
    contacts = [
        _leaver_contact("L1", date(2024, 2, 1), "YES", "F1", "S1"),  # before the window (10 March)
        _leaver_contact("L1", date(2024, 4, 1), "YES", "F2", "S1"),  # in it, 70 days before
        _leaver_contact("L1", date(2024, 6, 20), "YES", "G4", "B2"),  # in it, 10 days after: nearest
        _leaver_contact("L1", date(2025, 1, 1), "NO", "0", "0"),  # the latest, long after
        _leaver_contact("L2", date(2024, 6, 1), "YES", "F1", "S1"),  # six months before: outside
        _leaver_contact("L3", date(2025, 2, 5), "YES", "P1", "C1"),  # 10 days before
        _leaver_contact("L3", date(2025, 2, 25), "YES", "F1", "D1"),  # 10 days after: the later wins
        _leaver_contact("L4", date(2024, 2, 1), "YES", "F4", "K1"),  # the window's first day
    ]
    return {
        "children": _table("children", [_child(cid, "F", dob) for cid, dob in born.items()]),
        "care_leavers": _table(
            "care_leavers",
            [
                {
                    "care_leaver_id": f"{cid}-CL",
                    "la_child_id": cid,
                    "left_care_date": date(dob.year + 18, 1, 1),
                    "eligibility_category": "FORMER_RELEVANT",
                    "in_touch": "NO",
                    "activ": "0",
                    "accom": "0",
                }
                for cid, dob in born.items()
            ],
        ),
        "care_leaver_contacts": _table("care_leaver_contacts", contacts),
    }


def test_oc3_is_the_status_nearest_the_birthday_in_the_indicators_window(tmp_path: Path) -> None:
    """The 2024-25 return, by hand, with the indicators' window (3 months before, 1 after): L1 (19 on
    10 June 2024) has the contact of 20 June, nearest in the window, not the latest held (NO); L2
    (20 on 30 November 2024) had no contact in the window, so the authority was not in touch: NO, 0,
    0; L3 (19 on 15 February 2025) has two contacts 10 days either side, and the later counts; L4
    (20 on 1 May 2024) was seen on the window's first day, 1 February 2024."""
    oc3 = _rows(export_903(care_leavers_by_hand(), tmp_path, 2025)["oc3"])[1:]
    assert oc3 == [
        ["L1", "10/06/2005", "YES", "G4", "B2"],
        ["L2", "30/11/2004", "NO", "0", "0"],
        ["L3", "15/02/2006", "YES", "F1", "D1"],
        ["L4", "01/05/2004", "YES", "F4", "K1"],
    ]
    # A wider window, passed as the indicators' setting is named, finds L2's June contact.
    wide = {"window_months_before": 6, "window_months_after": 1}
    oc3 = _rows(export_903(care_leavers_by_hand(), tmp_path / "wide", 2025, window=wide)["oc3"])[1:]
    assert oc3[1] == ["L2", "30/11/2004", "YES", "F1", "S1"]
    # Year to date: on 10 February 2025 L3's later contact has not happened yet.
    oc3 = _rows(export_903(care_leavers_by_hand(), tmp_path / "ytd", 2025, as_of=date(2025, 2, 10))["oc3"])[
        1:
    ]
    assert oc3[2] == ["L3", "15/02/2006", "YES", "P1", "C1"]


def test_oc3_holds_those_whose_17th_to_21st_birthday_falls_in_the_year(tmp_path: Path) -> None:
    """The 2024-25 return (1 April 2024 to 31 March 2025), by the birthday in the year, not the calendar
    year: 21 on 10 June 2024 is in (the calendar-year count made them 22 and left them out); 22 on
    1 March 2025 is out; 17 on 1 February 2025 is in; 17 only on 10 June 2025 is out."""
    born = {
        "A21": date(2003, 6, 10),
        "B22": date(2003, 3, 1),
        "C17": date(2008, 2, 1),
        "D16": date(2008, 6, 10),
    }
    tables = {
        "children": _table("children", [_child(cid, "M", dob) for cid, dob in born.items()]),
        "care_leavers": _table(
            "care_leavers",
            [
                {
                    "care_leaver_id": f"{cid}-CL",
                    "la_child_id": cid,
                    "left_care_date": date(2024, 1, 1),
                    "eligibility_category": "FORMER_RELEVANT",
                    "in_touch": "YES",
                    "activ": "F1",
                    "accom": "S1",
                }
                for cid in born
            ],
        ),
        "care_leaver_contacts": _table(
            "care_leaver_contacts",
            [_leaver_contact(cid, date(2024, 5, 1), "YES", "F1", "S1") for cid in born],
        ),
    }
    oc3 = _rows(export_903(tables, tmp_path, 2025)["oc3"])[1:]
    assert [row[0] for row in oc3] == ["A21", "C17"]
