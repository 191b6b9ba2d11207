"""The improvement plan in a real browser: the plan owner moves an action from G to A with its
mitigation, sees it in the RAG history, and the committee report shows it off track and as a change.

Screenshots: tests/artifacts/improvement-plan.png, improvement-rag-history.png, improvement-report.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.models import PlanAction, PlanMeasure
from continuum.synth.improvement import ensure_demo_improvement_plan
from continuum.web.dashboards.source import clear_cache
from tests.conftest import sign_in
from tests.web.test_dashboards import hand_built
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = date(2026, 11, 30)
MITIGATION = "Two practice leads left; agency cover starts in January and the audit is re-planned"


def test_an_action_moves_g_to_a_and_the_committee_report_shows_it(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built  # front-door figures with a known month (July 2024)
    clear_cache()
    owner = make_user("demo-team-manager", roles.TEAM_MANAGER)
    owner.first_name, owner.last_name = "Hana", "Service"
    owner.save()
    ensure_demo_improvement_plan(seed=1, as_of=AS_OF)
    # Keep the measures the hand-built tables can answer (the demo links many more).
    PlanMeasure.objects.exclude(indicator="mash_decision_1wd").delete()
    services.link_measure(PlanAction.objects.get(ref="2a(i)"), "contacts")
    line = PlanAction.objects.filter(rag__code="G").order_by("order").first()
    assert line is not None

    sign_in(page, "demo-team-manager")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Improvement plan").first.click()
    page.get_by_role("link", name="Children's Services Improvement Plan").click()
    expect(page.get_by_role("heading", name="Delivery and impact")).to_be_visible()
    measures = page.locator("[data-measures]")
    assert measures.locator("[data-indicator=mash_decision_1wd]").inner_text().split("\t")[2] == "75.0%"
    assert "worse than" in measures.locator("[data-indicator=mash_decision_1wd]").inner_text()
    assert axe_problems(page) == []
    shot(page, "improvement-plan")

    page.locator(f"[data-ref='{line.ref}'] a").click()
    assert page.locator("[data-rag-history] caption").inner_text() == "RAG history"
    page.get_by_label("A: Action unlikely to meet timescales, but plan in place to deliver").check()
    page.get_by_role("button", name="Save the RAG").click()
    assert page.get_by_role(
        "link", name="Say why the action is A (off track, plan in place) and what is being done"
    ).is_visible()
    assert axe_problems(page) == []
    page.get_by_label("A: Action unlikely to meet timescales, but plan in place to deliver").check()
    page.get_by_label("Why, and what is being done about it? (needed for amber or red)").fill(MITIGATION)
    page.get_by_role("button", name="Save the RAG").click()
    expect(page.get_by_text(f"{line.ref} is now rated A.")).to_be_visible()
    history = page.locator("[data-rag-history] tbody tr").first
    assert MITIGATION in history.inner_text()
    assert "30 November 2026" in history.inner_text()
    assert "Hana Service" in history.inner_text()
    assert axe_problems(page) == []
    shot(page, "improvement-rag-history")

    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Committee report (PDF and Word)").click()
    off_track = page.locator("[data-report-off-track]").get_by_role("row").filter(has_text=MITIGATION)
    assert off_track.locator("th").inner_text() == line.ref
    change = page.locator("[data-report-changes]").get_by_role("row").filter(has_text=MITIGATION)
    assert change.locator("td").nth(3).inner_text() == "slipped"
    assert (
        page.get_by_role("caption")
        .filter(has_text="RAG changes from 30 September 2026 to 30 November 2026")
        .is_visible()
    )
    assert axe_problems(page) == []
    shot(page, "improvement-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename.endswith("2026-11-30.pdf")


def test_the_owner_writes_the_plan_reads_the_dashboard_and_my_actions_moves_the_rag(  # type: ignore[no-untyped-def]
    page, make_user, settings
) -> None:
    """The head of service (the demo plan's owner and its lead "HS"): the dashboard, an action added
    (its errors first), reworded, then marked done in "My actions", which rates it C on the plan."""
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    owner = make_user("demo-head-of-service", roles.TEAM_MANAGER)
    owner.first_name, owner.last_name = "Hari", "Head"
    owner.save()
    ensure_demo_improvement_plan(seed=1, as_of=AS_OF)
    PlanMeasure.objects.exclude(indicator="mash_decision_1wd").delete()

    sign_in(page, "demo-head-of-service")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Improvement plan").first.click()
    page.get_by_role("link", name="Children's Services Improvement Plan").click()
    page.get_by_role("link", name="Improvement dashboard: delivery beside impact, by priority").click()
    expect(page.get_by_role("heading", name="Improvement dashboard: delivery beside impact")).to_be_visible()
    front_door = page.locator("[data-priority='2']")
    assert (
        front_door.locator("[data-impact] [data-indicator=mash_decision_1wd] td").first.inner_text()
        == "75.0%"
    )
    assert front_door.locator("[data-delivery] [data-ref='2a(i)']").count() == 1
    assert axe_problems(page) == []
    shot(page, "improvement-dashboard")
    front_door.locator("[data-impact] [data-indicator=mash_decision_1wd] th a").click()
    expect(page.get_by_role("heading", name="Headline figures")).to_be_visible()  # the front-door dashboard

    page.go_back()
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Add an action to objective 1.1").click()
    page.get_by_label("ID", exact=True).fill("T1")
    page.get_by_label("Lead", exact=True).fill("ZZ")
    page.get_by_label("Date of delivery", exact=True).fill("Soonish")
    page.get_by_role("button", name="Add the action").click()
    expect(
        page.get_by_role("link", name='The ID "T1" is already used by another action of this plan')
    ).to_be_visible()
    expect(page.get_by_role("link", name="Enter the action", exact=True)).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "improvement-action-form")
    page.get_by_label("ID", exact=True).fill("T9")
    page.get_by_label("Action", exact=True).fill("Publish the practice standards with partners")
    page.get_by_label("Lead", exact=True).fill("HS")
    page.get_by_label("Date of delivery", exact=True).fill("December 2026")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("T9 is added to the plan.")).to_be_visible()
    page.get_by_role("link", name="Change T9's wording, lead or date of delivery").click()
    page.get_by_label("Action", exact=True).fill("Publish the practice standards with every partner")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("The action T9 is changed.")).to_be_visible()
    assert "Publish the practice standards with partners" in page.locator("[data-plan-edits]").inner_text()

    page.goto("/actions/")
    page.get_by_role("link", name="Publish the practice standards with every partner").click()
    page.get_by_label("It is done").check()
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Action marked done.")).to_be_visible()
    page.get_by_role("link", name="Children's Services Improvement Plan, T9").click()
    expect(page.locator("h1")).to_contain_text("T9 C")
    latest = page.locator("[data-rag-history] tbody tr").first
    assert 'Marked done in "My actions"' in latest.inner_text()
    assert "Hari Head" in latest.inner_text()
    assert axe_problems(page) == []
    shot(page, "improvement-my-actions-done")
