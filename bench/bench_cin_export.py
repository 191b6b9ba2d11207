"""How fast the CIN census is written for the 5-year synthetic borough (issue #6: under 10 s).

Setup builds the borough as Parquet (``./run synth --years 5 --seed 1 --no-db
--parquet DIR``, not timed); the timed run reads the Parquet files and writes
the census for the last year.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from continuum.devtools.bench import ROOT, Benchmark
from continuum.returns.export.cin import export_cin
from continuum.returns.export.source import load_parquet
from continuum.synth.simulate import default_last_year_end

TIME_BUDGET_S = 10
_state: dict[str, Path] = {}


def _setup() -> None:
    folder = Path(tempfile.mkdtemp(prefix="continuum-bench-cin-export-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    subprocess.run(
        [
            str(ROOT / "run"),
            "synth",
            "--years",
            "5",
            "--seed",
            "1",
            "--no-db",
            "--parquet",
            str(folder / "pq"),
        ],
        check=True,
        capture_output=True,
    )
    _state["folder"] = folder


def _export() -> None:
    folder = _state["folder"]
    year = default_last_year_end().year
    export_cin(load_parquet(folder / "pq"), folder / "cin.xml", year, generated=datetime(year, 4, 1))


BENCHMARKS = [
    Benchmark(
        name="CIN census export (Parquet -> XML)",
        data_size="5-year synthetic borough, seed 1 (last year's census)",
        run=_export,
        repeat=5,
        setup=_setup,
        notes=f"Budget: {TIME_BUDGET_S} s.",
    )
]
