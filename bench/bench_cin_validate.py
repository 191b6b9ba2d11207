"""How fast a national-scale CIN census file is parsed and validated, and in how much memory.

The target (issue #6): about 400,000 children -- roughly every child in need
in England in a year -- validated against all 109 DfE rules in under 90 s,
with peak memory under 4 GB, on the 2-core reference machine. The file is
synthetic (``continuum.returns.cin.generate``, seed 2026) with 1% of children
given a typical keying mistake, so the report path is exercised too.

Peak memory is the process's maximum resident set size from
``resource.getrusage`` after the timed runs. Generating the file streams to
disk, so the peak is the validator's.
"""

from __future__ import annotations

import atexit
import resource
import shutil
import tempfile
import time
from pathlib import Path

from continuum.devtools.bench import Benchmark
from continuum.returns.cin import parse_cin, validate_tables

CHILDREN = 400_000
TIME_BUDGET_S = 90
MEMORY_BUDGET_GB = 4

_state: dict[str, object] = {}


def _setup() -> None:
    from continuum.returns.cin.generate import generate_cin_xml

    folder = Path(tempfile.mkdtemp(prefix="continuum-bench-cin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    started = time.perf_counter()
    path = generate_cin_xml(folder / "cin_national.xml", CHILDREN, seed=2026, error_rate=0.01)
    _state["path"] = path
    _state["generate_s"] = time.perf_counter() - started
    _state["size_mb"] = path.stat().st_size / 1e6


def _validate() -> None:
    path = _state["path"]
    assert isinstance(path, Path)
    t0 = time.perf_counter()
    tables = parse_cin(path)
    t1 = time.perf_counter()
    report = validate_tables(tables)
    t2 = time.perf_counter()
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # KiB on Linux
    _BENCH.notes = (
        f"{CHILDREN:,} synthetic children, {_state['size_mb']:.0f} MB of XML "
        f"(generated in {_state['generate_s']:.1f} s, not timed). Last run: parse {t1 - t0:.1f} s, "
        f"109 rules {t2 - t1:.1f} s, {len(report):,} failures. Peak memory (getrusage ru_maxrss): "
        f"{peak_gb:.2f} GB. Budget: {TIME_BUDGET_S} s and {MEMORY_BUDGET_GB} GB -- "
        + ("met." if t2 - t0 < TIME_BUDGET_S and peak_gb < MEMORY_BUDGET_GB else "NOT MET.")
    )


_BENCH = Benchmark(
    name="CIN census: parse + validate (109 rules)",
    data_size=f"{CHILDREN:,} children (synthetic XML)",
    run=_validate,
    repeat=3,
    setup=_setup,
)

BENCHMARKS = [_BENCH]
