"""Known answers for looked-after children, care leavers and missing episodes (FY 2024-25
unless said; the period ends 31 March 2025)."""

from __future__ import annotations

import pyarrow as pa

from tests.metrics.builders import ids, run, table


def ep(
    eid: str,
    child: str,
    poc: str,
    decom: str,
    rne: str = "S",
    dec: str | None = None,
    rec: str | None = None,
    **kw: object,
) -> dict[str, object]:
    row = {
        "episode_id": eid,
        "la_child_id": child,
        "period_of_care_id": poc,
        "decom": decom,
        "rne": rne,
        "dec": dec,
        "rec": rec,
    }
    row.update(kw)
    return row


CHILDREN = table(
    "children",
    {"la_child_id": "L1", "person_birth_date": "2010-01-01"},
    {"la_child_id": "L2", "person_birth_date": "2012-05-01"},
    {"la_child_id": "L3", "person_birth_date": "2009-03-31"},  # 16 on 31 March 2025
    {"la_child_id": "L4", "person_birth_date": "2012-01-01"},
    {"la_child_id": "L5", "person_birth_date": "2013-01-01"},
    {"la_child_id": "L6", "person_birth_date": "2007-02-10"},  # 18 on 10 Feb 2025
    {"la_child_id": "L7", "person_birth_date": "2014-01-01"},
    {"la_child_id": "L8", "person_birth_date": "2014-01-01"},
    {"la_child_id": "L9", "person_birth_date": "2016-01-01"},
    {"la_child_id": "L10", "person_birth_date": "2015-01-01"},
    {"la_child_id": "L11", "person_birth_date": "2014-01-01"},
)
EPISODES = table(
    "cla_episodes",
    # L1: in care since 2021; moved (P) Jan 2022; legal status change only (L) June 2022 ->
    # the same placement since 1 Jan 2022. Stable; 1 placement in the year.
    ep("e1a", "L1", "e1a", "2021-01-01", dec="2022-01-01", rec="X1"),
    ep("e1b", "L1", "e1a", "2022-01-01", "P", dec="2022-06-01", rec="X1"),
    ep("e1c", "L1", "e1a", "2022-06-01", "L", ls="C2"),
    # L2: in care since 1 June 2022 (before 30 Sep 2022 -> 2.5 years); moved 1 June 2023
    # (after 31 Mar 2023 -> under 2 years in placement) -> not stable.
    ep("e2a", "L2", "e2a", "2022-06-01", dec="2023-06-01", rec="X1"),
    ep("e2b", "L2", "e2a", "2023-06-01", "P"),
    # L3: 16 on the period end -> outside the under-16 stability cohort; still looked after.
    ep("e3a", "L3", "e3a", "2020-01-01"),
    # L4: in care since Jan 2023 -> under 2.5 years, outside the stability cohort.
    ep("e4a", "L4", "e4a", "2023-01-01"),
    # L5: placed for adoption (A5) in Dec 2024 -> counts as stable.
    ep("e5a", "L5", "e5a", "2022-01-01", dec="2024-12-01", rec="X1"),
    ep("e5b", "L5", "e5a", "2024-12-01", "P", place="A5"),
    # L6: care ended on the 18th birthday, 10 Feb 2025 -> ceased, not looked after at the end.
    ep("e6a", "L6", "e6a", "2020-01-01", dec="2025-02-10", rec="E8"),
    # L7: short breaks only (V3) -> left out of everything.
    ep("e7a", "L7", "e7a", "2024-07-01", ls="V3"),
    # L8: started and ceased in the year.
    ep("e8a", "L8", "e8a", "2024-05-01", dec="2024-08-01", rec="E11"),
    # L9: started in the year, still looked after.
    ep("e9a", "L9", "e9a", "2024-06-01"),
    # L10: S, P, T (a move to the same carers is still a move), U -> 4 placements in the year.
    ep("e10a", "L10", "e10a", "2024-04-01", dec="2024-05-01", rec="X1"),
    ep("e10b", "L10", "e10a", "2024-05-01", "P", dec="2024-07-01", rec="X1"),
    ep("e10c", "L10", "e10a", "2024-07-01", "T", dec="2024-09-01", rec="X1"),
    ep("e10d", "L10", "e10a", "2024-09-01", "U"),
    # L11: the first placement ended on 1 April (the period's first day) -> not counted:
    # 2 placements in the year (P on 1 Apr, P on 1 Oct).
    ep("e11a", "L11", "e11a", "2023-01-01", dec="2024-04-01", rec="X1"),
    ep("e11b", "L11", "e11a", "2024-04-01", "P", dec="2024-10-01", rec="X1"),
    ep("e11c", "L11", "e11a", "2024-10-01", "P"),
)
TABLES = {"cla_episodes": EPISODES, "children": CHILDREN}


