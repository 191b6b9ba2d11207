"""A figure by team, worker, age, sex, ethnicity, ward and deprived area; and who is over-represented.

Two pages per indicator, beside its dashboard:

* **Breakdowns** (``/performance/<area>/<code>/breakdowns/``): the figure for
  each group of each breakdown the indicator has, with its numerator,
  denominator and share of the numerator, as a table and a bar chart (the
  table is the chart's alternative). Rates use the population of the group
  (``population`` table) as the denominator.
* **Disproportionality** (``/performance/<area>/<code>/disproportionality/``,
  for the cohort indicators in :data:`COHORTS`): each group's share of the
  cohort against its share of the 0-17 population, the ratio of the two and
  a sentence saying what it means.

Small numbers are suppressed by the rule in :mod:`continuum.metrics.suppression`
(a count of 1-4 shows "fewer than 5", with a second group withheld when only
one is): board members see these pages. Figures by individual worker are for
those who manage or assure the work (``performance.breakdown.worker``).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from continuum.core import codes
from continuum.core.policy import may
from continuum.failures import log_failure
from continuum.metrics import definitions
from continuum.metrics.definitions import Indicator, Unit
from continuum.metrics.engine import Engine, format_value
from continuum.metrics.periods import Period, PeriodError, parse_period
from continuum.metrics.population import AGE_BANDS, group_counts
from continuum.metrics.suppression import FEWER_THAN, WITHHELD, count_tested, is_small, shown, suppress
from continuum.web.access import requires
from continuum.web.children.access import log
from continuum.web.dashboards import exports
from continuum.web.dashboards.areas import DashboardArea, area_or_404
from continuum.web.dashboards.build import (
    build_engine,
    default_period,
    period_choices,
    period_label_title,
    timescale_sentences,
)
from continuum.web.dashboards.source import Source
from continuum.web.dashboards.words import DFE_CODE_SETS, rows_are, with_code

logger = logging.getLogger(__name__)


def _not_shown(what: str, exc: BaseException | None) -> str:
    """The page's words for a part that failed; the cause is logged (its message may quote a value)."""
    sentence = f"{what} could not be worked out."
    if exc is not None:
        log_failure(logger, sentence, exc)
    return sentence


__all__ = [
    "COHORTS",
    "Breakdown",
    "Disproportion",
    "GroupFigure",
    "ShareRow",
    "disproportionality",
    "indicator_breakdowns",
]

#: A ratio at or above OVER (or at or below UNDER) is called over- (under-) represented.
OVER, UNDER = Fraction(5, 4), Fraction(4, 5)

DIMENSION_TITLES = {
    "team": "team",
    "worker": "worker",
    "age_band": "age band",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "ward": "ward",
    "deprived_area": "deprived area",
    "source": "source",
    "category": "category of abuse",
    "factor": "factor identified at assessment",
    "primary_need": "primary need",
    "placement": "named setting",
}
#: The cohorts whose make-up is compared with the population, and what to call their children.
COHORTS: dict[str, str] = {
    "cin_rate": "children in need",
    "cp_rate": "children on a child protection plan",
    "cla_rate": "children looked after",
}
DISPROPORTIONALITY_DIMS = ("ethnicity", "sex", "age_band", "ward")
_POPULATION_DIMS = frozenset(DISPROPORTIONALITY_DIMS)
_AGE_ORDER = ["Unborn", *AGE_BANDS, "18+"]
NOT_RECORDED = "Not recorded"
#: Breakdowns whose groups are DfE codes, shown with their labels.
_CODE_SETS = {dim: DFE_CODE_SETS[dim] for dim in ("ethnicity", "sex", "category", "factor")}


# --- Labels -----------------------------------------------------------------------------------


def labeller(engine: Engine, dim: str) -> Callable[[Any], str]:
    """How a group key is shown: team and worker names, DfE labels for codes."""
    names: dict[Any, str] = {}
    if dim == "team":
        names = {
            r["team_id"]: r["team_name"]
            for r in engine.sql("SELECT team_id, team_name FROM teams").to_pylist()
        }
    elif dim == "worker":
        names = {
            r["sw_id"]: f"{r['worker_name']} ({r['sw_id']})"
            for r in engine.sql("SELECT sw_id, worker_name FROM workers").to_pylist()
        }

    def label(key: Any) -> str:
        if key is None or key == "":
            return NOT_RECORDED
        if dim in _CODE_SETS:
            return with_code(codes.label(_CODE_SETS[dim], key), key)
        return names.get(key, str(key))

    return label


