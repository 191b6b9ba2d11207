"""Known answers for assessments, s47 enquiries and initial conferences, over Easter 2024."""

from __future__ import annotations

from datetime import date

from tests.metrics.builders import CALENDAR, ids, run, table

# Referral ref1 on Tue 20 Feb 2024. Counting 45 working days from Wed 21 Feb:
# Feb 21-23 (3), Feb 26-Mar 1 (8), Mar 4-8 (13), 11-15 (18), 18-22 (23), 25-28 (27;
# 29 Mar is Good Friday), [1 Apr Easter Monday], Apr 2-5 (31), 8-12 (36), 15-19 (41),
# 22-25 (45) -> due Thu 25 April 2024.
REFERRALS = table(
    "referrals",
    {"referral_id": "ref1", "la_child_id": "a", "cin_referral_date": "2024-02-20"},
    {"referral_id": "ref2", "la_child_id": "b", "cin_referral_date": "2024-04-02"},
)
ASSESSMENTS = table(
    "assessments",
    # a1: authorised on the due day -> on time; 45 working days.
    {
        "assessment_id": "a1",
        "referral_id": "ref1",
        "la_child_id": "a",
        "assessment_actual_start_date": "2024-02-21",
        "assessment_authorisation_date": "2024-04-25",
    },
    # a2: a second assessment in the same episode (same start, later id): its clock runs from
    # its own start, Wed 21 Feb -> 45th working day Fri 26 April (one on from a1's count).
    # Authorised Mon 29 April -> late; 46 working days.
    {
        "assessment_id": "a2",
        "referral_id": "ref1",
        "la_child_id": "a",
        "assessment_actual_start_date": "2024-02-21",
        "assessment_authorisation_date": "2024-04-29",
    },
    # a3: referral Tue 2 Apr, authorised Wed 10 Apr: 3, 4, 5, 8, 9, 10 April = 6 working days.
    {
        "assessment_id": "a3",
        "referral_id": "ref2",
        "la_child_id": "b",
        "assessment_actual_start_date": "2024-04-02",
        "assessment_authorisation_date": "2024-04-10",
    },
    # a4: referral not in the data -> clock from the start, Easter Monday 1 Apr; to 30 Apr:
    # Apr 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), 29-30 (21) -> 21 working days, on time.
    {
        "assessment_id": "a4",
        "referral_id": "gone",
        "la_child_id": "c",
        "assessment_actual_start_date": "2024-04-01",
        "assessment_authorisation_date": "2024-04-30",
    },
    # a5: authorised in May; a6: still open -> neither counts for April.
    {
        "assessment_id": "a5",
        "referral_id": "ref2",
        "la_child_id": "b",
        "assessment_actual_start_date": "2024-04-02",
        "assessment_authorisation_date": "2024-05-01",
    },
    {
        "assessment_id": "a6",
        "referral_id": "ref2",
        "la_child_id": "b",
        "assessment_actual_start_date": "2024-04-20",
    },
)
TABLES = {"referrals": REFERRALS, "assessments": ASSESSMENTS}


def test_hand_count_agrees_with_the_calendar() -> None:
    assert CALENDAR.add_working_days(date(2024, 2, 20), 45) == date(2024, 4, 25)
    assert CALENDAR.add_working_days(date(2024, 2, 21), 45) == date(2024, 4, 26)


def test_assessments_completed() -> None:
    r = run(TABLES, "assessments_completed", "2024-04")
    assert ids(r) == ["a1", "a2", "a3", "a4"]
    assert r.value == 4


def test_assessments_within_45_working_days_of_the_referral() -> None:
    r = run(TABLES, "assessments_45wd_from_referral", "2024-04")
    assert ids(r, where_num=True) == ["a1", "a3", "a4"]
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    assert r.rag == "R"  # 75 < amber 85
    due = {row["record_id"]: row["due"] for row in r.rows.to_pylist()}
    assert due["a1"] == date(2024, 4, 25)
    assert due["a2"] == date(2024, 4, 26)  # a re-assessment: clock from its own start


# The two clocks apart. Referral r9 on Tue 2 Jan 2024; the assessment starts on Fri 1 Mar.
# 45 working days from 1 Mar: Mar 4-8 (5), 11-15 (10), 18-22 (15), 25-28 (19; Good Friday
# 29 Mar), [Easter Monday 1 Apr], Apr 2-5 (23), 8-12 (28), 15-19 (33), 22-26 (38),
# Apr 29-May 3 (43), [May Day 6 May], 7-8 May (45) -> due Wed 8 May 2024.
CLOCKS = {
    "referrals": table(
        "referrals", {"referral_id": "r9", "la_child_id": "x", "cin_referral_date": "2024-01-02"}
    ),
    "assessments": table(
        "assessments",
        # on the 45th working day of its start: on time for the DfE, late from the referral
        {
            "assessment_id": "a-due-day",
            "referral_id": "r9",
            "la_child_id": "x",
            "assessment_actual_start_date": "2024-03-01",
            "assessment_authorisation_date": "2024-05-08",
        },
        # the next working day: late by both clocks (a re-assessment, so from its own start either way)
        {
            "assessment_id": "b-day-after",
            "referral_id": "r9",
            "la_child_id": "x",
            "assessment_actual_start_date": "2024-03-01",
            "assessment_authorisation_date": "2024-05-09",
        },
    ),
}