def test_cla_open_started_ceased() -> None:
    assert ids(run(TABLES, "cla_open", "2024-25"), "la_child_id") == [
        "L1",
        "L10",
        "L11",
        "L2",
        "L3",
        "L4",
        "L5",
        "L9",
    ]
    assert ids(run(TABLES, "cla_started", "2024-25")) == ["e10a", "e8a", "e9a"]
    assert ids(run(TABLES, "cla_ceased", "2024-25")) == ["e6a", "e8a"]


def test_cla_rate() -> None:
    # 8 children looked after at 31 March 2025 (as above); mid-2024 estimate of 1,000 a
    # year of age -> 18,000 -> 8 / 18,000 * 10,000 = 4.444... per 10,000.
    population = pa.table({"year": [2024] * 18, "age": list(range(18)), "population": [1000] * 18})
    r = run(TABLES, "cla_rate", "2024-25", population=population)
    assert (r.numerator, r.denominator, r.display) == (8, 18000, "4.4")


def test_child_turning_18_mid_period() -> None:
    # L6 was looked after at the end of January 2025 (aged 17), not at the end of February.
    assert "L6" in ids(run(TABLES, "cla_open", "2025-01"), "la_child_id")
    assert "L6" not in ids(run(TABLES, "cla_open", "2025-02"), "la_child_id")
    # On 31 January 2025 L6 is in the 16-17 band; the ceased row (10 Feb) is at 18.
    r = run(TABLES, "cla_open", "2025-01", breakdown="age_band")
    # L6 is 17; L3 is still 15 until 31 March 2025.
    assert {g["group"]: g["numerator"] for g in r.breakdown}["16-17"] == 1
    ceased = run(TABLES, "cla_ceased", "2025-02", breakdown="age_band")
    assert [(g["group"], g["numerator"]) for g in ceased.breakdown] == [("18+", 1)]


def test_three_or_more_placements() -> None:
    r = run(TABLES, "cla_3plus_placements", "2024-25")
    placements = {row["la_child_id"]: row["placements"] for row in r.rows.to_pylist()}
    assert placements == {"L1": 1, "L2": 1, "L3": 1, "L4": 1, "L5": 2, "L9": 1, "L10": 4, "L11": 2}
    assert (r.numerator, r.denominator, r.value) == (1, 8, 12.5)


def test_long_term_stability() -> None:
    r = run(TABLES, "cla_long_term_stability", "2024-25")
    # Cohort: under 16 at 31 Mar 2025 and in care since 30 Sep 2022 or earlier: L1, L2, L5.
    assert ids(r, "la_child_id") == ["L1", "L2", "L5"]
    assert ids(r, "la_child_id", where_num=True) == ["L1", "L5"]


