"""From an engine and a period to what a dashboard shows: figures, comparisons, charts.

Kept apart from the views so the CSV and XLSX exports show exactly the
figures on the page (same rounding, same RAG, same comparisons).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.timescales import Rule, RuleStep, SourceKind
from continuum.failures import log_failure
from continuum.metrics import definitions
from continuum.metrics.comparators import ComparatorError, load_comparators
from continuum.metrics.definitions import Polarity, Unit
from continuum.metrics.engine import Engine, IndicatorResult, format_value
from continuum.metrics.periods import (
    Period,
    PeriodKind,
    financial_year_period,
    month_period,
    quarter_period,
    rolling_12_period,
)
from continuum.web.dashboards.areas import DashboardArea
from continuum.web.dashboards.source import Source

if TYPE_CHECKING:
    from continuum.core.models import TimescaleRuleChange
    from continuum.reports.figures import Series

logger = logging.getLogger(__name__)

RAG_TEXT = {
    "R": ("Red", "govuk-tag--red"),
    "A": ("Amber", "govuk-tag--yellow"),
    "G": ("Green", "govuk-tag--green"),
}
ARROW_TEXT = {"↑": "up", "↓": "down", "↔": "no real change"}
#: An indicator's unit as "What this figure means" says it (a count says what it counts: see
#: :attr:`IndicatorView.unit_words`). The enum's values are the analysts' short names ("count",
#: "percent"), which the exports keep; a reader of the page needs the sentence.
UNIT_WORDS: dict[str, str] = {
    Unit.COUNT: "a count",
    Unit.PERCENT: "a percentage",
    Unit.RATE: "a rate per 10,000 children aged 0 to 17",
    Unit.DAYS: "a number of days",
    Unit.AVERAGE: "an average",
}
#: Which way is better, in a sentence: "neither" alone read as a word missing its other half.
POLARITY_WORDS: dict[str, str] = {
    Polarity.HIGHER: "higher is better",
    Polarity.LOWER: "lower is better",
    Polarity.NEUTRAL: "neither higher nor lower is better in itself (a volume to watch)",
}
KIND_TITLES = {
    PeriodKind.MONTH: "Months",
    PeriodKind.QUARTER: "Financial quarters",
    PeriodKind.FINANCIAL_YEAR: "Financial years",
    PeriodKind.ROLLING_12: "Rolling 12 months",
}


# --- Periods ---------------------------------------------------------------------------


def default_period(data_up_to: date | None, today: date | None = None) -> Period:
    """The latest whole month the data covers (the month before today's when unknown)."""
    last = data_up_to or (today or clock.today())
    month = month_period(last.year, last.month)
    if last < month.end:
        month = month.previous()
    return month


def period_label_title(period: Period) -> str:
    if period.kind is PeriodKind.QUARTER:
        fy = period.financial_year_start
        return f"Q{period.quarter_number} {fy}-{(fy + 1) % 100:02d} ({period.title})"
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return f"{period.label} financial year"
    if period.kind is PeriodKind.ROLLING_12:
        return f"12 months to {month_period(period.end.year, period.end.month).title}"
    return period.title


def period_choices(anchor: Period, selected: Period) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Recent periods of each kind up to ``anchor``'s month, grouped for a select list."""
    year, month = anchor.end.year, anchor.end.month
    months = []
    for _ in range(24):
        months.append(month_period(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    quarters: list[Period] = []
    q = quarter_period(
        (anchor.end.month - 4) % 12 // 3 + 1,
        anchor.end.year if anchor.end.month >= 4 else anchor.end.year - 1,
    )
    for _ in range(8):
        quarters.append(q)
        q = q.previous()
    fy_start = anchor.end.year if anchor.end.month >= 4 else anchor.end.year - 1
    years = [financial_year_period(fy_start - i) for i in range(5)]
    rolling = [rolling_12_period(m.end.year, m.end.month) for m in months[:12]]
    groups = []
    for kind, items in (
        (PeriodKind.MONTH, months),
        (PeriodKind.QUARTER, quarters),
        (PeriodKind.FINANCIAL_YEAR, years),
        (PeriodKind.ROLLING_12, rolling),
    ):
        if selected.kind is kind and selected not in items:
            items = [selected, *items]
        groups.append(
            (KIND_TITLES[kind], [(p.label, period_label_title(p), p.label == selected.label) for p in items])
        )
    return groups


# --- Figures -----------------------------------------------------------------------------


@dataclass
class ComparisonView:
    name: str
    label: str
    display: str
    arrow: str | None
    arrow_text: str
    good: bool | None
    #: The period in words ("October 2026"), as the page shows it.
    words: str = ""

    @property
    def verdict(self) -> str:
        if self.arrow is None:
            return ""
        if self.good is True:
            return "better"
        if self.good is False:
            return "worse"
        return "no real change" if self.arrow == "↔" else "neither better nor worse"


@dataclass
class ComparatorView:
    """England, London or statistical neighbours: a figure and its year, or "no figure held"."""

    name: str
    year: str | None
    display: str
    source: str


def comparator_views(
    code: str, period: Period, unit: str, places: int
) -> tuple[list[ComparatorView], str | None]:
    """The comparators file's figures for one indicator; a bad file is reported, not raised."""
    try:
        figures = load_comparators().for_indicator(code, period)
    except ComparatorError as exc:
        return [], str(exc).splitlines()[0]
    views = [
        ComparatorView(
            name=name,
            year=f["year"],
            display="No figure held"
            if f["value"] is None
            else format_value(f["value"], unit, places) + _whose(name, unit),
            source=f["source"],
        )
        for name, f in figures.items()
    ]
    return views, None


#: What a published count covers: many councils (a year's flow or a stock on 31 March), never one borough.
_COUNT_COVERS = {
    "England": "all councils in England together",
    "London": "all London councils together",
    "Statistical neighbours": "the statistical neighbours, as published",
}


def _whose(name: str, unit: str) -> str:
    """The words a comparator's count needs: "632,830" beside one borough's 222 a month misleads.

    A percentage, rate or number of days compares as it stands; a count is the
    published figure for many councils (its year is shown beside it), so it says so.
    """
    if unit != Unit.COUNT:
        return ""
    return f" for {_COUNT_COVERS.get(name, name)}"


@dataclass
class ChartView:
    """A chart's title, alt text and table of figures; the drawing is an image of its own (see chart_svg)."""

    title: str
    alt: str
    rows: list[tuple[str, str]]


@dataclass
class IndicatorView:
    code: str
    title: str
    definition: str = ""
    #: Where the figure comes from (the DfE statistic or the borough's paper it follows), so a reader
    #: of "What this figure means" can look it up without docs/indicators.md.
    source: str = ""
    numerator_text: str = ""
    denominator_text: str | None = None
    unit: str = ""
    polarity: str = ""
    status: str = "error"
    display: str = "–"
    numerator: Any = None
    denominator: Any = None
    target_display: str = "None set"
    rag: str | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    comparisons: list[ComparisonView] = field(default_factory=list)
    comparators: list[ComparatorView] = field(default_factory=list)
    comparators_error: str | None = None
    chart: ChartView | None = None
    chart_error: str | None = None
    result: IndicatorResult | None = None
    #: The council's timescale rules the figure is counted with, one sentence each, saying when one
    #: differs from the default, who set it, when and why (:func:`timescale_sentences`).
    timescales: list[str] = field(default_factory=list)

    @property
    def unit_words(self) -> str:
        """The unit in words; a count names what it counts ("a count of children looked after ...")."""
        words = UNIT_WORDS.get(self.unit, self.unit)
        if self.unit == Unit.COUNT and self.numerator_text:
            return f"{words} of {self.numerator_text}"
        return words

    @property
    def polarity_words(self) -> str:
        return POLARITY_WORDS.get(self.polarity, self.polarity)

    @property
    def rag_text(self) -> str:
        return RAG_TEXT[self.rag][0] if self.rag in RAG_TEXT else ""

    @property
    def rag_class(self) -> str:
        return RAG_TEXT[self.rag][1] if self.rag in RAG_TEXT else ""

    @property
    def trend(self) -> ComparisonView | None:
        """The headline's trend: the change from the previous period (the card has room for one)."""
        return next((c for c in self.comparisons if c.name == "previous_period"), None)

    @property
    def headline_comparator(self) -> ComparatorView | None:
        """The headline's comparator: the first one held (England before London and neighbours).

        None for a count: a year's national total beside the borough's month reads as a
        comparison it is not (the figures table below still gives it, with what it covers).
        """
        if self.unit == Unit.COUNT:
            return None
        return next((c for c in self.comparators if c.year), None)

    @property
    def has_rows(self) -> bool:
        return self.result is not None and self.result.rows is not None


_KNOWN = ("ok", "incomplete")


def _comparison(name: str, result: IndicatorResult) -> ComparisonView | None:
    c = result.comparisons.get(name)
    if c is None:
        return None
    return ComparisonView(
        name=name,
        label=c.label,
        display=format_value(c.value, result.unit, result.places),
        arrow=c.arrow,
        arrow_text=ARROW_TEXT.get(c.arrow or "", "no figure to compare"),
        good=c.good,
        words=c.words or c.label,
    )


def _not_calculated(view: IndicatorView, period: Period, exc: BaseException | None) -> None:
    """Show the figure as not calculated, by name; log why (without the values a message may quote)."""
    view.status = "error"
    view.error = f"{view.title} could not be calculated."
    sentence = f"Indicator {view.code} could not be calculated for {period.label}."
    if exc is not None:
        log_failure(logger, sentence, exc)
    else:
        logger.error(sentence)


def indicator_view(engine: Engine, code: str, period: Period, *, chart: bool = True) -> IndicatorView:
    """One indicator as the dashboard shows it; any failure is shown in place, never raised.

    The page says which figure could not be calculated and nothing more: the
    cause goes to the log, since a database's message may quote a value from
    the record.
    """
    view = IndicatorView(code=code, title=code)
    try:
        ind = definitions.get(code)
        view.title, view.definition, view.source = ind.title, ind.definition, ind.source
        view.numerator_text, view.denominator_text = ind.numerator, ind.denominator
        view.unit, view.polarity = str(ind.unit), str(ind.polarity)
        result = engine.run_one(ind, period, compare=True)
    except Exception as exc:
        _not_calculated(view, period, exc)
        return view
    view.result = result
    view.status = result.status
    view.timescales = timescale_sentences(engine.rules, ind.parameters.values())
    view.notes = list(result.notes)
    if result.status == "error":
        _not_calculated(view, period, result.cause)
        return view
    view.display = result.display
    view.numerator, view.denominator = result.numerator, result.denominator
    if result.target is not None:
        view.target_display = format_value(result.target, result.unit, result.places)
    view.rag = result.rag if result.status in _KNOWN else None
    for name in ("previous_period", "same_period_last_year"):
        comp = _comparison(name, result)
        if comp is not None:
            view.comparisons.append(comp)
    view.comparators, view.comparators_error = comparator_views(code, period, result.unit, result.places)
    if chart:
        try:
            view.chart = _chart(engine, code, period)
        except Exception as exc:
            view.chart_error = f"The chart of {view.title} could not be drawn."
            log_failure(logger, f"The chart of indicator {code} for {period.label} could not be drawn.", exc)
    return view


#: Where a default timescale comes from, said beside it ("the default, a local standard, is ...").
_DEFAULT_KIND_WORDS = {
    SourceKind.STATUTE: "set in law",
    SourceKind.STATUTORY_GUIDANCE: "from statutory guidance",
    SourceKind.LOCAL_STANDARD: "a local standard",
}


def timescale_sentences(rules: Mapping[str, Rule], parameters: Iterable[object]) -> list[str]:
    """What "What this figure means" says of each timescale rule the figure is counted with.

    Why: the rules are not dated, so when the council changes one in the admin every figure
    counted with it changes, earlier months included, and the page must say so in words: the
    rule as it stands, the default it replaced, who set it, when and why (the reason the
    admin asks for, :class:`continuum.core.models.TimescaleRuleChange`). A rule at its default
    is named with its timing too, so a reader knows what "within timescale" means.
    """
    from continuum.core.models import timing_differs, timing_words
    from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE

    codes = list(dict.fromkeys(p.code for p in parameters if isinstance(p, RuleStep)))
    sentences = []
    for code in codes:
        rule = rules.get(code)
        if rule is None:  # switched off: the figure says so itself (or the optional step is skipped)
            continue
        default = DEFAULT_RULES_BY_CODE.get(code)
        if default is None or not timing_differs(rule, default):
            sentences.append(f"Counted with the timescale '{rule.name}': {timing_words(rule)} (the default).")
            continue
        kind = _DEFAULT_KIND_WORDS.get(default.source_kind, str(default.source_kind))
        sentence = (
            f"This figure uses the council's own timescale '{rule.name}': {timing_words(rule)} "
            f"(the default, {kind}, is {timing_words(default)})"
        )
        change = _latest_change(code)
        if change is None:
            sentence += ". Who changed it from the default, and why, was not recorded."
        else:
            who = change.changed_by.get_full_name() or change.changed_by.get_username()
            sentence += f", set on {day_words(change.changed_at)} by {who}: {change.reason.rstrip('.')}."
        sentences.append(
            sentence + " Every month shown, earlier months included, is counted by the timescale as it "
            "stands now: the rules are not dated."
        )
    return sentences


def _latest_change(code: str) -> TimescaleRuleChange | None:
    """The latest recorded change of the rule's timing; None if none was recorded or there is no database."""
    from django.db import DatabaseError

    from continuum.core.models import TimescaleRuleChange

    try:
        return TimescaleRuleChange.latest_timing_change(code)
    except (DatabaseError, RuntimeError):  # RuntimeError: a test without database access
        return None


def _series(engine: Engine, code: str, period: Period) -> Series | None:
    """The 12 months to ``period``'s end, or None when no month has a figure (nothing to draw)."""
    from continuum.reports.figures import Series

    months = period.last_12_months()
    results = [engine.run_one(code, m) for m in months]
    if not any(r.status in _KNOWN and r.value is not None for r in results):
        return None
    return Series(code, months, results)


def _chart(engine: Engine, code: str, period: Period) -> ChartView | None:
    """The chart's words and figures for the page; drawing it is left to :func:`chart_svg`.

    Why: drawing a chart (Vega-Lite through vl-convert) took most of a dashboard's first load
    (about 0.1 s a chart, a dozen charts a page), while the headline figures, the table of each
    chart's figures and its alt text need only the engine. The page names each drawing as an
    image of its own, loaded lazily by the browser.
    """
    from continuum.reports.charts import chart_text

    series = _series(engine, code, period)
    if series is None:
        return None
    # The chart's own title is the indicator's: its alt text adds "by month" (not "by month by month").
    alt, rows = chart_text(series, series.current.title)
    return ChartView(title=f"{series.current.title}, by month", alt=alt, rows=rows)


def chart_svg(engine: Engine, code: str, period: Period) -> str | None:
    """The drawing of one indicator's 12 months to ``period`` as SVG text (None: nothing to draw)."""
    from continuum.reports.charts import build_chart

    series = _series(engine, code, period)
    return None if series is None else build_chart(code, series, series.current.title).svg


def build_engine(source: Source) -> Engine:
    data_up_to = {name: source.data_up_to for name in source.tables} if source.data_up_to else None
    return Engine(source.tables, data_up_to=data_up_to, settings=source.settings)


def dashboard_views(
    engine: Engine, area: DashboardArea, period: Period, *, charts: bool = True
) -> list[IndicatorView]:
    return [indicator_view(engine, code, period, chart=charts) for code in area.codes]


def data_note(source: Source, period: Period) -> str | None:
    if source.data_up_to is not None and source.data_up_to < period.end:
        return (
            f"Data up to {day_words(source.data_up_to, long=True)}: figures for this period are incomplete."
        )
    return None
