"""The IRO's work in a real browser, as the IRO (issue 18 point 9), with axe on every page.

The IRO records the looked-after review they chaired (a 403 before: only social workers and
managers could), opens their caseload, raises an escalation about the plan and takes it to the
team manager, then books a review and records its outcome and plan as chair. Screenshots:
tests/artifacts/iro-review.png, iro-caseload.png, iro-escalation.png, conference-booking.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.oversight.models import Escalation, ReviewRecord
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_iro_views import iro_world  # noqa: F401 - the fixture, shared
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_iro_records_a_review_reads_their_caseload_and_escalates(page, iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    sign_in(page, "iro")

    page.goto(reverse("child-cla-review-new", args=[child.pk]))
    assert page.locator("h1").inner_text() == "Record a looked-after review"
    assert axe_problems(page) == []
    fill_date(page, "review", date(2024, 3, 20))
    page.get_by_label("Child attends and speaks for themselves", exact=False).first.check()
    page.get_by_label("How the child took part, in words").fill("Ada chaired the first half of her review.")
    page.get_by_label("The child's words, wishes and feelings").fill("I like it here. I miss my brother.")
    page.get_by_label("The IRO's recommendations (one a line)").fill(
        "Sibling contact every fortnight\nPEP reviewed before half term"
    )
    shot(page, "iro-review")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(f"**{reverse('child-record', args=[child.pk])}")
    assert ReviewRecord.objects.get(review__child=child).recommendation_lines() == [
        "Sibling contact every fortnight",
        "PEP reviewed before half term",
    ]

    page.goto(reverse("iro-caseload"))
    assert page.locator("h1").inner_text() == "My IRO caseload"
    expect(page.get_by_role("link", name="Ada Casechild", exact=True)).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "iro-caseload")

    page.goto(reverse("child-escalations", args=[child.pk]))
    page.get_by_role("link", name="Raise an escalation").click()
    assert axe_problems(page) == []
    fill_date(page, "raised_on", date(2024, 6, 3))
    page.get_by_label("Raised with (name or role)").fill("Sam Worker, social worker")
    page.get_by_label("The concern about the plan", exact=False).fill(
        "The permanence plan has drifted: no viability assessment of the aunt."
    )
    page.get_by_role("button", name="Raise the escalation").click()
    page.wait_for_url(f"**{reverse('child-escalations', args=[child.pk])}")
    page.get_by_role("link", name="Record the answer").click()
    fill_date(page, "answered_on", date(2024, 6, 12))
    page.get_by_label("The answer at this stage").fill("Assessment not yet booked.")
    page.get_by_label("No: take it to the next stage").check()
    page.get_by_label("If not: next stage raised with (name or role)").fill("Tia Manager, team manager")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Save the answer").click()
    page.wait_for_url(f"**{reverse('child-escalations', args=[child.pk])}")
    body = page.locator("main").inner_text()
    assert "2. Team manager" in body
    assert "19 Jun 2024" in body  # Wed 12 June + 5 working days
    assert "Answered late" in body  # the informal stage was due Mon 10 June
    assert axe_problems(page) == []
    shot(page, "iro-escalation")
    assert Escalation.objects.get(child=child).steps.count() == 2

    page.get_by_role("link", name="Conferences and reviews", exact=True).click()
    page.get_by_role("link", name="Book a conference or review").click()
    page.get_by_label("Looked-after review").check()
    fill_date(page, "on", date(2024, 9, 2))
    page.get_by_label("Chair (independent reviewing officer)").select_option(label="Ira Reviewer")
    page.get_by_label("Invitees", exact=False).fill("Ada\nSam Worker, social worker\nFoster carers")
    page.get_by_label("Social work report").check()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Book").click()
    page.wait_for_url(f"**{reverse('child-conferences', args=[child.pk])}")
    page.get_by_role("link", name="Record the outcome").click()
    fill_date(page, "held_on", date(2024, 9, 2))
    page.get_by_label("Child attends and speaks for themselves", exact=False).first.check()
    page.get_by_label("The conference's decision and why").fill("Ada stays in her placement.")
    page.get_by_label("The plan agreed", exact=False).fill("Sibling contact fortnightly: social worker.")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Save the chair's record").click()
    page.wait_for_url(f"**{reverse('child-conferences', args=[child.pk])}")
    body = page.locator("main").inner_text()
    assert "Ada stays in her placement." in body
    assert "Police: not received" in body
    assert axe_problems(page) == []
    shot(page, "conference-booking")
