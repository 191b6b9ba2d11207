"""A team manager opens a worker's page, records their supervision, and a head of service switches teams.

Real browser, axe on every page; screenshots of the pages the issue names: tests/artifacts/worker.png,
supervision.png (the form filled in), supervision-record.png, authorisations.png, warnings.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.core.models import HeadOfServiceTeam
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import signoff, warnings
from continuum.practice.models import SupervisionChild, WarningType
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = date(2026, 11, 30)


def test_worker_page_supervision_tray_and_head_of_service(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("sw", roles.SOCIAL_WORKER)
    tm = make_user("tm", roles.TEAM_MANAGER)
    head = make_user("head", roles.HEAD_OF_SERVICE)
    north = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Intervention South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=north, user=sw
    )
    create_worker(
        first_name="Tess",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=north,
        role="team_manager",
        user=tm,
    )
    create_worker(first_name="Sue", last_name="South", start_date=date(2020, 1, 1), team=south)
    for team in (north, south):
        HeadOfServiceTeam.objects.create(user=head, team_id=team.pk)
    child = s.register_child(
        first_name="Ava", last_name="Supervised", person_birth_date=date(2015, 1, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=child, team=north, worker=worker, start_date=date(2026, 11, 2), by=None)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2026, 11, 3), worker=worker, by=None
    )
    signoff.submit(
        child=child,
        kind="assessment",
        record_id=assessment.pk,
        by=sw,
        summary="Neglect of basic care; a CIN plan will help.",
        proposed={"child_seen": True, "outcome": "cin_plan", "assessment_factors": ["2A"]},
    )
    warnings.raise_warning(
        child=child,
        warning_type=WarningType.objects.get(code="interpreter-needed"),
        details="Mother speaks Tigrinya.",
        by=sw,
    )

    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto("/authorisations/")
    expect(page.get_by_text("Assessment started 3 Nov 2026")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "authorisations")
    page.goto("/work/team/")
    page.get_by_role("link", name="Sam Worker").click()
    expect(page.get_by_text("Below range")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "worker")
    page.get_by_role("link", name="Supervision records").click()
    page.get_by_role("link", name="Record a supervision").click()
    page.get_by_role("button", name="Save supervision").click()
    assert page.get_by_role(
        "link", name="Enter the reflective discussion or a child discussed"
    ).is_visible() or (page.locator(".govuk-error-summary").is_visible())
    assert axe_problems(page) == []
    fill_date(page, "held_on", date(2026, 11, 27))
    page.get_by_label("Reflective discussion").fill("Sam reflected on a hard visit; workload manageable.")
    page.locator("#id_child_1").select_option(str(child.pk))
    page.locator("#id_discussion_1").fill("Mother missed two appointments.")
    page.locator("#id_decisions_1").fill("Unannounced visit this week; refer to family support.")
    page.locator("#id_action_1").fill("Unannounced home visit")
    fill_date(page, "action_due_1", date(2026, 12, 4))
    assert axe_problems(page) == []
    shot(page, "supervision")
    page.get_by_role("button", name="Save supervision").click()
    expect(page.get_by_text("Supervision recorded.")).to_be_visible()
    assert SupervisionChild.objects.filter(child=child).exists()
    assert axe_problems(page) == []
    shot(page, "supervision-record")

    # The child's record shows the warning on every page, and the supervision decision as a note.
    page.goto(f"/children/{child.pk}/warnings/")
    expect(page.get_by_text("Interpreter needed: Mother speaks Tigrinya.").first).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "warnings")

    # A head of service switches between the teams of their service.
    page.context.clear_cookies()
    sign_in(page, "head")
    page.wait_for_url("**/")
    page.goto("/work/team/")
    page.get_by_label("Team").select_option(str(south.pk))
    page.get_by_role("button", name="Show team").click()
    expect(page.get_by_role("heading", name="Team caseloads: Intervention South")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "head-of-service-team")
