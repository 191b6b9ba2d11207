"""Validating return files as a council brings them: several years at once, each with its own rules.

One entry for ``./run returns validate`` and the web upload's check, so both say the same.

Why per return and per year: an analyst loading five years for trends uploads five CIN census
files and five years of SSDA903 CSVs together. Each CIN file is its own return (its
ReferenceDate names its year); the SSDA903 files are split into returns by folder and then by
the year in their names, as the import splits them (``Header_2022.csv`` ... ``Header_2026.csv``),
so five Header files are five returns, not one return with five headers.

Why never the nearest year's rules: the DfE's rules change every year, and an older file checked
with 2025-26's rules fails rules that did not exist then (and passes ones that did). A return of
a year Continuum has rules for is validated with that year's rules; any other is listed as
"read, not validated: no rule set for 2021-22" (:class:`~continuum.returns.report.ReturnChecked`),
and is never counted as passed. ``year`` (``--year``) still forces one year's rules on every file.

When several years of SSDA903 returns come together, each year's return is compared with the
previous year's among them (the rules that compare years), so a five-year upload needs no
separate "last year" files; explicit ``previous`` and ``history`` files go with the latest return.

Spreadsheet inputs (the SSDA903 CSVs) get Excel's cell names for each failure ("D12",
:meth:`Report.with_cells`); XML failures keep their line.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from continuum.returns.report import Report, ReturnChecked, ReturnFileError, empty_failures

__all__ = ["CIN", "SEN2", "SSDA903", "Progress", "validate_files"]

CIN = "CIN census"
SSDA903 = "SSDA903"
SEN2 = "SEN2"

#: ``progress(done, steps, what)``: called before each return is checked (the web job's stage).
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, steps: int, what: str) -> None:
    return None


def validate_files(
    files: Iterable[str | Path],
    *,
    year: str | None = None,
    previous: Sequence[str | Path] = (),
    history: Sequence[str | Path] = (),
    providers: str | Path | None = None,
    postcodes: str | Path | None = None,
    la_code: str | None = None,
    progress: Progress = _no_progress,
) -> Report:
    """Check every return among ``files`` (``.xml``: CIN census or SEN2; ``.csv``: SSDA903) and merge the
    reports. Raises ReturnFileError if a file cannot be read; KeyError for an unknown ``year``."""
    paths = [Path(f) for f in files]
    from continuum.returns.sen2.parser import is_sen2

    sen2 = [p for p in paths if p.suffix.lower() != ".csv" and is_sen2(p)]
    cin = [p for p in paths if p.suffix.lower() != ".csv" and p not in sen2]
    returns_903 = _ssda903_returns([p for p in paths if p.suffix.lower() == ".csv"])
    steps = len(cin) + len(returns_903) + len(sen2)
    reports: list[Report] = []
    if returns_903:
        reports += _validate_903(
            returns_903, year, previous, history, providers, postcodes, la_code, progress, len(cin), steps
        )
    for done, path in enumerate(cin):
        progress(done, steps, f"Checking the CIN census file {path.name}")
        reports.append(_validate_cin(path, year))
    for done, path in enumerate(sen2, start=len(cin) + len(returns_903)):
        progress(done, steps, f"Checking the SEN2 file {path.name}")
        reports.append(_validate_sen2(path, year))
    report = Report.merge(reports) if reports else Report(empty_failures(), {}, [])
    return report.with_cells(_headers(report))


def _ruled(kind: str, year: str | None, known: Iterable[str], chosen: str | None) -> tuple[str | None, str]:
    """The rule set to run (None: none) and what to say of it, for a return of ``year``.

    ``chosen`` is the ``--year`` asked for (always run, as asked). No year in the file
    gives the latest rules, as the DfE's own tool does for a file that names none.
    """
    known = sorted(known)
    if chosen:
        return chosen, f"validated with the {chosen} rules (as asked)"
    if year is None:
        return known[-1], f"validated with the {known[-1]} rules: no date in it says its collection year"
    if year not in known:
        return None, f"read, not validated: no rule set for {year} (Continuum has {' and '.join(known)})"
    return year, f"validated with the {year} rules"


def _validate_cin(path: Path, chosen: str | None) -> Report:
    from continuum.returns.cin import RULESETS, parse_cin, ruleset_for, validate_tables
    from continuum.returns.rules_registry import collection_year_of

    tables = parse_cin(path)
    header = tables["header"]
    reference = header["reference_date"][0].as_py() if header.num_rows else None
    year = collection_year_of(reference) if reference else None
    ruleset_year, outcome = _ruled(CIN, year, RULESETS, chosen)
    if ruleset_year is None:
        report = Report(empty_failures(), {}, [str(path)], children=tables.children)
    else:
        report = validate_tables(tables, ruleset_for(ruleset_year))
        outcome += _counted(report)
    report.returns.append(ReturnChecked(CIN, year, path.name, ruleset_year is not None, outcome))
    return report


def _validate_sen2(path: Path, chosen: str | None) -> Report:
    """One SEN2 file, with the rules of the year its census date names (``chosen`` if asked)."""
    from continuum.returns.sen2 import RULESETS, layout, parse_sen2, ruleset_for, validate_sen2_tables

    tables = parse_sen2(path)
    year = tables.collection_year
    ruleset_year, outcome = _ruled(SEN2, year, RULESETS, chosen)
    if ruleset_year is None:
        report = Report(empty_failures(), {}, [str(path)], children=tables.persons)
    else:
        report = validate_sen2_tables(tables, ruleset_for(ruleset_year))
        outcome += _counted(report)
        if ruleset_year in layout.years() and layout.year_of(ruleset_year).provisional:
            outcome += " (provisional rules: the DfE has published no SEN2 specification for this year yet)"
    report.returns.append(ReturnChecked(SEN2, year, path.name, ruleset_year is not None, outcome))
    return report


def _counted(report: Report) -> str:
    """ ": 2 errors, 1 query" -- a return's own failures, so each year is reported on its own."""
    from continuum.returns.report import Severity

    errors, queries = report.count(Severity.ERROR), report.count(Severity.QUERY)
    return f": {errors:,} error{'s' * (errors != 1)}, {queries:,} quer{'ies' if queries != 1 else 'y'}"


