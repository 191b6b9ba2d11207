"""Working a contact in the browser: triage rating, partner checks one by one, the decision, BRAG changes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import Contact, PartnerCheck
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import decision_data, make_contact

pytestmark = pytest.mark.django_db

# The front-door tests' fixtures, shared rather than copied.
mash = front_door.mash
police = front_door.police
duty_team = front_door.duty_team


def check_data(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "agency": "health",
        "checked_on-day": str(today.day),
        "checked_on-month": str(today.month),
        "checked_on-year": str(today.year),
        "summary": "Synthetic: known to the health visitor, no concerns recorded.",
    }
    data.update(overrides)
    return data


def test_triage_rates_the_contact_and_the_queue_shows_it(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    page = client.get(f"/mash/contacts/{contact.pk}/triage/")
    assert page.status_code == 200
    assert AccessLogEntry.objects.filter(
        user=mash, action="contact.triage", record_id=str(contact.pk)
    ).exists()
    empty = client.post(
        f"/mash/contacts/{contact.pk}/triage/", {"version": contact.version, "initial_brag": ""}
    )
    assert "Select the initial BRAG rating" in empty.content.decode()
    saved = client.post(
        f"/mash/contacts/{contact.pk}/triage/",
        {"version": contact.version, "initial_brag": "A", "brag_rationale": "Bruising seen at school."},
    )
    assert saved["Location"] == f"/mash/contacts/{contact.pk}/"
    assert Contact.objects.get(pk=contact.pk).initial_brag == "A"
    amber = client.get("/mash/", {"brag": "A"}).content.decode()
    assert f"Open contact {contact.pk}" in amber
    assert f"Open contact {contact.pk}" not in client.get("/mash/", {"brag": "none"}).content.decode()


def test_triage_clash_says_what_changed_and_keeps_the_answer(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    seen = client.get(f"/mash/contacts/{contact.pk}/triage/").context["form"]["seen"].value()
    s.record_initial_brag(contact=contact, initial_brag="G", expected_version=contact.version, by=None)
    response = client.post(
        f"/mash/contacts/{contact.pk}/triage/",
        {"version": contact.version, "seen": seen, "initial_brag": "R", "brag_rationale": "Disclosure."},
    )
    body = response.content.decode()
    assert "This contact was changed by someone else while you were editing it" in body
    assert "Initial BRAG rating is now: Green" in body
    assert 'value="R" checked' in body  # the user's answer is kept
    # The form now carries the new version, so saving again works.
    assert response.context["form"]["version"].value() == contact.version + 1
    assert Contact.objects.get(pk=contact.pk).initial_brag == "G"


def test_partner_checks_are_added_one_by_one_and_listed(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    url = f"/mash/contacts/{contact.pk}/partner-checks/new/"
    errors = client.post(
        url, check_data(agency="", summary=" ", **{"checked_on-day": "31", "checked_on-month": "2"})
    )
    body = errors.content.decode()
    assert "Select the agency that did the check" in body
    assert "must be a real date: February" in body
    assert "Enter a summary of what the agency said" in body
    assert 'href="#id_checked_on-day"' in body
    assert not PartnerCheck.objects.exists()
    assert client.post(url, check_data()).status_code == 302
    assert (
        client.post(url, check_data(agency="police", summary="Synthetic: no police record.")).status_code
        == 302
    )
    checks = list(PartnerCheck.objects.order_by("pk").values_list("agency", "summary", "recorded_by"))
    assert checks == [
        ("health", "Synthetic: known to the health visitor, no concerns recorded.", mash.pk),
        ("police", "Synthetic: no police record.", mash.pk),
    ]
    page = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert "Synthetic: known to the health visitor, no concerns recorded." in page
    assert "Synthetic: no police record." in page


def test_a_check_dated_before_the_contact_is_refused_with_the_reason(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    body = client.post(
        f"/mash/contacts/{contact.pk}/partner-checks/new/",
        check_data(**{"checked_on-day": "1", "checked_on-month": "1", "checked_on-year": "2020"}),
    ).content.decode()
    assert "is before the date the contact was received" in body
    assert "Synthetic: known to the health visitor" in body  # what was typed is kept
    assert not PartnerCheck.objects.exists()


def test_decision_after_triage_keeps_the_rating_and_shows_the_brag_change(
    client, mash, police, duty_team
) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    contact = s.record_initial_brag(
        contact=contact, initial_brag="G", expected_version=contact.version, by=mash
    )
    client.force_login(mash)
    form_page = client.get(f"/mash/contacts/{contact.pk}/decision/").content.decode()
    assert 'name="initial_brag"' not in form_page  # the triage rating stands
    assert "Initial BRAG rating (at triage)" in form_page
    data = decision_data(
        contact, initial_brag="", final_brag="A", outcome="early_help", rationale="Synthetic: EH."
    )
    assert client.post(f"/mash/contacts/{contact.pk}/decision/", data).status_code == 302
    decided = Contact.objects.get(pk=contact.pk)
    assert (decided.initial_brag, decided.final_brag, decided.decision_rationale) == (
        "G",
        "A",
        "Synthetic: EH.",
    )
    page = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert "(changed from the initial rating)" in page
    assert "Initial BRAG rating: Green" in page
    assert "MASH decision: Early help (Amber)" in page
    assert "Synthetic: EH." in page
    # Once decided, triage and checks send the user back to the contact.
    for path in ("triage/", "partner-checks/new/"):
        assert (
            client.get(f"/mash/contacts/{contact.pk}/{path}")["Location"] == f"/mash/contacts/{contact.pk}/"
        )


def test_a_check_added_while_the_decision_form_is_open_is_reported(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    seen = client.get(f"/mash/contacts/{contact.pk}/decision/").context["form"]["seen"].value()
    s.record_partner_check(
        contact=contact,
        agency="police",
        checked_on=timezone.localdate(),
        summary="Synthetic: arrest.",
        by=None,
    )
    body = client.post(
        f"/mash/contacts/{contact.pk}/decision/",
        decision_data(contact, seen=seen, final_brag="B", outcome="nfa", rationale="My own words."),
    ).content.decode()
    assert "A partner check was added" in body
    assert "Synthetic: arrest." in body
    assert "My own words." in body
    assert Contact.objects.get(pk=contact.pk).decision_at is None


def test_partner_sees_their_contacts_by_who_made_them(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.core import roles

    own = make_contact(police)
    other = make_contact(make_user("another-officer", roles.PARTNER_POLICE), first="Grace")
    assert own.created_by == police
    client.force_login(police)
    listing = client.get("/mash/my-contacts/").content.decode()
    assert f"Contact {own.pk}" in listing
    assert f"Contact {other.pk}" not in listing
    assert "Lovelace" not in listing  # never the child's name
