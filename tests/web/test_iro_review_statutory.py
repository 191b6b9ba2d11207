"""The chair's record of a held review is the statutory review too, once (casework findings D1, D2, D12).

Before: "Record the outcome" of a booked looked-after review or review conference saved the chair's
words only, so the child's next review, the IRO's caseload and the conferences tray did not move; the
IRO/CP chair got a 403 on the review conference form; the booking was "Not dated" in the chronology;
and the Conferences and reviews tab listed bookings only.

Known answers, worked by hand:
* Looked after from Fri 1 Mar 2024: first review due Tue 2 Apr 2024 (20 working days, Easter off).
  A first review held Wed 20 Mar 2024 makes the second due 3 months later, Thu 20 Jun 2024.
* CP plan from the ICPC of Wed 31 Jan 2024: first review conference due 30 Apr 2024 (3 months). One
  held Sat 20 Apr 2024 that continues the plan makes the next due 6 months later, Sun 20 Oct 2024.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from continuum.core import clock, roles
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, CLAReview, Conference, CPPlan
from continuum.journey.worktray import work_tray
from continuum.oversight import selectors
from continuum.oversight.models import ConferenceBooking, ReviewRecord
from continuum.oversight.services import book_conference
from continuum.people.services import create_worker
from tests.web.test_casework_views import client_for, day, make_world
from tests.web.test_iro_views import iro_world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db

CLA_CLOCKS = {"cla_first_review", "cla_second_review", "cla_review_repeat"}
CP_CLOCKS = {"cp_first_review", "cp_review_repeat"}


def next_due(child_id: int, codes: set[str], as_of: date) -> date | None:
    dues = [line.due for line in work_tray(children=[child_id], as_of=as_of) if line.rule_code in codes]
    return min(dues, default=None)


def booked(world: dict[str, Any], kind: str, on: date) -> ConferenceBooking:
    return book_conference(
        child=world["child"],
        kind=kind,
        on=on,
        chair=world["iro"],
        invitees="Ada\nSam Worker",
        reports=[],
        by=world["users"]["tm"],
    )


def chair_url(world: dict[str, Any], booking: ConferenceBooking) -> str:
    return reverse("child-conference-record", args=[world["child"].pk, booking.pk])


CHAIR_WORDS = {"outcome": "Ada stays where she is.", "plan": "Sibling contact fortnightly."}


@pytest.fixture
def cp_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A child on a CP plan from 31 Jan 2024, and the CP chair allocated to chair its conferences."""
    world = make_world(make_user, with_cp_plan=True)
    iro_user = make_user("iro", roles.IRO_CP_CHAIR)
    iro = create_worker(
        first_name="Ira", last_name="Reviewer", start_date=date(2020, 1, 1), role="iro", user=iro_user
    )
    s.allocate(
        child=world["child"], team=world["team"], worker=iro, start_date=date(2024, 2, 1), role="iro", by=None
    )
    world["users"]["iro"] = iro_user
    world["users"]["other_iro"] = make_user("other-iro", roles.IRO_CP_CHAIR)
    world["iro"] = iro
    return world


# --- D1: the looked-after review ---------------------------------------------------------------


