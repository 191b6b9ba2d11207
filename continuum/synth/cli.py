"""``./run synth``: simulate a borough, load it into the database, print its yearly figures.

By default the borough is written into the database that DATABASE_URL names
(or the demo's embedded server under var/) and the yearly figures printed at
the end are computed back FROM THE DATABASE, so they prove what was written.

Examples::

    ./run synth --years 5 --seed 1            # simulate, load, figures from the database
    ./run synth --years 5 --seed 1 --replace  # empty the case record first, then load
    ./run synth --no-db --years 5             # simulation only, figures from the simulation
    ./run synth --years 5 --seed 1 --table    # every figure against its target
    ./run synth --no-db --as-of 2026-11-30    # up to that day (as the demo), figures for complete years
    ./run synth --parquet var/synth           # also write the analytical tables
    ./run synth --scale 20 --parquet var/big  # 20 boroughs, Parquet only
    ./run synth --scale 150 --out var/national  # national scale: 150 boroughs from 6 simulated bases
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from continuum.commands import command

__all__: list[str] = []


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--years", type=int, default=5, help="financial years to report (default 5)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same borough")
    p.add_argument(
        "--end",
        type=date.fromisoformat,
        default=None,
        help="31 March ending the last year (default: the last complete financial year)",
    )
    p.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="simulate up to this day instead, with --years complete years before its financial year "
        "(as the demo does); the figures are for the complete years",
    )
    p.add_argument(
        "--parquet",
        "--out",
        dest="parquet",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the analytical tables here",
    )
    p.add_argument(
        "--scale",
        type=int,
        default=None,
        metavar="N",
        help="simulate N boroughs (derived seeds, distinct LA codes and ids) and write them to --parquet; "
        "above 100 (or with --bases) they are derived from a few simulated bases (synth/national.py)",
    )
    p.add_argument(
        "--bases",
        type=int,
        default=None,
        metavar="B",
        help="with --scale: simulate only B base boroughs and derive the N from them (default 6 above N=100)",
    )
    p.add_argument("--table", action="store_true", help="print every calibrated figure against its target")
    p.add_argument("--no-db", action="store_true", help="simulate only: do not load into the database")
    p.add_argument(
        "--replace",
        action="store_true",
        help="if the database already holds children, empty the people and journey tables first",
    )


def print_table(figures: list[dict[str, float]]) -> int:
    """Print target vs simulated per year; return the number of figures outside tolerance."""
    from continuum.synth.calibration import TARGETS, check, format_target, format_value

    checks = check(figures)
    years = [f"{int(f['year_start'])}-{(int(f['year_start']) + 1) % 100:02d}" for f in figures]
    print(f"{'Figure':44} {'Target':>13} " + " ".join(f"{y:>9}" for y in years))
    failures = 0
    for target in TARGETS:
        row = [c for c in checks if c.target is target]
        cells = []
        for c in row:
            mark = " " if c.strict else ("~" if c.ok else "!")
            failures += not c.ok
            cells.append(f"{format_value(target, c.value) + mark:>9}")
        print(f"{target.label[:44]:44} {format_target(target):>13} " + " ".join(cells))
    print("  ~ outside ±15% but within the 99.8% funnel limit; ! outside both")
    return failures


@command("synth", "simulate a synthetic borough and print its yearly figures (or write Parquet)", _args)
def _synth(ns: argparse.Namespace) -> int:
    from continuum.synth.calibration import check, yearly_figures
    from continuum.synth.parquet import borough_tables, write_parquet
    from continuum.synth.simulate import SimConfig, simulate
    from continuum.synth.summary import summary_lines

    if ns.scale is not None:
        if ns.as_of is not None:
            raise SystemExit("--as-of simulates one borough; with --scale give --end")
        if ns.parquet is None:
            raise SystemExit("--scale writes Parquet: give --parquet DIR")
        if ns.scale > 100 or ns.bases is not None:
            return _national(ns)
        if not 1 <= ns.scale <= 100:
            raise SystemExit("--scale must be 1-100, or above with derived boroughs (see --bases)")

        def boroughs():  # type: ignore[no-untyped-def]
            for i in range(ns.scale):
                started = time.perf_counter()
                b = simulate(
                    SimConfig(years=ns.years, seed=ns.seed * 1000 + i, last_year_end=ns.end, borough_index=i)
                )
                print(
                    f"borough {b.la_code} (seed {b.seed}): {sum(b.counts().values()):,} rows "
                    f"in {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                yield b

        started = time.perf_counter()
        counts = write_parquet(boroughs(), ns.parquet)
        print(f"wrote {sum(counts.values()):,} rows to {ns.parquet} in {time.perf_counter() - started:.1f} s")
        return 0

    if ns.as_of is not None and ns.end is not None:
        raise SystemExit("give --end or --as-of, not both")
    started = time.perf_counter()
    config = SimConfig(years=ns.years, seed=ns.seed, last_year_end=ns.end, as_of=ns.as_of)
    borough = simulate(config)
    elapsed = time.perf_counter() - started
    print(f"{borough.name} (LA {borough.la_code}), seed {ns.seed}: simulated in {elapsed:.1f} s", flush=True)
    if ns.parquet is not None:
        counts = write_parquet([borough], ns.parquet)
        print(f"wrote {sum(counts.values()):,} rows to {ns.parquet}")
    if ns.no_db:
        source = borough
    else:
        back = _load_and_read_back(borough, config, replace=ns.replace)
        if back is None:
            return 1
        source = back
        print("Figures computed from the database:")
    figures = yearly_figures(source)
    # The printed figures are the indicator library's, as the dashboards show them.
    for line in summary_lines(borough_tables(source), [int(f["year_start"]) for f in figures]):
        print(line)
    failures = print_table(figures) if ns.table else sum(not c.ok for c in check(figures))
    if failures:
        print(f"{failures} figure(s) outside tolerance (./run synth --table shows which)")
    return 0


def _national(ns: argparse.Namespace) -> int:
    """``--scale N`` above 100: N boroughs derived from a few simulated bases, streamed to Parquet."""
    from continuum.synth.national import NationalConfig, write_national

    if not 1 <= ns.scale <= 999:
        raise SystemExit("--scale must be 1-999 (LA codes N001-N999)")
    config = NationalConfig(
        boroughs=ns.scale,
        bases=ns.bases or 6,
        years=ns.years,
        seed=ns.seed,
        last_year_end=ns.end,
    )
    started = time.perf_counter()
    counts = write_national(config, ns.parquet, progress=lambda line: print(line, flush=True))
    print(f"wrote {sum(counts.values()):,} rows to {ns.parquet} in {time.perf_counter() - started:.1f} s")
    return 0


def _load_and_read_back(borough, config, *, replace: bool):  # type: ignore[no-untyped-def]
    """Load into the database, then read back what it holds (the figures are computed from that)."""
    import os

    from continuum.commands import with_database

    with with_database():
        os.environ.setdefault("CONTINUUM_LA_CODE", borough.la_code)
        from django.core.management import call_command

        from continuum.synth.load import (
            DatabaseNotEmptyError,
            LoadRuleError,
            borough_from_database,
            load_borough,
        )

        call_command("migrate", interactive=False, verbosity=0)
        print("Loading into the database:", flush=True)
        try:
            load_borough(borough, replace=replace, progress=lambda line: print(line, flush=True))
        except (DatabaseNotEmptyError, LoadRuleError) as exc:
            print(exc)
            return None
        from continuum.synth.population import load_population, population_of

        totals = load_population(population_of(borough, config.wards))
        print(f"population estimates for {min(totals)}-{max(totals)} (rates per 10,000)", flush=True)
        started = time.perf_counter()
        back = borough_from_database(
            years=borough.years, extracted_on=borough.extracted_on, child_population=config.child_population
        )
        print(f"extracted {sum(back.counts().values()):,} rows in {time.perf_counter() - started:.1f} s")
        return back
