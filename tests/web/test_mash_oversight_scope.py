"""Who signs off the MASH's decisions, the front door's dates in words, and its clock's tags.

Why: a team manager of any team (Plans North, an assessment team) could open the MASH oversight
queue, see every decision awaiting sign-off and sign them off, though the MASH's decisions are
not theirs to manage; the contact panel and the queue said "7 March 2025 10:00" where the rest
of the service says "7 Mar 2025"; and the MASH clock kept its own copy of the trays' tags, with
"Due soon" yellow where the trays say it in orange.

Known answers, worked by hand:

* The MASH team's manager and a head of service may sign off; Plans North's manager, a MASH
  practitioner and a system administrator may not. Plans North's manager gets 403 on the
  oversight queue and on the oversight page (GET and POST, which records nothing), is not
  offered the oversight stage in the queue's filter, and their home page has no oversight card.
* A contact received on Friday 7 March 2025 at 10:00 (London) and decided at 11:00 reads
  "7 Mar 2025 10:00" (received) and "decided 7 Mar 2025 11:00" on the contact page, and
  "7 Mar 2025 10:00" in the queue; "March" written in full appears in neither.
* The default MASH rule (1 working day, due soon from 1 working day before): a contact received
  on Friday 7 March 2025 is due on Monday 10 March and due soon from Friday, so at noon on
  Friday it is tagged "Due soon" in orange, the trays' tag. With a 3 working day rule, a
  contact received on Monday 3 March is due on Thursday 6 March, due soon from Wednesday, so at
  noon on Monday it is tagged "Due" in grey, as the trays tag an item not yet near.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.policy import may
from continuum.core.timescales import load_rules, rules_by_code
from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.mash.views import CLOCK_TAGS, clock_for
from continuum.web.worktray.tags import STATUS_TAGS
from tests.web.test_mash_views import LONDON, manager, mash, mash_team  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2025, 3, 7, 10, 0, tzinfo=LONDON)  # a Friday
DECIDED = datetime(2025, 3, 7, 11, 0, tzinfo=LONDON)


@pytest.fixture
def plans_manager(make_user) -> User:  # type: ignore[no-untyped-def]
    """The manager of a team that is not the MASH."""
    user = make_user("plans-manager", roles.TEAM_MANAGER)
    create_worker(
        first_name="Pat",
        last_name="Lans",
        start_date=date(2020, 1, 1),
        role="team_manager",
        team=create_team(name="Plans North", team_type=TeamType.INTERVENTION_PLANNING),
        user=user,
    )
    return user


def received_contact(first: str = "Ada", received_at: datetime = RECEIVED) -> Contact:
    child = s.register_child(
        first_name=first, last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=None
    )
    return s.record_contact(
        child=child,
        received_at=received_at,
        referral_source="6",
        consent="obtained",
        concerns="Synthetic concern.",
        by=None,
    )


def decided_contact(first: str = "Grace") -> Contact:
    contact = received_contact(first)
    return s.record_mash_decision(
        contact=contact,
        initial_brag="G",
        final_brag="G",
        decision_at=DECIDED,
        outcome="advice",
        expected_version=contact.version,
        by=None,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Who signs off ------------------------------------------------------------------------


def test_who_signs_off_the_mashs_decisions(make_user, manager, plans_manager, mash) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    head = make_user("head", roles.HEAD_OF_SERVICE)
    admin = make_user("admin", roles.SYSTEM_ADMINISTRATOR)
    contact = decided_contact()
    answers = {
        name: (may(user, "contact.oversee"), may(user, "contact.oversee", contact))
        for name, user in {
            "mash manager": manager,
            "head of service": head,
            "plans manager": plans_manager,
            "mash practitioner": mash,
            "admin": admin,
        }.items()
    }
    assert answers == {
        "mash manager": (True, True),
        "head of service": (True, True),
        "plans manager": (False, False),
        "mash practitioner": (False, False),
        "admin": (False, False),
    }


def test_a_manager_elsewhere_is_refused_the_oversight_queue_and_page(plans_manager) -> None:  # type: ignore[no-untyped-def]
    contact = decided_contact()
    client = signed_in(plans_manager)
    assert client.get(reverse("mash-queue"), {"stage": "oversight"}).status_code == 403
    page = reverse("mash-contact-oversee", args=[contact.pk])
    assert client.get(page).status_code == 403
    posted = client.post(page, {"version": contact.version, "note": "Agreed."})
    assert posted.status_code == 403
    contact.refresh_from_db()
    assert (contact.manager_oversight_at, contact.manager_oversight_note) == (None, "")
    # The decision queue is still theirs, without the oversight stage on offer.
    queue = client.get(reverse("mash-queue"))
    assert queue.status_code == 200
    body = queue.content.decode()
    assert 'value="oversight"' not in body
    assert "Awaiting manager oversight" not in body
    home = client.get("/").content.decode()
    assert 'id="today-mash-oversight"' not in home
    assert "stage=oversight" not in home


def test_the_mash_manager_sees_the_oversight_queue_and_signs_off(manager) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    contact = decided_contact()
    client = signed_in(manager)
    queue = client.get(reverse("mash-queue"), {"stage": "oversight"})
    assert queue.status_code == 200
    assert f"Oversee contact {contact.pk}" in queue.content.decode()
    assert 'value="oversight"' in client.get(reverse("mash-queue")).content.decode()
    assert 'id="today-mash-oversight"' in client.get("/").content.decode()
    page = reverse("mash-contact-oversee", args=[contact.pk])
    assert client.post(page, {"version": contact.version, "note": "Agreed."}).status_code == 302
    contact.refresh_from_db()
    assert contact.manager_oversight_note == "Agreed."
    assert contact.manager_oversight_by.user == manager


def test_a_head_of_service_opens_the_oversight_queue(make_user) -> None:  # type: ignore[no-untyped-def]
    head = make_user("head", roles.HEAD_OF_SERVICE)
    decided_contact()
    assert signed_in(head).get(reverse("mash-queue"), {"stage": "oversight"}).status_code == 200


# --- Dates in words -------------------------------------------------------------------------


def test_the_contact_page_and_the_queue_say_dates_as_the_rest_of_the_service(mash) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    decided = decided_contact()
    waiting = received_contact("Ada")
    client = signed_in(mash)
    page = client.get(reverse("mash-contact-outcome", args=[decided.pk])).content.decode()
    assert "7 Mar 2025 10:00" in page  # received
    assert "decided 7 Mar 2025 11:00" in page
    assert "1 Jun 2015" in page  # the child's date of birth
    assert "March 2025" not in page
    assert "June 2015" not in page
    queue = client.get(reverse("mash-queue")).content.decode()
    assert f"Open contact {waiting.pk}" in queue
    assert "7 Mar 2025 10:00" in queue
    assert "March 2025" not in queue


# --- The clock's tags are the trays' ----------------------------------------------------------


def test_the_clock_tags_a_contact_as_the_trays_tag_an_item() -> None:
    rule = rules_by_code(load_rules())["mash_decision"]
    friday = clock_for(Contact(received_at=RECEIVED), rule, datetime(2025, 3, 7, 12, 0, tzinfo=LONDON))
    assert (friday.due, friday.tag) == (date(2025, 3, 10), ("Due soon", "govuk-tag--orange"))
    three_days = replace(rule, interval=3)
    monday = clock_for(
        Contact(received_at=datetime(2025, 3, 3, 10, 0, tzinfo=LONDON)),
        three_days,
        datetime(2025, 3, 3, 12, 0, tzinfo=LONDON),
    )
    assert (monday.due, monday.tag) == (date(2025, 3, 6), ("Due", "govuk-tag--grey"))
    assert all(CLOCK_TAGS[status] == tag for status, tag in STATUS_TAGS.items())
