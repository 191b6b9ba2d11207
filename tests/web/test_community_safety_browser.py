"""Browser walks of the community safety pages on the demo data: the landing page, ASB with its ward map,
the IOM matrix and release plans, MARAC, and the board report pack added to a partnership meeting.

One module-scoped load would outlive a transactional test's flush, so the one test loads the demo data
once and walks every page (screenshots community-safety, asb, iom-matrix, iom-release-plans, marac,
community-safety-pack, community-safety-pack-pdf (the pack's HTML) and community-safety-pack-added in
tests/artifacts/).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.synth.community_safety import ensure_demo_community_safety
from tests.conftest import axe_violations, sign_in

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asb_iom_and_marac_pages_in_a_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    ensure_demo_community_safety(seed=5, as_of=date(2026, 9, 30))
    officer = make_user("iom-officer", roles.PERFORMANCE_ANALYST, roles.IOM_OFFICER)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "iom-officer")

    page.goto("/")
    page.get_by_role("link", name="Community safety", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community safety")
    assert page.locator("[data-safety-pages] h2").count() == 7
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "community-safety.png"), full_page=True)

    page.goto("/community-safety/asb/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anti-social behaviour"
    assert page.locator("[data-ward-map] path").count() == 8
    assert page.locator("[data-ward-table] tbody tr").count() == 8
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "asb.png"), full_page=True)

    page.goto("/community-safety/iom/?on=2026-09-30&since=2026-06-01")
    assert (
        "There are currently 97 offenders on the IOM list though 7"
        in page.locator("[data-board-summary]").inner_text()
    )
    assert page.locator("[data-matrix-over-time] tbody tr").count() == 4
    assert page.locator("[data-iom-people] tbody tr").count() == 97
    assert axe_violations(page) == []
    page.locator("[data-iom-matrix]").screenshot(path=str(ARTIFACTS / "iom-matrix.png"))
    releases = page.locator("[data-release-plans] tbody tr")
    assert releases.count() >= 10  # everyone Blue on the day, soonest release first
    assert page.locator("[data-release-plans]").get_by_text("No plan yet").count() >= 1
    page.locator("[data-release-plans]").screenshot(path=str(ARTIFACTS / "iom-release-plans.png"))

    page.goto("/community-safety/marac/")
    assert page.locator("[data-marac-quarters] tbody tr").count() >= 8
    assert page.locator("[data-meeting]").count() == 6
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "marac.png"), full_page=True)

    # The board pack: the officer is also the business manager of the partnership board here.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from continuum.partnership import services as partnership
    from continuum.partnership.models import Body, Meeting

    body = Body.objects.create(
        name="Safer Communities Partnership Board", kind="board", quorum=3, secretary=officer
    )
    meeting = Meeting.objects.create(
        body=body, starts_at=datetime(2026, 10, 20, 14, tzinfo=ZoneInfo("Europe/London")), place="Town Hall"
    )
    partnership.add_item(meeting, title="Welcome and apologies", purpose="information")
    page.get_by_role("link", name="Board report pack").click()
    expect(page.get_by_role("heading", level=2, name="April 2026 to September 2026")).to_be_visible()
    pdf = page.request.get(page.locator("[data-pack-pdf]").get_attribute("href") or "")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    # What the PDF is made from, drawn by the browser to look at (the PDF itself is paged by WeasyPrint).
    from continuum.community_safety import pack

    here = page.url
    page.set_content(pack.html(pack.Period(date(2026, 4, 1), date(2026, 9, 1))))
    page.screenshot(path=str(ARTIFACTS / "community-safety-pack-pdf.png"), full_page=True)
    page.goto(here)
    page.get_by_label("Add it to a meeting's agenda").select_option(
        label=f"{meeting}: as a new item at the end"
    )
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "community-safety-pack.png"), full_page=True)
    page.get_by_role("button", name="Add the pack to the agenda").click()
    page.wait_for_url(f"**/partnership/meetings/{meeting.pk}/")
    paper = page.get_by_role("link", name="Community safety report pack: April 2026 to September 2026")
    expect(paper).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "community-safety-pack-added.png"), full_page=True)

    # An IOM officer and nothing else: the landing page and the navigation offer the cohort only.
    make_user("iom-only", roles.IOM_OFFICER)
    page.context.clear_cookies()
    sign_in(page, "iom-only")
    page.goto("/community-safety/")
    assert page.locator("[data-safety-pages] h2").all_inner_texts() == ["Offender management (IOM)"]
