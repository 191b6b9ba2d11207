"""``./run bench``: time the benchmarks in bench/ and write BENCHMARKS.md.

Each file ``bench/bench_*.py`` defines ``BENCHMARKS``, a list of
:class:`Benchmark`. Every benchmark is run several times and its median is
reported with the machine, the data size and the command that reproduces it.
Where an issue asks for a ratio, a benchmark names a ``baseline`` run in the
same process so both face the same machine state.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from continuum.commands import command

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Benchmark:
    name: str
    data_size: str
    run: Callable[[], object]
    repeat: int = 7
    setup: Callable[[], object] | None = None
    needs_database: bool = False
    baseline: Callable[[], object] | None = None
    notes: str = ""
    timings: list[float] = field(default_factory=list)
    baseline_timings: list[float] = field(default_factory=list)


def _time(func: Callable[[], object], repeat: int) -> list[float]:
    func()  # warm-up, not counted
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def discover(folder: Path) -> list[Benchmark]:
    found: list[Benchmark] = []
    for path in sorted(folder.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench.{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"Cannot load benchmarks from {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.extend(module.BENCHMARKS)
    return found


def machine_description() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{mem}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


HEADER = "| benchmark | data size | runs | median | min | max | baseline median | ratio | run on |"


def _row(b: Benchmark, when: str) -> str:
    med = statistics.median(b.timings)
    base = statistics.median(b.baseline_timings) if b.baseline_timings else None
    return (
        f"| {b.name} | {b.data_size} | {len(b.timings)} | {med * 1000:.2f} ms | "
        f"{min(b.timings) * 1000:.2f} ms | {max(b.timings) * 1000:.2f} ms | "
        + (f"{base * 1000:.2f} ms | {base / med:.1f}× |" if base else "– | – |")
        + f" {when} |"
    )


def _previous_rows(path: Path) -> dict[str, str]:
    """Rows of an earlier report, by benchmark name, so ``--only`` updates in place."""
    if not path.exists():
        return {}
    rows: dict[str, str] = {}
    in_table = False
    for line in path.read_text().splitlines():
        if line.startswith("| benchmark |"):
            in_table = line == HEADER
            continue
        if in_table and line.startswith("|---"):
            continue
        if in_table and line.startswith("| "):
            rows[line.split("|")[1].strip()] = line
        else:
            in_table = False
    return rows


def _previous_notes(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    notes = {}
    for line in path.read_text().splitlines():
        if line.startswith("- **") and "**: " in line:
            notes[line[4 : line.index("**: ")]] = line
    return notes


def write_report(benchmarks: list[Benchmark], path: Path, command_line: str) -> None:
    """Write BENCHMARKS.md; rows of benchmarks not run this time are kept as they were."""
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    rows = _previous_rows(path)
    notes = _previous_notes(path)
    for b in benchmarks:
        rows[b.name] = _row(b, when)
        if b.notes:
            notes[b.name] = f"- **{b.name}**: {b.notes}"
        else:
            notes.pop(b.name, None)
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {machine_description()}.",
        "",
        "Each figure is the median of repeated runs after one warm-up run. Rows are updated by the",
        "runs that include them; the last column says when.",
        "",
        HEADER,
        "|---|---|---|---|---|---|---|---|---|",
        *rows.values(),
    ]
    if notes:
        lines += ["", "Notes:", "", *notes.values()]
    lines += [
        "",
        "Reproduce with `./run bench` (all) or `./run bench --only TEXT` (those whose name contains TEXT).",
        f"Last run: `{command_line}`.",
        "",
    ]
    path.write_text("\n".join(lines))


def _bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--only", help="run only benchmarks whose name contains this text")
    p.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"), help="where to write the report")


@command("bench", "run the benchmarks in bench/ and write BENCHMARKS.md", _bench_args)
def run_benchmarks(ns: argparse.Namespace) -> int:
    benchmarks = [b for b in discover(ROOT / "bench") if not ns.only or ns.only in b.name]
    if not benchmarks:
        print("No benchmark matched.")
        return 1
    if any(b.needs_database for b in benchmarks):
        from continuum.commands import with_database

        scope = with_database("continuum_bench")
    else:
        import contextlib

        scope = contextlib.nullcontext()
    with scope:
        for b in benchmarks:
            if b.setup:
                print(f"Preparing {b.name}…", flush=True)
                b.setup()
            print(f"Timing {b.name} ({b.repeat} runs)…", flush=True)
            b.timings = _time(b.run, b.repeat)
            if b.baseline:
                b.baseline_timings = _time(b.baseline, b.repeat)
    command_line = "./run bench" + (f" --only {ns.only}" if ns.only else "")
    write_report(benchmarks, Path(ns.output), command_line)
    print(f"Wrote {ns.output}")
    return 0
