"""An indicator's source names the borough's paper and the heading a reader can find the figure under.

docs/indicators.md ("Follows") prints the source to analysts and councillors. They look a figure
up in the paper the council published, so a citation gives the paper's own title, who it went to
and when, and the heading or paragraph in its own words, never the line of the project's
plain-text copy. The headings are checked against that copy where it is present (shared/seeds,
outside the repository), so a citation cannot name a heading the paper does not have.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils.html import escape

from continuum.metrics.definitions import all_indicators, get
from continuum.metrics.indicators.papers import CITED, PAPERS, Paper
from tests.metrics.builders import ids, run, table
from tests.metrics.test_send_indicators import _population
from tests.web.test_dashboards import hand_built, signed_in

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
#: A heading quoted in a citation's place ("'Quantitative performance data'"); "Barnet's" is not one.
HEADING = re.compile(r"(?<![A-Za-z])'([A-Z0-9](?:[^']|'(?=s\b))*)'")
QUOTE = re.compile(r'"([^"]+)"')

PROGRESS_2017 = (
    "Update report on progress of Barnet Children's Services Improvement Action Plan (Barnet's Children, "
    "Education, Libraries and Safeguarding Committee, 15 Nov 2017), 'Quantitative performance data'"
)


def test_a_citation_names_the_paper_its_heading_and_paragraph() -> None:
    # Worked by hand from the paper: paragraph 1.77 under "Quantitative performance data" of
    # agenda item 8 of the committee's meeting of 15 November 2017 (seed 001 L527, L542).
    assert get("care_leavers_in_touch_19_21").source.endswith(
        f"; {PROGRESS_2017}, paragraph 1.77 (care leavers on a pathway plan visited within 2 months)"
    )
    assert get("pep_up_to_date").source == (
        f'{PROGRESS_2017}, paragraph 1.76 ("5 to 16-year-old children in care with a Personal Education '
        'Plan meeting completed in the last 6 months is 84%")'
    )
    # The board's 2011-12 table, by its appendix heading and the row's own words (seed 004 L2474, L2481).
    assert get("cp_open").source.startswith(
        "Barnet Safeguarding Children Board Annual Report 2011-12 (Barnet Children's Trust Board, 13 Sep "
        "2012, and Safer Communities Partnership Board, 16 Oct 2012), 'Appendix 1: Indicators for "
        "Safeguarding Childrens Board' (row \"Number of children subject to a child protection plan at 31 "
        'March"); '
    )
    assert get("ehc_requests_received").source == (
        "Special Educational Needs and Disabilities Strategy 2017-2020 (Barnet's Children, Education, "
        "Libraries and Safeguarding Committee, 15 Nov 2017), '4. Local need and context' and 'What "
        "success looks like'; DfE SEN2"
    )
    # National citations stay as they were.
    assert get("referrals").source.startswith("CIN census CINreferralDate; Barnet Safeguarding Children")


def test_every_paper_is_cited_and_every_citation_is_of_a_listed_paper() -> None:
    assert {paper for paper, _, _ in CITED} == set(PAPERS)
    sources = " ".join(ind.source for ind in all_indicators())
    assert [p.title for p in PAPERS if p.title not in sources] == []


def _words(text: str) -> str:
    """Text as its words: case, punctuation, dashes and the copy's markup do not matter."""
    return " ".join(re.sub(r"<[^>]+>|[^a-z0-9]+", " ", text.lower()).split())


def _copy(paper: Paper) -> str:
    (path,) = SEEDS.glob(f"{paper.seed}_*.txt")
    return _words(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the papers' plain-text copies (shared/seeds) are not here")
def test_each_title_heading_and_quotation_is_in_the_paper() -> None:
    missing = []
    for paper, place, what in CITED:
        text = _copy(paper)
        quoted = [paper.title, *HEADING.findall(place)]
        quoted += [piece for q in QUOTE.findall(what) for piece in q.split("...")]
        missing += [(paper.seed, q) for q in quoted if _words(q) not in text]
    assert missing == []


def test_the_send_rate_names_its_denominator_row_in_words() -> None:
    plans = table(
        "ehc_plans",
        {"ehc_plan_id": "p1", "la_child_id": "k1", "issued_on": "2024-01-10", "setting_type": "SPECIAL"},
    )
    children = table("children", {"la_child_id": "k1", "person_birth_date": "2014-05-01"})
    population = _population(*((2023, age, 1000) for age in range(5, 16)))
    tables = {"ehc_plans": plans, "children": children, "population": population}
    # 1 child aged 10 with a plan over 11,000 children aged 5-15 in the mid-2023 estimate.
    estimated = run(tables, "ehc_plans_per_1000_5_15", "2024-06")
    assert ids(estimated) == ["children aged 5 to 15 in the ONS mid-year population estimate", "p1"]
    assert (estimated.numerator, estimated.denominator) == (1, 11)
    council = {"indicators": {"ehc_plans_per_1000_5_15": {"parameters": {"school_population_5_15": 4000}}}}
    counted = run(tables, "ehc_plans_per_1000_5_15", "2024-06", settings=council)
    assert ids(counted) == ["children aged 5 to 15 in the school census count the council entered", "p1"]
    assert counted.denominator == 4
    ind = get("ehc_plans_per_1000_5_15")
    assert ind.denominator == (
        "children aged 5 to 15 living in the authority, in thousands: the ONS mid-year population estimate, "
        "or the school census count the council enters"
    )
    assert "'population'" not in " ".join([ind.denominator, *ind.caveats])


@pytest.mark.django_db
def test_the_explanation_gives_the_reference_last_and_in_words(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.core import roles
    from continuum.web.dashboards.source import clear_cache

    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    try:
        html = signed_in(client, make_user, roles.PERFORMANCE_ANALYST).get(
            "/performance/front-door/", {"period": "2024-07"}
        )
    finally:
        clear_cache()
    text = html.content.decode()
    assert "Indicator code" not in text
    panel = text[text.index(escape(get("mash_decision_1wd").definition)) :]
    unit, reference = (
        panel.index("Unit: a percentage; higher is better."),
        panel.index("Reference for analysts: "),
    )
    assert unit < reference  # the meaning first, the analysts' reference after it
    assert '<p class="govuk-body-s">Reference for analysts: mash_decision_1wd</p>' in panel
