"""Annex A Lists 2, 6, 8 and 9 from hand-built tables, every cell worked out by hand.

The inspection date is 31 March 2025 and the lists cover 12 months, so the
period starts on 1 April 2024 (the day after the same date a year earlier) and
"the last 12 months" of List 8 starts on the same day. Ages are on the
inspection date.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pyarrow as pa
from openpyxl import load_workbook

from continuum.returns.export.annex_a import export_annex_a
from tests.metrics.builders import table

AT = date(2025, 3, 31)
D = date.fromisoformat


@cache
def tables() -> dict[str, pa.Table]:
    children = table(
        "children",
        {
            "la_child_id": "K1",
            "sex": "F",
            "person_birth_date": "2010-06-15",
            "uasc": True,
            "duc": "2024-10-01",
        },
        {
            "la_child_id": "K2",
            "sex": "M",
            "ethnicity": "BAFR",
            "disabilities": ["MOB"],
            "person_birth_date": "2007-01-20",
        },
        {"la_child_id": "K3", "person_birth_date": "2012-04-01"},
        {
            "la_child_id": "K4",
            "sex": "M",
            "ethnicity": "REFU",
            "person_birth_date": "2005-05-05",
            "uasc": True,
        },
        {"la_child_id": "K5", "person_birth_date": "2003-01-01"},
        {"la_child_id": "K6", "person_birth_date": "2006-02-02"},
    )
    early_help = table(
        "early_help",
        {"la_child_id": "K3", "eha_start_date": "2024-05-01", "lead_professional_agency": "School"},
        {
            "la_child_id": "K3",
            "eha_start_date": "2023-12-01",
            "eha_end_date": "2024-03-01",
        },  # before the period
    )
    referrals = table(
        "referrals",
        {
            "referral_id": "R1",
            "la_child_id": "K1",
            "cin_referral_date": "2024-06-01",
            "primary_need_code": "N1",
        },
        {
            "referral_id": "R2",
            "la_child_id": "K2",
            "cin_referral_date": "2023-09-01",
            "primary_need_code": "N4",
            "cin_closure_date": "2024-05-01",
            "reason_for_closure": "RC8",
        },
        {
            "referral_id": "R3",
            "la_child_id": "K3",
            "cin_referral_date": "2024-08-01",
            "referral_nfa": True,
            "cin_closure_date": "2024-08-01",
            "reason_for_closure": "RC8",
        },  # NFA: not a child in need
        {
            "referral_id": "R4",
            "la_child_id": "K3",
            "cin_referral_date": "2023-01-01",
            "cin_closure_date": "2024-01-01",
            "reason_for_closure": "RC7",
        },  # closed before the period
        {"referral_id": "R5", "la_child_id": "K2", "cin_referral_date": "2025-01-10"},
    )
    cp_plans = table("cp_plans", {"referral_id": "R1", "la_child_id": "K1", "cpp_start_date": "2024-07-01"})
    visits = table(
        "visits",
        {"la_child_id": "K1", "visit_type": "CP", "visit_date": "2025-02-10"},
        {"la_child_id": "K1", "visit_type": "CP", "visit_date": "2025-03-20", "seen": False},
        {"la_child_id": "K1", "visit_type": "CP", "visit_date": "2025-04-02"},  # after the date
        {"la_child_id": "K2", "visit_type": "CLA", "visit_date": "2025-03-10", "seen": False},
        {"la_child_id": "K4", "visit_type": "CARE_LEAVER", "visit_date": "2025-03-01"},
    )
    cla_episodes = table(
        "cla_episodes",
        # K2: one period of care from 1 Nov 2024: S20, then an interim care order, then a move.
        {
            "episode_id": "e1",
            "la_child_id": "K2",
            "period_of_care_id": "e1",
            "decom": "2024-11-01",
            "rne": "S",
            "ls": "V2",
            "cin": "N4",
            "place": "U1",
            "place_provider": "PR1",
            "dec": "2025-01-15",
            "rec": "X1",
        },
        {
            "episode_id": "e2",
            "la_child_id": "K2",
            "period_of_care_id": "e1",
            "decom": "2025-01-15",
            "rne": "L",
            "ls": "C1",
            "cin": "N4",
            "place": "U1",
            "place_provider": "PR1",
            "dec": "2025-02-20",
            "rec": "X1",
        },
        {
            "episode_id": "e3",
            "la_child_id": "K2",
            "period_of_care_id": "e1",
            "decom": "2025-02-20",
            "rne": "P",
            "ls": "C1",
            "cin": "N4",
            "place": "K2",
            "place_provider": "PR4",
            "pl_post": "ZZ9 9ZZ",
            "urn": "SC999999",
            "placement_location": "OUT",
        },
        # K1: a period that ended on 1 May 2024, and a second one that ended on 1 March 2025.
        {
            "episode_id": "e4",
            "la_child_id": "K1",
            "period_of_care_id": "e4",
            "decom": "2023-05-01",
            "rne": "S",
            "ls": "V2",
            "place": "U4",
            "dec": "2024-05-01",
            "rec": "E4A",
        },
        {
            "episode_id": "e5",
            "la_child_id": "K1",
            "period_of_care_id": "e5",
            "decom": "2024-09-01",
            "rne": "S",
            "ls": "C2",
            "place": "U1",
            "dec": "2025-03-01",
            "rec": "E13",
        },
        # K3: one period before the lists' 12 months, one starting after the date.
        {
            "episode_id": "e6",
            "la_child_id": "K3",
            "period_of_care_id": "e6",
            "decom": "2023-01-01",
            "rne": "S",
            "dec": "2024-02-01",
            "rec": "E8",
        },
        {
            "episode_id": "e7",
            "la_child_id": "K3",
            "period_of_care_id": "e7",
            "decom": "2025-04-05",
            "rne": "S",
        },
    )
    reviews = table(
        "reviews",
        {"la_child_id": "K2", "review_type": "CLA", "review": "2025-02-01"},
        {"la_child_id": "K2", "review_type": "CLA", "review": "2025-05-01"},
        {"la_child_id": "K2", "review_type": "CIN", "review": "2025-03-01"},
    )
    health = table(
        "health_assessments",
        {
            "la_child_id": "K2",
            "episode_id": "e1",
            "health_assessment_date": "2024-12-01",
            "health_assessment_type": "INITIAL",
        },
    )
    dental = table(
        "dental_checks", {"la_child_id": "K2", "episode_id": "e2", "dental_check_date": "2025-01-20"}
    )
    missing = table(
        "missing",
        {
            "la_child_id": "K2",
            "missing": "M",
            "mis_start": "2024-12-01",
            "rhi_offered": True,
            "rhi_accepted": False,
        },
        {
            "la_child_id": "K2",
            "missing": "M",
            "mis_start": "2025-02-01",
            "rhi_offered": True,
            "rhi_accepted": True,
        },
        {"la_child_id": "K2", "missing": "A", "mis_start": "2025-01-05"},
        {"la_child_id": "K2", "missing": "M", "mis_start": "2024-02-01"},  # more than 12 months before
    )
    care_leavers = table(
        "care_leavers",
        {
            "la_child_id": "K4",
            "left_care_date": "2023-05-04",
            "duty_end_date": "2026-05-05",
            "in_touch": "YES",
            "accom": "Z1",
            "activ": "F3",
            "latest_contact_date": "2025-01-10",
        },
        {
            "la_child_id": "K5",
            "left_care_date": "2021-01-01",
            "duty_end_date": "2024-01-01",
            "in_touch": "YES",
        },
        {
            "la_child_id": "K6",
            "left_care_date": "2024-02-02",
            "eligibility_category": "RELEVANT",
            "in_touch": "NREQ",
        },
    )
    teams = table(
        "teams",
        {"team_id": "T1", "team_name": "Assessment team"},
        {"team_id": "T2", "team_name": "Leaving care team"},
    )
    workers = table(
        "workers",
        {"sw_id": "W1", "worker_name": "Sam Jones", "team_id": "T1"},
        {"sw_id": "W2", "worker_name": "Old Worker", "team_id": "T1"},
        {"sw_id": "W3", "worker_name": "Pat Adviser", "team_id": "T2", "role": "PA"},
    )
    allocations = table(
        "allocations",
        {
            "la_child_id": "K1",
            "sw_id": "W2",
            "team_id": "T1",
            "sw_decom": "2023-01-01",
            "sw_dec": "2024-06-01",
        },
        {"la_child_id": "K1", "sw_id": "W1", "team_id": "T1", "sw_decom": "2024-06-01"},
        {"la_child_id": "K4", "sw_id": "W1", "team_id": "T1", "sw_decom": "2024-01-01"},
        {"la_child_id": "K4", "sw_id": "W3", "team_id": "T2", "sw_decom": "2024-01-01"},
    )
    return {
        "children": children,
        "early_help": early_help,
        "referrals": referrals,
        "cp_plans": cp_plans,
        "visits": visits,
        "cla_episodes": cla_episodes,
        "reviews": reviews,
        "health_assessments": health,
        "dental_checks": dental,
        "missing": missing,
        "care_leavers": care_leavers,
        "teams": teams,
        "workers": workers,
        "allocations": allocations,
    }


@cache
def sheets(tmp: str) -> dict[str, list[tuple]]:
    path, _ = export_annex_a(tables(), Path(tmp) / "annex_a.xlsx", AT, months=12)
    wb = load_workbook(path, read_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}


def rows(tmp_path: Path, sheet: str) -> list[dict[str, object]]:
    got = sheets(str(tmp_path.parent))
    head, *body = got[sheet]
    body = [r + (None,) * (len(head) - len(r)) for r in body]  # read-only mode drops trailing blanks
    return [{h: (v.date() if hasattr(v, "date") else v) for h, v in zip(head, r, strict=True)} for r in body]


def test_list_2_early_help_assessments(tmp_path: Path) -> None:
    assert rows(tmp_path, "List 2") == [
        {
            "Child Unique ID": "K3",
            "Gender": "b) Female",
            "Ethnicity": "a) White",
            "Date of Birth": D("2012-04-01"),
            "Age of Child (Years)": 12,
            "Assessment start date": D("2024-05-01"),
            "Assessment completion date": None,
            "Organisation completing assessment": "School",
        }
    ]


def test_list_6_children_in_need(tmp_path: Path) -> None:
    got = rows(tmp_path, "List 6")
    assert [r["Child Unique ID"] for r in got] == ["K2", "K1", "K2"]  # R2, R1, R5 by start date
    closed, cp, looked_after = got
    assert closed == {
        "Child Unique ID": "K2",
        "Gender": "a) Male",
        "Ethnicity": "d) Black or black British",
        "Date of Birth": D("2007-01-20"),
        "Age of Child (Years)": 18,
        "Does the Child have a Disability": "Yes",
        "CIN Start Date": D("2023-09-01"),
        "Primary Need Code": "d) Family in acute stress",
        "Date Child Was Last Seen": None,
        "CIN Closure Date": D("2024-05-01"),
        "Reason for Closure": "h) Child not in need after assessment",
        "Case Status": "e) Closed episode",
        "Allocated Team": None,
        "Allocated Worker": None,
    }
    assert cp["Case Status"] == "b) Child Protection plan"
    assert cp["Primary Need Code"] == "a) Abuse or neglect"
    assert cp["Date Child Was Last Seen"] == D("2025-02-10")  # 20 March: not seen; 2 April: after the date
    assert (cp["CIN Closure Date"], cp["Reason for Closure"]) == (None, None)
    assert (cp["Allocated Team"], cp["Allocated Worker"]) == ("Assessment team", "Sam Jones")
    assert (cp["Age of Child (Years)"], cp["Does the Child have a Disability"]) == (14, "No")
    assert looked_after["Case Status"] == "a) Looked after child"
    assert looked_after["Primary Need Code"] == "j) Not stated"


def test_list_8_children_looked_after(tmp_path: Path) -> None:
    got = rows(tmp_path, "List 8")
    assert [r["Child Unique ID"] for r in got] == ["K1", "K2"]  # by date started: 1 Sep, 1 Nov 2024
    k1, k2 = got
    second = (
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
    )
    missing = "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"
    absent = "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"
    assert k2 == {
        "Child Unique ID": "K2",
        "Gender": "a) Male",
        "Ethnicity": "d) Black or black British",
        "Date of Birth": D("2007-01-20"),
        "Age of Child (Years)": 18,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "No",
        "Does the Child have a Disability": "Yes",
        "Date Started to be Looked After": D("2024-11-01"),
        "Child's Category of Need": "d) Family in acute stress",
        second: "No",
        "Start date of current legal status": D("2025-01-15"),  # the interim care order (e2), kept in e3
        "Child's Legal Status": "a) Interim care orders",
        "Date of Latest Statutory Review": D("2025-02-01"),
        "Date of Last Social Work Visit": D("2025-03-10"),
        "What is the permanence plan for this child?": None,
        "Date of Last IRO Visit / Contact to the Child": None,
        "Date of Last Health Assessment": D("2024-12-01"),
        "Date of Last Dental Check": D("2025-01-20"),
        # U1 from 1 Nov (e1; e2 only changed the legal status), K2 from 20 Feb (e3).
        "Number of Placements in the Last 12 months": 2,
        "Date Ceased to be Looked After": None,
        "Reason Ceased to be Looked After": None,
        "Start Date of Most Recent Placement": D("2025-02-20"),
        "Placement Type": "h) Children’s Homes",
        "Placement Provider": "b) Private",
        "Placement postcode": "ZZ9 9ZZ",
        "URN of Placement": "SC999999",
        "Placement Location": "b) Out",
        "LA of Placement": None,
        missing: 2,  # 1 Dec 2024 and 1 Feb 2025; 1 Feb 2024 is more than 12 months before
        absent: 1,
        "Was the child offered a Return Interview after their last missing episode (Y/N)?": "Yes",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": "Yes",
        "Allocated Team": None,
        "Allocated Worker": None,
    }
    uasc = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
    assert k1[uasc] == "Yes"  # UASC status ceased on 1 Oct 2024, within the 12 months
    assert k1[second] == "Yes"  # the period that ended on 1 May 2024 is within the 12 months
    assert k1["Date Started to be Looked After"] == D("2024-09-01")
    assert k1["Number of Placements in the Last 12 months"] == 2  # U4 (open on 31 Mar 2024) and U1
    assert k1["Date Ceased to be Looked After"] == D("2025-03-01")
    assert k1["Reason Ceased to be Looked After"] == (
        "e) Left care to live with parents, relatives or other person with no parental responsibility"
    )
    assert (k1["Child's Legal Status"], k1["Placement Type"]) == (
        "b) Full care orders",
        "a) Foster placement",
    )
    assert k1[missing] == 0
    assert k1["Was the child offered a Return Interview after their last missing episode (Y/N)?"] is None


def test_list_9_care_leavers(tmp_path: Path) -> None:
    got = rows(tmp_path, "List 9")
    assert [r["Child Unique ID"] for r in got] == ["K4", "K6"]  # K5's duty ended before the period
    k4, k6 = got
    assert k4 == {
        "Child Unique ID": "K4",
        "Gender": "a) Male",
        "Ethnicity": "f) Not stated",
        "Date of Birth": D("2005-05-05"),
        "Age of Child (Years)": 19,
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": "Yes",
        "Does the Child have a Disability": "No",
        # A care leaver's worker is their personal adviser, in the adviser's team.
        "Allocated Team": "Leaving care team",
        "Allocated Worker": "Pat Adviser",
        "Allocated Personal Advisor": "Pat Adviser",
        "Eligibility Category": "b) Former relevant",
        "Latest Pathway Plan Review Date": None,
        "LA in Touch": "a) In touch",
        "Latest Date of Contact": D("2025-03-01"),  # the visit, later than the recorded contact
        "Type of Accommodation": "o) With Former Foster Carer",
        "Suitability of Accommodation": "a) Suitable",
        "Activity Status": "F3: Full time in training or employment",
    }
    assert (k6["Eligibility Category"], k6["LA in Touch"], k6["Suitability of Accommodation"]) == (
        "a) Relevant",
        "d) Exclude",
        "d) Exclude",
    )
    assert (k6["Type of Accommodation"], k6["Activity Status"], k6["Allocated Worker"]) == (None, None, None)