def test_the_dfe_clock_runs_from_the_assessments_start() -> None:
    assert CALENDAR.add_working_days(date(2024, 3, 1), 45) == date(2024, 5, 8)
    dfe = run(CLOCKS, "assessments_45wd", "2024-05")
    assert ids(dfe, where_num=True) == ["a-due-day"]
    assert (dfe.numerator, dfe.denominator) == (1, 2)
    practice = run(CLOCKS, "assessments_45wd_from_referral", "2024-05")
    assert ids(practice, where_num=True) == []  # 2 Jan + 45 working days is long past
    # The April assessments of TABLES agree by both clocks except where the referral came first.
    assert run(TABLES, "assessments_45wd", "2024-04").numerator == 3


def test_median_and_quartiles_of_working_days_from_the_start() -> None:
    # From each start: a1 44 (21 Feb -> 25 Apr), a2 46 (-> 29 Apr), a3 6, a4 21 -> 6, 21, 44, 46.
    median = run(TABLES, "assessment_median_days", "2024-04")
    assert (median.value, median.denominator) == (32.5, 4)
    assert run(TABLES, "assessment_days_lower_quartile", "2024-04").value == 17.25  # 6 + 0.75 * 15
    assert run(TABLES, "assessment_days_upper_quartile", "2024-04").value == 44.5  # 44 + 0.25 * 2
    days = {row["record_id"]: row["days"] for row in median.rows.to_pylist()}
    assert days == {"a1": 44, "a2": 46, "a3": 6, "a4": 21}


def test_comparable_with_national_figures_says_which() -> None:
    from continuum.metrics.definitions import get

    assert get("assessments_45wd").comparable
    assert get("assessment_median_days").comparable
    assert not get("assessments_45wd_from_referral").comparable
    assert not get("assessment_avg_days").comparable


def test_average_working_days() -> None:
    r = run(TABLES, "assessment_avg_days", "2024-04")
    # (45 + 46 + 6 + 21) / 4 = 118 / 4 = 29.5
    assert (r.numerator, r.denominator, r.value) == (118, 4, 29.5)


S47 = table(
    "s47",
    # s1: strategy Wed 20 Mar; 15 working days: 21, 22, 25, 26, 27, 28, [GF, EM], Apr 2, 3,
    # 4, 5, 8, 9, 10, 11, 12 -> due Fri 12 April; ICPC that day -> on time.
    {
        "s47_id": "s1",
        "referral_id": "x",
        "la_child_id": "a",
        "strategy_discussion_date": "2024-03-20",
        "s47_actual_start_date": "2024-03-20",
        "date_of_initial_cpc": "2024-04-12",
    },
    # s2: same start, ICPC Mon 15 April -> late.
    {
        "s47_id": "s2",
        "referral_id": "x",
        "la_child_id": "b",
        "strategy_discussion_date": "2024-03-20",
        "s47_actual_start_date": "2024-03-20",
        "date_of_initial_cpc": "2024-04-15",
    },
    # s3: no strategy date recorded: clock from the start, Tue 2 Apr: 3, 4, 5, 8-12, 15-19,
    # 22, 23 -> due Tue 23 Apr; ICPC Fri 19 Apr -> on time.
    {
        "s47_id": "s3",
        "referral_id": "x",
        "la_child_id": "c",
        "s47_actual_start_date": "2024-04-02",
        "date_of_initial_cpc": "2024-04-19",
    },
    # s4: started in April, no ICPC needed.
    {
        "s47_id": "s4",
        "referral_id": "x",
        "la_child_id": "d",
        "s47_actual_start_date": "2024-04-10",
        "icpc_not_required": True,
    },
)


def test_s47_started_and_to_icpc() -> None:
    started = run({"s47": S47}, "s47_started", "2024-04")
    assert ids(started) == ["s3", "s4"]
    to_icpc = run({"s47": S47}, "s47_to_icpc", "2024-04")
    assert (to_icpc.numerator, to_icpc.denominator, to_icpc.value) == (1, 2, 50.0)


def test_icpc_within_15_working_days() -> None:
    r = run({"s47": S47}, "icpc_15wd", "2024-04")
    assert ids(r, where_num=True) == ["s1", "s3"]
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.display == "66.7%"


def test_icpc_held_counts_children_once() -> None:
    conferences = table(
        "conferences",
        {
            "conference_id": "k1",
            "referral_id": "x",
            "la_child_id": "X",
            "conference_type": "ICPC",
            "conference_date": "2024-04-12",
        },
        {
            "conference_id": "k2",
            "referral_id": "x",
            "la_child_id": "X",
            "conference_type": "ICPC",
            "conference_date": "2024-04-20",
        },
        {
            "conference_id": "k3",
            "referral_id": "x",
            "la_child_id": "Y",
            "conference_type": "ICPC",
            "conference_date": "2024-04-15",
        },
        {
            "conference_id": "k4",
            "referral_id": "x",
            "la_child_id": "Z",
            "conference_type": "RCPC",
            "conference_date": "2024-04-10",
        },
        {
            "conference_id": "k5",
            "referral_id": "x",
            "la_child_id": "W",
            "conference_type": "ICPC",
            "conference_date": "2024-03-31",
        },
    )
    r = run({"conferences": conferences}, "icpc_held", "2024-04")
    # Children X (twice) and Y -> 2; the RCPC and the March ICPC do not count.
    assert r.value == 2
    assert ids(r) == ["k1", "k2", "k3"]
