"""The fast path (many periods in one LATERAL query, results remembered) equals the slow one.

The reference is :meth:`Engine._compute`: one query per indicator per period,
exactly what the engine did before the fast path. Every figure, note, RAG and
row must be the same, on random hand-built tables and on random samples of a
small simulated borough (which exercises every indicator and table).
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import date, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuum.metrics import definitions
from continuum.metrics.engine import Engine, IndicatorResult, comparison_periods
from continuum.metrics.periods import Period, month_period, parse_period
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig
from tests.boroughs import simulated
from tests.metrics.builders import engine, table


def _same(fast: IndicatorResult, slow: IndicatorResult) -> None:
    where = (slow.code, slow.period)
    assert (fast.status, fast.error, fast.notes) == (slow.status, slow.error, slow.notes), where
    assert (fast.exact, fast.value, fast.numerator, fast.denominator, fast.rag) == (
        slow.exact,
        slow.value,
        slow.numerator,
        slow.denominator,
        slow.rag,
    ), where
    if slow.rows is None:
        assert fast.rows is None, where
        return
    assert fast.rows is not None, where
    assert fast.rows.schema == slow.rows.schema, where
    assert sorted(map(repr, fast.rows.to_pylist())) == sorted(map(repr, slow.rows.to_pylist())), where


def _check_every_indicator(
    tables: dict[str, pa.Table], month: Period, codes: list[str] | None = None
) -> None:
    fast, slow = engine(tables), engine(tables)
    periods = [month, *comparison_periods(month)]
    for ind in definitions.all_indicators():
        if codes is not None and ind.code not in codes:
            continue
        # The reference figure of each period, each from its own query, computed once: the
        # series, the month and the comparisons below are all checked against these.
        reference = {period: slow._compute(ind, period) for period in periods}
        for got, period in zip(fast.run_series(ind, periods), periods, strict=True):
            _same(got, reference[period])
        with_comparisons = fast.run_one(ind, month, compare=True)
        _same(with_comparisons, reference[month])
        if with_comparisons.status != "error":
            expected = replace(reference[month], comparisons={})
            _add_reference_comparisons(slow, ind, month, expected, reference)
            assert with_comparisons.comparisons == expected.comparisons, ind.code


def _add_reference_comparisons(
    e: Engine,
    ind: definitions.Indicator,
    month: Period,
    r: IndicatorResult,
    reference: dict[Period, IndicatorResult],
) -> None:
    """The comparisons computed the old way: from each comparison period's own query."""
    remembered = e._remembered

    def one_at_a_time(i: definitions.Indicator, periods: list[Period]) -> list[IndicatorResult]:
        return [replace(reference[p]) if i is ind else e._compute(i, p) for p in periods]

    e._remembered = one_at_a_time  # type: ignore[method-assign]
    try:
        e._add_comparisons(ind, month, r)
    finally:
        e._remembered = remembered  # type: ignore[method-assign]


# --- Random hand-built tables -------------------------------------------------------------

_days = st.dates(date(2023, 1, 1), date(2025, 3, 31))


