"""How fast a national-scale SSDA903 return is parsed and validated, and in how much memory.

The return is synthetic and deterministic (``random.Random(2026)``): 150
boroughs' worth of children looked after, about 80,000 children -- roughly
every child looked after in England in a year -- as the eleven DfE CSV files
plus last year's Header and Episodes, so the rules that compare years run
too. Children are a mix of long-term looked after (the OC2 cohort), new
entrants, leavers (some adopted) and care leavers (OC3), with placement
moves, reviews, missing periods, UASC and social worker episodes. The data
is plausible rather than clean, so the report path is exercised as well.

Timed: ``parse_903`` (reading the CSVs into Arrow) plus
``validate_903_tables`` (every 2025-26 rule in DuckDB). Generating the
files is setup, not timed. Peak memory is the process's maximum resident
set size from ``resource.getrusage`` after the timed runs; generation
streams rows to disk, so the peak is the parser's and validator's.
"""

from __future__ import annotations

import atexit
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from continuum.devtools.bench import ROOT, Benchmark
from continuum.returns.ssda903 import RULESETS, parse_903, validate_903_tables
from continuum.returns.ssda903.schema import TABLES

BOROUGHS = 150
CHILDREN_PER_BOROUGH = 533  # 150 x 533 = 79,950 children
SEED = 2026
YEAR = "2025-26"
TIME_BUDGET_S = 60
MEMORY_BUDGET_GB = 4

START, END = date(2025, 4, 1), date(2026, 3, 31)
_FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
_PLACES = (*_FOSTER, *_FOSTER, *_FOSTER, "K2", "K2", "K3", "P1", "R1", "S1", "Z1")
_PROVIDER = {"P1": "PR0", "K2": "PR4", "K3": "PR4", "S1": "PR5", "R1": "PR3", "Z1": None}
_REC_LEFT = ("E8", "E8", "E4A", "E13", "E41", "E3", "E5", "E11", "E45")
_ETHNIC = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "AOTH", "BAFR", "BCRB", "OOTH", "REFU")

_state: dict[str, object] = {}


def _d(x: date | None) -> str:
    return x.strftime("%d/%m/%Y") if x else ""


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


