"""Known answers for the figures set beside the DfE's statistics (issue 15).

Each test holds the boundary the DfE's definition turns on: a child with two periods of
care (or two plans) in a year is one child; a plan ending on its second anniversary has
lasted two years; an interview at exactly 72 hours is in time; a birthday window's edges.
"""

from __future__ import annotations

from datetime import date

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


# --- Care leavers at their birthday ----------------------------------------------------------------


def _leaver_tables(*extra_contacts: dict[str, object]) -> dict[str, object]:
    children = table(
        "children",
        {"la_child_id": "a", "person_birth_date": "2005-06-15"},  # 19 on 15 Jun 2024
        {"la_child_id": "b", "person_birth_date": "2004-09-10"},  # 20 on 10 Sep 2024
        {"la_child_id": "c", "person_birth_date": "2003-12-01"},  # 21 on 1 Dec 2024
        {"la_child_id": "d", "person_birth_date": "2002-05-01"},  # 22 in the year: out
        {"la_child_id": "e", "person_birth_date": "2005-03-31"},  # 20 on 31 Mar 2025, the year's last day: in
        {"la_child_id": "f", "person_birth_date": "2004-05-01"},  # 20 on 1 May 2024, died
    )
    leavers = table(
        "care_leavers",
        *(
            {
                "care_leaver_id": f"L{c}",
                "la_child_id": c,
                "left_care_date": "2022-01-01",
                "in_touch": "YES",
                "accom": "B1",
                "activ": "F1",
            }  # the latest status: never read
            for c in "abcdef"
        ),
    )

    def contact(cid: str, child: str, day: str, in_touch: str, accom: str = "", activ: str = ""):  # type: ignore[no-untyped-def]
        return {
            "contact_id": cid,
            "la_child_id": child,
            "care_leaver_id": f"L{child}",
            "contact_date": day,
            "in_touch": in_touch,
            "accom": accom or None,
            "activ": activ or None,
            "staying_put": False,
        }

    contacts = table(
        "care_leaver_contacts",
        contact("a1", "a", "2024-03-15", "YES", "B1", "F1"),  # the window's first day (3 months before)
        contact("a2", "a", "2025-01-10", "NO", "U2", "G5"),  # long after: not read for 2024-25
        contact("b1", "b", "2024-06-09", "YES", "B1", "F1"),  # a day before the window opens
        contact("b2", "b", "2024-10-10", "NO", "U2", "G5"),  # the window's last day (1 month after)
        contact("c1", "c", "2025-01-02", "YES", "B1", "F1"),  # a day after the window closes
        contact("d1", "d", "2024-05-01", "YES", "B1", "F1"),
        contact("e1", "e", "2024-04-01", "YES", "B1", "F1"),
        contact("f1", "f", "2024-05-01", "DIED"),
        *extra_contacts,
    )
    return {"children": children, "care_leavers": leavers, "care_leaver_contacts": contacts}


def test_care_leavers_status_in_the_window_around_the_birthday() -> None:
    tables = _leaver_tables()
    touch = run(tables, "care_leavers_in_touch_19_21", "2024-25")
    assert ids(touch) == ["La", "Lb", "Lc", "Le"]  # one row per birthday in the year
    assert ids(touch, where_num=True) == ["La"]
    assert (touch.numerator, touch.denominator) == (1, 4)
    rows = {r["record_id"]: r for r in touch.rows.to_pylist()}
    assert rows["Lc"]["contact_date"] is None  # nothing in the window: not known, not in touch
    assert rows["Le"]["window_end"] == date(2025, 4, 30)  # a contact after the year may still count
    assert (rows["La"]["age"], rows["Lb"]["age"], rows["Lc"]["age"]) == (19, 20, 21)
    assert ids(run(tables, "care_leavers_suitable_accom_19_21", "2024-25"), where_num=True) == ["La"]
    assert ids(run(tables, "care_leavers_eet_19_21", "2024-25"), where_num=True) == ["La"]


def test_a_closed_year_gives_the_same_figure_after_later_contacts() -> None:
    before = run(_leaver_tables(), "care_leavers_in_touch_19_21", "2024-25")
    later = {
        "contact_id": "c9",
        "la_child_id": "c",
        "care_leaver_id": "Lc",
        "contact_date": "2025-06-01",
        "in_touch": "YES",
        "accom": "B1",
        "activ": "F1",
        "staying_put": False,
    }
    after = run(_leaver_tables(later), "care_leavers_in_touch_19_21", "2024-25")
    assert (after.numerator, after.denominator) == (before.numerator, before.denominator) == (1, 4)


