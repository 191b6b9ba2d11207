"""Small hand-built tables for report tests (a few hundred rows, not the whole borough)."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from tests.metrics.builders import table


def referrals_for_seed() -> dict[str, pa.Table]:
    """Referrals giving seed 003 L460: 234 in July 2020, 249 in June 2020, 294 in July 2019.

    60 of July 2020's referrals are children referred in June 2020, so re-referrals
    within 12 months are 60/234 = 25.6%: red against the 18% target (amber up to 22%).
    """
    rows = []

    def add(prefix: str, n: int, day: date, children: list[str] | None = None) -> None:
        for i in range(n):
            child = children[i] if children and i < len(children) else f"{prefix}-{i}"
            rows.append(
                {"referral_id": f"R-{prefix}-{i}", "la_child_id": child, "cin_referral_date": day.isoformat()}
            )

    add("2019-07", 294, date(2019, 7, 15))
    add("2020-06", 249, date(2020, 6, 15))
    add("2020-07", 234, date(2020, 7, 15), [f"2020-06-{i}" for i in range(60)])
    return {"referrals": table("referrals", *rows)}


def cp_plans_three_years() -> dict[str, pa.Table]:
    """CP plans over financial years 2018-19 to 2020-21 (the last one incomplete at 31 Aug 2020).

    Started: 2018-19: 10 (1 repeat); 2019-20: 12 (3 repeat); 2020-21 to 31 Aug: 12 (3 repeat).
    """
    rows = []
    plan = 0

    def add(n: int, start: str, repeats: int, end: str | None = None) -> None:
        nonlocal plan
        for i in range(n):
            rows.append(
                {
                    "cp_plan_id": f"P{plan}",
                    "referral_id": f"R{plan}",
                    "la_child_id": f"C{plan}",
                    "cpp_start_date": start,
                    "cpp_end_date": end,
                    "number_of_previous_cpp": 1 if i < repeats else 0,
                }
            )
            plan += 1

    add(10, "2018-06-01", 1, end="2019-02-01")
    add(12, "2019-06-01", 3)
    add(12, "2020-05-01", 3)
    return {"cp_plans": table("cp_plans", *rows)}
