"""The journey's casework forms in a real browser, one child from allocation to leaving care.

A team manager allocates the case, starts an assessment, brings the child into
care, moves the placement, records a review, a missing episode and its
return, and a contact once the young person is a care leaver. Every form is
checked with axe-core, empty and with errors, and photographed into
tests/artifacts/.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.journey import services as s
from continuum.journey.models import (
    Assessment,
    CareLeaverContact,
    CLAEpisode,
    CLAReview,
    MissingEpisode,
)
from continuum.people.models import Allocation
from tests.conftest import sign_in
from tests.web.test_casework_views import make_world
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, prefix: str, value: date) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#id_{prefix}-day").fill(str(value.day))
    page.locator(f"#id_{prefix}-month").fill(str(value.month))
    page.locator(f"#id_{prefix}-year").fill(str(value.year))


def open_form(page, link: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Follow a link from the record to a form and check the empty form."""
    page.get_by_role("link", name=link).first.click()
    assert axe_problems(page) == [], name
    shot(page, f"casework-{name}")


def save(page, button: str, child_pk: int) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**/children/{child_pk}/")


def test_a_case_from_allocation_to_leaving_care(page, make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/")

    # 1. Allocate to Kit; an impossible date first, refused with the reason and nothing lost.
    open_form(page, "Allocate the case to a worker", "allocate")
    page.get_by_label("Worker", exact=True).select_option(str(world["kit"].pk))
    page.locator("#id_start_date-day").fill("31")
    page.locator("#id_start_date-month").fill("6")
    page.locator("#id_start_date-year").fill("2024")
    page.get_by_role("button", name="Allocate").click()
    assert page.get_by_text(
        "Date the worker takes the case must be a real date: June 2024 has 30 days"
    ).first.is_visible()
    assert page.get_by_label("Worker", exact=True).input_value() == str(world["kit"].pk)
    assert axe_problems(page) == []
    shot(page, "casework-allocate-error")
    fill_date(page, "start_date", date(2024, 1, 15))
    page.get_by_label("Why the case is changing worker").select_option("MANAGE")
    save(page, "Allocate", child.pk)
    expect(page.get_by_text("Case allocated to Kit Second.")).to_be_visible()
    current = Allocation.objects.get(child=child, end_date__isnull=True)
    assert (current.worker, current.start_date) == (world["kit"], date(2024, 1, 15))

    # 2. Start an assessment: it goes to Kit, who holds the case on that day.
    open_form(page, "Start an assessment", "assessment-start")
    fill_date(page, "assessment_actual_start_date", date(2024, 1, 16))
    save(page, "Start assessment", child.pk)
    assert Assessment.objects.get(child=child).worker == world["kit"]

    # 3. The child becomes looked after.
    open_form(page, "Start to be looked after", "cla-start")
    page.get_by_role("button", name="Start to be looked after").click()
    expect(page.get_by_text("Select the legal status").first).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "casework-cla-start-error")
    fill_date(page, "decom", date(2024, 3, 1))
    page.get_by_label("Legal status (LS)").select_option("V2")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Placement type (PLACE)").select_option("U6")
    page.locator("#id_in_borough_0").check()
    page.get_by_label("Placement postcode (optional)").fill("SE1 7QP")
    save(page, "Start to be looked after", child.pk)

    # 4. A change of placement splits the episode.
    open_form(page, "Record a change of placement", "placement-change")
    fill_date(page, "on", date(2024, 5, 20))
    page.get_by_label("P Change of placement and carer(s) only").check()
    page.get_by_label("Reason for the change").select_option("CARPL")
    page.get_by_label("Placement type (PLACE)").select_option("K2")
    page.locator("#id_in_borough_1").check()
    save(page, "Save change of placement", child.pk)
    assert list(
        CLAEpisode.objects.filter(child=child).order_by("decom").values_list("place", "dec", "rec")
    ) == [
        ("U6", date(2024, 5, 20), "X1"),
        ("K2", None, ""),
    ]

    # 5. A looked-after review.
    open_form(page, "Record a looked-after review", "cla-review")
    fill_date(page, "review", date(2024, 5, 29))
    page.get_by_label("Child attends and speaks for themselves").check()
    save(page, "Save review", child.pk)
    assert CLAReview.objects.get(child=child).review == date(2024, 5, 29)

    # 6. Absent from the placement, then the return and the interview offer.
    open_form(page, "Record a missing or absent episode", "missing")
    page.get_by_label("A Away from placement without authorisation (absent)").check()
    page.get_by_label("Placement out of borough").check()
    fill_date(page, "start_date", date(2024, 6, 3))
    page.get_by_label("Time the child went missing").fill("22:15")
    save(page, "Save missing episode", child.pk)
    open_form(page, "Record the return for the episode of", "missing-return")
    fill_date(page, "end_date", date(2024, 6, 4))
    page.get_by_label("Time the child returned").fill("07:40")
    page.locator("#id_rhi_offered_0").check()
    fill_date(page, "rhi_date", date(2024, 6, 5))
    page.get_by_label("Time the interview was offered").fill("11:00")
    page.locator("#id_rhi_accepted_1").check()
    save(page, "Save return", child.pk)
    episode = MissingEpisode.objects.get(child=child)
    assert (episode.missing, episode.rhi_accepted, episode.cla_episode.place) == ("A", False, "K2")

    # 7. Later a care leaver: a contact with accommodation and activity.
    s.register_care_leaver(child=child, eligibility_category="eligible", start_date=date(2024, 7, 1), by=None)
    page.reload()
    open_form(page, "Record contact with a care leaver", "care-leaver-contact")
    fill_date(page, "contact_date", date(2024, 8, 12))
    page.get_by_label("YES In touch").check()
    page.get_by_label("Accommodation and whether it is suitable (ACCOM)").select_option("D1")
    page.get_by_label("Main activity (ACTIV)").select_option("F2")
    save(page, "Save contact", child.pk)
    contact = CareLeaverContact.objects.get(child=child)
    assert (contact.contact_date, contact.accom, contact.activ) == (date(2024, 8, 12), "D1", "F2")
    assert axe_problems(page) == []
    shot(page, "casework-record-after")

    page.get_by_role("link", name="Chronology").click()
    expect(
        page.get_by_text("Placement changed: change to or implementation of the care plan")
    ).to_be_visible()