@settings(max_examples=25, deadline=None)
@given(
    contacts=st.lists(st.tuples(_days, st.one_of(st.none(), st.integers(0, 9)), st.booleans()), max_size=20),
    plans=st.lists(
        st.tuples(_days, st.one_of(st.none(), st.integers(1, 900)), st.integers(0, 2)), max_size=12
    ),
    assessments=st.lists(st.tuples(_days, st.integers(0, 120)), max_size=12),
    month=st.integers(0, 14),
)
def test_fast_path_equals_period_by_period_on_random_tables(
    contacts: list[tuple[date, int | None, bool]],
    plans: list[tuple[date, int | None, int]],
    assessments: list[tuple[date, int]],
    month: int,
) -> None:
    tables = {
        "contacts": table(
            "contacts",
            *[
                {
                    "contact_id": f"c{i}",
                    "la_child_id": f"k{i % 4}",
                    "contact_datetime": datetime(d.year, d.month, d.day, 10),
                    "mash_decision_datetime": None
                    if delay is None
                    else datetime(d.year, d.month, d.day, 10) + timedelta(days=delay),
                    "referral_id": f"r{i}" if referred else None,
                }
                for i, (d, delay, referred) in enumerate(contacts)
            ],
        ),
        "referrals": table(
            "referrals",
            *[
                {
                    "referral_id": f"r{i}",
                    "la_child_id": f"k{i % 4}",
                    "cin_referral_date": d,
                    "contact_id": f"c{i}",
                }
                for i, (d, _, referred) in enumerate(contacts)
                if referred
            ],
        ),
        "cp_plans": table(
            "cp_plans",
            *[
                {
                    "cp_plan_id": f"p{i}",
                    "la_child_id": f"k{i % 5}",
                    "cpp_start_date": d,
                    "cpp_end_date": None if length is None else d + timedelta(days=length),
                    "number_of_previous_cpp": previous,
                }
                for i, (d, length, previous) in enumerate(plans)
            ],
        ),
        "assessments": table(
            "assessments",
            *[
                {
                    "assessment_id": f"a{i}",
                    "referral_id": f"r{i % 3}",
                    "la_child_id": f"k{i % 4}",
                    "assessment_actual_start_date": d,
                    "assessment_authorisation_date": d + timedelta(days=days),
                }
                for i, (d, days) in enumerate(assessments)
            ],
        ),
    }
    codes = [
        ind.code
        for ind in definitions.all_indicators()
        if set(ind.tables) <= {"contacts", "referrals", "cp_plans", "assessments"}
    ]
    _check_every_indicator(tables, month_period(2024 + (month + 2) // 12, (month + 2) % 12 + 1), codes)


# --- Random samples of a small simulated borough ----------------------------------------


@pytest.fixture(scope="module")
def small_borough() -> dict[str, pa.Table]:
    """Simulated once for the module (a few seconds); hypothesis samples it."""
    borough = simulated(
        SimConfig(
            years=2,
            seed=3,
            last_year_end=date(2025, 3, 31),
            warm_up_years=2,
            params=replace(Params(), new_children_per_year=900.0, uasc_per_year=4.0),
        )
    )
    return borough_tables(borough)


def _sample(tables: dict[str, pa.Table], keep: float, salt: int) -> dict[str, pa.Table]:
    """Keep about ``keep`` of the children (and every record of theirs), chosen by a hash of the id."""
    out = {}
    for name, t in tables.items():
        if "la_child_id" not in t.column_names:
            out[name] = t
            continue
        ids = t.column("la_child_id").to_pylist()
        mask = [i is None or (zlib.crc32(f"{salt}:{i}".encode()) % 1000) < keep * 1000 for i in ids]
        out[name] = t.filter(pa.array(mask, type=pa.bool_()))  # typed: an empty table (pre_proceedings) too
    return out


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.floats(0.05, 1.0), salt=st.integers(0, 10_000), month=st.integers(0, 23))
def test_fast_path_equals_period_by_period_on_a_sampled_borough(
    small_borough: dict[str, pa.Table], keep: float, salt: int, month: int
) -> None:
    tables = _sample(small_borough, keep, salt)
    assert pc.sum(pa.array([t.num_rows for t in tables.values()])).as_py() > 0
    _check_every_indicator(tables, month_period(2023 + (month + 3) // 12, (month + 3) % 12 + 1))


def test_remembered_results_are_copies() -> None:
    e = engine({"contacts": table("contacts", {"contact_id": "c1", "contact_datetime": "2024-07-10T09:00"})})
    first = e.run_one("contacts", "2024-07", compare=True)
    first.notes.append("a caller's note")
    again = e.run_one("contacts", "2024-07")
    assert again.notes == []
    assert again.comparisons == {}
    assert first.comparisons["previous_period"].value == 0


def test_a_quarter_and_a_year_use_the_fast_path_too() -> None:
    days = ["2023-05-02", "2023-08-15", "2024-01-09", "2024-04-30", "2024-07-01", "2024-07-31"]
    contacts = table(
        "contacts",
        *[{"contact_id": f"c{i}", "contact_datetime": f"{d}T12:00"} for i, d in enumerate(days)],
    )
    e = engine({"contacts": contacts})
    q = e.run_one("contacts", "Q2-2024", compare=True)
    # Q2-2024 is July-September 2024 (2 contacts); Q1-2024 April-June (1); Q2-2023 (1).
    assert (q.value, q.comparisons["previous_period"].value) == (2, 1)
    assert q.comparisons["same_period_last_year"].value == 1
    year = e.run_series("contacts", ["2023-24", "2024-25"])
    assert [r.value for r in year] == [3, 3]
    assert parse_period("2024-25") == parse_period(year[1].period)
