"""The remaining casework forms in a real browser: one child from a section 47 outcome to leaving care.

A team manager completes the enquiry, then, once the child is looked after,
records a change of legal status, previous permanence, the adoption decision
and the plan's next steps, a PEP, a health assessment, a dental check,
motherhood and the start of leaving-care duties. Every form is checked with
axe-core (empty, and with errors where the form can refuse) and photographed
into tests/artifacts/.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.journey import services as s
from continuum.journey.models import PEP, CareLeaver, CLAEpisode, DentalCheck, HealthAssessment, Section47
from continuum.looked_after.models import AdoptionPlan, Motherhood, PreviousPermanence
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date, open_form, save
from tests.web.test_casework_views import make_world
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refused(page, button: str, message: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Submit as it stands, see the refusal named, and check the page with its errors."""
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(message).first, message).to_be_visible()
    assert axe_problems(page) == [], name
    shot(page, f"casework-{name}-error")


def test_the_remaining_casework_forms_from_an_enquiry_to_leaving_care(page, make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user, with_cp_plan=True)
    child = world["child"]
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/")

    # 1. The section 47 enquiry's outcome, which says whether an initial conference is needed.
    open_form(page, "Complete the section 47 enquiry started", "s47-complete")
    refused(page, "Complete the enquiry", "Select the outcome of the section 47 enquiry", "s47-complete")
    fill_date(page, "completed_on", date(2024, 1, 25))
    page.get_by_label("Concerns substantiated, ICPC needed").check()
    save(page, "Complete the enquiry", child.pk)
    enquiry = Section47.objects.get(child=child)
    assert (enquiry.completed_on, enquiry.icpc_not_required) == (date(2024, 1, 25), False)

    # The child becomes looked after (its own form is tested elsewhere) and is a young woman.
    s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="V2", cin="N1", place="U6", in_borough=True, by=None
    )
    child.refresh_from_db()
    s.update_child(child=child, sex="F", expected_version=child.version, by=None)
    page.reload()

    # 2. A change of legal status alone.
    open_form(page, "Record a change of legal status", "legal-status")
    refused(page, "Save change of legal status", "Select the new legal status", "legal-status")
    fill_date(page, "on", date(2024, 4, 15))
    page.get_by_label("New legal status (LS)").select_option("C1")
    save(page, "Save change of legal status", child.pk)
    assert list(CLAEpisode.objects.filter(child=child).order_by("decom").values_list("rne", "ls")) == [
        ("S", "V2"),
        ("L", "C1"),
    ]

    # 3. Previous permanence for this period of care.
    open_form(page, "Record previous permanence", "previous-permanence")
    page.get_by_label("Z1 None").check()
    fill_date(page, "date_perm", date(2019, 6, 1))
    refused(
        page,
        "Save previous permanence",
        "Leave the date of the order blank: the child had no order (Z1)",
        "previous-permanence",
    )
    page.get_by_label("P2 Special guardianship order").check()
    save(page, "Save previous permanence", child.pk)
    assert PreviousPermanence.objects.get(child=child).prev_perm == "P2"

    # 4. The adoption decision, then the plan's next steps.
    open_form(page, "Record a decision to place for adoption", "adoption-decision")
    fill_date(page, "decided_on", date(2024, 4, 20))
    save(page, "Save decision", child.pk)
    open_form(page, "Record the next steps of the adoption plan", "adoption-plan")
    fill_date(page, "date_placed_ceased", date(2024, 5, 1))
    refused(
        page,
        "Save adoption plan",
        "Select the reason the child should no longer be placed: the decision needs its reason",
        "adoption-plan",
    )
    page.locator("#id_date_placed_ceased-day").fill("")
    page.locator("#id_date_placed_ceased-month").fill("")
    page.locator("#id_date_placed_ceased-year").fill("")
    fill_date(page, "date_placement_order", date(2024, 5, 14))
    save(page, "Save adoption plan", child.pk)
    assert AdoptionPlan.objects.get(child=child).date_placement_order == date(2024, 5, 14)

    # 5. Health and education.
    open_form(page, "Record a personal education plan meeting", "pep")
    fill_date(page, "pep_date", date(2024, 5, 2))
    save(page, "Save personal education plan", child.pk)
    open_form(page, "Record a health assessment", "health-assessment")
    fill_date(page, "assessment_date", date(2024, 5, 3))
    refused(page, "Save health assessment", "Select the type of health assessment", "health-assessment")
    page.get_by_label("Initial health assessment").check()
    save(page, "Save health assessment", child.pk)
    open_form(page, "Record a dental check", "dental-check")
    page.locator("#id_check_date-day").fill("31")
    page.locator("#id_check_date-month").fill("4")
    page.locator("#id_check_date-year").fill("2024")
    refused(
        page,
        "Save dental check",
        "Date of the dental check must be a real date: April 2024 has 30 days",
        "dental-check",
    )
    fill_date(page, "check_date", date(2024, 5, 7))
    save(page, "Save dental check", child.pk)
    assert [PEP.objects.count(), HealthAssessment.objects.count(), DentalCheck.objects.count()] == [1, 1, 1]

    # 6. Motherhood.
    open_form(page, "Record whether the young woman is a mother", "motherhood")
    fill_date(page, "recorded_on", date(2024, 6, 1))
    page.locator("#id_mother_1").check()
    save(page, "Save", child.pk)
    assert Motherhood.objects.get(child=child).mother is False

    # 7. Leaving-care duties start, with Kit as personal adviser.
    open_form(page, "Record as a care leaver", "care-leaver")
    refused(page, "Record as a care leaver", "Select the care leaver category", "care-leaver")
    page.get_by_label("Eligible (still looked after, 16–17)").check()
    fill_date(page, "start_date", date(2024, 6, 10))
    page.get_by_label("Personal adviser (optional)").select_option(str(world["kit"].pk))
    save(page, "Record as a care leaver", child.pk)
    leaver = CareLeaver.objects.get(child=child)
    assert (leaver.eligibility_category, leaver.personal_adviser) == ("eligible", world["kit"])
    assert axe_problems(page) == []
    shot(page, "casework-more-record-after")
