"""Access pages in a real browser, checked with axe-core: break glass from the MASH, then QA's review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import LegitimateRelationship, RestrictedRecord
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_break_glass_from_the_queue_then_qa_reviews_and_manages_access(page, make_user) -> None:  # type: ignore[no-untyped-def]
    team = create_team(name="Intervention East", team_type=TeamType.INTERVENTION_PLANNING)
    manager = make_user("east-manager", roles.TEAM_MANAGER)
    create_worker(first_name="Eve", last_name="East", start_date=date(2020, 1, 1), team=team, user=manager)
    make_user("qa-officer", roles.QA_OFFICER)
    iro = make_user("iro-chair", roles.IRO_CP_CHAIR)
    child = s.register_child(
        first_name="Ada", last_name="Testchild", person_birth_date=date(2015, 6, 1), by=None
    )
    contact = s.record_contact(
        child=child,
        received_at=timezone.now() - timedelta(hours=1),
        referral_source="6",
        consent="obtained",
        by=None,
    )

    # 1. A manager outside the MASH sees the contact without the child's name, and breaks the glass.
    sign_in(page, "east-manager")
    page.wait_for_url("**/")
    page.goto("/mash/")
    assert "Testchild" not in page.content()
    assert axe_problems(page) == []
    page.get_by_role("link", name=f"Say why you need to see contact {contact.pk}").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/break-glass/")
    assert axe_problems(page) == []
    page.get_by_label("Why do you need to see this record?").fill(
        "Synthetic: duty cover for the MASH manager."
    )
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/")
    assert "Testchild" in page.content()
    assert axe_problems(page) == []

    # 2. The QA officer reviews it, records a relationship and restricts the record.
    page.context.clear_cookies()
    sign_in(page, "qa-officer")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Who may see which child").first.click()
    page.wait_for_url("**/access/")
    assert axe_problems(page) == []
    page.get_by_role("link", name="Break-glass accesses for review").click()
    assert "Synthetic: duty cover for the MASH manager." in page.content()
    assert axe_problems(page) == []
    shot(page, "access-break-glass-review")

    page.goto("/access/relationships/new/")
    page.get_by_role("button", name="Record the relationship").click()
    assert page.title().startswith("Error:")
    assert axe_problems(page) == []
    page.get_by_label("Member of staff").select_option(str(iro.pk))
    page.get_by_label("Child's LAchildID").fill(child.la_child_id)
    page.get_by_label("Reason").fill("Synthetic: chair of the ICPC")
    today = timezone.localdate()
    page.locator("#id_start_date-day").fill(str(today.day))
    page.locator("#id_start_date-month").fill(str(today.month))
    page.locator("#id_start_date-year").fill(str(today.year))
    page.get_by_role("button", name="Record the relationship").click()
    page.wait_for_url("**/access/relationships/")
    assert LegitimateRelationship.objects.get().user == iro
    assert axe_problems(page) == []
    page.get_by_role("link", name="End").first.click()
    assert axe_problems(page) == []

    page.goto("/access/restricted/new/")
    page.get_by_role("button", name="Restrict the record").click()
    assert axe_problems(page) == []
    page.get_by_label("Child's LAchildID").fill(child.la_child_id)
    page.get_by_label("Reason for restricting the record").fill("Synthetic: a member of staff's child")
    page.get_by_label("iro-chair").check()
    page.get_by_role("button", name="Restrict the record").click()
    page.wait_for_url("**/access/restricted/")
    assert list(RestrictedRecord.objects.get().named_users.all()) == [iro]
    assert axe_problems(page) == []
    page.get_by_role("link", name="Change").first.click()
    assert axe_problems(page) == []
    shot(page, "access-restriction")
