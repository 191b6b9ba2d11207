"""The IRO's own work through the pages (issue 18 point 9): the review they record, their caseload, and
the escalation log with each stage's clock.

Before this, ``child.record`` refused the IRO role, so an IRO recording a looked-after review got a
403. Known answers: a concern raised on Mon 3 June 2024 is due an answer by Mon 10 June (5 working
days, the informal stage's default clock); taken to the team manager on Wed 12 June, due Wed 19 June.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import AccessLogEntry, TimescaleRule
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, CLAReview
from continuum.oversight.models import Escalation, ReviewRecord
from continuum.people.services import create_worker
from continuum.practice.models import NoteAbout
from tests.web.test_casework_views import client_for, day, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def iro_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A looked-after child held by Sam's team, an IRO allocated to review them, and an IRO with no link."""
    world = make_world(make_user)
    s.start_cla_episode(
        child=world["child"], decom=date(2024, 3, 1), ls="C2", cin="N1", place="U4", in_borough=True, by=None
    )
    iro_user = make_user("iro", roles.IRO_CP_CHAIR)
    iro = create_worker(
        first_name="Ira", last_name="Reviewer", start_date=date(2020, 1, 1), role="iro", user=iro_user
    )
    s.allocate(
        child=world["child"], team=world["team"], worker=iro, start_date=date(2024, 3, 1), role="iro", by=None
    )
    world["users"]["iro"] = iro_user
    world["users"]["other_iro"] = make_user("other-iro", roles.IRO_CP_CHAIR)
    world["iro"] = iro
    return world


def review_url(world: dict[str, Any]) -> str:
    return reverse("child-cla-review-new", args=[world["child"].pk])


def test_the_iro_records_the_review_with_the_childs_participation_and_recommendations(iro_world) -> None:
    iro = client_for(iro_world["users"]["iro"])
    assert iro.get(review_url(iro_world)).status_code == 200
    response = iro.post(
        review_url(iro_world),
        {
            **day("review", date(2024, 3, 20)),
            "review_code": "PN1",
            "participation": "Ada met me before the review and chaired part of it.",
            "childs_voice": "I want to stay with my foster carers and see my brother more.",
            "recommendations": "Sibling contact fortnightly - social worker by 30 April\n\nPEP updated",
        },
    )
    assert response.status_code == 302
    review = CLAReview.objects.get(child=iro_world["child"])
    assert (review.review, review.review_code, review.iro) == (date(2024, 3, 20), "PN1", iro_world["iro"])
    record = ReviewRecord.objects.get(review=review)
    assert record.recommendation_lines() == [
        "Sibling contact fortnightly - social worker by 30 April",
        "PEP updated",
    ]
    # The child's words are the review's case note, as for every record's narrative (issue 18 point 1).
    note = NoteAbout.objects.get(record_type="cla_review", record_id=review.pk).note
    assert note.current.childs_voice.startswith("I want to stay")
    assert ChronologyEvent.objects.filter(
        child=iro_world["child"], what="IRO's record of the looked-after review: 2 recommendations"
    ).exists()
    assert AccessLogEntry.objects.filter(
        action="child.cla_review.new", user=iro_world["users"]["iro"]
    ).exists()


def test_an_iro_without_a_reason_to_see_the_child_is_refused_and_the_social_worker_still_records(
    iro_world,
) -> None:
    other = client_for(iro_world["users"]["other_iro"])
    response = other.get(review_url(iro_world))
    assert response.status_code in (302, 403)  # break glass offered, or refused; never the form
    assert "Save review" not in response.content.decode()
    analyst = client_for(iro_world["users"]["analyst"])
    assert analyst.get(review_url(iro_world)).status_code == 403
    sw = client_for(iro_world["users"]["sw"])
    done = sw.post(review_url(iro_world), {**day("review", date(2024, 3, 20)), "review_code": "PN1"})
    assert done.status_code == 302
    review = CLAReview.objects.get(child=iro_world["child"])
    assert review.iro is None  # a social worker is not the IRO
    assert not ReviewRecord.objects.exists()  # nothing written in words, no empty record


def test_the_escalation_log_stages_and_their_clocks(iro_world) -> None:
    child = iro_world["child"]
    iro = client_for(iro_world["users"]["iro"])
    new = reverse("child-escalation-new", args=[child.pk])
    refused = iro.post(new, {**day("raised_on", date(2024, 6, 3)), "addressed_to": "", "concern": ""})
    assert "Enter who the concern was raised with" in refused.content.decode()
    raised = iro.post(
        new,
        {
            **day("raised_on", date(2024, 6, 3)),
            "addressed_to": "Sam Worker, social worker",
            "concern": "The permanence plan has drifted: no viability assessment of the aunt.",
        },
    )
    assert raised.status_code == 302
    escalation = Escalation.objects.get(child=child)
    answer = reverse("child-escalation-answer", args=[child.pk, escalation.pk])
    no_next = iro.post(
        answer, {**day("answered_on", date(2024, 6, 12)), "answer": "Not yet", "resolved": "no"}
    )
    assert "Enter who the next stage is raised with" in no_next.content.decode()
    iro.post(
        answer,
        {
            **day("answered_on", date(2024, 6, 12)),
            "answer": "Assessment not yet booked.",
            "resolved": "no",
            "next_addressed_to": "Tia Manager, team manager",
        },
    )
    page = iro.get(reverse("child-escalations", args=[child.pk])).content.decode()
    assert "1. Informal resolution with the social worker" in page
    assert "10 Jun 2024" in page  # 3 June + 5 working days
    assert "Answered late" in page  # answered 12 June, after 10 June
    assert "2. Team manager" in page
    assert "19 Jun 2024" in page  # 12 June + 5 working days
    # A council re-times the team manager stage in the admin; the log follows.
    TimescaleRule.objects.filter(code="iro_escalation_team_manager").update(interval=3)
    assert "17 Jun 2024" in iro.get(reverse("child-escalations", args=[child.pk])).content.decode()
    iro.post(
        answer,
        {
            **day("answered_on", date(2024, 6, 14)),
            "answer": "Viability booked for 1 July.",
            "resolved": "yes",
        },
    )
    escalation.refresh_from_db()
    assert (escalation.resolved_on, escalation.outcome) == (date(2024, 6, 14), "Viability booked for 1 July.")
    assert [e.what for e in ChronologyEvent.objects.filter(child=child, step__contains="escalation")] == [
        "Escalation raised by the IRO: Informal resolution with the social worker",
        "Escalation taken to stage: Team manager",
        "Escalation resolved at stage: Team manager",
    ]


