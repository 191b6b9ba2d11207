"""Browser walks of the community safety pages on the demo data: ASB with its ward map, the IOM matrix, MARAC.

One module-scoped load would outlive a transactional test's flush, so the one test loads the demo data
once and walks all three pages (screenshots asb, iom-matrix, marac in tests/artifacts/).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from continuum.community_safety.rules import IOM_GROUP
from continuum.core import roles
from continuum.synth.community_safety import ensure_demo_community_safety
from tests.conftest import axe_violations, sign_in

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asb_iom_and_marac_pages_in_a_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    ensure_demo_community_safety(seed=5, as_of=date(2026, 9, 30))
    officer = make_user("iom-officer", roles.PERFORMANCE_ANALYST)
    officer.groups.add(Group.objects.get_or_create(name=IOM_GROUP)[0])
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, "iom-officer")

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

    page.goto("/community-safety/marac/")
    assert page.locator("[data-marac-quarters] tbody tr").count() >= 8
    assert page.locator("[data-meeting]").count() == 6
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "marac.png"), full_page=True)
