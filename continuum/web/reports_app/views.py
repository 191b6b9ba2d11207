"""Reports in the app: generate (a queued job with a progress page), annotate, publish, read.

Analysts generate Performance Matters for a month or the board's annual table
for a financial year, write commentary per section and publish; board
members, managers and QA officers read what is published. Who may do what is
the policy's (``reports.*``, :mod:`continuum.publishing.rules`); a draft is
not found for those who may only read published reports. Every write goes
through :mod:`continuum.publishing.services`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.core.dates import MONTHS
from continuum.core.policy import may
from continuum.metrics.periods import PeriodError, financial_year_period
from continuum.publishing import jobs, services
from continuum.publishing.models import ReportVersion
from continuum.publishing.services import PublishingError
from continuum.reports import board
from continuum.reports.performance_matters import commentary_paragraphs
from continuum.reports.reportable import (
    check_begun,
    check_month,
    check_year,
    latest_month,
    latest_year,
    read_month,
)
from continuum.reports.sources import earliest_event_date
from continuum.web.access import requires

REFRESH_SECONDS = 3
RECENT = 50
_YEAR = re.compile(r"^(\d{4})$")

#: URL word -> content type; the PDF opens in the browser, the others download.
FORMATS = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _version_or_404(request: HttpRequest, token: str) -> ReportVersion:
    version = get_object_or_404(ReportVersion, token=token)
    if not may(request.user, "reports.read", version):
        raise Http404("No such report")
    return version


def default_periods(today: date) -> dict[str, str]:
    """What the forms offer before anything is typed: last month, and the latest complete financial year.

    Why: an analyst's month is the month just ended (the report is written in the first weeks of
    the next), and the board's table is for a year that has ended (April to March), so a year
    still running is never offered as the default.
    """
    last_month = today.replace(day=1) - timedelta(days=1)
    fy_start = today.year - 1 if today.month >= 4 else today.year - 2
    return {"month": f"{MONTHS[last_month.month - 1]} {last_month.year}", "year": str(fy_start)}


def _index(
    request: HttpRequest, errors: list[tuple[str, str]] | None = None, status: int = 200
) -> HttpResponse:
    analyst = may(request.user, "reports.generate")
    versions = ReportVersion.objects.select_related("requested_by", "published_by")
    if not analyst:
        versions = versions.filter(published_at__isnull=False)
    context = {
        "analyst": analyst,
        "versions": list(versions[:RECENT]),
        "errors": errors or [],
        "values": request.POST if request.method == "POST" else default_periods(clock.today()),
        "latest": latest_periods(clock.today()),
    }
    return render(request, "reports_app/index.html", context, status=status)


@requires("reports.read")
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


def _period(kind: str, given: str, today: date) -> tuple[str | None, list[tuple[str, str]]]:
    """The period label from the form, or the error naming the field."""
    if kind == ReportVersion.Kind.PERFORMANCE_MATTERS:
        return _month_label(given.strip(), today)
    if kind == ReportVersion.Kind.BOARD_TABLE:
        return _year_label(given.strip(), today)
    return None, [("id_kind", "Choose a report")]


def _month_label(given: str, today: date) -> tuple[str | None, list[tuple[str, str]]]:
    """A month typed as people write it (:func:`read_month`), started, and not before the records begin."""
    month = read_month(given)
    if month is None:
        return None, [("id_month", "Enter the month as a month and year, for example November 2026")]
    try:
        check_month(month, today)
        check_begun(month, _first_record())
    except PeriodError as exc:
        return None, [("id_month", str(exc))]
    return month.label, []


def _year_label(given: str, today: date) -> tuple[str | None, list[tuple[str, str]]]:
    """A financial year that has started and does not end before the borough's records begin."""
    if not _YEAR.match(given) or int(given) < 1:
        return None, [("id_year", "Enter the year the financial year starts in, for example 2025")]
    year = financial_year_period(int(given))
    try:
        check_year(year, today)
        check_begun(year, _first_record())
    except PeriodError as exc:
        return None, [("id_year", str(exc))]
    return year.label, []


