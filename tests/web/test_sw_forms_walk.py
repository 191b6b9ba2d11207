"""The social worker's forms, from a tester's walk as demo-social-worker (H1a).

Known answers: a visit's "Seen alone?" is asked only inside "Was the child seen? Yes", so an answer
left behind is dropped, never refused; a management oversight note is offered to, and taken from,
managers of the child's work only, while an existing one stays correctable; the assessment offers no
retired CIN factor (18A, 19A) yet an old record still reads one, and its error summary follows the
page; supervision shows every error on the first submit.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import HeadOfServiceTeam
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey.models import Visit
from continuum.people.models import Worker
from continuum.practice import services as notes
from continuum.practice.models import CaseNote, NoteType
from continuum.web.govuk.forms import error_list
from continuum.web.signoff.forms import SubmitAssessmentForm, SubmitClosureForm
from continuum.web.signoff.views import proposal_words
from continuum.web.supervision.forms import SupervisionForm
from tests.web.test_signoff import SUBMISSION, _client, _page, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(world):  # type: ignore[no-untyped-def]  # noqa: F811
    """test_signoff's world: a social worker and two team managers in one team, its child with an
    open referral and an assessment started on 3 Nov 2026, as of 30 Nov 2026."""
    return world


VISIT = {
    "kind": "cin",
    "visit_date-day": "27",
    "visit_date-month": "11",
    "visit_date-year": "2026",
    "bedroom_seen": "yes",
}


# --- 1. The visit: "Seen alone?" asked only of a child seen ------------------------------------------


def test_a_child_not_seen_drops_the_seen_alone_answer_left_behind(walk) -> None:  # type: ignore[no-untyped-def]
    """The tester's stuck page: "Seen? No" with "Alone? Yes" (chosen before "No") saves, alone blank."""
    url = reverse("child-visit-new", args=[walk["child"].pk])
    posted = {**VISIT, "seen": "no", "seen_alone": "yes", "not_seen_alone_reason": "Typed, then hidden."}
    response = _client(walk["sw"]).post(url, posted)
    assert response.status_code == 302
    visit = Visit.objects.get(child=walk["child"])
    assert (visit.seen, visit.seen_alone, visit.not_seen_alone_reason, visit.bedroom_seen) == (
        False,
        None,
        "",
        True,
    )


def test_a_child_seen_is_asked_alone_and_if_not_why(walk) -> None:  # type: ignore[no-untyped-def]
    client, url = _client(walk["sw"]), reverse("child-visit-new", args=[walk["child"].pk])
    missing = client.post(url, {**VISIT, "seen": "yes"}).content.decode()
    assert "Select yes if the child was seen alone" in missing
    no_reason = client.post(url, {**VISIT, "seen": "yes", "seen_alone": "no"}).content.decode()
    assert "Enter why the child was not seen alone" in no_reason
    # A reason typed for "not alone", then "alone" chosen: the hidden reason is dropped.
    typed = {**VISIT, "seen": "yes", "seen_alone": "yes", "not_seen_alone_reason": "Mother stayed."}
    assert client.post(url, typed).status_code == 302
    visit = Visit.objects.get(child=walk["child"])
    assert (visit.seen, visit.seen_alone, visit.not_seen_alone_reason) == (True, True, "")


def test_seen_alone_is_drawn_inside_seen_yes_and_the_reason_inside_alone_no(walk) -> None:  # type: ignore[no-untyped-def]
    body = _client(walk["sw"]).get(reverse("child-visit-new", args=[walk["child"].pk])).content.decode()
    seen_yes = _block(body, "conditional-id_seen_0")
    assert 'name="seen_alone"' in seen_yes
    assert 'name="not_seen_alone_reason"' in _block(body, "conditional-id_seen_alone_1")
    assert body.count('name="seen_alone"') == 2  # yes and no, drawn once
    assert "Leave blank if the child was not seen" not in body


