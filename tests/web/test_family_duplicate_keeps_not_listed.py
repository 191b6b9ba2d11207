"""When a new family member matches someone already recorded, the page comes back offering that
record under "Who is it?", with "Someone not listed" still the answer, so the details just typed and
"This is a different person" stay shown (not hidden under an unchosen answer).

Worked by hand:

- Ada has no brothers or sisters and no one lives with her, so nobody is offered and the page asks the
  new person's details outright (no "Who is it?"). Nan Other, born 1 June 1950, is recorded as the
  grandmother of Cal, another child the worker holds. Typing Nan Other, 1 6 1950 for Ada finds her:
  "Who is it?" now lists Nan (id_who_0) and "Someone not listed" (id_who_1), which is checked, and
  its block (conditional-id_who_1) is shown holding "Nan" and the "different person" box. Nan is not
  checked: picking her is the worker's choice.
- Ada's brother Ben has a mother, Maya Casechild, born 14 March 1988, so Maya is offered. Choosing
  "Someone not listed" and typing Maya's name and date of birth finds her: the page comes back with
  "Someone not listed" (id_who_1, Maya being id_who_0) still checked and its block shown.
"""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from continuum.journey import services as s
from continuum.people.models import FamilyMember, Relationship
from tests.web.test_casework_views import client_for, day, make_world, page_text
from tests.web.test_ux_mends_family import BORN, FLAGS, family_of_two, held, new_url

pytestmark = pytest.mark.django_db

NAN_BORN = date(1950, 6, 1)


def _radio(page: lxml.html.HtmlElement, id_: str) -> lxml.html.HtmlElement:
    (radio,) = page.xpath(".//input[@id=$id]", id=id_)
    return radio


def _block(page: lxml.html.HtmlElement, id_: str) -> lxml.html.HtmlElement:
    (block,) = page.xpath(".//*[@id=$id]", id=id_)
    return block


def test_with_nobody_listed_a_match_comes_back_with_someone_not_listed_chosen(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    ada = world["child"]
    cal = held(world, "Cal", "Other", date(2014, 4, 4))
    nan = s.add_family_member(
        child=cal,
        relationship_type="grandparent",
        first_name="Nan",
        last_name="Other",
        birth_date=NAN_BORN,
        sex="F",
        by=None,
    ).family_member
    sw = client_for(world["users"]["sw"])
    first = lxml.html.fromstring(page_text(sw.get(new_url(ada))))
    assert not first.xpath(".//input[@name='who']")  # nobody to pick: the details are asked outright
    assert first.xpath(".//input[@id='id_first_name']")

    typed = {
        "first_name": "Nan",
        "last_name": "Other",
        **day("birth_date", NAN_BORN),
        "sex": "F",
        "relationship_type": "grandparent",
        **FLAGS,
    }
    offered = sw.post(new_url(ada), typed)
    assert offered.status_code == 200
    html = page_text(offered)
    assert f"Someone with this name and date of birth is already recorded (person record {nan.pk})" in html
    page = lxml.html.fromstring(html)
    assert _radio(page, "id_who_0").get("value") == str(nan.pk)
    assert _radio(page, "id_who_0").get("checked") is None
    not_listed = _radio(page, "id_who_1")
    assert not_listed.get("value") == "new"
    assert not_listed.get("checked") is not None
    block = _block(page, "conditional-id_who_1")
    assert "govuk-radios__conditional--hidden" not in block.get("class")
    assert block.get_element_by_id("id_first_name").get("value") == "Nan"
    assert block.get_element_by_id("id_birth_date-year").get("value") == "1950"
    assert block.xpath(".//input[@id='id_different_person']")
    assert FamilyMember.objects.count() == 1
    assert not Relationship.objects.filter(child=ada, family_member__isnull=False).exists()

    # The answer as the page now sends it, with "This is a different person" ticked: a second Nan.
    saved = sw.post(new_url(ada), {**typed, "who": "new", "different_person": "on"})
    assert saved.status_code == 302
    assert FamilyMember.objects.count() == 2
    assert Relationship.objects.get(child=ada, family_member__isnull=False).family_member_id != nan.pk


def test_someone_not_listed_chosen_stays_chosen_when_a_match_is_found(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _ben, maya = family_of_two(make_user)
    sw = client_for(world["users"]["sw"])
    typed = {
        "who": "new",
        "first_name": "Maya",
        "last_name": "Casechild",
        **day("birth_date", BORN),
        "sex": "F",
        "relationship_type": "mother",
        **FLAGS,
    }
    page = lxml.html.fromstring(page_text(sw.post(new_url(ada), typed)))
    assert _radio(page, "id_who_0").get("value") == str(maya.pk)
    assert _radio(page, "id_who_0").get("checked") is None
    assert _radio(page, "id_who_1").get("checked") is not None
    block = _block(page, "conditional-id_who_1")
    assert "govuk-radios__conditional--hidden" not in block.get("class")
    assert block.xpath(".//input[@id='id_different_person']")
