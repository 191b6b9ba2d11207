"""Correcting a case note in two tabs: the second save is refused, not written over the first.

Known answer: both tabs open version 1; tab A saves version 2; tab B, still on version 1, is told
"This record was changed by someone else while you were editing it", shown what A changed, and
keeps every word it typed; saving again (now deliberately, against version 2) makes version 3.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse

from continuum.core.timescales import LOCAL_ZONE
from continuum.journey.errors import ConcurrentChangeError
from continuum.practice import services as notes
from continuum.practice.models import CaseNote
from tests.web.test_casework_views import client_for, make_world

pytestmark = pytest.mark.django_db

WRITTEN = {
    "note_type": "visit",
    "occurred_at": datetime(2024, 1, 15, 10, 0, tzinfo=LOCAL_ZONE),
    "what_happened": "Home visit; Ada was at school.",
    "childs_voice": "Ada said she likes her teacher.",
}


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    world["note"] = notes.write_note(child=world["child"], by=world["users"]["sw"], **WRITTEN)
    return world


def _correction(opened: Any, childs_voice: str, reason: str) -> dict[str, str]:
    """What a tab posts: the answers it showed (with its hidden version), one field changed."""
    form = opened.context["form"]
    return {
        "note_type": "visit",
        "occurred_on-day": "15",
        "occurred_on-month": "1",
        "occurred_on-year": "2024",
        "occurred_time": "10:00",
        "present": "",
        "what_happened": WRITTEN["what_happened"],
        "childs_voice": childs_voice,
        "reason": reason,
        "version": str(form["version"].value()),
        "seen_state": str(form["seen_state"].value()),
    }


def test_a_second_tab_is_refused_keeps_its_words_and_saves_deliberately(world) -> None:
    note: CaseNote = world["note"]
    address = reverse("child-note-correct", args=[world["child"].pk, note.pk])
    tab_a, tab_b = client_for(world["users"]["sw"]), client_for(world["users"]["sw"])
    opened_a, opened_b = tab_a.get(address), tab_b.get(address)
    assert str(opened_a.context["form"]["version"].value()) == "1"

    saved = tab_a.post(address, _correction(opened_a, "Ada said: 'I like Miss Jones.'", "Her exact words"))
    assert saved.status_code == 302

    refused = tab_b.post(address, _correction(opened_b, "Ada said she loves school.", "Fuller account"))
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "This record was changed by someone else while you were editing it" in body
    what_a_changed = (
        "The child&#x27;s words, wishes and feelings is now: Ada said: &#x27;I like Miss Jones.&#x27;"
    )
    assert what_a_changed in body
    assert "Ada said she loves school." in body  # what B typed is kept
    assert "Fuller account" in body
    assert list(note.versions.values_list("number", "childs_voice")) == [
        (1, "Ada said she likes her teacher."),
        (2, "Ada said: 'I like Miss Jones.'"),
    ]
    # The re-shown form is on A's version now: saving again is a deliberate choice, and is taken.
    assert str(refused.context["form"]["version"].value()) == "2"
    again = _correction(refused, "Ada said she loves school.", "Fuller account")
    assert tab_b.post(address, again).status_code == 302
    assert note.current.number == 3
    assert note.current.childs_voice == "Ada said she loves school."


def test_the_service_refuses_a_correction_of_a_version_since_corrected(world) -> None:
    note: CaseNote = world["note"]
    sw = world["users"]["sw"]
    notes.correct_note(note, by=sw, reason="Typo", expected_version=1, **WRITTEN)
    with pytest.raises(ConcurrentChangeError):
        notes.correct_note(note, by=sw, reason="Late", expected_version=1, **WRITTEN)
    assert note.versions.count() == 2
