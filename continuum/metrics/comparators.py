"""Comparators: England, London and statistical-neighbour figures beside the borough's own.

Why a versioned CSV rather than code: published comparators change once a year
(the DfE statistical releases) and every authority has its own statistical
neighbours, so the figures are data an analyst replaces, not something to
release a new version for. The package ships ``data/comparators.csv`` with the
figures the borough's own papers quote (each cites the paper by its title and the heading
the figure sits under, as :mod:`continuum.metrics.indicators.papers` does) and blank
values elsewhere; the setting or environment variable
``CONTINUUM_COMPARATORS_CSV`` names a replacement file with the same columns.

The file: one row per indicator, year and comparator, with the columns
``code`` (a registered indicator code), ``year`` (the financial year the
figure describes, ``2014-15``), ``comparator`` (``England``, ``London`` or
``Statistical neighbours``), ``value`` (in the indicator's own unit: a
percentage as 11.8, a rate per 10,000; blank when not known), ``source`` (where
the figure comes from) and ``version`` (the file's release, so a printed figure
can be traced to the file it came from). Optional columns say where a published
figure was read: ``release`` (the release's title and reporting year), ``address``
(its web address) and ``quoted`` (the figure as the release words it), so anyone can
check it; a row whose figure could not be found keeps its value blank and says so in
``source``. Any other column is read by people only and never printed: the shipped file's
``note`` keeps the line of the project's copy of the paper (docs/sources.md) for the team to
check a figure against, which means nothing to a reader of ``source``. Every problem is
reported with its row and column, all at once, so a council can fix its file in one pass.

For a period, each comparator shows its latest figure for the period's
financial year or earlier, *with that year*, so a 2014-15 figure is never
mistaken for this year's. A comparator with no figure is shown as "no figure",
never as zero.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from continuum.metrics.periods import Period

__all__ = [
    "COLUMNS",
    "COMPARATORS",
    "SHIPPED_CSV",
    "ComparatorError",
    "ComparatorFigure",
    "Comparators",
    "comparators_path",
    "financial_year_of",
    "load_comparators",
]

SHIPPED_CSV = Path(__file__).resolve().parent / "data" / "comparators.csv"
COLUMNS = ("code", "year", "comparator", "value", "source", "version")
#: Columns a file may add: where a published figure was read, and how the release words it.
OPTIONAL_COLUMNS = ("release", "address", "quoted")
COMPARATORS = ("England", "London", "Statistical neighbours")


class ComparatorError(ValueError):
    """The comparators file cannot be used; the message lists each bad row and column."""


@dataclass(frozen=True)
class ComparatorFigure:
    """One published (or locally supplied) figure for one indicator, year and comparator."""

    code: str
    year: str
    comparator: str
    value: float | None
    source: str
    version: str
    release: str = ""
    address: str = ""
    quoted: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The figure with its year and source; where it was read, when the file says."""
        out: dict[str, Any] = {
            "value": self.value,
            "year": self.year,
            "source": self.source,
            "version": self.version,
        }
        out.update({k: v for k in OPTIONAL_COLUMNS if (v := getattr(self, k))})
        return out


def financial_year_of(period: Period) -> str:
    """The financial year (``2024-25``) holding the period's last day."""
    first = period.end.year if period.end.month >= 4 else period.end.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _year_ok(text: str) -> bool:
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return False
    return (int(text[:4]) + 1) % 100 == int(text[5:])


class Comparators:
    """The figures of one comparators file, looked up by indicator and period."""

    def __init__(self, figures: list[ComparatorFigure], path: Path) -> None:
        self.path = path
        self._by_code: dict[str, list[ComparatorFigure]] = {}
        for f in figures:
            self._by_code.setdefault(f.code, []).append(f)
        self.versions = sorted({f.version for f in figures})

    def figures(self, code: str) -> list[ComparatorFigure]:
        """Every row for one indicator, by comparator and year (for the generated docs)."""
        order = {name: i for i, name in enumerate(COMPARATORS)}
        return sorted(self._by_code.get(code, []), key=lambda f: (order[f.comparator], f.year))

    def for_indicator(self, code: str, period: Period) -> dict[str, dict[str, Any]]:
        """``{comparator: {value, year, source, version}}`` for the comparators the file lists.

        The latest figure for the period's financial year or earlier is used; a
        comparator listed only with blanks (or only for later years) has value
        null. An indicator the file does not list gives ``{}``.
        """
        wanted = financial_year_of(period)
        out: dict[str, dict[str, Any]] = {}
        for name in COMPARATORS:
            rows = [f for f in self._by_code.get(code, []) if f.comparator == name]
            if not rows:
                continue
            known = sorted(
                (f for f in rows if f.value is not None and f.year <= wanted), key=lambda f: f.year
            )
            if known:
                out[name] = known[-1].to_dict()
            else:
                latest = max(rows, key=lambda f: f.year)
                out[name] = {**latest.to_dict(), "value": None, "year": None}
        return out


