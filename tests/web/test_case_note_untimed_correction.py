"""Correcting a note given a date but no time (a visit's narrative, a supervision's note).

Such a note is stored at noon because its record carries a day, not a time. The correction form
used to pre-fill its time box with that "12:00", so a correction saved it as if someone had
typed it, and the note's page showed "12:00" on every version. Known answers (today fixed at
Monday 30 November 2026): a visit's narrative of Friday 27 November is stored at noon that day;
its correction to Thursday 26 November is stored at noon on the 26th (already past), and the
page shows "26 November 2026" and "27 November 2026" under "Date", with no time of day.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import narrative
from continuum.practice import services as notes
from continuum.practice.models import CaseNote, NoteType

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("untimed-sw", roles.SOCIAL_WORKER)
    team = create_team(name="Untimed Notes", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Una", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=sw
    )
    kid = s.register_child(first_name="Dated", last_name="Child", person_birth_date=date(2015, 1, 1), by=None)
    s.open_referral(child=kid, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 11, 2), by=None)
    visit = s.record_visit(
        child=kid, kind="cin", visit_date=date(2026, 11, 27), seen=True, worker=worker, by=sw
    )
    note = narrative.write_narrative(
        child=kid, about="visit", record=visit, on=date(2026, 11, 27), what_happened="Seen at home.", by=sw
    )
    assert note is not None
    client = Client()
    client.force_login(sw)
    return {"sw": sw, "child": kid, "note": note, "client": client}


def _correction(**changes: str) -> dict[str, str]:
    form = {
        "note_type": "visit",
        "occurred_on-day": "26",
        "occurred_on-month": "11",
        "occurred_on-year": "2026",
        "present": "",
        "what_happened": "Seen at home with mother.",
        "childs_voice": "",
        "reason": "The visit was on the Thursday",
        "version": "1",
    }
    form.update(changes)
    return form


def test_the_correction_form_asks_no_time_and_offers_no_invented_one(world) -> None:  # type: ignore[no-untyped-def]
    note = world["note"]
    assert note.current.occurred_at == datetime(2026, 11, 27, 12, 0, tzinfo=LOCAL_ZONE)
    url = reverse("child-note-correct", args=[world["child"].pk, note.pk])
    page = world["client"].get(url).content.decode()
    assert 'name="occurred_time"' not in page
    assert "12:00" not in page
    assert "This note was recorded with a date only" in page
    # The date is still offered for correction, as the note reads.
    assert re.search(r'name="occurred_on-day"[^>]*value="27"', page)


def test_saved_with_no_time_the_correction_stays_dated_only(world) -> None:  # type: ignore[no-untyped-def]
    kid, note, client = world["child"], world["note"], world["client"]
    url = reverse("child-note-correct", args=[kid.pk, note.pk])
    # A time posted anyway (an old tab) is not taken: the note has no time to correct.
    response = client.post(url, _correction(occurred_time="09:15"))
    assert response.status_code == 302
    note = CaseNote.objects.get(pk=note.pk)
    assert note.current.number == 2
    assert note.current.occurred_at == datetime(2026, 11, 26, 12, 0, tzinfo=LOCAL_ZONE)
    assert note.current.what_happened == "Seen at home with mother."

    page = client.get(reverse("child-note", args=[kid.pk, note.pk])).content.decode()
    assert "Visit, 26 November 2026</h2>" in page
    # Both versions, the current and the earlier one, give the date alone.
    dates = re.findall(r'key">Date</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
    assert dates == ["26 November 2026", "27 November 2026"]
    assert "Date and time" not in page
    assert "November 2026 12:00" not in page
    assert "09:15" not in page


def test_a_timed_note_keeps_its_time_on_every_version(world) -> None:  # type: ignore[no-untyped-def]
    kid, client = world["child"], world["client"]
    typed = notes.write_note(
        child=kid,
        note_type=NoteType.DIRECT_WORK,
        occurred_at=datetime(2026, 11, 26, 12, 0, tzinfo=LOCAL_ZONE),
        what_happened="Three houses tool.",
        by=world["sw"],
    )
    url = reverse("child-note-correct", args=[kid.pk, typed.pk])
    form = client.get(url).content.decode()
    # A time someone typed, even noon, is theirs: offered back to correct.
    assert re.search(r'name="occurred_time"[^>]*value="12:00"', form)
    missing = client.post(url, _correction(note_type="direct_work", occurred_time=""))
    assert "Enter the time" in missing.content.decode()
    assert typed.versions.count() == 1
    assert client.post(url, _correction(note_type="direct_work", occurred_time="12:30")).status_code == 302
    page = client.get(reverse("child-note", args=[kid.pk, typed.pk])).content.decode()
    times = re.findall(r'key">Date and time</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
    assert times == ["26 November 2026 12:30", "26 November 2026 12:00"]
