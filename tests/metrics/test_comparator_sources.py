"""A comparator's source names the borough's paper and its heading, as an indicator's source does.

The dashboard prints a comparator's source beside its figure ("source: ...") and docs/indicators.md
lists the shipped file's rows, so a figure the borough's own paper quotes is cited by the paper's
title, who it went to and when, and the heading it sits under, never the line of the project's
plain-text copy ("seed 002 L92"), which stays in the file's ``note`` column, never printed. The
dashboard's "What this figure means" says where the figure itself comes from, and the generated
page says plainly when no published figure is held, not how the team looked for one.
"""

from __future__ import annotations

import csv

import pytest
from django.utils.html import escape

from continuum.metrics.comparators import SHIPPED_CSV, ComparatorFigure, load_comparators
from continuum.metrics.definitions import all_indicators, get
from continuum.metrics.docs_gen import DOC_PATH, _comparator_lines
from continuum.metrics.indicators.papers import PAPERS
from continuum.metrics.periods import parse_period
from tests.metrics.test_definitions_plain import SEED_LINE
from tests.metrics.test_sources_readable import HEADING, SEEDS, _copy, _words
from tests.web.test_dashboards import hand_built, signed_in

#: The two papers the shipped file quotes, as papers.py prints them (worked out from the papers).
SAFEGUARDING_2015 = (
    "Safeguarding Children and Young People in Barnet (Barnet Family Services, summer 2015), "
    "'2.1 Safeguarding Activity'"
)
PROGRESS_2017 = (
    "Update report on progress of Barnet Children's Services Improvement Action Plan (Barnet's Children, "
    "Education, Libraries and Safeguarding Committee, 15 Nov 2017), 'Quantitative performance data'"
)


def _shipped() -> list[ComparatorFigure]:
    shipped = load_comparators(SHIPPED_CSV)
    return [f for ind in all_indicators() for f in shipped.figures(ind.code)]


def test_a_figure_the_borough_quotes_cites_the_paper_and_its_heading() -> None:
    shipped = load_comparators(SHIPPED_CSV)
    # Worked by hand: the 2015 paper's "2.1 Safeguarding Activity" gives the 2014/15 rate of children
    # in care per 10,000 under 18 as London (54), England (60), statistical neighbours (44.2).
    cla = shipped.for_indicator("cla_rate", parse_period("2014-15"))
    assert cla["London"] == {
        "value": 54.0,
        "year": "2014-15",
        "source": f"{SAFEGUARDING_2015} (2014/15 rate of children in care per 10,000 children under 18: "
        "London 54)",
        "version": "2026.1",
    }
    # Paragraph 1.78 of the November 2017 progress report: "below our statistical neighbours of 18.2%".
    rereferrals = shipped.for_indicator("rereferral_12m", parse_period("2017-09"))
    assert rereferrals["Statistical neighbours"]["source"] == (
        f"{PROGRESS_2017}, paragraph 1.78 (statistical neighbours 18.2%, with the figures for September 2017)"
    )
    placements = shipped.for_indicator("cla_3plus_placements", parse_period("2014-15"))
    assert placements["England"]["source"] == (
        f"{SAFEGUARDING_2015} (children in care with 3 or more placements during the previous 12 months: "
        "England 11%)"
    )


def test_no_comparator_cites_a_line_of_our_copy() -> None:
    figures = _shipped()
    assert len(figures) == 107  # every row of the shipped file, blanks included
    printed = {(f.code, f.year, f.comparator): " ".join(map(str, f.to_dict().values())) for f in figures}
    assert {key: SEED_LINE.findall(text) for key, text in printed.items() if SEED_LINE.search(text)} == {}
    # The trace is kept for the team in the note column, which the loader never reads into a figure.
    with SHIPPED_CSV.open(encoding="utf-8") as handle:
        notes = [row["note"] for row in csv.DictReader(handle) if row["note"]]
    assert notes == ["seed 001 L548", *["seed 002 L92"] * 3, *["seed 002 L100"] * 2]


def test_a_paper_a_comparator_cites_is_one_of_the_listed_papers() -> None:
    quoting = [f for f in _shipped() if f.value is not None and not f.source.startswith("DfE")]
    assert len(quoting) == 6  # the borough's own papers' figures; every other figure is the DfE's
    named = {f.source: [p for p in PAPERS if str(p) in f.source] for f in quoting}
    assert {source: papers for source, papers in named.items() if len(papers) != 1} == {}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the papers' plain-text copies (shared/seeds) are not here")
def test_each_heading_a_comparator_cites_is_in_the_paper() -> None:
    missing = []
    for figure in _shipped():
        for paper in (p for p in PAPERS if str(p) in figure.source):
            place = figure.source.split(str(paper), 1)[1]
            headings = HEADING.findall(place)
            assert headings, figure.source
            missing += [(paper.seed, h) for h in headings if _words(h) not in _copy(paper)]
    assert missing == []


def test_the_page_says_plainly_when_no_published_figure_is_held() -> None:
    # cp_rate: England and London rows are blank, and the statistical neighbours' row is blank.
    assert _comparator_lines("cp_rate") == [
        "- **Comparators (shipped file):** no published figure held for England or London; statistical "
        "neighbours: none shipped, as each council adds its own neighbours' figures"
    ]
    # rereferral_12m: England and the neighbours are held, so only London is said to have none.
    assert _comparator_lines("rereferral_12m")[0].endswith("; no published figure held for London")
    page = DOC_PATH.read_text(encoding="utf-8")
    comparator_lines = [line for line in page.splitlines() if line.startswith("- **Comparators (shipped")]
    assert comparator_lines
    assert [line for line in comparator_lines if "search" in line or SEED_LINE.search(line)] == []


@pytest.mark.django_db
def test_the_dashboard_says_where_a_figure_and_its_comparator_come_from(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.core import roles
    from continuum.web.dashboards.source import clear_cache

    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    try:
        analyst = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
        july = analyst.get("/performance/front-door/", {"period": "2024-07"})
        september_2017 = analyst.get("/performance/front-door/", {"period": "2017-09"})
    finally:
        clear_cache()
    mash = next(v for v in july.context["views"] if v.code == "mash_decision_1wd")
    assert mash.source == (
        "MASH decision due within 1 working day (local setting); Barnet Safeguarding Children Partnership "
        "Annual report September 2019-September 2020 (Barnet Safeguarding Children Partnership, 2020), "
        "'The safeguarding context in Barnet', 'Our Multi-Agency Safeguarding Hub' (\"Timeliness of "
        'decision making has remained at 99%")'
    )
    text = july.content.decode()
    panel = text[text.index(escape(get("mash_decision_1wd").definition)) :]
    unit = panel.index("Unit: a percentage; higher is better.")
    source = panel.index(f'<p class="govuk-body">Source: {escape(mash.source)}</p>')
    assert unit < source < panel.index("Reference for analysts: mash_decision_1wd")
    # September 2017: the neighbours' re-referral figure of 2017-18 is shown with the paper it is from.
    page = september_2017.content.decode()
    quoted = (
        f"{PROGRESS_2017}, paragraph 1.78 (statistical neighbours 18.2%, with the figures for September 2017)"
    )
    assert f"(source: {escape(quoted)})" in page
    assert not SEED_LINE.search(page)
