"""``./run manage import_crime --records FILE --targets FILE --police-open-data FILE``.

Each file is all or nothing; on a bad file every row and column to correct is printed and the
command exits with an error, having written nothing from that file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.community_safety.importer import ImportFailed, import_crime_records, import_targets
from continuum.community_safety.opendata import import_police_open_data


def _records(path: Path) -> str:
    return f"{import_crime_records(path)} rows of crime figures"


def _targets(path: Path) -> str:
    return f"{import_targets(path)} targets"


def _open_data(path: Path) -> str:
    result = import_police_open_data(path)
    return (
        f"{result.crimes} crimes as offences by type, month and ward (left out: {result.without_location} "
        f"without a location, {result.not_counted} in categories not counted as crime)"
    )


READERS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("targets", _targets),
    ("records", _records),
    ("police_open_data", _open_data),
)


class Command(BaseCommand):
    help = "Import crime figures by type, month and ward, and targets (docs/community_safety.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--records", type=Path, help="CSV: month,ward,crime_type,offences,sanction_detections"
        )
        parser.add_argument("--targets", type=Path, help="CSV: crime_type,year,offence_target,sd_target")
        parser.add_argument(
            "--police-open-data", type=Path, help="data.police.uk street-level CSV (offences only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not any(options[option] for option, _ in READERS):
            raise CommandError("Give --records, --targets or --police-open-data.")
        for option, read in READERS:
            path = options[option]
            if not path:
                continue
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
            try:
                done = read(path)
            except ImportFailed as failed:
                raise CommandError(
                    f"Nothing was imported from {path}:\n" + "\n".join(str(e) for e in failed.errors)
                ) from None
            self.stdout.write(f"Imported {done} from {path}.")
