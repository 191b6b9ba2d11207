"""Pages say dates in the project's words ("7 Dec 2026"), never ISO or 07/12/2026: the clash messages
of the casework forms and the MASH decision, worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from continuum.journey import services as s
from continuum.people.models import Allocation
from tests.web.test_casework_views import client_for, day, hidden, make_world, page_text, url
from tests.web.test_mash_views import decision_data, duty_team, mash, police  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_an_allocation_clash_says_the_new_end_date_in_words(make_user) -> None:  # type: ignore[no-untyped-def]
    world: dict[str, Any] = make_world(make_user)
    allocation = Allocation.objects.get(child=world["child"])
    address = url("child-allocation-end", world, allocation.pk)
    tm = client_for(world["users"]["tm"])
    opened = tm.get(address)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    # Meanwhile the case moves to Kit on 7 March 2024, which ends this allocation that day.
    s.allocate(
        child=world["child"],
        team=world["team"],
        worker=world["kit"],
        start_date=date(2024, 3, 7),
        previous_end_reason="LEFTRL",
        by=None,
    )
    body = page_text(
        tm.post(address, {**answers, **day("end_date", date(2024, 6, 1)), "end_reason": "OTHERS"})
    )
    assert "End date is now: 7 Mar 2024" in body
    assert "2024-03-07" not in body


def test_a_mash_decision_clash_says_when_in_london_time(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    child = s.register_child(
        first_name="Ada", last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=police
    )
    contact = s.record_contact(
        child=child,
        received_at=datetime(2026, 7, 1, 20, 0, tzinfo=UTC),
        referral_source="6",
        consent="obtained",
        concerns="Synthetic concern.",
        by=police,
    )
    client.force_login(mash)
    seen = client.get(f"/mash/contacts/{contact.pk}/decision/").context["form"]["seen"].value()
    # Someone else decides first, at 23:30 UTC on 1 July: 00:30 on 2 July in British Summer Time.
    s.record_mash_decision(
        contact=contact,
        initial_brag="G",
        final_brag="G",
        decision_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC),
        outcome="nfa",
        decision_rationale="Synthetic.",
        expected_version=contact.version,
        by=None,
    )
    body = client.post(
        f"/mash/contacts/{contact.pk}/decision/", decision_data(contact, seen=seen)
    ).content.decode()
    assert "Decision recorded at 2 Jul 2026 00:30" in body
    assert "02/07/2026" not in body
