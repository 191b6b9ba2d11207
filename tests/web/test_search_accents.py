"""The child search compares names without their accents, both ways round.

A social worker types a name as it was said to them: "Sean" for a child recorded as "Seán",
or "Zoë" for one recorded as "Zoe". Before, either missed the other record, and a duplicate
could be registered in ignorance. Each expected answer below is worked out by hand from the
children the test makes (surnames no seed uses, so nothing else matches).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from continuum.core import clock, roles
from continuum.core.models import LegitimateRelationship, RestrictedRecord
from continuum.journey import services as s
from continuum.people.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def children() -> dict[str, Child]:
    """Children with and without accents, an apostrophe and a hyphen, keyed by how each is written."""
    names = {
        "Seán Quillfeather": ("Seán", "Quillfeather"),
        "Sean Quillfeather": ("Sean", "Quillfeather"),
        "Zoë Quillfeather": ("Zoë", "Quillfeather"),
        "Zoe Quillfeather": ("Zoe", "Quillfeather"),
        "Ana Núñez-Varga": ("Ana", "Núñez-Varga"),
        "Ana Nunez-Varga": ("Ana", "Nunez-Varga"),
        "Aoife O'Brien-Tarrow": ("Aoife", "O'Brien-Tarrow"),
    }
    return {
        key: s.register_child(first_name=first, last_name=last, person_birth_date=date(2016, 4, 9), by=None)
        for key, (first, last) in names.items()
    }


@pytest.fixture
def client(make_user, children: dict[str, Child]) -> Client:
    """A social worker with a recorded reason to see every one of the children, so each match is listed."""
    user = make_user("sw", roles.SOCIAL_WORKER)
    for child in children.values():
        LegitimateRelationship.objects.create(
            user=user, child_id=child.pk, reason="Case audit", start_date=clock.today()
        )
    client = Client()
    client.force_login(user)
    return client


def _found(client: Client, **terms: str) -> set[int]:
    response = client.post(reverse("child-search"), terms)
    assert response.status_code == 200
    return {child.pk for child in response.context["results"]}


def _pks(children: dict[str, Child], *keys: str) -> set[int]:
    return {children[key].pk for key in keys}


def test_the_test_database_has_unaccent() -> None:
    """The migrations (people 0005) create the extension in the database the tests run on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() == (1,)


def test_a_name_typed_without_its_accent_finds_the_accented_record(client, children) -> None:
    both_seans = _pks(children, "Seán Quillfeather", "Sean Quillfeather")
    assert _found(client, first_name="Sean", last_name="Quillfeather") == both_seans
    assert _found(client, first_name="zoe", last_name="quillfeather") == _pks(
        children, "Zoë Quillfeather", "Zoe Quillfeather"
    )
    assert _found(client, last_name="Nunez") == _pks(children, "Ana Núñez-Varga", "Ana Nunez-Varga")


def test_a_name_typed_with_an_accent_finds_the_record_without_one(client, children) -> None:
    both_seans = _pks(children, "Seán Quillfeather", "Sean Quillfeather")
    assert _found(client, first_name="Seán", last_name="Quillfeather") == both_seans
    assert _found(client, first_name="ZOË", last_name="Quillfeather") == _pks(
        children, "Zoë Quillfeather", "Zoe Quillfeather"
    )
    assert _found(client, last_name="núñez-v") == _pks(children, "Ana Núñez-Varga", "Ana Nunez-Varga")


def test_part_of_a_name_still_matches_and_other_names_do_not(client, children) -> None:
    assert _found(client, first_name="éa", last_name="Quillfeather") == _pks(
        children, "Seán Quillfeather", "Sean Quillfeather"
    )
    assert _found(client, first_name="Zoë", last_name="Núñez") == set()


def test_apostrophes_and_hyphens_are_found_as_before(client, children) -> None:
    aoife = _pks(children, "Aoife O'Brien-Tarrow")
    assert _found(client, last_name="O'Brien") == aoife
    assert _found(client, last_name="brien-tarrow") == aoife
    assert _found(client, last_name="O'Brien-Tarrow", first_name="Aoife") == aoife


def test_wildcards_typed_in_a_name_are_letters_not_patterns(client, children) -> None:
    """With the accents removed on both sides, a typed "%" or "_" must still match only itself."""
    assert _found(client, first_name="Se_n", last_name="Quillfeather") == set()
    assert _found(client, last_name="Quill%") == set()


def test_a_restricted_record_is_neither_listed_nor_counted_when_matched_without_its_accent(
    client, children
) -> None:
    RestrictedRecord.objects.create(child_id=children["Seán Quillfeather"].pk, reason="Staff member's child")
    response = client.post(reverse("child-search"), {"first_name": "Sean", "last_name": "Quillfeather"})
    assert {c.pk for c in response.context["results"]} == _pks(children, "Sean Quillfeather")
    assert response.context["hidden"] == 0
