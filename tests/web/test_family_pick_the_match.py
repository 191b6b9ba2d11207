"""A new family member who matches someone already recorded can be picked on the page that comes back.

The page offering the match lists them under "Who is it?"; picking them sends their person record
number with the details typed. The server finds the match again from those details (the duplicate
check, under its rule: people the worker may see), so the pick links the existing person instead of
being refused as "not in the list", which left the worker to search by number or make a duplicate.

Worked by hand:

- Ada has no brothers or sisters and no one lives with her, so nobody is offered. Siobhán O'Neill,
  born 1 February 1990, is recorded as the mother of Rory O'Neill, another child the worker's team
  holds. One person is recorded in all (Siobhán).
- The worker enters Siobhán O'Neill, 1/2/1990, for Ada. The page comes back naming person record
  <Siobhán's number>, with "Who is it?" offering her (id_who_0) and "Someone not listed" (id_who_1).
- Picking her (who = her number, the details still sent): saved, still one person, and Ada's mother is
  Siobhán's record. Ticking "This is a different person" instead: saved, two people, Ada's mother is
  the new one. A pick with the date of birth changed to 2/2/1990 matches nobody, so her number is
  refused; so is a pick of her when Rory's record is restricted (the worker may not see her).
"""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from continuum.core.models import RestrictedRecord
from continuum.journey import services as s
from continuum.people.models import FamilyMember, Relationship
from tests.web.test_casework_views import client_for, day, make_world, page_text
from tests.web.test_ux_mends_family import FLAGS, held, new_url

pytestmark = pytest.mark.django_db

SIOBHAN_BORN = date(1990, 2, 1)
NOT_LISTED = "Select someone from the list, or someone not listed"


def _siobhan_elsewhere(make_user):  # type: ignore[no-untyped-def]
    """Ada with nobody around her; Siobhán recorded as the mother of Rory, held by the same team."""
    world = make_world(make_user)
    rory = held(world, "Rory", "O'Neill", date(2015, 5, 5))
    siobhan = s.add_family_member(
        child=rory,
        relationship_type="mother",
        first_name="Siobhán",
        last_name="O'Neill",
        birth_date=SIOBHAN_BORN,
        sex="F",
        by=None,
    ).family_member
    return world, world["child"], rory, siobhan


def _typed(born: date = SIOBHAN_BORN) -> dict[str, str]:
    return {
        "first_name": "Siobhán",
        "last_name": "O'Neill",
        **day("birth_date", born),
        "sex": "F",
        "relationship_type": "mother",
        **FLAGS,
    }


def _ada_family(ada) -> list[int]:  # type: ignore[no-untyped-def]
    return list(
        Relationship.objects.filter(child=ada, family_member__isnull=False).values_list(
            "family_member_id", flat=True
        )
    )


def test_the_match_offered_is_picked_and_linked(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, rory, siobhan = _siobhan_elsewhere(make_user)
    sw = client_for(world["users"]["sw"])
    assert FamilyMember.objects.count() == 1

    offered = sw.post(new_url(ada), _typed())
    assert offered.status_code == 200
    page = lxml.html.fromstring(page_text(offered))
    text = page.text_content()
    assert f"already recorded (person record {siobhan.pk})" in text
    (pick,) = page.xpath(".//input[@id='id_who_0']")
    assert pick.get("value") == str(siobhan.pk)
    (label,) = page.xpath(".//label[@for='id_who_0']")
    assert label.text_content().strip() == (
        f"Siobhán O'Neill, born 1 February 1990 (person record {siobhan.pk}): mother of Rory O'Neill"
    )

    picked = sw.post(new_url(ada), {**_typed(), "who": str(siobhan.pk)})
    assert picked.status_code == 302
    assert FamilyMember.objects.count() == 1  # no second Siobhán
    assert _ada_family(ada) == [siobhan.pk]
    rel = Relationship.objects.get(child=ada, family_member=siobhan)
    assert (rel.relationship_type, rel.parental_responsibility) == ("mother", True)
    assert set(siobhan.relationships.values_list("child_id", flat=True)) == {ada.pk, rory.pk}


def test_a_different_person_is_still_made_new(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _rory, siobhan = _siobhan_elsewhere(make_user)
    sw = client_for(world["users"]["sw"])
    assert sw.post(new_url(ada), _typed()).status_code == 200
    saved = sw.post(new_url(ada), {**_typed(), "who": "new", "different_person": "on"})
    assert saved.status_code == 302
    assert FamilyMember.objects.count() == 2
    (mother,) = _ada_family(ada)
    assert mother != siobhan.pk
    assert FamilyMember.objects.get(pk=mother).birth_date == SIOBHAN_BORN


def test_a_pick_the_details_do_not_match_is_refused(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _rory, siobhan = _siobhan_elsewhere(make_user)
    sw = client_for(world["users"]["sw"])
    refused = sw.post(new_url(ada), {**_typed(date(1990, 2, 2)), "who": str(siobhan.pk)})
    assert refused.status_code == 200
    assert NOT_LISTED in lxml.html.fromstring(page_text(refused)).text_content()
    assert _ada_family(ada) == []
    assert FamilyMember.objects.count() == 1


def test_a_pick_of_someone_the_worker_may_not_see_is_refused(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, rory, siobhan = _siobhan_elsewhere(make_user)
    RestrictedRecord.objects.create(child_id=rory.pk, reason="Staff member's child")
    sw = client_for(world["users"]["sw"])
    refused = sw.post(new_url(ada), {**_typed(), "who": str(siobhan.pk)})
    assert refused.status_code == 200
    assert NOT_LISTED in lxml.html.fromstring(page_text(refused)).text_content()
    assert _ada_family(ada) == []
    assert FamilyMember.objects.count() == 1
