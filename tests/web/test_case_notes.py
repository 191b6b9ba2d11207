"""Case notes: written, corrected as a new version with a reason (never deleted), searched, logged."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import services as notes
from continuum.practice.models import CaseNote, CaseNoteVersion

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("note-sw", roles.SOCIAL_WORKER)
    outsider = make_user("note-outsider", roles.SOCIAL_WORKER)
    analyst = make_user("note-analyst", roles.PERFORMANCE_ANALYST)
    north = create_team(name="Notes North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Notes South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=north, user=sw
    )
    create_worker(first_name="Out", last_name="Sider", start_date=date(2020, 1, 1), team=south, user=outsider)
    kid = s.register_child(first_name="Noted", last_name="Child", person_birth_date=date(2015, 1, 1), by=None)
    s.allocate(child=kid, team=north, worker=worker, start_date=date(2026, 1, 1), by=None)
    return {"sw": sw, "outsider": outsider, "analyst": analyst, "child": kid}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


NOTE = {
    "note_type": "visit",
    "occurred_on-day": "27",
    "occurred_on-month": "11",
    "occurred_on-year": "2026",
    "occurred_time": "14:30",
    "present": "Mother, Noted",
    "what_happened": "Home visit. The kitchen was clean and there was food in the fridge.",
    "childs_voice": "Noted said: 'I like my new school, I have a friend called Jo.'",
}


def test_write_correct_and_read_the_history(world) -> None:  # type: ignore[no-untyped-def]
    client, kid = _client(world["sw"]), world["child"]
    response = client.post(reverse("child-note-new", args=[kid.pk]), NOTE)
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert response["Location"] == reverse("child-note", args=[kid.pk, note.pk])
    first = note.current
    assert first.occurred_at == datetime(2026, 11, 27, 14, 30, tzinfo=LOCAL_ZONE)
    assert first.childs_voice.startswith("Noted said")
    refused = client.post(reverse("child-note-correct", args=[kid.pk, note.pk]), {**NOTE, "reason": ""})
    assert "Say why the note is corrected" in refused.content.decode()
    corrected = {
        **NOTE,
        "occurred_time": "15:30",
        "reason": "Wrong time: the visit was at half past three",
        "version": "1",  # the version the page showed (a correction of a later one is refused)
    }
    assert client.post(reverse("child-note-correct", args=[kid.pk, note.pk]), corrected).status_code == 302
    assert list(note.versions.values_list("number", "reason")) == [
        (1, ""),
        (2, "Wrong time: the visit was at half past three"),
    ]
    page = client.get(reverse("child-note", args=[kid.pk, note.pk])).content.decode()
    assert "27 November 2026 15:30" in page
    assert "Earlier versions" in page
    assert "27 November 2026 14:30" in page
    assert "Wrong time: the visit was at half past three" in page
    # The chronology names the note and its correction, never its words (they stay on the note).
    events = list(ChronologyEvent.objects.filter(child=kid, record_type="casenote").values_list("what", "by"))
    assert events == [
        ("Case note written: visit", world["sw"].pk),
        ("Case note corrected: version 2", world["sw"].pk),
    ]
    chronology = client.get(reverse("child-chronology", args=[kid.pk])).content.decode()
    assert "Case note written: visit" in chronology
    assert "casenote" not in chronology
    assert "kitchen" not in chronology
    logged = set(AccessLogEntry.objects.filter(user=world["sw"]).values_list("action", flat=True))
    assert {"child.note.new", "child.note.correct", "child.note.view"} <= logged


def test_form_errors_are_named(world) -> None:  # type: ignore[no-untyped-def]
    body = _client(world["sw"]).post(reverse("child-note-new", args=[world["child"].pk]), {}).content.decode()
    for message in ("Select the type of note", "Enter the date", "Enter the time", "Enter what happened"):
        assert message in body
    assert not CaseNote.objects.exists()


def test_search_within_a_child_by_post_only(world) -> None:  # type: ignore[no-untyped-def]
    kid, sw = world["child"], world["sw"]
    at = datetime(2026, 11, 20, 10, tzinfo=LOCAL_ZONE)
    notes.write_note(
        child=kid, note_type="phone_call", occurred_at=at, what_happened="Called the school.", by=sw
    )
    notes.write_note(
        child=kid,
        note_type="direct_work",
        occurred_at=at + timedelta(days=1),
        what_happened="Drew the house.",
        childs_voice="Said the dog makes her feel safe.",
        by=sw,
    )
    other = s.register_child(
        first_name="Other", last_name="Child", person_birth_date=date(2014, 1, 1), by=None
    )
    notes.write_note(
        child=other, note_type="visit", occurred_at=at, what_happened="Called the school too.", by=sw
    )
    client = _client(sw)
    url = reverse("child-notes", args=[kid.pk])
    everything = client.get(url).content.decode()
    assert "Called the school." in everything
    assert "Drew the house." in everything
    found = client.post(url, {"words": "DOG"}).content.decode()
    assert "1 note found" in found
    assert "Drew the house." in found
    assert "Called the school" not in found
    assert "1 note found" in client.post(url, {"words": "school"}).content.decode()
    assert AccessLogEntry.objects.filter(action="child.notes.view", record_id=str(kid.pk)).exists()


def test_notes_are_never_deleted_or_rewritten(world) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 11, 20, 10, tzinfo=LOCAL_ZONE)
    note = notes.write_note(
        child=world["child"], note_type="visit", occurred_at=at, what_happened="x", by=world["sw"]
    )
    with pytest.raises(ValueError, match="append-only"):
        note.delete()
    version = note.current
    version.what_happened = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        version.save()
    for sql in (
        "DELETE FROM practice_casenoteversion",
        "UPDATE practice_casenote SET created_by_id = created_by_id",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert CaseNoteVersion.objects.get().what_happened == "x"


def test_the_policy_guards_notes(world) -> None:  # type: ignore[no-untyped-def]
    kid = world["child"]
    at = datetime(2026, 11, 20, 10, tzinfo=LOCAL_ZONE)
    note = notes.write_note(child=kid, note_type="visit", occurred_at=at, what_happened="x", by=world["sw"])
    outsider, analyst = _client(world["outsider"]), _client(world["analyst"])
    for url in (
        reverse("child-notes", args=[kid.pk]),
        reverse("child-note", args=[kid.pk, note.pk]),
        reverse("child-note-new", args=[kid.pk]),
        reverse("child-note-correct", args=[kid.pk, note.pk]),
    ):
        assert "break-glass" in outsider.get(url)["Location"]
        assert analyst.get(url).status_code == 403
    assert AccessLogEntry.objects.filter(user=world["analyst"], action="child.refused").count() == 4
