"""Known answers for PEPs, health assessments, dental checks and return home interviews.

Financial year 2024-25 unless said: the period ends on Monday 31 March 2025.
"""

from __future__ import annotations

from datetime import datetime

from tests.metrics.builders import ids, rules_with, run, table


def ep(
    eid: str, child: str, decom: str, dec: str | None = None, poc: str | None = None, **kw: object
) -> dict:
    return {
        "episode_id": eid,
        "la_child_id": child,
        "period_of_care_id": poc or eid,
        "decom": decom,
        "dec": dec,
        **kw,
    }


CHILDREN = table(
    "children",
    {"la_child_id": "p5", "person_birth_date": "2020-03-31"},  # 5 on 31 March 2025
    {"la_child_id": "p4", "person_birth_date": "2020-04-01"},  # 4 (5 the next day): no PEP cohort
    {"la_child_id": "p16", "person_birth_date": "2008-04-01"},  # 16 (17 the next day)
    {"la_child_id": "p17", "person_birth_date": "2008-03-31"},  # 17 on the day: out
    {"la_child_id": "new", "person_birth_date": "2015-01-01"},  # came into care recently
    {"la_child_id": "new2", "person_birth_date": "2015-01-01"},
    {"la_child_id": "left18", "person_birth_date": "2007-02-10"},  # left care at 18 in February
    {"la_child_id": "brk", "person_birth_date": "2015-01-01"},  # short breaks only (V3)
    {"la_child_id": "nodob"},  # no birth date: left out of every age rule
)
EPISODES = table(
    "cla_episodes",
    ep("e5", "p5", "2022-01-01"),
    ep("e4", "p4", "2022-01-01"),
    ep("e16", "p16", "2022-01-01"),
    ep("e17", "p17", "2022-01-01"),
    # Came into care on Wednesday 26 February 2025: 23 working days to 31 March -> in the cohort.
    ep("enew", "new", "2025-02-26"),
    # Came into care on Tuesday 4 March 2025: 19 working days -> first PEP not yet due.
    ep("enew2", "new2", "2025-03-04"),
    ep("e18", "left18", "2020-01-01", dec="2025-02-10", rec="E11"),
    ep("ebrk", "brk", "2022-01-01", ls="V3"),
    ep("enodob", "nodob", "2022-01-01"),
)
PEPS = table(
    "peps",
    # Due again 6 months later; the due day itself is in time.
    {"pep_id": "pe5", "la_child_id": "p5", "episode_id": "e5", "pep_date": "2024-09-30"},  # due 30 Mar: late
    {"pep_id": "pe16", "la_child_id": "p16", "episode_id": "e16", "pep_date": "2024-10-01"},  # due 1 Apr
    {"pep_id": "pe17", "la_child_id": "p17", "episode_id": "e17", "pep_date": "2025-01-01"},
    {"pep_id": "pe18", "la_child_id": "left18", "episode_id": "e18", "pep_date": "2025-01-01"},
    # A PEP after the period end does not make the child up to date at it.
    {"pep_id": "pelate", "la_child_id": "new", "episode_id": "enew", "pep_date": "2025-04-01"},
)


def test_peps_for_children_aged_5_to_16() -> None:
    r = run({"children": CHILDREN, "cla_episodes": EPISODES, "peps": PEPS}, "pep_up_to_date", "2024-25")
    # Cohort: p5 (5 that day), p16, new (23 working days in care). Not p4, p17, new2, left18, brk, nodob.
    assert ids(r, "la_child_id") == ["new", "p16", "p5"]
    assert ids(r, "la_child_id", where_num=True) == ["p16"]
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.rag == "R"


def test_the_first_pep_clock_counts_working_days_over_easter() -> None:
    # To Wednesday 30 April 2025: from Monday 31 March, 20 working days have passed (Good Friday
    # 18 April and Easter Monday 21 April are bank holidays), so the first PEP is not yet overdue;
    # from Friday 28 March, 21 -> overdue, and missing.
    children = table(
        "children",
        {"la_child_id": "x", "person_birth_date": "2014-01-01"},
        {"la_child_id": "y", "person_birth_date": "2014-01-01"},
    )
    episodes = table("cla_episodes", ep("ex", "x", "2025-03-31"), ep("ey", "y", "2025-03-28"))
    r = run(
        {"children": children, "cla_episodes": episodes, "peps": table("peps")}, "pep_up_to_date", "2025-04"
    )
    assert ids(r, "la_child_id") == ["y"]
    assert (r.numerator, r.denominator) == (0, 1)


