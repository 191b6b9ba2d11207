"""Performance Matters from a small hand-built set of tables: figures, sentences, accessibility, PDF."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from continuum.reports import performance_matters as pm

from .data import referrals_for_seed

SEED = (
    "The volume of referrals (234) is 20% lower than at the same point last year (294) "
    "and 6% lower than June (249)."
)
SECTIONS = {"Front door": ("referrals", "rereferral_12m")}


@pytest.fixture(scope="module")
def report() -> pm.PerformanceMatters:
    return pm.build(
        referrals_for_seed(),
        "2020-07",
        source="test tables",
        sections=SECTIONS,
        charts=(("referrals", "Referrals to children's social care"),),
        organisation="Example Borough",
    )


def test_figures_and_exact_comparisons(report: pm.PerformanceMatters) -> None:
    fig = report.figures["referrals"]
    assert (fig.value, fig.previous, fig.last_year) == (234, 249, 294)
    # 12-month average: August 2019 to July 2020 holds 249 + 234 referrals.
    assert fig.average == pytest.approx((249 + 234) / 12)
    assert report.figures["rereferral_12m"].rag == "R"


def test_narrative_reproduces_the_seed_sentence(report: pm.PerformanceMatters) -> None:
    assert report.narrative()["Front door"][0] == SEED


def test_html_has_figures_sentences_and_exceptions(report: pm.PerformanceMatters) -> None:
    text = pm.render_html(report)
    assert SEED in text
    assert (
        "The percentage of referrals that were re-referrals within 12 months (25.6%) is 7.6 percentage "
        in text
    )
    assert "points above the target (18.0%) and is rated red." in text
    for figure in ("234", "249", "294", "25.6%", "18.0%"):
        assert f">{figure}<" in text
    assert '<strong class="tag tag--red">Red</strong>' in text


def test_html_is_accessible(report: pm.PerformanceMatters) -> None:
    text = pm.render_html(report)
    assert '<html lang="en-GB">' in text
    assert text.count("<h1>") == 1
    assert "<h2" in text
    assert "<h3>" in text
    tables = text.count("<table")
    assert tables == text.count("<caption>") >= 3  # headline, exceptions, chart data
    assert 'scope="col"' in text
    assert 'scope="row"' in text
    assert 'scope="rowgroup"' in text
    # Every image has alt text, and every chart is followed by a table of its figures.
    imgs = re.findall(r"<img [^>]*>", text)
    assert imgs
    assert all(re.search(r'alt="[^"]{20,}"', i) for i in imgs)
    assert "Referrals to children&#x27;s social care: figures shown in the chart" in text
    assert "no real change" in text or "down on June" in text  # arrows are spelled out for screen readers


def test_writes_html_pdf_and_specs(
    report: pm.PerformanceMatters, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        written = pm.write(report, tmp_path)
    # WeasyPrint reads our stylesheet without a complaint (it logged one on every PDF).
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert written.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert written.pdf is not None
    data = written.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 5000
    assert written.pages >= 2
    assert [p.name for p in written.specs] == ["performance-matters-2020-07-chart-referrals.vl.json"]


def test_month_only() -> None:
    with pytest.raises(ValueError, match="monthly"):
        pm.build(referrals_for_seed(), "2020-21", charts=())
