"""The looked-after review's record of practice in a real browser, as the IRO (issue 18 points 1 and 9).

The IRO writes what was discussed and decided and the child's words over two sittings (a draft),
saves the review, then reads it from the child's record: the review's own page with the child's
words, participation and recommendations, and the case note about it. axe on every page.
Screenshots: tests/artifacts/cla-review.png (the form), cla-review-record.png (the saved review).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.practice.models import NoteAbout
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_iro_views import iro_world  # noqa: F401 - the fixture, shared
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_iro_records_a_review_in_words_and_reads_it_from_the_record(page, iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    sign_in(page, "iro")
    page.goto(reverse("child-cla-review-new", args=[child.pk]))
    assert axe_problems(page) == []
    fill_date(page, "review", date(2024, 3, 20))
    page.get_by_label("What was discussed and decided").fill(
        "Placement stable; school settled. Agreed: sibling contact increases."
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Draft saved at")).to_be_visible()
    # The second sitting: the draft is shown again, and the rest is written.
    expect(page.get_by_label("What was discussed and decided")).to_have_value(
        "Placement stable; school settled. Agreed: sibling contact increases."
    )
    page.get_by_label("Child attends and speaks for themselves", exact=False).first.check()
    page.get_by_label("How the child took part, in words").fill("Ada met me first and chaired part of it.")
    page.get_by_label("The child's words, wishes and feelings").fill("I like it here. I miss my brother.")
    page.get_by_label("The IRO's recommendations (one a line)").fill(
        "Sibling contact fortnightly: social worker by 30 April\nPEP reviewed before half term"
    )
    assert axe_problems(page) == []
    shot(page, "cla-review")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(f"**{reverse('child-record', args=[child.pk])}")

    page.get_by_role("link", name="20 Mar 2024 looked-after review: read it").click()
    expect(page.get_by_role("heading", name="Looked-after review of 20 March 2024")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("I like it here. I miss my brother.")
    expect(main).to_contain_text("Placement stable; school settled.")
    expect(main).to_contain_text("Ada met me first and chaired part of it.")
    expect(page.locator("main ol li")).to_have_text(
        ["Sibling contact fortnightly: social worker by 30 April", "PEP reviewed before half term"]
    )
    assert axe_problems(page) == []
    shot(page, "cla-review-record")

    page.get_by_role("link", name="Open the case note about this review").click()
    expect(page.locator("main")).to_contain_text("I like it here. I miss my brother.")
    assert axe_problems(page) == []
    assert NoteAbout.objects.filter(record_type="cla_review").count() == 1
