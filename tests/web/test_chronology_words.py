"""The chronology in words (issue 18 point 6): plain English, key events, filters, the court PDF.

Known answers: the events a child with a child protection plan and a period
in care has are worded exactly as a practitioner would write them, never with
a table name or a bare DfE code; the filters count what they should; the
printable chronology is a PDF whose source holds the child's key details.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.web.children import chronology_pdf
from continuum.web.children import chronology_words as words
from continuum.web.children.pages import banner
from tests.web.test_casework_views import make_world

pytestmark = pytest.mark.django_db

IN_CARE = date(2024, 3, 1)
MOVED = date(2024, 5, 20)
ORDER = date(2024, 6, 3)
TABLE_NAMES = re.compile(
    r"\b(cinepisode|cpplan|claepisode|section47|coregroup|clareview|careleavercontact)\b"
)


def build(make_user: Any) -> dict[str, Any]:
    """A child with a referral, a CP plan for neglect, then care under V2 in U6, a move and an order."""
    world = make_world(make_user, with_cp_plan=True)
    child = world["child"]
    first = s.start_cla_episode(
        child=child, decom=IN_CARE, ls="V2", cin="N1", place="U6", in_borough=True, by=None
    )
    moved = s.change_placement(
        cla_episode=first,
        on=MOVED,
        place="K2",
        in_borough=False,
        reason_place_change="CARPL",
        expected_version=first.version,
        by=None,
    )
    s.change_legal_status(cla_episode=moved, on=ORDER, ls="C2", expected_version=moved.version, by=None)
    return world


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return build(make_user)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_events_read_in_plain_english(world) -> None:
    lines = {e.event.step: e for e in words.entries(ChronologyEvent.objects.filter(child=world["child"]))}
    assert lines["start_cp_plan"].words == "Child protection plan started: neglect"
    assert lines["start_cp_plan"].record == "Child protection plan"
    assert (
        lines["change_placement"].words
        == "Placement changed: change to or implementation of the care plan; now children's home"
    )
    assert lines["change_legal_status"].words == "Legal status changed to full care order"
    assert lines["open_referral"].record == "Referral"
    assert lines["start_cp_plan"].key
    assert lines["start_cla_episode"].key
    assert lines["open_referral"].key
    assert not lines["allocate"].key


def test_bulk_loaded_events_are_worded_from_their_record(world) -> None:
    """The demo history's events ("... (synthetic load)") read like the others, with their codes named."""
    plan = world["plan"]
    event = ChronologyEvent.objects.create(
        child=world["child"],
        occurred_on=ICPC_DAY,
        step=words.SYNTHETIC_STEP,
        what="Child protection plan started (synthetic load)",
        record_type="cpplan",
        record_id=plan.pk,
    )
    (entry,) = words.entries([event])
    assert entry.words == "Child protection plan started: neglect"
    assert entry.key


ICPC_DAY = date(2024, 1, 31)


def test_older_wording_never_shows_a_bare_code() -> None:
    event = ChronologyEvent(
        step="record_annual_outcome", what="Yearly outcomes recorded (OC2)", record_type="x"
    )
    assert words.describe(event) == "Yearly outcomes recorded"
    fields = ChronologyEvent(
        step="update_child", what="Child's details updated: upn, ethnicity", record_type="child"
    )
    assert words.describe(fields) == "Child's details updated: UPN, ethnicity"


def test_page_shows_words_and_filters_by_kind_key_and_date(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    url = reverse("child-chronology", args=[child.pk])
    body = sw.get(url).content.decode()
    assert "Child protection plan started: neglect" in body
    assert "Key event" in body
    assert not TABLE_NAMES.search(body)
    total = ChronologyEvent.objects.filter(child=child).count()
    assert sw.get(url).context["page"].paginator.count == total
    looked_after = sw.get(url, {"type": "looked-after"}).context["page"].paginator.count
    assert looked_after == 3  # started, moved, order
    key = sw.get(url, {"key": "1"}).context["entries"]
    assert all(e.key for e in key)
    assert {e.event.step for e in key} >= {"start_cp_plan", "start_cla_episode"}
    since = sw.get(url, {"from": "1/5/2024", "to": "2024-05-31"}).context["entries"]
    assert [e.words for e in since] == [
        "Placement changed: change to or implementation of the care plan; now children's home"
    ]
    # Nonsense filters are ignored, never an error.
    assert sw.get(url, {"type": "cinepisode", "from": "31/02/2024"}).context["page"].paginator.count == total


def test_csv_export_is_in_words(world) -> None:
    child = world["child"]
    body = client_for(world["users"]["sw"]).get(reverse("child-chronology-export", args=[child.pk]))
    text = body.content.decode()
    assert text.splitlines()[0] == "Date,What happened,Key event,Record,Record number,Recorded by,Recorded at"
    assert "Child protection plan started: neglect,Yes,Child protection plan" in text
    assert not TABLE_NAMES.search(text)


def test_printable_chronology_is_a_logged_pdf_with_the_childs_details(world, rf) -> None:  # type: ignore[no-untyped-def]
    child = world["child"]
    user = world["users"]["sw"]
    response = client_for(user).get(reverse("child-chronology-print", args=[child.pk]), {"key": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Casechild" not in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(user=user, action="child.export", record_id=str(child.pk)).exists()
    request = rf.get("/")
    request.user = user
    request.session = {}
    events = words.filtered(ChronologyEvent.objects.filter(child=child), key_only=True).order_by(
        "occurred_on"
    )
    source = chronology_pdf.document_html(banner(request, child), words.entries(events), {"key_only": True})
    assert "Ada Casechild" in source
    assert "1 June 2010" in source
    assert "Chronology: key events only, oldest first" in source
    assert "Child protection plan started: neglect" in source
    assert "Core group" not in source  # not a key event


def test_analyst_may_not_print_a_chronology(world) -> None:
    response = client_for(world["users"]["analyst"]).get(
        reverse("child-chronology-print", args=[world["child"].pk])
    )
    assert response.status_code == 403
