"""The child record in a real browser: a social worker opens a child, records a visit, sees the chronology.

Every page on the way is checked with axe-core; so are the break-glass form,
the search page and the access log.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.models import Visit
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_social_worker_records_a_visit_and_sees_it_in_the_chronology(page, make_user) -> None:  # type: ignore[no-untyped-def]
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    user = make_user("social-worker", roles.SOCIAL_WORKER)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=user
    )
    child = s.register_child(
        first_name="Ada", last_name="Browserchild", person_birth_date=date(2015, 6, 1), by=None
    )
    referral = timezone.localdate() - timedelta(days=30)
    episode = s.open_referral(child=child, cin_referral_date=referral, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=referral, by=None)
    s.allocate(child=child, team=team, worker=worker, start_date=referral, by=None)

    sign_in(page, "social-worker")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Find a child").first.click()
    page.get_by_label("Last name (optional)").wait_for()  # axe on the search page, not the one it leaves
    assert axe_problems(page) == []
    page.get_by_label("Last name (optional)").fill("Browserchild")
    page.get_by_role("button", name="Search").click()
    assert "/children/search/" in page.url
    assert "Browserchild" not in page.url
    assert axe_problems(page) == []
    page.get_by_role("link", name="Ada Browserchild").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Ada Browserchild")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "child-record")

    page.get_by_role("link", name="Record a visit").click()
    page.wait_for_url(f"**/children/{child.pk}/visits/new/")  # axe on the form, not on the page it leaves
    assert axe_problems(page) == []
    # An impossible date first: refused with the reason, nothing lost.
    page.get_by_label("Child in need visit").check()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2024")
    page.locator("#id_seen_0").check()
    page.locator("#id_seen_alone_0").check()
    page.get_by_role("button", name="Save visit").click()
    assert page.get_by_text(
        "Date of the visit must be a real date: April 2024 has 30 days"
    ).first.is_visible()
    assert page.get_by_label("Child in need visit").is_checked()
    assert axe_problems(page) == []
    shot(page, "child-visit-error")
    visit_day = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Day").fill(str(visit_day.day))
    page.get_by_label("Month").fill(str(visit_day.month))
    page.get_by_label("Year").fill(str(visit_day.year))
    page.get_by_role("button", name="Save visit").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    expect(page.get_by_text("Child in need visit on").first).to_be_visible()
    assert Visit.objects.filter(child=child, visit_date=visit_day, seen=True, seen_alone=True).exists()

    page.get_by_role("link", name="Chronology").click()
    page.wait_for_url(f"**/children/{child.pk}/chronology/")
    expect(page.get_by_role("cell", name="Child in need visit: child seen")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("link", name="Family and household").click()
    page.wait_for_url(f"**/children/{child.pk}/family/")
    assert axe_problems(page) == []


def test_break_glass_and_access_log_pages_are_accessible(page, make_user) -> None:  # type: ignore[no-untyped-def]
    child = s.register_child(
        first_name="Bo", last_name="Glasschild", person_birth_date=date(2014, 1, 1), by=None
    )
    make_user("qa-officer", roles.QA_OFFICER)
    sign_in(page, "qa-officer")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/")
    page.wait_for_url(f"**/children/{child.pk}/break-glass/**")
    assert "Glasschild" not in page.content()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text("Enter why you need to see this record").first).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Why do you need to see this record?").fill("Case file audit, March cycle")
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Bo Glasschild")).to_be_visible()
    assert axe_problems(page) == []
    page.goto("/audit/?flagged=on")
    expect(page.get_by_role("cell", name="Case file audit, March cycle")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "audit-log")
