"""Adding a family member offers the people already recorded around the child, so the mother of two
siblings is one person linked to both; a new person with the same name and date of birth as someone
recorded is offered back as that record unless the worker says it is someone else. Only children whose
records the user may open are read for the list, and each read is logged; a restricted sibling's family
is not offered. Browser test with axe and screenshot tests/artifacts/family-add-existing.png."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.core.models import AccessLogEntry, RestrictedRecord
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.people.models import FamilyMember, Relationship
from tests.conftest import sign_in
from tests.web.test_casework_views import REFERRAL, client_for, day, make_world
from tests.web.test_mash_browser import axe_problems, shot

BORN = date(1988, 3, 14)
FLAGS = {"parental_responsibility": "yes", "is_main_carer": "yes", "lives_with_child": "yes"}


def held(world, first: str, last: str, born: date):  # type: ignore[no-untyped-def]
    """Another child held by the worker's team, so the worker may open their record."""
    child = s.register_child(first_name=first, last_name=last, person_birth_date=born, by=None)
    s.open_referral(
        child=child, cin_referral_date=REFERRAL, referral_source="6", primary_need_code="N1", by=None
    )
    s.allocate(child=child, team=world["team"], worker=world["sam"], start_date=REFERRAL, by=None)
    return child


def family_of_two(make_user):  # type: ignore[no-untyped-def]
    """Ada (the world's child) and her brother Ben, whose mother Maya is already recorded for him."""
    world = make_world(make_user)
    ada = world["child"]
    ben = held(world, "Ben", "Casechild", date(2012, 2, 2))
    s.add_relationship(child=ada, relationship_type="sibling", related_child=ben, by=None)
    maya = s.add_family_member(
        child=ben,
        relationship_type="mother",
        first_name="Maya",
        last_name="Casechild",
        birth_date=BORN,
        sex="F",
        by=None,
    ).family_member
    return world, ada, ben, maya


