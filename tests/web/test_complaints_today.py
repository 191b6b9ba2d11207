"""The complaints card for the home page (continuum/web/complaints/today.py), with known answers:
the clocks run over Easter 2024 (Good Friday 29 March and Easter Monday 1 April are not working days)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from continuum.complaints import services as c
from continuum.core import roles
from continuum.web.complaints.today import complaints_today
from continuum.web.home_today import _Ask

pytestmark = pytest.mark.django_db


def _complaint(procedure: str, received: date, by, author=None):  # type: ignore[no-untyped-def]
    return c.record_complaint(
        procedure=procedure,
        received=received,
        complainant_name="A Complainant",
        complainant_type="parent",
        category="communication",
        service_area="social_care",
        summary="Calls not returned",
        by=by,
        author=author,
    )


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    officer = make_user("ct-officer", roles.COMPLAINTS_OFFICER)
    manager = make_user("ct-manager", roles.TEAM_MANAGER)
    sw = make_user("ct-sw", roles.SOCIAL_WORKER)
    _complaint("statutory", date(2024, 3, 18), officer)  # due Wed 3 April: overdue
    _complaint("statutory", date(2024, 4, 8), officer)  # due Mon 22 April: not yet due soon
    _complaint("corporate", date(2024, 3, 28), officer, author=manager)  # due Mon 15 April: due soon
    answered = _complaint("statutory", date(2024, 3, 11), officer, author=manager)
    c.respond(answered.stages.get(), on=date(2024, 3, 20), outcome="upheld", letter="Sorry", by=officer)
    # Due Wed 3 April (Good Friday and Easter Monday are not working days): overdue on the 10th.
    c.record_enquiry(received=date(2024, 3, 25), member="Cllr One", summary="Repairs", by=officer)
    c.record_enquiry(received=date(2024, 4, 9), member="Cllr Two", summary="Transport", by=officer)
    done = c.record_enquiry(received=date(2024, 3, 4), member="Cllr Three", summary="School", by=officer)
    c.answer_enquiry(done, on=date(2024, 3, 6), response="Answered")
    return {"officer": officer, "manager": manager, "sw": sw}


def _card(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return complaints_today(_Ask(request, day=date(2024, 4, 10)))


def _lines(card) -> dict[str, tuple[int | None, str, bool]]:  # type: ignore[no-untyped-def]
    return {line.label: (line.count, line.detail, line.urgent) for line in card.lines}


def test_the_officer_sees_every_stage_due_and_the_members_enquiries(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world["officer"])
    assert card.title == "Complaints due"
    assert card.href == "/complaints/"
    assert _lines(card) == {
        "Stages overdue": (1, "The oldest was due Wed 3 Apr.", True),
        "Stages due soon": (1, "The first is due Mon 15 Apr.", False),
        "Open stages in all": (3, "", False),
        "Members' enquiries awaiting an answer": (2, "1 past the 5-working-day clock.", True),
    }


def test_a_response_author_sees_only_their_own_stages(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world["manager"])
    assert card.title == "Complaint responses you must write"
    assert _lines(card) == {
        "Stages overdue": (0, "", False),
        "Stages due soon": (1, "The first is due Mon 15 Apr.", False),
        "Open stages in all": (1, "", False),
    }


def test_no_card_without_complaints_work(world) -> None:  # type: ignore[no-untyped-def]
    assert _card(world["sw"]) is None
