"""The genogram on the family page (issue 18 point 5): drawn from the recorded relationships, with
the same people in words; checked by known answers on the layout, and in a browser with axe.

Screenshot: tests/artifacts/genogram.png.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.core.models import AccessLogEntry
from continuum.people.models import FamilyMember, Professional, Relationship, RelationshipType
from continuum.web.genogram import GAP_X, WIDTH_MIN, for_child
from tests.conftest import sign_in
from tests.web.test_casework_views import client_for, make_world
from tests.web.test_mash_browser import axe_problems, shot


def family(world: dict) -> None:
    """Ada's family: mother (PR, lives with her), father (PR, left), a grandmother, a brother, a carer."""
    child = world["child"]
    child.sex = "F"
    child.save(update_fields=["sex"])

    def adult(first: str, last: str, sex: str, kind: str, **flags: object) -> None:
        member = FamilyMember.objects.create(first_name=first, last_name=last, sex=sex)
        Relationship.objects.create(child=child, family_member=member, relationship_type=kind, **flags)

    adult(
        "Maya", "Casechild", "F", RelationshipType.MOTHER, parental_responsibility=True, lives_with_child=True
    )
    adult(
        "Dan",
        "Casechild",
        "M",
        RelationshipType.FATHER,
        parental_responsibility=True,
        start_date=date(2009, 1, 1),
        end_date=date(2020, 5, 1),
    )
    adult("Rose", "Elder", "F", RelationshipType.GRANDPARENT)
    adult("Kim", "Neighbour", "U", RelationshipType.FAMILY_FRIEND)
    brother = FamilyMember.objects.create(first_name="Leo", last_name="Casechild", sex="M")
    Relationship.objects.create(
        child=child, family_member=brother, relationship_type=RelationshipType.SIBLING, lives_with_child=True
    )


@pytest.mark.django_db
def test_layout_known_answers(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    family(world)
    g = for_child(world["child"])
    by_name = {p.name: p for p in g.people}
    assert g.width == WIDTH_MIN  # two on the widest row fit in the smallest drawing
    assert (by_name["Rose Elder"].row, by_name["Maya Casechild"].row, by_name["Ada Casechild"].row) == (
        0,
        1,
        2,
    )
    assert by_name["Kim Neighbour"].row == 3
    # The child's row: Ada, then Leo, centred (one sibling goes to the right).
    assert by_name["Leo Casechild"].x - by_name["Ada Casechild"].x == GAP_X
    assert by_name["Ada Casechild"].x + by_name["Leo Casechild"].x == WIDTH_MIN
    assert by_name["Ada Casechild"].is_subject
    assert by_name["Ada Casechild"].shape == "circle"
    assert (by_name["Dan Casechild"].shape, by_name["Kim Neighbour"].shape) == ("square", "diamond")
    assert by_name["Dan Casechild"].ended
    assert not by_name["Dan Casechild"].lives_with
    assert g.text == [
        ("Grandparents", ["Rose Elder: grandparent"]),
        (
            "Parents and their generation",
            [
                "Maya Casechild: mother (has parental responsibility, lives with the child)",
                "Dan Casechild: father (has parental responsibility, relationship ended)",
            ],
        ),
        ("The child and siblings", ["Leo Casechild: sibling (lives with the child)"]),
        ("Others", ["Kim Neighbour: family friend"]),
    ]


@pytest.mark.django_db
def test_the_family_page_draws_it_and_the_page_view_is_logged(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    family(world)
    body = client_for(world["users"]["sw"]).get(reverse("child-family", args=[world["child"].pk])).content
    html = body.decode()
    assert '<svg role="img"' in html
    assert "The genogram in words" in html
    assert "Maya Casechild: mother (has parental responsibility, lives with the child)" in html
    assert html.count("stroke-dasharray") == 1  # only the ended relationship (Dan)


@pytest.mark.django_db
def test_a_social_worker_adds_the_gp_and_the_family_page_lists_them(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    child = world["child"]
    new = reverse("child-professional-new", args=[child.pk])
    sw = client_for(world["users"]["sw"])
    refused = sw.post(new, {"role": "", "name": "", "organisation": "", "email": "not an email"})
    html = refused.content.decode()
    assert "Select the role" in html
    assert "Enter an email address like name@example.org" in html
    done = sw.post(
        new,
        {
            "role": "gp",
            "name": "Dr Asha Patel",
            "organisation": "Hale Lane Surgery",
            "phone": "020 7946 0000",
            "email": "surgery@example.org",
            "start_date-day": "1",
            "start_date-month": "9",
            "start_date-year": "2019",
        },
    )
    assert done.status_code == 302
    gp = Professional.objects.get(child=child)
    assert (gp.role, gp.organisation, gp.start_date) == ("gp", "Hale Lane Surgery", date(2019, 9, 1))
    page = sw.get(reverse("child-family", args=[child.pk])).content.decode()
    assert "Dr Asha Patel" in page
    assert 'href="mailto:surgery@example.org"' in page
    assert client_for(world["users"]["analyst"]).get(new).status_code == 403
    assert AccessLogEntry.objects.filter(action="child.professional.new", user=world["users"]["sw"]).exists()


@pytest.mark.django_db(transaction=True)
def test_genogram_in_the_browser(page, make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    family(world)
    sign_in(page, "sw")
    page.goto(reverse("child-family", args=[world["child"].pk]))
    page.get_by_role("link", name="Add a professional", exact=False).click()
    page.get_by_label("Role").select_option(label="School or nursery")
    page.get_by_label("Name").fill("Ms Joan Okafor, designated safeguarding lead")
    page.get_by_label("Organisation").fill("Oakleigh Primary School")
    page.get_by_label("Telephone").fill("020 7946 0123")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(f"**{reverse('child-family', args=[world['child'].pk])}")
    expect(page.get_by_text("Oakleigh Primary School")).to_be_visible()
    expect(page.get_by_role("img", name="Genogram", exact=False)).to_be_visible()
    expect(page.get_by_text("Rose Elder: grandparent")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "genogram")
