"""The cost-benefit page: the level-2 logic worked through for the inputs, with each formula and source."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.core import roles
from tests.conftest import axe_violations, sign_in

URL = "/community-safety/cost-benefit/"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.django_db
def test_who_may_see_it_and_bad_inputs(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("sw", roles.SOCIAL_WORKER))
    assert client.get(URL).status_code == 403
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get(URL, {"arrest_rate": "1.5", "interventions": "lots"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Share arrested: enter a decimal from 0 to 1" in text
    assert "Police interventions: enter a number of 0 or more" in text
    assert "data-level-2" not in text


@pytest.mark.django_db
def test_each_step_reads_in_words(client, make_user) -> None:  # type: ignore[no-untyped-def]
    """Names in a formula are code: each step says itself in words only, every name by its label,
    the operator as a sign."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    text = client.get(URL).content.decode()
    assert "Number arrested = police interventions \u00d7 share arrested" in text
    assert (
        "Magistrates&#x27; court cost of prosecutions = number prosecuted \u00d7 "
        "magistrates&#x27; court cost of a prosecution"
    ) in text
    assert "Cost of sentences = number sentenced \u00d7 cost of a sentence<" in text
    assert "arrests = interventions * arrest_rate" not in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_member_works_a_scenario_through(page, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("board", roles.BOARD_MEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "board")
    page.goto(URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Cost-benefit model"
    # The worked example (the hand-built case of test_cost_benefit.py): £208,660 in all.
    assert page.locator("[data-by-agency] tr").last.inner_text().split("\t") == ["Total", "£208,660"]
    page.get_by_label("Police interventions").fill("200")
    page.get_by_role("button", name="Work it through").click()
    page.wait_for_url("**interventions=200**")
    assert page.locator("[data-by-agency] tr").last.inner_text().split("\t") == ["Total", "£417,320"]
    call_outs = page.locator("[data-step=call_out_cost]").inner_text().split("\t")
    assert call_outs == [
        "2. Cost of call-outs",
        "Cost of call-outs = police interventions \u00d7 cost of a police call-out",
        "Police",
        "£108,400",
    ]
    assert "CLG Troubled Families cost database" in page.locator("[data-unit-costs]").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "cost-benefit.png"), full_page=True)