class _Writers:
    """One csv.writer per table (and for last year's Header and Episodes), columns in DfE order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handles: list = []
        self.writers: dict[str, tuple[csv.writer, list[str]]] = {}
        self.rows = 0
        for name, table in TABLES.items():
            self._open(name, f"{table.display}.csv", [c.name for c in table.required])
        for name in ("header", "episodes"):
            self._open(
                f"{name}_last", f"last/{TABLES[name].display}.csv", [c.name for c in TABLES[name].required]
            )

    def _open(self, key: str, rel: str, cols: list[str]) -> None:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = path.open("w", newline="", encoding="utf-8")
        self.handles.append(fh)
        w = csv.writer(fh)
        w.writerow(cols)
        self.writers[key] = (w, cols)

    def add(self, key: str, **values: str | None) -> None:
        w, cols = self.writers[key]
        w.writerow([values.get(c) or "" for c in cols])
        self.rows += 1

    def close(self) -> None:
        for fh in self.handles:
            fh.close()


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUWYZ"
    area = f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 20)}"
    return f"{area} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _placement(rng: random.Random) -> dict[str, str | None]:
    place = rng.choice(_PLACES)
    provider = _PROVIDER.get(place, rng.choice(("PR1", "PR1", "PR4", "PR5")))
    urn = f"SC{rng.randint(100000, 999999)}" if place in ("K2", "K3", "S1") else None
    return {
        "PLACE": place,
        "PLACE_PROVIDER": provider,
        "PL_POST": None if place == "Z1" else _postcode(rng),
        "URN": urn,
    }


def _child(rng: random.Random, w: _Writers, child: str) -> None:
    kind = rng.random()
    care_leaver = kind < 0.12
    if care_leaver:
        dob = date(2004, 4, 1) + timedelta(days=rng.randint(0, 365 * 4))
    else:
        dob = date(2007, 6, 1) + timedelta(days=rng.randint(0, 365 * 18))
    sex = rng.choice("MF")
    mother = ("0" if rng.random() < 0.97 else "1") if sex == "F" and 11 <= _age(dob, END) < 18 else None
    hdr = {
        "CHILD": child,
        "SEX": sex,
        "DOB": _d(dob),
        "ETHNIC": rng.choice(_ETHNIC),
        "UPN": rng.choice(("UN1", "UN2", "UN3", "UN5"))
        if rng.random() < 0.1
        else f"A{rng.randint(10**11, 10**12 - 1)}",
        "MOTHER": mother,
    }
    w.add("header", **hdr)
    home = _postcode(rng)
    if care_leaver:
        w.add("header_last", **hdr)
        start = max(dob + timedelta(days=365 * 14), date(2023, 4, 1))
        left = min(
            START - timedelta(days=1), max(start + timedelta(days=200), dob + timedelta(days=365 * 16 + 30))
        )
        w.add(
            "episodes_last",
            CHILD=child,
            DECOM=_d(start),
            RNE="S",
            LS="C2",
            CIN="N1",
            HOME_POST=home,
            DEC=_d(left),
            REC="E8",
            **_placement(rng),
        )
        w.add(
            "oc3",
            CHILD=child,
            DOB=_d(dob),
            IN_TOUCH="YES",
            ACTIV=rng.choice(("F1", "P1", "F2", "G4")),
            ACCOM=rng.choice(("B1", "C2", "S1", "U1")),
        )
        return
    earliest = max(dob + timedelta(days=1), date(2019, 1, 1))
    carried = rng.random() < 0.6 and earliest < START - timedelta(days=30)
    if carried:
        poc = earliest + timedelta(days=rng.randint(0, (START - earliest).days - 30))
    else:
        poc = max(earliest, START) + timedelta(days=rng.randint(0, 300))
        if poc > END - timedelta(days=5):
            poc = END - timedelta(days=30)
    ls = rng.choice(("C2", "C2", "C2", "C1", "V2"))
    cin = rng.choice(("N1", "N1", "N2", "N4", "N5", "N6", "N8"))
    # Placement moves: one to three episodes, the first started at ``poc``.
    n = rng.choice((1, 1, 2, 2, 3))
    span = max(21, (END - poc).days - 5)
    starts = sorted({poc, *(poc + timedelta(days=rng.randint(20, span)) for _ in range(n - 1))})
    starts = [s for s in starts if s < END]
    leaves = rng.random() < 0.3
    last_end = END if not leaves else min(END, starts[-1] + timedelta(days=rng.randint(10, 200)))
    eps = []
    for k, s in enumerate(starts):
        dec = starts[k + 1] if k + 1 < len(starts) else (last_end if leaves else None)
        rec = "X1" if k + 1 < len(starts) else (rng.choice(_REC_LEFT) if leaves else None)
        pl = _placement(rng)
        if rec in ("E11", "E12"):
            pl = {"PLACE": "A4", "PLACE_PROVIDER": "PR1", "PL_POST": _postcode(rng), "URN": None}
        if rec == "E45":
            pl["PLACE"] = "U1"
        eps.append(
            {
                "CHILD": child,
                "DECOM": _d(s),
                "RNE": "S" if k == 0 else "P",
                "LS": ls,
                "CIN": cin,
                "DEC": _d(dec),
                "REC": rec,
                "HOME_POST": home,
                "REASON_PLACE_CHANGE": "CARPL" if rec == "X1" else None,
                **pl,
            }
        )
    # A carried-over child's first episode is last year's open one.
    first_this_year = 0
    if carried:
        w.add("header_last", **hdr)
        w.add("episodes_last", **{**eps[0], "DEC": None, "REC": None, "REASON_PLACE_CHANGE": None})
    for e in eps[first_this_year:]:
        w.add("episodes", **e)
    dob_s = _d(dob)
    for r in range(rng.randint(0, 3)):
        when = max(poc, START) + timedelta(days=20 + 90 * r)
        if when <= min(last_end, END):
            w.add(
                "reviews",
                CHILD=child,
                DOB=dob_s,
                REVIEW=_d(when),
                REVIEW_CODE="PN0" if _age(dob, when) < 4 else rng.choice(("PN1", "PN2", "PN3", "PN4")),
            )
    if rng.random() < 0.1 and _age(dob, END) >= 10:
        m = max(poc, START) + timedelta(days=rng.randint(1, 30))
        if m < last_end - timedelta(days=3):
            w.add(
                "missing",
                CHILD=child,
                DOB=dob_s,
                MISSING=rng.choice("MA"),
                MIS_START=_d(m),
                MIS_END=_d(m + timedelta(days=rng.randint(0, 2))),
            )
    if rng.random() < 0.05:
        w.add("uasc", CHILD=child, DOB=dob_s, SEX=sex, DUC=_d(dob + timedelta(days=365 * 18)))
    if poc >= START:
        w.add("prev_perm", CHILD=child, DOB=dob_s, PREV_PERM=rng.choice(("Z1", "Z1", "P1", "P4")))
    if not leaves:
        w.add(
            "social_worker",
            CHILD=child,
            DOB=dob_s,
            SW_ID=f"SW{rng.randint(1, 9999)}",
            SW_DECOM=_d(min(poc, START)),
        )
    if carried and not leaves and ls not in ("V3", "V4"):
        age_start, age_end = _age(dob, START), _age(dob, END)
        sdq = str(rng.randint(0, 40)) if age_start >= 4 and age_end <= 16 else None
        w.add(
            "oc2",
            CHILD=child,
            DOB=dob_s,
            SDQ_SCORE=sdq,
            SDQ_REASON=None if sdq or age_end < 4 else "SDQ1",
            CONVICTED="0" if age_end >= 10 else None,
            HEALTH_CHECK="1" if age_end < 5 else None,
            IMMUNISATIONS="1",
            TEETH_CHECK="1",
            HEALTH_ASSESSMENT="1",
            SUBSTANCE_MISUSE="0",
        )
    if any(e["REC"] in ("E11", "E12") for e in eps):
        adopted = eps[-1]
        w.add("placed_adoption", CHILD=child, DOB=dob_s, DATE_PLACED=_d(poc))
        w.add(
            "ad1",
            CHILD=child,
            DOB=dob_s,
            DATE_INT=_d(poc),
            DATE_MATCH=adopted["DECOM"],
            FOSTER_CARE="0",
            NB_ADOPTR="2",
            SEX_ADOPTR="MF",
            LS_ADOPTR="L0",
        )


def generate_903(
    folder: Path, boroughs: int = BOROUGHS, per_borough: int = CHILDREN_PER_BOROUGH, seed: int = SEED
) -> int:
    """Write a synthetic SSDA903 return: this year's 11 CSVs and last/ Header and Episodes.

    Returns the number of rows written.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    w = _Writers(folder)
    try:
        for b in range(boroughs):
            for n in range(per_borough):
                _child(rng, w, f"C{800 + b}{n:05d}")
    finally:
        w.close()
    return w.rows


