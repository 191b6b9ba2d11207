"""The work trays, the child record and chronology and the IRO caseload reflow at 320 px (WCAG 1.4.10).

Testers measured these pages 415 to 606 px wide on a 320 px screen: their
tables pushed the whole page sideways. Each wide table now scrolls inside its
own labelled, focusable region (``.app-table-scroll``, as the dashboards do),
and the page itself is never wider than the screen. A hand-built record gives
every page rows to show: a child on a CP plan with visits, a child whose
assessment is overdue, a looked-after child with an IRO.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import Child, TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import TEST_PASSWORD, axe_violations, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AS_OF = date(2026, 11, 30)  # a Monday
START = date(2020, 1, 1)
NARROW = {"width": 320, "height": 640}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def registered(first: str, last: str, born: date = date(2016, 3, 1)) -> Child:
    return s.register_child(first_name=first, last_name=last, person_birth_date=born, by=None)


def cp_child(worker) -> Child:  # type: ignore[no-untyped-def]
    """On a CP plan since an ICPC on Thursday 3 September 2026, visited by ``worker`` now and then."""
    icpc_day = date(2026, 9, 3)
    sd_day = icpc_day - timedelta(days=7)
    child = registered("Alejandra", "Palacios-Fernández")
    episode = s.open_referral(child=child, cin_referral_date=sd_day, referral_source="6", by=None)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_day, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_day, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_day, outcome="plan", section47=s47, by=None)
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(cp_plan=plan, meeting_date=icpc_day + timedelta(days=1), by=None)
    for day in (date(2026, 9, 10), date(2026, 9, 24), date(2026, 10, 8), date(2026, 11, 19)):
        s.record_visit(
            child=child, kind="cp", visit_date=day, seen=True, seen_alone=True, worker=worker, by=None
        )
    return child


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    users = {
        "sw": make_user("narrow-sw", roles.SOCIAL_WORKER),
        "tm": make_user("narrow-tm", roles.TEAM_MANAGER),
        "iro": make_user("narrow-iro", roles.IRO_CP_CHAIR),
    }
    team = create_team(name="Intervention and Planning North", team_type=TeamType.INTERVENTION_PLANNING)
    reviewing = create_team(name="Independent Reviewing Service", team_type=TeamType.INTERVENTION_PLANNING)
    sw = create_worker(
        first_name="Frances", last_name="Edwards", start_date=START, team=team, user=users["sw"]
    )
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=START,
        team=team,
        role="team_manager",
        user=users["tm"],
    )
    iro = create_worker(
        first_name="Ira", last_name="Chair", start_date=START, team=reviewing, role="iro", user=users["iro"]
    )

    protected = cp_child(sw)
    s.allocate(child=protected, team=team, worker=sw, start_date=date(2026, 8, 27), by=None)
    s.allocate(child=protected, team=reviewing, worker=iro, role="iro", start_date=date(2026, 9, 3), by=None)
    late = registered("Cristea", "Niță")
    referral = AS_OF - timedelta(days=100)
    episode = s.open_referral(child=late, cin_referral_date=referral, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=referral, by=None)
    s.allocate(child=late, team=team, worker=sw, start_date=referral, by=None)
    looked_after = registered("Champak", "Nori", born=date(2012, 6, 15))
    s.start_cla_episode(
        child=looked_after, decom=date(2026, 11, 2), ls="C2", cin="N1", place="U1", in_borough=True, by=None
    )
    s.allocate(child=looked_after, team=team, worker=sw, start_date=date(2026, 11, 2), by=None)
    s.allocate(
        child=looked_after, team=reviewing, worker=iro, role="iro", start_date=date(2026, 11, 3), by=None
    )
    return {"users": users, "sw": sw, "protected": protected, "looked_after": looked_after}


def test_the_pages_testers_found_too_wide_fit_a_320_px_screen(world, page) -> None:  # type: ignore[no-untyped-def]
    protected, looked_after = world["protected"].pk, world["looked_after"].pk
    pages = {
        "narrow-sw": [
            "/work/",
            f"/children/{protected}/",
            f"/children/{protected}/chronology/",
            f"/children/{looked_after}/",
        ],
        "narrow-tm": ["/work/team/", f"/work/team/workers/{world['sw'].pk}/", "/work/conferences/"],
        "narrow-iro": ["/iro/caseload/"],
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(NARROW)
    found = {}
    for username, urls in pages.items():
        sign_in(page, username, TEST_PASSWORD)
        page.wait_for_selector("h1")
        for url in urls:
            page.goto(url)
            assert page.locator("main table").count() > 0, url
            # Every table is in a scroll region, and no region is empty of rows: the tables were filled.
            assert page.locator("main table").count() == page.locator(
                "main .app-table-scroll table"
            ).count() + (page.locator("main .app-child-banner table").count()), url
            found[url] = (page.evaluate("document.documentElement.scrollWidth"), axe_violations(page))
            name = url.strip("/").replace("/", "-") or "home"
            page.screenshot(path=str(ARTIFACTS / f"narrow-{name}.png"), full_page=True)
        page.context.clear_cookies()
    assert {url: width for url, (width, _) in found.items() if width > 320} == {}
    assert {url: v for url, (_, v) in found.items() if v} == {}


def test_a_wide_tray_scrolls_in_its_region_not_the_page(world, page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(NARROW)
    sign_in(page, "narrow-tm", TEST_PASSWORD)
    page.goto("/work/conferences/")
    region = page.get_by_role("region", name="Conferences and reviews due")
    assert region.get_attribute("tabindex") == "0"
    assert "Alejandra Palacios-Fernández" in region.inner_text()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table scrolls, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
