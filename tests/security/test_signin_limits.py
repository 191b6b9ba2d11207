"""Lockout and throttling that work behind a proxy (issue 17, point 4).

Known answers for the delay and for the client address behind trusted and
untrusted proxies; then through the sign-in form: five failures pause the name
for 30 seconds (not fifteen minutes), the pause doubles with each further
failure and is forgotten after it passes; failures are counted per name across
addresses and per address across names (password spraying); and behind the
trusted proxy one stranger's address does not pause another's sign-in.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from continuum.core import roles
from continuum.web.signin_limits import client_ip, delay_after
from tests.conftest import TEST_PASSWORD

PROXY = "10.0.0.5"


def test_the_delay_grows_from_thirty_seconds_to_the_cap() -> None:
    assert delay_after(5) == timedelta(seconds=30)
    assert delay_after(6) == timedelta(seconds=60)
    assert delay_after(7) == timedelta(seconds=120)
    assert delay_after(10) == timedelta(minutes=15)  # 960 s, capped
    assert delay_after(500) == timedelta(minutes=15)


@override_settings(CONTINUUM_TRUSTED_PROXIES=["10.0.0.0/24"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),  # no proxy
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # header from an untrusted client: ignored
        (PROXY, "198.51.100.1", "198.51.100.1"),  # through the trusted proxy
        (PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # a forged first hop is not believed
        (PROXY, "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # two trusted proxies in a row
        (PROXY, "not-an-address", PROXY),  # a malformed chain counts against the proxy
        (PROXY, "", PROXY),
    ],
)
def test_client_address_comes_through_trusted_proxies_only(
    remote: str, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def _sign_in(client, username: str, password: str, address: str = "198.51.100.1"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("sign-in"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def _age_attempts(seconds: int) -> None:
    """Move every recorded failure (and its expiry) into the past, as if ``seconds`` had gone by."""
    for attempt in AccessAttempt.objects.select_related("expiration"):
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(seconds=seconds)
        )
        expiration = getattr(attempt, "expiration", None)
        if expiration is not None:
            expiration.expires_at -= timedelta(seconds=seconds)
            expiration.save()


@pytest.mark.django_db
@override_settings(CONTINUUM_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_strangers_five_guesses_pause_the_name_briefly_and_the_pause_grows(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("sw", roles.SOCIAL_WORKER)
    for _ in range(5):
        _sign_in(client, "sw", "wrong-password-123", address="203.0.113.66")
    # From the user's own address, the right password: paused, as the name is.
    assert _sign_in(client, "sw", TEST_PASSWORD).status_code == 429
    _age_attempts(31)  # half a minute later: open again
    assert (
        _sign_in(client, "sw", "wrong-password-123", address="203.0.113.66").status_code == 429
    )  # 6th: 60 s
    _age_attempts(31)
    assert _sign_in(client, "sw", TEST_PASSWORD).status_code == 429  # still inside the 60 s pause
    _age_attempts(30)
    response = _sign_in(client, "sw", TEST_PASSWORD)
    assert response.status_code == 302  # signed in, and the count is cleared
    assert not AccessAttempt.objects.filter(username="sw").exists()


@pytest.mark.django_db
@override_settings(CONTINUUM_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_failures_count_per_name_across_addresses(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("sw", roles.SOCIAL_WORKER)
    for i in range(5):
        _sign_in(client, "sw", "wrong-password-123", address=f"203.0.113.{10 + i}")
    assert _sign_in(client, "sw", TEST_PASSWORD, address="198.51.100.1").status_code == 429


@pytest.mark.django_db
@override_settings(CONTINUUM_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_password_spraying_from_one_address_is_paused(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("victim", roles.SOCIAL_WORKER)
    for i in range(5):
        _sign_in(client, f"someone-{i}", "Winter2026!", address="203.0.113.66")
    assert _sign_in(client, "victim", "Winter2026!", address="203.0.113.66").status_code == 429
    # The victim, from elsewhere, is not affected: their name has no failures.
    assert _sign_in(client, "victim", TEST_PASSWORD, address="198.51.100.1").status_code == 302


@pytest.mark.django_db
@override_settings(CONTINUUM_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_the_proxy_one_address_does_not_pause_another(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("sw", roles.SOCIAL_WORKER)
    make_user("tm", roles.TEAM_MANAGER)
    for _ in range(5):
        _sign_in(client, "sw", "wrong-password-123", address="203.0.113.66")
    # Every request reaches the app from the proxy's address; another person is not paused.
    assert _sign_in(client, "tm", TEST_PASSWORD, address="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_the_pause_page_names_the_wait(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("sw", roles.SOCIAL_WORKER)
    for _ in range(5):
        client.post(reverse("sign-in"), {"username": "sw", "password": "wrong-password-123"})
    response = client.post(reverse("sign-in"), {"username": "sw", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) in range(25, 31)
    assert "Try again in " in response.content.decode()