def test_cla_reviews_on_time() -> None:
    episodes = table(
        "cla_episodes",
        ep("R1", "R1", "R1", "2024-06-03"),
        ep("R2", "R2", "R2", "2024-12-02"),
        ep("R3", "R3", "R3", "2025-03-17"),
        ep("R4", "R4", "R4", "2024-03-01", dec="2024-03-20", rec="E11"),
    )

    def review(child: str, day: str) -> dict[str, object]:
        return {"review_id": f"{child}-{day}", "la_child_id": child, "review_type": "CLA", "review": day}

    reviews = table(
        "reviews",
        # R1 from Mon 3 Jun 2024: 20 working days -> Mon 1 Jul; held 1 Jul (on time); next due
        # 1 Oct, held 25 Sep (on time); next due 25 Mar 2025, held 26 Mar -> late.
        review("R1", "2024-07-01"),
        review("R1", "2024-09-25"),
        review("R1", "2025-03-26"),
        # R2 from Mon 2 Dec 2024: Dec 3-6, 9-13, 16-20, 23, 24, [25, 26 bank holidays], 27, 30,
        # 31, [1 Jan], 2 Jan -> due Thu 2 Jan 2025; held that day -> on time.
        review("R2", "2025-01-02"),
        # R4's review after its care ended does not count anywhere.
        review("R4", "2024-04-10"),
    )
    r = run({"cla_episodes": episodes, "reviews": reviews}, "cla_reviews_on_time", "2024-25")
    # R3's first review is due in April 2025 -> none due; R4 ended before the year.
    assert ids(r, "la_child_id") == ["R1", "R2"]
    assert ids(r, "la_child_id", where_num=True) == ["R2"]
    due = {row["la_child_id"]: row["reviews_due"] for row in r.rows.to_pylist()}
    assert due == {"R1": 3, "R2": 1}


def test_cla_visits_on_time() -> None:
    episodes = table(
        "cla_episodes",
        ep("V1", "V1", "V1", "2024-01-01"),
        ep("V2", "V2", "V2", "2024-01-01"),
        ep("V3", "V3", "V3", "2024-04-25"),
        ep("V4a", "V4", "V4a", "2024-01-01", dec="2024-04-20", rec="X1"),
        ep("V4b", "V4", "V4a", "2024-04-20", "P"),
    )

    def visit(child: str, day: str) -> dict[str, object]:
        return {"visit_id": f"{child}-{day}", "la_child_id": child, "visit_type": "CLA", "visit_date": day}

    visits = table(
        "visits",
        visit("V1", "2024-03-19"),  # + 42 days = 30 April = period end -> on time
        visit("V2", "2024-03-18"),  # due 29 April -> overdue
        visit("V4", "2024-04-10"),  # before the new placement of 20 April: due 27 April -> overdue
    )
    r = run({"cla_episodes": episodes, "visits": visits}, "cla_visits_on_time", "2024-04")
    # V3: placed 25 April, first visit due within 7 days (2 May) -> on time.
    assert ids(r, "la_child_id", where_num=True) == ["V1", "V3"]
    assert (r.numerator, r.denominator) == (2, 4)


def test_missing_and_return_interviews() -> None:
    missing = table(
        "missing",
        {
            "missing_id": "mi1",
            "la_child_id": "a",
            "missing": "M",
            "mis_start": "2024-04-05",
            "mis_end": "2024-04-06",
            "mis_end_datetime": "2024-04-06T18:00",
            "rhi_offered": True,
            "rhi_offered_datetime": "2024-04-08T10:00",
        },
        {
            "missing_id": "mi2",
            "la_child_id": "b",
            "missing": "M",
            "mis_start": "2024-03-30",
            "mis_end": "2024-04-02",
            "rhi_offered": False,
        },
        {
            "missing_id": "mi3",
            "la_child_id": "c",
            "missing": "A",
            "mis_start": "2024-04-10",
            "mis_end": "2024-04-10",
            "rhi_offered": True,
        },
        {"missing_id": "mi4", "la_child_id": "d", "missing": "M", "mis_start": "2024-04-28"},
    )
    # Started in April and missing (not absent): mi1, mi4.
    assert ids(run({"missing": missing}, "missing_episodes", "2024-04")) == ["mi1", "mi4"]
    # Ended in April and missing: mi1 (offered), mi2 (not) -> 1/2.
    r = run({"missing": missing}, "rhi_offered_72h", "2024-04")
    assert (r.numerator, r.denominator) == (1, 2)
    assert any("72 hours" in n for n in r.notes)


# Care leavers at their 19th-21st birthday: tests/metrics/test_dfe_alignment.py (the window's edges).
