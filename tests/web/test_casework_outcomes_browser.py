"""Yearly outcomes (OC2), an SDQ and a pathway plan review in a real browser.

On 16 June 2025 (the server's clock, set in this process), a team manager
records an SDQ for a child in care since 1 March 2024, then the outcomes for
the year ending 31 March 2025, whose health assessment answer starts from the
assessment of 8 October 2024, then a pathway plan review once the young
person is a care leaver. Every form is checked with axe-core, empty and with
errors, and photographed into tests/artifacts/.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from continuum.journey import services as s
from continuum.journey.models import SDQ, PathwayPlanReview
from continuum.looked_after.models import AnnualOutcome
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date, open_form, save
from tests.web.test_casework_more_browser import refused
from tests.web.test_casework_views import make_world
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_outcomes_sdq_and_pathway_review(page, make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_now = timezone.now
    started = real_now()
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2025, 6, 16, 10, tzinfo=UTC) + (real_now() - started)
    )
    world = make_world(make_user)
    child = world["child"]
    s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="C2", cin="N1", place="U1", in_borough=True, by=None
    )
    s.record_health_assessment(child=child, assessment_date=date(2024, 10, 8), kind="review", by=None)
    sign_in(page, "tm")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/")

    # 1. An SDQ: the score is revealed by "Yes" and must be 0 to 40.
    open_form(page, "Record a strengths and difficulties questionnaire (SDQ)", "sdq")
    refused(page, "Save SDQ", "Select yes if there is an SDQ score", "sdq")
    fill_date(page, "sdq_date", date(2025, 2, 3))
    page.locator("#id_scored_0").check()
    page.locator("#id_sdq_score").fill("41")
    refused(page, "Save SDQ", "Total difficulties score must be a whole number from 0 to 40", "sdq-score")
    page.locator("#id_sdq_score").fill("14")
    save(page, "Save SDQ", child.pk)
    assert list(SDQ.objects.values_list("sdq_date", "sdq_score", "sdq_reason")) == [
        (date(2025, 2, 3), 14, "")
    ]

    # 2. The year's outcomes, the health assessment answer filled from the record of 8 October 2024.
    open_form(page, "Record yearly outcomes (OC2) for the year ending 31 Mar 2025", "outcomes")
    expect(page.get_by_text("Latest health assessment in the year: 8 October 2024.")).to_be_visible()
    assert page.locator("#id_health_assessment_0").is_checked()
    assert page.locator("#id_teeth_check_1").is_checked()
    assert page.get_by_text(
        "The return takes the latest SDQ in the year: 3 February 2025, score 14."
    ).is_visible()
    page.locator("#id_substance_misuse_0").check()
    refused(
        page, "Save yearly outcomes", "Select yes if the child's immunisations were up to date", "outcomes"
    )
    assert page.get_by_text(
        "Select what intervention there was for the substance misuse problem"
    ).first.is_visible()
    page.locator("#id_immunisations_0").check()
    page.locator("#id_teeth_check_0").check()
    page.get_by_label("The child received an intervention").check()
    page.locator("#id_convicted_1").check()
    save(page, "Save yearly outcomes", child.pk)
    saved = AnnualOutcome.objects.get(child=child)
    assert (
        saved.year_ending,
        saved.health_assessment,
        saved.teeth_check,
        saved.immunisations,
        saved.substance_misuse,
        saved.intervention_received,
        saved.intervention_offered,
        saved.convicted,
        saved.health_check,
    ) == (date(2025, 3, 31), True, True, True, True, True, None, False, None)

    # 3. Leaving care starts (its own form is tested elsewhere); a pathway plan review.
    s.register_care_leaver(child=child, eligibility_category="eligible", start_date=date(2025, 5, 1), by=None)
    page.reload()
    open_form(page, "Record a pathway plan review", "pathway-review")
    refused(page, "Save pathway plan review", "Enter the date of the pathway plan review", "pathway-review")
    fill_date(page, "review_date", date(2025, 5, 20))
    save(page, "Save pathway plan review", child.pk)
    assert list(PathwayPlanReview.objects.values_list("review_date", flat=True)) == [date(2025, 5, 20)]
    assert axe_problems(page) == []
    shot(page, "casework-outcomes-record-after")
