"""The standard crime-type hierarchy, read from data/crime_types.csv (a council may add rows).

Used by the data migration (with the historical model) and by tests; loading twice changes nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

STANDARD_TYPES = Path(__file__).resolve().parent / "data" / "crime_types.csv"


def install_crime_types(crime_type_model: Any, path: Path = STANDARD_TYPES) -> int:
    """Create or update every type in the file, parents first; returns how many rows were read."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}
    for row in rows:
        obj, _ = crime_type_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "order": int(row["order"]),
                "counts": row["counts"],
                "records_sanction_detections": row["sanction_detections"] == "yes",
                "note": row["note"],
                "parent": None,
            },
        )
        by_code[row["code"]] = obj
    for row in rows:
        if row["parent"]:
            obj = by_code[row["code"]]
            obj.parent = by_code.get(row["parent"]) or crime_type_model.objects.get(code=row["parent"])
            obj.save(update_fields=["parent"])
    return len(rows)
