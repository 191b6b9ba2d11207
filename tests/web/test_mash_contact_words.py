"""Words on a MASH contact's pages, as testers walking the demo read them.

* The child's LAchildID stood in brackets after the name with nothing saying what it was; it now has
  its own labelled row, and the child's brothers and sisters say "LAchildID" before theirs.
* Recording a contact said "Contact N recorded. Reference: contact N.": the number once now.
* "What is already known" counted the referral this contact's own decision opened, so after deciding
  "referral" the page said the child already had an open referral. A referral opened from another
  contact is still known.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.journey import services as s
from continuum.journey.models import CINEpisode, Contact
from tests.web.test_mash_views import (  # noqa: F401  (fixtures)
    contact_data,
    decision_data,
    duty_team,
    make_contact,
    mash,
    police,
)

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def known_section(page: str) -> str:
    """The "What is already known about the child" part of a contact page."""
    return page[page.index('id="history"') : page.index("</dl>", page.index('id="history"'))]


def row(page: str, key: str) -> str:
    """The value of the summary-list row headed ``key``, tags and markup removed."""
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{re.escape(key)}</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert match is not None, key
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_childs_la_child_id_has_a_label(mash, police) -> None:  # noqa: F811
    contact = make_contact(police)
    child = contact.child
    page = logged_in(mash).get(reverse("mash-contact-outcome", args=[contact.pk])).content.decode()
    assert row(page, "Child") == "Ada Lovelace"
    assert row(page, "LAchildID").startswith(child.la_child_id)
    assert f"({child.la_child_id})" not in page  # never a bare reference in brackets


def test_a_sisters_la_child_id_is_labelled_too(mash, police) -> None:  # noqa: F811
    contact = make_contact(police)
    sister = s.register_child(
        first_name="Bea", last_name="Lovelace", person_birth_date=date(2013, 2, 2), by=None
    )
    s.add_relationship(child=contact.child, relationship_type="sibling", related_child=sister, by=None)
    page = logged_in(mash).get(reverse("mash-contact-outcome", args=[contact.pk])).content.decode()
    assert f"Bea Lovelace, born 2 Feb 2013 (LAchildID {sister.la_child_id}): nothing open" in page


def test_recording_a_contact_gives_its_reference_once(mash) -> None:  # noqa: F811
    response = logged_in(mash).post("/mash/contacts/new/", contact_data(action="save"), follow=True)
    contact = Contact.objects.get()
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"Contact recorded. Its reference is contact {contact.pk}."]


def test_the_referral_this_contact_opened_is_not_already_known(mash, police, duty_team) -> None:  # noqa: F811
    contact = make_contact(police)
    client = logged_in(mash)
    decided = client.post(reverse("mash-contact-decide", args=[contact.pk]), decision_data(contact))
    assert decided.status_code == 302
    assert CINEpisode.objects.get(child=contact.child).contact == contact  # the referral it opened
    known = known_section(client.get(reverse("mash-contact-outcome", args=[contact.pk])).content.decode())
    assert row(known, "Open now") == "Nothing open"
    assert row(known, "Referrals in the last 12 months") == "None"


def test_a_referral_from_another_contact_is_still_known(mash, police, duty_team) -> None:  # noqa: F811
    first = make_contact(police)
    second = s.record_contact(
        child=first.child,
        received_at=first.received_at,
        referral_source="8",
        consent="obtained",
        concerns="Synthetic: a second concern.",
        by=police,
    )
    client = logged_in(mash)
    client.post(reverse("mash-contact-decide", args=[first.pk]), decision_data(first))
    referral = CINEpisode.objects.get(contact=first)
    known = known_section(client.get(reverse("mash-contact-outcome", args=[second.pk])).content.decode())
    assert row(known, "Open now") == "Open referral"
    assert row(known, "Referrals in the last 12 months") == (
        f"1 {referral.cin_referral_date.day} {referral.cin_referral_date:%b %Y}: open"
    )
