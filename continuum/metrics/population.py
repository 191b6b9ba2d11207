"""Population figures: loading ONS-style estimates, extracting them, and shares of the 0-17 population.

Why: a rate per 10,000 children and the disproportionality view ("share of
the cohort against share of the 0-17 population") both need to know how many
children live in the borough, by age, sex, ward and ethnicity. The council
gets these from the ONS mid-year estimates (by single year of age and sex,
for the borough or by ward) and the census (ethnicity); this module turns
such a file into :class:`continuum.core.models.PopulationEstimate` rows
(which :mod:`continuum.metrics.extract` reads back as the analytical
``population`` table, :data:`continuum.metrics.schema.POPULATION`) and works
out the population of each group from that table.

The file (``./run population load FILE.csv``) is CSV with a header row, one
row per cell, in the long format of the ONS mid-year estimates:

``year``
    the mid-year estimate year (30 June), e.g. ``2024`` (also ``mid_year``).
``age``
    single year of age; rows aged 18 and over (and ``90+``) are skipped.
``sex``
    ``M``/``F``, ``Male``/``Female`` or the ONS codes ``1``/``2``.
``population``
    a whole number of children (also ``count`` or ``obs_value``).
``ward`` (optional)
    the ward name as the case record spells it; blank for the whole borough.
``ethnicity`` (optional)
    a DfE ethnicity code (``WBRI`` ... ``OOTH``); blank when not split.

Loading is all or nothing: any bad row stops the load with every problem
listed by row and column, and the database is unchanged. A good file
replaces every figure held for the years it contains, so loading a
corrected file twice is safe.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from continuum.commands import command
from continuum.metrics.schema import POPULATION

__all__ = [
    "AGE_BANDS",
    "Estimate",
    "PopulationFileError",
    "estimate_year",
    "estimates_table",
    "group_counts",
    "load_file",
    "read_estimates",
    "replace_estimates",
]

#: The engine's age bands (``continuum.metrics.engine``), as ages on 30 June.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "Under 1": (0, 0),
    "1-4": (1, 4),
    "5-9": (5, 9),
    "10-15": (10, 15),
    "16-17": (16, 17),
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("year", "mid_year"),
    "age": ("age",),
    "sex": ("sex",),
    "population": ("population", "count", "obs_value"),
    "ward": ("ward", "ward_name"),
    "ethnicity": ("ethnicity",),
}
_REQUIRED = ("year", "age", "sex", "population")
_SEX = {"m": "M", "male": "M", "1": "M", "f": "F", "female": "F", "2": "F"}


class PopulationFileError(ValueError):
    """A population file that cannot be loaded; ``problems`` lists each one by row and column."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Estimate:
    """One cell: children of one age and sex (in one ward and ethnic group, where split)."""

    year: int
    age: int
    sex: str
    population: int
    ward: str = ""
    ethnicity: str = ""


# --- Reading a file ----------------------------------------------------------------------


