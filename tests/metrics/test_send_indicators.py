"""Known answers for the SEND indicators on hand-built cases: requests, refusals, plans issued within 20
weeks (with and without allowed exceptions), plans maintained and per 1,000 aged 5-15, annual reviews on
time, personal budgets and named settings, by primary need and setting."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from continuum.metrics.schema import POPULATION
from tests.metrics.builders import engine, ids, rules_with, run, table

REQUESTS = table(
    "ehc_requests",
    # Received 22 Jan 2024: 20 weeks is 10 Jun. Issued 10 Jun: on time (the last day).
    {"ehc_request_id": "e1", "la_child_id": "k1", "requested_by": "PARENT", "received_on": "2024-01-22",
     "final_issued_on": "2024-06-10"},
    # Issued 11 Jun: one day late, no exception.
    {"ehc_request_id": "e2", "la_child_id": "k2", "requested_by": "SCHOOL", "received_on": "2024-01-22",
     "final_issued_on": "2024-06-11"},
    # Late with an allowed exception (summer closure): in the first figure, out of the second.
    {"ehc_request_id": "e3", "la_child_id": "k3", "requested_by": "PARENT", "received_on": "2023-12-04",
     "final_issued_on": "2024-06-14", "allowed_exception": True},
    # Late, only a non-allowed reason (late advice): allowed_exception false, stays in both.
    {"ehc_request_id": "e4", "la_child_id": "k4", "requested_by": "YOUNG_PERSON", "received_on": "2024-01-01",
     "final_issued_on": "2024-06-28", "allowed_exception": False},
    # Issued in July, and one still open: neither counts in June.
    {"ehc_request_id": "e5", "la_child_id": "k5", "requested_by": "PARENT", "received_on": "2024-03-01",
     "final_issued_on": "2024-07-01"},
    {"ehc_request_id": "e6", "la_child_id": "k6", "requested_by": "OTHER", "received_on": "2024-05-01"},
)  # fmt: skip
TABLES = {"ehc_requests": REQUESTS}


def test_with_exceptions() -> None:
    r = run(TABLES, "ehc_plans_within_20_weeks", "2024-06")
    assert ids(r) == ["e1", "e2", "e3", "e4"]
    assert (r.numerator, r.denominator, r.value) == (1, 4, 25.0)


def test_excluding_allowed_exceptions() -> None:
    r = run(TABLES, "ehc_plans_within_20_weeks_excl_exceptions", "2024-06")
    assert ids(r) == ["e1", "e2", "e4"]
    assert (r.numerator, r.denominator) == (1, 3)


def test_the_council_rule_moves_the_figure() -> None:
    r = run(TABLES, "ehc_plans_within_20_weeks", "2024-06", rules=rules_with("ehc_final_plan", interval=21))
    assert (r.numerator, r.denominator) == (2, 4)  # e2 is within 21 weeks


# --- Requests received and refusals to assess ----------------------------------------------------------


def test_requests_received_in_the_month() -> None:
    r = run(TABLES, "ehc_requests_received", "2024-01")
    assert ids(r) == ["e1", "e2", "e4"]
    assert (r.numerator, r.value) == (3, 3.0)


DECISIONS = table(
    "ehc_requests",
    {"ehc_request_id": "d1", "la_child_id": "k1", "requested_by": "PARENT", "received_on": "2024-04-22",
     "assess_decision": "ASSESS", "assess_decided_on": "2024-06-03"},
    {"ehc_request_id": "d2", "la_child_id": "k2", "requested_by": "SCHOOL", "received_on": "2024-04-29",
     "assess_decision": "REFUSE", "assess_decided_on": "2024-06-10"},
    # Decided on the month's last day: in.
    {"ehc_request_id": "d3", "la_child_id": "k3", "requested_by": "SCHOOL", "received_on": "2024-05-20",
     "assess_decision": "REFUSE", "assess_decided_on": "2024-06-30"},
    # Decided in July, and one not yet decided: out.
    {"ehc_request_id": "d4", "la_child_id": "k4", "requested_by": "PARENT", "received_on": "2024-05-28",
     "assess_decision": "REFUSE", "assess_decided_on": "2024-07-01"},
    {"ehc_request_id": "d5", "la_child_id": "k5", "requested_by": "OTHER", "received_on": "2024-06-03"},
)  # fmt: skip


def test_refusals_to_assess_are_a_share_of_the_decisions_made() -> None:
    r = run({"ehc_requests": DECISIONS}, "ehc_refused_to_assess", "2024-06")
    assert ids(r) == ["d1", "d2", "d3"]
    assert ids(r, where_num=True) == ["d2", "d3"]
    assert (r.numerator, r.denominator, round(r.value, 2)) == (2, 3, 66.67)


# --- Plans maintained, the rate per 1,000 aged 5-15, budgets and settings ------------------------------

CHILDREN = table(
    "children",
    {"la_child_id": "k1", "person_birth_date": "2014-01-01"},  # 10 on 30 Jun 2024
    {"la_child_id": "k2", "person_birth_date": "2020-01-01"},  # 4: not of school age
    {"la_child_id": "k5", "person_birth_date": "2008-07-01"},  # 15 until 1 Jul 2024
    {"la_child_id": "k9", "person_birth_date": "2012-01-01"},
)
PLANS = table(
    "ehc_plans",
    {"ehc_plan_id": "p1", "la_child_id": "k1", "issued_on": "2020-01-01", "primary_need": "ASD",
     "setting_type": "MAINSTREAM", "budget_requested": True, "budget_agreed": True},
    # Issued on the month's last day: maintained.
    {"ehc_plan_id": "p2", "la_child_id": "k2", "issued_on": "2024-06-30", "primary_need": "ASD",
     "setting_type": "SPECIAL"},
    # Issued the day after: not yet.
    {"ehc_plan_id": "p3", "la_child_id": "k9", "issued_on": "2024-07-01", "primary_need": "MLD",
     "setting_type": "MAINSTREAM"},
    # Ceased on the last day: no longer maintained; ceased in July: still maintained in June.
    {"ehc_plan_id": "p4", "la_child_id": "k9", "issued_on": "2019-09-01", "primary_need": "MLD",
     "setting_type": "RESOURCED", "ceased_on": "2024-06-30", "cease_reason": "MOVED_LA"},
    {"ehc_plan_id": "p5", "la_child_id": "k5", "issued_on": "2018-02-01", "primary_need": "SEMH",
     "setting_type": "INDEPENDENT", "out_of_borough": True, "ceased_on": "2024-07-15",
     "cease_reason": "OTHER"},
)  # fmt: skip


def _population(*rows: tuple[int, int, int]) -> pa.Table:
    """(year, age, children) rows of a borough-wide estimate."""
    return pa.table(
        {
            "la_code": ["999"] * len(rows),
            "year": [y for y, _, _ in rows],
            "age": [a for _, a, _ in rows],
            "sex": [None] * len(rows),
            "ward": [None] * len(rows),
            "ethnicity": [None] * len(rows),
            "population": [n for _, _, n in rows],
        },
        schema=POPULATION,
    )


def test_plans_maintained_on_the_last_day_by_need_and_setting() -> None:
    tables = {"ehc_plans": PLANS, "children": CHILDREN}
    r = run(tables, "ehc_plans_maintained", "2024-06")
    assert ids(r) == ["p1", "p2", "p5"]
    assert r.value == 3
    by_need = run(tables, "ehc_plans_maintained", "2024-06", breakdown="primary_need").breakdown
    by_need = {g["group"]: g["numerator"] for g in by_need}
    assert by_need == {"Autistic spectrum disorder": 2, "Social, emotional and mental health": 1}
    by_setting = run(tables, "ehc_plans_maintained", "2024-06", breakdown="placement").breakdown
    assert {g["group"] for g in by_setting} == {
        "Mainstream school",
        "State-funded special school",
        "Independent or non-maintained special school",
    }
    for code, numerator in (
        ("ehc_personal_budgets", ["p1"]),
        ("ehc_placed_mainstream", ["p1"]),
        ("ehc_placed_special", ["p2"]),
        ("ehc_placed_independent", ["p5"]),
        ("ehc_placed_out_of_borough", ["p5"]),
    ):
        got = run(tables, code, "2024-06")
        assert ids(got, where_num=True) == numerator, code
        assert (got.numerator, got.denominator) == (1, 3), code
    # In May p2 was not issued and p4 was still maintained (a resourced base counts as mainstream).
    may = run(tables, "ehc_placed_mainstream", "2024-05")
    assert (ids(may, where_num=True), may.denominator) == (["p1", "p4"], 3)


def test_plans_per_1000_children_aged_5_to_15() -> None:
    population = _population(
        *((2023, age, 1000) for age in range(5, 16)),  # 11,000 aged 5-15 in mid-2023
        *((2024, age, 900) for age in range(5, 16)),  # 9,900 in mid-2024
        (2024, 4, 5000),  # other ages are not counted
        (2024, 16, 5000),
    )
    tables = {"ehc_plans": PLANS, "children": CHILDREN, "population": population}
    june = run(tables, "ehc_plans_per_1000_5_15", "2024-06")
    # k1 (10) and k5 (15); k2 is 4. The 30 June 2024 estimate applies from 30 June.
    assert ids(june) == ["children aged 5 to 15 in the ONS mid-year population estimate", "p1", "p5"]
    assert (june.numerator, june.denominator) == (2, 9.9)
    assert round(june.value, 4) == round(2 / 9.9, 4)
    may = run(tables, "ehc_plans_per_1000_5_15", "2024-05")
    assert (may.numerator, may.denominator) == (3, 11)  # p4 (k9, 12) still held; the mid-2023 estimate
    council = {"indicators": {"ehc_plans_per_1000_5_15": {"parameters": {"school_population_5_15": 4000}}}}
    counted = run(tables, "ehc_plans_per_1000_5_15", "2024-06", settings=council)
    assert (counted.denominator, counted.value) == (4, 0.5)  # the school census the council entered
    none = engine({"ehc_plans": PLANS, "children": CHILDREN}).run_one("ehc_plans_per_1000_5_15", "2024-06")
    assert none.value is None  # no population and no count: no rate


# --- Annual reviews on time ------------------------------------------------------------------------------

REVIEWS = table(
    "ehc_plans",
    # Due 10 Mar 2024, held 5 Mar: on time.
    {"ehc_plan_id": "r1", "la_child_id": "k1", "issued_on": "2023-03-10", "review_dates": [date(2024, 3, 5)]},
    # Due 20 Mar, held 2 Apr: late.
    {"ehc_plan_id": "r2", "la_child_id": "k2", "issued_on": "2023-03-20", "review_dates": [date(2024, 4, 2)]},
    # Due 25 Mar, never held: late.
    {"ehc_plan_id": "r3", "la_child_id": "k3", "issued_on": "2023-03-25"},
    # Ceased before its review fell due: left out.
    {"ehc_plan_id": "r4", "la_child_id": "k4", "issued_on": "2023-03-28", "ceased_on": "2024-02-01",
     "cease_reason": "NEEDS_MET"},
    # Second review due 12 months after the first (1 Mar 2024), held 20 Feb: on time.
    {"ehc_plan_id": "r5", "la_child_id": "k5", "issued_on": "2022-03-15",
     "review_dates": [date(2023, 3, 1), date(2024, 2, 20)]},
    # Due in April: not in March.
    {"ehc_plan_id": "r6", "la_child_id": "k6", "issued_on": "2023-04-10"},
)  # fmt: skip


def test_annual_reviews_on_time() -> None:
    r = run({"ehc_plans": REVIEWS}, "ehc_reviews_on_time", "2024-03")
    assert ids(r) == [
        "r1 review 2024-03-05",
        "r2 review 2024-04-02",
        "r3 next review",
        "r5 review 2024-02-20",
    ]
    assert ids(r, where_num=True) == ["r1 review 2024-03-05", "r5 review 2024-02-20"]
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    # A council allowing 13 months for the first review moves r1-r3 into April; r5's second stays.
    later = run(
        {"ehc_plans": REVIEWS},
        "ehc_reviews_on_time",
        "2024-03",
        rules=rules_with("ehc_annual_review", interval=13),
    )
    assert ids(later) == ["r5 review 2024-02-20"]


def test_the_labels_are_the_records_own() -> None:
    from continuum.metrics.indicators import send
    from continuum.send.models import PrimaryNeed, SettingType

    assert dict(PrimaryNeed.choices) == send.PRIMARY_NEEDS
    assert {k.upper(): v for k, v in SettingType.choices} == send.SETTING_TYPES