HEALTH_CHILDREN = table(
    "children",
    {"la_child_id": "h1", "person_birth_date": "2015-01-01"},
    {"la_child_id": "h2", "person_birth_date": "2015-01-01"},
    {"la_child_id": "h3", "person_birth_date": "2020-10-01"},  # 4: six-monthly
    {"la_child_id": "h4", "person_birth_date": "2020-03-31"},  # 5 on the day: yearly again
    {"la_child_id": "h5", "person_birth_date": "2015-01-01"},  # in care since 1 April 2024
    {"la_child_id": "h6", "person_birth_date": "2015-01-01"},  # in care since 2 April 2024: out
    {"la_child_id": "h7", "person_birth_date": "2015-01-01"},  # moved placement: same period of care
    {"la_child_id": "h8", "person_birth_date": "2015-01-01"},  # never assessed
)
HEALTH_EPISODES = table(
    "cla_episodes",
    ep("f1", "h1", "2020-01-01"),
    ep("f2", "h2", "2020-01-01"),
    ep("f3", "h3", "2021-01-01"),
    ep("f4", "h4", "2021-01-01"),
    ep("f5", "h5", "2024-04-01"),
    ep("f6", "h6", "2024-04-02"),
    ep("f7a", "h7", "2023-06-01", dec="2024-12-01", rec="X1"),
    ep("f7b", "h7", "2024-12-01", poc="f7a", rne="P"),
    ep("f8", "h8", "2022-01-01"),
)
HEALTH = table(
    "health_assessments",
    *(
        {
            "health_assessment_id": hid,
            "la_child_id": child,
            "episode_id": e,
            "health_assessment_date": d,
            "health_assessment_type": "REVIEW",
        }
        for hid, child, e, d in (
            ("a1", "h1", "f1", "2024-03-31"),  # due 31 March 2025: in time
            ("a2", "h2", "f2", "2024-03-30"),  # due 30 March: late
            ("a3", "h3", "f3", "2024-10-01"),  # under 5: due 1 April 2025
            ("a4", "h4", "f4", "2024-04-01"),  # 5 now: yearly, due 1 April 2025
            ("a5", "h5", "f5", "2024-04-20"),
            ("a6", "h6", "f6", "2024-04-20"),
            ("a7", "h7", "f7b", "2025-01-10"),
            ("a2old", "h2", "f2", "2023-03-30"),
        )
    ),
)


def test_health_assessments_for_children_in_care_12_months() -> None:
    tables = {"children": HEALTH_CHILDREN, "cla_episodes": HEALTH_EPISODES, "health_assessments": HEALTH}
    r = run(tables, "health_assessment_up_to_date", "2024-25")
    assert ids(r, "la_child_id") == ["h1", "h2", "h3", "h4", "h5", "h7", "h8"]  # not h6
    assert ids(r, "la_child_id", where_num=True) == ["h1", "h3", "h4", "h5", "h7"]
    assert (r.numerator, r.denominator) == (5, 7)
    # A month earlier (28 February 2025): h3's 1 October assessment is still in time (due 1 April);
    # h2 is in time (due 30 March); h5 has not yet been in care 12 months; h4 is still 4, so its
    # April 2024 assessment was due again in October: overdue until the fifth birthday.
    feb = run(tables, "health_assessment_up_to_date", "2025-02")
    assert "h5" not in ids(feb, "la_child_id")
    assert ids(feb, "la_child_id", where_num=True) == ["h1", "h2", "h3", "h7"]


def test_under_5_health_assessments_are_six_monthly() -> None:
    tables = {"children": HEALTH_CHILDREN, "cla_episodes": HEALTH_EPISODES, "health_assessments": HEALTH}
    # h3's assessment on 1 October 2024 is due on 1 April 2025 and late on 2 April: at the end of
    # April it is overdue, although a child over 5 would still be in time.
    r = run(tables, "health_assessment_up_to_date", "2025-04")
    assert "h3" in ids(r, "la_child_id", where_num=False)
    assert "h1" in ids(r, "la_child_id", where_num=False)  # 31 March 2024 + 12 months < 30 April


def test_dental_checks_in_the_last_12_months() -> None:
    dental = table(
        "dental_checks",
        {"dental_check_id": "d1", "la_child_id": "h1", "episode_id": "f1", "dental_check_date": "2024-03-31"},
        {"dental_check_id": "d2", "la_child_id": "h2", "episode_id": "f2", "dental_check_date": "2024-03-30"},
        {"dental_check_id": "d3", "la_child_id": "h3", "episode_id": "f3", "dental_check_date": "2024-10-01"},
        {"dental_check_id": "d9", "la_child_id": "h4", "episode_id": "f4", "dental_check_date": "2025-04-02"},
    )
    tables = {"children": HEALTH_CHILDREN, "cla_episodes": HEALTH_EPISODES, "dental_checks": dental}
    r = run(tables, "dental_up_to_date", "2024-25")
    assert ids(r, "la_child_id", where_num=True) == ["h1", "h3"]  # under-5s are yearly for teeth too
    assert (r.numerator, r.denominator) == (2, 7)


