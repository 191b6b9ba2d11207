"""Performance Matters: the monthly assurance report (seed 003 L456-532).

Contents, in the order managers read it: headline figures (a table with the
previous month, the same month last year, the 12-month rolling average, the
trend and RAG against target), exceptions against target (red and amber),
narrative sentences per service area, then charts with a table of the same
figures under each. HTML is the primary output (accessible, searchable); the
PDF is the same HTML printed by WeasyPrint, for the board pack.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from continuum.core import clock
from continuum.core.dates import day_words
from continuum.metrics.engine import Engine, trend_arrow
from continuum.metrics.periods import Period, PeriodKind, parse_period
from continuum.metrics.schema import TABLES

from . import html as h
from .figures import Series, figures_from_series, monthly_series
from .narrative import Figure, comparison_sentence, exception_sentence, period_name
from .reportable import check_month, to_date_note

__all__ = [
    "CHARTS",
    "SECTIONS",
    "PerformanceMatters",
    "build",
    "commentary_html",
    "commentary_paragraphs",
    "render_html",
    "write",
]

#: The indicators in the report, by service area, in reading order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Front door": ("contacts", "referrals", "referral_conversion", "rereferral_12m", "mash_decision_1wd"),
    "Assessment and section 47": (
        "assessments_completed",
        "assessments_45wd_from_referral",
        "s47_started",
        "icpc_held",
        "icpc_15wd",
    ),
    "Child protection": ("cp_open", "cp_started", "cp_repeat", "cp_reviews_on_time", "cp_visits_on_time"),
    "Children in need": ("cin_open", "cin_visits_on_time"),
    # cla_3plus_placements is left out: it is defined over 12 months, and a monthly figure means nothing.
    "Children in care": ("cla_open", "cla_started", "cla_visits_on_time"),
    "Workforce": ("caseload_avg", "agency_worker_share"),
}

#: Charts: indicator code and chart title.
CHARTS: tuple[tuple[str, str], ...] = (
    ("contacts", "Contacts received"),
    ("referrals", "Referrals to children's social care"),
    ("assessments_45wd_from_referral", "Assessments completed within 45 working days of the referral"),
    ("cp_open", "Children on a child protection plan at the month end"),
    ("cla_open", "Children in care at the month end"),
)


@dataclass
class PerformanceMatters:
    """Everything the report shows for one month, before it is laid out."""

    month: Period
    figures: dict[str, Figure]
    series: dict[str, Series]
    sections: dict[str, tuple[str, ...]]
    source: str
    data_up_to: date | None
    organisation: str = ""
    charts: list[Any] = field(default_factory=list)
    #: What failed (a sentence naming it) and why, for the caller to log; the notes say it in words.
    failures: list[tuple[str, BaseException]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: "December 2026 has not ended: ..." for the month still running, else "" (:mod:`.reportable`).
    to_date: str = ""

    def narrative(self) -> dict[str, list[str]]:
        """Comparison sentences per section (figures without a value are left out)."""
        out: dict[str, list[str]] = {}
        for section, codes in self.sections.items():
            texts = [comparison_sentence(self.figures[c], settings=dict(self.settings)) for c in codes]
            out[section] = [t for t in texts if t]
        return out

    def exceptions(self) -> list[Figure]:
        """Figures rated red or amber against target: red first, then in report order."""
        order = [c for codes in self.sections.values() for c in codes]
        flagged = [self.figures[c] for c in order if self.figures[c].rag in ("R", "A")]
        return sorted(flagged, key=lambda f: 0 if f.rag == "R" else 1)


def build(
    tables: Mapping[str, pa.Table],
    month: str | Period,
    *,
    source: str = "",
    data_up_to: date | None = None,
    settings: Mapping[str, Any] | None = None,
    sections: Mapping[str, Sequence[str]] | None = None,
    charts: Sequence[tuple[str, str]] | None = CHARTS,
    organisation: str = "",
    engine: Engine | None = None,
    today: date | None = None,
) -> PerformanceMatters:
    """Compute the report's figures for ``month`` (a label such as ``"2020-07"``).

    ``charts=None`` or ``()`` skips chart rendering (it needs Altair and
    vl-convert). ``data_up_to`` marks later months incomplete in the engine.
    A month that has not started by ``today`` (default: the service's today) is refused here, so
    the reports page, ``./run report`` and the monthly draft job all refuse it alike.
    """
    period = parse_period(month)
    if period.kind is not PeriodKind.MONTH:
        raise ValueError(f"Performance Matters is monthly: give a month such as 2020-07, not {period.label}")
    today = today or clock.today()
    check_month(period, today)
    chosen = {k: tuple(v) for k, v in (sections or SECTIONS).items()}
    if engine is None:
        engine = Engine(
            tables,
            data_up_to=dict.fromkeys(TABLES, data_up_to) if data_up_to else None,
            settings=settings,
        )
    codes = list(dict.fromkeys(c for cs in chosen.values() for c in cs))
    chart_list = list(charts or ())
    codes += [c for c, _ in chart_list if c not in codes]
    series = monthly_series(engine, period, codes)
    report = PerformanceMatters(
        month=period,
        figures=figures_from_series(series),
        series=series,
        sections=chosen,
        source=source,
        data_up_to=data_up_to,
        organisation=organisation,
        settings=dict(settings or {}),
        to_date=to_date_note(period, today),
    )
    report.notes.extend(engine.warnings)
    for code in codes:
        cur = series[code].current
        if cur.status == "error":
            report.notes.append(f"{cur.title}: not calculated ({cur.error})")
            if cur.cause is not None:
                report.failures.append(
                    (f"Indicator {code} could not be calculated for {period.label}.", cur.cause)
                )
        elif cur.status in ("no_data", "incomplete"):
            report.notes.append(f"{cur.title}: {'; '.join(n for n in cur.notes if n)}")
    if chart_list:
        from .charts import build_chart

        for code, title in chart_list:
            try:  # one chart failing leaves the others and the figures
                report.charts.append(build_chart(code, series[code], title))
            except Exception as exc:
                report.notes.append(f"The chart {title!r} could not be drawn.")
                report.failures.append((f"The chart of indicator {code} could not be drawn.", exc))
    return report


# --- Layout ---------------------------------------------------------------------------


def _trend_cell(fig: Figure, settings: Mapping[str, Any]) -> h.Cell:
    if fig.value is None or fig.previous is None:
        return h.Cell("")
    arrow, good = trend_arrow(
        float(fig.value),
        float(fig.previous),
        fig.unit,
        fig.polarity,
        threshold_points=float(settings.get("trend_threshold_points", 1.0)),
        threshold_relative=float(settings.get("trend_threshold_relative", 0.02)),
    )
    assert fig.previous_period is not None
    return h.Cell(h.arrow_html(arrow, good, period_name(fig.previous_period)))


def _headline_rows(report: PerformanceMatters, codes: Sequence[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for code in codes:
        f = report.figures[code]
        target = f.show(f.target) if f.target is not None else ""
        rows.append(
            [
                f.title,
                h.Cell(h.esc(f.show(f.value)), num=True),
                h.Cell(h.esc(f.show(f.previous)), num=True),
                h.Cell(h.esc(f.show(f.last_year)), num=True),
                h.Cell(h.esc(f.show(f.average)), num=True),
                _trend_cell(f, report.settings),
                h.Cell(h.esc(target), num=True),
                h.rag_tag(f.rag),
            ]
        )
    return rows


def _svg_img(svg: str, alt: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{h.esc(alt)}">'


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def commentary_paragraphs(text: str) -> list[str]:
    """The commentary's paragraphs: a blank line (or one holding only spaces) parts them.

    Why the line endings are made one first: a browser sends a textarea's lines ended by "\\r\\n"
    (the HTML standard's form encoding), so two paragraphs arrive as "...\\r\\n\\r\\n...", which
    splitting on "\\n\\n" never finds; the page tells analysts to leave a blank line between
    paragraphs, so every kind of line ending must part them. A single line break inside a
    paragraph is kept as a space when printed (the text is reflowed to the page).
    """
    flat = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(p.split()) for p in _BLANK_LINE.split(flat) if p.strip()]


def commentary_html(text: str) -> str:
    """An analyst's commentary on a section (what the figure means, what is being done), paragraph by
    paragraph (:func:`commentary_paragraphs`), each escaped; empty text prints nothing. Written in
    the app (continuum/publishing/) and kept with the report's version."""
    paragraphs = commentary_paragraphs(text)
    if not paragraphs:
        return ""
    body = "".join(f"<p>{h.esc(p)}</p>" for p in paragraphs)
    return f'<div class="commentary"><h4>Commentary</h4>{body}</div>'


def render_html(report: PerformanceMatters, commentary: Mapping[str, str] | None = None) -> str:
    """The report as one self-contained, accessible HTML document (charts embedded as SVG).

    ``commentary`` (section title -> text) is printed under each section's narrative.
    """
    m = report.month
    prev, last_year = m.previous(), m.same_period_last_year()
    parts: list[str] = []

    parts.append('<h2 id="headlines">Headline figures</h2>')
    parts.append(
        "<p>Each figure is for the calendar month, or as at its last day for figures about children open "
        "at a point in time. The trend compares with the previous month; ↔ means no real change "
        "(less than 1 percentage point, or less than 2%).</p>"
    )
    if report.to_date:
        parts.append(f'<p class="meta"><strong>{h.esc(report.to_date)}</strong></p>')
    headers = [
        "Indicator",
        h.Cell(h.esc(m.title), num=True),
        h.Cell(h.esc(prev.title), num=True),
        h.Cell(h.esc(last_year.title), num=True),
        h.Cell("12-month average", num=True),
        "Trend",
        h.Cell("Target", num=True),
        "RAG",
    ]
    groups = [(title, _headline_rows(report, codes)) for title, codes in report.sections.items()]
    parts.append(h.table(f"Headline figures for {m.title}", headers, [], groups=groups))

    parts.append('<h2 id="exceptions">Exceptions against target</h2>')
    exceptions = report.exceptions()
    if exceptions:
        rows = [
            [
                f.title,
                h.Cell(h.esc(f.show(f.value)), num=True),
                h.Cell(h.esc(f.show(f.target)), num=True),
                h.rag_tag(f.rag),
            ]
            for f in exceptions
        ]
        parts.append(
            h.table(
                f"Indicators rated red or amber in {m.title}",
                ["Indicator", h.Cell("Figure", num=True), h.Cell("Target", num=True), "RAG"],
                rows,
            )
        )
        parts.append(
            "<ul>" + "".join(f"<li>{h.esc(exception_sentence(f))}</li>" for f in exceptions) + "</ul>"
        )
    else:
        parts.append(f"<p>No indicator is rated red or amber against its target in {h.esc(m.title)}.</p>")

    parts.append('<h2 id="narrative">Narrative</h2>')
    for section, texts in report.narrative().items():
        note = commentary_html((commentary or {}).get(section, ""))
        if not texts and not note:
            continue
        parts.append(f"<h3>{h.esc(section)}</h3>")
        parts.extend(f"<p>{h.esc(t)}</p>" for t in texts)
        parts.append(note)

    if report.charts:
        parts.append('<section class="chart-section"><h2 id="charts">Charts</h2>')
        for chart in report.charts:
            parts.append(
                f'<figure id="chart-{h.esc(chart.key)}"><figcaption>{h.esc(chart.title)}</figcaption>'
                f"{_svg_img(chart.svg, chart.alt)}</figure>"
            )
            parts.append(
                h.table(
                    f"{chart.title}: figures shown in the chart",
                    ["Month", h.Cell("Figure", num=True)],
                    [[label, h.Cell(h.esc(value), num=True)] for label, value in chart.rows],
                    css_class="chart-data",
                )
            )
        parts.append("</section>")

    # Kept on one page: printed after the last chart, its closing lines used to spill alone onto
    # a last page (a one-line page 10 in the November 2026 demo report).
    parts.append('<section class="keep-together"><h2 id="about">About this report</h2>')
    about = [
        f"Source: {report.source or 'the analytical tables'}.",
        f"Data up to {day_words(report.data_up_to, long=True)}." if report.data_up_to else "",
        "Figures are calculated by Continuum's indicator engine; what each one counts is under "
        "Definitions at the end of this report. "
        "Values are rounded half-up for display only; comparisons use the exact figures.",
        "RAG: green meets the target, amber is within the tolerance, red is outside it. Volumes have no "
        "target and no RAG.",
    ]
    parts.append("".join(f"<p class='meta'>{h.esc(a)}</p>" for a in about if a))
    parts.append("</section>")
    if report.notes:
        parts.append("<h3>Data notes</h3><ul class='notes'>")
        parts.extend(f"<li>{h.esc(n)}</li>" for n in dict.fromkeys(report.notes))
        parts.append("</ul>")
    shown = [c for codes in report.sections.values() for c in codes] + [c.key for c in report.charts]
    parts.append(h.definitions((report.figures[c].title, c) for c in shown if c in report.figures))
    caption = f"{m.title} · Monthly performance and assurance report"
    return h.page(
        f"Performance Matters: {m.title}", "\n".join(parts), organisation=report.organisation, caption=caption
    )


@dataclass(frozen=True)
class Written:
    """The files a report run wrote."""

    html: Path
    pdf: Path | None
    pages: int
    specs: list[Path]


def write(report: PerformanceMatters, out: Path, *, pdf: bool = True) -> Written:
    """Write ``performance-matters-<month>.html`` (and ``.pdf``) and the chart specs to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"performance-matters-{report.month.label}"
    text = render_html(report)
    html_path = out / f"{stem}.html"
    html_path.write_text(text, encoding="utf-8")
    specs = []
    for chart in report.charts:
        spec_path = out / f"{stem}-chart-{chart.key}.vl.json"
        spec_path.write_text(json.dumps(chart.spec, indent=1), encoding="utf-8")
        specs.append(spec_path)
    if not pdf:
        return Written(html_path, None, 0, specs)
    info = h.write_pdf(text, out / f"{stem}.pdf")
    return Written(html_path, info.path, info.pages, specs)
