"""Return uploads: upload, progress, the validation report and its downloads, import, dashboards.

Validation and import both run in the background, as jobs on the queue (:mod:`jobs`); each has a
progress page that reloads itself through the HTTP ``Refresh`` header, so it
works without JavaScript.

Exports (:mod:`exports`) write a return from the live record in the background too, and
offer it as a zip from the export's page; asking for one, and downloading it, is logged
(the files name every child in the return).

Who may do what is the policy's (``returns.*`` rules). URLs carry the
upload's random token only; file names appear on the pages but never in a
URL or a log. The report lists children's LAchildIDs, so showing or
downloading it is written to the access log, as is an import. Every write
to an upload goes through :mod:`continuum.returns.services`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlencode

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from continuum.core.policy import may
from continuum.returns import services
from continuum.returns.report import HEADERS, person_header
from continuum.returns.services import Requested, ReturnUploadError
from continuum.returns.validate import SEN2
from continuum.web.access import requires
from continuum.web.children.access import log
from continuum.web.returns import datasets, exports, jobs
from continuum.web.returns.fix_links import fix_links
from continuum.web.returns.forms import DatasetForm, ExportForm, UploadForm
from continuum.web.returns.models import FILE_GROUPS, ReturnExport, ReturnUpload
from continuum.web.returns.words import table_words

PAGE_SIZE = 50
REFRESH_SECONDS = 3
RECENT = 50

#: Downloads: URL word -> (file in the report folder, file name offered, content type).
DOWNLOADS = {
    "xlsx": (
        "validation.xlsx",
        "validation.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "failures.csv": ("validation_failures.csv", "validation_failures.csv", "text/csv; charset=utf-8"),
    "summary.csv": ("validation_summary.csv", "validation_summary.csv", "text/csv; charset=utf-8"),
}

#: The failures table's columns. Table and field, and element and line, share a
#: column each so that the table fits the page; the downloads keep them apart. The
#: person's column is named by :func:`_who` for the returns in the files.
_COLUMNS = (
    "File",
    "Rule",
    "Severity",
    "Message",
    "Child (LAchildID)",
    "Table: field",
    "Where in the file",
)
_PERSON = _COLUMNS.index("Child (LAchildID)")


def _who(returns_read: list[dict[str, str]]) -> dict[str, object]:
    """The failures' columns and the totals' "Children" label for the returns in these files.

    The CIN census and SSDA903 name a child by LAchildID; a SEN2 file by UPN or ULN
    (:func:`~continuum.returns.report.person_header`, as the report files head the column).
    Reports written before the returns were listed (no ``returns_read``) were CIN census or
    SSDA903 only.
    """
    kinds = {r["kind"] for r in returns_read}
    columns = (*_COLUMNS[:_PERSON], person_header(kinds), *_COLUMNS[_PERSON + 1 :])
    label = "Children and young people" if SEN2 in kinds else "Children"
    return {"columns": columns, "children_label": label}


def _failure_cells(r: dict) -> list[object]:
    """One failure as the table's cells: "Child protection plans: CPPendDate" (the table in
    words, :mod:`.words`) and "ChildProtectionPlans, line 44"; a spreadsheet's failure is where
    Excel shows it: "Episodes, row 12, cell D12"."""
    cell = r.get("cell")
    if cell:
        where = ", ".join(str(x) for x in (r["element"], f"row {r['line']}", f"cell {cell}") if x)
    else:
        where = ", ".join(str(x) for x in (r["element"], r["line"] and f"line {r['line']}") if x)
    table_field = f"{table_words(r['table'])}: {r['field']}"
    return [r["file"], r["rule"], r["severity"], r["message"], r["child_id"], table_field, where]


def _upload_or_404(token: str) -> ReturnUpload:
    return get_object_or_404(ReturnUpload, token=token)


@requires("returns.upload")
def index(request: HttpRequest) -> HttpResponse:
    return _index(request, ExportForm())


def _index(request: HttpRequest, form: ExportForm, errors: list | None = None) -> HttpResponse:
    """The returns page: uploads, and for those who may export, the export form and recent exports."""
    can_export = may(request.user, "returns.export")
    if can_export:
        exports.purge_expired_exports()
    context = {
        "uploads": list(ReturnUpload.objects.all()[:RECENT]),
        "dataset_choice": datasets.chosen_dataset(request),
        "retention_days": settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS,
        "can_export": can_export,
        "export_form": form,
        "exports": list(ReturnExport.objects.all()[:RECENT]) if can_export else [],
        "errors": errors or [],
    }
    return render(request, "returns/index.html", context, status=400 if errors else 200)


def _field_errors(form: UploadForm | DatasetForm | ExportForm) -> list[tuple[str, str]]:
    return [(f"id_{name}", message) for name, errors in form.errors.items() for message in errors]


@requires("returns.upload")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.create_upload(
            {group: form.cleaned_data[group] for group in FILE_GROUPS},
            description=form.cleaned_data["description"],
            uploaded_by=request.user,
            start=jobs.start_validation,
        )
        return redirect("returns-upload-detail", token=job.token)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "errors": _field_errors(form) if form.is_bound else [],
        "max_mb": settings.CONTINUUM_RETURN_UPLOAD_MAX_MB,
        "files_hint": f"XML or CSV, up to {settings.CONTINUUM_RETURN_UPLOAD_MAX_MB} MB each. "
        "Select several files at once to upload an SSDA903 return.",
    }
    return render(request, "returns/upload.html", context, status=status)


def _summary(upload: ReturnUpload) -> list[dict[str, str]]:
    """The failures per rule, keyed as the report's columns whatever the file's headers say
    (words since the files were given them, the keys before)."""
    keys = {words: key for key, words in HEADERS.items()}
    path = upload.report_dir / "validation_summary.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [{keys.get(h, h): v for h, v in row.items()} for row in csv.DictReader(fh)]


def _not_checked(upload: ReturnUpload) -> list[dict[str, object]]:
    """Rules the validation could not run, one line per reason with its rules in code order (a
    list of forty lines repeating four reasons hid what to upload). Reports written before this
    file existed have none."""
    path = upload.report_dir / "validation_not_checked.csv"
    if not path.exists():
        return []
    by_why: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            by_why.setdefault(r["why"], []).append(r["rule"])
    return [{"why": why, "rules": sorted(rules, key=_code_order)} for why, rules in sorted(by_why.items())]


def _code_order(code: str) -> tuple[int, str]:
    """Rule codes as the DfE lists them: 164 before 1015, "202 (2024-25)" by its 202."""
    digits = re.match(r"\D*(\d+)", code)
    return (int(digits.group(1)) if digits else 0, code)


def _returns_read(upload: ReturnUpload) -> list[dict[str, str]]:
    """Each return among the files with its year and whether its year's rules ran (reports
    written before this file existed have none)."""
    path = upload.report_dir / "validation_returns.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


#: The report page's filters: query word -> the failures' column.
FILTERS = {"rule": "rule", "severity": "severity", "team": "team_id"}
NO_TEAM = "none"


def _filtered(table: pa.Table, query: QueryDict) -> tuple[pa.Table, dict[str, str]]:
    """The failures the page's filters keep, and the filters as applied (unknown values ignored)."""
    applied: dict[str, str] = {}
    for word, column in FILTERS.items():
        value = (query.get(word) or "").strip()
        if not value or column not in table.schema.names:
            continue
        if column == "team_id":
            if value == NO_TEAM:
                mask = pc.is_null(table[column])
            elif value.isdigit():
                mask = pc.equal(table[column], int(value))
            else:
                continue
        else:
            mask = pc.equal(table[column], value)
        table = table.filter(pc.fill_null(mask, False))
        applied[word] = value
    return table, applied


