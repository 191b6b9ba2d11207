"""Known answers for the figures set beside the DfE's statistics (issue 15).

Each test holds the boundary the DfE's definition turns on: a child with two periods of
care (or two plans) in a year is one child; a plan ending on its second anniversary has
lasted two years; an interview at exactly 72 hours is in time; a birthday window's edges.
"""

from __future__ import annotations

from tests.metrics.builders import ids, run, table
from tests.metrics.test_looked_after import ep

# --- Children, not events ---------------------------------------------------------------------

# Child T came into care twice in 2024-25 and left twice; child U once each.
TWICE = {
    "cla_episodes": table(
        "cla_episodes",
        ep("t1", "T", "t1", "2024-05-01", dec="2024-07-01", rec="E4A"),
        ep("t2", "T", "t2", "2024-10-01", dec="2025-01-15", rec="E4A"),
        ep("u1", "U", "u1", "2024-06-01", dec="2024-06-20", rec="X1"),
        ep("u2", "U", "u1", "2024-06-20", "P", dec="2025-02-01", rec="E11"),
    )
}


def test_a_child_with_two_periods_of_care_in_a_year_is_one_child() -> None:
    started = run(TWICE, "cla_started", "2024-25")
    assert started.value == 2  # T and U
    assert ids(started) == ["t1", "t2", "u1"]  # the rows still show both of T's periods
    assert run(TWICE, "cla_periods_started", "2024-25").value == 3
    assert run(TWICE, "cla_ceased", "2024-25").value == 2
    assert run(TWICE, "cla_periods_ceased", "2024-25").value == 3  # t1, t2, u2 (u1 ended X1)


PLANS = {
    "cp_plans": table(
        "cp_plans",
        {
            "cp_plan_id": "p1",
            "la_child_id": "V",
            "cpp_start_date": "2024-04-10",
            "cpp_end_date": "2024-09-01",
        },
        {
            "cp_plan_id": "p2",
            "la_child_id": "V",
            "cpp_start_date": "2024-11-01",
            "cpp_end_date": "2025-03-01",
        },
        {"cp_plan_id": "p3", "la_child_id": "W", "cpp_start_date": "2024-12-01"},
    )
}


def test_a_child_with_two_plans_in_a_year_is_one_child() -> None:
    assert run(PLANS, "cp_started", "2024-25").value == 2
    assert run(PLANS, "cp_plans_started", "2024-25").value == 3
    assert run(PLANS, "cp_ended", "2024-25").value == 1
    assert run(PLANS, "cp_plans_ended", "2024-25").value == 2


# --- Child protection: repeats within 2 years, 2 years open, the DfE's review cohort ----------


def _plan(pid: str, child: str, start: str, end: str | None = None) -> dict[str, object]:
    return {"cp_plan_id": pid, "la_child_id": child, "cpp_start_date": start, "cpp_end_date": end}


def test_repeat_within_2_years_counts_the_second_anniversary() -> None:
    plans = table(
        "cp_plans",
        _plan("a-old", "A", "2021-01-01", "2022-06-01"),
        _plan("a-new", "A", "2024-06-01"),  # previous ended exactly 2 years before: a repeat
        _plan("b-old", "B", "2021-01-01", "2022-05-31"),
        _plan("b-new", "B", "2024-06-01"),  # 2 years and a day: not within 2 years
        _plan("c-new", "C", "2024-07-01"),  # no earlier plan held
    )
    r = run({"cp_plans": plans}, "cp_repeat_2yr", "2024-25")
    assert ids(r, where_num=True) == ["a-new"]
    assert (r.numerator, r.denominator) == (1, 3)


def test_a_plan_ending_on_its_second_anniversary_lasted_2_years() -> None:
    plans = table(
        "cp_plans",
        _plan("on", "A", "2022-07-01", "2024-07-01"),
        _plan("day-before", "B", "2022-07-01", "2024-06-30"),
    )
    r = run({"cp_plans": plans}, "cp_ended_2yr", "2024-25")
    assert ids(r, where_num=True) == ["on"]