def _ssda903_returns(csvs: list[Path]) -> list[list[Path]]:
    """The SSDA903 returns among the CSV files: one per folder, or per year named in the files
    (as the import splits them); a return holding two files of one table is refused, naming both."""
    from continuum.returns.importer import _returns_in

    by_dir: dict[Path, list[Path]] = defaultdict(list)
    for p in csvs:
        by_dir[p.resolve().parent].append(p)
    returns = [r for folder in by_dir.values() for r in _returns_in(folder)]
    for r in returns:
        _one_file_per_table(r)
    return returns


def _one_file_per_table(paths: list[Path]) -> None:
    from continuum.returns.ssda903.parser import identify

    seen: dict[str, Path] = {}
    for p in paths:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            first = next(csv.reader(fh), [])
        try:
            table, _ = identify(p, first)
        except ReturnFileError:
            continue  # the reader says what is wrong with it, naming the file
        if table.name in seen:
            raise ReturnFileError(
                p,
                1,
                f"{seen[table.name].name} is also a {table.display} file. For several years' returns, "
                f"put each year in its files' names (for example {table.display}_2022.csv, "
                f"{table.display}_2023.csv); otherwise give one file per table",
            )
        seen[table.name] = p


def _validate_903(
    returns: list[list[Path]],
    chosen: str | None,
    previous: Sequence[str | Path],
    history: Sequence[str | Path],
    providers: str | Path | None,
    postcodes: str | Path | None,
    la_code: str | None,
    progress: Progress,
    done: int,
    steps: int,
) -> list[Report]:
    """Each SSDA903 return checked on its own, oldest first, each year's with the year before's.

    Why streamed (:func:`~continuum.returns.ssda903.validate_903`): a return's files go block by
    block into the validator's database and are never held whole, so a national-size return is
    checked in a few hundred MB. Every file is first read once to date it
    (:func:`~continuum.returns.ssda903.engine.survey_903`), so a file that cannot be read stops
    the command before any return is checked, and the year before each return is known.
    """
    from continuum.returns.rules_registry import collection_year_of
    from continuum.returns.ssda903 import RULESETS, read_providers, validate_903
    from continuum.returns.ssda903.engine import survey_903
    from continuum.returns.ssda903.rules.postcodes import read_postcodes

    provider_table = read_providers(providers) if providers is not None else None
    postcode_table = read_postcodes(postcodes) if postcodes is not None else None
    surveyed = [(paths, survey_903(paths)) for paths in returns]  # every file read before any is checked
    dated = sorted(
        (
            (collection_year_of(latest) if latest else None, paths, children)
            for paths, (latest, children) in surveyed
        ),
        key=lambda x: x[0] or "",
    )
    by_year = {y: paths for y, paths, _ in dated if y}
    reports = []
    for i, (year, paths, children) in enumerate(dated):
        latest = i == len(dated) - 1
        last_year: Sequence[str | Path] = ()
        if previous and latest:
            last_year = previous
        elif year and _year_before(year) in by_year:
            last_year = by_year[_year_before(year)]
        ruleset_year, outcome = _ruled(SSDA903, year, RULESETS, chosen)
        names = ", ".join(sorted(p.name for p in paths))
        progress(done + i, steps, f"Checking the SSDA903 return {year or ''} ({len(paths)} CSV files)")
        if ruleset_year is None:
            report = Report(empty_failures(), {}, [str(p) for p in paths], children=children)
        else:
            report = validate_903(
                paths,
                ruleset_year,
                previous=last_year,
                history=history if latest else (),
                providers=provider_table,
                postcodes=postcode_table,
                la_code=la_code,
            )
            if latest:
                report.files += [str(f) for f in (providers, postcodes) if f is not None]
            outcome += _counted(report)
            if len(dated) > 1:  # a rule not run for one year may have run for another: say which
                report.not_checked = {f"{c} ({year})": why for c, why in report.not_checked.items()}
        report.returns.append(ReturnChecked(SSDA903, year, names, ruleset_year is not None, outcome))
        reports.append(report)
    return reports


def _year_before(year: str) -> str:
    """ "2022-23" -> "2021-22"."""
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _headers(report: Report) -> dict[str, list[str]]:
    """Each CSV file's header row, for the failures' cell names (only files with failures)."""
    out: dict[str, list[str]] = {}
    for name in set(report.failures["file"].to_pylist()):
        if not name or not name.lower().endswith(".csv"):
            continue
        try:
            with Path(name).open(encoding="utf-8-sig", newline="") as fh:
                out[name] = next(csv.reader(fh), [])
        except OSError:
            continue  # not a file on disk (tables built in memory): no cell names
    return out
