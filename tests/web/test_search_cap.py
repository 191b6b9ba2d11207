"""A name search counts the other records matched only as far as it reads them (200): beyond that the
page says "more than", not a number that is the limit dressed as a count (found walking the demo:
Smith, Brown, Jones and Ali all read "200 other records matched")."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import RestrictedRecord
from continuum.journey import services as s
from continuum.web.children.record import MATCHES_READ

pytestmark = pytest.mark.django_db


def _children(n: int) -> list:
    """``n`` children called Zedworth, none held by anyone: a social worker may open none of them."""
    return [
        s.register_child(
            first_name=f"A{i:04d}", last_name="Zedworth", person_birth_date=date(2015, 1, 1), by=None
        )
        for i in range(n)
    ]


def _search(make_user) -> str:
    client = Client()
    client.force_login(make_user("sw", roles.SOCIAL_WORKER))
    return client.post(reverse("child-search"), {"last_name": "zedworth"}).content.decode()


def test_one_more_than_read_says_more_than(make_user) -> None:
    assert MATCHES_READ == 200
    _children(201)
    page = _search(make_user)
    assert "More than 200 other records matched" in page
    assert "add a date of birth or more of the name" in page


def test_exactly_as_many_as_read_is_a_count(make_user) -> None:
    _children(200)
    page = _search(make_user)
    assert "200 other records matched" in page
    assert "More than" not in page


def test_a_restricted_record_beyond_the_read_never_says_more(make_user) -> None:
    """The 201st (last by name) is restricted: its existence is what the restriction protects, so the
    page reads as if there were exactly 200."""
    children = _children(201)
    RestrictedRecord.objects.create(child_id=children[-1].pk, reason="Staff member's child")
    page = _search(make_user)
    assert "200 other records matched" in page
    assert "More than" not in page


def test_a_few_are_counted(make_user) -> None:
    _children(3)
    assert "3 other records matched" in _search(make_user)
