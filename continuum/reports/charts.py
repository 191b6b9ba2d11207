"""Charts as Vega-Lite specifications (built with Altair), rendered to SVG with vl-convert.

Why Vega-Lite: the spec is plain JSON, so the same chart can be drawn in a
browser dashboard later and rendered to SVG here without a browser
(vl-convert embeds the Vega engine). Why SVG: it stays sharp in the PDF and
in print. Every chart in a report is followed by a table of the same
figures (:func:`chart_table_rows`), because a picture alone is not
accessible.

Altair and vl-convert are imported inside the functions, so the narrative
and the board table work where they are not installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from continuum.metrics.engine import format_value

from .figures import Series
from .narrative import MONTH_NAMES

__all__ = ["Chart", "build_chart", "chart_text", "line_chart", "render_svg"]

BLUE = "#1d70b8"
GREY = "#505a5f"
FONT = "Arial, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Chart:
    """A chart ready for a report: its spec, its SVG, its title, alt text and data table."""

    key: str
    title: str
    spec: dict[str, Any]
    svg: str
    alt: str
    rows: list[tuple[str, str]]


def _month_label(period_label: str) -> str:
    year, month = period_label.split("-")
    return f"{MONTH_NAMES[int(month)][:3]} {year}"


def line_chart(series: Series, title: str) -> dict[str, Any]:
    """A monthly line chart spec, with the target as a dashed rule when there is one."""
    import altair as alt

    cur = series.current
    values = []
    for period, result in zip(series.months, series.results, strict=True):
        if result.status in ("ok", "incomplete") and result.value is not None:
            values.append({"month": _month_label(period.label), "order": period.label, "value": result.value})
    order = [_month_label(p.label) for p in series.months]
    y_title = "%" if cur.unit == "percent" else ("number" if cur.unit == "count" else cur.unit)
    base = alt.Chart(alt.Data(values=values))
    line = base.mark_line(point=True, color=BLUE, strokeWidth=2).encode(
        x=alt.X("month:O", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=cur.unit != "percent")),
        tooltip=[alt.Tooltip("month:O"), alt.Tooltip("value:Q", format=",.1f")],
    )
    layers: list[Any] = [line]
    if cur.target is not None:
        rule = (
            alt.Chart(alt.Data(values=[{"target": cur.target}]))
            .mark_rule(color=GREY, strokeDash=[6, 4])
            .encode(y="target:Q")
        )
        layers.append(rule)
    chart = (
        alt.layer(*layers)
        .properties(title=title, width=560, height=220)
        .configure(font=FONT)
        .configure_axis(labelColor="#0b0c0c", titleColor="#0b0c0c", grid=True, gridColor="#e5e5e5")
        .configure_title(anchor="start", fontSize=14, color="#0b0c0c")
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def render_svg(spec: dict[str, Any]) -> str:
    """SVG text for a Vega-Lite spec, rendered offline by vl-convert."""
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(vl_spec=spec))


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence (an alt text): only its first letter lower-cased, and
    not even that when the first word is an abbreviation, so "CP", "CIN" and "UASC" stay capitals."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return title
    return title[:1].lower() + title[1:]


def build_chart(key: str, series: Series, title: str) -> Chart:
    """The chart for one indicator's monthly series, with alt text and its table alternative."""
    spec = line_chart(series, title)
    alt_text, rows = chart_text(series, title)
    return Chart(key=key, title=title, spec=spec, svg=render_svg(spec), alt=alt_text, rows=rows)


def chart_text(series: Series, title: str) -> tuple[str, list[tuple[str, str]]]:
    """The chart's alt text and its table of figures, without drawing it.

    Why apart: the dashboards put the text and the table in the page at once and serve the
    drawing as an image of its own (drawing is most of a dashboard's server time).
    """
    cur = series.current
    rows = [
        (period.title, format_value(r.exact if r.status in ("ok", "incomplete") else None, r.unit, r.places))
        for period, r in zip(series.months, series.results, strict=True)
    ]
    first, last = series.months[0].title, series.months[-1].title
    target = (
        f"; the dashed line is the target of {format_value(cur.target, cur.unit, cur.places)}"
        if (cur.target is not None)
        else ""
    )
    alt_text = (
        f"Line chart of {in_sentence(title)} by month, {first} to {last}{target}. "
        "The figures are in the table below."
    )
    return alt_text, rows
