"""The complaints, partnership, SEND, community safety, access log, improvement plan, reports and
performance breakdown pages reflow at 320 px (WCAG 1.4.10).

Testers measured these pages 340 to 980 px wide on a 320 px screen: their tables (and the place
planning chart) pushed the whole page sideways. Each table now scrolls inside its own labelled,
focusable region (``.app-table-scroll``, as the dashboards do), the chart shrinks with the screen,
and the page itself is never wider than the screen. Each test builds a small record through the
services so that every page has rows to show, then reads each page at 320 px as a person would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from continuum.complaints import services as complaints
from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.improvement.models import Plan, PlanAction, PlanMeasure
from continuum.partnership import annual
from continuum.partnership import services as partnership
from continuum.partnership.models import Agency
from continuum.people.models import Child, TeamType
from continuum.people.services import create_team
from continuum.publishing.models import ReportVersion
from continuum.send import services as send
from continuum.send.models import EHCPlan, EHCRequest
from continuum.synth.community_safety import ensure_demo_community_safety
from continuum.synth.improvement import ensure_demo_improvement_plan
from continuum.web.dashboards.source import clear_cache
from tests.conftest import axe_violations, sign_in
from tests.partnership.board import make_board, meeting, seat
from tests.web.test_breakdowns import borough
from tests.web.test_dashboards import hand_built
from tests.web.test_place_planning import make_plans

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NARROW = {"width": 320, "height": 640}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
#: A word with no break in it, as a tester types into a free-text field: it must wrap, not widen.
LONG_WORD = "Supercalifragilisticexpialidocious-and-then-some-more-words-with-no-spaces"


def read_narrow(page, username: str, urls: list[str]) -> dict[str, tuple[int, int, int, list]]:  # type: ignore[no-untyped-def]
    """Sign in and read each page at 320 px: its width, its tables, those outside a scroll region,
    and axe's violations. A screenshot of each is kept to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.context.clear_cookies()
    page.set_viewport_size(NARROW)
    sign_in(page, username)
    page.wait_for_selector("h1")
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        tables = page.locator("main table").count()
        loose = tables - page.locator("main .app-table-scroll table").count()
        found[url] = (
            page.evaluate("document.documentElement.scrollWidth"),
            tables,
            loose,
            axe_violations(page),
        )
        name = url.strip("/").split("?")[0].replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"narrow-{name}.png"), full_page=True)
    return found


def assert_fits(found: dict[str, tuple[int, int, int, list]]) -> None:
    """Every page has a table to show (the records were built), none is wider than the screen,
    every table is in a scroll region, and axe finds nothing."""
    assert {url: tables for url, (_, tables, _, _) in found.items() if tables == 0} == {}
    assert {url: width for url, (width, _, _, _) in found.items() if width > 320} == {}
    assert {url: loose for url, (_, _, loose, _) in found.items() if loose} == {}
    assert {url: v for url, (_, _, _, v) in found.items() if v} == {}


