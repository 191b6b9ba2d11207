"""The home page lists only the areas the policy opens to the user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from continuum.core import roles
from continuum.core.policy import PolicyError, known_actions, may
from continuum.devtools.demo_users import DEMO_PASSWORD, ensure_demo_users
from continuum.web.access import requires

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_after_migrating() -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in roles.ALL_ROLES} <= names
    assert len(roles.ALL_ROLES) == 12


def test_demo_users_one_per_role_and_idempotent(client) -> None:
    first = ensure_demo_users()
    second = ensure_demo_users()
    assert [s.username for s in first] == [s.username for s in second]
    assert len(first) == len(roles.ALL_ROLES)
    from django.contrib.auth.models import User

    for sign_in in first:
        user = User.objects.get(username=sign_in.username)
        assert user.check_password(DEMO_PASSWORD)
        client.force_login(user)
        assert client.get("/").status_code == 200
        client.logout()


def test_administration_listed_only_for_system_administrators(client, make_user) -> None:
    admin_user = make_user("admin-user", roles.SYSTEM_ADMINISTRATOR, staff=True)
    worker = make_user("sw", roles.SOCIAL_WORKER)
    client.force_login(admin_user)
    assert "Administration" in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(worker)
    assert "Administration" not in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 302  # admin refuses: not a system administrator


def test_staff_flag_alone_does_not_open_admin(client, make_user) -> None:
    client.force_login(make_user("staff-sw", roles.SOCIAL_WORKER, staff=True))
    assert client.get("/admin/").status_code == 302


def test_policy_refuses_anonymous_and_rejects_unknown_actions(make_user) -> None:
    assert may(AnonymousUser(), "home.view") is False
    user = make_user("sw", roles.SOCIAL_WORKER)
    with pytest.raises(PolicyError):
        may(user, "no.such.action")
    user.is_active = False
    assert may(user, "home.view") is False


def test_every_url_is_guarded_by_the_policy() -> None:
    """Each of our own views names a policy action, or is on the short public list."""
    from django.urls import get_resolver

    public = {"sign-in", "sign-out"}
    for pattern in get_resolver().url_patterns:
        name = getattr(pattern, "name", None)
        if name is None or name in public:
            continue
        action = getattr(pattern.callback, "continuum_action", None)
        assert action in known_actions(), f"URL {name!r} does not ask the permissions policy"


def test_requires_decorator_answers_403_when_refused(rf, make_user) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    @requires("admin.use")
    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse("ok")

    request = rf.get("/x")
    request.user = make_user("sw", roles.SOCIAL_WORKER)
    with pytest.raises(PermissionDenied):
        view(request)
