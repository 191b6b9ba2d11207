"""The IOM officer's day in a real browser, with axe on every page: add a person to the cohort, change
their colour, and see the matrix counts move (screenshots iom-person-added.png, iom-person.png and
iom-cohort.png in tests/artifacts/).

On the four-person cohort of test_iom.py as on 30 Sep 2012 (Red 1, Amber 1, Green 1, Blue 1), the new
person joins Green and goes Blue the same day: Blue 2 and Green 1 at the month's end, five listed."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from tests.community_safety.test_iom import _cohort
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_mash_browser import axe_problems, shot

ODD = "Siobhán O'Neill-Ødegård"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_iom_officer_adds_a_person_and_changes_their_colour(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    make_user("iom-officer", roles.IOM_OFFICER)
    sign_in(page, "iom-officer")

    page.goto("/community-safety/iom/")
    assert page.locator("[data-iom-people] tbody tr").count() == 4
    assert axe_problems(page) == []
    page.get_by_role("link", name="Add a person to the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person to the IOM list")
    page.get_by_role("button", name="Add to the list").click()  # nothing filled in: the fields named
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the IOM reference")
    assert axe_problems(page) == []
    page.get_by_label("IOM reference").fill("IOM-E")
    page.get_by_label("Name", exact=True).fill(ODD)
    page.get_by_label("PPO (prolific and priority offender)").check()
    page.get_by_label("Green (intelligence and engagement levels suggest not currently offending)").check()
    page.get_by_label("Reason for the first colour").fill("Referred by probation on release")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_url("**/community-safety/iom/offenders/*/")
    assert ODD not in page.url
    assert "IOM-E" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(ODD)
    expect(page.locator("[data-current-colour]")).to_contain_text("Green")
    assert axe_problems(page) == []
    shot(page, "iom-person-added")

    page.get_by_role("link", name="Change the risk colour").click()
    assert axe_problems(page) == []
    page.get_by_label("Blue (currently in custody)").check()
    fill_date(page, "on", date(2012, 9, 30))
    page.get_by_label("Reason for the change").fill("Remanded in custody at magistrates' court")
    page.get_by_role("button", name="Save the colour").click()
    expect(page.locator("[data-current-colour]")).to_have_text(
        "Blue (currently in custody), since 30 Sep 2012"
    )
    assert page.locator("[data-colour-history] tbody tr").count() == 2
    expect(page.locator("[data-colour-history] tbody tr").first).to_contain_text(
        "Remanded in custody at magistrates' court"
    )
    assert axe_problems(page) == []
    shot(page, "iom-person")

    page.get_by_role("link", name="Back to the IOM cohort").click()
    matrix = page.locator("[data-matrix-over-time]")
    sep = {
        c: matrix.locator(f"tr[data-colour={c}] td").last.inner_text()
        for c in ("red", "amber", "green", "blue")
    }
    assert sep == {"red": "1", "amber": "1", "green": "1", "blue": "2"}
    expect(page.locator("[data-board-summary]")).to_contain_text(
        "There are currently 5 offenders on the IOM list"
    )
    row = page.locator('[data-offender="IOM-E"]')
    expect(row).to_contain_text("Blue")
    expect(row.get_by_role("link", name=ODD)).to_be_visible()
    assert page.locator("[data-release-plans]").get_by_text(ODD).count() == 1  # in custody: a plan is due
    assert axe_problems(page) == []
    shot(page, "iom-cohort")
