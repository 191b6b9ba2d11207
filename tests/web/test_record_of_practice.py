"""Issue 18 point 1, the rest: warnings on the child, saved drafts, the narrative of visits, assessments,
core groups and looked-after reviews.

Warnings show on every page of the child until their review date or their end, with who raised
them; the case note and visit forms keep a draft through a refusal and a "Save as draft"; a visit's
and an assessment's narrative and the child's voice are case notes about the record.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, CLAReview, Visit
from continuum.oversight.models import ReviewRecord
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import narrative, signoff, warnings
from continuum.practice.models import CaseNote, ChildWarning, Draft, NoteAbout, WarningType
from tests.web.test_casework_views import day
from tests.web.test_iro_views import iro_world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("rec-sw", roles.SOCIAL_WORKER)
    tm = make_user("rec-tm", roles.TEAM_MANAGER)
    team = create_team(name="Record North", team_type=TeamType.INTERVENTION_PLANNING)
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
    kid = s.register_child(first_name="Rec", last_name="Child", person_birth_date=date(2015, 1, 1), by=None)
    episode = s.open_referral(child=kid, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 11, 2), by=None)
    return {"sw": sw, "tm": tm, "child": kid, "episode": episode, "worker": worker}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_warning_shows_on_every_page_until_review_or_end(world) -> None:  # type: ignore[no-untyped-def]
    sw, kid = _client(world["sw"]), world["child"]
    risk = WarningType.objects.get(code="risk-to-staff")
    response = sw.post(
        reverse("child-warning-new", args=[kid.pk]),
        {
            "warning_type": str(risk.pk),
            "details": "Father has threatened staff: visit in pairs.",
            "review_on-day": "31",
            "review_on-month": "12",
            "review_on-year": "2026",
        },
    )
    assert response.status_code == 302
    for url in (
        reverse("child-record", args=[kid.pk]),
        reverse("child-notes", args=[kid.pk]),
        reverse("child-chronology", args=[kid.pk]),
        reverse("child-warnings", args=[kid.pk]),
    ):
        body = sw.get(url).content.decode()
        assert "Risk to staff: Father has threatened staff: visit in pairs." in body, url
        assert "Raised by rec-sw on 30 November 2026; review by 31 December 2026." in body, url
    warning = ChildWarning.objects.get()
    # Past its review date it is no longer shown, but stays in the list.
    assert list(warnings.shown_on(kid.pk, date(2027, 1, 1))) == []
    assert list(warnings.shown_on(kid.pk, date(2026, 12, 31))) == [warning]
    # Ended with a reason: gone from the banner, kept with its reason.
    refused = sw.post(
        reverse("child-warning-end", args=[kid.pk, warning.pk]), {"reason": ""}
    ).content.decode()
    assert "Say why the warning no longer applies" in refused
    assert (
        sw.post(
            reverse("child-warning-end", args=[kid.pk, warning.pk]), {"reason": "Father moved away."}
        ).status_code
        == 302
    )
    page = sw.get(reverse("child-warnings", args=[kid.pk])).content.decode()
    assert "Ended 30 Nov 2026: Father moved away." in page
    assert "Raised by rec-sw" not in sw.get(reverse("child-record", args=[kid.pk])).content.decode()
    assert AccessLogEntry.objects.filter(user=world["sw"], action="child.warnings.view").exists()


def test_warning_types_are_settings(world) -> None:  # type: ignore[no-untyped-def]
    assert set(WarningType.objects.values_list("name", flat=True)) >= {
        "Risk to staff",
        "Do not disclose address",
        "Interpreter needed",
    }
    WarningType.objects.create(code="dog", name="Dangerous dog at the address")
    assert (
        "Dangerous dog at the address"
        in _client(world["sw"]).get(reverse("child-warnings", args=[world["child"].pk])).content.decode()
    )


def test_case_note_draft_survives_a_refusal_and_a_save(world) -> None:  # type: ignore[no-untyped-def]
    sw, kid = _client(world["sw"]), world["child"]
    url = reverse("child-note-new", args=[kid.pk])
    assert sw.post(url, {"what_happened": "First sitting", "save_draft": "1"}).status_code == 302
    assert "First sitting" in sw.get(url).content.decode()
    refused = sw.post(url, {"what_happened": "Second sitting", "note_type": "visit"}).content.decode()
    assert "govuk-error-summary" in refused
    assert Draft.objects.get(user=world["sw"]).data["what_happened"] == ["Second sitting"]
    reopened = sw.get(url).content.decode()
    assert "Second sitting" in reopened
    assert "Your draft saved" in reopened
    done = {
        "note_type": "visit",
        "occurred_on-day": "27",
        "occurred_on-month": "11",
        "occurred_on-year": "2026",
        "occurred_time": "14:30",
        "what_happened": "Second sitting, finished.",
    }
    assert sw.post(url, done).status_code == 302
    assert not Draft.objects.exists()


def test_visit_narrative_and_childs_voice_are_a_note_about_the_visit(world) -> None:  # type: ignore[no-untyped-def]
    sw, kid = _client(world["sw"]), world["child"]
    url = reverse("child-visit-new", args=[kid.pk])
    form = {
        "kind": "cin",
        "visit_date-day": "27",
        "visit_date-month": "11",
        "visit_date-year": "2026",
        "seen": "yes",
        "seen_alone": "yes",
        "what_happened": "Home visit: the house was warm and tidy.",
        "childs_voice": "Rec said: 'I want to stay with mum.'",
    }
    assert sw.post(url, {**form, "save_draft": "1"}).status_code == 302
    assert "the house was warm and tidy" in sw.get(url).content.decode()
    assert sw.post(url, form).status_code == 302
    visit = Visit.objects.get(child=kid)
    about = NoteAbout.objects.get(record_type="visit", record_id=visit.pk)
    version = about.note.current
    assert (version.note_type, version.what_happened, version.childs_voice) == (
        "visit",
        "Home visit: the house was warm and tidy.",
        "Rec said: 'I want to stay with mum.'",
    )
    assert narrative.narratives("visit", [visit.pk]) == {visit.pk: about.note}
    assert not Draft.objects.exists()
    # A visit with no narrative writes no note.
    sw.post(url, {**form, "what_happened": "", "childs_voice": "", "visit_date-day": "28"})
    assert CaseNote.objects.count() == 1


def test_assessment_analysis_and_childs_voice_reach_the_record_when_authorised(world) -> None:  # type: ignore[no-untyped-def]
    assessment = s.start_assessment(
        cin_episode=world["episode"],
        assessment_actual_start_date=date(2026, 11, 3),
        worker=world["worker"],
        by=None,
    )
    page = reverse("child-sign-off", args=[world["child"].pk, "assessment", assessment.pk])
    _client(world["sw"]).post(
        page,
        {
            "child_seen": "yes",
            "outcome": "cin_plan",
            "assessment_factors": ["2A"],
            "summary": "Neglect of basic care; mother wants help.",
            "childs_voice": "Rec said the fridge is often empty.",
        },
    )
    assert not NoteAbout.objects.exists()  # not on the record until authorised
    signoff.authorise(signoff.for_record("assessment", assessment.pk), by=world["tm"])
    version = NoteAbout.objects.get(record_type="assessment", record_id=assessment.pk).note.current
    assert version.what_happened == "Neglect of basic care; mother wants help."
    assert version.childs_voice == "Rec said the fridge is often empty."
    assert version.written_by == world["sw"]


def test_core_group_narrative_is_a_note_about_the_meeting(world) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_plan_actions import cp_plan_for

    kid, plan = cp_plan_for("Grouped", date(2026, 10, 1))
    s.allocate(
        child=kid, team=world["worker"].team, worker=world["worker"], start_date=date(2026, 10, 1), by=None
    )
    url = reverse("child-core-group-new", args=[kid.pk, plan.pk])
    body = _client(world["sw"]).get(url).content.decode()
    assert "The child&#x27;s words, wishes and feelings" in body
    response = _client(world["sw"]).post(
        url,
        {
            "meeting_date-day": "20",
            "meeting_date-month": "11",
            "meeting_date-year": "2026",
            "agencies_present": ["police", "health"],
            "what_happened": "School reports better attendance.",
            "childs_voice": "Grouped said school is 'fine now'.",
        },
    )
    assert response.status_code == 302
    about = NoteAbout.objects.get(record_type="core_group")
    assert about.note.child_id == kid.pk
    assert about.note.current.childs_voice == "Grouped said school is 'fine now'."


def test_cla_review_narrative_childs_voice_and_iro_record_reach_the_record(iro_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The looked-after review carries the same narrative and child's-voice fields as visits, core
    groups and CP reviews: a case note about the review, beside the IRO's participation and
    recommendations; the form keeps a draft through "Save as draft" and through a refusal."""
    kid, iro_user = iro_world["child"], iro_world["users"]["iro"]
    iro = _client(iro_user)
    url = reverse("child-cla-review-new", args=[kid.pk])
    assert "What was discussed and decided" in iro.get(url).content.decode()
    typed = {
        **day("review", date(2024, 3, 20)),
        "participation": "Ada met me first and chaired part of her review.",
        "what_happened": "Placement stable; school settled. Agreed: sibling contact increases.",
        "childs_voice": "Ada said: 'I like it here. I miss my brother.'",
        "recommendations": "Sibling contact fortnightly - social worker by 30 April\n\nPEP before half term",
    }
    assert iro.post(url, {**typed, "save_draft": "1"}).status_code == 302
    assert "Placement stable; school settled." in iro.get(url).content.decode()
    # Refused (no participation code): what was typed is kept, on the page and in the draft.
    refused = iro.post(url, typed).content.decode()
    assert "Select how the child took part in the review" in refused
    assert "I miss my brother." in refused
    assert Draft.objects.get(user=iro_user).data["childs_voice"] == [
        "Ada said: 'I like it here. I miss my brother.'"
    ]
    assert iro.post(url, {**typed, "review_code": "PN1"}).status_code == 302
    assert not Draft.objects.exists()

    review = CLAReview.objects.get(child=kid)
    about = NoteAbout.objects.get(record_type="cla_review", record_id=review.pk)
    version = about.note.current
    assert (version.note_type, version.what_happened, version.childs_voice, version.written_by) == (
        "meeting",
        "Placement stable; school settled. Agreed: sibling contact increases.",
        "Ada said: 'I like it here. I miss my brother.'",
        iro_user,
    )
    record = ReviewRecord.objects.get(review=review)
    assert record.participation == "Ada met me first and chaired part of her review."
    assert record.child_views == ""  # one home for the child's words: the note, versioned and searchable
    assert record.recommendation_lines() == [
        "Sibling contact fortnightly - social worker by 30 April",
        "PEP before half term",
    ]

    # On the record: the review links to its page with the words and recommendations; the words are
    # a note in the child's notes (searchable) and a line in the chronology.
    sw = _client(iro_world["users"]["sw"])
    page = reverse("child-cla-review", args=[kid.pk, review.pk])
    assert f'href="{page}"' in sw.get(reverse("child-record", args=[kid.pk])).content.decode()
    body = sw.get(page).content.decode()
    for words in (
        "Looked-after review of 20 March 2024",
        "Child attends and speaks for themselves",
        "Ada met me first and chaired part of her review.",
        "Placement stable; school settled.",
        "I miss my brother.",
        "<li>Sibling contact fortnightly - social worker by 30 April</li>",
        "<li>PEP before half term</li>",
        reverse("child-note", args=[kid.pk, about.note.pk]),
    ):
        assert words in body.replace("&#x27;", "'"), words
    assert AccessLogEntry.objects.filter(
        user=iro_world["users"]["sw"], action="child.cla_review.view", record_id=str(kid.pk)
    ).exists()
    found = sw.post(reverse("child-notes", args=[kid.pk]), {"words": "miss my brother"}).content.decode()
    assert "Placement stable; school settled." in found
    assert ChronologyEvent.objects.filter(child=kid, what="Case note written: meeting").exists()
    # A review that is not this child's is not found; the analyst never sees one.
    assert sw.get(reverse("child-cla-review", args=[kid.pk, review.pk + 1000])).status_code == 404
    assert _client(iro_world["users"]["analyst"]).get(page).status_code == 403