def _setup() -> None:
    folder = Path(tempfile.mkdtemp(prefix="continuum-bench-903-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    started = time.perf_counter()
    rows = generate_903(folder)
    _state.update(
        current=sorted(folder.glob("*.csv")),
        last=sorted((folder / "last").glob("*.csv")),
        rows=rows,
        generate_s=time.perf_counter() - started,
        size_mb=sum(p.stat().st_size for p in folder.rglob("*.csv")) / 1e6,
    )


def _validate() -> None:
    t0 = time.perf_counter()
    tables = parse_903(_state["current"], _state["last"])  # type: ignore[arg-type]
    t1 = time.perf_counter()
    ruleset = RULESETS[YEAR]
    report = validate_903_tables(tables, ruleset)
    t2 = time.perf_counter()
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # KiB on Linux
    children = BOROUGHS * CHILDREN_PER_BOROUGH
    _BENCH.notes = (
        f"{children:,} synthetic children ({BOROUGHS} boroughs), {_state['rows']:,} rows, "
        f"{_state['size_mb']:.0f} MB of CSV incl. last year's Header/Episodes (generated in "
        f"{_state['generate_s']:.1f} s, not timed). Last run: parse {t1 - t0:.1f} s, "
        f"{len(ruleset.rules)} rules {t2 - t1:.1f} s, {len(report):,} failures. "
        f"Peak memory (getrusage ru_maxrss): {peak_gb:.2f} GB. "
        f"Budget: {TIME_BUDGET_S} s and {MEMORY_BUDGET_GB} GB -- "
        + ("met." if t2 - t0 < TIME_BUDGET_S and peak_gb < MEMORY_BUDGET_GB else "NOT MET.")
    )


_BENCH = Benchmark(
    name="SSDA903: parse + validate (all 2025-26 rules)",
    data_size=f"{BOROUGHS * CHILDREN_PER_BOROUGH:,} children, {BOROUGHS} boroughs (synthetic CSV)",
    run=_validate,
    repeat=3,
    setup=_setup,
)


class _AgainstBaseline:
    """Today's validator against the one kept in ``bench/baseline_ssda903`` (commit e9f783b), on the
    same files in the same process: the issue's sizes, 5 and 50 boroughs of 535 children.

    Each side parses the CSVs and runs its own 2025-26 rule set (the baseline has fewer rules:
    both counts are in the note beside the ratio). Setup generates the files once.
    """

    def __init__(self, boroughs: int, repeat: int) -> None:
        self.boroughs = boroughs
        self.children = boroughs * 535
        self.files: tuple[list[Path], list[Path]] = ([], [])
        self.last: dict[str, str] = {}
        self.cpu: dict[str, list[float]] = {}
        self.bench = Benchmark(
            name=f"SSDA903 against the e9f783b baseline: {self.children:,} children",
            data_size=f"{self.children:,} synthetic children ({boroughs} x 535), this year's 12 CSVs "
            "and last year's Header and Episodes",
            run=self.current,
            baseline=self.baseline,
            repeat=repeat,
            setup=self.setup,
        )

    def setup(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix=f"continuum-bench-903-{self.boroughs}-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        generate_903(folder, boroughs=self.boroughs, per_borough=535)
        self.files = (sorted(folder.glob("*.csv")), sorted((folder / "last").glob("*.csv")))

    def _run(self, side: str, parse, validate, ruleset) -> None:
        c0, t0 = time.process_time(), time.perf_counter()
        tables = parse(*self.files)
        t1 = time.perf_counter()
        report = validate(tables, ruleset)
        t2 = time.perf_counter()
        self.cpu.setdefault(side, []).append(time.process_time() - c0)
        in_arrow = ""
        if side == "today":  # how many of them were evaluated in Arrow, the rest being DuckDB queries
            from continuum.returns.ssda903.engine import _vectorised

            run = [r for r in ruleset.rules if r.code in report.rules]
            in_arrow = f" ({sum(_vectorised(r) is not None for r in run)} of them in Arrow)"
        self.last[side] = (
            f"{len(report.rules)} rules run{in_arrow} (of {len(ruleset.rules)} in its set), "
            f"parse {t1 - t0:.2f} s, rules {t2 - t1:.2f} s, {len(report):,} failures"
        )
        cpu = {k: statistics.median(v) for k, v in self.cpu.items()}
        ratio = f" (ratio {cpu['baseline'] / cpu['today']:.1f}×)" if len(cpu) == 2 else ""
        self.bench.notes = (
            "Same files, same process; ratio = baseline median / today's median (wall clock). "
            f"Today: {self.last.get('today')}. Baseline (bench/baseline_ssda903, the validator at "
            f"e9f783b): {self.last.get('baseline', 'not run')}. CPU time of the process (both cores, "
            "steadier than the wall clock on a shared machine), median: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in cpu.items())
            + ratio
            + f". Load average of the machine at the end: {os.getloadavg()[0]:.1f} (2 cores)."
        )

    def current(self) -> None:
        self._run("today", parse_903, validate_903_tables, RULESETS[YEAR])

    def baseline(self) -> None:
        from bench.baseline_ssda903 import RULESETS as BASE_RULESETS
        from bench.baseline_ssda903 import parse_903 as base_parse
        from bench.baseline_ssda903 import validate_903_tables as base_validate

        self._run("baseline", base_parse, base_validate, BASE_RULESETS[YEAR])


class _HundredMegabytes:
    """Issue 13 point 5's memory target: a well-formed 100 MB SSDA903 return validated within 400 MB.

    The return is this file's synthetic one at 620 boroughs of 535 children
    (331,700 children, about four times every child looked after in England):
    this year's twelve CSVs and last year's Header and Episodes, about 103 MB
    of CSV, every file read without a structural error (the rules still find
    failures: the data is plausible, not clean). ``validate_903`` checks it in
    a fresh process, which reports its own peak resident memory (VmHWM: a
    child's ``ru_maxrss`` would carry over the parent's peak across fork);
    the timed figure is that process's whole run, imports included.
    """

    BOROUGHS = 620
    LIMIT_MB = 400

    def __init__(self) -> None:
        self.folder = Path()
        self.bench = Benchmark(
            name="SSDA903: a 100 MB return validated (peak memory)",
            data_size=f"{self.BOROUGHS * 535:,} synthetic children ({self.BOROUGHS} x 535), this year's 12 "
            "CSVs and last year's Header and Episodes",
            run=self.run,
            repeat=1,
            setup=self.setup,
        )

    def setup(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="continuum-bench-903-100mb-"))
        atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        generate_903(self.folder, boroughs=self.BOROUGHS, per_borough=535)

    def run(self) -> None:
        script = (
            "import re, sys, time\n"
            "from pathlib import Path\n"
            "from continuum.returns.ssda903 import validate_903\n"
            "f = Path(sys.argv[1])\n"
            "t = time.perf_counter()\n"
            "last = sorted((f / 'last').glob('*.csv'))\n"
            "r = validate_903(sorted(f.glob('*.csv')), '2025-26', previous=last)\n"
            "status = open('/proc/self/status').read()\n"
            "peak = int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) // 1024\n"
            "print(peak, len(r), r.children, round(time.perf_counter() - t, 1))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(self.folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        peak, failures, children, seconds = done.stdout.split()[-4:]  # the script's last line
        size = sum(p.stat().st_size for p in self.folder.rglob("*.csv")) / 1e6
        verdict = "met" if int(peak) <= self.LIMIT_MB else "NOT MET"
        self.bench.notes = (
            f"{size:.0f} MB of CSV, {int(children):,} children, {int(failures):,} failures, validate_903 "
            f"{seconds} s; peak resident memory of the validating process (VmHWM) {peak} MB against "
            f"issue 13's {self.LIMIT_MB} MB: {verdict}."
        )


if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench.baseline_ssda903 is imported as a package of the checkout

BENCHMARKS = [
    _AgainstBaseline(5, repeat=5).bench,
    _AgainstBaseline(50, repeat=3).bench,
    _BENCH,
    _HundredMegabytes().bench,
]
