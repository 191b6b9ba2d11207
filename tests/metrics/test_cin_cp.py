"""Known answers for children in need and child protection, including plans spanning year
ends, unborn children, a plan ending on the last day, and working-day visit clocks."""

from __future__ import annotations

import pyarrow as pa

from tests.metrics.builders import ids, run, table

CIN_CHILDREN = table(
    "children",
    {"la_child_id": "k1", "person_birth_date": "2015-06-01"},
    {"la_child_id": "k6", "expected_person_birth_date": "2025-05-01", "sex": "U"},  # unborn
)
CIN_REFERRALS = table(
    "referrals",
    {"referral_id": "k1", "la_child_id": "k1", "cin_referral_date": "2024-01-01"},  # open -> yes
    # Closed on the last day of the period -> not open at its end.
    {
        "referral_id": "k2",
        "la_child_id": "k2",
        "cin_referral_date": "2024-01-01",
        "cin_closure_date": "2025-03-31",
    },
    {"referral_id": "k3", "la_child_id": "k3", "cin_referral_date": "2025-03-31"},  # referred on the last day
    {"referral_id": "k4", "la_child_id": "k4", "cin_referral_date": "2025-04-01"},  # after the period
    {"referral_id": "k5a", "la_child_id": "k5", "cin_referral_date": "2024-06-01"},  # two open episodes:
    {"referral_id": "k5b", "la_child_id": "k5", "cin_referral_date": "2024-09-01"},  # counted once
    {"referral_id": "k6", "la_child_id": "k6", "cin_referral_date": "2025-02-01"},  # unborn, open
)
# Population: mid-2023 (100 per single year of age) and mid-2024 (200 per year of age,
# 18 ages -> 3,600), plus 18-year-olds who must be ignored.
POPULATION = pa.table(
    {
        "year": [2023] * 18 + [2024] * 19,
        "age": list(range(18)) + list(range(19)),
        "population": [100] * 18 + [200] * 18 + [999],
    }
)


def test_cin_open_at_period_end() -> None:
    r = run(
        {"referrals": CIN_REFERRALS, "children": CIN_CHILDREN}, "cin_open", "2024-25", breakdown="age_band"
    )
    assert ids(r, "la_child_id") == ["k1", "k3", "k5", "k6"]
    assert r.value == 4
    bands = {g["group"]: g["numerator"] for g in r.breakdown}
    # k1 is 9 at 31 March 2025; k6 is unborn; k3 and k5 have no children row.
    assert bands == {"5-9": 1, "Unborn": 1, None: 2}


def test_cin_rate_uses_the_mid_year_estimate() -> None:
    r = run({"referrals": CIN_REFERRALS}, "cin_rate", "2024-25", population=POPULATION)
    # The last 30 June on or before 31 March 2025 is 30 June 2024 -> year 2024: 3,600 aged 0-17.
    assert (r.numerator, r.denominator) == (4, 3600)
    assert abs(r.value - 4 / 3600 * 10000) < 1e-9
    assert r.display == "11.1"


def test_rate_without_population_is_null_and_says_so() -> None:
    r = run({"referrals": CIN_REFERRALS}, "cin_rate", "2024-25")
    assert r.value is None
    assert r.status == "no_data"
    assert "no population figures" in " ".join(r.notes)


def test_cin_visits_within_4_weeks() -> None:
    plans = table(
        "cin_plans",
        {"cin_plan_id": "p1", "referral_id": "x", "la_child_id": "p1", "cin_plan_start_date": "2024-06-01"},
        {"cin_plan_id": "p2", "referral_id": "x", "la_child_id": "p2", "cin_plan_start_date": "2024-06-01"},
        {"cin_plan_id": "p3", "referral_id": "x", "la_child_id": "p3", "cin_plan_start_date": "2024-07-10"},
        {"cin_plan_id": "p4", "referral_id": "x", "la_child_id": "p4", "cin_plan_start_date": "2024-06-01"},
        {
            "cin_plan_id": "p5",
            "referral_id": "x",
            "la_child_id": "p5",
            "cin_plan_start_date": "2024-06-01",
            "cin_plan_end_date": "2024-07-15",
        },
    )
    visits = table(
        "visits",
        # p1 seen 3 July: next due 3 + 28 = 31 July = the period end -> on time.
        {"visit_id": "v1", "la_child_id": "p1", "visit_type": "CIN", "visit_date": "2024-07-03"},
        # p2 seen 2 July: due 30 July -> overdue on 31 July.
        {"visit_id": "v2", "la_child_id": "p2", "visit_type": "CIN", "visit_date": "2024-07-02"},
        # p4 visited 20 July but not seen: the clock runs from the plan start (due 29 June) -> overdue.
        {
            "visit_id": "v4",
            "la_child_id": "p4",
            "visit_type": "CIN",
            "visit_date": "2024-07-20",
            "seen": False,
        },
    )
    r = run({"cin_plans": plans, "visits": visits}, "cin_visits_on_time", "2024-07")
    # p3: plan from 10 July, not yet due (7 Aug) -> on time. p5's plan ended -> left out.
    assert ids(r, "la_child_id", where_num=True) == ["p1", "p3"]
    assert (r.numerator, r.denominator) == (2, 4)


