"""The chronology names who recorded each event as colleagues know them, and its "Record" column
says what kind of record it is without the database's number: on the page, in the CSV and in the
printed (PDF) chronology.

Known answers: the social worker "sw" has no name on their account but is the worker Sam Worker;
the manager "tm" has the full name "Tia Hall" on their account; a user with neither is shown by
username; an event the system wrote is "System".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.web.children import chronology_pdf
from continuum.web.children import chronology_words as words
from continuum.web.children.pages import banner
from tests.web.test_casework_views import REFERRAL, client_for, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    tm = world["users"]["tm"]
    tm.first_name, tm.last_name = "Tia", "Hall"
    tm.save()
    world["assessment"] = s.start_assessment(
        cin_episode=world["episode"], assessment_actual_start_date=REFERRAL, by=world["users"]["sw"]
    )
    s.start_cin_plan(cin_episode=world["episode"], cin_plan_start_date=date(2024, 2, 1), by=tm)
    return world


def test_recorded_by_names_the_person(world, make_user) -> None:  # type: ignore[no-untyped-def]
    assert words.recorded_by(world["users"]["sw"]) == "Sam Worker"
    assert words.recorded_by(world["users"]["tm"]) == "Tia Hall"
    assert words.recorded_by(make_user("nameless-1")) == "nameless-1"
    assert words.recorded_by(None) == "System"


def test_the_page_shows_names_and_record_kinds_without_numbers(world) -> None:
    child, assessment = world["child"], world["assessment"]
    body = client_for(world["users"]["sw"]).get(reverse("child-chronology", args=[child.pk])).content.decode()
    assert '<td class="govuk-table__cell">Sam Worker<br>' in body
    assert '<td class="govuk-table__cell">Tia Hall<br>' in body
    assert '<td class="govuk-table__cell">sw<br>' not in body
    assert '<td class="govuk-table__cell">Assessment</td>' in body
    assert f"Assessment {assessment.pk}" not in body


def test_the_csv_and_the_pdf_name_the_person(world, rf) -> None:  # type: ignore[no-untyped-def]
    child, sw = world["child"], world["users"]["sw"]
    text = client_for(sw).get(reverse("child-chronology-export", args=[child.pk])).content.decode()
    assessment_line = next(line for line in text.splitlines() if line.split(",")[1] == "Assessment started")
    assert assessment_line.split(",")[5] == "Sam Worker"
    request = rf.get("/")
    request.user = sw
    request.session = {}
    events = ChronologyEvent.objects.filter(child=child).order_by("occurred_on")
    source = chronology_pdf.document_html(banner(request, child), words.entries(events), {})
    assert "<td>Sam Worker</td>" in source
    assert "<td>Tia Hall</td>" in source
    assert "<td>sw</td>" not in source