def _filter_choices(table: pa.Table) -> dict[str, list[tuple[str, str]]]:
    """The values each filter offers: those in the report (rules in code order, teams by name)."""
    rules = sorted((r for r in pc.unique(table["rule"]).to_pylist() if r), key=_code_order)
    severities = sorted(s for s in pc.unique(table["severity"]).to_pylist() if s)
    teams: list[tuple[str, str]] = []
    if "team_id" in table.schema.names:
        distinct = table.select(["team_id", "team"]).group_by(["team_id", "team"]).aggregate([])
        pairs = set(zip(distinct["team_id"].to_pylist(), distinct["team"].to_pylist(), strict=True))
        teams = sorted(((str(t), n) for t, n in pairs if t is not None), key=lambda p: p[1])
        if any(t is None for t, _ in pairs):
            teams.append((NO_TEAM, "Not in the live record, or no team"))
    return {
        "rule": [(r, r) for r in rules],
        "severity": [(s, s.capitalize()) for s in severities],
        "team": teams,
    }


def _failures_page(request: HttpRequest, upload: ReturnUpload) -> dict[str, object]:
    """One page of failures, read from the report's Parquet file, filtered by rule, severity and
    team, each with the links to the record and the form that fixes it (:mod:`.fix_links`)."""
    import pyarrow.parquet as pq

    whole = pq.read_table(upload.report_dir / "validation_failures.parquet")
    table, applied = _filtered(whole, request.GET)
    pages = max(1, -(-table.num_rows // PAGE_SIZE))
    try:
        number = min(max(1, int(request.GET.get("page") or 1)), pages)
    except ValueError:
        number = 1
    rows = table.slice((number - 1) * PAGE_SIZE, PAGE_SIZE).to_pylist()
    links = fix_links(request, rows)
    choices = _filter_choices(whole)
    query = urlencode(applied)
    return {
        "number": number,
        "pages": pages,
        "total": table.num_rows,
        "whole": whole.num_rows,
        "first": (number - 1) * PAGE_SIZE + 1 if rows else 0,
        "last": (number - 1) * PAGE_SIZE + len(rows),
        "rows": [(_failure_cells(r), fixes) for r, fixes in zip(rows, links, strict=True)],
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "query": f"&{query}" if query else "",
        "applied": applied,
        "filters": [
            {
                "word": word,
                "label": label,
                "options": [(v, text, applied.get(word) == v) for v, text in choices[word]],
            }
            for word, label in (("rule", "Rule"), ("severity", "Severity"), ("team", "Team"))
            if choices[word]
        ],
        "links_shown": may(request.user, "child.view"),
        "has_records": "record" in whole.schema.names and whole["record"].null_count < whole.num_rows,
    }


def _progress(
    request: HttpRequest, upload: ReturnUpload | ReturnExport, heading: str, percent: int, stage: str
) -> HttpResponse:
    """A progress page (validation, import or export) that reloads itself every few seconds."""
    context = {
        "upload": upload,
        "heading": heading,
        "percent": percent,
        "stage": stage,
        "refresh": REFRESH_SECONDS,
    }
    response = render(request, "returns/progress.html", context)
    response["Refresh"] = str(REFRESH_SECONDS)
    return response


@requires("returns.upload")
def detail(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload_or_404(token)
    if not upload.finished:
        stage = upload.stage or upload.get_status_display()
        return _progress(request, upload, "Checking your files", upload.percent, stage)
    if upload.status == ReturnUpload.Status.FAILED:
        context = {
            "upload": upload,
            "heading": "The files could not be checked",
            "problem": upload.problem,
            "advice": "Nothing from these files was checked or imported. "
            "Correct the file and upload it again.",
        }
        return render(request, "returns/failed.html", context)
    if not may(request.user, "returns.report"):
        return render(request, "returns/checked.html", {"upload": upload, **_who(_returns_read(upload))})
    return _report(request, upload, DatasetForm())


def _report(
    request: HttpRequest, upload: ReturnUpload, form: DatasetForm, errors: list | None = None
) -> HttpResponse:
    """The report page (logged: it lists children); ``errors`` are the import form's."""
    log(request.user, "returns.report", record_type="return-upload", record_id=upload.pk)  # type: ignore[arg-type]
    returns_read = _returns_read(upload)
    context = {
        "upload": upload,
        "summary": _summary(upload),
        "not_checked": _not_checked(upload),
        "provider_rules": _provider_rules() if upload.provider_files else [],
        "failures": _failures_page(request, upload),
        "returns_read": returns_read,
        **_who(returns_read),
        "dataset_form": form,
        "errors": errors or [],
        "can_import": may(request.user, "returns.import"),
        "dataset_choice": datasets.chosen_dataset(request),
    }
    return render(request, "returns/report.html", context, status=400 if errors else 200)


def _provider_rules() -> list[str]:
    """The rules that read the provider-information file (checked when one was uploaded)."""
    from continuum.returns.ssda903 import ruleset_for

    return [r.code for r in ruleset_for(None).rules if getattr(r, "needs_providers", False)]


@requires("returns.report")
def download(request: HttpRequest, token: str, fmt: str) -> FileResponse:
    if fmt not in DOWNLOADS:
        raise Http404("No such report format")
    upload = _upload_or_404(token)
    stored, offered, content_type = DOWNLOADS[fmt]
    path: Path = upload.report_dir / stored
    if upload.status != ReturnUpload.Status.SUCCEEDED or not path.exists():
        raise Http404("This upload has no report")
    log(request.user, f"returns.report.{fmt}", record_type="return-upload", record_id=upload.pk)  # type: ignore[arg-type]
    return FileResponse(path.open("rb"), as_attachment=True, filename=offered, content_type=content_type)


@require_POST
@requires("returns.import")
def import_upload(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload_or_404(token)
    if upload.status != ReturnUpload.Status.SUCCEEDED:
        raise Http404("Only checked files can be imported")
    form = DatasetForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else None
    try:
        # One import per upload at a time: a second request waits, then finds the dataset made.
        asked = services.request_import(upload, name, start=jobs.start_import)
    except ReturnUploadError as err:  # the name was taken between the form's check and the lock
        form.add_error("name", str(err))
        return _report(request, upload, form, _field_errors(form))
    upload = asked.upload
    if asked.outcome == Requested.ALREADY_IMPORTED:
        messages.info(request, f"These files are already imported as {upload.dataset_name}.")
        return redirect("returns-upload-detail", token=upload.token)
    if asked.outcome == Requested.NOT_ASKED:
        return _report(request, upload, form, _field_errors(form))
    if asked.outcome == Requested.QUEUED:
        log(request.user, "returns.import", record_type="return-upload", record_id=upload.pk)  # type: ignore[arg-type]
    return redirect("returns-import-progress", token=upload.token)


@requires("returns.import")
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """How far the import has got; the report once it is done; why, if it failed."""
    upload = _upload_or_404(token)
    if upload.importing:
        heading = f"Importing the dataset ‘{upload.dataset_name}’"
        stage = upload.import_stage or "Waiting to start"
        return _progress(request, upload, heading, upload.import_percent, stage)
    if upload.import_status == ReturnUpload.Status.FAILED:
        context = {
            "upload": upload,
            "heading": "The dataset could not be imported",
            "problem": upload.import_problem,
            "advice": "Nothing from these files was imported. The validation report is unchanged.",
            "back": True,
        }
        return render(request, "returns/failed.html", context)
    return redirect("returns-upload-detail", token=upload.token)


@require_POST
@requires("returns.report")
def show_on_dashboards(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload_or_404(token)
    if not upload.has_dataset:
        raise Http404("These files have not been imported")
    request.session[datasets.DATASET_SESSION_KEY] = upload.token
    return redirect("performance-index")


@require_POST
@requires("performance.dashboard")
def show_live_record(request: HttpRequest) -> HttpResponse:
    request.session.pop(datasets.DATASET_SESSION_KEY, None)
    return redirect("returns-index" if request.POST.get("next") == "returns" else "performance-index")


# --- Exports --------------------------------------------------------------------------------


def _export_or_404(token: str) -> ReturnExport:
    return get_object_or_404(ReturnExport, token=token)


@require_POST
@requires("returns.export")
def export_new(request: HttpRequest) -> HttpResponse:
    """Queue the return asked for; the form comes back with its errors beside the fields."""
    form = ExportForm(request.POST)
    if not form.is_valid():  # a radio group's message leads to its first radio
        errors = [("id_kind_0" if a == "id_kind" else a, m) for a, m in _field_errors(form)]
        return _index(request, form, errors)
    export = exports.request_export(
        form.cleaned_data["kind"],
        form.cleaned_data["year"],
        requested_by=request.user,
        start=jobs.start_export,
    )
    log(request.user, "returns.export", record_type="return-export", record_id=export.pk)  # type: ignore[arg-type]
    return redirect("returns-export-detail", token=export.token)


@requires("returns.export")
def export_detail(request: HttpRequest, token: str) -> HttpResponse:
    """How far the export has got; why, if it failed; the download once it is written."""
    export = _export_or_404(token)
    title = f"{export.get_kind_display()} {export.year_label}"
    if not export.finished:
        return _progress(
            request, export, f"Exporting the {title}", export.percent, export.stage or "Waiting to start"
        )
    if export.status == ReturnExport.Status.FAILED:
        context = {
            "heading": f"The {title} could not be exported",
            "summary_title": "There is a problem with the export",
            "problem": export.problem,
            "advice": "No files were written.",
            "again": ("returns-index", "Back to statutory returns"),
        }
        return render(request, "returns/failed.html", context)
    context = {
        "export": export,
        "title": title,
        "retention_days": settings.CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS,
        "can_validate": export.can_be_validated and may(request.user, "returns.upload"),
        "last_year": exports.last_years_export(export),
        "needs_last_year": export.kind == ReturnExport.Kind.SSDA903,
    }
    return render(request, "returns/export.html", context)


@requires("returns.export")
def export_download(request: HttpRequest, token: str) -> FileResponse:
    """The export's files as one zip (logged: they name every child in the return)."""
    export = _export_or_404(token)
    if export.status != ReturnExport.Status.SUCCEEDED or not export.zip_path.exists():
        raise Http404("This export has no files")
    log(request.user, "returns.export.download", record_type="return-export", record_id=export.pk)  # type: ignore[arg-type]
    return FileResponse(
        export.zip_path.open("rb"),
        as_attachment=True,
        filename=export.download_name,
        content_type="application/zip",
    )


@require_POST
@requires("returns.export")
def export_validate(request: HttpRequest, token: str) -> HttpResponse:
    """Check the exported files as an upload of them, so the report is the one every upload gets."""
    export = _export_or_404(token)
    if not export.can_be_validated or not may(request.user, "returns.upload"):
        raise Http404("This export cannot be checked")
    previous = exports.last_years_export(export)
    files = exports.open_files(export)
    last_year, earlier = exports.earlier_years_files(export)
    described = f"Exported {export.get_kind_display()} {export.year_label}"
    if previous:
        described += f", with last year's export ({previous.year_label})"
    elif last_year:
        described += ", with last year's episodes from the record"
    groups = {"files": files, "previous_files": last_year, "history_files": earlier}
    try:
        upload = services.create_upload(
            {group: chosen for group, chosen in groups.items() if chosen},
            description=described,
            uploaded_by=request.user,
            start=jobs.start_validation,
        )
    finally:
        for f in (*files, *last_year, *earlier):
            f.close()
    return redirect("returns-upload-detail", token=upload.token)
