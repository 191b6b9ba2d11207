"""Annex A as an inspector's tools read it: every cell worked out by hand.

The date is 31 March 2026 and the lists cover 12 months, so the period (and
"the last 12 months" of a column) runs from 1 April 2025, the day after the
same date a year earlier; "the last six months" from 1 October 2025. Checked:
the period window, Yes/No/Unknown cells, a)-k) sources, disability from the
record, "last seen" within the episode, a Case Status on every row, and the
columns filled from what Continuum holds (List 4 requiring support, List 5
counts and ICPC result, List 7 visits, seen alone, review conferences and
EPO, List 8 permanence plan and IRO contact, List 9 pathway plan review and
the personal adviser as worker, allocated team and worker).
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from continuum.returns.export.annex_a import LISTS_CSV, export_annex_a, period_start
from tests.metrics.builders import table

AT = date(2026, 3, 31)
D = date.fromisoformat


@pytest.mark.parametrize(
    ("at", "months", "start"),
    [
        (date(2026, 3, 31), 12, date(2025, 4, 1)),  # not 28 March 2025
        (date(2026, 3, 31), 6, date(2025, 10, 1)),  # 30 September is the latest day of that month
        (date(2025, 8, 31), 6, date(2025, 3, 1)),  # 28 February 2025, then the day after
        (date(2028, 2, 29), 12, date(2027, 3, 1)),
        (date(2026, 1, 15), 12, date(2025, 1, 16)),
        (date(2026, 12, 31), 12, date(2026, 1, 1)),
    ],
)
def test_period_start(at: date, months: int, start: date) -> None:
    assert period_start(at, months) == start


@cache
def tables() -> dict[str, pa.Table]:
    children = table(
        "children",
        {"la_child_id": "A1", "sex": "M", "disabilities": ["MOB"], "person_birth_date": "2012-01-01"},
        {"la_child_id": "A2", "disabilities": ["NONE"], "person_birth_date": "2013-01-01"},
        {"la_child_id": "A3", "disabilities": [], "person_birth_date": "2014-01-01"},  # none recorded
        {"la_child_id": "A4", "person_birth_date": "2015-01-01"},
        {"la_child_id": "A5", "person_birth_date": "2006-01-01"},
        {"la_child_id": "A6", "person_birth_date": "2011-01-01"},
        {"la_child_id": "A7", "person_birth_date": "2007-06-01"},
    )
    contacts = table(
        "contacts",
        *(
            {"contact_id": f"C{i}", "la_child_id": "A1", "contact_datetime": when, "contact_source": source}
            for i, (when, source) in enumerate(
                [
                    ("2025-03-31T23:00:00", "5D"),  # the day before the period
                    ("2025-04-01T09:00:00", "5D"),
                    ("2025-05-05T09:00:00", "1C"),
                    ("2025-10-01T09:00:00", "2B"),
                    ("2026-03-31T17:00:00", "10"),
                    ("2026-04-01T09:00:00", "6"),  # after the date
                ]
            )
        ),
    )
    referrals = table(
        "referrals",
        {
            "referral_id": "R0",
            "la_child_id": "A1",
            "cin_referral_date": "2025-03-31",
            "referral_source": "5D",
            "referral_nfa": True,
            "cin_closure_date": "2025-03-31",
            "reason_for_closure": "RC8",
        },
        {"referral_id": "R1", "la_child_id": "A1", "cin_referral_date": "2025-04-01", "referral_source": "6"},
        {
            "referral_id": "R2a",
            "la_child_id": "A2",
            "cin_referral_date": "2024-01-01",
            "cin_closure_date": "2025-04-20",
            "reason_for_closure": "RC7",
        },
        {
            "referral_id": "R2",
            "la_child_id": "A2",
            "cin_referral_date": "2025-05-01",
            "referral_source": "2B",
        },
        {
            "referral_id": "R3",
            "la_child_id": "A3",
            "cin_referral_date": "2025-06-01",
            "referral_source": "10",
        },
        {
            "referral_id": "R4",
            "la_child_id": "A4",
            "cin_referral_date": "2025-06-01",
            "referral_source": "1C",
            "cin_closure_date": "2025-07-15",
            "reason_for_closure": "RC8",
        },
    )
    assessments = table(
        "assessments",
        {
            "assessment_id": "AS1",
            "referral_id": "R1",
            "la_child_id": "A1",
            "assessment_actual_start_date": "2025-04-02",
            "assessment_authorisation_date": "2025-05-01",
            "child_seen": True,
            "requires_support": True,
        },
        {
            "assessment_id": "AS2",
            "referral_id": "R2",
            "la_child_id": "A2",
            "assessment_actual_start_date": "2025-05-02",
            "assessment_authorisation_date": "2025-06-01",
            "child_seen": False,
        },
        {
            "assessment_id": "AS3",
            "referral_id": "R3",
            "la_child_id": "A3",
            "assessment_actual_start_date": "2025-06-02",
            "assessment_authorisation_date": "2025-07-01",
        },
        {
            "assessment_id": "AS4",
            "referral_id": "R3",
            "la_child_id": "A3",
            "assessment_actual_start_date": "2026-03-01",
        },
        {
            "assessment_id": "AS5",
            "referral_id": "R4",
            "la_child_id": "A4",
            "assessment_actual_start_date": "2025-06-02",
            "assessment_authorisation_date": "2025-07-10",
        },
    )
    cin_plans = table(
        "cin_plans",
        {"cin_plan_id": "CP1", "referral_id": "R2", "la_child_id": "A2", "cin_plan_start_date": "2025-06-10"},
    )
    s47 = table(
        "s47",
        {
            "s47_id": "S0",
            "referral_id": "R0",
            "la_child_id": "A1",
            "s47_actual_start_date": "2025-03-20",
            "date_of_initial_cpc": "2025-04-03",
        },
        {
            "s47_id": "S1",
            "referral_id": "R1",
            "la_child_id": "A1",
            "strategy_discussion_date": "2025-04-30",
            "s47_actual_start_date": "2025-05-01",
            "date_of_initial_cpc": "2025-05-20",
        },
        {
            "s47_id": "S2",
            "referral_id": "R1",
            "la_child_id": "A1",
            "s47_actual_start_date": "2026-01-10",
            "icpc_not_required": True,
        },
        {
            "s47_id": "S3",
            "referral_id": "R2",
            "la_child_id": "A2",
            "s47_actual_start_date": "2025-08-01",
            "date_of_initial_cpc": "2025-08-20",
        },
        {
            "s47_id": "S4",
            "referral_id": "R3",
            "la_child_id": "A3",
            "s47_actual_start_date": "2025-09-01",
            "date_of_initial_cpc": "2026-04-10",  # after the date
        },
        {
            "s47_id": "S5",
            "referral_id": "R3",
            "la_child_id": "A3",
            "s47_actual_start_date": "2025-09-05",
            "date_of_initial_cpc": "2025-09-20",
        },
    )
    conferences = table(
        "conferences",
        {
            "conference_id": "K1",
            "referral_id": "R1",
            "la_child_id": "A1",
            "conference_type": "ICPC",
            "conference_date": "2025-05-20",
            "s47_id": "S1",
            "plan_outcome": False,
        },
        {
            "conference_id": "K2",
            "referral_id": "R2",
            "la_child_id": "A2",
            "conference_type": "RCPC",
            "conference_date": "2025-11-10",
            "cp_plan_id": "P1",
        },
        {
            "conference_id": "K3",  # no plan recorded: the plan of its episode open that day
            "referral_id": "R2",
            "la_child_id": "A2",
            "conference_type": "RCPC",
            "conference_date": "2026-01-20",
        },
    )
    cp_plans = table(
        "cp_plans",
        {
            "cp_plan_id": "P1",
            "referral_id": "R2",
            "la_child_id": "A2",
            "cpp_start_date": "2025-08-20",
            "cpp_end_date": "2026-02-01",
        },
        {"cp_plan_id": "P2", "referral_id": "R3", "la_child_id": "A3", "cpp_start_date": "2025-12-01"},
    )
    visits = table(
        "visits",
        *(
            {"visit_id": f"V{i}", "la_child_id": child, "visit_type": kind, "visit_date": on, **more}
            for i, (child, kind, on, more) in enumerate(
                [
                    ("A2", "CIN", "2025-04-15", {}),  # in R2a
                    ("A2", "CIN", "2025-06-01", {}),
                    ("A2", "CIN", "2025-07-01", {"seen": False}),
                    ("A2", "CP", "2025-08-25", {"seen_alone": True}),
                    ("A2", "CP", "2025-09-10", {"seen_alone": False}),
                    ("A2", "CP", "2026-02-15", {"seen_alone": True}),  # after P1 ended
                    ("A3", "CP", "2026-01-05", {}),  # seen alone not recorded
                ]
            )
        ),
    )
    cla_episodes = table(
        "cla_episodes",
        # A2: an EPO in August 2025, before the six months; A3: police protection in November.
        {
            "episode_id": "E20",
            "la_child_id": "A2",
            "period_of_care_id": "E20",
            "decom": "2025-08-10",
            "ls": "L2",
            "dec": "2025-08-18",
            "rec": "E4A",
        },
        {
            "episode_id": "E30",
            "la_child_id": "A3",
            "period_of_care_id": "E30",
            "decom": "2025-11-20",
            "ls": "L1",
            "dec": "2025-11-22",
            "rec": "E4A",
        },
        # A6: looked after from June 2025, long-term fostering planned at the move in September.
        {
            "episode_id": "E60",
            "la_child_id": "A6",
            "period_of_care_id": "E60",
            "decom": "2025-06-01",
            "dec": "2025-09-01",
            "rec": "X1",
        },
        {
            "episode_id": "E61",
            "la_child_id": "A6",
            "period_of_care_id": "E60",
            "decom": "2025-09-01",
            "rne": "P",
            "permanence_plan": "LONG_TERM_FOSTERING",
        },
    )
    reviews = table(
        "reviews",
        {
            "review_id": "V1",
            "la_child_id": "A6",
            "review_type": "CLA",
            "review": "2025-10-01",
            "review_code": "PN1",
        },
        {
            "review_id": "V2",
            "la_child_id": "A6",
            "review_type": "CLA",
            "review": "2026-02-01",
            "review_code": "PN6",
        },
    )
    missing = table(
        "missing",
        {
            "missing_id": "M1",
            "la_child_id": "A6",
            "missing": "M",
            "mis_start": "2025-07-01",
            "rhi_offered": True,
        },
        {"missing_id": "M2", "la_child_id": "A6", "missing": "M", "mis_start": "2025-12-01"},  # not recorded
    )
    care_leavers = table(
        "care_leavers",
        {
            "care_leaver_id": "L5",
            "la_child_id": "A5",
            "left_care_date": "2024-01-01",
            "latest_pathway_plan_review": "2026-02-10",
        },
        {
            "care_leaver_id": "L7",
            "la_child_id": "A7",
            "left_care_date": "2025-06-01",
            "latest_pathway_plan_review": "2026-05-01",  # after the date
        },
    )
    teams = table(
        "teams", {"team_id": "T1", "team_name": "Front door"}, {"team_id": "T2", "team_name": "Leaving care"}
    )
    workers = table(
        "workers",
        {"sw_id": "W1", "worker_name": "Sam Jones", "team_id": "T1"},
        {"sw_id": "W2", "worker_name": "Pat Adviser", "team_id": "T2", "role": "PA"},
        {"sw_id": "W3", "worker_name": "Kim Lee", "team_id": "T1"},
    )
    allocations = table(
        "allocations",
        {
            "allocation_id": "a1",
            "la_child_id": "A1",
            "sw_id": "W1",
            "team_id": "T1",
            "sw_decom": "2025-01-01",
        },
        {
            "allocation_id": "a2",
            "la_child_id": "A2",
            "sw_id": "W3",
            "team_id": "T1",
            "sw_decom": "2025-01-01",
            "sw_dec": "2025-12-01",  # ended before the date: no one holds the case on it
        },
        {
            "allocation_id": "a5",
            "la_child_id": "A5",
            "sw_id": "W1",
            "team_id": "T1",
            "sw_decom": "2024-01-01",
        },
        {
            "allocation_id": "a6",
            "la_child_id": "A5",
            "sw_id": "W2",
            "team_id": "T2",
            "sw_decom": "2024-01-01",
        },
        {
            "allocation_id": "a7",
            "la_child_id": "A7",
            "sw_id": "W3",
            "team_id": "T1",
            "sw_decom": "2025-06-01",
        },
    )
    return {name: t for name, t in locals().items() if isinstance(t, pa.Table)}


@cache
def sheets(tmp: str) -> dict[str, list[dict[str, object]]]:
    path, _ = export_annex_a(tables(), Path(tmp) / "annex_a.xlsx", AT, months=12)
    wb = load_workbook(path, read_only=True)
    out = {}
    for name in wb.sheetnames:
        head, *body = wb[name].iter_rows(values_only=True)
        body = [r + (None,) * (len(head) - len(r)) for r in body]  # read-only mode drops trailing blanks
        out[name] = [
            {h: (v.date() if hasattr(v, "date") else v) for h, v in zip(head, r, strict=True)} for r in body
        ]
    return out


def rows(tmp_path: Path, sheet: str, key: str = "Child Unique ID") -> dict[object, dict[str, object]]:
    got = sheets(str(tmp_path.parent))[sheet]
    return {r[key]: r for r in got} if key else got


def by(tmp_path: Path, sheet: str, column: str) -> list[tuple[object, ...]]:
    return [(r["Child Unique ID"], r[column]) for r in sheets(str(tmp_path.parent))[sheet]]


def test_list_1_period_and_sources(tmp_path: Path) -> None:
    assert [(r["Date of Contact"], r["Contact Source"]) for r in sheets(str(tmp_path.parent))["List 1"]] == [
        (D("2025-04-01"), "f) LA Services"),  # 5D: LA services (early help)
        (D("2025-05-05"), "a) Individual"),  # 1C
        (D("2025-10-01"), "c) Education Services"),  # 2B
        (D("2026-03-31"), "k) Unknown"),  # 10
    ]


def test_list_3_referrals(tmp_path: Path) -> None:
    got = sheets(str(tmp_path.parent))["List 3"]
    assert [
        (
            r["Child Unique ID"],
            r["Referral Source"],
            r["Referral NFA?"],
            r["Number of Referrals in Last 12 Months"],
            r["Allocated Team"],
            r["Allocated Worker"],
        )
        for r in got
    ] == [
        # R0 on 31 March 2025 is before the period, but within R1's 12 months.
        ("A1", "g) Police", "No", 2, "Front door", "Sam Jones"),
        ("A2", "c) Education Services", "No", 1, None, None),  # A2's allocation ended in December
        ("A3", "k) Unknown", "No", 1, None, None),
        ("A4", "a) Individual", "No", 1, None, None),
    ]


def test_disability_from_the_record(tmp_path: Path) -> None:
    assert by(tmp_path, "List 4", "Does the Child have a Disability") == [
        ("A1", "Yes"),  # MOB
        ("A2", "No"),  # NONE
        ("A3", "Unknown"),  # nothing recorded
        ("A4", "No"),
        ("A3", "Unknown"),
    ]


def test_list_4_assessments(tmp_path: Path) -> None:
    got = sheets(str(tmp_path.parent))["List 4"]
    seen, auth = "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation"
    support = "Was the child assessed as requiring LA children's social care support?"
    assert [(r["Child Unique ID"], r[seen], r[auth], r[support], r["Allocated Worker"]) for r in got] == [
        ("A1", "Yes", D("2025-05-01"), "Yes", "Sam Jones"),  # recorded
        ("A2", "No", D("2025-06-01"), "Yes", None),  # a CIN plan followed (10 June)
        ("A3", "Unknown", D("2025-07-01"), "Yes", None),  # care followed (police protection, November)
        ("A4", "Unknown", D("2025-07-10"), "No", None),  # nothing followed; closed RC8
        ("A3", "Unknown", None, None, None),  # still open: no answer yet
    ]


def test_list_5_section_47(tmp_path: Path) -> None:
    got = sheets(str(tmp_path.parent))["List 5"]
    result = "Did the Initial Child Protection Conference Result in a Child Protection Plan"
    assert [
        (
            r["Child Unique ID"],
            r["Strategy discussion initiating Section 47 Enquiry Start Date"],
            r["Was an Initial Child Protection Conference deemed unnecessary?"],
            r["Date of Initial Child Protection Conference"],
            r[result],
            r["Number of Section 47 Enquiries in the last 12 months"],
            r["Number of ICPCs in the last 12 months"],
            r["Does the Child have a Disability"],
            r["Allocated Team"],
        )
        for r in got
    ] == [
        # S0 (20 March 2025) is before the 12 months; its ICPC (3 April) is in them.
        (
            "A1",
            D("2025-04-30"),
            "No",
            D("2025-05-20"),
            "No",
            2,
            2,
            "Yes",
            "Front door",
        ),  # conference: no plan
        ("A2", D("2025-08-01"), "No", D("2025-08-20"), "Yes", 1, 1, "No", None),  # a plan started that day
        ("A3", D("2025-09-01"), "No", None, None, 2, 1, "Unknown", None),  # ICPC after the date
        ("A3", D("2025-09-05"), "No", D("2025-09-20"), "Unknown", 2, 1, "Unknown", None),
        ("A1", D("2026-01-10"), "Yes", None, None, 2, 2, "Yes", "Front door"),
    ]


def test_list_6_last_seen_in_the_episode_and_case_status(tmp_path: Path) -> None:
    got = sheets(str(tmp_path.parent))["List 6"]
    assert [
        (r["Child Unique ID"], r["CIN Start Date"], r["Date Child Was Last Seen"], r["Case Status"])
        for r in got
    ] == [
        ("A2", D("2024-01-01"), D("2025-04-15"), "e) Closed episode"),  # not 1 June: after it closed
        ("A1", D("2025-04-01"), None, "c) Child in need plan"),  # open, nothing else open: never blank
        ("A2", D("2025-05-01"), D("2026-02-15"), "c) Child in need plan"),  # a CP visit; CP plan ended
        ("A3", D("2025-06-01"), D("2026-01-05"), "b) Child Protection plan"),
        ("A4", D("2025-06-01"), None, "e) Closed episode"),
    ]


def test_list_7_child_protection(tmp_path: Path) -> None:
    got = rows(tmp_path, "List 7")
    epo = "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
    p1, p2 = got["A2"], got["A3"]
    assert (
        p1["Date of the Last Statutory Visit"],
        p1["Was the Child Seen Alone?"],
        p1["Date of latest review conference"],
        p1["Child Protection Plan End Date"],
        p1[epo],
    ) == (D("2025-09-10"), "No", D("2026-01-20"), D("2026-02-01"), "No")  # EPO in August: too early
    assert (
        p2["Date of the Last Statutory Visit"],
        p2["Was the Child Seen Alone?"],
        p2["Date of latest review conference"],
        p2[epo],
        p2["Does the Child have a Disability"],
    ) == (D("2026-01-05"), "Unknown", None, "Yes", "Unknown")


def test_list_8_permanence_plan_iro_and_return_interview(tmp_path: Path) -> None:
    a6 = rows(tmp_path, "List 8")["A6"]
    assert a6["What is the permanence plan for this child?"] == "f) Long-term fostering"
    assert a6["Date of Latest Statutory Review"] == D("2026-02-01")
    assert a6["Date of Last IRO Visit / Contact to the Child"] == D("2025-10-01")  # 1 Feb: did not attend
    # The latest missing episode's offer is not recorded: blank, not the earlier episode's "Yes".
    assert a6["Was the child offered a Return Interview after their last missing episode (Y/N)?"] is None
    assert a6["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == "No"
    assert rows(tmp_path, "List 8")["A2"]["What is the permanence plan for this child?"] is None


def test_list_9_pathway_plan_and_personal_adviser(tmp_path: Path) -> None:
    got = sheets(str(tmp_path.parent))["List 9"]
    assert [
        (
            r["Child Unique ID"],
            r["Latest Pathway Plan Review Date"],
            r["Allocated Team"],
            r["Allocated Worker"],
            r["Allocated Personal Advisor"],
        )
        for r in got
    ] == [
        ("A5", D("2026-02-10"), "Leaving care", "Pat Adviser", "Pat Adviser"),
        ("A7", None, "Front door", "Kim Lee", None),  # review after the date; no adviser yet
    ]


def allowed() -> dict[tuple[str, str], set[str]]:
    with LISTS_CSV.open(encoding="utf-8") as fh:
        return {
            (f"List {r['list'].split('_')[1]}", r["column"]): {c.strip() for c in r["codes"].split("|")}
            for r in csv.DictReader(fh)
            if r["type"] == "category"
        }


def assert_cells_in_lists(got: dict[str, list[dict[str, object]]]) -> None:
    """Every category cell is one of its list's codes (blank allowed), as a cleaner checks."""
    codes = allowed()
    bad = [
        (sheet, column, value)
        for sheet, body in got.items()
        for r in body
        for column, value in r.items()
        if (sheet, column) in codes and value is not None and str(value).strip() not in codes[(sheet, column)]
    ]
    assert not bad, bad[:10]
    assert not [r for r in got.get("List 6", []) if r["Case Status"] is None]


def test_every_category_cell_is_in_its_list(tmp_path: Path) -> None:
    assert_cells_in_lists(sheets(str(tmp_path.parent)))


def test_every_row_is_as_wide_as_its_headings(tmp_path: Path) -> None:
    # A tool reading the cells as written (an Annex A cleaner) saw rows with blank last columns
    # (no allocated worker) as ragged; the last cell is now written even when blank.
    path, _ = export_annex_a(tables(), tmp_path / "annex_a.xlsx", AT, months=12)
    book = load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        lines = list(sheet.iter_rows(values_only=True))
        if len(lines) > 1 and not str(lines[1][0]).startswith("Not filled"):
            assert {len(line) for line in lines} == {len(lines[0])}, sheet.title
