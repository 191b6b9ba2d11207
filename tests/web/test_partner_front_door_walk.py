"""The partner agencies' front door (police, health, education): My actions, their contacts, the form.

A tester walked demo-police, demo-health and demo-education: once police's MARAC action was done the
home page's "Your actions" card went and nothing led to My actions; "Your contacts" read only
"Contact 104743" row after row; and a partner's new contact asked for their own agency every time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client

from continuum.actions import services as a
from continuum.actions.models import ActionStatus
from continuum.core import roles
from continuum.core.policy import may
from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.people.models import TeamType
from continuum.people.services import create_team
from continuum.web.areas import areas_for
from tests.web.test_mash_views import contact_data

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PARTNERS = (roles.PARTNER_POLICE, roles.PARTNER_HEALTH, roles.PARTNER_EDUCATION)


def home(client: Client, user: User) -> str:
    client.force_login(user)
    return client.get("/").content.decode()


def nav(html: str) -> str:
    """The service navigation only (the header's menu), not the page's own links."""
    return html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]


# --- 1. A way to My actions, with or without open actions -------------------------------------------


@pytest.mark.parametrize("role", PARTNERS, ids=lambda role: role.slug)
def test_a_partner_always_has_my_actions_in_the_menu_and_on_the_home_page(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    partner = make_user(f"partner-{role.slug}", role)
    assert may(partner, "actions.mine")
    page = home(client, partner)
    assert 'href="/actions/">My actions</a>' in nav(page)
    assert "No open actions." in page  # the home page's link says so, though no actions card is shown
    assert 'id="today-my-actions"' not in page
    mine = client.get("/actions/")
    assert mine.status_code == 200
    # A partner holds no work trays, so the page is not captioned as one of them.
    assert "Work trays" not in mine.content.decode()


def test_the_link_stays_once_the_last_marac_action_is_done(client, make_user) -> None:  # type: ignore[no-untyped-def]
    police = make_user("partner-police-marac", roles.PARTNER_POLICE)
    coordinator = make_user("cs-coordinator", roles.COMMUNITY_SAFETY_OFFICER)
    # Any record without a child stands in for the MARAC referral an action is agreed on.
    source = create_team(name="MARAC (synthetic)", team_type=TeamType.OTHER)
    action = a.create_action(
        source=source,
        label="MARAC of 7 Dec 2026",
        what="Flag the address for an urgent police response",
        owner=police,
        due=date(2026, 12, 20),  # 13 days after today (7 Dec 2026): open, not yet due soon
        by=coordinator,
    )
    page = home(client, police)
    assert "1 open action, with their due dates." in page
    assert "Your actions" in page  # the card, while an action is open
    a.set_status(action, status=ActionStatus.DONE, by=police, on=date(2026, 12, 7))
    page = home(client, police)
    assert "Your actions" not in page  # the card is left out once nothing is open ...
    assert 'href="/actions/">My actions</a>' in nav(page)  # ... but the way there stays
    assert "No open actions." in page


def test_staff_menus_are_unchanged(make_user) -> None:  # type: ignore[no-untyped-def]
    """Only partners get the menu item: staff reach My actions through their trays and home cards."""
    for role in roles.ALL_ROLES:
        titles = [area.title for area in areas_for(make_user(f"menu-{role.slug}", role))]
        assert ("My actions" in titles) == (role in PARTNERS), role.slug
    # A MASH practitioner who also holds a partner role is front-door staff (contact.own is refused).
    both = make_user("menu-mash-and-police", roles.MASH_PRACTITIONER, roles.PARTNER_POLICE)
    assert "My actions" not in [area.title for area in areas_for(both)]


# --- 2. Your contacts says what the referrer recorded, and nothing about the child ------------------


def police_contact(by: User, *, first: str, referrer: str, received: datetime) -> Contact:
    child = s.register_child(
        first_name=first, last_name="Nightingale", person_birth_date=date(2015, 6, 1), by=by
    )
    return s.record_contact(
        child=child,
        received_at=received,
        referral_source="6",
        referrer_name=referrer,
        consent="obtained",
        concerns="Synthetic: child seen with bruising.",
        by=by,
    )


def test_your_contacts_tells_contacts_apart_without_naming_the_child(client, make_user) -> None:  # type: ignore[no-untyped-def]
    police = make_user("partner-police-list", roles.PARTNER_POLICE)
    other = make_user("partner-police-other", roles.PARTNER_POLICE)
    waiting = police_contact(
        police, first="Florence", referrer="PC Ada Byron", received=datetime(2026, 12, 1, 9, 5, tzinfo=LONDON)
    )
    decided = police_contact(
        police,
        first="Mary",
        referrer="DC Grace Hopper",
        received=datetime(2026, 12, 2, 16, 40, tzinfo=LONDON),
    )
    s.record_mash_decision(
        contact=decided,
        initial_brag="A",
        final_brag="A",
        decision_at=datetime(2026, 12, 3, 11, 15, tzinfo=LONDON),
        outcome="early_help",
        decision_rationale="Synthetic: early help offered.",
        expected_version=decided.version,
        by=None,
    )
    someone_elses = police_contact(
        other, first="Edith", referrer="PC Other Person", received=datetime(2026, 12, 2, 8, 0, tzinfo=LONDON)
    )
    client.force_login(police)
    page = client.get("/mash/my-contacts/").content.decode()
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S)[1:]  # the header row aside
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    # Newest first; each row: reference, received, source agency in words, referrer, outcome and when.
    assert cells == [
        f"Contact {decided.pk} 2 Dec 2026 16:40 Police DC Grace Hopper Early help Decided 3 Dec 2026 11:15",
        f"Contact {waiting.pk} 1 Dec 2026 09:05 Police PC Ada Byron Awaiting a decision",
    ]
    assert f"Contact {someone_elses.pk}" not in page  # their own contacts only
    for name in ("Florence", "Mary", "Edith", "Nightingale", "bruising"):  # nothing about the child
        assert name not in page, name
    # The contact's own page says the same, and still nothing about the child; no name in any address.
    outcome = client.get(f"/mash/contacts/{decided.pk}/").content.decode()
    assert "DC Grace Hopper" in outcome
    assert "Early help (decided 3 Dec 2026 11:15)" in outcome
    assert "Mary" not in outcome
    assert "Nightingale" not in outcome
    assert not re.search(r'href="[^"]*(Mary|Nightingale|Florence)', page + outcome)
    # The policy unchanged: another partner's contact, and any child's record, stay shut.
    assert client.get(f"/mash/contacts/{someone_elses.pk}/").status_code == 403
    assert client.get(f"/children/{decided.child_id}/").status_code == 403
    assert not may(police, "contact.child")


# --- 3. The source agency starts at the partner's own ------------------------------------------------


def chosen_source(client: Client, user: User) -> list[str]:
    client.force_login(user)
    html = client.get("/mash/contacts/new/").content.decode()
    select = html.split('name="referral_source"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)" selected>', select)


@pytest.mark.parametrize(
    ("role", "code"),
    [(roles.PARTNER_POLICE, "6"), (roles.PARTNER_HEALTH, "3F"), (roles.PARTNER_EDUCATION, "2B")],
    ids=["police", "health", "education"],
)
def test_a_partners_new_contact_starts_at_their_own_agency(client, make_user, role, code) -> None:  # type: ignore[no-untyped-def]
    assert chosen_source(client, make_user(f"form-{role.slug}", role)) == [code]


def test_staff_and_a_partner_of_two_agencies_choose_for_themselves(client, make_user) -> None:  # type: ignore[no-untyped-def]
    for role in (roles.MASH_PRACTITIONER, roles.TEAM_MANAGER):
        assert chosen_source(client, make_user(f"form-{role.slug}", role)) == [""], role.slug
    two = make_user("form-police-health", roles.PARTNER_POLICE, roles.PARTNER_HEALTH)
    assert chosen_source(client, two) == [""]
    staff_and_partner = make_user("form-mash-police", roles.MASH_PRACTITIONER, roles.PARTNER_POLICE)
    assert chosen_source(client, staff_and_partner) == [""]


def test_a_partner_may_change_the_source_agency(client, make_user) -> None:  # type: ignore[no-untyped-def]
    health = make_user("form-health-changes", roles.PARTNER_HEALTH)
    assert chosen_source(client, health) == ["3F"]
    sent = client.post("/mash/contacts/new/", contact_data(referral_source="3C"))  # a school nurse's concern
    contact = Contact.objects.get(created_by=health)
    assert sent["Location"] == f"/mash/contacts/{contact.pk}/"
    assert contact.referral_source == "3C"


def test_a_worker_with_trays_sees_my_actions_captioned_as_one_of_them(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("tray-worker", roles.SOCIAL_WORKER))
    assert '<span class="govuk-caption-l">Work trays</span>' in client.get("/actions/").content.decode()
