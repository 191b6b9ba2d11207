"""The MARAC recording pages: who may open them, a referral recorded in the browser's words reaching the
meeting page and the quarter's count at once, errors that name the field, and children linked and logged."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from continuum.community_safety import marac
from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import clock, roles
from continuum.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db

NEW = "/community-safety/marac/referrals/new/"
ODD = "St Mary's & Ødegård Trust"


def _date(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _form(referred: date, **kw: str) -> dict[str, str]:
    data = {"agency": "Police", "agency_other": "", "risk_score": "18", "victim_key": "V0042", "children": ""}
    return _date("referred_on", referred) | data | kw


@pytest.fixture
def coordinator(make_user):  # type: ignore[no-untyped-def]
    return make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)


def test_readers_of_the_figures_and_the_iom_team_may_not_record(client, make_user, coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    meeting = MaracMeeting.objects.create(held_on=today)
    referral = MaracReferral.objects.create(
        referred_on=today, agency="Police", risk_score=15, victim_key="V9", meeting=meeting
    )
    urls = [
        NEW,
        f"/community-safety/marac/referrals/{referral.pk}/",
        f"/community-safety/marac/referrals/{referral.pk}/actions/new/",
        f"/community-safety/marac/meetings/{meeting.pk}/",
    ]
    for role in (roles.BOARD_MEMBER, roles.PERFORMANCE_ANALYST, roles.IOM_OFFICER, roles.SOCIAL_WORKER):
        client.force_login(make_user(f"u-{role.slug}", role))
        for url in urls:
            assert client.get(url).status_code == 403, (role.slug, url)
            assert client.post(url, _form(today)).status_code == 403, (role.slug, url)
        assert "Record a referral" not in client.get("/").content.decode()
    assert MaracReferral.objects.count() == 1
    client.force_login(coordinator)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(NEW).status_code == 302  # to sign in


def test_a_coordinator_records_a_referral_and_sees_it_on_the_meeting_and_in_the_quarter(
    client, coordinator
) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    MaracMeeting.objects.create(held_on=today - timedelta(days=16))  # the cycle: next is in 5 days
    client.force_login(coordinator)
    form = client.get(NEW).content.decode()
    assert "Never a name" in form
    referred = today - timedelta(days=2)
    response = client.post(NEW, _form(referred, agency="other", agency_other=f"  {ODD} "))
    assert response.status_code == 302
    referral = MaracReferral.objects.get()
    assert response["Location"] == f"/community-safety/marac/referrals/{referral.pk}/"  # an id, no key
    assert (referral.agency, referral.risk_score, referral.victim_key) == (ODD, 18, "V0042")
    assert referral.meeting.held_on == today + timedelta(days=5)
    page = client.get(response["Location"]).content.decode()
    assert f"Referral {referral.pk} recorded" in page
    assert "(a new meeting)" in page
    assert "No: not heard at a MARAC in the 12 months before this referral." in page
    meeting = client.get(f"/community-safety/marac/meetings/{referral.meeting_id}/").content.decode()
    row = re.search(rf'<tr class="govuk-table__row" data-referral="{referral.pk}">(.*?)</tr>', meeting, re.S)
    assert row is not None
    cells = re.sub(r"<[^>]+>", "|", row.group(1))
    assert f"Referral {referral.pk}" in cells
    assert "St Mary&#x27;s &amp; Ødegård Trust" in cells
    assert "|18|" in cells
    assert "|No|" in cells
    # The MARAC page's quarterly figures count it at once, under "Other" (an agency typed by name).
    label = marac.Quarter(*marac.quarter_of(referred)).label
    figures = client.get("/community-safety/marac/").content.decode()
    quarter = re.search(rf'data-quarter="{label}">(.*?)</tr>', figures, re.S)
    assert quarter is not None
    numbers = re.findall(r'numeric">(\d+)', quarter.group(1))
    assert numbers[:2] == ["1", "0"]  # one referral, no repeat
    assert ">Other</th>" in figures
    assert "Ødegård Trust</th>" not in figures
    # The same victim again today: said to be a repeat? No: the first is heard in 5 days, not yet heard.
    again = client.post(NEW, _form(today, victim_key="V0042"), follow=True).content.decode()
    assert "It is a repeat" not in again


def test_a_repeat_is_said_right_after_saving(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    heard = MaracMeeting.objects.create(held_on=today - timedelta(days=200))
    MaracReferral.objects.create(
        referred_on=heard.held_on - timedelta(days=9),
        agency="Police",
        risk_score=20,
        victim_key="V7",
        meeting=heard,
    )
    client.force_login(coordinator)
    page = client.post(NEW, _form(today, victim_key="V7") | _date("meeting_on", today), follow=True)
    text = page.content.decode()
    assert "It is a repeat: this victim was heard in the last 12 months." in text
    assert "This victim was heard at a MARAC in the 12 months before this referral." in text


def test_errors_name_the_field(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    MaracMeeting.objects.create(held_on=today)
    client.force_login(coordinator)
    page = client.post(NEW, _form(today, risk_score="25"))
    assert page.status_code == 400
    assert "Risk checklist score must be a whole number from 0 to 24" in page.content.decode()
    page = client.post(NEW, _form(today + timedelta(days=1)))
    assert "Date referred must be today or in the past" in page.content.decode()
    page = client.post(NEW, _form(today, victim_key="Jane Smith")).content.decode()
    assert "Victim key must be the pseudonymous key" in page
    page = client.post(NEW, _form(today, agency="other")).content.decode()
    assert "Enter the name of the other agency" in page
    page = client.post(NEW, _form(today, children="NO-SUCH-CHILD")).content.decode()
    assert "link only a child whose record you may open" in page
    assert not MaracReferral.objects.exists()


def test_a_child_linked_is_shown_to_who_may_open_it_and_logged(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.core.models import LegitimateRelationship
    from continuum.people.models import Child

    today = clock.today()
    MaracMeeting.objects.create(held_on=today)
    child = Child.objects.create(la_child_id="MARAC-VIEW-1", person_birth_date=date(2018, 6, 1))
    coordinator = make_user("coord", roles.COMMUNITY_SAFETY_OFFICER)
    client.force_login(coordinator)
    refused = client.post(NEW, _form(today, children="MARAC-VIEW-1"))
    assert "link only a child whose record you may open" in refused.content.decode()  # exists, not theirs
    both = make_user("coord-manager", roles.COMMUNITY_SAFETY_OFFICER, roles.TEAM_MANAGER)
    LegitimateRelationship.objects.create(
        user=both, child_id=child.pk, reason="MARAC", start_date=date(2020, 1, 1)
    )
    client.force_login(both)
    done = client.post(NEW, _form(today, children="MARAC-VIEW-1"))
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert f'href="/children/{child.pk}/"' in page
    assert (
        AccessLogEntry.objects.filter(user=both, action="marac.child_link", record_id=str(child.pk)).count()
        == 1
    )
    # The coordinator without the relationship sees the case, not the link.
    client.force_login(coordinator)
    page = client.get(done["Location"]).content.decode()
    assert f"/children/{child.pk}/" not in page
    assert "1 you may not open" in page


def test_an_action_agreed_shows_on_the_meeting_page(client, make_user, coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    meeting = MaracMeeting.objects.create(held_on=today)
    referral = MaracReferral.objects.create(
        referred_on=today, agency="Police", risk_score=15, victim_key="V9", meeting=meeting
    )
    coordinator.first_name, coordinator.last_name = "Cora", "Ordinator"
    coordinator.save()
    client.force_login(coordinator)
    url = f"/community-safety/marac/referrals/{referral.pk}/actions/new/"
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Enter what is to be done" in empty.content.decode()
    due = today + timedelta(days=21)
    done = client.post(
        url, {"what": "Safety plan reviewed by the IDVA", "owner": str(coordinator.pk)} | _date("due", due)
    )
    assert done.status_code == 302
    assert done["Location"] == f"/community-safety/marac/meetings/{meeting.pk}/"
    page = client.get(done["Location"]).content.decode()
    assert f"Safety plan reviewed by the IDVA (Cora Ordinator, on track, due {due.day} {due:%b %Y})" in page
    # An overdue action says so (it read "Open"), with how late it is.
    from continuum.actions.models import Action
    from continuum.web.templatetags.action_tags import action_state

    late = Action.objects.get(what="Safety plan reviewed by the IDVA")
    late.due_date = today - timedelta(days=11)
    assert action_state(late) == "Overdue by 11 days"
    assert "Safety plan reviewed by the IDVA" in client.get("/community-safety/marac/").content.decode()
    # Another coordinator covering the meeting opens the action too; the IOM team does not.
    action = Action.objects.get(what="Safety plan reviewed by the IDVA")
    client.force_login(make_user("cover", roles.COMMUNITY_SAFETY_OFFICER))
    assert client.get(f"/actions/{action.pk}/").status_code == 200
    client.force_login(make_user("iom", roles.IOM_OFFICER))
    assert client.get(f"/actions/{action.pk}/").status_code == 403


def test_an_action_is_offered_to_the_agencies_round_the_table_not_the_board(  # type: ignore[no-untyped-def]
    client, make_user, coordinator
) -> None:
    """The owner list is the policy's for an action set at a MARAC: the police partner is offered, a
    board member and an analyst are not, and a board member posted by hand is refused by the service."""
    today = clock.today()
    meeting = MaracMeeting.objects.create(held_on=today)
    referral = MaracReferral.objects.create(
        referred_on=today, agency="Police", risk_score=15, victim_key="V9", meeting=meeting
    )
    police = make_user("pc-okafor", roles.PARTNER_POLICE)
    board = make_user("cllr-board", roles.BOARD_MEMBER)
    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(coordinator)
    url = f"/community-safety/marac/referrals/{referral.pk}/actions/new/"
    offered = set(re.findall(r'<option value="(\d+)"', client.get(url).content.decode()))
    assert str(police.pk) in offered
    assert str(coordinator.pk) in offered
    assert str(board.pk) not in offered
    assert str(analyst.pk) not in offered
    posted = {"what": "Report back to the board", "owner": str(board.pk)} | _date("due", today)
    refused = client.post(url, posted)
    assert refused.status_code == 400
    assert "Select who will do it from the people listed" in refused.content.decode()
    with pytest.raises(records.MaracRecordError) as by_service:
        records.agree_action(referral, what="Report", owner=board, due=today, by=coordinator)
    assert by_service.value.field == "owner"


def test_the_coordinator_has_a_home_card_and_a_demo_sign_in(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    from continuum.devtools.demo_users import ensure_demo_users

    today = clock.today()
    MaracMeeting.objects.create(held_on=today + timedelta(days=3))
    client.force_login(coordinator)
    home = client.get("/").content.decode()
    assert "Record a referral" in home
    assert "Next MARAC" in home
    assert "demo-community-safety" in [s.username for s in ensure_demo_users()]
