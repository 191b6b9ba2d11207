"""Yearly outcomes (OC2), SDQs and pathway plan reviews through the test client.

The clock is set to 16 June 2025, so the latest 31 March is 31 March 2025 and
the OC2 year runs from 1 April 2024: a child in care since 1 April 2024 is in
the cohort, one in care since 2 April 2024 is not. Answers are worked out by
hand from those dates; refusals are checked by their exact words, and every
page view leaves its access-log entry under its own action.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.utils import timezone

from continuum.core import codes
from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError
from continuum.journey.models import SDQ, CLAEpisode, PathwayPlanReview
from continuum.looked_after import services as la
from continuum.looked_after.cohort import care_start_covering, latest_year_end, outcome_year_ending
from continuum.looked_after.fields import OUTCOME_FLAGS
from continuum.looked_after.models import AnnualOutcome
from tests.web.test_casework_more import CONCURRENT, look_after, opened
from tests.web.test_casework_views import client_for, day, make_world, page_text, url

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 16, 10, 0, tzinfo=UTC)
YEAR_END = date(2025, 3, 31)
LINK = "Record yearly outcomes (OC2) for the year ending 31 Mar 2025"


@pytest.fixture
def world(make_user, monkeypatch) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The casework world (Ada, born 1 June 2010, held by Sam) on 16 June 2025, the clock running on."""
    real_now = timezone.now
    started = real_now()
    monkeypatch.setattr(timezone, "now", lambda: NOW + (real_now() - started))
    return make_world(make_user)


def episode(decom: date, dec: date | None = None, ls: str = "C2", pk: int = 1) -> CLAEpisode:
    return CLAEpisode(pk=pk, decom=decom, dec=dec, ls=ls)


# --- Who is in the OC2 cohort (no database) ---------------------------------------------------


def test_the_latest_31_march_turns_over_on_31_march_itself() -> None:
    assert latest_year_end(date(2025, 3, 30)) == date(2024, 3, 31)
    assert latest_year_end(date(2025, 3, 31)) == date(2025, 3, 31)
    assert latest_year_end(date(2025, 6, 16)) == date(2025, 3, 31)
    assert latest_year_end(date(2026, 1, 1)) == date(2025, 3, 31)


def test_twelve_months_continuously_at_31_march_counts_from_1_april_the_year_before() -> None:
    today = date(2025, 6, 16)
    assert outcome_year_ending([episode(date(2024, 4, 1))], today) == YEAR_END
    assert outcome_year_ending([episode(date(2024, 4, 2))], today) is None
    # Still looked after at the end of 31 March, though care ended later.
    assert outcome_year_ending([episode(date(2023, 1, 5), date(2025, 4, 1))], today) == YEAR_END
    # Care that ended on 31 March itself was not running at the end of it.
    assert outcome_year_ending([episode(date(2023, 1, 5), date(2025, 3, 31))], today) is None
    # A change of placement continues the care; a day's gap starts it again.
    moved = [episode(date(2024, 1, 2), date(2024, 9, 1), pk=1), episode(date(2024, 9, 1), pk=2)]
    assert care_start_covering(moved, YEAR_END) == date(2024, 1, 2)
    assert outcome_year_ending(moved, today) == YEAR_END
    gap = [episode(date(2024, 1, 2), date(2024, 8, 31), pk=1), episode(date(2024, 9, 1), pk=2)]
    assert care_start_covering(gap, YEAR_END) == date(2024, 9, 1)
    assert outcome_year_ending(gap, today) is None
    # Short breaks (V3, V4) are not care for the cohort.
    breaks = [episode(date(2024, 1, 2), date(2024, 6, 1), ls="V3", pk=1), episode(date(2024, 6, 1), pk=2)]
    assert outcome_year_ending(breaks, today) is None
    assert outcome_year_ending([], today) is None


# --- The clash check is the service's ---------------------------------------------------------


def test_the_outcome_service_refuses_a_save_against_a_version_it_no_longer_holds(world) -> None:
    """The year's record is saved over, so the service, not the page, compares the version seen."""
    look_after(world, date(2024, 3, 1))
    child, flags = world["child"], {"convicted": False, "teeth_check": True}
    first = la.record_annual_outcome(
        child=child, year_ending=YEAR_END, flags=flags, expected_version=0, by=None
    )
    assert (first.version, first.teeth_check) == (1, True)
    # Someone else saw no record either and saves second: refused, and nothing changes.
    with pytest.raises(ConcurrentChangeError):
        la.record_annual_outcome(
            child=child, year_ending=YEAR_END, flags={"teeth_check": False}, expected_version=0, by=None
        )
    again = la.record_annual_outcome(
        child=child, year_ending=YEAR_END, flags={"teeth_check": False}, expected_version=1, by=None
    )
    assert (again.pk, again.version, again.teeth_check, again.convicted) == (first.pk, 2, False, False)
    with pytest.raises(ConcurrentChangeError):
        la.record_annual_outcome(child=child, year_ending=YEAR_END, flags=flags, expected_version=1, by=None)
    # Loaders and seeds save without the check.
    unchecked = la.record_annual_outcome(child=child, year_ending=YEAR_END, flags=flags, by=None)
    assert (unchecked.version, unchecked.teeth_check) == (3, True)
    assert AnnualOutcome.objects.filter(child=child).count() == 1