def new_url(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("child-family-member-new", args=[child.pk])


@pytest.mark.django_db
def test_the_siblings_mother_is_picked_and_linked_as_the_same_person(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, ben, maya = family_of_two(make_user)
    sw = client_for(world["users"]["sw"])
    page = sw.get(new_url(ada)).content.decode()
    assert f"Maya Casechild, born 14 March 1988 (person record {maya.pk}): mother of Ben Casechild" in page
    assert AccessLogEntry.objects.filter(
        user=world["users"]["sw"], action="child.family.people_around", record_id=str(ben.pk)
    ).exists()
    response = sw.post(new_url(ada), {"who": str(maya.pk), "relationship_type": "mother", **FLAGS})
    assert response.status_code == 302
    rel = Relationship.objects.get(child=ada, family_member__isnull=False)
    assert (rel.family_member_id, rel.relationship_type, rel.parental_responsibility) == (
        maya.pk,
        "mother",
        True,
    )
    assert FamilyMember.objects.count() == 1  # one Maya, mother of both
    assert set(maya.relationships.values_list("child_id", flat=True)) == {ada.pk, ben.pk}
    assert (
        ChronologyEvent.objects.filter(child=ada, step="add_relationship").latest("pk").what
        == "Relationship recorded (Mother)"
    )
    # Now in Ada's family, she is no longer offered to add again.
    assert f"(person record {maya.pk})" not in sw.get(new_url(ada)).content.decode()


@pytest.mark.django_db
def test_a_twin_record_is_offered_back_unless_it_is_someone_else(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _ben, maya = family_of_two(make_user)
    sw = client_for(world["users"]["sw"])
    typed = {
        "who": "new",
        "first_name": "maya",
        "last_name": "Casechild",
        **day("birth_date", BORN),
        "sex": "F",
        "relationship_type": "mother",
        **FLAGS,
    }
    offered = sw.post(new_url(ada), typed)
    html = offered.content.decode()
    assert offered.status_code == 200
    assert f"Someone with this name and date of birth is already recorded (person record {maya.pk})" in html
    assert 'href="#id_who_0"' in html
    assert "This is a different person with the same name and date of birth" in html
    assert FamilyMember.objects.count() == 1
    assert not Relationship.objects.filter(child=ada, family_member__isnull=False).exists()
    # They say it is someone else: a second person is recorded.
    assert sw.post(new_url(ada), {**typed, "different_person": "on"}).status_code == 302
    assert FamilyMember.objects.count() == 2
    # The same again for Ada: already in her family, so refused by name, not offered.
    again = sw.post(new_url(ada), {**typed, "different_person": "on"}).content.decode()
    assert "is already in the child&#x27;s family: change that relationship instead" in again
    assert FamilyMember.objects.count() == 2


@pytest.mark.django_db
def test_a_restricted_siblings_family_is_not_offered_nor_read(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, ben, maya = family_of_two(make_user)
    RestrictedRecord.objects.create(child_id=ben.pk, reason="Staff member's child")
    sw = client_for(world["users"]["sw"])
    page = sw.get(new_url(ada)).content.decode()
    assert f"person record {maya.pk}" not in page
    assert not AccessLogEntry.objects.filter(action="child.family.people_around").exists()
    # Not by record number either, and a forged pick is refused.
    found = sw.post(new_url(ada), {"find": str(maya.pk), "search": "1"}).content.decode()
    assert f"person record {maya.pk}" not in found
    forged = sw.post(new_url(ada), {"who": str(maya.pk), "relationship_type": "mother", **FLAGS})
    assert forged.status_code == 200
    assert not Relationship.objects.filter(child=ada, family_member=maya).exists()


@pytest.mark.django_db
def test_search_by_name_or_person_record(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _ben, maya = family_of_two(make_user)
    # A grandmother recorded for an unrelated child the worker may open: found only by her record number.
    other = held(world, "Cal", "Other", date(2014, 4, 4))
    nan = s.add_family_member(
        child=other, relationship_type="grandparent", first_name="Nan", sex="F", by=None
    )
    sw = client_for(world["users"]["sw"])
    listed = sw.get(new_url(ada)).content.decode()
    assert f"person record {nan.family_member_id}" not in listed
    by_number = sw.post(new_url(ada), {"find": str(nan.family_member_id), "search": "1"}).content.decode()
    assert f"Nan (person record {nan.family_member_id}): grandparent of Cal Other" in by_number
    assert f"person record {maya.pk}" not in by_number
    by_name = sw.post(new_url(ada), {"find": "maya", "search": "1"}).content.decode()
    assert f"person record {maya.pk}" in by_name
    nobody = sw.post(new_url(ada), {"find": "Zed", "search": "1"}).content.decode()
    assert "No one recorded around the child matches" in nobody
    assert "There is a problem" not in nobody  # a search is not a failed save
    # Picked after the search (the search posted along): linked to Ada.
    picked = {
        "find": str(nan.family_member_id),
        "who": str(nan.family_member_id),
        "relationship_type": "grandparent",
    }
    assert sw.post(new_url(ada), {**picked, "parental_responsibility": "no"}).status_code == 302
    assert Relationship.objects.filter(child=ada, family_member_id=nan.family_member_id).exists()


@pytest.mark.django_db(transaction=True)
def test_picking_the_siblings_mother_in_the_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    _world, ada, _ben, maya = family_of_two(make_user)
    sign_in(page, "sw")
    page.goto(new_url(ada))
    existing = page.get_by_role("radio", name="Maya Casechild, born 14 March 1988", exact=False)
    expect(existing).to_be_visible()
    expect(page.get_by_label("First name")).to_be_hidden()  # the new person's details only when asked for
    existing.check()
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.locator("#id_parental_responsibility_0").check()
    page.locator("#id_lives_with_child_0").check()
    assert axe_problems(page) == []
    shot(page, "family-add-existing")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(f"**{reverse('child-family', args=[ada.pk])}")
    expect(page.get_by_role("cell", name="Maya Casechild", exact=True)).to_be_visible()
    assert Relationship.objects.filter(child=ada, family_member=maya).exists()
