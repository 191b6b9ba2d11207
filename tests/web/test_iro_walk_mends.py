"""Mends from the IRO / child protection chair's walk (demo-iro, F2).

1. A chair is booked for a conference: the booking is their recorded reason to see the child, on the
   record, the conferences page and the home page. The demo books each CP conference due with a chair.
2. An escalation answer dated before its stage started is refused at the date boxes, naming the field.
3. The looked-after review form asks in the DfE's words; the banner says "Looked after", not "CLA".
4. A review page names the IRO who recorded it once, as the IRO, not again under the sign-in's name.
5. The escalation log's stages table scrolls in its own labelled region at 320 px.

Known answers, worked by hand:
* The CP plan starts at the ICPC of Wed 31 Jan 2024, so the first review conference is due
  Tue 30 Apr 2024 (3 months). On Mon 22 Apr 2024 it is coming up: booked for 30 Apr. Ten working
  days from 22 Apr is Tue 7 May (Mon 6 May is the early May bank holiday), so it is on the home page.
* On Fri 3 May 2024 it is overdue: booked for the next working day, Tue 7 May 2024 (6 May a holiday).
* A concern raised Mon 3 Jun 2024 opens the first stage that day; an answer dated Fri 31 May is before it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.core.policy import may, visible_children
from continuum.journey import services as s
from continuum.journey.models import CLAReview
from continuum.oversight.models import ConferenceBooking, Escalation
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.synth.iro import TEAM_NAME, ensure_demo_conference_chairs
from tests.web.test_casework_views import client_for, day, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A child on a CP plan from 31 Jan 2024 held by Sam's team; one chair in the Conference and
    Review team, with no allocation to the child; another chair with no link at all."""
    world = make_world(make_user, with_cp_plan=True)
    team = create_team(name=TEAM_NAME, team_type=TeamType.IRO_CP_CHAIRS)
    chair_user = make_user("chair", roles.IRO_CP_CHAIR)
    world["chair"] = create_worker(
        first_name="Cara",
        last_name="Chair",
        start_date=date(2020, 1, 1),
        team=team,
        role="iro",
        user=chair_user,
    )
    world["users"]["chair"] = chair_user
    world["users"]["other_chair"] = make_user("other-chair", roles.IRO_CP_CHAIR)
    return world