def _first_record() -> date | None:
    """Where the borough's records begin, from the same analytical tables the report job reads.

    Why those tables and not a query of our own: the report counts what they hold, so a period is
    refused exactly when the report would have nothing in it. They are kept between requests
    (:mod:`continuum.metrics.snapshot`), so asking costs a copy only of what changed.
    """
    from continuum.metrics.snapshot import refresh

    return earliest_event_date(refresh().tables)


def latest_periods(today: date) -> dict[str, str]:
    """The hint beside each field: the latest month and year that can be reported (still running)."""
    month, year = latest_month(today), latest_year(today)
    return {
        "month": f"{month.words}, its figures so far",
        "year": f"{year.financial_year_start} ({year.words}), its figures so far",
    }


@require_POST
@requires("reports.generate")
def generate(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    given = request.POST.get("month" if kind == ReportVersion.Kind.PERFORMANCE_MATTERS else "year", "")
    period, errors = _period(kind, given, clock.today())
    if period is None:
        return _index(request, errors, status=400)
    version = services.request(kind, period, by=request.user, start=jobs.start_generate)
    return redirect("reports-version", token=version.token)


@requires("reports.read")
def detail(request: HttpRequest, token: str) -> HttpResponse:
    version = _version_or_404(request, token)
    if not version.finished:
        context = {"version": version, "refresh": REFRESH_SECONDS}
        response = render(request, "reports_app/progress.html", context)
        response["Refresh"] = str(REFRESH_SECONDS)
        return response
    context = {
        "version": version,
        "analyst": may(request.user, "reports.generate"),
        "sections": _sections(version, version.commentary),
        "errors": [],
        "board": _board_table(version),
    }
    return render(request, "reports_app/version.html", context)


def _sections(version: ReportVersion, texts: dict[str, str]) -> list[tuple[int, str, str, list[str]]]:
    """Each section: its number, title, commentary as typed, and that commentary's paragraphs.

    The paragraphs are the PDF's own (:func:`commentary_paragraphs`), so the page and the PDF part
    the text at the same blank lines.
    """
    given = [(s, texts.get(s, "")) for s in version.sections]
    return [(i, s, text, commentary_paragraphs(text)) for i, (s, text) in enumerate(given)]


def _board_table(version: ReportVersion) -> board.ShownTable | None:
    """The board's table laid out on the page from the version's CSV (none for other reports)."""
    name = version.files.get("csv") if version.status == ReportVersion.Status.READY else None
    if version.kind != ReportVersion.Kind.BOARD_TABLE or not name:
        return None
    path = version.folder / name
    return board.read_csv(path) if path.exists() else None


@require_POST
@requires("reports.generate")
def commentary(request: HttpRequest, token: str) -> HttpResponse:
    version = _version_or_404(request, token)
    given = {s: request.POST.get(f"section-{i}", "") for i, s in enumerate(version.sections)}
    try:
        services.save_commentary(version, given, by=request.user, start=jobs.start_print)
    except PublishingError as err:
        context = {
            "version": version,
            "analyst": True,
            "sections": _sections(version, given),
            "errors": [("section-0", str(err))],
        }
        return render(request, "reports_app/version.html", context, status=400)
    messages.success(request, "Commentary saved. It is being printed into the PDF.")
    return redirect("reports-version", token=version.token)


@require_POST
@requires("reports.generate")
def publish(request: HttpRequest, token: str) -> HttpResponse:
    version = _version_or_404(request, token)
    try:
        services.publish(version, by=request.user)
    except PublishingError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"{version} is published.")
    return redirect("reports-version", token=version.token)


@requires("reports.read")
def download(request: HttpRequest, token: str, fmt: str) -> FileResponse:
    version = _version_or_404(request, token)
    name = version.files.get(fmt) if version.status == ReportVersion.Status.READY else None
    if fmt not in FORMATS or not name:
        raise Http404("This report has no such file")
    offered = f"{version.kind}-{version.period}-v{version.number}.{fmt}"
    return FileResponse(
        (version.folder / name).open("rb"),
        as_attachment=fmt != "pdf",
        filename=offered,
        content_type=FORMATS[fmt],
    )
