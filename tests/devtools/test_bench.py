"""BENCHMARKS.md keeps the rows of benchmarks a partial run did not include."""

from __future__ import annotations

from pathlib import Path

from continuum.devtools.bench import Benchmark, write_report


def _done(name: str, seconds: float) -> Benchmark:
    b = Benchmark(name=name, data_size="tiny", run=lambda: None, notes=f"about {name}")
    b.timings = [seconds, seconds * 2, seconds * 3]  # median = 2 × seconds
    return b


def test_partial_run_updates_its_rows_and_keeps_the_others(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    write_report([_done("alpha", 0.001), _done("beta", 0.002)], report, "./run bench")
    write_report([_done("beta", 0.010)], report, "./run bench --only beta")
    text = report.read_text()
    alpha = next(line for line in text.splitlines() if line.startswith("| alpha |"))
    beta = next(line for line in text.splitlines() if line.startswith("| beta |"))
    assert "| 2.00 ms |" in alpha  # untouched: median of 1, 2, 3 ms
    assert "| 20.00 ms |" in beta  # replaced: median of 10, 20, 30 ms
    assert "- **alpha**: about alpha" in text
    assert text.count("| beta |") == 1


def test_baseline_gives_a_ratio(tmp_path: Path) -> None:
    b = _done("fast", 0.001)
    b.baseline_timings = [0.010, 0.020, 0.030]
    report = tmp_path / "BENCHMARKS.md"
    write_report([b], report, "./run bench")
    assert "| 20.00 ms | 10.0× |" in report.read_text()
