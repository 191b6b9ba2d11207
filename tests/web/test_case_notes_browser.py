"""A social worker writes a case note with the child's own words, corrects it, and searches: real browser.

Each page is checked with axe-core (empty and with errors); the note with its
history is photographed into tests/artifacts/case-note.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice.models import CaseNote
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = date(2026, 11, 30)


def test_case_note_written_corrected_and_searched(page, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("sw", roles.SOCIAL_WORKER)
    team = create_team(name="Notes North", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=sw
    )
    child = s.register_child(
        first_name="Ava", last_name="Notetest", person_birth_date=date(2015, 1, 1), by=None
    )
    s.allocate(child=child, team=team, worker=worker, start_date=date(2026, 1, 1), by=None)

    sign_in(page, "sw")
    page.wait_for_url("**/")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Case notes").click()
    expect(page.get_by_text("No case notes yet.")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("link", name="Write a case note").click()
    page.get_by_role("button", name="Save case note").click()
    expect(page.get_by_role("link", name="Enter what happened")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Direct work").check()
    fill_date(page, "occurred_on", date(2026, 11, 27))
    page.get_by_label("Time").fill("14:30")
    page.get_by_label("Who was present").fill("Ava; Sam Worker")
    page.get_by_label("What happened").fill(
        "Worked with Ava on her three houses: worries, good things, dreams."
    )
    page.get_by_label("The child's words, wishes and feelings").fill(
        "'When mum shouts I go to my room and hug the dog.' Ava wants to stay at her school."
    )
    page.get_by_role("button", name="Save case note").click()
    expect(page.get_by_text("Case note saved.")).to_be_visible()

    page.get_by_role("link", name="Correct this note").click()
    page.get_by_label("Time").fill("15:30")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("link", name="Say why the note is corrected")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Why are you correcting the note?").fill(
        "Wrong time: the session began at half past three"
    )
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="Earlier versions")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "case-note")
    assert CaseNote.objects.get().versions.count() == 2

    page.get_by_role("link", name="All case notes").click()
    page.get_by_label("Search this child's notes").fill("dog")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 note found.")).to_be_visible()
    assert "dog" not in page.url
    assert axe_problems(page) == []
