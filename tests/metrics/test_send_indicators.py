"""Known answers for the EHC 20-week indicators (June 2024), with and without allowed exceptions."""

from __future__ import annotations

from tests.metrics.builders import ids, rules_with, run, table

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
