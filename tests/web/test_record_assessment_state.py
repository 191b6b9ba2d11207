"""Assessments on the child's record and the notes list (walk V1, D5 and D6).

Known answers, worked by hand on England's calendar (today fixed at Monday 30 November 2026):
- submitted on 30 Nov 2026 the record reads "submitted for authorisation on 30 Nov 2026" and no
  longer offers "Complete the assessment started 3 Nov 2026";
- a reassessment started Monday 30 Nov 2026 is due 45 working days later, Thursday 4 Feb 2027
  (December has 21 working days after the 30th once Christmas Day and Monday 28 Dec, the Boxing
  Day substitute, are taken out; New Year's Day 2027 is a Friday; 21 + 4 weeks of January = 41,
  then 1 to 4 February = 45);
- the first assessment of a referral of Monday 2 Nov 2026 is left to the referral's clock: one
  "Single assessment completed" line, due Thursday 7 Jan 2027;
- the authorised assessment's analysis is headed "Assessment analysis (authorised 30 November
  2026)"; a visit's note (no time entered) "Visit, 27 November 2026" with no "12:00"; a typed note
  keeps its time.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import narrative, signoff
from continuum.practice import services as notes
from continuum.practice.models import NoteType

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday

PROPOSAL = {"child_seen": True, "outcome": "cin_plan", "assessment_factors": ["2A"]}


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("ras-sw", roles.SOCIAL_WORKER)
    tm = make_user("ras-tm", roles.TEAM_MANAGER)
    team = create_team(name="Record State", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=sw
    )
    create_worker(
        first_name="Tess",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=team,
        role="team_manager",
        user=tm,
    )
    kid = s.register_child(
        first_name="Stated", last_name="Child", person_birth_date=date(2015, 1, 1), by=None
    )
    episode = s.open_referral(child=kid, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 11, 2), by=None)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2026, 11, 3), worker=worker, by=None
    )
    return {"sw": sw, "tm": tm, "worker": worker, "child": kid, "episode": episode, "assessment": assessment}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _submit(world, summary: str = "Analysis: mother engaging.") -> object:  # type: ignore[no-untyped-def]
    return signoff.submit(
        child=world["child"],
        kind="assessment",
        record_id=world["assessment"].pk,
        by=world["sw"],
        summary=summary,
        proposed={**PROPOSAL, "childs_voice": "I like school."},
    )


def _record(world, user) -> str:  # type: ignore[no-untyped-def]
    return _client(user).get(reverse("child-record", args=[world["child"].pk])).content.decode()


def test_a_submitted_assessment_reads_as_submitted_and_is_not_offered_again(world) -> None:  # type: ignore[no-untyped-def]
    before = _record(world, world["sw"])
    assert "Complete the assessment started 3 Nov 2026" in before
    assert "not yet authorised" in before
    _submit(world)
    for user in (world["sw"], world["tm"]):
        page = _record(world, user)
        assert "submitted for authorisation on 30 Nov 2026" in page
        assert "Complete the assessment started 3 Nov 2026" not in page
        assert "not yet authorised" not in page
        sign_off = reverse("child-sign-off", args=[world["child"].pk, "assessment", world["assessment"].pk])
        assert f'href="{sign_off}"' in page


def test_a_returned_assessment_is_offered_again(world) -> None:  # type: ignore[no-untyped-def]
    sign_off = _submit(world)
    signoff.return_for_changes(sign_off, by=world["tm"], comments="Add the father's views.")
    page = _record(world, world["sw"])
    assert "Complete the assessment started 3 Nov 2026" in page
    assert "returned by" in page
    assert "submitted for authorisation" not in page


def test_the_first_assessment_is_due_by_the_referral_clock_only(world) -> None:  # type: ignore[no-untyped-def]
    page = _record(world, world["sw"])
    assert page.count("Single assessment completed") == 1
    assert "7 Jan 2027" in page


def test_a_reassessment_shows_its_own_45_working_day_due_date(world) -> None:  # type: ignore[no-untyped-def]
    signoff.authorise(_submit(world), by=world["tm"])
    assert "Single assessment completed" not in _record(world, world["sw"])  # the referral's clock is done
    s.start_assessment(
        cin_episode=world["episode"], assessment_actual_start_date=AS_OF, worker=world["worker"], by=None
    )
    page = _record(world, world["sw"])
    due = page.split("Next due")[1].split("</table>")[0]
    assert "Single assessment completed (started 30 Nov 2026)" in due
    assert "4 Feb 2027" in due
    assert "On track" in due


def test_the_notes_list_names_the_assessment_analysis_and_invents_no_time(world) -> None:  # type: ignore[no-untyped-def]
    signoff.authorise(_submit(world, "Analysis: neglect of basic care."), by=world["tm"])
    visit = s.record_visit(
        child=world["child"],
        kind="cin",
        visit_date=date(2026, 11, 27),
        seen=True,
        worker=world["worker"],
        by=world["sw"],
    )
    narrative.write_narrative(
        child=world["child"],
        about="visit",
        record=visit,
        on=date(2026, 11, 27),
        what_happened="Seen at home.",
        by=world["sw"],
    )
    notes.write_note(
        child=world["child"],
        note_type=NoteType.DIRECT_WORK,
        occurred_at=datetime(2026, 11, 26, 9, 30, tzinfo=LOCAL_ZONE),
        what_happened="Three houses tool.",
        by=world["sw"],
    )
    client = _client(world["sw"])
    page = client.get(reverse("child-notes", args=[world["child"].pk])).content.decode()
    assert "Assessment analysis (authorised 30 November 2026)</h3>" in page
    assert "Other, " not in page
    assert "Visit, 27 November 2026</h3>" in page
    assert "Direct work, 26 November 2026 09:30</h3>" in page
    assert "12:00" not in page
    note_id = world["child"].case_notes.order_by("pk").first().pk
    one = client.get(reverse("child-note", args=[world["child"].pk, note_id])).content.decode()
    assert "Assessment analysis (authorised 30 November 2026)</h2>" in one
