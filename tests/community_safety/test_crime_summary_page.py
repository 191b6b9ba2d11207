"""The crime summary page: who may read it, the period, and words (not a traceback) for a bad month."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from continuum.core import roles
from tests.community_safety.seed_2012 import load_seed_2012
from tests.conftest import axe_violations, sign_in

URL = "/community-safety/crime-summary/"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.django_db
def test_analysts_and_board_members_read_it_others_may_not(client, make_user) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    assert client.get(URL).status_code == 302  # sign in first
    for username, role in (("analyst", roles.PERFORMANCE_ANALYST), ("board", roles.BOARD_MEMBER)):
        client.force_login(make_user(username, role))
        page = client.get(URL).content.decode()
        # Default: the financial year to date of the latest month with figures (April-September 2012).
        assert "April 2012 to September 2012" in page
        assert "targets for 2012-13" in page
        client.logout()
    for role in (roles.SOCIAL_WORKER, roles.PARTNER_POLICE, roles.TEAM_MANAGER):
        client.force_login(make_user(role.slug, role))
        assert client.get(URL).status_code == 403
        client.logout()


@pytest.mark.django_db
def test_a_chosen_period_and_a_bad_month(client, make_user) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get(URL, {"from": "2012-04", "to": "2012-04"}).content.decode()
    rape = re.search(r'data-crime-type="rape">(.*?)</tr>', page, re.S)
    assert rape is not None
    assert ">8</td>" in rape.group(1)  # April only: 8 of the 45
    response = client.get(URL, {"from": "2012-13", "to": "2012-03"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "First month must be a month written as YYYY-MM, like 2012-04" in text
    assert "data-crime-summary" not in text


@pytest.mark.django_db
def test_no_figures_yet_says_so(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("board", roles.BOARD_MEMBER))
    assert "No crime figures have been imported yet." in client.get(URL).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_member_reads_the_crime_summary_in_a_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    make_user("board", roles.BOARD_MEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "board")
    page.get_by_role("link", name="Community safety").first.click()
    page.wait_for_url("**/community-safety/")
    page.locator("[data-safety-pages]").get_by_role("link", name="Crime summary").click()
    page.wait_for_url(f"**{URL}")
    assert page.get_by_role("heading", level=1).inner_text() == "Crime summary"
    total = [
        " ".join(cell.split())
        for cell in page.locator("[data-crime-type=total-notifiable]").inner_text().split("\t")
    ]
    assert total[1:] == [
        "-5%",
        "",
        "13582",
        "12633",
        "-7.0% (decrease)",
        "2587",
        "2046",
        "19.0%",
        "16.2%",
        "",
    ]
    rape_change = page.locator("[data-crime-type=rape] .govuk-tag")
    assert "govuk-tag--red" in (rape_change.get_attribute("class") or "")
    assert "Youth Violence is a measure of the number of victims" in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "crime-summary.png"), full_page=True)