def test_a_chair_booked_for_the_conference_sees_the_child_and_the_conference_due(
    chair_world, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-22"
    child, chair, other = (
        chair_world["child"],
        chair_world["users"]["chair"],
        chair_world["users"]["other_chair"],
    )
    assert not may(chair, "child.view", child)
    assert visible_children(chair, [child.pk]) == set()

    assert ensure_demo_conference_chairs(as_of=date(2024, 4, 22)) == 1
    booking = ConferenceBooking.objects.get(child=child)
    assert (booking.kind, booking.date, booking.chair) == ("rcpc", date(2024, 4, 30), chair_world["chair"])
    assert ensure_demo_conference_chairs(as_of=date(2024, 4, 22)) == 0  # once only

    # The booking is the chair's recorded reason: one child at a time and in bulk agree.
    assert may(chair, "child.view", child)
    assert visible_children(chair, [child.pk]) == {child.pk}
    # Nobody else gains anything: a chair not booked still has no reason.
    assert not may(other, "child.view", child)
    assert visible_children(other, [child.pk]) == set()

    page = client_for(chair).get(reverse("worktray-conferences")).content.decode()
    assert "30 Apr 2024" in page
    assert "no recorded reason" not in page  # nothing hidden: the one conference due is theirs
    home = client_for(chair).get("/").content.decode()
    assert "1 child protection conference" in home
    other_page = client_for(other).get(reverse("worktray-conferences")).content.decode()
    assert "1 further item due for children whose records you have no recorded reason to see" in other_page


def test_an_overdue_conference_is_booked_for_the_next_working_day(chair_world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-05-03"
    assert ensure_demo_conference_chairs(as_of=date(2024, 5, 3)) == 1
    assert ConferenceBooking.objects.get(child=chair_world["child"]).date == date(2024, 5, 7)


@pytest.fixture
def looked_after_world(chair_world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The child also looked after from 1 Mar 2024 (full care order), the chair allocated as their IRO,
    signed in under a different name from the worker's (as the demo's sign-in is)."""
    world = chair_world
    s.start_cla_episode(
        child=world["child"], decom=date(2024, 3, 1), ls="C2", cin="N1", place="U4", in_borough=True, by=None
    )
    s.allocate(
        child=world["child"],
        team=world["team"],
        worker=world["chair"],
        start_date=date(2024, 3, 1),
        role="iro",
        by=None,
    )
    user = world["users"]["chair"]
    user.first_name, user.last_name = "Demo", "IRO/CP chair"
    user.save()
    return world


def test_an_answer_before_the_stage_started_is_refused_at_the_date(looked_after_world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-06-14"
    child = looked_after_world["child"]
    iro = client_for(looked_after_world["users"]["chair"])
    iro.post(
        reverse("child-escalation-new", args=[child.pk]),
        {**day("raised_on", date(2024, 6, 3)), "addressed_to": "Sam Worker", "concern": "No contact plan."},
    )
    escalation = Escalation.objects.get(child=child)
    answer = reverse("child-escalation-answer", args=[child.pk, escalation.pk])
    refused = iro.post(
        answer,
        {
            **day("answered_on", date(2024, 5, 31)),
            "answer": "Not agreed.",
            "resolved": "no",
            "next_addressed_to": "Tia Manager",
        },
    ).content.decode()
    words = "Date of the answer must be on or after the day this stage started, 3 Jun 2024"
    assert words in refused
    # Beside the date boxes (the field's own error message), and the summary links to the day box.
    assert re.search(
        r'govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>\s*' + words, refused
    )
    assert 'href="#id_answered_on-day"' in refused
    assert "Cannot record" not in refused
    assert child.la_child_id not in refused.split("govuk-error-summary", 1)[1].split("</div>", 1)[0]
    escalation.refresh_from_db()
    assert escalation.current_step().answered_on is None  # nothing written


def test_the_review_asks_in_words_and_the_banner_says_looked_after(looked_after_world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-03-25"
    child = looked_after_world["child"]
    form = client_for(looked_after_world["users"]["chair"]).get(
        reverse("child-cla-review-new", args=[child.pk])
    )
    page = form.content.decode()
    assert "Child attends and speaks for themselves" in page
    assert re.findall(r">\s*PN\d", page) == []  # no code shown; the codes stay in the values
    assert 'value="PN1"' in page
    log = client_for(looked_after_world["users"]["chair"]).get(reverse("child-escalations", args=[child.pk]))
    status = log.content.decode()
    status = status[status.index("Status</dt>") :][:400]  # the banner every child page shows
    assert re.search(r'govuk-tag[^"]*">Looked after</strong> Full care order', status), status
    assert ">CLA<" not in status


def test_the_review_page_names_the_iro_who_recorded_it_once(looked_after_world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-03-25"
    child = looked_after_world["child"]
    iro = client_for(looked_after_world["users"]["chair"])
    saved = iro.post(
        reverse("child-cla-review-new", args=[child.pk]),
        {
            **day("review", date(2024, 3, 20)),
            "review_code": "PN1",
            "what_happened": "Plan reviewed.",
            "recommendations": "PEP by half term",
        },
    )
    assert saved.status_code == 302
    review = CLAReview.objects.get(child=child)
    assert review.iro == looked_after_world["chair"]  # the signed-in IRO recording it
    page = iro.get(reverse("child-cla-review", args=[child.pk, review.pk])).content.decode()
    assert "Cara Chair, who recorded this review" in page
    assert "Written by Cara Chair, the independent reviewing officer" in page
    assert "Demo IRO/CP chair" not in page


def test_the_escalation_stages_scroll_in_a_labelled_region(looked_after_world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-06-14"
    child = looked_after_world["child"]
    iro = client_for(looked_after_world["users"]["chair"])
    iro.post(
        reverse("child-escalation-new", args=[child.pk]),
        {**day("raised_on", date(2024, 6, 3)), "addressed_to": "Sam Worker", "concern": "No contact plan."},
    )
    page = iro.get(reverse("child-escalations", args=[child.pk])).content.decode()
    page = page[page.index("Dispute resolution (escalation) log") :]  # below the banner's own table
    assert page.count("<table") == 1
    region = (
        '<div class="app-table-scroll" role="region" '
        'aria-label="Stages of the escalation raised 3 June 2024" tabindex="0">'
    )
    assert region in page
    assert (
        page.index(region)
        < page.index("<table")
        < page.index("</table>")
        < page.index("</div>", page.index("</table>"))
    )
