"""The public police open-data street-level CSV (data.police.uk) in, as offences only.

That file has one row per crime with an LSOA code rather than a ward, the national categories
rather than the partnership's types, and no sanction detections. So two data files a council can
replace turn it into our grain: an LSOA-to-ward lookup and a category map (a blank crime type, as for
anti-social behaviour, means the category is deliberately not counted as crime). Synthetic ones for
the demo borough are in data/. Point the settings ``COMMUNITY_SAFETY_LSOA_WARDS`` and
``COMMUNITY_SAFETY_CATEGORY_MAP`` at a council's own.

The broad categories map onto leaf types only roughly (all burglary to residential burglary, for
instance), which is why the map is the council's to set. Offences are counted per type, month and
ward and replace those figures; sanction detections already recorded are left as they are. Rows
with no location (no LSOA) cannot be placed in a ward: they are counted and reported, not guessed.
As with the partnership's own layout, one bad row and nothing is written.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from continuum.community_safety.importer import ImportFailed, RowError, Source, csv_rows
from continuum.community_safety.models import CrimeKind, CrimeRecord, CrimeType
from continuum.metrics.periods import PeriodError, parse_month

DATA = Path(__file__).resolve().parent / "data"
OPEN_DATA_COLUMNS = ("Month", "LSOA code", "Crime type")


@dataclass(frozen=True)
class OpenDataResult:
    crimes: int
    records: int
    without_location: int
    not_counted: int


def _pairs(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {row[key].strip(): row[value].strip() for row in csv.DictReader(handle)}


def lsoa_wards() -> dict[str, str]:
    return _pairs(
        Path(getattr(settings, "COMMUNITY_SAFETY_LSOA_WARDS", DATA / "lsoa_wards.csv")),
        "lsoa_code",
        "ward_code",
    )


def category_map() -> dict[str, str]:
    path = Path(getattr(settings, "COMMUNITY_SAFETY_CATEGORY_MAP", DATA / "police_categories.csv"))
    return _pairs(path, "category", "crime_type")


def import_police_open_data(source: Source) -> OpenDataResult:
    wards, categories = lsoa_wards(), category_map()
    types = {t.code: t for t in CrimeType.objects.exclude(kind=CrimeKind.GROUP)}
    counts: Counter[tuple[str, date, str]] = Counter()
    errors: list[RowError] = []
    crimes = without_location = not_counted = 0
    for number, row in csv_rows(source, OPEN_DATA_COLUMNS):
        try:
            month = parse_month(row["Month"]).start
        except PeriodError:
            errors.append(RowError(number, "Month", f"'{row['Month']}' is not a month written as YYYY-MM"))
            continue
        category = row["Crime type"]
        if category not in categories:
            errors.append(RowError(number, "Crime type", f"'{category}' is not in the category map"))
            continue
        code = categories[category]
        if not code:
            not_counted += 1
            continue
        if code not in types:
            errors.append(
                RowError(number, "Crime type", f"'{category}' maps to '{code}', not a crime type code")
            )
            continue
        if not row["LSOA code"]:
            without_location += 1
            continue
        ward = wards.get(row["LSOA code"])
        if ward is None:
            errors.append(
                RowError(number, "LSOA code", f"'{row['LSOA code']}' is not in the LSOA-to-ward lookup")
            )
            continue
        crimes += 1
        counts[(code, month, ward)] += 1
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        for (code, month, ward), offences in counts.items():
            defaults: dict[str, Any] = {"offences": offences}
            CrimeRecord.objects.update_or_create(
                crime_type=types[code], month=month, ward=ward, defaults=defaults
            )
    return OpenDataResult(crimes, len(counts), without_location, not_counted)
