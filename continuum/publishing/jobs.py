"""Generating a report version, and reprinting its PDF with the commentary, as queued jobs.

Why jobs: reading the record and computing a month's indicators, charts and
PDF takes from seconds to minutes, and must outlive a restart of the web
server (:mod:`continuum.jobs`). Each job writes into a temporary folder and
renames it into place before the version is marked ready, so a version is
either whole or has no files; a job cut off twice is marked failed with
:data:`CUT_OFF` (:mod:`continuum.jobs.recovery`).

Performance Matters is rendered once with a slot per section for the
commentary (``template.html``); saving commentary fills the slots and prints
the PDF again, without computing the figures again.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from procrastinate.contrib.django import app

from continuum.jobs.recovery import on_cut_off
from continuum.metrics.provisional import council_settings
from continuum.publishing import services
from continuum.publishing.models import ReportVersion

__all__ = ["draft_last_month", "start_generate", "start_print"]

logger = logging.getLogger(__name__)

CUT_OFF = "The service restarted while this report was being generated. Generate it again."
BROKE = (
    "Something went wrong while generating this report. Generate it again; "
    "if it happens again, tell your system administrator."
)
NO_DATA = "The record holds no dated events yet, so there is nothing to report on."

TEMPLATE = "template.html"


def _slot(index: int) -> str:
    return f"@@commentary-{index}@@"


def start_generate(version_id: int) -> int:
    return generate_task.defer(version_id=version_id)


def start_print(version_id: int) -> int:
    return print_task.defer(version_id=version_id)


@app.task(name="reports.generate")
def generate_task(version_id: int) -> None:
    _guarded(version_id, _generate)


@app.task(name="reports.print")
def print_task(version_id: int) -> None:
    _guarded(version_id, _print)


@on_cut_off("reports.generate")
@on_cut_off("reports.print")
def _cut_off(version_id: int) -> None:
    services.failed(version_id, CUT_OFF)


def _guarded(version_id: int, work) -> None:  # type: ignore[no-untyped-def]
    """Run ``work``; whatever happens the version ends marked (the log has the error's type only)."""
    try:
        work(ReportVersion.objects.get(pk=version_id))
    except _Refused as refused:
        services.failed(version_id, str(refused))
    except Exception as exc:  # the job must end marked, whatever happened
        logger.error("Report version %s job failed: %s", version_id, type(exc).__name__)
        services.failed(version_id, BROKE)
    finally:
        connection.close()


class _Refused(Exception):
    """A reason the report cannot be made, in words for the user."""


def _tables() -> tuple[dict, date]:
    from continuum.metrics.snapshot import refresh
    from continuum.reports.sources import latest_event_date

    tables = dict(refresh().tables)  # only tables written since the last refresh are copied
    latest = latest_event_date(tables)
    if latest is None:
        raise _Refused(NO_DATA)
    return tables, latest


def _generate(version: ReportVersion) -> None:
    pk = version.pk
    services.started(pk)
    services.progress(pk, "Reading the case record", 15)
    tables, latest = _tables()
    tmp = Path(settings.CONTINUUM_REPORT_DIR) / f".{version.token}-{uuid.uuid4().hex}"
    tmp.mkdir(parents=True)
    try:
        if version.kind == ReportVersion.Kind.PERFORMANCE_MATTERS:
            files, sections = _performance_matters(version, tables, latest, tmp)
        else:
            files, sections = _board_table(version, tables, latest, tmp), []
        services.progress(pk, "Saving the files", 95)
        shutil.rmtree(version.folder, ignore_errors=True)
        tmp.rename(version.folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    services.generated(pk, files, sections)


def _performance_matters(
    version: ReportVersion, tables: dict, latest: date, out: Path
) -> tuple[dict[str, str], list[str]]:
    from continuum.reports import performance_matters as pm

    services.progress(version.pk, "Calculating the month's indicators and charts", 35)
    try:
        report = pm.build(
            tables,
            version.period,
            source="the live case record",
            data_up_to=latest,
            settings=council_settings(),
        )
    except ValueError as exc:  # our own message: the month is not a month
        raise _Refused(str(exc)) from exc
    sections = list(report.sections)
    template = pm.render_html(report, {s: _slot(i) for i, s in enumerate(sections)})
    (out / TEMPLATE).write_text(template, encoding="utf-8")
    services.progress(version.pk, "Printing the PDF", 70)
    return _write_pm(out, template, sections, {}), sections


def _write_pm(out: Path, template: str, sections: list[str], commentary: dict[str, str]) -> dict[str, str]:
    """The HTML and PDF with the commentary in its slots (a section without any prints none)."""
    from continuum.reports import html as h
    from continuum.reports import performance_matters as pm

    text = template
    for i, section in enumerate(sections):
        text = text.replace(pm.commentary_html(_slot(i)), pm.commentary_html(commentary.get(section, "")))
    (out / "report.html").write_text(text, encoding="utf-8")
    h.write_pdf(text, out / "report.pdf")
    return {"html": "report.html", "pdf": "report.pdf"}


def _board_table(version: ReportVersion, tables: dict, latest: date, out: Path) -> dict[str, str]:
    from continuum.reports import board

    services.progress(version.pk, "Calculating five years of the board's indicators", 35)
    start = int(version.period[:4])
    year_end = date(start + 1, 3, 31)
    result = board.build(
        tables,
        years=5,
        data_up_to=min(latest, year_end),
        source="the live case record",
        settings=council_settings(),
    )
    files = {}
    for path in board.write(result, out):
        files[path.suffix.lstrip(".")] = path.name
    return files


def _print(version: ReportVersion) -> None:
    """Print the saved commentary into this version's HTML and PDF (the figures stay as generated)."""
    tmp = version.folder / f".print-{uuid.uuid4().hex}"
    tmp.mkdir(parents=True)
    try:
        template = (version.folder / TEMPLATE).read_text(encoding="utf-8")
        files = _write_pm(tmp, template, list(version.sections), dict(version.commentary))
        for name in files.values():
            (tmp / name).replace(version.folder / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    services.printed(version.pk)


def first_working_day(month_start: date) -> date:
    from continuum.core.working_days import add_working_days

    return add_working_days(month_start - timedelta(days=1), 1)


def draft_last_month(today: date) -> ReportVersion | None:
    """On the month's first working day, a draft of last month's Performance Matters for the analysts."""
    if today != first_working_day(today.replace(day=1)):
        return None
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return services.request(ReportVersion.Kind.PERFORMANCE_MATTERS, last_month, by=None, start=start_generate)
