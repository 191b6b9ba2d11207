"""Performance dashboards: one page per area, the children behind a figure, and exports.

Who may do what is the policy's (``performance.*`` rules): the dashboards
show aggregates; the drill-down lists children by LAchildID and is open to
analysts, team managers and QA officers only; each drill-down and each export
is written to the access log. Periods travel as GET parameters: a label such
as ``2024-07`` carries no personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from continuum.core.dates import day_words, moment_words
from continuum.core.policy import may, visible_children
from continuum.failures import Failure, log_failure
from continuum.metrics import definitions
from continuum.metrics.periods import Period, PeriodError, parse_period
from continuum.web.access import requires
from continuum.web.children.access import glass_ids, log
from continuum.web.dashboards import exports, words
from continuum.web.dashboards.areas import area_or_404, areas_for
from continuum.web.dashboards.breakdowns import COHORTS, check_group_dimension, labeller, rows_in_group
from continuum.web.dashboards.build import (
    build_engine,
    chart_svg,
    dashboard_views,
    data_note,
    default_period,
    indicator_view,
    period_choices,
    period_label_title,
)
from continuum.web.dashboards.source import Source, get_source, has_fingerprint
from continuum.web.returns.datasets import chosen_dataset, dataset_source

logger = logging.getLogger(__name__)
PAGE_SIZE = 100
UNAVAILABLE = "The figures cannot be shown just now because the data could not be read. Try again later."


def request_source(request: HttpRequest) -> tuple[Source | None, str | None]:
    """The session's imported dataset if one is chosen (see continuum.web.returns), else the live record.

    When the tables cannot be read, the page says which (an
    :class:`~continuum.metrics.extract.ExtractionError` names the table,
    column and record id, never the value) so whoever can correct the
    record knows where to look; anything else gets the general message.
    """
    try:
        return dataset_source(request) or get_source(), None
    except Exception as exc:
        known = isinstance(exc, Failure)
        log_failure(logger, str(exc) if known else "Dashboard tables could not be read.", exc)
        return None, f"The figures cannot be shown. {exc}" if known else UNAVAILABLE


def request_period(request: HttpRequest, source: Source | None) -> tuple[Period, str | None]:
    fallback = default_period(source.data_up_to if source else None)
    label = request.GET.get("period", "").strip()
    if not label:
        return fallback, None
    try:
        return parse_period(label), None
    except PeriodError as exc:
        return fallback, str(exc)


@requires("performance.dashboard")
def index(request: HttpRequest) -> HttpResponse:
    context = {"areas": areas_for(request.user), "dataset_choice": chosen_dataset(request)}
    return render(request, "dashboards/index.html", context)


@requires("performance.dashboard")
def dashboard(request: HttpRequest, area: str) -> HttpResponse:
    chosen = area_or_404(area, request.user)
    source, failure = request_source(request)
    period, period_error = request_period(request, source)
    views: list[Any] = []
    if source is not None:
        try:
            engine = build_engine(source)
            views = dashboard_views(engine, chosen, period)
        except Exception as exc:
            log_failure(logger, f"Dashboard {chosen.slug} could not be built.", exc)
            failure = UNAVAILABLE
    anchor = default_period(source.data_up_to if source else None)
    context = {
        "area": chosen,
        "areas": areas_for(request.user),
        "period": period,
        "period_title": period_label_title(period),
        "period_error": period_error,
        "choices": period_choices(max(anchor, period, key=lambda p: p.end), period),
        "views": views,
        "failure": failure,
        "data_note": data_note(source, period) if source else None,
        "can_drill": may(request.user, "performance.drilldown"),
        "can_export": may(request.user, "performance.export"),
        "dataset_choice": chosen_dataset(request),
        "can_breakdown": may(request.user, "performance.breakdown"),
        "cohorts": COHORTS,
    }
    return render(request, "dashboards/dashboard.html", context, status=400 if period_error else 200)


_CHARTS_KEPT = 256
_charts: OrderedDict[tuple[object, ...], str] = OrderedDict()
_charts_lock = threading.Lock()


@requires("performance.dashboard")
def chart(request: HttpRequest, area: str, code: str) -> HttpResponse:
    """One indicator's 12-month chart as an SVG image; the page carries its alt text and figures.

    Why its own request: drawing is most of a dashboard's server time, and the headline figures
    need none of it, so the page comes first and the browser fetches the drawings as they scroll
    into view. A drawing is kept while the data's state is unchanged (the source's fingerprint,
    see continuum/web/dashboards/source.py), so a new record is drawn on the next load.
    """
    chosen = area_or_404(area, request.user)
    if code not in chosen.codes:
        raise Http404("No such indicator on this dashboard")
    try:
        period = parse_period(request.GET.get("period", ""))
    except PeriodError as exc:
        return HttpResponseBadRequest(str(exc).encode())
    source, failure = request_source(request)
    if source is None:
        return HttpResponse(failure, status=503, content_type="text/plain; charset=utf-8")
    key = (source.description, source.state, source.data_up_to, code, period.label)
    keep = has_fingerprint(source)
    with _charts_lock:
        svg = _charts.get(key) if keep else None
    if svg is None:
        try:
            svg = chart_svg(build_engine(source), code, period)
        except Exception as exc:
            log_failure(logger, f"The chart of indicator {code} for {period.label} could not be drawn.", exc)
            return HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
        if svg is None:
            raise Http404("Nothing to draw for this period")
        if keep:
            with _charts_lock:
                _charts[key] = svg
                while len(_charts) > _CHARTS_KEPT:
                    _charts.popitem(last=False)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    return response


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return moment_words(value)
    if isinstance(value, dt.date):
        return day_words(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: Drill-down columns holding a team's or a worker's key, shown by name (:func:`.breakdowns.labeller`).
_PEOPLE_COLUMNS = {"team": "team", "team_id": "team", "worker": "worker", "sw_id": "worker"}


def _column_title(
    name: str, record: str | None, measures: dict[str, tuple[str, Callable[[Any], str]] | None]
) -> str:
    """A drill-down column's heading: the record's kind, the measure's own words, or the column's."""
    if name == "record_id" and record:
        return record
    measure = measures.get(name)
    return measure[0] if measure else words.title(name)


def _sayer(engine: Any, column: str, people: dict[str, str] = _PEOPLE_COLUMNS) -> Callable[[Any], str] | None:
    """How a drill-down column's value is shown: a team or worker by name, a code in words
    (:mod:`.words`), a yes or no by its own word ("Agency"); None where the value is shown as it is.
    ``people`` says which columns hold a team's or a worker's key (the record itself may be one)."""
    if column in people:
        try:
            return labeller(engine, people[column])
        except Exception as exc:  # a dataset without its teams or workers: the keys as they are
            log_failure(logger, f"Names for the drill-down column {column} could not be read.", exc)
            return None
    if column in words.BOOLEAN_WORDS:
        yes, no = words.BOOLEAN_WORDS[column]
        return lambda value: yes if value else no
    say = words.worder(column)
    return (lambda value: say(_cell(value))) if say else None


def _named(request: HttpRequest, rows: list[list[Any]]) -> list[list[Any]]:
    """The page's rows with each child's name and a link to the record, for those the user may open.

    Why: an LAchildID means nothing to a manager; the name does. Only on the live record (an
    imported return's ids are not this record's children), and only where the policy lets this
    user open the child's record; others keep the LAchildID alone.
    """
    from django.urls import reverse

    from continuum.people.models import Child

    children = {c.la_child_id: c for c in Child.objects.filter(la_child_id__in=[r[0] for r in rows])}
    visible = visible_children(
        request.user, [c.pk for c in children.values()], broken_glass=glass_ids(request)
    )
    out = []
    for row in rows:
        child = children.get(row[0])
        if child is not None and child.pk in visible:
            url = reverse("child-record", args=[child.pk])
            row = [{"id": row[0], "name": child.display_name, "url": url}, *row[1:]]
        out.append(row)
    return out


def _intro(by_child: bool, imported: bool, rows: list[list[Any]], what: str | None = None) -> str:
    """The list's opening sentence, for what this reader sees on it; ``what`` is a row of a list
    not about children ("social worker", :func:`.words.rows_are`).

    Why: it said "the child's name links to their record" to analysts, who see no names and no
    links (names and links are only for those the policy lets open the child, :func:`_named`).
    """
    if not by_child:
        return f"Each row is one {what or 'record'} counted in the figure."
    if imported:
        return "Each row is one record counted in the figure, shown by the LAchildID in the imported return."
    if any(isinstance(row[0], dict) for row in rows):
        return (
            "Each row is one record counted in the figure. A child's name links to their record, with "
            "the LAchildID beside it; a child whose record you may not open is shown by LAchildID alone."
        )
    return (
        "Each row is one record counted in the figure, shown by the child's LAchildID. Names and links "
        "to a child's record are shown only to those who may open it."
    )


@requires("performance.drilldown")
def children(request: HttpRequest, area: str, code: str) -> HttpResponse:
    chosen = area_or_404(area, request.user)
    if code not in chosen.codes:
        raise Http404("No such indicator on this dashboard")
    try:
        parse_period(request.GET.get("period", ""))
    except PeriodError as exc:
        return HttpResponseBadRequest(str(exc).encode())
    by, group = request.GET.get("by", ""), request.GET.get("group", "")
    check_group_dimension(code, by)  # one group of a breakdown (continuum/web/dashboards/breakdowns.py)
    group_title = None
    source, failure = request_source(request)
    period, _ = request_period(request, source)
    # Logged before anything is shown: a list of children is a view of their records.
    log(request.user, "performance.drilldown", record_type=f"indicator:{code}", record_id=period.label)  # type: ignore[arg-type]
    view = None
    columns: list[tuple[str, str]] = []
    page = None
    if source is not None:
        try:
            engine = build_engine(source)
            view = indicator_view(engine, code, period, chart=False)
            if view.result is not None and view.result.rows is not None and by:
                rows, group_title = rows_in_group(engine, view.result.rows, by, group)
                view.result = replace(view.result, rows=rows)
        except Exception as exc:
            log_failure(logger, f"Drill-down {code} could not be built.", exc)
            view, failure = None, UNAVAILABLE
    sql = definitions.get(code).sql
    behind, one_row = words.rows_are(sql)
    if view is not None and view.result is not None and view.result.rows is not None:
        table = view.result.rows
        record, key = words.record_title(sql), words.record_key(sql)
        about_children = words.about_children(sql)
        hidden = set(words.HIDDEN)  # the engine's counting keys
        if record is None:  # a record that is the child: its LAchildID
            hidden.add("record_id")
        if not about_children:  # a worker's or a team's row: no child, no LAchildID column
            hidden.add("la_child_id")
        people = dict(_PEOPLE_COLUMNS)
        if key in words.RECORD_PEOPLE:  # the record is a worker or a team: shown by name
            people["record_id"] = words.RECORD_PEOPLE[key]
            if words.RECORD_PEOPLE[key] in table.column_names:  # already named in its own column
                hidden.add("record_id")
        records = sorted(
            table.to_pylist(),
            key=lambda r: (
                -(r.get("num") or 0),
                str(r.get("ref_date") or ""),
                str(r.get("la_child_id") or ""),
            ),
        )
        measures = words.measure_columns(definitions.get(code), records)
        hidden |= {n for n, shown_as in measures.items() if shown_as is None}
        names = [n for n in table.column_names if not n.startswith("_") and n not in hidden]
        lead = ("la_child_id", "record_id", "ref_date", "num", "den")
        if not about_children:  # who the row is first: the worker or team
            lead = ("record_id", "worker", "team", "ref_date", "num", "den")
        first = [n for n in lead if n in names]
        ordered = first + [n for n in names if n not in first]
        columns = [(n, _column_title(n, record, measures)) for n in ordered]
        shown = [(n, measures[n][1] if measures.get(n) else _sayer(engine, n, people)) for n in ordered]
        rows = [
            [(say(r[n]) if say and r.get(n) not in (None, "") else _cell(r.get(n))) for n, say in shown]
            for r in records
        ]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        by_child = bool(ordered) and ordered[0] == "la_child_id"
        if by_child and chosen_dataset(request) is None:
            page.object_list = _named(request, list(page.object_list))
        intro = _intro(by_child, chosen_dataset(request) is not None, list(page.object_list), one_row)
    else:
        intro = _intro(False, False, [], one_row)
    indicator = definitions.get(code)
    context = {
        "area": chosen,
        "indicator": indicator,
        "period": period,
        "period_title": period_label_title(period),
        "view": view,
        "columns": columns,
        "page": page,
        "failure": failure,
        "dataset_choice": chosen_dataset(request),
        "group_title": group_title,
        "intro": intro,
        "behind": behind,
    }
    return render(request, "dashboards/children.html", context)


@requires("performance.export")
def export(request: HttpRequest, area: str, fmt: str) -> HttpResponse:
    chosen = area_or_404(area, request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such export format")
    if request.GET.get("period"):
        try:
            parse_period(request.GET["period"])
        except PeriodError as exc:
            return HttpResponseBadRequest(str(exc).encode())
    source, failure = request_source(request)
    if source is None:
        return HttpResponse(failure or UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
    period, _ = request_period(request, source)
    try:
        views = dashboard_views(build_engine(source), chosen, period, charts=False)
    except Exception as exc:
        log_failure(logger, f"Export of dashboard {chosen.slug} could not be built.", exc)
        return HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
    log(
        request.user,
        f"performance.export.{fmt}",
        record_type=f"dashboard:{chosen.slug}",
        record_id=period.label,
    )  # type: ignore[arg-type]
    name = f"{chosen.slug}-{period.label}.{fmt}"
    if fmt == "csv":
        body, content_type = exports.to_csv(chosen, period, views), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(chosen, period, views)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