def test_open_2_years_or_more_at_the_period_end() -> None:
    plans = table(
        "cp_plans",
        _plan("two-years", "A", "2023-03-31"),  # 2 years on 31 March 2025 exactly
        _plan("a-day-short", "B", "2023-04-01"),
        _plan("ended", "C", "2020-01-01", "2025-03-31"),  # not open at the end
    )
    r = run({"cp_plans": plans}, "cp_open_2yr", "2024-25")
    assert ids(r, where_num=True) == ["two-years"]
    assert (r.numerator, r.denominator) == (1, 2)


def test_the_dfe_review_cohort_beside_the_seeds() -> None:
    plans = table(
        "cp_plans",
        # P1: reviews due 10 Apr 2024 (held 8 Apr), 8 Oct 2024 (held that day): on time.
        _plan("P1", "A", "2024-01-10"),
        # P2: under 3 months old at 31 March 2025: outside the DfE's cohort.
        _plan("P2", "B", "2025-01-15"),
        # P3: first review late in 2023; no review due in 2024-25 before it ended on 1 May 2024.
        _plan("P3", "C", "2023-06-01", "2024-05-01"),
    )
    conferences = table(
        "conferences",
        *(
            {
                "conference_id": f"{pid}-{day}",
                "la_child_id": child,
                "cp_plan_id": pid,
                "conference_type": "RCPC",
                "conference_date": day,
            }
            for pid, child, day in (
                ("P1", "A", "2024-04-08"),
                ("P1", "A", "2024-10-08"),
                ("P3", "C", "2023-09-20"),
                ("P3", "C", "2024-03-15"),
            )
        ),
    )
    tables = {"cp_plans": plans, "conferences": conferences}
    dfe = run(tables, "cp_reviews_on_time_dfe", "2024-25")
    assert ids(dfe) == ["P1", "P3"]
    assert ids(dfe, where_num=True) == ["P1"]
    seed = run(tables, "cp_reviews_on_time", "2024-25")
    assert ids(seed) == ["P1"]
    assert (seed.numerator, seed.denominator) == (1, 1)


# --- Missing from care and from home; return interviews held within 72 hours ------------------

CARE = table(
    "cla_episodes",
    # M1 looked after all year; M2 from 1 July 2024 (missing from home before, from care after).
    ep("m1", "M1", "m1", "2023-01-01"),
    ep("m2", "M2", "m2", "2024-07-01"),
    # M3 looked after all year, never missing.
    ep("m3", "M3", "m3", "2023-01-01"),
    # M4 on short breaks only: not looked after for these figures.
    ep("m4", "M4", "m4", "2023-01-01", ls="V3"),
)


def _missing(mid: str, child: str, start: str, kind: str = "M", **kw: object) -> dict[str, object]:
    return {"missing_id": mid, "la_child_id": child, "missing": kind, "mis_start": start, **kw}


MISSING = table(
    "missing",
    _missing("x1", "M1", "2024-05-01"),
    _missing("x2", "M1", "2024-08-01"),
    _missing("x3", "M1", "2024-09-01", "A"),
    _missing("x4", "M2", "2024-06-01"),  # before M2 came into care: from home
    _missing("x5", "M2", "2024-07-01"),  # the day M2 came into care: from care
    _missing("x6", "M4", "2024-07-01"),  # short breaks: from home
    _missing("x7", "Z", "2024-10-01"),  # never looked after: from home
)
MISSING_TABLES = {"cla_episodes": CARE, "missing": MISSING}


def test_missing_from_care_and_from_home_apart() -> None:
    care = run(MISSING_TABLES, "missing_from_care_episodes", "2024-25")
    home = run(MISSING_TABLES, "missing_from_home_episodes", "2024-25")
    assert ids(care) == ["x1", "x2", "x5"]
    assert ids(home) == ["x4", "x6", "x7"]
    assert run(MISSING_TABLES, "missing_episodes", "2024-25").value == 6  # both together, M only