def test_the_birthday_window_is_a_setting() -> None:
    wider = {"indicators": {"care_leavers_in_touch_19_21": {"parameters": {"window_months_after": 2}}}}
    touch = run(_leaver_tables(), "care_leavers_in_touch_19_21", "2024-25", settings=wider)
    assert ids(touch, where_num=True) == ["La", "Lc"]  # c's contact of 2 Jan 2025 now falls inside


# --- The workforce in FTE at 30 September ----------------------------------------------------------

FTE_TABLES = {
    "workers": table(
        "workers",
        {"sw_id": "p1", "team_id": "T1", "contracted_hours": 37.0},
        {"sw_id": "p2", "team_id": "T1", "contracted_hours": 18.5},  # half time
        {"sw_id": "a1", "team_id": "T1", "agency": True},  # no hours recorded: full time
        {"sw_id": "m1", "team_id": "T1", "role": "TM", "contracted_hours": 37.0},  # managers count
        {"sw_id": "pa", "team_id": "T1", "role": "PA"},  # personal advisers do not
        {"sw_id": "l1", "team_id": "T1", "end_date": "2024-09-29"},  # left the day before
        {"sw_id": "s1", "team_id": "T2", "agency": True, "start_date": "2024-09-30"},  # started that day
    ),
    "allocations": table(
        "allocations",
        *(
            {
                "allocation_id": f"{sw}-{n}",
                "la_child_id": f"{sw}-{n}",
                "sw_id": sw,
                "team_id": "T1",
                "sw_decom": "2024-01-01",
            }
            for sw, cases in (("p1", 3), ("p2", 4), ("m1", 1))
            for n in range(cases)
        ),
        # ended on the snapshot day: not held then
        {
            "allocation_id": "ended",
            "la_child_id": "x",
            "sw_id": "a1",
            "team_id": "T1",
            "sw_decom": "2024-01-01",
            "sw_dec": "2024-09-30",
            "sw_reason": "LEFTRL",
        },
    ),
    "teams": table(
        "teams",
        {"team_id": "T1", "establishment_fte": 5.0},
        {"team_id": "T2"},  # no establishment recorded: left out of the vacancy rate
    ),
}


def test_agency_share_by_fte_at_30_september() -> None:
    r = run(FTE_TABLES, "agency_share_fte", "2024-25")  # snapshot 30 September 2024
    # Agency: a1 1.0 + s1 1.0; all: p1 1 + p2 0.5 + a1 1 + m1 1 + s1 1 = 4.5.
    assert (r.numerator, r.denominator) == (2, 4.5)
    assert round(r.value, 2) == 44.44
    assert {row["ref_date"] for row in r.rows.to_pylist()} == {date(2024, 9, 30)}
    # A month ending on 30 September takes that day; one ending in August, 30 September 2023
    # (l1 still in post, s1 not yet).
    assert run(FTE_TABLES, "agency_share_fte", "2024-09").denominator == 4.5
    august = run(FTE_TABLES, "agency_share_fte", "2024-08")
    assert ids(august) == ["a1", "l1", "m1", "p1", "p2"]
    assert {row["ref_date"] for row in august.rows.to_pylist()} == {date(2023, 9, 30)}


def test_caseload_per_fte_case_holder() -> None:
    r = run(FTE_TABLES, "caseload_per_fte", "2024-25")
    # 8 children held by p1 (3), p2 (4), m1 (1); their FTE 1 + 0.5 + 1 = 2.5 -> 3.2.
    assert (r.numerator, r.denominator, r.value) == (8, 2.5, 3.2)


def test_vacancy_rate_by_fte_of_the_establishment() -> None:
    r = run(FTE_TABLES, "vacancy_rate_fte", "2024-25")
    # T1: establishment 5.0, permanent FTE p1 1 + p2 0.5 + m1 1 = 2.5 -> 2.5 vacant (a1 covers one).
    assert (r.numerator, r.denominator, r.value) == (2.5, 5, 50.0)