CP_CHILDREN = table(
    "children",
    {"la_child_id": "q1", "person_birth_date": "2015-06-01"},
    {"la_child_id": "q3", "expected_person_birth_date": "2024-05-01", "sex": "U"},
)
CP_PLANS = table(
    "cp_plans",
    # q1: started December 2023, still open: spans the calendar year end -> open at 31 March 2024.
    {"cp_plan_id": "q1", "referral_id": "x", "la_child_id": "q1", "cpp_start_date": "2023-12-15"},
    # q2: ended on 31 March 2024 -> not open at its end; ended in FY 2023-24.
    {
        "cp_plan_id": "q2",
        "referral_id": "x",
        "la_child_id": "q2",
        "cpp_start_date": "2023-01-10",
        "cpp_end_date": "2024-03-31",
        "initial_category_of_abuse": "EMO",
    },
    # q3: an unborn child's plan -> counted.
    {
        "cp_plan_id": "q3",
        "referral_id": "x",
        "la_child_id": "q3",
        "cpp_start_date": "2024-02-01",
        "initial_category_of_abuse": "PHY",
    },
    # q4: starts the day after.
    {"cp_plan_id": "q4", "referral_id": "x", "la_child_id": "q4", "cpp_start_date": "2024-04-01"},
)


def test_cp_open_started_ended_over_year_ends() -> None:
    tables = {"cp_plans": CP_PLANS, "children": CP_CHILDREN}
    open_ = run(tables, "cp_open", "2023-24", breakdown="age_band")
    assert ids(open_, "la_child_id") == ["q1", "q3"]
    assert {g["group"]: g["numerator"] for g in open_.breakdown} == {"5-9": 1, "Unborn": 1}
    assert ids(run(tables, "cp_started", "2023-24")) == ["q1", "q3"]
    assert ids(run(tables, "cp_ended", "2023-24")) == ["q2"]
    # The calendar year 2023 is not a period kind, but the quarter Q3-2023 (Oct-Dec) is.
    assert ids(run(tables, "cp_started", "Q3-2023")) == ["q1"]


def test_cp_by_category() -> None:
    r = run({"cp_plans": CP_PLANS}, "cp_by_category", "2022-23", breakdown="category")
    assert r.value == 1
    assert r.breakdown[0]["group"] == "EMO"
    r = run({"cp_plans": CP_PLANS}, "cp_by_category", "2023-24", breakdown="category")
    assert [(g["group"], g["numerator"], g["share_of_numerator"]) for g in r.breakdown] == [
        ("NEG", 1, 50.0),
        ("PHY", 1, 50.0),
    ]


def test_cp_rate() -> None:
    population = pa.table({"year": [2023] * 18, "age": list(range(18)), "population": [500] * 18})
    r = run({"cp_plans": CP_PLANS}, "cp_rate", "2023-24", population=population)
    # 2 children / 9,000 * 10,000 = 2.222...
    assert (r.numerator, r.denominator) == (2, 9000)
    assert r.display == "2.2"