def _order(dim: str, keys: Sequence[Any]) -> list[Any]:
    if dim == "age_band":
        return sorted(
            keys, key=lambda k: (_AGE_ORDER.index(k) if k in _AGE_ORDER else len(_AGE_ORDER), str(k))
        )
    return sorted(keys, key=lambda k: (k is None, str(k)))


# --- One group's children (the drill-down behind a group's figure) ---------------------------


def check_group_dimension(code: str, by: str) -> None:
    """A drill-down's ``?by=`` must be a breakdown of the indicator (404 otherwise)."""
    if by and by not in definitions.get(code).breakdowns:
        raise Http404("No such breakdown")


def rows_in_group(engine: Engine, rows: pa.Table, by: str, group: str) -> tuple[pa.Table, str]:
    """The rows of one group of a breakdown (``group`` "" is "Not recorded"), and its title.

    Why here: the breakdown tables link each group to the children behind it,
    and the drill-down must pick exactly the rows the group's figure counted.
    """
    keys = engine.label_rows(rows, by).column("group").to_pylist()
    picked = [i for i, k in enumerate(keys) if ("" if k is None else str(k)) == group]
    title = f"{DIMENSION_TITLES.get(by, by).capitalize()}: {labeller(engine, by)(group or None)}"
    return rows.take(picked), title


# --- Breakdowns -------------------------------------------------------------------------------


@dataclass
class GroupFigure:
    """One group of one breakdown: its parts, its figure and its share of the numerator."""

    key: Any
    label: str
    numerator: int | float
    denominator: int | float | None
    exact: Fraction | None
    share: Fraction | None
    hidden: bool = False
    unit: str = Unit.COUNT
    places: int = 1

    @property
    def value(self) -> float | None:
        return None if self.hidden or self.exact is None else float(self.exact)

    @property
    def display(self) -> str:
        return WITHHELD if self.hidden else format_value(self.exact, self.unit, self.places)

    @property
    def numerator_display(self) -> str:
        return shown(self.numerator, self.hidden)

    @property
    def denominator_display(self) -> str:
        return shown(self.denominator, self.hidden and is_small(self.denominator))

    @property
    def share_display(self) -> str:
        return WITHHELD if self.hidden else format_value(self.share, Unit.PERCENT, self.places)


@dataclass
class ChartImage:
    title: str
    alt: str
    data_uri: str


@dataclass
class Breakdown:
    dim: str
    title: str
    groups: list[GroupFigure] = field(default_factory=list)
    chart: ChartImage | None = None
    error: str | None = None
    note: str | None = None


def breakdown_of(
    engine: Engine, ind: Indicator, period: Period, dim: str, population: pa.Table | None
) -> Breakdown:
    """One breakdown of one indicator for one period, suppressed and labelled."""
    out = Breakdown(dim=dim, title=f"By {DIMENSION_TITLES.get(dim, dim.replace('_', ' '))}")
    result = engine.run_one(ind, period, breakdown=dim)
    if result.status == "error":
        out.error = _not_shown(f"{ind.code} {out.title.lower()}", result.cause)
        return out
    if result.breakdown is None:
        out.error = "; ".join(result.notes) or "no figures for this period"
        return out
    places = engine.places_for(ind)
    pops: dict[str, int] = {}
    if ind.unit == Unit.RATE and dim in _POPULATION_DIMS:
        _, pops = group_counts(population, engine.population_year(period), dim)
    label = labeller(engine, dim)
    by_key = {g["group"]: g for g in result.breakdown}
    total = sum(g["numerator"] or 0 for g in result.breakdown)
    for key in _order(dim, list(by_key)):
        g = by_key[key]
        num, den = g["numerator"] or 0, g["denominator"]
        exact: Fraction | None
        if ind.unit == Unit.RATE:
            den = pops.get(key) if key is not None else None
            exact = Fraction(num) * 10000 / den if den else None
        elif ind.unit == Unit.COUNT:
            exact, den = Fraction(num), None
        else:
            exact = Fraction(num) / Fraction(den) if den else None
            if exact is not None and ind.unit == Unit.PERCENT:
                exact *= 100
        share = Fraction(num) / Fraction(total) * 100 if total else None
        out.groups.append(
            GroupFigure(key, label(key), num, den, exact, share, unit=str(ind.unit), places=places)
        )
    hidden = suppress([count_tested(ind.unit, g.numerator, g.denominator) for g in out.groups])
    for g, h in zip(out.groups, hidden, strict=True):
        g.hidden = h
    if ind.unit == Unit.RATE and dim not in _POPULATION_DIMS:
        out.note = "There are no population figures by this breakdown, so no rate is shown; the counts are."
    elif ind.unit == Unit.RATE and not pops:
        out.note = "No population figures by this breakdown are held, so no rate is shown."
    return out