# --- Yearly outcomes (OC2) ----------------------------------------------------------------------


def test_the_outcomes_form_is_offered_only_to_a_child_in_the_cohort(world) -> None:
    sw = client_for(world["users"]["sw"])
    record = url("child-record", world)
    address = url("child-annual-outcomes", world)
    assert address not in page_text(sw.get(record))  # never looked after
    look_after(world, date(2024, 4, 2))  # one day short of the year
    assert address not in page_text(sw.get(record))
    sent_back = sw.get(address, follow=True)
    assert (
        "Yearly outcomes (OC2) are for a child looked after continuously for 12 months at 31 March."
        in page_text(sent_back)
    )
    assert sw.post(address, {"health_assessment": "yes"}).status_code == 302
    assert AnnualOutcome.objects.count() == 0


def test_the_link_names_the_year_for_a_child_in_care_since_1_april(world) -> None:
    look_after(world, date(2024, 4, 1))
    body = page_text(client_for(world["users"]["sw"]).get(url("child-record", world)))
    assert f'href="{url("child-annual-outcomes", world)}">{LINK}</a>' in body


def test_health_and_dental_answers_start_from_the_dated_records_in_the_year(world) -> None:
    child = world["child"]
    look_after(world, date(2024, 3, 1))
    # One health assessment before the year and one in it; the only dental check is before it.
    s.record_health_assessment(child=child, assessment_date=date(2024, 3, 20), kind="initial", by=None)
    s.record_health_assessment(child=child, assessment_date=date(2024, 10, 8), kind="review", by=None)
    s.record_dental_check(child=child, check_date=date(2024, 3, 25), by=None)
    response = client_for(world["users"]["sw"]).get(url("child-annual-outcomes", world))
    body = page_text(response)
    assert "Yearly outcomes (OC2) for the year ending 31 March 2025" in body
    assert "The health assessment and dental check answers were filled from the child's records" in body
    assert "Latest health assessment in the year: 8 October 2024." in body
    assert "No dental check is recorded between 1 April 2024 and 31 March 2025." in body
    assert 'id="id_health_assessment_0" name="health_assessment" type="radio" value="yes" checked' in body
    assert 'id="id_teeth_check_1" name="teeth_check" type="radio" value="no" checked' in body
    assert 'name="immunisations" type="radio" value="yes" checked' not in body
    # Ada is 14 at 31 March 2025: asked about convictions, not about under-5 development checks.
    assert 'name="convicted"' in body
    assert 'name="health_check"' not in body
    assert "No SDQ is recorded in the year." in body


def test_saving_the_outcomes_refusing_gaps_and_catching_a_clash(world) -> None:
    child = world["child"]
    look_after(world, date(2024, 3, 1))
    address = url("child-annual-outcomes", world)
    sw, tm = client_for(world["users"]["sw"]), client_for(world["users"]["tm"])
    mine = opened(sw, address)
    gaps = sw.post(address, {**mine, "immunisations": "yes", "substance_misuse": "yes"})
    body = page_text(gaps)
    for message in (
        "Select yes if the child&#x27;s health assessments were up to date",
        "Select yes if the child&#x27;s teeth were checked by a dentist in the year",
        "Select what intervention there was for the substance misuse problem",
        "Select yes if the child was convicted of an offence in the year",
    ):
        assert message in body, message
    assert 'name="immunisations" type="radio" value="yes" checked' in body  # nothing typed is lost
    answers = {
        "health_assessment": "yes",
        "teeth_check": "no",
        "immunisations": "yes",
        "substance_misuse": "yes",
        "intervention": "offered",
        "convicted": "no",
    }
    assert sw.post(address, {**mine, **answers}).status_code == 302
    fields = ("year_ending", *OUTCOME_FLAGS)
    assert list(AnnualOutcome.objects.filter(child=child).values_list(*fields)) == [
        (YEAR_END, False, None, True, False, True, True, False, True)
    ]

    # Reopened: the saved answers, not the records; two people open it, one saves first.
    reopened = page_text(sw.get(address))
    assert "filled from the child" not in reopened
    assert 'name="intervention" type="radio" value="offered" checked' in reopened
    mine, theirs = opened(sw, address), opened(tm, address)
    no_misuse = {**answers, "teeth_check": "yes", "substance_misuse": "no", "intervention": "received"}
    assert sw.post(address, {**mine, **no_misuse}).status_code == 302
    stale = tm.post(address, {**theirs, **answers, "immunisations": "no"})
    body = page_text(stale)
    assert CONCURRENT in body
    assert "Teeth checked by a dentist is now: Yes" in body
    assert "Substance misuse problem identified is now: No" in body
    assert "Intervention offered is now: not set" in body
    assert 'name="immunisations" type="radio" value="no" checked' in body
    # The hidden intervention answer was dropped with the "no"; the clash changed nothing.
    assert list(AnnualOutcome.objects.filter(child=child).values_list(*fields)) == [
        (YEAR_END, False, None, True, True, True, False, None, None)
    ]
    # Saving again, now with the other person's changes in view, is a deliberate choice.
    again = tm.post(address, {**stale.context["form"].data.dict()})
    assert again.status_code == 302
    assert AnnualOutcome.objects.get(child=child).immunisations is False


