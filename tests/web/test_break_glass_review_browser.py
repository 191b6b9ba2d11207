"""A QA officer reviews a break-glass access in a real browser, each page checked with axe-core."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core import roles
from continuum.core.access_log import log_view
from continuum.core.models import BreakGlassReview
from continuum.journey import services as s
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qa_reviews_a_break_glass_access_and_it_leaves_the_list(page, make_user) -> None:  # type: ignore[no-untyped-def]
    qa = make_user("qa-officer", roles.QA_OFFICER)
    iro = make_user("iro-chair", roles.IRO_CP_CHAIR)
    child = s.register_child(
        first_name="Ada", last_name="Testchild", person_birth_date=date(2015, 6, 1), by=None
    )
    log_view(
        user=iro,
        action="break_glass",
        record_type="child",
        record_id=child.pk,
        reason="Synthetic: covering the conference chair.",
        flagged=True,
    )

    sign_in(page, "qa-officer")
    page.wait_for_url("**/")
    page.goto("/access/")
    assert "1 not yet reviewed (1 flagged in all)" in page.content()
    page.get_by_role("link", name="Break-glass accesses for review").click()
    page.wait_for_url("**/access/break-glass/")
    assert "1 flagged access not yet reviewed" in page.content()
    assert axe_problems(page) == []

    page.get_by_role("link", name="Review the access by iro-chair").click()
    page.wait_for_url("**/review/")
    assert "Testchild" not in page.content()  # children by reference only
    assert axe_problems(page) == []
    page.get_by_label("Not justified: referred to the manager and information governance").check()
    page.get_by_role("button", name="Record the review").click()
    assert page.title().startswith("Error:")
    assert page.get_by_label("Not justified: referred to the manager and information governance").is_checked()
    assert axe_problems(page) == []
    shot(page, "access-break-glass-review-error")
    page.get_by_role("link", name="Enter a note saying why the access was not justified").click()
    page.keyboard.type("Synthetic: no conference that week; referred to the team manager and IG.")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url("**/access/break-glass/")
    review = BreakGlassReview.objects.get()
    assert (review.reviewed_by, review.outcome) == (qa, "not_justified")
    assert "0 flagged accesses not yet reviewed" in page.content()
    assert axe_problems(page) == []

    page.get_by_label("Reviewed (1)").check()
    page.get_by_role("button", name="Show these accesses").click()
    page.wait_for_url("**/access/break-glass/?status=reviewed*")
    assert "Not justified" in page.content()
    assert axe_problems(page) == []
    shot(page, "access-break-glass-reviewed")