def indicator_breakdowns(
    engine: Engine,
    code: str,
    period: Period,
    population: pa.Table | None,
    *,
    workers: bool,
    charts: bool = True,
) -> list[Breakdown]:
    """Every breakdown of an indicator (by worker only if ``workers``); one failing does not stop the rest."""
    ind = definitions.get(code)
    out = []
    for dim in ind.breakdowns:
        if dim == "worker" and not workers:
            continue
        try:
            b = breakdown_of(engine, ind, period, dim, population)
        except Exception as exc:  # one breakdown failing must not hide the others
            title = f"By {DIMENSION_TITLES.get(dim, dim)}"
            b = Breakdown(dim=dim, title=title, error=_not_shown(f"{code} {title.lower()}", exc))
        if charts and b.groups:
            b.chart = _safe_chart(lambda b=b: _bar_chart(ind, b))
        out.append(b)
    return out


# --- Disproportionality --------------------------------------------------------------------


@dataclass
class ShareRow:
    """One group: its share of the cohort and of the 0-17 population, and their ratio."""

    key: Any
    label: str
    cohort: int
    cohort_share: Fraction | None
    population: int
    population_share: Fraction | None
    hidden: bool = False

    @property
    def ratio(self) -> Fraction | None:
        if self.hidden or self.cohort_share is None or not self.population_share:
            return None
        return self.cohort_share / self.population_share

    @property
    def rate(self) -> Fraction | None:
        return None if self.hidden or not self.population else Fraction(self.cohort) * 10000 / self.population

    @property
    def cohort_display(self) -> str:
        return shown(self.cohort, self.hidden)

    @property
    def cohort_share_display(self) -> str:
        return WITHHELD if self.hidden else format_value(self.cohort_share, Unit.PERCENT)

    @property
    def population_share_display(self) -> str:
        return format_value(self.population_share, Unit.PERCENT)

    @property
    def ratio_display(self) -> str:
        return WITHHELD if self.hidden else format_value(self.ratio, Unit.AVERAGE, 2)

    @property
    def rate_display(self) -> str:
        return WITHHELD if self.hidden else format_value(self.rate, Unit.RATE)

    def explanation(self, cohort_name: str) -> str:
        """The row in plain English."""
        if self.hidden and is_small(self.cohort):
            return f"{self.label}: {FEWER_THAN} {cohort_name}, so the figures are {WITHHELD}."
        if self.hidden:
            return f"{self.label}: {WITHHELD} so that a small group in this table cannot be worked out."
        if self.ratio is None:
            return f"{self.label}: no figures to compare."
        ratio = self.ratio
        what = (
            "over-represented"
            if ratio >= OVER
            else "under-represented"
            if ratio <= UNDER
            else "about in line with their share of the population"
        )
        return (
            f"{self.label}: {self.cohort_share_display} of {cohort_name} against "
            f"{self.population_share_display} of children aged 0-17 in the borough, "
            f"{self.ratio_display} times their share of the population ({what})."
        )


@dataclass
class Disproportion:
    dim: str
    title: str
    cohort_name: str = ""
    rows: list[ShareRow] = field(default_factory=list)
    year: int | None = None
    cohort_total: int = 0
    not_compared: int = 0
    chart: ChartImage | None = None
    error: str | None = None

    @property
    def explained(self) -> list[tuple[ShareRow, str]]:
        return [(r, r.explanation(self.cohort_name)) for r in self.rows]


