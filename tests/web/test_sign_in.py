"""Sign-in, sign-out, lockout and the idle timeout, through Django's test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("sign-in"), {"username": username, "password": password})


def test_home_needs_sign_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/")


def test_sign_in_lands_on_home_with_roles(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    response = _sign_in(client, "sw")
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Social worker" in home.content.decode()


def test_wrong_password_names_the_problem(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    response = _sign_in(client, "sw", "wrong-password-123")
    assert response.status_code == 200
    assert "Enter a correct user name and password" in response.content.decode()


def test_empty_form_names_each_field(client) -> None:
    response = client.post(reverse("sign-in"), {"username": "", "password": ""})
    page = response.content.decode()
    assert "Enter your user name" in page
    assert "Enter your password" in page
    assert 'href="#id_username"' in page


def test_repeated_failures_lock_the_account(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    for _ in range(settings.CONTINUUM_SIGNIN_FAILURE_LIMIT):
        _sign_in(client, "sw", "wrong-password-123")
    locked = _sign_in(client, "sw")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.content.decode()
    assert client.get("/").status_code == 302


def test_sign_out_needs_post_and_ends_the_session(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    _sign_in(client, "sw")
    assert client.get(reverse("sign-out")).status_code == 405
    response = client.post(reverse("sign-out"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_idle_session_times_out(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    _sign_in(client, "sw")
    assert client.get("/").status_code == 200
    # Age the session past its idle limit, as if the worker left the desk.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_session_timeout_defaults_to_thirty_minutes_and_renews() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_user_without_a_role_is_told_so(client, make_user) -> None:
    make_user("nobody")
    _sign_in(client, "nobody")
    response = client.get("/")
    assert response.status_code == 403
    assert "You have no role yet" in response.content.decode()


def test_pages_carry_security_headers(client, make_user) -> None:
    make_user("sw", roles.SOCIAL_WORKER)
    _sign_in(client, "sw")
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sign_in_form_has_csrf_protection(make_user) -> None:
    from django.test import Client

    make_user("sw", roles.SOCIAL_WORKER)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("sign-in"), {"username": "sw", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
