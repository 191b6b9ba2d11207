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
