"""The IOM officer corrects a name in a real browser, with axe on every page, and reads the person's
page at 320 px: the colour history, events and corrections scroll in their own labelled regions and
the page itself never scrolls sideways (it was 387 px wide). Screenshot iom-person-320px.png in
tests/artifacts/.

On the cohort of test_iom.py as on 30 Sep 2012: A (Alex Ashdown) red from 1 Jan, blue from 10 Jul,
placed in custody and on remand on 10 Jul."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.community_safety.models import IomOffender
from continuum.core import roles
from tests.community_safety.test_iom import _cohort
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

ZOE = "Zoë O'Brien-Ng"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_name_corrected_and_the_person_read_at_320px(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    a = IomOffender.objects.get(reference="IOM-A")
    make_user("iom-officer", roles.IOM_OFFICER)
    sign_in(page, "iom-officer")

    page.goto(f"/community-safety/iom/offenders/{a.pk}/")
    page.get_by_role("link", name="Correct the details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the details")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Alex Ashdown")
    assert axe_problems(page) == []
    page.get_by_label("Name", exact=True).fill(ZOE)
    page.get_by_label("Reason for the correction").fill("Name misspelt on the probation referral")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ZOE)
    expect(page.get_by_text("The correction is saved (name), with its reason.")).to_be_visible()
    expect(page.locator("[data-corrections] tbody tr")).to_have_count(1)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for label in ("Risk colour history", "Events", "Corrections"):
        region = page.get_by_role("region", name=label)
        assert region.get_attribute("tabindex") == "0", label
    history = page.get_by_role("region", name="Risk colour history")
    assert history.evaluate("r => r.scrollWidth > r.clientWidth")  # the table scrolls, not the page
    assert axe_problems(page) == []
    shot(page, "iom-person-320px")