def _columns(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Where each known column is, by its name or an ONS alias (any case)."""
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    missing = [
        f"the header has no column {key!r} (name it {' or '.join(repr(a) for a in _ALIASES[key])})"
        for key in _REQUIRED
        if key not in found
    ]
    return found, missing


def _whole(text: str, what: str, low: int, high: int | None = None) -> tuple[int | None, str | None]:
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        return None, f"{what} must be a whole number, not {text!r}"
    if value < low or (high is not None and value > high):
        limit = f"between {low} and {high}" if high is not None else f"{low} or more"
        return None, f"{what} must be {limit}, not {value}"
    return value, None


def _ethnicity_codes() -> frozenset[str]:
    from continuum.core import codes

    return frozenset(codes.cin("Ethnicity"))


def parse_rows(rows: Iterable[Sequence[str]]) -> list[Estimate]:
    """Check every row of a CSV (header first) and return the cells for ages 0-17.

    Raises :class:`PopulationFileError` listing every problem; nothing is
    returned unless the whole file is good.
    """
    it = iter(rows)
    header = next(it, None)
    if header is None:
        raise PopulationFileError(["the file is empty: it needs a header row and one row per cell"])
    cols, problems = _columns(header)
    if problems:
        raise PopulationFileError(problems)
    known = _ethnicity_codes()
    out: list[Estimate] = []
    seen: dict[tuple[int, int, str, str, str], int] = {}
    shape: dict[int, tuple[bool, bool, int]] = {}
    for line, row in enumerate(it, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: Sequence[str] = row) -> str:
            i = cols.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        bad: list[str] = []
        age_text = cell("age")
        if age_text.endswith("+"):
            continue  # "90+": an adult band
        age, err = _whole(age_text, "age", 0)
        if err:
            bad.append(f"row {line}, column 'age': {err}")
        elif age is not None and age > 17:
            continue  # adults: not needed for children's rates
        year, err = _whole(cell("year"), "year", 1990, 2100)
        if err:
            bad.append(f"row {line}, column 'year': {err}")
        sex = _SEX.get(cell("sex").lower())
        if sex is None:
            bad.append(f"row {line}, column 'sex': use M or F (or Male/Female, 1/2), not {cell('sex')!r}")
        population, err = _whole(cell("population"), "population", 0)
        if err:
            bad.append(f"row {line}, column 'population': {err}")
        ethnicity = cell("ethnicity").upper()
        if ethnicity and ethnicity not in known:
            bad.append(
                f"row {line}, column 'ethnicity': {ethnicity!r} is not a DfE ethnicity code "
                "(e.g. WBRI, BAFR); leave it blank if the figure is not split"
            )
        ward = cell("ward")
        if len(ward) > 100:
            bad.append(f"row {line}, column 'ward': a ward name must be 100 characters or fewer")
        if bad:
            problems += bad
            continue
        if year is None or age is None or sex is None or population is None:
            continue  # unreachable: each None came with a problem above
        key = (year, age, sex, ward, ethnicity)
        if key in seen:
            problems.append(f"row {line}: the same cell as row {seen[key]} (year, age, sex, ward, ethnicity)")
            continue
        seen[key] = line
        first = shape.setdefault(year, (bool(ward), bool(ethnicity), line))
        if first[:2] != (bool(ward), bool(ethnicity)):
            problems.append(
                f"row {line}: every row of {year} must fill in the same columns as row {first[2]} "
                "(all rows with a ward or none, all with an ethnicity or none), so no child is counted twice"
            )
            continue
        out.append(Estimate(year, age, sex, population, ward, ethnicity))
    if problems:
        raise PopulationFileError(problems)
    if not out:
        raise PopulationFileError(["the file has no rows for children aged 0-17"])
    return out


def read_estimates(path: Path) -> list[Estimate]:
    """The cells of a population CSV file (UTF-8, with or without a byte-order mark)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return parse_rows(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise PopulationFileError([f"the file is not UTF-8 text ({exc.reason})"]) from exc


# --- Writing and reading the database ------------------------------------------------------


def replace_estimates(estimates: Sequence[Estimate]) -> dict[int, int]:
    """Replace the figures for every year in ``estimates``, in one transaction; children per year."""
    from django.db import transaction

    from continuum.core.models import PopulationEstimate

    years = sorted({e.year for e in estimates})
    with transaction.atomic():
        PopulationEstimate.objects.filter(year__in=years).delete()
        PopulationEstimate.objects.bulk_create(
            (
                PopulationEstimate(
                    year=e.year,
                    age=e.age,
                    sex=e.sex,
                    ward=e.ward,
                    ethnicity=e.ethnicity,
                    population=e.population,
                )
                for e in estimates
            ),
            batch_size=5000,
        )
    totals = dict.fromkeys(years, 0)
    for e in estimates:
        totals[e.year] += e.population
    return totals


def load_file(path: Path) -> dict[int, int]:
    """Read, check and load a population file; all or nothing."""
    return replace_estimates(read_estimates(path))


def estimates_table(rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts or :class:`Estimate`-like mappings) as a table of the ``population`` schema."""
    rows = list(rows)
    return pa.Table.from_pylist(
        [{f.name: r.get(f.name) for f in POPULATION} for r in rows], schema=POPULATION
    )


# --- Shares of the 0-17 population -----------------------------------------------------------


def estimate_year(population: pa.Table, wanted: int) -> int | None:
    """The estimate year to use for ``wanted``: that year, or the latest earlier one held."""
    years = [y for y in pc.unique(population.column("year")).to_pylist() if y is not None and y <= wanted]
    return max(years) if years else None


def _age_band(age: int) -> str:
    for band, (low, high) in AGE_BANDS.items():
        if low <= age <= high:
            return band
    return "18+"


def group_counts(population: pa.Table | None, year: int, dim: str) -> tuple[int | None, dict[str, int]]:
    """Children aged 0-17 by group of ``dim`` (sex, age_band, ward, ethnicity) in the estimate year.

    Returns the estimate year used (None when there are no figures) and the
    count per group. Cells without the column filled in (a borough-level
    figure asked for by ward) count under no group, so an empty mapping says
    "this split is not held".
    """
    if population is None or population.num_rows == 0 or "year" not in population.column_names:
        return None, {}
    use = estimate_year(population, year)
    if use is None:
        return None, {}
    rows = population.filter(pc.equal(population.column("year"), use)).to_pylist()
    counts: dict[str, int] = {}
    for row in rows:
        age = row.get("age")
        if age is None or not 0 <= age <= 17:
            continue
        key = _age_band(age) if dim == "age_band" else row.get(dim)
        if key in (None, ""):
            continue
        counts[key] = counts.get(key, 0) + int(row["population"] or 0)
    return use, counts


# --- ./run population load FILE.csv -----------------------------------------------------------


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["load"], help="load: read a population CSV into the database")
    p.add_argument("file", type=Path, help="CSV file of population estimates (see docs/dashboards.md)")


@command("population", "load population estimates (ONS mid-year style CSV) for rates per 10,000", _args)
def _population(ns: argparse.Namespace) -> int:
    from continuum.commands import with_database

    if not ns.file.is_file():
        print(f"population: no such file: {ns.file}", file=sys.stderr)
        return 2
    try:
        estimates = read_estimates(ns.file)
    except PopulationFileError as exc:
        print(f"population: {ns.file} was not loaded; nothing was changed:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    with with_database():
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # as ./run synth does
        totals = replace_estimates(estimates)
    for year, total in totals.items():
        print(f"{year}: {total:,} children aged 0-17")
    return 0
