"""The front door sees history before any decision (issue 18 point 8).

Known answers: a child with an open referral and a child protection plan, two
earlier contacts (one still open), a referral this year and a sister who is
on a referral; the triage page shows each of these before the rating; a
second contact recorded for the child is flagged at intake; the rating's
rationale is kept and shown.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.web.mash.history import history
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import contact_data, make_contact

pytestmark = pytest.mark.django_db

mash = front_door.mash
police = front_door.police
duty_team = front_door.duty_team

REFERRAL = timezone.localdate() - timedelta(days=60)


@pytest.fixture
def known(police):  # type: ignore[no-untyped-def]
    """A contact for Ada, who is on a CP plan, has another open contact, and a sister on a referral."""
    first = make_contact(police)
    child = first.child
    episode = s.open_referral(child=child, cin_referral_date=REFERRAL, referral_source="6", by=None)
    discussion = s.hold_strategy_discussion(
        cin_episode=episode, held_on=REFERRAL, decision_s47=True, agencies_present=["police"], by=None
    )
    s.start_s47(cin_episode=episode, s47_actual_start_date=REFERRAL, strategy_discussion=discussion, by=None)
    icpc = s.hold_icpc(
        cin_episode=episode, conference_date=REFERRAL + timedelta(days=10), outcome="plan", by=None
    )
    s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    sister = s.register_child(
        first_name="Bea", last_name="Lovelace", person_birth_date=date(2013, 2, 2), by=None
    )
    s.open_referral(child=sister, cin_referral_date=REFERRAL, referral_source="6", by=None)
    s.add_relationship(child=child, relationship_type="sibling", related_child=sister, by=None)
    second = s.record_contact(
        child=child,
        received_at=timezone.now() - timedelta(hours=1),
        referral_source="8",
        consent="obtained",
        concerns="Synthetic: a second concern.",
        by=police,
    )
    return {"first": first, "second": second, "child": child, "sister": sister}


def test_history_known_answers(known) -> None:  # type: ignore[no-untyped-def]
    seen = history(known["child"], contact=known["second"])
    assert seen.status == ["Child protection plan", "Open referral"]
    assert [c.pk for c in seen.contacts] == [known["first"].pk]
    assert [c.pk for c in seen.open_contacts] == [known["first"].pk]
    assert [r.cin_referral_date for r in seen.referrals] == [REFERRAL]
    assert seen.siblings == [(known["sister"], ["Open referral"])]


def test_triage_page_shows_the_history_before_the_rating(known, mash) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(mash)
    body = client.get(f"/mash/contacts/{known['second'].pk}/triage/").content.decode()
    history_at = body.index("What is already known about the child")
    assert history_at < body.index("Why this rating?")
    assert "1 other open contact awaiting a decision" in body
    assert f"contact {known['first'].pk}</a>" in body
    assert "Child protection plan</strong>" in body
    assert "Bea Lovelace" in body
    assert "Referrals in the last 12 months" in body
    contact_page = client.get(f"/mash/contacts/{known['second'].pk}/").content.decode()
    assert "What is already known about the child" in contact_page


def test_rating_needs_and_keeps_its_rationale(known, mash) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(mash)
    contact = known["second"]
    url = f"/mash/contacts/{contact.pk}/triage/"
    refused = client.post(url, {"version": contact.version, "initial_brag": "R"})
    assert "Enter why you gave this rating" in refused.content.decode()
    saved = client.post(
        url, {"version": contact.version, "initial_brag": "R", "brag_rationale": "On a CP plan; new injury."}
    )
    assert saved.status_code == 302
    contact.refresh_from_db()
    assert (contact.initial_brag, contact.brag_rationale) == ("R", "On a CP plan; new injury.")
    page = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert "Why this rating" in page
    assert "On a CP plan; new injury." in page


def test_a_second_open_contact_is_flagged_at_intake(known, mash, duty_team) -> None:  # type: ignore[no-untyped-def]
    child = known["child"]
    client = Client()
    client.force_login(mash)
    data = contact_data(
        child_first_name=child.first_name,
        child_last_name=child.last_name,
        **{
            "child_birth_date-day": str(child.person_birth_date.day),
            "child_birth_date-month": str(child.person_birth_date.month),
            "child_birth_date-year": str(child.person_birth_date.year),
        },
    )
    response = client.post(
        "/mash/contacts/new/", {**data, "action": "save", "child_choice": str(child.pk)}, follow=True
    )
    body = response.content.decode()
    assert Contact.objects.filter(child=child).count() == 3
    assert "This child already has an open contact awaiting a decision" in body
