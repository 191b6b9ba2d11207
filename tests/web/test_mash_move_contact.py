"""Finding 3: a partner's contact about a known child made a new record, and the MASH could not move it.

Partners are never shown other children, so their contact makes a new record;
the contact page warns that the child may already have one. The MASH may now
move the contact, while it awaits its decision, to that record, provided the
record made for it holds nothing else. The move is in both chronologies.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, Contact
from continuum.people.models import Child
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import contact_data

pytestmark = pytest.mark.django_db

mash = front_door.mash
police = front_door.police
existing_muhammad = front_door.existing_muhammad

MOVE = "Move this contact to this record"


@pytest.fixture
def police_contact(client, police, existing_muhammad) -> Contact:  # type: ignore[no-untyped-def]
    """Police report "Mohammed Khan", born 4 March 2016: a new record beside the known Muhammad Khan."""
    client.force_login(police)
    client.post("/mash/contacts/new/", contact_data())
    contact = Contact.objects.get()
    assert contact.child != existing_muhammad
    client.logout()
    return contact


def move(client, contact: Contact, child: Child, version: int | None = None):  # type: ignore[no-untyped-def]
    data = {"child": str(child.pk), "version": str(contact.version if version is None else version)}
    return client.post(f"/mash/contacts/{contact.pk}/move/", data, follow=True)


def test_the_mash_moves_the_contact_to_the_existing_record(
    client, mash, police_contact, existing_muhammad
) -> None:  # type: ignore[no-untyped-def]
    made_for_it = police_contact.child
    s.record_partner_check(
        contact=police_contact,
        agency="health",
        checked_on=timezone.localdate(),
        summary="Known to the health visitor.",
        by=mash,
    )
    police_contact.refresh_from_db()
    client.force_login(mash)
    page = client.get(f"/mash/contacts/{police_contact.pk}/").content.decode()
    assert "This child may already have another record" in page
    assert MOVE in page

    moved = move(client, police_contact, existing_muhammad)
    body = moved.content.decode()
    assert moved.redirect_chain == [(f"/mash/contacts/{police_contact.pk}/", 302)]
    assert f"Contact {police_contact.pk} is now on the record of Muhammad Khan" in body
    police_contact.refresh_from_db()
    assert police_contact.child == existing_muhammad
    assert police_contact.checks.get().child == existing_muhammad
    assert not made_for_it.contacts.exists()
    la = existing_muhammad.la_child_id
    assert ChronologyEvent.objects.filter(
        child=made_for_it,
        step="move_contact",
        what=f"Contact {police_contact.pk} moved to the child's existing record, {la}",
    ).exists()
    assert ChronologyEvent.objects.filter(
        child=existing_muhammad,
        step="move_contact",
        what=f"Contact {police_contact.pk} moved to this record from record {made_for_it.la_child_id}, "
        "made for it in error",
    ).exists()


def test_a_decided_contact_is_not_moved(client, mash, police_contact, existing_muhammad) -> None:  # type: ignore[no-untyped-def]
    s.record_mash_decision(
        contact=police_contact,
        initial_brag="G",
        final_brag="G",
        decision_at=timezone.now(),
        outcome="advice",
        expected_version=police_contact.version,
        by=None,
    )
    police_contact.refresh_from_db()
    client.force_login(mash)
    assert MOVE not in client.get(f"/mash/contacts/{police_contact.pk}/").content.decode()
    body = move(client, police_contact, existing_muhammad).content.decode()
    assert "this contact already has a MASH decision" in body
    police_contact.refresh_from_db()
    assert police_contact.child != existing_muhammad


def test_a_record_holding_more_than_the_contact_is_not_emptied(
    client, mash, police, existing_muhammad
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(police)
    with_sibling = {
        "sibling-0-first_name": "Amir",
        "sibling-0-last_name": "Khan",
        "sibling-0-birth_date-day": "1",
        "sibling-0-birth_date-month": "2",
        "sibling-0-birth_date-year": "2018",
    }
    client.post("/mash/contacts/new/", contact_data(**with_sibling))
    contact = Contact.objects.get()
    client.force_login(mash)
    body = move(client, contact, existing_muhammad).content.decode()
    assert "its record holds more than this contact" in body
    assert "so the two records must be merged instead" in body
    contact.refresh_from_db()
    assert contact.child != existing_muhammad


def test_only_a_record_offered_as_the_same_child_may_be_chosen(client, mash, police_contact) -> None:  # type: ignore[no-untyped-def]
    stranger = s.register_child(
        first_name="Grace", last_name="Hopper", person_birth_date=date(2010, 1, 1), by=None
    )
    client.force_login(mash)
    body = move(client, police_contact, stranger).content.decode()
    assert "Choose one of the records listed as possibly the same child" in body
    police_contact.refresh_from_db()
    assert police_contact.child != stranger


def test_a_move_against_an_old_version_is_refused(client, mash, police_contact, existing_muhammad) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    body = move(
        client, police_contact, existing_muhammad, version=police_contact.version - 1
    ).content.decode()
    assert "was changed by someone else after you opened it" in body
    police_contact.refresh_from_db()
    assert police_contact.child != existing_muhammad


def test_a_partner_may_not_move_a_contact(client, police, police_contact, existing_muhammad) -> None:  # type: ignore[no-untyped-def]
    client.force_login(police)
    refused = client.post(
        f"/mash/contacts/{police_contact.pk}/move/",
        {"child": str(existing_muhammad.pk), "version": str(police_contact.version)},
    )
    assert refused.status_code == 403
    police_contact.refresh_from_db()
    assert police_contact.child != existing_muhammad