def test_only_the_iro_writes_the_log_and_others_who_see_the_child_read_it(iro_world) -> None:
    child = iro_world["child"]
    sw: Client = client_for(iro_world["users"]["sw"])
    log = sw.get(reverse("child-escalations", args=[child.pk]))
    assert log.status_code == 200
    assert "Raise an escalation" not in log.content.decode()
    assert sw.get(reverse("child-escalation-new", args=[child.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(action="child.escalations", user=iro_world["users"]["sw"]).exists()


def test_the_iro_caseload_lists_their_looked_after_children_with_the_next_review(iro_world) -> None:
    iro = client_for(iro_world["users"]["iro"])
    page = iro.get(reverse("iro-caseload")).content.decode()
    assert "Ada Casechild" in page
    # Looked after from Fri 1 March 2024: the first review within 20 working days is Tue 2 April
    # (Good Friday and Easter Monday are not working days), long overdue today.
    assert "2 Apr 2024" in page
    assert "Overdue" in page
    assert client_for(iro_world["users"]["sw"]).get(reverse("iro-caseload")).status_code == 403
    other = client_for(iro_world["users"]["other_iro"]).get(reverse("iro-caseload")).content.decode()
    assert "Ada Casechild" not in other


def test_a_manager_books_a_review_and_the_chair_records_the_outcome_and_plan(iro_world) -> None:
    child = iro_world["child"]
    tm = client_for(iro_world["users"]["tm"])
    book = reverse("child-conference-book", args=[child.pk])
    refused = tm.post(book, {"kind": "cla_review", **day("on", date(2024, 6, 20))})
    assert "Select the chair" in refused.content.decode()
    assert "Enter who is invited" in refused.content.decode()
    booked = tm.post(
        book,
        {
            "kind": "cla_review",
            **day("on", date(2024, 6, 20)),
            "chair": str(iro_world["iro"].pk),
            "invitees": "Ada\nSam Worker, social worker\n\nFoster carers",
            "reports": ["social_work", "school"],
        },
    )
    assert booked.status_code == 302
    booking = child.conference_bookings.get()
    assert booking.invitee_lines() == ["Ada", "Sam Worker, social worker", "Foster carers"]
    page = tm.get(reverse("child-conferences", args=[child.pk])).content.decode()
    assert "Social work report: received" in page
    assert "Police: <strong>not received</strong>" in page
    assert "Record the outcome" not in page  # the chair records it, not the manager
    record = reverse("child-conference-record", args=[child.pk, booking.pk])
    assert tm.get(record).status_code == 403
    iro = client_for(iro_world["users"]["iro"])
    assert "Save the chair" in iro.get(record).content.decode()
    empty = iro.post(record, {})
    assert "Enter the decision" in empty.content.decode()
    saved = iro.post(
        record,
        {
            **day("held_on", date(2024, 6, 20)),
            "review_code": "PN1",  # the held review is recorded as the SSDA903 review too
            "outcome": "Ada stays in her placement; the plan is permanence by long-term fostering.",
            "plan": "Sibling contact fortnightly: social worker by 1 July.",
            "reports": ["social_work", "school", "health"],
        },
    )
    assert saved.status_code == 302
    booking.refresh_from_db()
    assert booking.held_on == date(2024, 6, 20)
    assert booking.reports_received == ["social_work", "school", "health"]
    assert booking.recorded_by == iro_world["users"]["iro"]
    assert [e.what for e in ChronologyEvent.objects.filter(child=child, step__contains="conference")] == [
        f"Looked-after review booked for 20 Jun 2024, chaired by {iro_world['iro']}",
        "Looked-after review held: the chair's record",
    ]


def test_each_stage_clock_known_answers_with_due_soon(iro_world) -> None:
    """Raised Mon 3 June 2024: due Mon 10 June; 'due soon' from Thu 6 June (2 working days ahead)."""
    from continuum.core.timescales import Status
    from continuum.oversight.services import raise_escalation, stage_clocks

    escalation = raise_escalation(
        child=iro_world["child"],
        concern="Drift",
        raised_on=date(2024, 6, 3),
        addressed_to="Sam Worker",
        by=iro_world["users"]["iro"],
    )
    statuses = {
        as_of: stage_clocks(escalation, as_of)[0].status
        for as_of in (date(2024, 6, 5), date(2024, 6, 6), date(2024, 6, 10), date(2024, 6, 11))
    }
    assert stage_clocks(escalation, date(2024, 6, 5))[0].due == date(2024, 6, 10)
    assert statuses == {
        date(2024, 6, 5): Status.DUE,
        date(2024, 6, 6): Status.DUE_SOON,
        date(2024, 6, 10): Status.DUE_SOON,
        date(2024, 6, 11): Status.OVERDUE,
    }
