"""Who may see which child: relationships, restricted records and break-glass review, through the client."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.utils import timezone

from continuum.core import roles
from continuum.core.access_log import log_view
from continuum.core.models import AccessLogEntry, LegitimateRelationship, RestrictedRecord
from continuum.core.policy import ChildAccess, may
from continuum.journey import services as s
from continuum.people.models import Child

pytestmark = pytest.mark.django_db

# A head of service holds a team manager's rights (continuum/core/roles.py ``acts_as``).
ACCESS_ADMINS = {roles.TEAM_MANAGER.slug, roles.HEAD_OF_SERVICE.slug, roles.QA_OFFICER.slug}
QA = {roles.QA_OFFICER.slug}
ALLOWED = {
    "index": ACCESS_ADMINS,
    "relationships": ACCESS_ADMINS,
    "relationship-new": ACCESS_ADMINS,
    "relationship-end": ACCESS_ADMINS,
    "restrictions": QA,
    "restriction-new": QA,
    "restriction-edit": QA,
    "break-glass": QA,
}


@pytest.fixture
def child() -> Child:
    return s.register_child(
        first_name="Ada", last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=None
    )


@pytest.fixture
def qa(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user("qa-officer", roles.QA_OFFICER)


@pytest.fixture
def iro(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user("iro-chair", roles.IRO_CP_CHAIR)


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.mark.parametrize("role", roles.ALL_ROLES, ids=lambda r: r.slug)
def test_permissions_matrix(client, make_user, child, role) -> None:  # type: ignore[no-untyped-def]
    someone = make_user("someone", roles.SOCIAL_WORKER)
    relationship = LegitimateRelationship.objects.create(
        user=someone, child_id=child.pk, reason="Synthetic audit", start_date=date(2024, 1, 1)
    )
    restriction = RestrictedRecord.objects.create(child_id=child.pk, reason="Synthetic")
    urls = {
        "index": "/access/",
        "relationships": "/access/relationships/",
        "relationship-new": "/access/relationships/new/",
        "relationship-end": f"/access/relationships/{relationship.pk}/end/",
        "restrictions": "/access/restricted/",
        "restriction-new": "/access/restricted/new/",
        "restriction-edit": f"/access/restricted/{restriction.pk}/",
        "break-glass": "/access/break-glass/",
    }
    client.force_login(make_user("tester", role))
    for view, url in urls.items():
        expected = 200 if role.slug in ALLOWED[view] else 403
        assert client.get(url).status_code == expected, (role.slug, view)


def test_home_page_offers_the_area_to_managers_and_qa_only(client, make_user) -> None:  # type: ignore[no-untyped-def]
    for role in roles.ALL_ROLES:
        client.force_login(make_user(f"home-{role.slug}", role))
        listed = "Who may see which child" in client.get("/").content.decode()
        assert listed == (role.slug in ACCESS_ADMINS), role.slug
        client.logout()


def test_recording_a_relationship_validates_then_opens_the_record(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    client.force_login(qa)
    empty = client.post("/access/relationships/new/", {}).content.decode()
    for message in [
        "Select the member of staff",
        "Enter the child&#x27;s LAchildID",
        "Enter the reason this person needs to see the record",
        "Enter start date",
    ]:
        assert message in empty, message
    today = timezone.localdate()
    data = {
        "user": str(iro.pk),
        "child": "NOT-A-CHILD",
        "reason": "Chair of the initial child protection conference",
        **date_parts("start_date", today),
        **date_parts("end_date", today - timedelta(days=1)),
    }
    body = client.post("/access/relationships/new/", data).content.decode()
    assert "There is no child with the LAchildID NOT-A-CHILD: check the reference" in body
    assert "End date must be the same as or after the start date" in body
    assert 'value="Chair of the initial child protection conference"' in body  # nothing typed is lost
    myself = client.post("/access/relationships/new/", data | {"user": str(qa.pk)}).content.decode()
    assert "You cannot record a relationship for yourself" in myself
    assert not may(iro, "child.view", ChildAccess(child.pk))
    data |= {
        "child": child.la_child_id.lower(),
        "end_date-day": "",
        "end_date-month": "",
        "end_date-year": "",
    }
    saved = client.post("/access/relationships/new/", data)
    assert saved["Location"] == "/access/relationships/"
    relationship = LegitimateRelationship.objects.get()
    assert (relationship.user, relationship.child_id, relationship.start_date, relationship.end_date) == (
        iro,
        child.pk,
        today,
        None,
    )
    assert may(iro, "child.view", ChildAccess(child.pk))
    entry = AccessLogEntry.objects.get(action="access.relationship.record")
    assert (entry.user, entry.record_type, entry.record_id) == (qa, "child", str(child.pk))
    listing = client.get("/access/relationships/").content.decode()
    assert child.la_child_id in listing
    assert "Lovelace" not in listing  # children by reference only


def test_ending_a_relationship_and_a_second_end_is_refused(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    relationship = LegitimateRelationship.objects.create(
        user=iro, child_id=child.pk, reason="Synthetic audit", start_date=date(2024, 3, 1)
    )
    client.force_login(qa)
    url = f"/access/relationships/{relationship.pk}/end/"
    early = client.post(url, date_parts("end_date", date(2024, 2, 28))).content.decode()
    assert "End date must be the same as or after the start date (1 Mar 2024)" in early
    form_page = client.get(url)  # someone else opens the same page
    assert client.post(url, date_parts("end_date", date(2024, 6, 30)))["Location"] == "/access/relationships/"
    relationship.refresh_from_db()
    assert relationship.end_date == date(2024, 6, 30)
    assert not may(iro, "child.view", ChildAccess(child.pk))
    assert form_page.status_code == 200
    again = client.post(url, date_parts("end_date", date(2024, 7, 1))).content.decode()
    assert "This relationship was already ended (on 30 Jun 2024), by someone else meanwhile" in again
    relationship.refresh_from_db()
    assert relationship.end_date == date(2024, 6, 30)


def test_restricting_a_record_to_named_users(client, qa, iro, child, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(qa)
    empty = client.post(
        "/access/restricted/new/", {"child": child.la_child_id, "reason": ""}
    ).content.decode()
    assert "Enter why the record is restricted" in empty
    assert "Select at least one person who may open the record" in empty
    board = make_user("board-member", roles.BOARD_MEMBER)
    not_staff = client.post(
        "/access/restricted/new/",
        {"child": child.la_child_id, "reason": "Staff child", "named_users": [board.pk]},
    ).content.decode()
    assert "Select people from the list" in not_staff  # only those who may open records can be named
    saved = client.post(
        "/access/restricted/new/",
        {"child": child.la_child_id, "reason": "Staff child", "named_users": [iro.pk]},
    )
    assert saved["Location"] == "/access/restricted/"
    restriction = RestrictedRecord.objects.get()
    assert list(restriction.named_users.all()) == [iro]
    assert may(iro, "child.view", ChildAccess(child.pk))
    assert not may(qa, "child.view", ChildAccess(child.pk, broken_glass=True))
    twice = client.post(
        "/access/restricted/new/", {"child": child.la_child_id, "reason": "Again", "named_users": [iro.pk]}
    ).content.decode()
    assert "This child&#x27;s record is already restricted: change who is named instead" in twice
    assert AccessLogEntry.objects.filter(action="access.restrict", record_id=str(child.pk)).count() == 1


def test_changing_a_restriction_detects_a_clash_then_lifts(client, qa, iro, child, make_user) -> None:  # type: ignore[no-untyped-def]
    other = make_user("other-iro", roles.IRO_CP_CHAIR)
    restriction = RestrictedRecord.objects.create(child_id=child.pk, reason="Staff child")
    restriction.named_users.add(iro)
    client.force_login(qa)
    url = f"/access/restricted/{restriction.pk}/"
    seen = client.get(url).context["form"]["seen"].value()
    restriction.named_users.add(other)  # someone else names another person meanwhile
    clash = client.post(url, {"seen": seen, "reason": "Staff child (updated)", "named_users": [iro.pk]})
    body = clash.content.decode()
    assert "This restriction was changed by someone else while you were editing it" in body
    assert "Named users are now:" in body
    assert 'value="Staff child (updated)"' in body
    assert set(restriction.named_users.all()) == {iro, other}
    fresh_seen = clash.context["form"]["seen"].value()
    assert signing.loads(fresh_seen, salt="continuum.access_admin.seen")["named"] == sorted(
        [iro.pk, other.pk]
    )
    client.post(url, {"seen": fresh_seen, "reason": "Staff child (updated)", "named_users": [iro.pk]})
    restriction.refresh_from_db()
    assert (restriction.reason, list(restriction.named_users.all())) == ("Staff child (updated)", [iro])
    refused = client.post(url, {"action": "lift"})
    assert refused.status_code == 200
    assert "Enter why the restriction is lifted" in refused.content.decode()
    assert RestrictedRecord.objects.filter(pk=restriction.pk).exists()
    lifted = client.post(url, {"action": "lift", "lift_reason": "Synthetic: the risk has passed"})
    assert lifted["Location"] == "/access/restricted/"
    assert (
        AccessLogEntry.objects.get(action="access.restrict.lift").reason == "Synthetic: the risk has passed"
    )
    assert not RestrictedRecord.objects.exists()
    assert AccessLogEntry.objects.filter(action="access.restrict.lift", record_id=str(child.pk)).exists()


def test_break_glass_review_lists_flagged_accesses_with_their_reasons(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    log_view(
        user=iro,
        action="break_glass",
        record_type="child",
        record_id=child.pk,
        reason="Urgent cover.",
        flagged=True,
    )
    log_view(user=iro, action="child.view", record_type="child", record_id=child.pk)
    client.force_login(qa)
    response = client.get("/access/break-glass/")
    body = response.content.decode()
    assert "1 flagged access" in body
    assert "Urgent cover." in body
    assert f"child {child.pk} ({child.la_child_id})" in body
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = client.get("/access/break-glass/", {"since": tomorrow.isoformat()}).content.decode()
    assert "0 flagged accesses" in later
    assert AccessLogEntry.objects.filter(user=qa, action="access.review").count() == 2
