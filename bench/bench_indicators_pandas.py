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

from pathlib import Path
from typing import Any

from continuum.devtools.bench import ROOT, Benchmark

CODES = ("rereferral_12m", "assessments_45wd_from_referral", "icpc_15wd", "cp_repeat", "cla_3plus_placements")
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


def _national_engine() -> dict[str, tuple[Any, Any]]:
    from continuum.metrics.cli import parquet_dir_tables
    from continuum.metrics.engine import Engine

    results = Engine(parquet_dir_tables(_national_dir())).run(NATIONAL_PERIOD, CODES)
    return {r.code: (r.numerator, r.denominator) for r in results}


def _national_pandas() -> dict[str, tuple[int, int]]:
    import pyarrow.parquet as pq

    from continuum.metrics.reference_pandas import compute_all

    folder = _national_dir()
    needed = ("referrals", "assessments", "s47", "cp_plans", "cla_episodes")
    return compute_all({t: pq.read_table(folder / f"{t}.parquet") for t in needed}, NATIONAL_PERIOD)


def _national_dir() -> Path:
    return ROOT / "var" / "bench" / "national"  # as in bench_indicators_national.py


def _national_setup() -> None:
    """The national Parquet of bench_indicators_national.py (written if absent); answers compared first."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_indicators_national import _setup as write_if_absent  # type: ignore[import-not-found]

    write_if_absent()
    engine_answers, pandas_answers = _national_engine(), _national_pandas()
    assert engine_answers == pandas_answers, (engine_answers, pandas_answers)
    shown = "; ".join(f"{c} {n:,}/{d:,}" for c, (n, d) in engine_answers.items())
    BENCHMARKS[1].notes = (
        f"Financial year {NATIONAL_PERIOD}, 150 boroughs. Same answers: {shown}. Both read the five "
        "indicators' Parquet files each run: the engine through DuckDB views, pandas with "
        "pyarrow.parquet.read_table then to_pandas. Ratio = pandas median / engine median."
    )


NATIONAL_PERIOD = "2025-26"

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
    Benchmark(
        name="indicators: five indicators, engine vs plain pandas (baseline), national scale",
        data_size="150 synthetic boroughs (bench_indicators_national.py's Parquet), financial year 2025-26",
        run=_national_engine,
        baseline=_national_pandas,
        setup=_national_setup,
        repeat=3,
    ),
]