def test_the_complaints_pages_fit_a_320_px_screen(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-11-30"
    officer = make_user("narrow-complaints", roles.COMPLAINTS_OFFICER)
    manager = make_user("narrow-manager", roles.TEAM_MANAGER)
    manager.first_name, manager.last_name = "Siobhán", "O'Connor-Ramírez"
    manager.save()
    team = create_team(name="Intervention and Planning North", team_type=TeamType.INTERVENTION_PLANNING)
    complaint = complaints.record_complaint(
        procedure="statutory",
        received=date(2026, 11, 23),
        complainant_name="Zoë Ó Briain-Nakamura",
        complainant_type="parent",
        category="communication",
        service_area="social_care",
        summary=f"Calls were not returned. {LONG_WORD}",
        by=officer,
        author=manager,
    )
    complaints.add_learning(
        complaint,
        learning="Return calls within a working day.",
        what=f"Brief the team on returning calls {LONG_WORD}",
        owner=manager,
        due=date(2027, 1, 15),
        by=officer,
    )
    complaints.record_compliment(
        received=date(2026, 11, 2),
        team=team,
        from_type="parent",
        summary=f"Thank you for listening. {LONG_WORD}",
        by=officer,
    )
    complaints.record_enquiry(
        received=date(2026, 11, 25),
        member="Cllr Ngozi Adébáyọ̀",
        summary=f"Why no reply? {LONG_WORD}",
        by=officer,
    )
    found = read_narrow(
        page,
        "narrow-complaints",
        [
            "/complaints/",
            "/complaints/all/",
            f"/complaints/{complaint.pk}/",
            "/complaints/compliments/",
            "/complaints/enquiries/",
            "/complaints/figures/",
        ],
    )
    assert_fits(found)


def test_the_partnership_pages_fit_a_320_px_screen(page, make_user, settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("shutil.which", lambda name: None)  # no office suite to convert papers
    settings.CONTINUUM_REPORT_DIR = tmp_path
    settings.CONTINUUM_AS_OF = "2026-11-30"
    manager = make_user("narrow-board", roles.BOARD_MEMBER)
    manager.first_name, manager.last_name = "Maya", "Manager"
    manager.save()
    writer = make_user("narrow-writer", roles.PARTNER_MEMBER)
    body = make_board(manager)
    last = meeting(body, 2026, 9, 10)
    item = partnership.add_item(last, title="Neglect strategy", presenter="Head of early help")
    partnership.write_minute(item, text="The strategy was presented.", decision="Agreed", by=manager)
    for name in ("Ann Chair", "Bob Director", "Cath Nurse", "Dan Inspector"):
        partnership.record_attendance(last, seat(body, name), status="present")
    partnership.record_attendance(last, seat(body, "Eve Head"), status="apologies")
    partnership.set_action(
        item, what=f"Report back {LONG_WORD}", owner=manager, due=date(2026, 12, 10), by=manager
    )
    now = meeting(body, 2026, 12, 10)
    partnership.add_item(now, title="Annual report", presenter="Business manager")
    partnership.publish(now, by=manager)
    report = annual.start_report(body, year=2025)
    annual.add_chapter(
        report, title="Health", organisation="Health", owner=writer, due_on=date(2026, 6, 1), by=manager
    )
    course = partnership.add_course(title="Neglect", held_on=date(2026, 5, 12), trainer="Partnership trainer")
    partnership.book(course, name="Delegate One", organisation="Riverside Primary", agency=Agency.EDUCATION)
    found = read_narrow(
        page,
        "narrow-board",
        [
            "/partnership/",
            f"/partnership/bodies/{body.pk}/",
            f"/partnership/meetings/{now.pk}/",
            f"/partnership/meetings/{now.pk}/pack/",
            f"/partnership/meetings/{last.pk}/minutes/",
            f"/partnership/bodies/{body.pk}/actions/",
            f"/partnership/bodies/{body.pk}/attendance/",
            f"/partnership/bodies/{body.pk}/membership/",
            "/partnership/training/",
            f"/partnership/training/courses/{course.pk}/",
            f"/partnership/annual-reports/{report.pk}/",
        ],
    )
    assert_fits(found)


def test_the_send_pages_fit_a_320_px_screen(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    caseworker = make_user("narrow-send", roles.SEND_CASEWORKER, roles.PERFORMANCE_ANALYST)
    make_plans()  # census days behind the place planning page
    child = Child.objects.create(la_child_id="SEND-N1", person_birth_date=date(2015, 6, 6))
    request = EHCRequest.objects.create(
        child=child, requested_by="parent", received_on=date(2026, 9, 7), caseworker=caseworker
    )
    send.record_decision_to_assess(request, "assess", date(2026, 10, 5))
    plan = EHCPlan.objects.create(
        child=Child.objects.create(la_child_id="SEND-N2", person_birth_date=date(2015, 3, 3)),
        issued_on=date(2025, 5, 19),
        primary_need="ASD",
        setting_name="Riverside Primary",
        setting_type="mainstream",
    )
    send.record_review(plan, date(2025, 11, 10), "amend")
    send.record_transfer(plan, "primary", "secondary", 2027)
    found = read_narrow(
        page,
        "narrow-send",
        [
            "/send/",
            f"/send/requests/{request.pk}/",
            f"/send/plans/{plan.pk}/",
            "/send/reviews/",
            "/send/transfers/",
            "/send/places/",
        ],
    )
    assert_fits(found)


def test_the_community_safety_pages_fit_a_320_px_screen(page, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    ensure_demo_community_safety(seed=5, as_of=date(2026, 9, 30))
    make_user("narrow-iom", roles.PERFORMANCE_ANALYST, roles.IOM_OFFICER)
    found = read_narrow(
        page,
        "narrow-iom",
        [
            "/community-safety/iom/?on=2026-09-30&since=2026-06-01",
            "/community-safety/crime-summary/",
            "/community-safety/marac/",
            "/community-safety/asb/",
            "/community-safety/action-plan/",
        ],
    )
    assert_fits(found)


def test_the_access_log_fits_a_320_px_screen(page, make_user) -> None:  # type: ignore[no-untyped-def]
    sw = make_user("narrow-sw", roles.SOCIAL_WORKER)
    make_user("narrow-admin", roles.SYSTEM_ADMINISTRATOR)
    AccessLogEntry.objects.create(user=sw, action="child.view", record_type="child", record_id="7")
    AccessLogEntry.objects.create(
        user=sw, action="break_glass", record_type="child", record_id="7", reason=LONG_WORD, flagged=True
    )
    assert_fits(read_narrow(page, "narrow-admin", ["/audit/"]))


def test_the_improvement_plan_pages_fit_a_320_px_screen(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-11-30"
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    make_user("demo-team-manager", roles.TEAM_MANAGER)
    ensure_demo_improvement_plan(seed=1, as_of=date(2026, 11, 30))
    # Keep the measures the hand-built tables can answer (the demo links many more).
    PlanMeasure.objects.exclude(indicator="mash_decision_1wd").delete()
    plan = Plan.objects.get()
    action = PlanAction.objects.filter(measures__isnull=False).first()
    assert action is not None
    found = read_narrow(
        page,
        "demo-team-manager",
        [
            "/improvement/",
            f"/improvement/{plan.pk}/",
            f"/improvement/{plan.pk}/dashboard/",
            f"/improvement/{plan.pk}/report/",
            f"/improvement/{plan.pk}/actions/{action.pk}/",
        ],
    )
    clear_cache()
    assert_fits(found)


def test_the_reports_list_fits_a_320_px_screen(page, make_user, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_REPORT_DIR = tmp_path
    settings.CONTINUUM_AS_OF = "2026-11-30"
    analyst = make_user("narrow-analyst", roles.PERFORMANCE_ANALYST)
    for number in (1, 2):
        ReportVersion.objects.create(
            kind="performance-matters",
            period="2026-10",
            number=number,
            status="ready",
            files={"pdf": "report.pdf"},
            requested_by=analyst,
        )
    assert_fits(read_narrow(page, "narrow-analyst", ["/reports/"]))


def test_the_performance_breakdowns_fit_a_320_px_screen(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = borough
    clear_cache()
    make_user("narrow-member", roles.BOARD_MEMBER)
    found = read_narrow(
        page,
        "narrow-member",
        [
            "/performance/children-in-care/cla_rate/breakdowns/?period=2024-25",
            "/performance/children-in-care/cla_rate/disproportionality/?period=2024-25",
        ],
    )
    clear_cache()
    assert_fits(found)


def test_a_wide_table_scrolls_in_its_region_not_the_page(page, make_user) -> None:  # type: ignore[no-untyped-def]
    """The crime summary (937 px wide for the testers) scrolls inside its named region."""
    make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    ensure_demo_community_safety(seed=5, as_of=date(2026, 9, 30))
    page.set_viewport_size(NARROW)
    sign_in(page, "demo-analyst")
    page.wait_for_selector("h1")
    page.goto("/community-safety/crime-summary/")
    region = page.get_by_role("region", name="Police-recorded crime against the same months a year before")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table scrolls, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_place_planning_chart_shrinks_to_the_screen(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    """The chart (788 px wide for the testers) is drawn no wider than the screen's content."""
    settings.CONTINUUM_AS_OF = "2026-12-06"
    make_user("narrow-places", roles.PERFORMANCE_ANALYST)
    make_plans()
    page.set_viewport_size(NARROW)
    sign_in(page, "narrow-places")
    page.wait_for_selector("h1")
    page.goto("/send/places/")
    width = page.locator("[data-chart]").evaluate("c => c.getBoundingClientRect().width")
    assert 0 < width <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
