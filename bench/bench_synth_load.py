"""How fast a synthetic borough is simulated and loaded, and how fast the analytical tables come back out.

Issue #3 point 6 asks that five years of one borough generate AND load in
under 3 minutes on a 2-core machine; issue #5's extractor feeds every
indicator, so its time is the floor of every dashboard refresh.
"""

from __future__ import annotations

from continuum.devtools.bench import Benchmark

SYNTH_YEARS = 5
SYNTH_SEED = 1


def _setup() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _simulate_and_load() -> None:
    from continuum.synth.load import load_borough
    from continuum.synth.simulate import simulate

    load_borough(simulate(years=SYNTH_YEARS, seed=SYNTH_SEED), replace=True, progress=None)


def _extract_setup() -> None:
    from continuum.journey.models import ChronologyEvent
    from continuum.synth.load import STEP

    _setup()
    if not ChronologyEvent.objects.filter(step=STEP).exists():
        _simulate_and_load()


def _extract() -> None:
    from continuum.metrics.extract import extract_tables

    extract_tables()


BENCHMARKS = [
    Benchmark(
        name="synth: simulate + load 5 years of one borough",
        data_size="seed 1, 5 years: about 350,000 records, 460,000 rows and 400,000 chronology events",
        run=_simulate_and_load,
        setup=_setup,
        repeat=2,
        needs_database=True,
        notes="One transaction: COPY of every table, 21 SQL invariant checks, chronology, ANALYZE. "
        "Replaces the case tables each run. Target: under 180 s.",
    ),
    Benchmark(
        name="metrics: extract_tables() from the database",
        data_size="the 5-year synthetic borough (seed 1): 16 analytical tables, about 340,000 rows",
        run=_extract,
        setup=_extract_setup,
        repeat=5,
        needs_database=True,
        notes="COPY (SELECT ...) TO STDOUT as CSV, parsed by Arrow's CSV reader.",
    ),
]
