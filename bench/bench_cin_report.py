"""Writing the validation report files (``--out``: CSV and XLSX) against validating alone.

The target (issue 13, point 5): with ``--out``, writing the failures CSV, the
summary and the XLSX adds at most the validation's own time, so the row's
ratio (validation alone / validation and writing) is at least 0.5x. Before
the XLSX was written straight from Arrow, a 40,000-child run took seven times
as long with ``--out`` (2.1 s -> 14.5 s). The file is synthetic
(``continuum.returns.cin.generate``, seed 2026) with every child given a
keying mistake, so the report has a failure per child to write.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path

from continuum.devtools.bench import Benchmark
from continuum.returns.cin import validate_cin

CHILDREN = 40_000

_state: dict[str, object] = {}


def _setup() -> None:
    from continuum.returns.cin.generate import generate_cin_xml

    folder = Path(tempfile.mkdtemp(prefix="continuum-bench-cin-out-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _state["path"] = generate_cin_xml(folder / "cin.xml", CHILDREN, seed=2026, error_rate=1.0)
    _state["out"] = folder / "out"


def _validate() -> None:
    path = _state["path"]
    assert isinstance(path, Path)
    _state["report"] = validate_cin(path)


def _validate_and_write() -> None:
    out = _state["out"]
    assert isinstance(out, Path)
    t0 = time.perf_counter()
    _validate()
    t1 = time.perf_counter()
    report = _state["report"]
    report.write_csv(out)  # type: ignore[attr-defined]
    report.write_xlsx(out)  # type: ignore[attr-defined]
    t2 = time.perf_counter()
    ratio = (t2 - t0) / (t1 - t0)
    _BENCH.notes = (
        f"{CHILDREN:,} synthetic children, {len(report):,} failures (one keying mistake per child). "  # type: ignore[arg-type]
        f"Last run: validate {t1 - t0:.2f} s, write CSV + XLSX {t2 - t1:.2f} s; with --out the run takes "
        f"{ratio:.2f}x the validation's time. Budget: at most 2x (writing adds at most the validation's "
        "own time) -- " + ("met." if ratio <= 2 else "NOT MET.")
    )


_BENCH = Benchmark(
    name="CIN census: validate and write the report (--out: CSV + XLSX)",
    data_size=f"{CHILDREN:,} children, a failure each (synthetic XML)",
    run=_validate_and_write,
    baseline=_validate,
    repeat=3,
    setup=_setup,
)

BENCHMARKS = [_BENCH]
