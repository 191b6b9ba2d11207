"""Known answers for "phase transfers named by the deadline" (SEND Regulations 2014 reg 18): the
amended plan naming the new setting by 15 February in the year of the transfer, or 31 March into
post-16, counted with the timescale rules ``ehc_phase_transfer`` and ``ehc_phase_transfer_post16``."""

from __future__ import annotations

from continuum.metrics.indicators.send import SETTING_TYPES
from tests.metrics.builders import ids, rules_with, run, table

PLANS = table(
    "ehc_plans",
    {"ehc_plan_id": "p1", "la_child_id": "k1", "issued_on": "2019-05-01", "primary_need": "ASD",
     "setting_type": "MAINSTREAM"},
    {"ehc_plan_id": "p2", "la_child_id": "k2", "issued_on": "2019-05-01", "primary_need": "SLCN",
     "setting_type": "MAINSTREAM"},
    {"ehc_plan_id": "p3", "la_child_id": "k3", "issued_on": "2019-05-01", "primary_need": "MLD",
     "setting_type": "SPECIAL"},
    {"ehc_plan_id": "p4", "la_child_id": "k4", "issued_on": "2019-05-01", "primary_need": "SEMH",
     "setting_type": "MAINSTREAM", "ceased_on": "2026-01-10", "cease_reason": "MOVED_LA"},
    {"ehc_plan_id": "p5", "la_child_id": "k5", "issued_on": "2019-05-01", "primary_need": "ASD",
     "setting_type": "SPECIAL"},
    {"ehc_plan_id": "p6", "la_child_id": "k6", "issued_on": "2019-05-01", "primary_need": "ASD",
     "setting_type": "MAINSTREAM"},
)  # fmt: skip
TRANSFERS = table(
    "ehc_transfers",
    # Primary to secondary in September 2026: due 15 Feb 2026. Issued on the day: on time.
    {"ehc_transfer_id": "t1", "la_child_id": "k1", "ehc_plan_id": "p1", "from_phase": "PRIMARY",
     "to_phase": "SECONDARY", "transfer_year": 2026, "amended_issued_on": "2026-02-15",
     "setting_named": True},
    # Issued in the autumn before: on time too (the clock starts on 1 September 2025).
    {"ehc_transfer_id": "t2", "la_child_id": "k2", "ehc_plan_id": "p2", "from_phase": "EARLY_YEARS",
     "to_phase": "PRIMARY", "transfer_year": 2026, "amended_issued_on": "2025-12-12", "setting_named": True},
    # One day late.
    {"ehc_transfer_id": "t3", "la_child_id": "k3", "ehc_plan_id": "p3", "from_phase": "PRIMARY",
     "to_phase": "SECONDARY", "transfer_year": 2026, "amended_issued_on": "2026-02-16",
     "setting_named": True},
    # The plan ceased in January with no amended plan: left out.
    {"ehc_transfer_id": "t4", "la_child_id": "k4", "ehc_plan_id": "p4", "from_phase": "PRIMARY",
     "to_phase": "SECONDARY", "transfer_year": 2026},
    # Not issued yet: late.
    {"ehc_transfer_id": "t5", "la_child_id": "k5", "ehc_plan_id": "p5", "from_phase": "PRIMARY",
     "to_phase": "SECONDARY", "transfer_year": 2026},
    # Into post-16: due 31 March 2026, so not in February; issued 20 March, on time in March.
    {"ehc_transfer_id": "t6", "la_child_id": "k6", "ehc_plan_id": "p6", "from_phase": "SECONDARY",
     "to_phase": "POST16", "transfer_year": 2026, "amended_issued_on": "2026-03-20", "setting_named": True},
)  # fmt: skip
TABLES = {"ehc_plans": PLANS, "ehc_transfers": TRANSFERS}


def test_school_transfers_fall_due_on_15_february() -> None:
    r = run(TABLES, "ehc_transfers_on_time", "2026-02")
    assert ids(r) == ["t1", "t2", "t3", "t5"]
    assert ids(r, where_num=True) == ["t1", "t2"]
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert {row["due"].isoformat() for row in r.rows.to_pylist()} == {"2026-02-15"}


def test_post16_transfers_fall_due_on_31_march() -> None:
    r = run(TABLES, "ehc_transfers_on_time", "2026-03")
    assert ids(r) == ["t6"]
    assert (r.numerator, r.denominator) == (1, 1)
    assert r.rows.to_pylist()[0]["due"].isoformat() == "2026-03-31"


def test_the_council_rule_moves_the_deadline() -> None:
    """A council that sets itself 1 February (201) moves the school deadline: t1 and t3 are late."""
    r = run(TABLES, "ehc_transfers_on_time", "2026-02", rules=rules_with("ehc_phase_transfer", interval=201))
    assert ids(r, where_num=True) == ["t2"]
    assert {row["due"].isoformat() for row in r.rows.to_pylist()} == {"2026-02-01"}


def test_breakdown_by_setting_in_words() -> None:
    r = run(TABLES, "ehc_transfers_on_time", "2026-02", breakdown="placement")
    assert {row["placement"] for row in r.rows.to_pylist()} <= set(SETTING_TYPES.values())
