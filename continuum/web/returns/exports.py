"""Statutory returns written from the live record in the app: the CIN census, SSDA903, SEN2 and
Ofsted's Annex A, as ``./run returns export`` writes them, zipped for download.

Why in the app: the analyst who submits the return is not the person with a shell on the
server. The writing is the command line's own exporters (:mod:`continuum.returns.export`,
:mod:`continuum.returns.sen2.export`), run by a job on the queue
(:mod:`continuum.web.returns.jobs`) because reading the whole record takes minutes on a large
authority. This module is every write to an export's row and folder, as
:mod:`continuum.returns.services` is for uploads:

* The files are written into a temporary folder and renamed into place with their zip, then the
  row is marked ready in one update: a reader sees no files or all of them. A run that starts
  again (after a cut-off) first removes whatever the last one left.
* The folder is named by the export's random token, beside the uploads' folders under
  ``CONTINUUM_RETURN_UPLOAD_DIR``. The uploads' retention purge deletes any folder there that no
  upload owns once it is older than the retention setting, so an export's files go with the
  uploads' (``./run returns purge`` and the nightly job); :func:`purge_expired_exports`
  deletes the rows, and the folders at once, whenever an export is asked for or listed.
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from continuum.core.clock import today
from continuum.core.dates import day_words
from continuum.web.returns.models import ReturnExport

__all__ = [
    "EARLIER_YEARS",
    "default_year",
    "export_failed",
    "export_started",
    "export_succeeded",
    "open_files",
    "purge_expired_exports",
    "record_progress",
    "request_export",
    "sen2_years",
    "write_return",
    "year_choices",
    "year_label",
]

Progress = Callable[[str, int], None]
Kind = ReturnExport.Kind

#: How many years before the latest complete one the form offers.
EARLIER_YEARS = 4


def year_label(year: int) -> str:
    """The collection year ending 31 March ``year`` as the DfE writes it: 2026 -> "2025-26"."""
    return f"{year - 1}-{year % 100:02d}"


def default_year(on: date | None = None) -> int:
    """The latest collection year whose period (to 31 March) has ended by ``on`` (default today).

    On 7 December 2026 that is 2025-26 (2026); on 31 March 2026 the year has not yet ended, so
    it is 2024-25: a return exported on the last day would miss that day's records.
    """
    on = on or today()
    return on.year if (on.month, on.day) > (3, 31) else on.year - 1


def year_choices(on: date | None = None) -> list[tuple[int, str]]:
    """The years the form offers, newest first: this year so far, the latest complete one and
    :data:`EARLIER_YEARS` before it."""
    on = on or today()
    latest = default_year(on)
    current = (latest + 1, f"{year_label(latest + 1)} (so far, to {day_words(on)})")
    return [current, *((y, year_label(y)) for y in range(latest, latest - EARLIER_YEARS - 1, -1))]


def sen2_years() -> list[str]:
    """The SEN2 years Continuum has a layout for ("2025-26", ...): it cannot write the others."""
    from continuum.returns.sen2.layout import years

    return list(years())


# --- The row ------------------------------------------------------------------------------


def _update(export_id: int, **fields: object) -> None:
    ReturnExport.objects.filter(pk=export_id).update(**fields)


def request_export(
    kind: str, year: int, *, requested_by: object = None, start: Callable[[int], object] | None = None
) -> ReturnExport:
    """Record the export asked for; ``start`` (the job) runs with its id once the row commits."""
    purge_expired_exports()
    with transaction.atomic():
        export = ReturnExport.objects.create(
            kind=kind, year=year, requested_by=requested_by, stage="Waiting to start"
        )
        if start is not None:
            transaction.on_commit(lambda: start(export.pk))
    return export


def export_started(export_id: int, *, runner: str = "") -> None:
    """Mark the export running; what an earlier, cut-off run wrote is removed first."""
    export = ReturnExport.objects.filter(pk=export_id).first()
    if export is not None:
        shutil.rmtree(export.folder, ignore_errors=True)
    _update(export_id, status=ReturnExport.Status.RUNNING, runner=runner)


def record_progress(export_id: int, stage: str, percent: int) -> None:
    """What the export's progress page shows: the stage and how far (0-100) it has got."""
    _update(export_id, stage=stage, percent=percent)


def export_succeeded(export_id: int, files: list[dict[str, object]]) -> None:
    """Mark the export ready (its files and zip are already in place)."""
    _update(
        export_id,
        status=ReturnExport.Status.SUCCEEDED,
        stage="",
        percent=100,
        files=files,
        finished_at=timezone.now(),
    )


def export_failed(export_id: int, problem: str) -> None:
    """Mark the export failed with the reason for the user, and remove anything it wrote."""
    export = ReturnExport.objects.filter(pk=export_id).first()
    if export is not None:
        shutil.rmtree(export.folder, ignore_errors=True)
    _update(
        export_id, status=ReturnExport.Status.FAILED, problem=problem, stage="", finished_at=timezone.now()
    )


