"""Two-factor sign-in: a code from an authenticator app (TOTP), with recovery codes for a lost phone.

Built on django-otp (its TOTP and static-token devices), so the codes, their
drift window, throttling and single use are the maintained library's, not ours.
Required for every role but board members (who see aggregates only) when
``CONTINUUM_REQUIRE_2FA`` is on, its default; the demo and the tests turn it off.

- **Enrolment**: the first sign-in after it becomes required goes to
  ``/two-factor/set-up/``: the QR code (and the key, to type instead), then a
  code from the app to prove it works; ten recovery codes are shown once.
- **Every sign-in** then asks for a code (``/two-factor/``); a recovery code
  works once in its place.
- **A lost phone**: a system administrator resets the user's second factor in
  the admin (Users, action "Reset two-factor sign-in"); the reset is written to
  the access log, and the user enrols again at their next sign-in.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum.core import roles as r
from continuum.core.access_log import log_view
from continuum.core.policy import roles_of
from continuum.web.access import requires

#: Roles that need a second factor: everyone who can open a case record or a contact.
SECOND_FACTOR_ROLES = frozenset(r.ALL_ROLES) - {r.BOARD_MEMBER}
RECOVERY_CODES = 10
#: Paths a signed-in user may reach before the second factor: the two-factor pages, signing out,
#: static files, and the partner API (a bearer token, not a session).
OPEN_PATHS = ("/two-factor/", "/sign-out/", "/static/", "/api/")


def needs_second_factor(user: Any) -> bool:
    return bool(settings.CONTINUUM_REQUIRE_2FA and roles_of(user) & SECOND_FACTOR_ROLES)


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "/"


def require_second_factor(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: a signed-in user who needs a second factor and has not given one goes to give it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and needs_second_factor(user)
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
        ):
            enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            where = "/two-factor/" if enrolled else "/two-factor/set-up/"
            return redirect(where + "?" + urlencode({"next": request.get_full_path()}))
        return get_response(request)

    return middleware


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


@requires("account.second_factor")
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the app, or a recovery code; on success the session counts as verified."""
    user: User = request.user  # type: ignore[assignment]
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("/two-factor/set-up/?" + urlencode({"next": _next(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "Enter the code your app shows now, or one of your recovery codes")
    return render(request, "two_factor/verify.html", {"form": form, "next": _next(request)})


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@requires("account.second_factor")
def set_up(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show its key, check one code from it, then show the recovery codes once."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("/two-factor/?" + urlencode({"next": _next(request)}))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(user, device)
            otp_login(request, device)
            return render(request, "two_factor/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", "That code is not right: enter the code your app shows now")
    return render(
        request,
        "two_factor/set_up.html",
        {
            "form": form,
            "next": _next(request),
            "qr": _qr_data_uri(device.config_url),
            "key": base64.b32encode(device.bin_key).decode().rstrip("="),
        },
    )


@transaction.atomic
def _confirm(user: User, device: TOTPDevice) -> list[str]:
    """Confirm the app and make a fresh set of recovery codes (single use each)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    log_view(user=user, action="twofactor.enrol", record_type="user", record_id=user.pk)
    return codes


@transaction.atomic
def reset(user: User, *, by: User) -> None:
    """Remove a user's second factor (a lost phone), logged; they enrol again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log_view(user=by, action="twofactor.reset", record_type="user", record_id=user.pk)
