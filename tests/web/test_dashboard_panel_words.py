"""The dashboards' "What this figure means" in words, and every number with its thousands separator.

A tester signed in as an analyst read "Unit: count; neither (a volume to watch)", "DECOM, DEC"
in a definition, and "1286" in the figures table under a headline of "1,286".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils.html import escape

from continuum.core import roles
from continuum.metrics.definitions import get
from continuum.web.dashboards.source import Source, clear_cache
from continuum.web.templatetags.dashboard_numbers import figure
from tests.metrics.builders import table
from tests.web.test_dashboards import hand_built, signed_in

pytestmark = pytest.mark.django_db

#: July 2024: 1,286 contacts, every one decided an hour after it came in (1,286 of 1,286 on time).
CONTACTS = 1286


def busy_july() -> Source:
    start = datetime(2024, 7, 1, 9, 0)
    rows = []
    for n in range(CONTACTS):
        at = start + timedelta(minutes=30 * n)  # 1,286 half-hours: 1 July to 27 July
        rows.append(
            {
                "contact_id": f"c{n}",
                "la_child_id": f"k{n}",
                "contact_datetime": at.isoformat(timespec="minutes"),
                "mash_decision_datetime": (at + timedelta(hours=1)).isoformat(timespec="minutes"),
            }
        )
    return Source(
        tables={"contacts": table("contacts", *rows), "referrals": table("referrals")},
        data_up_to=date(2024, 7, 31),
    )


@pytest.fixture(autouse=True)
def tables(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = busy_july
    clear_cache()
    yield
    clear_cache()


def test_the_figure_filter_writes_numbers_as_a_reader_does() -> None:
    assert figure(1286) == "1,286"
    assert figure(1234567) == "1,234,567"
    assert figure(12) == "12"
    assert figure(0) == "0"
    assert figure(2.0) == "2"  # a whole FTE total read back as a float
    assert figure(12.5) == "12.5"
    assert figure(Decimal("1234.567")) == "1,234.57"  # two places at most, half up
    assert figure(Fraction(1, 3)) == "0.33"
    assert figure(None) == "–"
    assert figure("fewer than 5") == "fewer than 5"  # text the page already wrote stands


def test_the_numerator_reads_like_the_headline(client, make_user) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(client, make_user, roles.PERFORMANCE_ANALYST).get(
        "/performance/front-door/", {"period": "2024-07"}
    )
    assert page.status_code == 200
    views = {v.code: v for v in page.context["views"]}
    assert (views["contacts"].numerator, views["contacts"].display) == (1286, "1,286")
    mash = views["mash_decision_1wd"]
    assert (mash.numerator, mash.denominator, mash.display) == (1286, 1286, "100.0%")
    html = page.content.decode()
    detail = html.split('data-detail="contacts"', 1)[1].split("</section>", 1)[0]
    assert '<dd class="govuk-summary-list__value">1,286</dd>' in detail
    detail = html.split('data-detail="mash_decision_1wd"', 1)[1].split("</section>", 1)[0]
    assert detail.count('<dd class="govuk-summary-list__value">1,286</dd>') == 2  # numerator, denominator
    assert ">1286<" not in html


def test_the_records_behind_a_figure_are_counted_with_a_separator(client, make_user) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(client, make_user, roles.PERFORMANCE_ANALYST).get(
        "/performance/front-door/contacts/children/", {"period": "2024-07"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd class="govuk-summary-list__value">1,286</dd>' in html
    assert "1,286 records, page 1 of 13" in html  # 100 a page: 12 full pages and 86 on the 13th
    assert ">1286<" not in html


def test_what_this_figure_means_says_the_unit_and_which_way_is_better(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    html = (
        signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
        .get("/performance/front-door/", {"period": "2024-07"})
        .content.decode()
    )
    contacts = html.split('data-detail="contacts"', 1)[1].split("</section>", 1)[0]
    assert (
        "Unit: a count of contacts received in the period; neither higher nor lower is better in itself "
        "(a volume to watch)." in contacts
    )
    mash = html.split('data-detail="mash_decision_1wd"', 1)[1].split("</section>", 1)[0]
    assert "Unit: a percentage; higher is better." in mash
    assert "Unit: count;" not in html
    assert "Unit: percent;" not in html
    assert "; neither (a volume to watch)" not in html


def test_a_looked_after_definition_says_its_episode_dates_in_words(client, make_user) -> None:  # type: ignore[no-untyped-def]
    cla_open = get("cla_open")
    assert "DECOM, DEC" not in cla_open.definition
    assert "the date the episode started (DECOM) is on or before that day" in cla_open.definition
    assert "the date it ceased (DEC) is blank or after it" in cla_open.definition
    assert get("cla_periods_started").source == (
        "SSDA903 episodes: the first episode of each period of care (reason for new episode (RNE) S, "
        "started to be looked after) and the date it started (DECOM)"
    )
    assert "SSDA903 DEC and REC" not in get("cla_ceased").source
    # The panel prints the definition as it stands, even where the figure could not be calculated.
    html = (
        signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
        .get("/performance/children-in-care/", {"period": "2024-07"})
        .content.decode()
    )
    assert escape(cla_open.definition) in html
    assert "DECOM, DEC" not in html
    assert "Unit: a count of children looked after at the period end;" in html
