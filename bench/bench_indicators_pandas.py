"""The engine against a plain pandas implementation of five indicators, on the same data.

Issue #5 point 7: "a straightforward pandas implementation of five of the
indicators (re-referrals, assessments within 45 working days, ICPC within 15
working days, repeat CP plans, 3 or more placements), run in the same
benchmark on the same data, gives the speed-up ratio, with both answers shown
to be equal." Both start from the same Arrow tables, extracted once from the
5-year borough in PostgreSQL; the baseline column is pandas, so the ratio is
how many times faster the engine is. The answers are compared before timing
and the benchmark stops if they differ.
"""

from __future__ import annotations

from typing import Any

from continuum.devtools.bench import Benchmark

CODES = ("rereferral_12m", "assessments_45wd", "icpc_15wd", "cp_repeat", "cla_3plus_placements")
_state: dict[str, Any] = {}


def _setup() -> None:
    """The borough in PostgreSQL (loaded if absent), extracted once; its last complete financial year."""
    from django.core.management import call_command

    from continuum.journey.models import ChronologyEvent
    from continuum.metrics.extract import extract_tables
    from continuum.reports.sources import latest_event_date
    from continuum.synth.load import STEP, load_borough
    from continuum.synth.simulate import simulate

    call_command("migrate", verbosity=0)
    if not ChronologyEvent.objects.filter(step=STEP).exists():
        load_borough(simulate(years=5, seed=1), replace=True, progress=None)
    tables = extract_tables()
    up_to = latest_event_date(tables)
    assert up_to is not None
    # The last financial year (1 April to 31 March) that ended on or before the data stops.
    fy = up_to.year - 1 if (up_to.month, up_to.day) >= (3, 31) else up_to.year - 2
    _state["tables"], _state["period"] = tables, f"{fy}-{(fy + 1) % 100:02d}"
    engine_answers = _engine()
    pandas_answers = _pandas()
    assert engine_answers == pandas_answers, (engine_answers, pandas_answers)
    shown = "; ".join(f"{c} {n}/{d}" for c, (n, d) in engine_answers.items())
    BENCHMARKS[0].notes = (
        f"Financial year {_state['period']}. Both give the same numerators and denominators: {shown}. "
        "Engine: Engine(tables) built and run for the five codes (one DuckDB query each). Pandas: "
        "continuum/metrics/reference_pandas.py (DataFrames from the same Arrow tables, NumPy business "
        "days). Ratio = pandas median / engine median."
    )


def _engine() -> dict[str, tuple[Any, Any]]:
    from continuum.metrics.engine import Engine

    results = Engine(_state["tables"]).run(_state["period"], CODES)
    return {r.code: (r.numerator, r.denominator) for r in results}


def _pandas() -> dict[str, tuple[int, int]]:
    from continuum.metrics.reference_pandas import compute_all

    return compute_all(_state["tables"], _state["period"])


BENCHMARKS = [
    Benchmark(
        name="indicators: five indicators, engine vs plain pandas (baseline), one financial year",
        data_size="the 5-year synthetic borough (seed 1), extracted from PostgreSQL once; its last full year",
        run=_engine,
        baseline=_pandas,
        setup=_setup,
        repeat=5,
        needs_database=True,
    ),
]