def test_the_chairs_record_of_a_looked_after_review_records_the_review(iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    as_of = date(2024, 3, 25)
    assert next_due(child.pk, CLA_CLOCKS, as_of) == date(2024, 4, 2)
    booking = booked(iro_world, "cla_review", date(2024, 3, 20))
    iro = client_for(iro_world["users"]["iro"])
    form = iro.get(chair_url(iro_world, booking)).content.decode()
    assert "Saving this also records the looked-after review itself" in form
    missing = iro.post(chair_url(iro_world, booking), {**day("held_on", date(2024, 3, 20)), **CHAIR_WORDS})
    assert "Select how the child took part in the review" in missing.content.decode()
    assert not CLAReview.objects.exists()
    saved = iro.post(
        chair_url(iro_world, booking),
        {
            **day("held_on", date(2024, 3, 20)),
            **CHAIR_WORDS,
            "review_code": "PN1",
            "participation": "Ada chaired the first half.",
            "recommendations": "PEP before half term",
        },
    )
    assert saved.status_code == 302
    review = CLAReview.objects.get(child=child)
    assert (review.review, review.review_code, review.iro) == (date(2024, 3, 20), "PN1", iro_world["iro"])
    assert ReviewRecord.objects.get(review=review).recommendation_lines() == ["PEP before half term"]
    booking.refresh_from_db()
    assert booking.cla_review == review
    # What counts the review now moves: the next review due, and the IRO's caseload.
    assert next_due(child.pk, CLA_CLOCKS, as_of) == date(2024, 6, 20)
    [line] = selectors.caseload(iro_world["iro"], [child.pk], as_of)
    assert (line.last_review, line.next_due) == (date(2024, 3, 20), date(2024, 6, 20))
    tab = iro.get(reverse("child-conferences", args=[child.pk])).content.decode()
    assert "The looked-after review of 20 Mar 2024" in tab


def test_one_review_is_one_record_whichever_page_records_it_first(iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    iro = client_for(iro_world["users"]["iro"])
    working_form = reverse("child-cla-review-new", args=[child.pk])
    # The working form first: the chair's record of the same day links to it, nothing recorded twice.
    assert (
        iro.post(working_form, {**day("review", date(2024, 3, 20)), "review_code": "PN1"}).status_code == 302
    )
    first = booked(iro_world, "cla_review", date(2024, 3, 20))
    linked = iro.post(
        chair_url(iro_world, first),
        {**day("held_on", date(2024, 3, 20)), **CHAIR_WORDS, "review_code": "PN2"},
    )
    assert linked.status_code == 302
    assert CLAReview.objects.filter(child=child).count() == 1
    first.refresh_from_db()
    assert first.cla_review == CLAReview.objects.get(child=child)
    assert first.cla_review.review_code == "PN1"  # the record already made is kept as it was
    # The chair's record first: the working form then refuses the same day, keeping what was typed.
    second = booked(iro_world, "cla_review", date(2024, 6, 12))
    iro.post(
        chair_url(iro_world, second),
        {**day("held_on", date(2024, 6, 12)), **CHAIR_WORDS, "review_code": "PN1"},
    )
    refused = iro.post(
        working_form,
        {**day("review", date(2024, 6, 12)), "review_code": "PN1", "what_happened": "Contact agreed."},
    )
    page = refused.content.decode()
    assert "a looked-after review on 12 Jun 2024 is already recorded" in page
    assert "Contact agreed." in page
    assert CLAReview.objects.filter(child=child).count() == 2


def test_the_booking_is_dated_in_the_chronology_and_the_tab_lists_recorded_reviews(iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    iro = client_for(iro_world["users"]["iro"])
    iro.post(
        reverse("child-cla-review-new", args=[child.pk]),
        {**day("review", date(2024, 3, 20)), "review_code": "PN1"},
    )
    booked(iro_world, "cla_review", date(2024, 6, 12))
    event = ChronologyEvent.objects.get(child=child, step="book_conference")
    assert event.occurred_on == clock.today()  # the day it was booked, not "Not dated"
    assert event.what == f"Looked-after review booked for 12 Jun 2024, chaired by {iro_world['iro']}"
    tab = iro.get(reverse("child-conferences", args=[child.pk])).content.decode()
    # Recorded on the working form, not booked: still listed, with how the child took part.
    assert reverse("child-cla-review", args=[child.pk, CLAReview.objects.get().pk]) in tab
    assert "20 Mar 2024" in tab
    assert "Child attends and speaks for themselves" in tab
    assert "Looked-after review, 12 Jun 2024" in tab


# --- D1 and D2: the review child protection conference -----------------------------------------


def test_the_chairs_record_of_a_review_conference_records_its_decision(cp_world) -> None:
    child, plan = cp_world["child"], cp_world["plan"]
    as_of = date(2024, 4, 25)
    assert next_due(child.pk, CP_CLOCKS, as_of) == date(2024, 4, 30)
    booking = booked(cp_world, "rcpc", date(2024, 4, 20))
    iro = client_for(cp_world["users"]["iro"])
    undecided = iro.post(chair_url(cp_world, booking), {**day("held_on", date(2024, 4, 20)), **CHAIR_WORDS})
    assert "Select whether the plan continues or ends" in undecided.content.decode()
    form = iro.get(chair_url(cp_world, booking))
    saved = iro.post(
        chair_url(cp_world, booking),
        {
            **day("held_on", date(2024, 4, 20)),
            **CHAIR_WORDS,
            "decision": "continue_plan",
            "child_participation": "attended_spoke",
            "plan_version": str(form.context["form"]["plan_version"].value()),
        },
    )
    assert saved.status_code == 302
    conference = Conference.objects.get(child=child, kind="review")
    assert (conference.conference_date, conference.outcome) == (date(2024, 4, 20), "continue_plan")
    booking.refresh_from_db()
    assert booking.cp_review == conference
    assert next_due(child.pk, CP_CLOCKS, as_of) == date(2024, 10, 20)
    assert CPPlan.objects.get(pk=plan.pk).cpp_end_date is None


def test_a_review_conference_that_ends_the_plan_ends_it_and_a_stale_plan_is_refused(cp_world) -> None:
    child, plan = cp_world["child"], cp_world["plan"]
    booking = booked(cp_world, "rcpc", date(2024, 4, 20))
    iro = client_for(cp_world["users"]["iro"])
    stale = str(CPPlan.objects.get(pk=plan.pk).version)
    s.hold_cp_review(  # someone else records an earlier review with a new category: the plan moves on
        cp_plan=plan,
        conference_date=date(2024, 4, 2),
        outcome="continue_plan",
        latest_category_of_abuse="PHY",
        expected_version=plan.version,
        by=None,
    )
    answers = {
        **day("held_on", date(2024, 4, 20)),
        **CHAIR_WORDS,
        "decision": "end_plan",
        "plan_version": stale,
    }
    clash = iro.post(chair_url(cp_world, booking), answers)
    assert "changed by someone else" in clash.content.decode()
    assert Conference.objects.filter(child=child, kind="review").count() == 1
    # The form now carries the plan's new version: saving again goes through, and ends the plan.
    answers["plan_version"] = str(clash.context["form"].data["plan_version"])
    assert iro.post(chair_url(cp_world, booking), answers).status_code == 302
    assert CPPlan.objects.get(pk=plan.pk).cpp_end_date == date(2024, 4, 20)


def test_the_cp_chair_records_a_review_conference_on_the_working_form(cp_world) -> None:
    child, plan = cp_world["child"], cp_world["plan"]
    url = reverse("child-cp-review-new", args=[child.pk, plan.pk])
    iro = client_for(cp_world["users"]["iro"])
    form = iro.get(url)
    assert form.status_code == 200  # a 403 before
    saved = iro.post(
        url,
        {
            **day("conference_date", date(2024, 4, 20)),
            "outcome": "continue_plan",
            "version": str(form.context["form"]["version"].value()),
            "seen_state": str(form.context["form"]["seen_state"].value()),
        },
    )
    assert saved.status_code == 302
    assert Conference.objects.filter(child=child, kind="review", conference_date=date(2024, 4, 20)).exists()
    # The policy's other limits hold: a chair with no reason to see the child, and an analyst, are refused.
    assert client_for(cp_world["users"]["other_iro"]).get(url).status_code in (302, 403)
    assert client_for(cp_world["users"]["analyst"]).get(url).status_code == 403


def test_the_iros_view_of_a_cp_childs_record_links_to_the_review_conference_form(cp_world) -> None:
    child, plan = cp_world["child"], cp_world["plan"]
    page = client_for(cp_world["users"]["iro"]).get(reverse("child-record", args=[child.pk])).content.decode()
    assert reverse("child-cp-review-new", args=[child.pk, plan.pk]) in page
    assert "Record a looked-after review" not in page  # not looked after


def test_the_iros_view_of_a_looked_after_childs_record_links_to_the_review_form(iro_world) -> None:  # noqa: F811
    child = iro_world["child"]
    link = reverse("child-cla-review-new", args=[child.pk])
    page = (
        client_for(iro_world["users"]["iro"]).get(reverse("child-record", args=[child.pk])).content.decode()
    )
    assert link in page
    # The social worker keeps the casework links, not a second list of the same.
    sw_page = (
        client_for(iro_world["users"]["sw"]).get(reverse("child-record", args=[child.pk])).content.decode()
    )
    assert sw_page.count(link) == 1
