"""Two-factor sign-in (issue 17, point 3): enrolment, sign-in with a code or a recovery code, a reset.

With ``CONTINUUM_REQUIRE_2FA`` on (its default outside the demo and the tests):
a social worker who signed in with a password is sent to set up an
authenticator app, proves it with a code, is shown ten recovery codes once, and
from then on gives a code at each sign-in; a recovery code works once; a
board member (aggregates only) is not asked; an administrator's reset is
logged and sends the user back to enrolment; ``next`` never leaves the site.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum.core import roles
from continuum.core.models import AccessLogEntry

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


@pytest.fixture
def two_factor_on():  # type: ignore[no-untyped-def]
    with override_settings(CONTINUUM_REQUIRE_2FA=True):
        yield


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _unthrottle(user) -> None:  # type: ignore[no-untyped-def]
    """A refused code makes django-otp wait (1 s, doubling) before the next: the tests do not wait."""
    for device in devices_for_user(user):
        device.throttle_reset()


def _enrol(client, user) -> list[str]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    page = client.get("/two-factor/set-up/?next=/children/")
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/two-factor/set-up/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows guessing: the next try waits a second
    device.throttle_reset()
    done = client.post("/two-factor/set-up/", {"code": _code(device), "next": "/children/"})
    assert done.status_code == 200
    codes = re.findall(r"<code>(\d{10})</code>", done.content.decode())
    assert len(codes) == 10
    return codes


def test_a_signed_in_worker_is_sent_to_enrol_then_proves_the_app(client, make_user) -> None:  # type: ignore[no-untyped-def]
    worker = make_user("sw-2fa", roles.SOCIAL_WORKER)
    client.force_login(worker)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/set-up/?next=%2F"
    codes = _enrol(client, worker)
    assert client.get("/").status_code == 200  # this session is verified now
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert AccessLogEntry.objects.filter(user=worker, action="twofactor.enrol").count() == 1
    assert StaticToken.objects.filter(device__user=worker).count() == len(codes)


def test_each_sign_in_asks_for_a_code_and_a_recovery_code_works_once(client, make_user) -> None:  # type: ignore[no-untyped-def]
    worker = make_user("sw-2fa", roles.SOCIAL_WORKER)
    codes = _enrol(client, worker)
    client.logout()
    client.force_login(worker)
    assert client.get("/children/")["Location"] == "/two-factor/?next=%2Fchildren%2F"
    refused = client.post("/two-factor/", {"code": "123"})
    assert "Enter the code your app shows now" in refused.content.decode()
    _unthrottle(worker)
    signed = client.post("/two-factor/", {"code": codes[0], "next": "/children/"})
    assert signed["Location"] == "/children/"
    assert client.get("/").status_code == 200
    client.logout()
    client.force_login(worker)
    assert client.post("/two-factor/", {"code": codes[0]}).status_code == 200  # used: refused
    device = TOTPDevice.objects.get(user=worker)
    _unthrottle(worker)
    # The enrolment used this time step's code, and a code is good once: the next step's code signs in.
    assert client.post("/two-factor/", {"code": _code(device, drift=1)})["Location"] == "/"


def test_next_never_leaves_the_site(client, make_user) -> None:  # type: ignore[no-untyped-def]
    worker = make_user("sw-2fa", roles.SOCIAL_WORKER)
    codes = _enrol(client, worker)
    client.logout()
    client.force_login(worker)
    response = client.post("/two-factor/", {"code": codes[1], "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_board_members_are_not_asked(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("board-2fa", roles.BOARD_MEMBER))
    assert client.get("/").status_code == 200


def test_an_administrator_resets_a_lost_phone_and_it_is_logged(client, make_user) -> None:  # type: ignore[no-untyped-def]
    worker = make_user("sw-2fa", roles.SOCIAL_WORKER)
    _enrol(client, worker)
    client.logout()
    admin = make_user("sysadmin-2fa", roles.SYSTEM_ADMINISTRATOR, staff=True)
    admin_device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.force_login(admin)
    assert client.post("/two-factor/", {"code": _code(admin_device)})["Location"] == "/"
    response = client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [worker.pk]}, follow=True
    )
    assert "Two-factor sign-in reset for 1 user" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not StaticToken.objects.filter(device__user=worker).exists()
    entry = AccessLogEntry.objects.get(action="twofactor.reset")
    assert (entry.user, entry.record_type, entry.record_id) == (admin, "user", str(worker.pk))
    client.logout()
    client.force_login(worker)
    assert client.get("/")["Location"].startswith("/two-factor/set-up/")


def test_required_by_default_outside_the_demo_and_the_tests() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CONTINUUM_REQUIRE_2FA"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CONTINUUM_REQUIRE_2FA)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "continuum.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"
