"""The home page lists only the areas the policy opens to the user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver

from continuum.core import roles
from continuum.core.policy import PolicyError, known_actions, may
from continuum.devtools.demo_users import DEMO_PASSWORD, ensure_demo_users
from continuum.web.access import requires

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_after_migrating() -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in roles.ALL_ROLES} <= names
    assert len(roles.ALL_ROLES) == 17
    assert {"Head of service", "Partner member", "Community safety officer"} <= names


def test_demo_users_one_per_role_and_idempotent(client) -> None:
    first = ensure_demo_users()
    second = ensure_demo_users()
    assert [s.username for s in first] == [s.username for s in second]
    from continuum.devtools.demo_users import EXTRA_SIGN_INS

    assert len(first) == len(roles.ALL_ROLES) + len(EXTRA_SIGN_INS)
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


def _every_url(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, URLPattern]]:
    """Each view's route, its namespace and its pattern, down through every include(), named or not."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _every_url(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def _admin_urls() -> list[tuple[str, URLPattern]]:
    return [
        (route, p) for route, namespace, p in _every_url(get_resolver().url_patterns) if namespace == "admin"
    ]


def test_every_url_is_guarded_by_the_policy() -> None:
    """Each of our own views names a policy action, or is on the short public list.

    The walk goes into include()d patterns and unnamed ones too, so a view added
    under an include() cannot slip past. The one include() is Django's admin,
    which has its own guard (the admin site asks the policy for ``admin.use``);
    the test below requests every admin URL to prove it.
    """
    public = {"sign-in", "sign-out"}
    seen = 0
    for route, namespace, pattern in _every_url(get_resolver().url_patterns):
        if namespace == "admin" or pattern.name in public:
            continue
        seen += 1
        action = getattr(pattern.callback, "continuum_action", None)
        assert action in known_actions(), (
            f"URL {route!r} ({pattern.name}) does not ask the permissions policy"
        )
    assert seen > 50  # the walk reached the areas' views, not only the top level


def _concrete(route: str) -> str:
    """A path that reaches the route: record numbers as 1, an app label as core, anything else as nowhere."""
    samples = {"app_label": "core", "url": "nowhere/"}
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples.get(m.group(1), "1"), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples.get(m.group(1), "1"), path)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_admin_url_refuses_a_user_the_policy_refuses(rf, make_user) -> None:
    """Staff without ``admin.use``, and anonymous users, are sent to sign in from every admin URL.

    Each view is called straight from its URL match (no middleware), which is
    where the admin site's guard runs; the admin's login page then hands over to
    the service's own sign-in.
    """
    from django.urls import resolve

    urls = _admin_urls()
    assert len(urls) > 50  # index, login, the catch-all and each registered model's views
    staff = make_user("staff-sw", roles.SOCIAL_WORKER, staff=True)
    for user in (AnonymousUser(), staff):
        for route, pattern in urls:
            path = _concrete(route)
            match = resolve(path)
            assert match.func is pattern.callback, f"{path} does not reach {route}"
            request = rf.get(path)
            request.user = user
            if pattern.name == "login" and user.is_authenticated:
                # Signed in already: refused outright, not sent round to sign in again.
                with pytest.raises(PermissionDenied):
                    match.func(request, *match.args, **match.kwargs)
                continue
            response = match.func(request, *match.args, **match.kwargs)
            assert response.status_code == 302, f"{path} answered {response.status_code}"
            # A refused logout goes to the admin index, which is refused in turn.
            expected = "/admin/" if pattern.name == "logout" else "/admin/login/"
            if pattern.name == "login":
                expected = "/sign-in/"
            assert urlsplit(response["Location"]).path == expected, path


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
