"""The family page's forms (issue 18 point 5): a family member added as a person with their
relationship to the child, and a relationship changed or ended; known answers, the policy, the
chronology, and a clash with someone else's save refused. Browser test with axe and screenshot
tests/artifacts/family-add.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.core import clock
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.people.models import Child, FamilyMember, Relationship, RelationshipType
from continuum.web.genogram import ROW_Y, layout
from tests.conftest import sign_in
from tests.web.test_casework_views import client_for, day, hidden, make_world
from tests.web.test_mash_browser import axe_problems, shot

MOTHER = {
    "first_name": "Maya",
    "last_name": "Casechild",
    **day("birth_date", date(1988, 3, 14)),
    "sex": "F",
    "relationship_type": "mother",
    "parental_responsibility": "yes",
    "is_main_carer": "yes",
    "lives_with_child": "yes",
}


def new_url(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("child-family-member-new", args=[child.pk])


@pytest.mark.django_db
def test_a_social_worker_adds_the_mother_as_a_person_with_parental_responsibility(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    response = sw.post(new_url(child), MOTHER)
    assert response.status_code == 302
    assert response["Location"] == reverse("child-family", args=[child.pk])
    rel = Relationship.objects.select_related("family_member").get(child=child)
    mother = rel.family_member
    assert (mother.first_name, mother.last_name, mother.birth_date, mother.sex) == (
        "Maya",
        "Casechild",
        date(1988, 3, 14),
        "F",
    )
    assert (rel.relationship_type, rel.parental_responsibility, rel.is_main_carer, rel.lives_with_child) == (
        "mother",
        True,
        True,
        True,
    )
    event = ChronologyEvent.objects.get(child=child, step="add_family_member")
    assert event.what == "Family member added (Mother)"
    assert event.by == world["users"]["sw"]
    assert AccessLogEntry.objects.filter(action="child.family_member.new", user=world["users"]["sw"]).exists()
    page = sw.get(reverse("child-family", args=[child.pk])).content.decode()
    assert "Maya Casechild: mother (has parental responsibility, lives with the child)" in page


@pytest.mark.django_db
def test_errors_name_the_field_and_nothing_is_saved(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    future = clock.today().replace(year=clock.today().year + 1)
    html = sw.post(
        new_url(child), {"birth_date-day": "1", "birth_date-month": "1", "birth_date-year": str(future.year)}
    ).content.decode()
    for message in (
        "Enter the family member&#x27;s first name",
        "Select the family member&#x27;s sex, or unknown",
        "Select how they are related to the child",
        "Select yes if they have parental responsibility",
        "must be today or in the past",
    ):
        assert message in html, message
    assert not FamilyMember.objects.exists()


@pytest.mark.django_db
def test_who_may_add_and_change(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    rel = s.add_family_member(child=child, relationship_type="father", first_name="Dan", sex="M", by=None)
    analyst = client_for(world["users"]["analyst"])
    assert analyst.get(new_url(child)).status_code == 403
    assert analyst.get(reverse("child-relationship-change", args=[child.pk, rel.pk])).status_code == 403
    assert analyst.post(new_url(child), MOTHER).status_code == 403
    assert Relationship.objects.filter(child=child).count() == 1
    # Someone else's child's relationship is not reachable through this child's address.
    other = s.register_child(first_name="Ben", last_name="Other", person_birth_date=date(2012, 1, 1), by=None)
    theirs = s.add_family_member(child=other, relationship_type="mother", first_name="Zoe", sex="F", by=None)
    sw = client_for(world["users"]["sw"])
    assert sw.get(reverse("child-relationship-change", args=[child.pk, theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_the_father_loses_parental_responsibility_then_the_relationship_ends(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    rel = s.add_family_member(
        child=child,
        relationship_type="father",
        first_name="Dan",
        sex="M",
        parental_responsibility=True,
        start_date=date(2010, 6, 1),
        by=None,
    )
    sw = client_for(world["users"]["sw"])
    change = reverse("child-relationship-change", args=[child.pk, rel.pk])
    opened = sw.get(change)
    assert 'value="yes" checked' in opened.content.decode()  # shown as it stands
    form = {
        "version": hidden(opened, "version"),
        "seen_state": hidden(opened, "seen_state"),
        "relationship_type": "father",
        "parental_responsibility": "no",
        "is_main_carer": "no",
        "lives_with_child": "no",
    }
    assert sw.post(change, form).status_code == 302
    rel.refresh_from_db()
    assert (rel.parental_responsibility, rel.end_date, rel.version) == (False, None, 2)
    assert ChronologyEvent.objects.get(child=child, step="change_relationship").what == (
        "Relationship changed (Father)"
    )
    # The same (now stale) form again, ending it: refused, saying what the other save changed.
    stale = sw.post(change, {**form, **day("end_date", date(2024, 1, 5))})
    html = stale.content.decode()
    assert stale.status_code == 200
    assert "Parental responsibility is now" in html
    rel.refresh_from_db()
    assert rel.end_date is None
    # Saved again deliberately (the form moved on to the current version): ended, and kept.
    moved = stale.context["form"].data
    assert sw.post(change, moved).status_code == 302
    rel.refresh_from_db()
    assert rel.end_date == date(2024, 1, 5)
    assert ChronologyEvent.objects.filter(child=child, step="change_relationship").latest("pk").what == (
        "Relationship ended (Father)"
    )
    assert "Change or end" in sw.get(reverse("child-family", args=[child.pk])).content.decode()


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_by_name(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    rel = s.add_family_member(
        child=child,
        relationship_type="step_parent",
        first_name="Ola",
        sex="U",
        start_date=date(2022, 1, 1),
        by=None,
    )
    sw = client_for(world["users"]["sw"])
    change = reverse("child-relationship-change", args=[child.pk, rel.pk])
    opened = sw.get(change)
    html = sw.post(
        change,
        {
            "version": hidden(opened, "version"),
            "seen_state": hidden(opened, "seen_state"),
            "relationship_type": RelationshipType.STEP_PARENT,
            "parental_responsibility": "no",
            **day("end_date", date(2021, 1, 1)),
        },
    ).content.decode()
    assert "is before the relationship start date" in html
    rel.refresh_from_db()
    assert rel.end_date is None


@pytest.mark.django_db(transaction=True)
def test_adding_a_family_member_in_the_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    sign_in(page, "sw")
    page.goto(reverse("child-family", args=[child.pk]))
    expect(page.get_by_text("No one is recorded around the child yet.")).to_be_visible()
    page.get_by_role("link", name="Add a family member", exact=False).click()
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Casechild")
    page.get_by_label("Day").first.fill("14")
    page.get_by_label("Month").first.fill("3")
    page.get_by_label("Year").first.fill("1988")
    page.get_by_role("radio", name="Female").check()
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.locator("#id_parental_responsibility_0").check()
    page.locator("#id_lives_with_child_0").check()
    assert axe_problems(page) == []
    shot(page, "family-add")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(f"**{reverse('child-family', args=[child.pk])}")
    expect(
        page.get_by_text("Maya Casechild: mother (has parental responsibility, lives with the child)")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Genogram", exact=False)).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "family-page")


def test_a_child_with_no_relatives_is_drawn_without_a_blank_band_above() -> None:
    """Only the rows someone is on take height: the child alone sits at the top of a short drawing."""
    alone = layout(Child(first_name="Ada", last_name="Casechild", sex="F"), [])
    (child,) = alone.people
    assert (child.y, alone.height) == (ROW_Y[0], ROW_Y[0] + 90)
    with_mother = layout(
        Child(first_name="Ada", sex="F"),
        [
            Relationship(
                pk=1, relationship_type="mother", family_member=FamilyMember(first_name="Maya", sex="F")
            )
        ],
    )
    mother = next(p for p in with_mother.people if not p.is_subject)
    assert (mother.y, with_mother.people[-1].y, with_mother.height) == (ROW_Y[0], ROW_Y[1], ROW_Y[1] + 90)