def _cohort_children(engine: Engine, code: str, period: Period) -> pa.Table:
    result = engine.run_one(code, period)
    if result.status == "error" or result.rows is None:
        raise ValueError(
            result.error or "; ".join(result.notes) or "the cohort could not be worked out"
        ) from result.cause
    rows = result.rows
    counted = rows.filter(pc.fill_null(pc.greater(rows.column("num"), 0), False))
    # One row per child: the same child counted twice is one child of the cohort.
    first = {}
    for i, child in enumerate(counted.column("la_child_id").to_pylist()):
        first.setdefault(child, i)
    return counted.take(sorted(first.values()))


def disproportion_of(
    engine: Engine, code: str, period: Period, dim: str, population: pa.Table | None
) -> Disproportion:
    """Share of the cohort against share of the 0-17 population, by one dimension."""
    out = Disproportion(dim=dim, title=f"By {DIMENSION_TITLES[dim]}", cohort_name=COHORTS.get(code, code))
    out.year, pops = group_counts(population, engine.population_year(period), dim)
    if not pops:
        out.error = "No population figures by this breakdown are held for this period."
        return out
    children = _cohort_children(engine, code, period)
    groups = engine.label_rows(children, dim).column("group").to_pylist()
    counts: dict[Any, int] = {}
    for key in groups:
        counts[key] = counts.get(key, 0) + 1
    compared = {k: n for k, n in counts.items() if k in pops}
    out.cohort_total = len(groups)
    out.not_compared = out.cohort_total - sum(compared.values())
    cohort_known, pop_total = sum(compared.values()), sum(pops.values())
    label = labeller(engine, dim)
    for key in _order(dim, list(pops)):
        n = compared.get(key, 0)
        out.rows.append(
            ShareRow(
                key=key,
                label=label(key),
                cohort=n,
                cohort_share=Fraction(n * 100, cohort_known) if cohort_known else None,
                population=pops[key],
                population_share=Fraction(pops[key] * 100, pop_total) if pop_total else None,
            )
        )
    for row, h in zip(out.rows, suppress([r.cohort for r in out.rows]), strict=True):
        row.hidden = h
    return out


def disproportionality(
    engine: Engine, code: str, period: Period, population: pa.Table | None, *, charts: bool = True
) -> list[Disproportion]:
    """The disproportionality view of a cohort indicator, by ethnicity, sex, age band and ward."""
    if code not in COHORTS:
        raise ValueError(f"{code} is not a cohort with a disproportionality view")
    out = []
    for dim in DISPROPORTIONALITY_DIMS:
        try:
            d = disproportion_of(engine, code, period, dim, population)
        except Exception as exc:
            d = Disproportion(
                dim=dim,
                title=f"By {DIMENSION_TITLES[dim]}",
                cohort_name=COHORTS[code],
                error=_not_shown(f"{code} by {DIMENSION_TITLES[dim].lower()}", exc),
            )
        if charts and d.rows and not d.error:
            d.chart = _safe_chart(lambda d=d: _share_chart(COHORTS[code], d))
        out.append(d)
    return out


# --- Charts (the tables are their alternatives) -----------------------------------------------


def _safe_chart(make: Callable[[], ChartImage | None]) -> ChartImage | None:
    try:
        return make()
    except Exception:  # a chart that cannot be drawn leaves its table, which has the same figures
        return None


def _image(spec: dict[str, Any], title: str, alt: str) -> ChartImage:
    from continuum.reports.charts import render_svg

    svg = render_svg(spec)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return ChartImage(title=title, alt=alt, data_uri=f"data:image/svg+xml;base64,{encoded}")


def _bar_chart(ind: Indicator, b: Breakdown) -> ChartImage | None:
    import altair as alt

    from continuum.reports.charts import BLUE, FONT, in_sentence

    values = [{"group": g.label, "value": g.value} for g in b.groups if g.value is not None]
    if not values:
        return None
    title = f"{ind.title}, {b.title.lower()}"
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("group:N", sort=[v["group"] for v in values], title=None),
            x=alt.X("value:Q", title=str(ind.unit)),
        )
        .properties(title=title, width=480, height=max(60, 22 * len(values)))
        .configure(font=FONT)
        .configure_title(anchor="start", fontSize=14, color="#0b0c0c")
        .configure_view(stroke=None)
    )
    alt_text = (
        f"Bar chart of {in_sentence(title)}. Withheld groups are not drawn. "
        "The figures are in the table below."
    )
    return _image(chart.to_dict(), title, alt_text)