def test_a_child_under_5_is_asked_about_development_checks_not_convictions(world) -> None:
    child = world["child"]
    child.refresh_from_db()
    s.update_child(child=child, person_birth_date=date(2021, 2, 1), expected_version=child.version, by=None)
    look_after(world, date(2024, 3, 1))
    sw = client_for(world["users"]["sw"])
    address = url("child-annual-outcomes", world)
    body = page_text(sw.get(address))
    assert 'name="health_check"' in body
    assert 'name="convicted"' not in body
    answers = {
        **opened(sw, address),
        "health_assessment": "yes",
        "teeth_check": "yes",
        "immunisations": "yes",
        "health_check": "no",
        "substance_misuse": "no",
        "convicted": "yes",  # not asked at 4: ignored
    }
    assert sw.post(address, answers).status_code == 302
    saved = AnnualOutcome.objects.get(child=child)
    assert (saved.health_check, saved.convicted, saved.intervention_received) == (False, None, None)


# --- SDQ ----------------------------------------------------------------------------------------


def test_an_sdq_has_a_score_from_0_to_40_or_the_dfe_reason_there_is_none(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    address = url("child-sdq-new", world)
    outside = sw.post(address, {**day("sdq_date", date(2024, 2, 1)), "scored": "yes", "sdq_score": "12"})
    assert (
        f"Cannot record an SDQ for child {child.la_child_id}: "
        "the child was not looked after on the SDQ date (1 Feb 2024)."
    ) in page_text(outside)
    look_after(world, date(2024, 3, 1))
    unanswered = sw.post(address, day("sdq_date", date(2025, 2, 3)))
    assert "Select yes if there is an SDQ score" in page_text(unanswered)
    too_high = sw.post(address, {**day("sdq_date", date(2025, 2, 3)), "scored": "yes", "sdq_score": "41"})
    body = page_text(too_high)
    assert "Total difficulties score must be a whole number from 0 to 40" in body
    assert 'value="41"' in body
    no_reason = sw.post(address, {**day("sdq_date", date(2025, 2, 3)), "scored": "no"})
    assert "Select why there is no SDQ score" in page_text(no_reason)
    # The reasons in words for the social worker; SDQ2 is kept for the return.
    assert "Carer refused to complete and return the questionnaire" in page_text(no_reason)
    assert "SDQ2 Carer" not in page_text(no_reason)
    scored = {**day("sdq_date", date(2024, 11, 4)), "scored": "yes", "sdq_score": "14", "sdq_reason": "SDQ4"}
    assert sw.post(address, scored).status_code == 302
    reason = {**day("sdq_date", date(2025, 2, 3)), "scored": "no", "sdq_score": "9", "sdq_reason": "SDQ2"}
    assert sw.post(address, reason).status_code == 302
    assert list(
        SDQ.objects.filter(child=child)
        .order_by("sdq_date")
        .values_list("sdq_date", "sdq_score", "sdq_reason")
    ) == [(date(2024, 11, 4), 14, ""), (date(2025, 2, 3), None, "SDQ2")]
    # The OC2 page names the one the return takes: the latest in the year.
    outcomes = page_text(sw.get(url("child-annual-outcomes", world)))
    assert (
        "The return takes the latest SDQ in the year: 3 February 2025, no score "
        "(Carer refused to complete and return the questionnaire)."
    ) in outcomes
    assert (
        codes.label("oc2.SDQ_REASON", "SDQ5")
        == "Child or young person refused to allow an SDQ to be completed"
    )


# --- Pathway plan reviews ----------------------------------------------------------------------


def test_a_pathway_plan_review_is_for_a_care_leaver(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    address = url("child-pathway-review-new", world)
    assert sw.get(address).status_code == 302
    assert address not in page_text(sw.get(url("child-record", world)))
    look_after(world, date(2024, 3, 1))
    s.register_care_leaver(child=child, eligibility_category="eligible", start_date=date(2025, 5, 1), by=None)
    assert f'href="{address}"' in page_text(sw.get(url("child-record", world)))
    blank = sw.post(address, {})
    assert "Enter the date of the pathway plan review" in page_text(blank)
    impossible = sw.post(
        address, {"review_date-day": "31", "review_date-month": "4", "review_date-year": "2025"}
    )
    assert "Date of the pathway plan review must be a real date: April 2025 has 30 days" in page_text(
        impossible
    )
    assert sw.post(address, day("review_date", date(2025, 5, 20))).status_code == 302
    assert list(PathwayPlanReview.objects.filter(child=child).values_list("review_date", "care_leaver")) == [
        (date(2025, 5, 20), child.care_leaver.pk)
    ]
