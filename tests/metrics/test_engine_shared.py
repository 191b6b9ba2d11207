"""Engines given the same inputs share their figures; a changed table recomputes only what reads it.

Why it matters: every dashboard page, chart image and report builds an engine
over the tables the snapshot keeps, which are the same objects until their
data changes (see ``Engine._known``). The figures must be exactly those a
fresh engine computes, and a change must never be missed.
"""

from __future__ import annotations

import pyarrow as pa

from continuum.metrics import definitions
from continuum.metrics.engine import _split
from tests.metrics.builders import engine, table

_CODES = ["contacts", "cp_plans_started"]


def _contacts(*days: str) -> pa.Table:
    return table(
        "contacts",
        *[{"contact_id": f"c{i}", "contact_datetime": f"{d}T10:00"} for i, d in enumerate(days)],
    )


def _tables() -> dict[str, pa.Table]:
    return {
        "contacts": _contacts("2024-06-03", "2024-07-01", "2024-07-09"),
        "cp_plans": table(
            "cp_plans",
            {"cp_plan_id": "p1", "la_child_id": "k1", "cpp_start_date": "2024-07-02"},
            {"cp_plan_id": "p2", "la_child_id": "k2", "cpp_start_date": "2024-06-20"},
        ),
    }


def _figures(results: list) -> list:  # type: ignore[type-arg]
    return [
        (r.code, r.status, r.value, r.numerator, r.target, {k: c.to_dict() for k, c in r.comparisons.items()})
        for r in results
    ]


def test_a_second_engine_over_the_same_tables_answers_without_opening_a_database() -> None:
    tables = _tables()
    first = engine(tables).run("2024-07", _CODES, compare=True)
    again = engine(tables)
    second = again.run("2024-07", _CODES, compare=True)
    assert again._duck is None  # no query ran: every figure came from the first engine
    assert _figures(second) == _figures(first)
    assert [r.value for r in second] == [2, 1]
    assert second[0].comparisons["previous_period"].value == 1
    assert sorted(second[0].rows.column("record_id").to_pylist()) == ["c1", "c2"]


def test_a_new_table_recomputes_the_indicators_that_read_it_and_no_others() -> None:
    tables = _tables()
    before = engine(tables)
    before.run("2024-07", _CODES, compare=True)
    changed = {**tables, "contacts": _contacts("2024-06-03", "2024-07-01", "2024-07-09", "2024-07-30")}
    after = engine(changed)
    contacts, plans = after.run("2024-07", _CODES, compare=True)
    assert (contacts.value, plans.value) == (3, 1)
    fresh = engine(changed, settings={"engine_threads": 1}).run("2024-07", _CODES, compare=True)
    assert _figures([contacts, plans]) == _figures(fresh)
    cp = definitions.get("cp_plans_started")
    kept = before._results[id(cp)][1]
    assert all(after._results[id(cp)][1][p] is r for p, r in kept.items())  # shared, not recomputed
    recount = definitions.get("contacts")
    assert all(after._results[id(recount)][1][p] is not r for p, r in before._results[id(recount)][1].items())


def test_other_settings_give_their_own_figures() -> None:
    tables = _tables()
    plain = engine(tables).run_one("contacts", "2024-07")
    targeted = engine(tables, settings={"indicators": {"contacts": {"target": 5}}}).run_one(
        "contacts", "2024-07"
    )
    assert (plain.target, targeted.target) == (None, 5)
    assert engine(tables).run_one("contacts", "2024-07").target is None


def test_split_gives_each_period_its_rows_in_the_order_the_query_gave_them() -> None:
    batch = pa.table(
        {"_period": pa.array([1, 0, 1, 3, 0], pa.int32()), "record_id": ["a", "b", "c", "d", "e"]}
    )
    parts = _split(batch, 4)
    assert [p.column("record_id").to_pylist() for p in parts] == [["b", "e"], ["a", "c"], [], ["d"]]
    assert all(p.column_names == ["record_id"] for p in parts)
    empty = _split(batch.slice(0, 0), 2)
    assert [p.num_rows for p in empty] == [0, 0]


def test_a_rate_given_a_population_is_not_shared_with_one_given_none() -> None:
    referrals = table(
        "referrals", {"referral_id": "r1", "la_child_id": "k1", "cin_referral_date": "2024-07-02"}
    )
    tables = {"referrals": referrals}
    population = pa.table({"year": [2024] * 18, "age": list(range(18)), "population": [100] * 18})
    with_population = engine(tables, population=population).run_one("cin_rate", "2024-07")
    without = engine(tables).run_one("cin_rate", "2024-07")
    assert (with_population.status, without.status) == ("ok", "no_data")
    assert without.value is None


def test_every_indicator_counts_its_periods_in_one_query() -> None:
    """No indicator falls back to a query per period (13 for a month with comparisons).

    On empty tables, since what fails is DuckDB planning the LATERAL (a CTE that
    calls the working-day macros did), not the data.
    """
    from continuum.metrics.periods import parse_period
    from continuum.metrics.schema import TABLES

    e = engine({name: schema.empty_table() for name, schema in TABLES.items()})
    periods = [parse_period("2024-06"), parse_period("2024-07")]
    e.ensure_calendar(periods[0].start, periods[-1].end)
    unbatched = [ind.code for ind in definitions.all_indicators() if e._rows_many(ind, periods) is None]
    assert unbatched == []


def test_indicators_with_the_same_query_share_its_rows() -> None:
    """CP plans started and CP plans by category are the same rows summed two ways: one query for
    both (Engine._twins), and each figure exactly what it is computed alone."""
    from continuum.metrics.engine import forget_results

    tables = _tables()
    codes = ["cp_plans_started", "cp_by_category"]
    assert definitions.get(codes[0]).sql == definitions.get(codes[1]).sql
    together = engine(tables).run("2024-07", codes, compare=True)
    assert together[0].rows is together[1].rows
    alone = []
    for code in codes:
        forget_results()
        alone += engine(tables).run("2024-07", [code], compare=True)
    assert _figures(together) == _figures(alone)
    assert together[0].value == 1
