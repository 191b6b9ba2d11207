"""From a contact to the child's record, and each sibling linked once however many contacts list him.

Finding 7: the contact page showed the child's name with no link and the
record number nowhere, so the MASH practitioner who recorded the child could
not reach the record. Finding 8: two contacts listing the same sibling linked
him twice.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.people.models import Child, Relationship, RelationshipType
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import contact_data, make_contact

pytestmark = pytest.mark.django_db

mash = front_door.mash
police = front_door.police

LEO = {
    "sibling-0-first_name": "Léo",
    "sibling-0-last_name": "Khan",
    "sibling-0-birth_date-day": "3",
    "sibling-0-birth_date-month": "11",
    "sibling-0-birth_date-year": "2021",
}


# --- Finding 7: the contact page reaches the child's record -------------------------------------


def test_the_contact_page_offers_break_glass_with_the_record_number(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    pk = contact.child_id
    client.force_login(mash)
    body = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert f'Record number</dt><dd class="govuk-summary-list__value">{pk}<br>' in body
    assert f'href="/children/{pk}/break-glass/">Say why you need to open record {pk}</a>' in body
    assert f'href="/children/{pk}/"' not in body  # the MASH holds no reason to open it yet


def test_once_the_record_may_be_opened_the_childs_name_links_to_it(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    pk = contact.child_id
    client.force_login(mash)
    granted = client.post(
        f"/children/{pk}/break-glass/", {"reason": "Referred by me this morning; checking."}
    )
    assert granted.status_code == 302
    body = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert f'<a class="govuk-link" href="/children/{pk}/">Ada Lovelace</a>' in body
    assert "Say why you need to open record" not in body


# --- Finding 8: a sibling is linked once -------------------------------------------------------


def test_two_contacts_listing_the_same_sibling_link_him_once(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    client.post("/mash/contacts/new/", contact_data(**LEO))
    child = Contact.objects.get().child
    # A later contact about the same child (its own words: the same words within the hour are the
    # first form sent again, see test_mash_resubmit).
    later = {**LEO, "concerns": "Synthetic: a second call, the next day."}
    second = contact_data(action="save", child_choice=str(child.pk), **later)
    assert client.post("/mash/contacts/new/", second).status_code == 302
    assert Contact.objects.filter(child=child).count() == 2
    leo = Child.objects.get(first_name="Léo")
    assert Relationship.objects.filter(related_child=leo).count() == 1


def _child(first: str, born: date) -> Child:
    return s.register_child(first_name=first, last_name="Khan", person_birth_date=born, by=None)


def test_link_children_reuses_a_link_recorded_from_either_child() -> None:
    sara, amir = _child("Sara", date(2012, 9, 9)), _child("Amir", date(2018, 2, 1))
    first = s.link_children(
        child=amir, related_child=sara, relationship_type=RelationshipType.SIBLING, by=None
    )
    assert s.link_children(child=amir, related_child=sara, relationship_type="sibling", by=None) == first
    # A sibling reads the same from Sara's side: no second row.
    assert s.link_children(child=sara, related_child=amir, relationship_type="sibling", by=None) == first
    assert Relationship.objects.count() == 1


def test_link_children_adds_another_kind_or_after_the_link_ended() -> None:
    sara, amir = _child("Sara", date(2012, 9, 9)), _child("Amir", date(2018, 2, 1))
    sibling = s.link_children(child=amir, related_child=sara, relationship_type="sibling", by=None)
    half = s.link_children(child=amir, related_child=sara, relationship_type="half_sibling", by=None)
    assert half != sibling
    s.change_relationship(
        relationship=half, expected_version=half.version, end_date=date(2024, 1, 1), by=None
    )
    again = s.link_children(child=amir, related_child=sara, relationship_type="half_sibling", by=None)
    assert again not in (sibling, half)
    assert Relationship.objects.count() == 3
