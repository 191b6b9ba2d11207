"""The same contact form sent twice (back and resend, a double click) records one contact, not two.

Finding 3: replaying one new-contact POST made a second contact and a second
child record. Each blank form now carries a one-time token, kept on the
contact it records; the form sent again is shown that contact instead.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.people.models import Child, Relationship
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import contact_data

pytestmark = pytest.mark.django_db

mash = front_door.mash
police = front_door.police
existing_muhammad = front_door.existing_muhammad

SIBLING = {
    "sibling-0-first_name": "Amir",
    "sibling-0-last_name": "Khan",
    "sibling-0-birth_date-day": "1",
    "sibling-0-birth_date-month": "2",
    "sibling-0-birth_date-year": "2018",
}


def form_token(client) -> str:  # type: ignore[no-untyped-def]
    """The one-time token of a freshly opened contact form."""
    body = client.get("/mash/contacts/new/").content.decode()
    found = re.search(r'name="submission_token" value="([^"]+)"', body)
    assert found, "the contact form carries a one-time token"
    return found.group(1)


def test_the_same_form_sent_twice_records_one_contact_and_one_child(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    data = contact_data(submission_token=form_token(client), **SIBLING)
    first = client.post("/mash/contacts/new/", data)
    assert first.status_code == 302
    assert first["Location"] == "/mash/"
    contact = Contact.objects.get()

    again = client.post("/mash/contacts/new/", data, follow=True)
    assert again.redirect_chain == [(f"/mash/contacts/{contact.pk}/", 302)]
    body = again.content.decode()
    assert f"This form was already sent: it was recorded as contact {contact.pk}" in body
    # Worked by hand: one contact, the child and the sibling (two children), one sibling link.
    assert Contact.objects.count() == 1
    assert Child.objects.count() == 2
    assert Relationship.objects.count() == 1


def test_a_partner_sending_the_form_again_sees_their_contact(client, police) -> None:  # type: ignore[no-untyped-def]
    client.force_login(police)
    data = contact_data(submission_token=form_token(client))
    client.post("/mash/contacts/new/", data)
    contact = Contact.objects.get()
    again = client.post("/mash/contacts/new/", data)
    assert again["Location"] == f"/mash/contacts/{contact.pk}/"
    assert Contact.objects.count() == 1
    assert Child.objects.count() == 1


def test_the_token_is_carried_through_the_check_for_an_existing_record(
    client, mash, existing_muhammad
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    token = form_token(client)
    check = client.post("/mash/contacts/new/", contact_data(submission_token=token)).content.decode()
    assert f'name="submission_token" value="{token}"' in check
    chosen = contact_data(submission_token=token, action="save", child_choice=str(existing_muhammad.pk))
    client.post("/mash/contacts/new/", chosen)
    again = client.post("/mash/contacts/new/", chosen)
    contact = Contact.objects.get()
    assert again["Location"] == f"/mash/contacts/{contact.pk}/"
    assert contact.child == existing_muhammad


def test_adding_a_sibling_row_keeps_the_token(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    token = form_token(client)
    body = client.post(
        "/mash/contacts/new/", contact_data(submission_token=token, action="add-sibling")
    ).content.decode()
    assert f'name="submission_token" value="{token}"' in body


def test_a_new_form_records_a_new_contact(client, mash) -> None:  # type: ignore[no-untyped-def]
    """The guard stops the same form twice, not a second contact about the same child (its own words)."""
    client.force_login(mash)
    client.post("/mash/contacts/new/", contact_data(submission_token=form_token(client)))
    second = contact_data(
        submission_token=form_token(client),
        action="save",
        child_choice="new",
        concerns="Synthetic: a later call about the same child.",
    )
    client.post("/mash/contacts/new/", second)
    assert Contact.objects.count() == 2


def test_the_database_takes_each_token_once(mash) -> None:  # type: ignore[no-untyped-def]
    """Two requests racing with one form (a double click): the second insert is refused."""
    child = s.register_child(
        first_name="Ada", last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=mash
    )
    made = {
        "child": child,
        "received_at": timezone.now() - timedelta(hours=1),
        "referral_source": "6",
        "consent": "obtained",
        "submission_token": "same-form",
        "by": mash,
    }
    s.record_contact(**made)
    with pytest.raises(IntegrityError):
        s.record_contact(**made)
    # Contacts from no form (the partner API, the bulk load) carry no token and are never refused for it.
    s.record_contact(**{**made, "submission_token": ""})
    s.record_contact(**{**made, "submission_token": ""})


def test_back_then_send_again_with_a_new_token_records_one_contact(client, mash) -> None:  # type: ignore[no-untyped-def]
    """Back reloads the form from the server with a new token while the browser refills what was
    typed. The same person sending the same referrer, concerns and child within the hour is the same
    contact: it is shown, not recorded again. A different concern about the same child is recorded."""
    client.force_login(mash)
    client.post("/mash/contacts/new/", contact_data(submission_token=form_token(client)))
    contact = Contact.objects.get()
    again = client.post("/mash/contacts/new/", contact_data(submission_token=form_token(client)))
    assert again["Location"] == f"/mash/contacts/{contact.pk}/"
    assert (Contact.objects.count(), Child.objects.count()) == (1, 1)
    other = contact_data(submission_token=form_token(client), concerns="Synthetic: a second, new worry.")
    saved = client.post(
        "/mash/contacts/new/", {**other, "action": "save", "child_choice": str(contact.child_id)}
    )
    assert saved.status_code == 302, (
        re.findall(r"govuk-error-message.*?</", saved.content.decode(), re.S)[:3]
        or saved.content.decode()[-3000:]
    )
    assert Contact.objects.count() == 2
