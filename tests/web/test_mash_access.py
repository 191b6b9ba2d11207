"""Whose child a contact shows: the MASH team sees every contact; others their own, or break the glass."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry, RestrictedRecord
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.web import test_mash_views as front_door
from tests.web.test_mash_views import make_contact

pytestmark = pytest.mark.django_db

mash = front_door.mash
police = front_door.police


@pytest.fixture
def other_manager(make_user) -> User:  # type: ignore[no-untyped-def]
    """A team manager in an intervention team: may use the queue, but is not in the MASH team."""
    team = create_team(name="Intervention East", team_type=TeamType.INTERVENTION_PLANNING)
    user = make_user("east-manager", roles.TEAM_MANAGER)
    create_worker(first_name="Eve", last_name="East", start_date=date(2020, 1, 1), team=team, user=user)
    return user


def test_a_manager_outside_the_mash_sees_only_their_teams_children_in_the_queue(
    client, police, other_manager
) -> None:  # type: ignore[no-untyped-def]
    theirs = make_contact(police, first="Held", last="Bytheirteam")
    s.allocate(
        child=theirs.child,
        team=other_manager.worker.team,
        start_date=timezone.localdate(),
        worker=None,
        by=None,
    )
    stranger = make_contact(police, first="Not", last="Theirs")
    client.force_login(other_manager)
    body = client.get("/mash/").content.decode()
    assert "Bytheirteam" in body
    assert "Theirs" not in body
    assert f'href="/mash/contacts/{stranger.pk}/break-glass/"' in body
    logged = set(
        AccessLogEntry.objects.filter(user=other_manager, action="mash.queue").values_list(
            "record_id", flat=True
        )
    )
    assert logged == {str(theirs.pk)}  # a contact listed without its child's name is not a viewing of it


def test_break_glass_from_a_contact_page_opens_it_for_the_session_and_is_flagged(
    client, police, other_manager
) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    client.force_login(other_manager)
    refused = client.get(f"/mash/contacts/{contact.pk}/decision/")
    assert refused["Location"] == f"/mash/contacts/{contact.pk}/break-glass/"
    assert AccessLogEntry.objects.filter(
        user=other_manager, action="contact.refused", record_id=str(contact.pk)
    ).exists()
    form = client.get(f"/mash/contacts/{contact.pk}/break-glass/")
    assert form.status_code == 200
    assert "Say why you need this record" in form.content.decode()
    assert "Lovelace" not in form.content.decode()  # no name until a reason is given
    short = client.post(f"/mash/contacts/{contact.pk}/break-glass/", {"reason": "cover"})
    assert "Why you need to see this record must be at least 10 characters" in short.content.decode()
    reason = "Duty cover for the MASH manager, who is on leave today."
    granted = client.post(f"/mash/contacts/{contact.pk}/break-glass/", {"reason": reason})
    assert granted["Location"] == f"/mash/contacts/{contact.pk}/"
    entry = AccessLogEntry.objects.get(user=other_manager, action="break_glass")
    assert (entry.record_type, entry.record_id, entry.reason, entry.flagged) == (
        "child",
        str(contact.child_id),
        reason,
        True,
    )
    page = client.get(f"/mash/contacts/{contact.pk}/")
    assert page.status_code == 200
    assert "Lovelace" in page.content.decode()
    assert client.get(f"/mash/contacts/{contact.pk}/decision/").status_code == 200
    assert "Lovelace" in client.get("/mash/").content.decode()


def test_a_restricted_childs_contact_is_for_named_users_only_even_in_the_mash(
    client, police, mash, make_user
) -> None:  # type: ignore[no-untyped-def]
    contact = make_contact(police)
    named = make_user("named-mash", roles.MASH_PRACTITIONER)
    restriction = RestrictedRecord.objects.create(child_id=contact.child_id, reason="Synthetic: staff member")
    restriction.named_users.add(named)
    client.force_login(mash)
    queue = client.get("/mash/").content.decode()
    assert "Restricted record" in queue
    assert "Lovelace" not in queue
    assert client.get(f"/mash/contacts/{contact.pk}/").status_code == 403
    assert client.get(f"/mash/contacts/{contact.pk}/break-glass/").status_code == 403
    assert AccessLogEntry.objects.filter(user=mash, action="contact.refused").count() == 1
    client.force_login(named)
    assert "Lovelace" in client.get(f"/mash/contacts/{contact.pk}/").content.decode()


def test_the_mash_teams_manager_sees_every_contact(client, police, make_user) -> None:  # type: ignore[no-untyped-def]
    team = create_team(name="MASH", team_type=TeamType.MASH)
    user = make_user("mash-manager", roles.TEAM_MANAGER)
    create_worker(first_name="Mo", last_name="Mash", start_date=date(2020, 1, 1), team=team, user=user)
    contact = make_contact(police)
    client.force_login(user)
    assert client.get(f"/mash/contacts/{contact.pk}/decision/").status_code == 200
    assert (
        client.get(f"/mash/contacts/{contact.pk}/break-glass/")["Location"] == f"/mash/contacts/{contact.pk}/"
    )
