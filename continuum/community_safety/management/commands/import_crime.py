"""``./run manage import_crime --records FILE --targets FILE``: load the police's figures and targets.

Each file is all or nothing; on a bad file every row and column to correct is printed and the
command exits with an error, having written nothing from that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.community_safety.importer import ImportFailed, import_crime_records, import_targets


class Command(BaseCommand):
    help = "Import crime figures by type, month and ward, and targets (docs/community_safety.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--records", type=Path, help="CSV: month,ward,crime_type,offences,sanction_detections"
        )
        parser.add_argument("--targets", type=Path, help="CSV: crime_type,year,offence_target,sd_target")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["records"] and not options["targets"]:
            raise CommandError("Give --records, --targets or both.")
        for option, read, what in (
            ("targets", import_targets, "targets"),
            ("records", import_crime_records, "rows of crime figures"),
        ):
            path = options[option]
            if not path:
                continue
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
            try:
                count = read(path)
            except ImportFailed as failed:
                raise CommandError(
                    f"Nothing was imported from {path}:\n" + "\n".join(str(e) for e in failed.errors)
                ) from None
            self.stdout.write(f"Imported {count} {what} from {path}.")