def _block(body: str, block_id: str) -> str:
    """The HTML of the conditional block ``block_id``, to its matching closing tag."""
    start = body.index(f'id="{block_id}"')
    depth, at = 1, body.index(">", start) + 1
    for tag in re.finditer(r"<(/?)div\b", body[at:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return body[at : at + tag.start()]
    raise AssertionError(f"{block_id} is not closed")


# --- 2. Management oversight notes: managers of the child's work only ---------------------------------

NOTE = {
    "occurred_on-day": "27",
    "occurred_on-month": "11",
    "occurred_on-year": "2026",
    "occurred_time": "10:00",
    "what_happened": "Reviewed the plan; the next visit is to be unannounced.",
}
OVERSIGHT = 'value="management_oversight"'
WRITTEN_AT = datetime(2026, 11, 27, 9, 0, tzinfo=LOCAL_ZONE)


def test_a_social_worker_is_not_offered_oversight_and_is_refused_it(walk) -> None:  # type: ignore[no-untyped-def]
    client, url = _client(walk["sw"]), reverse("child-note-new", args=[walk["child"].pk])
    page = client.get(url).content.decode()
    assert OVERSIGHT not in page
    assert 'value="supervision"' in page  # the other types are still offered
    refused = client.post(url, {**NOTE, "note_type": "management_oversight"})
    assert refused.status_code == 200
    assert "a management oversight note is written by a team manager or head of service" in (
        refused.content.decode()
    )
    assert not CaseNote.objects.exists()
    assert client.post(url, {**NOTE, "note_type": "visit"}).status_code == 302


def test_a_team_manager_and_a_head_of_service_write_oversight(walk, make_user) -> None:  # type: ignore[no-untyped-def]
    head = make_user("so-head", roles.HEAD_OF_SERVICE)
    HeadOfServiceTeam.objects.create(user=head, team_id=Worker.objects.get(user=walk["sw"]).team_id)
    url = reverse("child-note-new", args=[walk["child"].pk])
    for manager in (walk["tm"], head):
        client = _client(manager)
        assert OVERSIGHT in client.get(url).content.decode()
        assert client.post(url, {**NOTE, "note_type": "management_oversight"}).status_code == 302
    written = CaseNote.objects.filter(child=walk["child"]).order_by("pk")
    assert [(n.created_by, n.current.note_type) for n in written] == [
        (walk["tm"], NoteType.MANAGEMENT_OVERSIGHT),
        (head, NoteType.MANAGEMENT_OVERSIGHT),
    ]


def test_an_existing_oversight_note_keeps_its_type_but_no_note_becomes_one(walk) -> None:  # type: ignore[no-untyped-def]
    kid, client = walk["child"], _client(walk["sw"])
    oversight = notes.write_note(
        child=kid,
        note_type=NoteType.MANAGEMENT_OVERSIGHT,
        occurred_at=WRITTEN_AT,
        what_happened="Manager's direction.",
        by=walk["tm"],
    )
    url = reverse("child-note-correct", args=[kid.pk, oversight.pk])
    assert OVERSIGHT in client.get(url).content.decode()
    fixed = {**NOTE, "note_type": "management_oversight", "reason": "Typo in the time", "version": "1"}
    assert client.post(url, fixed).status_code == 302
    assert oversight.current.note_type == NoteType.MANAGEMENT_OVERSIGHT
    visit = notes.write_note(
        child=kid, note_type=NoteType.VISIT, occurred_at=WRITTEN_AT, what_happened="Seen.", by=walk["sw"]
    )
    url = reverse("child-note-correct", args=[kid.pk, visit.pk])
    assert OVERSIGHT not in client.get(url).content.decode()
    assert client.post(url, {**fixed, "reason": "Make it oversight"}).status_code == 200
    assert visit.current.note_type == NoteType.VISIT


# --- 3. The assessment: no retired factor offered, errors in page order ---------------------------


def test_retired_factors_are_not_offered_but_an_old_record_reads_them() -> None:
    offered = dict(SubmitAssessmentForm().fields["assessment_factors"].choices)  # type: ignore[attr-defined]
    assert "18A" not in offered
    assert "19A" not in offered
    assert offered["18B"] == "18B Abuse or neglect: physical abuse, child on child"
    assert offered["19C"] == "19C Abuse or neglect: sexual abuse, adult on child"
    posted = SubmitAssessmentForm({**SUBMISSION, "assessment_factors": ["18A"]})
    assert not posted.is_valid()
    assert "assessment_factors" in posted.errors
    old = proposal_words({"outcome": "cin_plan", "assessment_factors": ["18A"], "child_seen": True})
    assert "18A Abuse or neglect: physical abuse (no longer used; 18B or 18C)" in old


def test_the_error_summary_follows_the_page(walk) -> None:  # type: ignore[no-untyped-def]
    """Empty submit: the analysis is drawn after the factors, so its error comes after theirs."""
    body = _client(walk["sw"]).post(_page(walk), {}).content.decode()
    summary = body[body.index("govuk-error-summary") : body.index("</ul>", body.index("govuk-error-summary"))]
    anchors = re.findall(r'href="#([^"]+)"', summary)
    assert anchors == ["id_child_seen_0", "id_outcome_0", "id_assessment_factors_0", "id_summary"]
    rest = body[body.index("</ul>", body.index("govuk-error-summary")) :]
    assert anchors == sorted(anchors, key=lambda anchor: rest.index(f'id="{anchor}"'))
    closure = SubmitClosureForm({})
    closure.is_valid()
    assert [anchor for anchor, _ in error_list(closure)] == [
        "id_cin_closure_date-day",
        "id_reason_for_closure_0",
        "id_summary",
    ]


# --- 4. Supervision: every error on the first submit -------------------------------------------------


def _supervision(data: dict[str, str]) -> list[str]:
    form = SupervisionForm(data, children=[(1, "Ada"), (2, "Ben")])
    form.is_valid()
    return [message for _, message in error_list(form)]


def test_an_empty_supervision_says_all_at_once() -> None:
    assert _supervision({"held_on-day": "1", "held_on-month": "11", "held_on-year": "2026"}) == [
        "Enter the reflective discussion or a child discussed"
    ]
    future = {"held_on-day": "8", "held_on-month": "12", "held_on-year": "2999"}
    assert _supervision(future) == [
        "Date of the supervision must be today or in the past",
        "Enter the reflective discussion or a child discussed",
    ]
    twice = {**future, "child_1": "1", "decisions_1": "Keep on plan.", "child_2": "1", "action_2": "Ring"}
    assert _supervision(twice) == [
        "Date of the supervision must be today or in the past",
        "Child 2 is already discussed above: put everything about them together",
        "Enter what was decided for child 2",
        "Enter when the action for child 2 is due",
    ]
    assert (
        _supervision({"held_on-day": "1", "held_on-month": "11", "held_on-year": "2026", "reflection": "Ok"})
        == []
    )


def test_supervision_page_shows_the_date_and_the_empty_session_together(walk) -> None:  # type: ignore[no-untyped-def]
    worker = Worker.objects.get(user=walk["sw"])
    url = reverse("supervision-new", args=[worker.pk])
    body = _client(walk["tm"]).post(url, {"held_on-day": "8", "held_on-month": "12", "held_on-year": "2999"})
    text = body.content.decode()
    assert 'href="#id_held_on-day"' in text
    assert 'href="#id_reflection"' in text
    assert "Enter the reflective discussion or a child discussed" in text