def test_cp_repeat_and_two_years() -> None:
    plans = table(
        "cp_plans",
        {"cp_plan_id": "r1", "referral_id": "x", "la_child_id": "a", "cpp_start_date": "2024-05-01"},
        {
            "cp_plan_id": "r2",
            "referral_id": "x",
            "la_child_id": "b",
            "cpp_start_date": "2024-06-01",
            "number_of_previous_cpp": 1,
        },
        {
            "cp_plan_id": "r3",
            "referral_id": "x",
            "la_child_id": "c",
            "cpp_start_date": "2025-03-31",
            "number_of_previous_cpp": 3,
        },
        {"cp_plan_id": "r4", "referral_id": "x", "la_child_id": "d", "cpp_start_date": "2024-04-01"},
        # Ended plans: e1 exactly 2 years -> counts; e2 one day short -> not; e3 from a leap
        # day, over 4 years -> counts; e4 short -> not.
        {
            "cp_plan_id": "e1",
            "referral_id": "x",
            "la_child_id": "e",
            "cpp_start_date": "2022-06-01",
            "cpp_end_date": "2024-06-01",
        },
        {
            "cp_plan_id": "e2",
            "referral_id": "x",
            "la_child_id": "f",
            "cpp_start_date": "2022-06-02",
            "cpp_end_date": "2024-06-01",
        },
        {
            "cp_plan_id": "e3",
            "referral_id": "x",
            "la_child_id": "g",
            "cpp_start_date": "2020-02-29",
            "cpp_end_date": "2024-05-01",
        },
        {
            "cp_plan_id": "e4",
            "referral_id": "x",
            "la_child_id": "h",
            "cpp_start_date": "2024-10-01",
            "cpp_end_date": "2025-01-15",
        },
    )
    repeat = run({"cp_plans": plans}, "cp_repeat", "2024-25")
    # Started in FY 2024-25: r1, r2, r3, r4 and e4 -> previous plans on r2, r3 -> 2/5.
    assert ids(repeat, where_num=True) == ["r2", "r3"]
    assert (repeat.numerator, repeat.denominator) == (2, 5)
    two = run({"cp_plans": plans}, "cp_ended_2yr", "2024-25")
    assert ids(two, where_num=True) == ["e1", "e3"]
    assert (two.numerator, two.denominator) == (2, 4)


def test_cp_reviews_on_time() -> None:
    plans = table(
        "cp_plans",
        {"cp_plan_id": "A", "referral_id": "x", "la_child_id": "A", "cpp_start_date": "2024-03-15"},
        {"cp_plan_id": "B", "referral_id": "x", "la_child_id": "B", "cpp_start_date": "2024-01-10"},
        {"cp_plan_id": "C", "referral_id": "x", "la_child_id": "C", "cpp_start_date": "2024-11-01"},
        {
            "cp_plan_id": "D",
            "referral_id": "x",
            "la_child_id": "D",
            "cpp_start_date": "2024-11-01",
            "cpp_end_date": "2025-01-20",
        },
        {"cp_plan_id": "E", "referral_id": "x", "la_child_id": "E", "cpp_start_date": "2024-12-15"},
        {
            "cp_plan_id": "F",
            "referral_id": "x",
            "la_child_id": "F",
            "cpp_start_date": "2023-06-01",
            "cpp_end_date": "2025-02-20",
        },
    )

    def rcpc(plan: str, day: str) -> dict[str, object]:
        return {
            "conference_id": f"{plan}-{day}",
            "referral_id": "x",
            "la_child_id": plan,
            "conference_type": "RCPC",
            "conference_date": day,
            "cp_plan_id": plan,
        }

    conferences = table(
        "conferences",
        # A: first due 15 Jun 2024 (3 months), held 14 Jun; next due 14 Dec, held 10 Dec -> on time.
        rcpc("A", "2024-06-14"),
        rcpc("A", "2024-12-10"),
        # B: first due 10 Apr 2024, held 12 Apr -> late; next due 12 Oct, held 1 Oct -> on time.
        rcpc("B", "2024-04-12"),
        rcpc("B", "2024-10-01"),
        # C: due 1 Feb 2025, none held -> late. D: ended 20 Jan, before its 1 Feb due date -> none due.
        # E: due 15 Mar 2025, held that day -> on time.
        rcpc("E", "2025-03-15"),
        # F (spans two year ends): 30 Aug 2023 (due 1 Sep), 20 Feb 2024 (due 29 Feb), then due
        # 20 Aug 2024, held that day -> on time; the next due 20 Feb 2025 is the day it ended -> none due.
        rcpc("F", "2023-08-30"),
        rcpc("F", "2024-02-20"),
        rcpc("F", "2024-08-20"),
    )
    r = run({"cp_plans": plans, "conferences": conferences}, "cp_reviews_on_time", "2024-25")
    assert ids(r) == ["A", "B", "C", "E", "F"]
    assert ids(r, where_num=True) == ["A", "E", "F"]
    assert (r.numerator, r.denominator) == (3, 5)