def test_a_cla_review_with_no_words_writes_no_note(iro_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    sw = _client(iro_world["users"]["sw"])
    url = reverse("child-cla-review-new", args=[iro_world["child"].pk])
    assert sw.post(url, {**day("review", date(2024, 3, 20)), "review_code": "PN1"}).status_code == 302
    assert CLAReview.objects.filter(child=iro_world["child"]).exists()
    assert not NoteAbout.objects.exists()
    assert not ReviewRecord.objects.exists()
    review = CLAReview.objects.get(child=iro_world["child"])
    body = sw.get(reverse("child-cla-review", args=[iro_world["child"].pk, review.pk])).content.decode()
    assert "None recorded." in body


def test_a_pathway_plans_actions_are_gone_through_at_the_looked_after_review(iro_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from continuum.actions import services as actions

    kid = iro_world["child"]
    pathway = s.register_care_leaver(
        child=kid, eligibility_category="eligible", start_date=date(2025, 5, 1), by=None
    )
    actions.create_action(
        source=pathway,
        label="Pathway plan",
        what="Apply for a college place",
        owner=iro_world["users"]["sw"],
        due=date(2026, 12, 1),
        by=iro_world["users"]["sw"],
    )
    body = (
        _client(iro_world["users"]["iro"])
        .get(reverse("child-cla-review-new", args=[kid.pk]))
        .content.decode()
    )
    assert "The plan's actions" in body
    assert "Apply for a college place" in body
    assert reverse("child-plan", args=[kid.pk, "pathway", pathway.pk]) in body


def test_the_review_form_is_offered_only_for_a_child_who_has_been_looked_after(world, iro_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    never = _client(world["sw"]).get(reverse("child-record", args=[world["child"].pk])).content.decode()
    assert reverse("child-cla-review-new", args=[world["child"].pk]) not in never
    kid = iro_world["child"]
    cared = _client(iro_world["users"]["sw"]).get(reverse("child-record", args=[kid.pk])).content.decode()
    assert reverse("child-cla-review-new", args=[kid.pk]) in cared