def _share_chart(cohort_name: str, d: Disproportion) -> ChartImage | None:
    import altair as alt

    from continuum.reports.charts import BLUE, FONT, GREY

    cohort_series, population_series = f"Share of {cohort_name}", "Share of children 0-17"
    values = []
    for r in d.rows:
        if r.hidden or r.cohort_share is None or r.population_share is None:
            continue
        values.append({"group": r.label, "series": cohort_series, "share": float(r.cohort_share)})
        values.append({"group": r.label, "series": population_series, "share": float(r.population_share)})
    if not values:
        return None
    title = f"Share of {cohort_name} and of children aged 0-17, {d.title.lower()}"
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=[r.label for r in d.rows]),
            yOffset=alt.YOffset("series:N", sort=[cohort_series, population_series]),
            x=alt.X("share:Q", title="%"),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=[cohort_series, population_series], range=[BLUE, GREY]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
        .properties(title=title, width=460, height=max(80, 36 * len(values) // 2))
        .configure(font=FONT)
        .configure_title(anchor="start", fontSize=14, color="#0b0c0c")
        .configure_view(stroke=None)
    )
    alt_text = (
        f"Bar chart comparing, for each group, its share of {cohort_name} (blue) with its share of "
        "children aged 0-17 (grey). Withheld groups are not drawn. The figures are in the table below."
    )
    return _image(chart.to_dict(), title, alt_text)


# --- Exports ---------------------------------------------------------------------------------------

BREAKDOWN_HEADER = (
    "Period",
    "Code",
    "Indicator",
    "Breakdown",
    "Group",
    "Numerator",
    "Denominator",
    "Value (as shown)",
    "Value (unrounded)",
    "Share of numerator",
)
DISPROPORTION_HEADER = (
    "Period",
    "Cohort",
    "Breakdown",
    "Group",
    "Children in the cohort",
    "Share of the cohort",
    "Share of children 0-17",
    "Ratio",
    "Rate per 10,000",
    "Population estimate year",
    "Meaning",
)


def breakdown_rows(ind: Indicator, period: Period, breakdowns: Sequence[Breakdown]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for b in breakdowns:
        for g in b.groups:
            out.append(
                [
                    period.label,
                    ind.code,
                    ind.title,
                    b.title,
                    g.label,
                    g.numerator_display if g.hidden else g.numerator,
                    g.denominator_display if g.hidden or g.denominator is None else g.denominator,
                    g.display,
                    g.value,
                    g.share_display,
                ]
            )
    return out


def disproportion_rows(code: str, period: Period, tables: Sequence[Disproportion]) -> list[list[Any]]:
    name = COHORTS[code]
    out: list[list[Any]] = []
    for d in tables:
        for r in d.rows:
            out.append(
                [
                    period.label,
                    name,
                    d.title,
                    r.label,
                    r.cohort_display if r.hidden else r.cohort,
                    r.cohort_share_display,
                    r.population_share_display,
                    r.ratio_display,
                    r.rate_display,
                    d.year,
                    r.explanation(name),
                ]
            )
    return out


# --- Views -------------------------------------------------------------------------------------


def _indicator_on(area: str, code: str, user: Any) -> tuple[DashboardArea, Indicator]:
    chosen = area_or_404(area, user)
    if code not in chosen.codes:
        raise Http404("No such indicator on this dashboard")
    return chosen, definitions.get(code)


def _figures(request: HttpRequest) -> tuple[Source | None, Engine | None, Period, str | None, str | None]:
    from continuum.web.dashboards.views import UNAVAILABLE, request_period, request_source

    source, failure = request_source(request)
    period, period_error = request_period(request, source)
    engine = None
    if source is not None:
        try:
            engine = build_engine(source)
        except Exception as exc:
            log_failure(logger, "The dashboard engine could not be built.", exc)
            failure = UNAVAILABLE
    return source, engine, period, period_error, failure


Builder = Callable[[Engine, Period, "pa.Table | None"], dict[str, Any]]


def _page(
    request: HttpRequest,
    template: str,
    area: DashboardArea,
    ind: Indicator,
    build: Builder,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A breakdown page: the period form, and what ``build`` makes of the figures for the period."""
    source, engine, period, period_error, failure = _figures(request)
    anchor = default_period(source.data_up_to if source else None)
    context = {
        "area": area,
        "indicator": ind,
        "period": period,
        "period_title": period_label_title(period),
        "period_error": period_error,
        "choices": period_choices(max(anchor, period, key=lambda p: p.end), period),
        "failure": failure,
        "can_export": may(request.user, "performance.export"),
        "can_drill": may(request.user, "performance.drilldown"),
        "cohort": COHORTS.get(ind.code),
        "is_rate": ind.unit == Unit.RATE,
        "is_count": ind.unit == Unit.COUNT,
        **(extra or {}),
    }
    if engine is not None and source is not None:
        context.update(build(engine, period, source.tables.get("population")))
    return render(request, template, context, status=400 if period_error else 200)


@requires("performance.breakdown")
def breakdowns(request: HttpRequest, area: str, code: str) -> HttpResponse:
    chosen, ind = _indicator_on(area, code, request.user)
    workers = may(request.user, "performance.breakdown.worker")

    def build(engine: Engine, period: Period, population: pa.Table | None) -> dict[str, Any]:
        return {
            "breakdowns": indicator_breakdowns(engine, code, period, population, workers=workers),
            "timescales": timescale_sentences(engine.rules, ind.parameters.values()),
        }

    hidden_worker = "worker" in ind.breakdowns and not workers
    # What each group's link lists: "See the workers" on a workforce figure, not "See the children".
    extra = {"hidden_worker": hidden_worker, "behind": rows_are(ind.sql)[0]}
    return _page(request, "dashboards/breakdowns.html", chosen, ind, build, extra)


@requires("performance.breakdown")
def disproportionality_page(request: HttpRequest, area: str, code: str) -> HttpResponse:
    chosen, ind = _indicator_on(area, code, request.user)
    if code not in COHORTS:
        raise Http404("This figure has no disproportionality view")

    def build(engine: Engine, period: Period, population: pa.Table | None) -> dict[str, Any]:
        return {"tables": disproportionality(engine, code, period, population)}

    return _page(request, "dashboards/disproportionality.html", chosen, ind, build)


def _export(request: HttpRequest, area: str, code: str, fmt: str, kind: str) -> HttpResponse:
    chosen, ind = _indicator_on(area, code, request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such export format")
    if kind == "disproportionality" and code not in COHORTS:
        raise Http404("This figure has no disproportionality view")
    if request.GET.get("period"):
        try:
            parse_period(request.GET["period"])
        except PeriodError as exc:
            return HttpResponseBadRequest(str(exc).encode())
    source, engine, period, _, failure = _figures(request)
    if source is None or engine is None:
        return HttpResponse(failure or "Unavailable", status=503, content_type="text/plain; charset=utf-8")
    population = source.tables.get("population")
    if kind == "breakdowns":
        workers = may(request.user, "performance.breakdown.worker")
        found = indicator_breakdowns(engine, code, period, population, workers=workers, charts=False)
        header, rows, sheet = BREAKDOWN_HEADER, breakdown_rows(ind, period, found), "Breakdowns"
    else:
        tables = disproportionality(engine, code, period, population, charts=False)
        header, rows, sheet = (
            DISPROPORTION_HEADER,
            disproportion_rows(code, period, tables),
            "Disproportionality",
        )
    log(
        request.user,
        f"performance.{kind}.export.{fmt}",
        record_type=f"indicator:{code}",
        record_id=period.label,
    )  # type: ignore[arg-type]
    name = f"{chosen.slug}-{code}-{kind}-{period.label}.{fmt}"
    if fmt == "csv":
        body, content_type = exports.csv_bytes(header, rows), "text/csv; charset=utf-8"
    else:
        body = exports.xlsx_bytes(header, rows, sheet)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("performance.export")
def breakdowns_export(request: HttpRequest, area: str, code: str, fmt: str) -> HttpResponse:
    if not may(request.user, "performance.breakdown"):
        raise Http404("No such page")
    return _export(request, area, code, fmt, "breakdowns")


@requires("performance.export")
def disproportionality_export(request: HttpRequest, area: str, code: str, fmt: str) -> HttpResponse:
    if not may(request.user, "performance.breakdown"):
        raise Http404("No such page")
    return _export(request, area, code, fmt, "disproportionality")