def test_percentage_of_looked_after_children_who_went_missing_or_absent() -> None:
    went = run(MISSING_TABLES, "cla_went_missing", "2024-25")
    # Looked after in the year: M1, M2, M3 (M4 on short breaks). Missing from care: M1, M2.
    assert ids(went, "la_child_id", where_num=True) == ["M1", "M2"]
    assert (went.numerator, went.denominator) == (2, 3)
    absent = run(MISSING_TABLES, "cla_went_absent", "2024-25")
    assert (absent.numerator, absent.denominator) == (1, 3)
    per_child = run(MISSING_TABLES, "missing_episodes_per_child", "2024-25")
    assert (per_child.numerator, per_child.denominator, per_child.value) == (3, 2, 1.5)


def test_return_interview_held_at_exactly_72_hours_is_in_time() -> None:
    returned = "2024-06-03T10:00:00"
    rows = table(
        "missing",
        _missing(
            "on-the-hour",
            "A",
            "2024-06-01",
            mis_end="2024-06-03",
            mis_end_datetime=returned,
            rhi_offered=True,
            rhi_offered_datetime="2024-06-03T12:00:00",
            rhi_accepted=True,
            rhi_held_datetime="2024-06-06T10:00:00",
        ),
        _missing(
            "a-minute-late",
            "B",
            "2024-06-01",
            mis_end="2024-06-03",
            mis_end_datetime=returned,
            rhi_offered=True,
            rhi_offered_datetime="2024-06-03T12:00:00",
            rhi_accepted=True,
            rhi_held_datetime="2024-06-06T10:01:00",
        ),
        _missing(
            "refused",
            "C",
            "2024-06-01",
            mis_end="2024-06-03",
            mis_end_datetime=returned,
            rhi_offered=True,
            rhi_offered_datetime="2024-06-03T12:00:00",
            rhi_accepted=False,
        ),
        _missing("not-offered", "D", "2024-06-01", mis_end="2024-06-03", mis_end_datetime=returned),
    )
    held = run({"missing": rows}, "rhi_held_72h", "2024-06")
    assert ids(held, where_num=True) == ["on-the-hour"]
    assert (held.numerator, held.denominator) == (1, 4)
    outcome = {r["record_id"]: r["rhi_outcome"] for r in held.rows.to_pylist()}
    assert outcome == {
        "on-the-hour": "held",
        "a-minute-late": "held",
        "refused": "refused",
        "not-offered": "not offered",
    }
    # The offer's clock (the work tray's) counts the three offers as in time.
    assert run({"missing": rows}, "rhi_offered_72h", "2024-06").numerator == 3


# --- Provisional years ---------------------------------------------------------------------------


def test_a_year_is_provisional_until_its_return_is_submitted_or_england_published() -> None:
    from datetime import date

    import pytest

    from continuum.metrics.provisional import is_provisional

    end = date(2025, 3, 31)
    assert is_provisional("2024-25", end, date(2025, 3, 30), {})  # cut short by the data date
    assert is_provisional("2024-25", end, date(2025, 5, 31), {})  # ended, nothing marked (seed, May)
    assert not is_provisional("2024-25", end, date(2025, 5, 31), {"years": {"2024-25": "submitted"}})
    assert not is_provisional("2024-25", end, date(2025, 5, 31), {"years": {"2024-25": "published"}})
    # Unmarked: final from the usual publication day, 30 November, or the council's own day.
    assert is_provisional("2024-25", end, date(2025, 11, 29), {})
    assert not is_provisional("2024-25", end, date(2025, 11, 30), {})
    assert not is_provisional("2024-25", end, date(2025, 10, 1), {"national_publication": "10-01"})
    # A council may hold a year provisional whatever the date (a resubmission).
    assert is_provisional("2024-25", end, date(2026, 5, 1), {"years": {"2024-25": "provisional"}})
    with pytest.raises(ValueError, match="must be one of submitted, published, provisional"):
        is_provisional("2024-25", end, date(2025, 5, 31), {"years": {"2024-25": "final"}})
