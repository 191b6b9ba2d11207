"""Work trays in a real browser: a social worker records a visit and the tray updates.

A child on a child protection plan has an overdue CP visit in "My work". The
social worker follows the link to the child's record, records the visit
through the record's form, comes back, and the overdue visit has gone. Every
page is checked with axe-core; screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import ROOT, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERDUE = re.compile(r"^Overdue$")
ARTIFACTS = ROOT / "tests" / "artifacts"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_recording_a_visit_clears_the_overdue_item_from_my_work(page, make_user) -> None:  # type: ignore[no-untyped-def]
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    user = make_user("social-worker", roles.SOCIAL_WORKER)
    manager = make_user("team-manager", roles.TEAM_MANAGER)
    iro_user = make_user("iro", roles.IRO_CP_CHAIR)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=user
    )
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=team,
        role="team_manager",
        user=manager,
    )
    iro = create_worker(first_name="Ira", last_name="Chair", start_date=date(2020, 1, 1), user=iro_user)
    today = timezone.localdate()
    icpc_day = today - timedelta(days=20)
    sd_day = icpc_day - timedelta(days=7)
    child = s.register_child(
        first_name="Cora", last_name="Planchild", person_birth_date=date(2016, 3, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=sd_day, referral_source="6", by=None)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_day, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_day, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_day, outcome="plan", section47=s47, by=None)
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(cp_plan=plan, meeting_date=icpc_day + timedelta(days=1), by=None)
    s.allocate(child=child, team=team, worker=worker, start_date=icpc_day, by=None)
    s.allocate(child=child, team=team, worker=iro, role="iro", start_date=icpc_day, by=None)
    # A child waiting for a worker, for the team view.
    waiting = s.register_child(
        first_name="Wren", last_name="Waitingchild", person_birth_date=date(2014, 1, 1), by=None
    )
    s.open_referral(child=waiting, cin_referral_date=today - timedelta(days=3), referral_source="6", by=None)
    s.allocate(child=waiting, team=team, start_date=today - timedelta(days=3), by=None)

    sign_in(page, "social-worker")
    page.wait_for_url("**/")
    page.get_by_role("link", name="My work").first.click()
    page.wait_for_url("**/work/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    overdue_visit = page.locator("tr", has_text="Child protection visit").filter(
        has=page.locator("strong.govuk-tag", has_text=OVERDUE)
    )
    assert overdue_visit.count() == 1
    assert axe_violations(page) == []
    shot(page, "worktray-mine-before")

    page.get_by_role("link", name="Overdue (").click()
    assert "status=overdue" in page.url
    assert page.locator("tbody tr", has_text="Cora Planchild").count() == 1
    assert axe_violations(page) == []

    overdue_row = page.locator("tr", has_text="Child protection visit").filter(
        has=page.locator("strong.govuk-tag", has_text=OVERDUE)
    )
    overdue_row.get_by_role("link", name="Cora Planchild").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Child protection visit").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.locator("#id_seen_0").check()
    page.locator("#id_seen_alone_0").check()
    page.get_by_role("button", name="Save visit").click()
    page.wait_for_url(f"**/children/{child.pk}/")

    page.goto("/work/")
    assert (
        page.locator("tr", has_text="Child protection visit")
        .filter(has=page.locator("strong.govuk-tag", has_text=OVERDUE))
        .count()
        == 0
    )
    # The next visit is now counted from today's: due, not overdue.
    assert page.locator("tr", has_text="Child protection visit").count() == 1
    assert axe_violations(page) == []
    shot(page, "worktray-mine-after")
    page.goto("/work/?status=overdue")
    expect(page.get_by_text("No items to show for the children you hold.")).to_be_visible()

    # The team manager's view, and the conferences due.
    page.context.clear_cookies()
    sign_in(page, "team-manager")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Team caseloads").first.click()
    page.wait_for_url("**/work/team/")
    assert (
        page.locator("tr", has_text="Sam Worker")
        .filter(has=page.locator("strong.govuk-tag", has_text="Below range"))
        .count()
        == 1
    )
    expect(page.get_by_role("link", name="Wren Waitingchild")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "worktray-team")
    page.goto("/work/conferences/")
    assert (
        page.locator("tr", has_text="Cora Planchild")
        .filter(has_text="First child protection review conference")
        .count()
        == 1
    )
    assert axe_violations(page) == []
    shot(page, "worktray-conferences")

    page.context.clear_cookies()
    sign_in(page, "iro")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Conferences and reviews due").first.click()
    page.wait_for_url("**/work/conferences/")
    assert page.locator("tr", has_text="Cora Planchild").count() == 1
    assert axe_violations(page) == []
