"""A complaint's learning in a real browser: the officer records the learning and its action, choosing
the improvement-plan line it serves; the complaint page names the line, and the line's lead sees the
learning on the plan side (the plan line's tracker action).

Screenshots: tests/artifacts/complaint-learning-link.png, plan-line-complaint-learning.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.complaints import services as c
from continuum.core import roles
from continuum.improvement import services as plans
from continuum.improvement.keys import DEFAULT_KEY
from continuum.improvement.models import RagKey
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learning_linked_to_a_plan_line_shows_on_both_sides(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-01-20"
    officer = make_user("demo-complaints", roles.COMPLAINTS_OFFICER)
    lead = make_user("cl-lead", roles.TEAM_MANAGER)
    lead.first_name, lead.last_name = "Tam", "Lead"
    lead.save()
    plan = plans.create_plan(
        title="Children's Services Improvement Plan",
        owner_body="Children's Services",
        owner=lead,
        starts=date(2024, 4, 1),
        ends=date(2026, 3, 31),
        key=RagKey.objects.get(code=DEFAULT_KEY),
    )
    plans.add_lead(plan, "TL", lead)
    objective = plans.add_objective(plans.add_priority(plan, title="Communication with families"), "Calls")
    line = plans.add_plan_action(
        objective,
        ref="T1",
        text="Return every call from a parent within one working day",
        lead_text="TL",
        delivery_text="June 2025",
        rag="G",
        by=lead,
        rated_on=date(2024, 5, 1),
    )
    complaint = c.record_complaint(
        procedure="statutory",
        received=date(2024, 12, 2),
        complainant_name="Pat Example",
        complainant_type="parent",
        category="communication",
        service_area="social_care",
        summary="Calls to the social worker were not returned.",
        by=officer,
        author=lead,
    )

    sign_in(page, "demo-complaints")
    page.wait_for_url("**/")
    page.goto(f"/complaints/{complaint.pk}/")
    page.get_by_label("What was learnt").fill("Parents were not called back within a day.")
    page.get_by_label("Action to take").fill("Remind the team of the call-back standard")
    page.get_by_label("Action owner").select_option(label="Tam Lead")
    group = page.get_by_role("group", name="Action due by")
    group.get_by_label("Day").fill("28")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill("2025")
    page.get_by_label("The plan it serves (optional)").select_option(f"plan:{line.pk}")
    page.get_by_role("button", name="Record the learning and set the action").click()
    expect(page.get_by_text("linked to the plan it serves")).to_be_visible()
    serves = page.locator("[data-learning-actions] [data-serves]")
    expect(serves).to_contain_text("T1: Return every call from a parent within one working day")
    assert axe_problems(page) == []
    shot(page, "complaint-learning-link")

    page.context.clear_cookies()
    sign_in(page, "cl-lead")
    page.wait_for_url("**/")
    page.goto(reverse("improvement-action", args=[plan.pk, line.pk]))
    page.get_by_role("link", name="the action tracker").first.click()
    learning = page.locator("[data-complaint-learning]")
    expect(learning).to_contain_text(complaint.reference)
    expect(learning).to_contain_text("Remind the team of the call-back standard")
    assert axe_problems(page) == []
    shot(page, "plan-line-complaint-learning")
