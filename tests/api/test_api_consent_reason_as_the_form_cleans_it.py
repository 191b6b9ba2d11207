"""The partners' API takes a contact through the MASH contact form's own reveal, so the reason to
proceed without consent is kept only when consent was dispensed with; continuum/web/mash/intake.py
no longer blanks it by hand (the browser's route is pinned in tests/web/test_reveals_on_shared_forms.py).

Worked by hand: "obtained" with a reason sent anyway saves the contact with no reason (the question was
not asked, so the answer is dropped, not refused); "dispensed" with "  Risk of harm if told  " saves
"Risk of harm if told" (the form trims the box, as the hand-written strip did).
"""

from __future__ import annotations

import pytest

from continuum.journey.models import Contact
from tests.api.test_api import bearer, contact_json, police, post  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db


def test_a_reason_sent_with_consent_obtained_is_dropped(client, police) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = contact_json(consent="obtained", consent_dispensed_rationale="Risk of harm if told")
    response = post(client, bearer(police), body)
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.consent, contact.consent_dispensed_rationale) == ("obtained", "")


def test_a_reason_sent_with_consent_dispensed_with_is_kept_trimmed(client, police) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = contact_json(consent="dispensed", consent_dispensed_rationale="  Risk of harm if told  ")
    response = post(client, bearer(police), body)
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.consent, contact.consent_dispensed_rationale) == ("dispensed", "Risk of harm if told")
