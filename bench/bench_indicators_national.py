"""The full yearly indicator set over national-scale synthetic data: time and peak memory.

Issue #5 point 7: "the full yearly set over a national-scale synthetic dataset
(about 150 boroughs, Parquet from the generator's ``--scale``): under 60 s and
under 8 GB of memory on this 2-core machine". Each run is ``./run kpi`` in a
fresh process (``python -m continuum.cli kpi --period FY --parquet DIR``), so
the time includes start-up and the memory is that process's own peak resident
set (``ru_maxrss`` of the child), not the generator's.

The data is written once, by the setup, to ``var/bench/national`` with
``./run synth --scale 150 --years 2`` (150 boroughs derived from 6 simulated
ones; see continuum/synth/national.py); delete the folder to regenerate.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

from continuum.devtools.bench import ROOT, Benchmark

DIR = ROOT / "var" / "bench" / "national"
BOROUGHS = 150
YEARS = 2
END = date(2026, 3, 31)
PERIOD = "2025-26"
_peaks: list[float] = []


def _setup() -> None:
    from continuum.synth.national import NationalConfig, write_national

    if not (DIR / "children.parquet").exists():
        write_national(NationalConfig(boroughs=BOROUGHS, years=YEARS, last_year_end=END), DIR, progress=None)


def _rows() -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in Path(DIR).glob("*.parquet"))


def _yearly_set() -> None:
    command = [sys.executable, "-m", "continuum.cli", "kpi", "--period", PERIOD, "--parquet", str(DIR)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0 or "error" in done.stdout:
        raise RuntimeError(f"kpi failed: {done.stderr[-2000:]}{done.stdout[-2000:]}")
    # The largest peak of any child so far: every child is one of these runs.
    _peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024)
    BENCHMARKS[0].notes = (
        f"./run kpi --period {PERIOD} --parquet var/bench/national in a fresh process, every registered "
        f"indicator; DuckDB reads the Parquet files directly (no Arrow copy). Peak memory of the kpi "
        f"process (ru_maxrss): {max(_peaks):.2f} GB. {_rows():,} rows in all. Targets: under 60 s and 8 GB."
    )


BENCHMARKS = [
    Benchmark(
        name="indicators: full yearly set, national scale (150 boroughs, Parquet)",
        data_size=f"{BOROUGHS} synthetic boroughs (./run synth --scale {BOROUGHS} --years {YEARS}), "
        f"financial year {PERIOD}",
        run=_yearly_set,
        setup=_setup,
        repeat=3,
    ),
]