def purge_expired_exports(now: datetime | None = None) -> int:
    """Delete exports older than the uploads' retention setting, with their files; return how many.

    The same setting as uploads (``CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS``): an export names
    every child in the return, as an uploaded return does.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS))
    expired = list(ReturnExport.objects.filter(requested_at__lt=cutoff))
    for export in expired:
        shutil.rmtree(export.folder, ignore_errors=True)
    ReturnExport.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)


# --- Writing the return -------------------------------------------------------------------


def _live_tables() -> dict:
    from continuum.returns.export.source import live_tables

    return live_tables()


def _cin(out: Path, year: int) -> None:
    from continuum.returns.export.cin import export_cin

    export_cin(_live_tables(), out / f"CIN_census_{year_label(year)}.xml", year)


#: How many years of episodes before this year's an SSDA903 export keeps for its check: a care
#: leaver is at most 21 and rule 1001 counts their care from their 14th birthday, so seven years back
#: holds every episode rules 1001 and 1002 ask about.
CHECKING_YEARS = 7


def checking_dir(export: ReturnExport) -> Path:
    """Where an SSDA903 export keeps, beside its return (not in the zip), the Episodes of each of the
    years before it as that year's return would have shown them (``history/Episodes_<year>.csv``)."""
    return export.folder / "checking"


def _ssda903(out: Path, year: int) -> None:
    """The return, and the earlier years' Episodes its check reads (rules 199 and 1000-1002 "can only
    test the current and previous year data loaded": a care leaver whose care ended before last year
    fails 1002 unless those years are loaded too)."""
    from continuum.returns.export.ssda903 import export_903, export_903_history

    tables = _live_tables()
    export_903(tables, out, year)
    export_903_history(tables, out.parent / "checking", year + 1, CHECKING_YEARS)


def _sen2(out: Path, year: int) -> None:
    from continuum.returns.sen2.export import export_sen2

    export_sen2(out / f"SEN2_{year_label(year)}.xml", year_label(year), settings.CONTINUUM_LA_CODE)


def _annex_a(out: Path, year: int) -> None:
    """The 12 months to the year's 31 March, or to today for the year under way."""
    from continuum.returns.export.annex_a import export_annex_a

    at = min(date(year, 3, 31), today())
    export_annex_a(_live_tables(), out / f"Annex_A_{at:%Y-%m-%d}.xlsx", at, months=12)


#: Each kind's writer: (what the progress page says while it runs, the function).
WRITERS: dict[str, tuple[str, Callable[[Path, int], None]]] = {
    Kind.CIN: ("Reading the case record and writing the CIN census", _cin),
    Kind.SSDA903: ("Reading the case record and writing the SSDA903 files", _ssda903),
    Kind.SEN2: ("Reading the SEND records and writing the SEN2 return", _sen2),
    Kind.ANNEX_A: ("Reading the case record and writing the Annex A lists", _annex_a),
}


def write_return(export: ReturnExport, progress: Progress) -> list[dict[str, object]]:
    """Write the export's files and their zip into its folder, whole or not at all; return the files.

    Raises what the exporter raises (a ``ValueError`` says why in words).
    """
    stage, writer = WRITERS[export.kind]
    tmp = export.folder / f".export-{uuid.uuid4().hex}"
    written = tmp / "files"
    try:
        progress(stage, 10)
        writer(written, export.year)
        progress("Putting the files in a zip", 90)
        names = sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
        with zipfile.ZipFile(tmp / "return.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                zf.write(written / name, name)
        shutil.rmtree(export.files_dir, ignore_errors=True)
        shutil.rmtree(checking_dir(export), ignore_errors=True)
        export.zip_path.unlink(missing_ok=True)
        written.rename(export.files_dir)
        if (tmp / "checking").is_dir():
            (tmp / "checking").rename(checking_dir(export))
        (tmp / "return.zip").rename(export.zip_path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [{"name": name, "size": (export.files_dir / name).stat().st_size} for name in names]


def last_years_export(export: ReturnExport) -> ReturnExport | None:
    """The latest written SSDA903 export of the year before ``export``'s, whose files a check of
    ``export`` reads as last year's return; None for another return, or when there is none.

    Why: rules 1001 and 1002 (and the others that compare with last year) cannot be checked on one
    year's files alone, so a check of the export without them lists those rules as not checked.
    """
    if export.kind != ReturnExport.Kind.SSDA903:
        return None
    earlier = ReturnExport.objects.filter(
        kind=export.kind, year=export.year - 1, status=ReturnExport.Status.SUCCEEDED
    ).order_by("-finished_at", "-pk")
    return next((e for e in earlier if e.files and e.files_dir.is_dir()), None)


def earlier_years_files(export: ReturnExport) -> tuple[list[File], list[File]]:
    """The files a check of an SSDA903 export reads beside it: (last year's, earlier years'), opened.

    Last year's return is the year before's written export when there is one (every file), else
    last year's Episodes as the record holds them; earlier years' are the Episodes the export kept
    (:func:`checking_dir`). Nothing for another return or an export written before these were kept.
    """
    if export.kind != ReturnExport.Kind.SSDA903:
        return [], []
    history = checking_dir(export) / "history"
    kept = (
        {int(p.stem.rsplit("_", 1)[1]): p for p in history.glob("Episodes_*.csv")} if history.is_dir() else {}
    )
    last_year = export.year - 1
    previous = last_years_export(export)
    if previous is not None:
        last = open_files(previous)
    else:
        last = [File(kept[last_year].open("rb"), name=kept[last_year].name)] if last_year in kept else []
    earlier = [
        File(path.open("rb"), name=path.name)
        for year, path in sorted(kept.items(), reverse=True)
        if year < last_year
    ]
    return last, earlier


def open_files(export: ReturnExport) -> list[File]:
    """The export's files, opened as uploads are read, for checking them as an upload.

    Only the return's own files at the top of the folder: SSDA903 earlier years' Episodes files
    are not written here, so every file is this year's return.
    """
    return [File((export.files_dir / f["name"]).open("rb"), name=str(f["name"])) for f in export.files]