def test_no_dental_data_is_no_data_not_zero() -> None:
    r = run({"children": HEALTH_CHILDREN, "cla_episodes": HEALTH_EPISODES}, "dental_up_to_date", "2024-25")
    assert r.status == "no_data"
    assert r.value is None


MISSING = table(
    "missing",
    *(
        {
            "missing_id": mid,
            "la_child_id": "m",
            "missing": kind,
            "mis_start": start,
            "mis_end": end,
            "mis_end_datetime": back,
            "rhi_offered": offered is not None or flag,
            "rhi_offered_datetime": offered,
        }
        for mid, kind, start, end, back, offered, flag in (
            # Back Thursday 17 April 2025 at 21:30, before Easter; offered Sunday 20 April 21:30
            # (exactly 72 hours; the bank holidays do not stop the clock).
            ("r1", "M", "2025-04-16", "2025-04-17", "2025-04-17T21:30", "2025-04-20T21:30", False),
            # Offered on Easter Monday 21 April at 09:00: 83.5 hours -> late.
            ("r2", "M", "2025-04-16", "2025-04-17", "2025-04-17T21:30", "2025-04-21T09:00", False),
            # Recorded as offered, but with no time: not counted as within 72 hours.
            ("r3", "M", "2025-04-20", "2025-04-22", "2025-04-22T08:00", None, True),
            # No time of return (dates only): the clock starts at the start of the day.
            ("r4", "M", "2025-04-24", "2025-04-25", None, "2025-04-28T00:00", False),
            ("r5", "M", "2025-04-24", "2025-04-25", None, "2025-04-28T00:01", False),
            # Absent, not missing: left out.
            ("r6", "A", "2025-04-02", "2025-04-02", "2025-04-02T23:00", "2025-04-03T10:00", False),
            # Returned on 30 April at 23:00 and offered on 3 May: counted in April (the month it ended).
            ("r7", "M", "2025-04-29", "2025-04-30", "2025-04-30T23:00", "2025-05-03T10:00", False),
            # Still missing: not in the denominator.
            ("r8", "M", "2025-04-29", None, None, None, False),
        )
    ),
)


def test_rhi_offered_within_72_hours_of_return() -> None:
    r = run({"missing": MISSING}, "rhi_offered_72h", "2025-04")
    assert ids(r) == ["r1", "r2", "r3", "r4", "r5", "r7"]
    assert ids(r, where_num=True) == ["r1", "r4", "r7"]
    assert (r.numerator, r.denominator) == (3, 6)


def test_the_72_hours_is_the_councils_timescale_rule() -> None:
    r = run({"missing": MISSING}, "rhi_offered_72h", "2025-04", rules=rules_with("rhi_offer", interval=96))
    assert ids(r, where_num=True) == ["r1", "r2", "r4", "r5", "r7"]


def test_the_72_hours_are_real_hours_across_a_change_of_the_clocks() -> None:
    # Back Friday 25 October 2024 at 12:00 BST; the clocks go back at 02:00 on Sunday 27 October,
    # so 72 hours later is Monday 28 October at 11:00 GMT. Offered at 11:00: in time; at 11:30: late.
    # Back Friday 28 March 2025 at 12:00 GMT; the clocks go forward on Sunday 30 March, so 72
    # hours later is Monday 31 March at 13:00 BST: an offer at 12:30 is in time.
    missing = table(
        "missing",
        *(
            {
                "missing_id": mid,
                "la_child_id": "m",
                "missing": "M",
                "mis_start": start,
                "mis_end": end,
                "mis_end_datetime": back,
                "rhi_offered": True,
                "rhi_offered_datetime": offered,
            }
            for mid, start, end, back, offered in (
                ("o1", "2024-10-24", "2024-10-25", "2024-10-25T12:00", "2024-10-28T11:00"),
                ("o2", "2024-10-24", "2024-10-25", "2024-10-25T12:00", "2024-10-28T11:30"),
                ("s1", "2025-03-27", "2025-03-28", "2025-03-28T12:00", "2025-03-31T12:30"),
                ("s2", "2025-03-27", "2025-03-28", "2025-03-28T12:00", "2025-03-31T13:01"),
            )
        ),
    )
    october = run({"missing": missing}, "rhi_offered_72h", "2024-10")
    assert ids(october, where_num=True) == ["o1"]
    due = {row["record_id"]: row["rhi_due"] for row in october.rows.to_pylist()}
    assert due["o1"] == datetime(2024, 10, 28, 11, 0)
    march = run({"missing": missing}, "rhi_offered_72h", "2025-03")
    assert ids(march, where_num=True) == ["s1"]
    assert {row["record_id"]: row["rhi_due"] for row in march.rows.to_pylist()}["s1"] == datetime(
        2025, 3, 31, 13, 0
    )