def comparators_path() -> Path:
    """The file in use: ``CONTINUUM_COMPARATORS_CSV`` (setting, then environment), else the shipped one."""
    configured = None
    try:
        from django.conf import settings

        if settings.configured:
            configured = getattr(settings, "CONTINUUM_COMPARATORS_CSV", None)
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    configured = configured or os.environ.get("CONTINUUM_COMPARATORS_CSV")
    return Path(configured) if configured else SHIPPED_CSV


def _parse(path: Path, known_codes: set[str]) -> list[ComparatorFigure]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ComparatorError(f"comparators file {path} does not exist") from None
    except UnicodeDecodeError:
        raise ComparatorError(f"comparators file {path} is not UTF-8 text: save it as CSV UTF-8") from None
    reader = csv.reader(text.splitlines())
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ComparatorError(
            f"comparators file {path}: row 1 (the header) lacks the column(s) {', '.join(missing)}; "
            f"the header must be {','.join(COLUMNS)}"
        )
    at = {c: header.index(c) for c in (*COLUMNS, *OPTIONAL_COLUMNS) if c in header}
    problems: list[str] = []
    figures: list[ComparatorFigure] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) < len(header):
            problems.append(f"row {number}: has {len(raw)} columns, the header has {len(header)}")
            continue
        cell = dict.fromkeys(OPTIONAL_COLUMNS, "") | {c: raw[i].strip() for c, i in at.items()}
        bad = len(problems)
        if cell["code"] not in known_codes:
            problems.append(f"row {number}, column code: {cell['code']!r} is not an indicator code")
        if not _year_ok(cell["year"]):
            problems.append(
                f"row {number}, column year: {cell['year']!r} is not a financial year such as 2024-25"
            )
        if cell["comparator"] not in COMPARATORS:
            problems.append(
                f"row {number}, column comparator: {cell['comparator']!r} must be one of "
                + ", ".join(COMPARATORS)
            )
        value: float | None = None
        if cell["value"]:
            try:
                value = float(cell["value"].rstrip("%"))
            except ValueError:
                problems.append(
                    f"row {number}, column value: {cell['value']!r} is not a number "
                    "(leave it blank if not known)"
                )
        if not cell["source"]:
            problems.append(f"row {number}, column source: say where the figure comes from")
        if not cell["version"]:
            problems.append(f"row {number}, column version: give the file's version, such as 2026.1")
        key = (cell["code"], cell["year"], cell["comparator"])
        if key in seen:
            problems.append(f"row {number}: repeats row {seen[key]} ({', '.join(key)})")
        seen.setdefault(key, number)
        if len(problems) == bad:
            figures.append(
                ComparatorFigure(
                    *key,  # type: ignore[misc]
                    value,
                    cell["source"],
                    cell["version"],
                    *(cell[c] for c in OPTIONAL_COLUMNS),
                )
            )
    if problems:
        raise ComparatorError(f"comparators file {path}:\n  " + "\n  ".join(problems))
    return figures


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> Comparators:
    from continuum.metrics.definitions import all_indicators

    return Comparators(_parse(path, {i.code for i in all_indicators()}), path)


def load_comparators(path: Path | str | None = None) -> Comparators:
    """Read and validate a comparators file (default: :func:`comparators_path`).

    Kept in memory until the file changes. Raises :class:`ComparatorError`
    listing every bad row and column.
    """
    target = Path(path) if path is not None else comparators_path()
    try:
        mtime = target.stat().st_mtime
    except FileNotFoundError:
        raise ComparatorError(f"comparators file {target} does not exist") from None
    return _load(target, mtime)
