"""Crime figures and targets in from CSV, in the layouts documented in docs/community_safety.md.

Every row is checked before anything is written, and every problem is reported with its row (as a
spreadsheet numbers it: the header is row 1) and column. One bad row and nothing is written: the
police's figures are either in whole or not at all, so a summary never mixes two refreshes.
Importing the same month, ward and type again replaces its figures (the police revise them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from continuum.community_safety.models import CrimeKind, CrimeRecord, CrimeTarget, CrimeType
from continuum.metrics.periods import PeriodError, parse_month

RECORD_COLUMNS = ("month", "ward", "crime_type", "offences", "sanction_detections")
TARGET_COLUMNS = ("crime_type", "year", "offence_target", "sd_target")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column '{self.column}': {self.message}"


class ImportFailed(Exception):
    """Nothing was written; ``errors`` says which rows and columns to correct."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message


Source = str | Path | IO[str]


def csv_rows(source: Source, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    if isinstance(source, Path):
        text = source.read_text(encoding="utf-8-sig")
    elif isinstance(source, str):
        text = source
    else:
        text = source.read()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportFailed([RowError(1, c, "this column is missing from the header") for c in missing])
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k}


def _whole(column: str, value: str, *, blank_ok: bool = False) -> int | None:
    if value == "" and blank_ok:
        return None
    if not re.fullmatch(r"\d+", value):
        raise _Bad(column, f"'{value}' is not a whole number of 0 or more")
    return int(value)


def _percent(column: str, value: str) -> Decimal | None:
    if value == "":
        return None
    try:
        return Decimal(value.removesuffix("%").strip())
    except InvalidOperation:
        raise _Bad(column, f"'{value}' is not a percentage such as -11% or 18%") from None


def _crime_type(value: str, types: dict[str, CrimeType]) -> CrimeType:
    crime_type = types.get(value)
    if crime_type is None:
        raise _Bad("crime_type", f"'{value}' is not a known crime type code")
    return crime_type


def _check_all(
    source: Source, columns: tuple[str, ...], parse: Callable[[dict[str, str]], tuple[Any, Any]]
) -> list[Any]:
    """Parse every row, collecting every error; a key seen twice in one file is an error too."""
    errors: list[RowError] = []
    parsed: dict[Any, Any] = {}
    for number, row in csv_rows(source, columns):
        try:
            key, value = parse(row)
        except _Bad as bad:
            errors.append(RowError(number, bad.column, bad.message))
            continue
        if key in parsed:
            errors.append(RowError(number, columns[0], "the same figures appear in an earlier row"))
        parsed[key] = value
    if errors:
        raise ImportFailed(errors)
    return list(parsed.values())


def import_crime_records(source: Source) -> int:
    """Read monthly offences and sanction detections by type and ward; returns the rows written."""
    types = {t.code: t for t in CrimeType.objects.all()}

    def parse(row: dict[str, str]) -> tuple[Any, CrimeRecord]:
        try:
            month = parse_month(row["month"]).start
        except PeriodError:
            raise _Bad("month", f"'{row['month']}' is not a month written as YYYY-MM") from None
        if not row["ward"] or len(row["ward"]) > 20:
            raise _Bad("ward", "a ward code of up to 20 characters is needed")
        crime_type = _crime_type(row["crime_type"], types)
        if crime_type.kind == CrimeKind.GROUP:
            raise _Bad("crime_type", f"'{crime_type.code}' is a group: its figures are the sum of its types")
        offences = _whole("offences", row["offences"])
        sds = _whole("sanction_detections", row["sanction_detections"], blank_ok=True)
        if sds is not None and not crime_type.records_sanction_detections:
            raise _Bad("sanction_detections", f"'{crime_type.code}' does not record sanction detections")
        record = CrimeRecord(
            crime_type=crime_type, month=month, ward=row["ward"], offences=offences, sanction_detections=sds
        )
        return (crime_type.pk, month, row["ward"]), record

    records = _check_all(source, RECORD_COLUMNS, parse)
    with transaction.atomic():
        CrimeRecord.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["crime_type", "month", "ward"],
            update_fields=["offences", "sanction_detections"],
        )
    return len(records)


def import_targets(source: Source) -> int:
    """Read targets per type and financial year (the year its April falls in)."""
    types = {t.code: t for t in CrimeType.objects.all()}

    def parse(row: dict[str, str]) -> tuple[Any, CrimeTarget]:
        crime_type = _crime_type(row["crime_type"], types)
        year = _whole("year", row["year"])
        if year is None or not 2000 <= year <= 2100:
            raise _Bad("year", f"'{row['year']}' is not a year such as 2012")
        target = CrimeTarget(
            crime_type=crime_type,
            year=year,
            offence_change=_percent("offence_target", row["offence_target"]),
            sd_rate=_percent("sd_target", row["sd_target"]),
        )
        return (crime_type.pk, year), target

    targets = _check_all(source, TARGET_COLUMNS, parse)
    with transaction.atomic():
        CrimeTarget.objects.bulk_create(
            targets,
            update_conflicts=True,
            unique_fields=["crime_type", "year"],
            update_fields=["offence_change", "sd_rate"],
        )
    return len(targets)
