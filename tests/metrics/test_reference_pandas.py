"""The pandas yardstick gives the engine's answers, on a hand-built set (by hand) and a simulated one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyarrow as pa
import pytest

from continuum.metrics.engine import Engine
from continuum.metrics.reference_pandas import INDICATORS, compute_all
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig
from tests.boroughs import simulated
from tests.metrics.builders import engine, table

YEAR = "2024-25"  # 1 April 2024 to 31 March 2025


def _episode(eid: str, child: str, poc: str, decom: str, rne: str, dec: str | None, ls: str = "C2") -> dict:
    return {
        "episode_id": eid,
        "la_child_id": child,
        "period_of_care_id": poc,
        "decom": decom,
        "rne": rne,
        "ls": ls,
        "dec": dec,
    }


def _hand_built() -> dict[str, pa.Table]:
    return {
        # Re-referrals in 2024-25: k1 exactly 12 months after the last (yes); k2 12 months and a
        # day (no); k3 a first referral (no); k4 28 Feb 2025 after 29 Feb 2024 (12 months back is
        # 28 Feb 2024, so yes); k5 two referrals on one day with none before (no, no); k6 and k7
        # first referrals (no, no): 2 of 8.
        "referrals": table(
            "referrals",
            {"referral_id": "r1a", "la_child_id": "k1", "cin_referral_date": "2023-07-31"},
            {"referral_id": "r1b", "la_child_id": "k1", "cin_referral_date": "2024-07-31"},
            {"referral_id": "r2a", "la_child_id": "k2", "cin_referral_date": "2023-07-30"},
            {"referral_id": "r2b", "la_child_id": "k2", "cin_referral_date": "2024-07-31"},
            {"referral_id": "r3", "la_child_id": "k3", "cin_referral_date": "2024-07-15"},
            {"referral_id": "r4a", "la_child_id": "k4", "cin_referral_date": "2024-02-29"},
            {"referral_id": "r4b", "la_child_id": "k4", "cin_referral_date": "2025-02-28"},
            {"referral_id": "r5a", "la_child_id": "k5", "cin_referral_date": "2024-05-01"},
            {"referral_id": "r5b", "la_child_id": "k5", "cin_referral_date": "2024-05-01"},
            {"referral_id": "r6", "la_child_id": "k6", "cin_referral_date": "2024-09-02"},
            {"referral_id": "r7", "la_child_id": "k7", "cin_referral_date": "2024-09-02"},
        ),
        # From Mon 2 Sep 2024 the 45th working day is Mon 4 Nov 2024 (nine weeks, no bank
        # holidays). a1: first of r6, done 4 Nov (on time); a2: second of r6, clock from its own
        # start 5 Nov (on time); a3: first of r7, done 5 Nov (late); a4: referral not in the data,
        # clock from its start 2 Sep, done 4 Nov (on time): 3 of 4.
        "assessments": table(
            "assessments",
            {
                "assessment_id": "a1",
                "referral_id": "r6",
                "la_child_id": "k6",
                "assessment_actual_start_date": "2024-09-03",
                "assessment_authorisation_date": "2024-11-04",
            },
            {
                "assessment_id": "a2",
                "referral_id": "r6",
                "la_child_id": "k6",
                "assessment_actual_start_date": "2024-11-05",
                "assessment_authorisation_date": "2024-11-30",
            },
            {
                "assessment_id": "a3",
                "referral_id": "r7",
                "la_child_id": "k7",
                "assessment_actual_start_date": "2024-09-02",
                "assessment_authorisation_date": "2024-11-05",
            },
            {
                "assessment_id": "a4",
                "referral_id": "r99",
                "la_child_id": "k8",
                "assessment_actual_start_date": "2024-09-02",
                "assessment_authorisation_date": "2024-11-04",
            },
        ),
        # From Wed 20 March 2024 the 15th working day is Fri 12 April 2024 (Easter in between).
        # s1 on 12 April (on time); s2 has no strategy date, so its start 20 March is the clock,
        # ICPC 15 April (late); s3 ICPC 2 April, 1 working day after 28 March (on time): 2 of 3.
        "s47": table(
            "s47",
            {
                "s47_id": "s1",
                "referral_id": "r3",
                "la_child_id": "k3",
                "strategy_discussion_date": "2024-03-20",
                "s47_actual_start_date": "2024-03-21",
                "date_of_initial_cpc": "2024-04-12",
            },
            {
                "s47_id": "s2",
                "referral_id": "r3",
                "la_child_id": "k3",
                "s47_actual_start_date": "2024-03-20",
                "date_of_initial_cpc": "2024-04-15",
            },
            {
                "s47_id": "s3",
                "referral_id": "r3",
                "la_child_id": "k3",
                "strategy_discussion_date": "2024-03-28",
                "s47_actual_start_date": "2024-03-28",
                "date_of_initial_cpc": "2024-04-02",
            },
        ),
        # Plans started in the year: previous plans 0, 1, 2, 0 (2 of 4 repeat); p0 started before.
        "cp_plans": table(
            "cp_plans",
            {
                "cp_plan_id": "p0",
                "la_child_id": "k1",
                "cpp_start_date": "2024-03-01",
                "number_of_previous_cpp": 3,
            },
            {
                "cp_plan_id": "p1",
                "la_child_id": "k2",
                "cpp_start_date": "2024-04-01",
                "number_of_previous_cpp": 0,
            },
            {
                "cp_plan_id": "p2",
                "la_child_id": "k3",
                "cpp_start_date": "2024-06-01",
                "number_of_previous_cpp": 1,
            },
            {
                "cp_plan_id": "p3",
                "la_child_id": "k4",
                "cpp_start_date": "2024-09-01",
                "number_of_previous_cpp": 2,
            },
            {
                "cp_plan_id": "p4",
                "la_child_id": "k5",
                "cpp_start_date": "2025-03-31",
                "number_of_previous_cpp": 0,
            },
        ),
        # Looked after on 31 March 2025: A (placements during the year: the first, P, T; L is the
        # same placement: 3, yes) and B (its first placement ended on 1 April, the first day, so
        # only P and U count: 2, no). C left care in January; D had short breaks only: 1 of 2.
        "cla_episodes": table(
            "cla_episodes",
            _episode("A1", "A", "A1", "2024-01-01", "S", "2024-05-01"),
            _episode("A2", "A", "A1", "2024-05-01", "P", "2024-06-01"),
            _episode("A3", "A", "A1", "2024-06-01", "L", "2024-09-01"),
            _episode("A4", "A", "A1", "2024-09-01", "T", None),
            _episode("B1", "B", "B1", "2024-01-01", "S", "2024-04-01"),
            _episode("B2", "B", "B1", "2024-04-01", "P", "2024-10-01"),
            _episode("B3", "B", "B1", "2024-10-01", "U", None),
            _episode("C1", "C", "C1", "2024-05-01", "S", "2024-08-01"),
            _episode("C2", "C", "C1", "2024-08-01", "P", "2024-10-01"),
            _episode("C3", "C", "C1", "2024-10-01", "B", "2025-01-01"),
            _episode("D1", "D", "D1", "2024-05-01", "S", None, ls="V3"),
        ),
    }


KNOWN = {
    "rereferral_12m": (2, 8),
    "assessments_45wd_from_referral": (3, 4),
    "icpc_15wd": (2, 3),
    "cp_repeat": (2, 4),
    "cla_3plus_placements": (1, 2),
}


def _engine_parts(e: Engine, period: str) -> dict[str, tuple[object, object]]:
    return {r.code: (r.numerator, r.denominator) for r in e.run(period, list(INDICATORS))}


def test_hand_built_answers_from_pandas_and_from_the_engine() -> None:
    tables = _hand_built()
    assert compute_all(tables, YEAR) == KNOWN
    assert _engine_parts(engine(tables), YEAR) == KNOWN


@pytest.mark.parametrize("period", ["2024-25", "Q3-2024", "2025-01", "R12-2024-09"])
def test_pandas_equals_the_engine_on_a_simulated_borough(period: str) -> None:
    borough = simulated(  # once for the four periods
        SimConfig(
            years=2,
            seed=5,
            last_year_end=date(2025, 3, 31),
            warm_up_years=3,
            params=replace(Params(), new_children_per_year=1500.0, uasc_per_year=6.0),
        )
    )
    tables = borough_tables(borough)
    expected = _engine_parts(Engine(tables), period)
    assert all(den for _, den in expected.values()), expected  # every figure has a denominator
    assert compute_all(tables, period) == expected