def test_cp_visits_every_10_working_days() -> None:
    plans = table(
        "cp_plans",
        *[
            {"cp_plan_id": k, "referral_id": "x", "la_child_id": k, "cpp_start_date": start}
            for k, start in [
                ("v1", "2024-03-01"),
                ("v2", "2024-03-01"),
                ("v3", "2024-03-25"),
                ("v4", "2024-04-22"),
                ("v5", "2024-03-01"),
            ]
        ],
    )
    visits = table(
        "visits",
        # v1 seen Tue 16 Apr: 17, 18, 19, 22-26, 29, 30 -> due Tue 30 Apr = period end -> on time.
        {"visit_id": "1", "la_child_id": "v1", "visit_type": "CP", "visit_date": "2024-04-16"},
        # v2 seen Mon 15 Apr: due Mon 29 Apr -> overdue on 30 Apr.
        {"visit_id": "2", "la_child_id": "v2", "visit_type": "CP", "visit_date": "2024-04-15"},
        # v5 only has a CIN visit -> from its plan start, long overdue.
        {"visit_id": "5", "la_child_id": "v5", "visit_type": "CIN", "visit_date": "2024-04-16"},
    )
    # v3: plan Mon 25 Mar, no visit: 26, 27, 28, [GF, EM], 2, 3, 4, 5, 8, 9, 10 -> due 10 Apr -> overdue.
    # v4: plan Mon 22 Apr, no visit: 23-26, 29, 30, 1-3 May, [6 May bank holiday], 7 May
    # -> due 7 May -> on time.
    r = run({"cp_plans": plans, "visits": visits}, "cp_visits_on_time", "2024-04")
    assert ids(r, "la_child_id", where_num=True) == ["v1", "v4"]
    assert (r.numerator, r.denominator) == (2, 5)


def test_a_month_in_progress_is_judged_on_the_data_s_last_day() -> None:
    """Visits up to date in a month still in progress: at the data's last day, not the month's.

    Data up to Fri 12 Apr 2024. "a" seen Mon 8 Apr: 9-12, 15-19, 22 -> due Mon 22 Apr, in time on
    12 Apr but "overdue" on 30 Apr, which has not happened yet. "b" seen Tue 26 Mar: 27, 28,
    [Good Friday, Easter Monday], 2-5, 8-10 Apr -> due Wed 10 Apr, overdue on 12 Apr either way.
    Without a data date the month is taken as complete (0 of 2); with it, 1 of 2, marked
    incomplete; the one-query path for several months gives the same.
    """
    from datetime import date

    from tests.metrics.builders import engine

    plans = table(
        "cp_plans",
        *[
            {
                "cp_plan_id": f"P{k}",
                "referral_id": f"R{k}",
                "la_child_id": k,
                "cpp_start_date": "2024-03-01",
                "initial_category_of_abuse": "PHY",
                "latest_category_of_abuse": "PHY",
            }
            for k in ("a", "b")
        ],
    )
    visits = table(
        "visits",
        {"visit_id": "1", "la_child_id": "a", "visit_type": "CP", "visit_date": "2024-04-08"},
        {"visit_id": "2", "la_child_id": "b", "visit_type": "CP", "visit_date": "2024-03-26"},
    )
    tables = {"cp_plans": plans, "visits": visits}
    complete = run(tables, "cp_visits_on_time", "2024-04")
    assert (complete.numerator, complete.denominator) == (0, 2)
    upto = {"cp_plans": date(2024, 4, 12), "visits": date(2024, 4, 12)}
    live = run(tables, "cp_visits_on_time", "2024-04", data_up_to=upto)
    assert (live.numerator, live.denominator) == (1, 2)
    assert live.status == "incomplete"
    assert ids(live, "la_child_id", where_num=True) == ["a"]
    series = engine(tables, data_up_to=upto).run_series("cp_visits_on_time", ["2024-03", "2024-04"])
    assert (series[1].numerator, series[1].denominator) == (1, 2)
