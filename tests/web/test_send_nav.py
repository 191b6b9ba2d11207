"""The SEND navigation links place planning for those who may open it (``send.figures``), not others."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from continuum.core import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "role", "linked"),
    [("nav-send", roles.SEND_CASEWORKER, True), ("nav-sw", roles.SOCIAL_WORKER, False)],
)
def test_place_planning_is_linked_for_those_who_may_open_it(
    client, make_user, username, role, linked
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(username, role)
    client.force_login(user)
    page = client.get(reverse("send-home")).content.decode()
    assert "Annual reviews due" in page  # the SEND navigation is on the page
    assert (f'href="{reverse("send-places")}"' in page) is linked
    # The link is shown exactly to those the page lets in.
    assert (client.get(reverse("send-places")).status_code == 200) is linked


def test_the_tag_answers_false_with_no_one_signed_in() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = Template('{% load policy_tags %}{% may "send.figures" as ok %}{{ ok }}').render(
        Context({"request": request})
    )
    assert html == "False"
