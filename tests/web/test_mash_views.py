"""The MASH front door through the test client: validation, duplicates, routing, permissions, logs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.core.timescales import load_rules, rules_by_code
from continuum.journey import services as s
from continuum.journey.models import CINEpisode, Contact
from continuum.people.models import Allocation, Child, Relationship, TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.mash.views import clock_for

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture
def duty_team():  # type: ignore[no-untyped-def]
    return create_team(name="Duty and Assessment North", team_type=TeamType.DUTY_ASSESSMENT)


@pytest.fixture
def mash(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user("mash-worker", roles.MASH_PRACTITIONER)


@pytest.fixture
def mash_team():  # type: ignore[no-untyped-def]
    return create_team(name="MASH", team_type=TeamType.MASH)


@pytest.fixture
def manager(make_user, mash_team) -> User:  # type: ignore[no-untyped-def]
    """The MASH team's manager (a manager elsewhere must break the glass: see test_mash_access)."""
    user = make_user("team-manager", roles.TEAM_MANAGER)
    create_worker(
        first_name="Tess",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        role="team_manager",
        team=mash_team,
        user=user,
    )
    return user


@pytest.fixture
def police(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user("police-officer", roles.PARTNER_POLICE)


def make_contact(
    by: User | None, *, first: str = "Ada", last: str = "Lovelace", source: str = "6"
) -> Contact:
    child = s.register_child(first_name=first, last_name=last, person_birth_date=date(2015, 6, 1), by=by)
    return s.record_contact(
        child=child,
        received_at=timezone.now() - timedelta(hours=2),
        referral_source=source,
        consent="obtained",
        concerns="Synthetic concern.",
        by=by,
    )


def contact_data(**overrides: str) -> dict[str, str]:
    data = {
        "referral_source": "6",
        "referrer_name": "PC Test Person",
        "referrer_role": "Constable",
        "referrer_organisation": "Synthetic Constabulary",
        "referrer_phone": "01632 960 001",
        "referrer_email": "",
        "child_first_name": "Mohammed",
        "child_last_name": "Khan",
        "child_birth_date-day": "4",
        "child_birth_date-month": "3",
        "child_birth_date-year": "2016",
        "child_sex": "M",
        "child_postcode": "N1 9GU",
        "concerns": "Synthetic: child seen with bruising.",
        "consent": "obtained",
        "consent_dispensed_rationale": "",
        "sibling-TOTAL_FORMS": "1",
        "sibling-INITIAL_FORMS": "0",
        "sibling-MIN_NUM_FORMS": "0",
        "sibling-MAX_NUM_FORMS": "10",
        "sibling-0-first_name": "",
        "sibling-0-last_name": "",
        "sibling-0-birth_date-day": "",
        "sibling-0-birth_date-month": "",
        "sibling-0-birth_date-year": "",
        "action": "continue",
    }
    data.update(overrides)
    return data


def decision_data(contact: Contact, **overrides: str) -> dict[str, str]:
    data = {
        "version": str(contact.version),
        "seen": "",
        "initial_brag": "A",
        "final_brag": "R",
        "outcome": "referral",
        "team": "",
        "rationale": "Synthetic: injuries need assessment.",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- Permissions matrix ---------------------------------------------------------------------

#: A head of service holds a team manager's rights (continuum/core/roles.py ``acts_as``).
MANAGERS = {roles.TEAM_MANAGER.slug, roles.HEAD_OF_SERVICE.slug}
STAFF = {roles.MASH_PRACTITIONER.slug, *MANAGERS}
PARTNERS = {roles.PARTNER_POLICE.slug, roles.PARTNER_HEALTH.slug, roles.PARTNER_EDUCATION.slug}
ALLOWED = {
    "queue": STAFF,
    "new": STAFF | PARTNERS,
    "mine": PARTNERS,
    "outcome-other": STAFF,  # a contact someone else made
    "triage": STAFF,
    "check": STAFF,
    "decide": STAFF,
    # The MASH team's managers and heads of service: the tester has no worker record, so a team
    # manager here manages no MASH team (test_mash_oversight_scope.py has the MASH's own manager).
    "oversee": {roles.HEAD_OF_SERVICE.slug},
    "break-glass": STAFF,
}
#: Pages about one contact's child: a team manager outside the MASH team is offered break glass.
CHILD_PAGES = {"outcome-other", "triage", "check", "decide", "oversee"}


def expected_status(role: roles.Role, view: str) -> int:
    """200 where allowed, 403 where not; 302 where the page sends the user on (worked out by hand).

    The tester has no worker record, so a team manager here is outside the MASH
    team: refused the oversight page (403), the other contact pages send them to
    break glass (302), and the break-glass page asks their reason (200). A MASH
    practitioner already sees every contact's child, and so does a head of service (who
    oversees the MASH's decisions), so the break-glass page sends them straight back (302).
    """
    if role.slug not in ALLOWED[view]:
        return 403
    if role == roles.TEAM_MANAGER and view in CHILD_PAGES:
        return 302
    if role in (roles.MASH_PRACTITIONER, roles.HEAD_OF_SERVICE) and view == "break-glass":
        return 302
    return 200


@pytest.mark.parametrize("role", roles.ALL_ROLES, ids=lambda r: r.slug)
def test_permissions_matrix(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    someone = make_user("someone-else", roles.PARTNER_POLICE)
    undecided = make_contact(someone)
    decided = make_contact(someone, first="Grace", last="Hopper")
    s.record_mash_decision(
        contact=decided,
        initial_brag="G",
        final_brag="G",
        decision_at=timezone.now(),
        outcome="advice",
        expected_version=decided.version,
        by=None,
    )
    urls = {
        "queue": "/mash/",
        "new": "/mash/contacts/new/",
        "mine": "/mash/my-contacts/",
        "outcome-other": f"/mash/contacts/{undecided.pk}/",
        "triage": f"/mash/contacts/{undecided.pk}/triage/",
        "check": f"/mash/contacts/{undecided.pk}/partner-checks/new/",
        "decide": f"/mash/contacts/{undecided.pk}/decision/",
        "oversee": f"/mash/contacts/{decided.pk}/oversight/",
        "break-glass": f"/mash/contacts/{undecided.pk}/break-glass/",
    }
    client.force_login(make_user("tester", role))
    for view, url in urls.items():
        response = client.get(url)
        assert response.status_code == expected_status(role, view), (role.slug, view)
        if response.status_code == 302 and view in CHILD_PAGES:
            assert (
                response["Location"]
                == f"/mash/contacts/{undecided.pk if view != 'oversee' else decided.pk}/break-glass/"
            )


def test_anonymous_users_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/mash/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_partner_sees_the_outcome_of_their_own_contact_only(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    own = make_contact(police)
    other = make_contact(make_user("other-police", roles.PARTNER_POLICE), first="Other")
    client.force_login(police)
    page = client.get(f"/mash/contacts/{own.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Awaiting a decision" in body
    assert "Lovelace" not in body  # nothing else about the child
    assert client.get(f"/mash/contacts/{other.pk}/").status_code == 403
    listing = client.get("/mash/my-contacts/").content.decode()
    assert f"Contact {own.pk}" in listing
    assert f"Contact {other.pk}" not in listing


def test_home_page_lists_the_front_door_for_the_roles_that_use_it(client, make_user) -> None:  # type: ignore[no-untyped-def]
    for role in roles.ALL_ROLES:
        client.force_login(make_user(f"home-{role.slug}", role))
        listed = "Front door (MASH)" in client.get("/").content.decode()
        assert listed == (role.slug in STAFF | PARTNERS), role.slug
        client.logout()


# --- Contact form validation ------------------------------------------------------------------


def test_empty_contact_form_names_every_missing_field_and_links_to_it(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    data = {k: "" for k in contact_data()} | {
        "sibling-TOTAL_FORMS": "1",
        "sibling-INITIAL_FORMS": "0",
        "action": "continue",
    }
    body = client.post("/mash/contacts/new/", data).content.decode()
    assert "There is a problem" in body
    for anchor, message in [
        ("id_referral_source", "Select the agency the contact came from"),
        ("id_referrer_name", "Enter the referrer&#x27;s full name"),
        ("id_referrer_phone", "Enter the referrer&#x27;s phone number or email address"),
        ("id_child_first_name", "Enter the child&#x27;s first name"),
        (
            "id_child_birth_date-day",
            "Enter the child&#x27;s date of birth, or select &#x27;The child is not born yet&#x27;",
        ),
        ("id_child_sex_0", "Select the child&#x27;s sex"),
        ("id_concerns", "Enter the concerns about the child"),
        ("id_consent_0", "Select whether consent was obtained or dispensed with"),
    ]:
        assert f'<a href="#{anchor}">{message}' in body, message
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "anchor"),
    [
        (
            "30",
            "2",
            "2020",
            "Child&#x27;s date of birth must be a real date: February 2020 has 29 days",
            "day",
        ),
        ("31", "4", "2019", "Child&#x27;s date of birth must be a real date: April 2019 has 30 days", "day"),
        ("3", "13", "2019", "the month must be between 1 and 12", "month"),
        ("3", "", "2019", "Child&#x27;s date of birth must include a month", "month"),
        ("3", "4", "19", "Year in child&#x27;s date of birth must include 4 numbers", "year"),
        ("x", "4", "2019", "must be a real date, written in numbers", "day"),
        ("1", "1", "2999", "Child&#x27;s date of birth must be today or in the past", "day"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(
    client, mash, day, month, year, message, anchor
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    data = contact_data(
        **{"child_birth_date-day": day, "child_birth_date-month": month, "child_birth_date-year": year}
    )
    body = client.post("/mash/contacts/new/", data).content.decode()
    assert message in body
    assert f'href="#id_child_birth_date-{anchor}"' in body
    # Nothing typed is lost.
    assert 'value="PC Test Person"' in body
    assert f'value="{day}"' in body
    assert "Synthetic: child seen with bruising." in body


def test_dispensed_consent_needs_a_rationale(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    body = client.post("/mash/contacts/new/", contact_data(consent="dispensed")).content.decode()
    assert (
        '<a href="#id_consent_dispensed_rationale">Enter why it was right to proceed without consent' in body
    )
    # The reveal stays open so the user sees the box with the error ("Consent dispensed with" is
    # the second answer, id_consent_1, so its block is conditional-id_consent_1).
    assert 'id="conditional-id_consent_1"' in body
    assert "govuk-radios__conditional--hidden" not in body.split('id="conditional-id_consent_1"')[0][-200:]


def test_bad_email_and_postcode_are_refused(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    body = client.post(
        "/mash/contacts/new/", contact_data(referrer_email="not-an-email", child_postcode="XYZ")
    ).content.decode()
    assert "Enter an email address in the correct format" in body
    assert "Enter a real postcode, like N1 9GU" in body


def test_half_filled_sibling_row_is_refused(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    body = client.post(
        "/mash/contacts/new/", contact_data(**{"sibling-0-first_name": "Amir"})
    ).content.decode()
    assert '<a href="#id_sibling-0-last_name">Enter the sibling&#x27;s last name' in body
    assert '<a href="#id_sibling-0-birth_date-day">Enter the sibling&#x27;s date of birth' in body


def test_add_another_sibling_keeps_what_was_typed_without_errors(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    data = contact_data(action="add-sibling", **{"sibling-0-first_name": "Amir", "referrer_name": ""})
    body = client.post("/mash/contacts/new/", data).content.decode()
    assert "There is a problem" not in body
    assert 'name="sibling-1-first_name"' in body
    assert 'value="Amir"' in body


# --- Saving and the duplicate check -----------------------------------------------------------


def test_new_child_contact_with_two_siblings(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    data = contact_data(
        **{
            "sibling-TOTAL_FORMS": "2",
            "sibling-0-first_name": "Amir",
            "sibling-0-last_name": "Khan",
            "sibling-0-birth_date-day": "1",
            "sibling-0-birth_date-month": "2",
            "sibling-0-birth_date-year": "2018",
            "sibling-1-first_name": "Sara",
            "sibling-1-last_name": "Khan",
            "sibling-1-birth_date-day": "9",
            "sibling-1-birth_date-month": "9",
            "sibling-1-birth_date-year": "2012",
        }
    )
    response = client.post("/mash/contacts/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/mash/"
    contact = Contact.objects.get()
    assert contact.child.first_name == "Mohammed"
    assert (
        contact.referrer_name,
        contact.referrer_role,
        contact.referrer_organisation,
        contact.referrer_phone,
        contact.referrer_email,
    ) == ("PC Test Person", "Constable", "Synthetic Constabulary", "01632 960 001", "")
    assert contact.created_by == mash
    assert contact.child.addresses.get().address.postcode == "N1 9GU"
    siblings = Relationship.objects.filter(child=contact.child, relationship_type="sibling")
    assert sorted(r.related_child.first_name for r in siblings) == ["Amir", "Sara"]


@pytest.fixture
def existing_muhammad(mash) -> Child:  # type: ignore[no-untyped-def]
    child = s.register_child(
        first_name="Muhammad", last_name="Khan", person_birth_date=date(2016, 3, 4), by=mash
    )
    s.record_address(child=child, start_date=date(2020, 1, 1), postcode="N1 9GU", by=mash)
    return child


def test_possible_existing_record_is_offered_with_reasons_then_chosen(
    client, mash, existing_muhammad
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    check = client.post("/mash/contacts/new/", contact_data())
    body = check.content.decode()
    assert "Is this child already known?" in body
    assert "same date of birth; same surname; first name sounds the same; same postcode" in body
    assert Child.objects.count() == 1  # nothing created yet
    assert AccessLogEntry.objects.filter(action="contact.match", record_id=str(existing_muhammad.pk)).exists()
    # Everything typed is carried through the check page.
    assert 'name="concerns" value="Synthetic: child seen with bruising."' in body

    refused = client.post("/mash/contacts/new/", contact_data(action="save")).content.decode()
    assert "Select an existing record for this child, or say it is a new child" in refused
    tampered = client.post("/mash/contacts/new/", contact_data(action="save", child_choice="999999"))
    assert "Select an existing record" in tampered.content.decode()

    saved = client.post(
        "/mash/contacts/new/", contact_data(action="save", child_choice=str(existing_muhammad.pk))
    )
    assert saved.status_code == 302
    assert Contact.objects.get().child == existing_muhammad
    assert Child.objects.count() == 1


def test_user_may_confirm_a_new_child_instead(client, mash, existing_muhammad) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    client.post("/mash/contacts/new/", contact_data(action="save", child_choice="new"))
    assert Child.objects.count() == 2
    assert Contact.objects.get().child != existing_muhammad


def test_partners_are_never_shown_other_children(client, police, existing_muhammad) -> None:  # type: ignore[no-untyped-def]
    client.force_login(police)
    response = client.post("/mash/contacts/new/", contact_data())
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mash/contacts/{contact.pk}/"
    assert contact.child != existing_muhammad  # the MASH sees the possible duplicate on the decision page


# --- Queue -------------------------------------------------------------------------------------


def test_queue_lists_undecided_contacts_with_clock_and_filters(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    police_contact = make_contact(police)
    school_contact = make_contact(police, first="Grace", last="Hopper", source="2A")
    client.force_login(mash)
    body = client.get("/mash/").content.decode()
    assert f"Open contact {police_contact.pk}" in body
    assert f"Open contact {school_contact.pk}" in body
    assert "Not yet rated" in body
    assert "within 1 working day of the contact being received" in body
    filtered = client.get("/mash/", {"source": "2A"}).content.decode()
    assert f"Open contact {school_contact.pk}" in filtered
    assert f"Open contact {police_contact.pk}" not in filtered
    assert f"Open contact {police_contact.pk}" not in client.get("/mash/", {"brag": "R"}).content.decode()
    assert (
        f"Open contact {police_contact.pk}" not in client.get("/mash/", {"age": "over-3d"}).content.decode()
    )
    assert f"Open contact {police_contact.pk}" in client.get("/mash/", {"age": "under-24h"}).content.decode()
    # Unknown filter values are ignored, not an error.
    assert client.get("/mash/", {"sort": "bogus"}).status_code == 200
    logged = set(
        AccessLogEntry.objects.filter(user=mash, action="mash.queue").values_list("record_id", flat=True)
    )
    assert {str(police_contact.pk), str(school_contact.pk)} <= logged


def test_clock_counts_working_days_from_the_timescale_rule(police) -> None:  # type: ignore[no-untyped-def]
    rule = rules_by_code(load_rules())["mash_decision"]
    contact = Contact(received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON))  # a Friday
    friday = clock_for(contact, rule, datetime(2025, 3, 7, 12, 0, tzinfo=LONDON))
    assert friday.due == date(2025, 3, 10)
    assert friday.text == "1 working day left (due Mon 10 Mar)"
    monday = clock_for(contact, rule, datetime(2025, 3, 10, 14, 0, tzinfo=LONDON))
    assert monday.text == "10 hours left (by the end of today)"  # the tag says "Due today"
    assert monday.tag_text == "Due today"  # the words the trays use for an item due today
    wednesday = clock_for(contact, rule, datetime(2025, 3, 12, 9, 0, tzinfo=LONDON))
    assert wednesday.text == "Overdue by 2 working days (was due Mon 10 Mar)"
    assert wednesday.tag_text == "Overdue"
    assert clock_for(contact, None, datetime(2025, 3, 12, tzinfo=LONDON)).text == "No timescale set"


def test_the_clock_stops_at_the_decision(police) -> None:  # type: ignore[no-untyped-def]
    """Received Friday 7 March 2025, due Monday 10th. Decided Monday at 16:30: on time, however late the
    oversight comes. Decided Wednesday 12th: two working days after the deadline (Tuesday, Wednesday)."""
    rule = rules_by_code(load_rules())["mash_decision"]
    received = datetime(2025, 3, 7, 10, 0, tzinfo=LONDON)
    weeks_later = datetime(2025, 3, 31, 9, 0, tzinfo=LONDON)
    on_time = clock_for(
        Contact(received_at=received, decision_at=datetime(2025, 3, 10, 16, 30, tzinfo=LONDON)),
        rule,
        weeks_later,
    )
    assert on_time.text == "Decided Mon 10 Mar at 16:30, within the deadline (Mon 10 Mar)"
    assert (on_time.tag_text, on_time.tag_class) == ("Decided on time", "govuk-tag--green")
    late = clock_for(
        Contact(received_at=received, decision_at=datetime(2025, 3, 12, 9, 15, tzinfo=LONDON)),
        rule,
        weeks_later,
    )
    assert late.text == "Decided Wed 12 Mar at 09:15, 2 working days after the deadline (Mon 10 Mar)"
    assert (late.tag_text, late.tag_class) == ("Decided late", "govuk-tag--red")


def test_the_contact_page_shows_what_is_known_and_the_ratings_apart(mash) -> None:  # type: ignore[no-untyped-def]
    """The contact page held two things under one name: what is known about the child (the front door's
    history) and the contact's own ratings. The ratings won, so the page said "Nothing open" for a child
    with an open referral. Both now show."""
    child = s.register_child(
        first_name="Known", last_name="Before", person_birth_date=date(2016, 5, 1), by=None
    )
    s.open_referral(child=child, cin_referral_date=date(2025, 1, 6), referral_source="1B", by=None)
    contact = s.record_contact(
        child=child,
        received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON),
        referral_source="1B",
        consent="obtained",
        concerns="Synthetic concern.",
        by=None,
    )
    s.record_initial_brag(contact=contact, initial_brag="A", expected_version=contact.version, by=None)
    client = Client()
    client.force_login(mash)
    page = client.get(reverse("mash-contact-outcome", args=[contact.pk])).content.decode()
    known = page[page.index('id="history"') : page.index("Ratings and changes")]
    assert "Nothing open" not in known
    assert "govuk-tag--blue" in known  # the open referral, as a tag under "Open now"
    assert "Ratings and changes" in page


# --- Decision, routing and oversight ---------------------------------------------------------------


def test_decision_form_validation(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    data = decision_data(contact, initial_brag="", final_brag="", outcome="", rationale="")
    body = client.post(f"/mash/contacts/{contact.pk}/decision/", data).content.decode()
    for message in [
        "Select the initial BRAG rating",
        "Select the final BRAG rating",
        "Select the outcome of the contact",
        "Enter the rationale for the decision",
    ]:
        assert message in body, message
    contact.refresh_from_db()
    assert contact.decision_at is None


def test_referral_opens_a_cin_episode_allocated_to_duty_and_assessment(
    client, mash, police, duty_team
) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    get = client.get(f"/mash/contacts/{contact.pk}/decision/")
    assert AccessLogEntry.objects.filter(
        user=mash, action="contact.decide", record_id=str(contact.pk)
    ).exists()
    seen = get.context["form"]["seen"].value()
    response = client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact, seen=seen))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.initial_brag, contact.final_brag, contact.outcome) == ("A", "R", "referral")
    assert contact.decision_rationale == "Synthetic: injuries need assessment."
    assert contact.manager_oversight_note == ""
    episode = CINEpisode.objects.get(child=contact.child)
    assert episode.contact == contact
    assert episode.referral_source == "6"
    assert episode.is_open
    allocation = Allocation.objects.get(child=contact.child, end_date__isnull=True)
    assert allocation.team == duty_team
    assert allocation.worker is None


def test_other_outcomes_open_no_referral(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact, outcome="early_help"))
    assert Contact.objects.get(pk=contact.pk).outcome == "early_help"
    assert not CINEpisode.objects.exists()
    assert not Allocation.objects.exists()


def test_referral_with_several_duty_teams_asks_which(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    second = create_team(name="Duty and Assessment South", team_type=TeamType.DUTY_ASSESSMENT)
    contact = make_contact(police)
    client.force_login(mash)
    body = client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact)).content.decode()
    assert "Select the duty and assessment team to refer to" in body
    client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact, team=str(second.pk)))
    assert Allocation.objects.get(child=contact.child).team == second


def test_referral_without_a_duty_team_is_refused_and_nothing_is_saved(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    body = client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact)).content.decode()
    assert "There is no active duty and assessment team to refer to" in body
    assert Contact.objects.get(pk=contact.pk).decision_at is None


def test_a_service_refusal_rolls_back_the_decision(client, mash, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    s.open_referral(child=contact.child, cin_referral_date=timezone.localdate(), referral_source="6", by=None)
    client.force_login(mash)
    body = client.post(f"/mash/contacts/{contact.pk}/decision/", decision_data(contact)).content.decode()
    assert "already has an open referral" in body
    assert Contact.objects.get(pk=contact.pk).decision_at is None


def test_concurrent_change_is_reported_with_what_changed_and_input_kept(
    client, mash, police, duty_team
) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(mash)
    seen = client.get(f"/mash/contacts/{contact.pk}/decision/").context["form"]["seen"].value()
    s.update_contact(
        contact=contact, expected_version=contact.version, concerns="Changed elsewhere.", by=None
    )
    body = client.post(
        f"/mash/contacts/{contact.pk}/decision/", decision_data(contact, seen=seen, rationale="My own words.")
    ).content.decode()
    assert "This contact was changed by someone else while you were editing it" in body
    assert "Concerns was changed" in body
    assert "My own words." in body
    assert Contact.objects.get(pk=contact.pk).decision_at is None


def test_manager_oversees_others_decisions_never_their_own(client, manager, police, duty_team) -> None:  # type: ignore[no-untyped-def]
    first = make_contact(police)
    client.force_login(manager)
    # Nobody authorises their own work (issue 18 point 2): the decision form offers no oversight box (it
    # could only ever be the manager's own decision), and a box posted anyway signs nothing off.
    form = client.get(f"/mash/contacts/{first.pk}/decision/").content.decode()
    assert "sign off this decision now" not in form
    assert 'name="oversight"' not in form
    data = decision_data(first, outcome="advice", oversight="on", oversight_note="Agreed.")
    assert client.post(f"/mash/contacts/{first.pk}/decision/", data).status_code == 302
    first.refresh_from_db()
    assert first.decision_at is not None
    assert (first.manager_oversight_at, first.manager_oversight_note) == (None, "")
    # Their own decision is not offered for their oversight: not in the queue, not on the contact page,
    # and the oversight page sends them back; a POST to it is still refused by the service.
    assert f"Oversee contact {first.pk}" not in client.get("/mash/", {"stage": "oversight"}).content.decode()
    assert "Sign off the decision" not in client.get(f"/mash/contacts/{first.pk}/").content.decode()
    sent_back = client.get(f"/mash/contacts/{first.pk}/oversight/", follow=True).content.decode()
    assert f"You made the decision on contact {first.pk}: another manager signs it off." in sent_back
    own = client.post(f"/mash/contacts/{first.pk}/oversight/", {"version": first.version, "note": "Fine."})
    assert "a manager cannot oversee their own decision; another manager must." in own.content.decode()
    first.refresh_from_db()
    assert first.manager_oversight_at is None

    later = make_contact(police, first="Grace", last="Hopper")
    later = s.record_mash_decision(
        contact=later,
        initial_brag="G",
        final_brag="B",
        decision_at=timezone.now(),
        outcome="nfa",
        decision_rationale="Synthetic.",
        expected_version=later.version,
        by=None,
    )
    queue = client.get("/mash/", {"stage": "oversight"}).content.decode()
    assert f"Oversee contact {later.pk}" in queue
    assert "Blue" in queue
    empty = client.post(f"/mash/contacts/{later.pk}/oversight/", {"version": later.version, "note": ""})
    assert "Enter your oversight note" in empty.content.decode()
    client.post(f"/mash/contacts/{later.pk}/oversight/", {"version": later.version, "note": "Agreed NFA."})
    later.refresh_from_db()
    assert later.manager_oversight_at is not None
    assert (later.decision_rationale, later.manager_oversight_note) == ("Synthetic.", "Agreed NFA.")
    assert AccessLogEntry.objects.filter(
        user=manager, action="contact.oversee", record_id=str(later.pk)
    ).exists()


def test_a_decided_contact_is_not_decided_again(client, mash, police) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    s.record_mash_decision(
        contact=contact,
        initial_brag="G",
        final_brag="G",
        decision_at=timezone.now(),
        outcome="advice",
        expected_version=contact.version,
        by=None,
    )
    client.force_login(mash)
    response = client.get(f"/mash/contacts/{contact.pk}/decision/")
    assert response.status_code == 302
    assert response["Location"] == f"/mash/contacts/{contact.pk}/"
