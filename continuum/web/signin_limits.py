"""Failed sign-ins: the client's real address behind a proxy, and a growing delay rather than a hard lock.

Two problems the review found with a lockout keyed on user name *plus*
address: behind the reverse proxy every request came from the proxy's
address, so a stranger's five guesses locked any named user out for fifteen
minutes; and one address trying many names (password spraying) was never
limited. So:

- **The client's address** is read from ``X-Forwarded-For`` only when the
  request comes from a proxy named in ``CONTINUUM_TRUSTED_PROXIES`` (addresses
  or networks); the address taken is the last one in the chain that is not a
  trusted proxy. Anyone else's header is ignored, so it cannot be forged.
- **Failures are counted per user name and per address separately**
  (django-axes, ``AXES_LOCKOUT_PARAMETERS``), each against the same limit.
- **The pause grows**: after the limit, sign-in for that name (or from that
  address) waits ``CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS`` (30 s), doubling with
  each further failure up to ``CONTINUUM_SIGNIN_LOCKOUT_MINUTES`` (15). Five
  guesses cost the real user half a minute, not a quarter of an hour; a
  sustained attack is slowed to a handful of guesses an hour. Failures are
  remembered for ``CONTINUUM_SIGNIN_FORGET_MINUTES`` (60) after the last one
  (``AXES_COOLOFF_TIME``), and a successful sign-in clears them.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@cache
def _trusted(networks: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.CONTINUUM_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The address of the person signing in (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a malformed chain: count it against the proxy rather than trust a guess
        if not _is_trusted(hop):
            return hop
    return hops[0] if hops else remote


def delay_after(failures: int) -> timedelta:
    """The pause after ``failures`` failed sign-ins: none below the limit, then doubling up to the cap."""
    over = failures - settings.CONTINUUM_SIGNIN_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    first = settings.CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS
    return min(timedelta(seconds=first * 2 ** min(over, 20)), settings.CONTINUUM_SIGNIN_MAX_DELAY)


def _recorded(request: HttpRequest, credentials: dict[str, Any] | None) -> tuple[int, datetime | None]:
    """The failures still remembered for this user name, or for this address (whichever has more),
    and when the last of them happened."""
    from axes.models import AccessAttempt

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = (credentials or {}).get(field) or (
        request.POST.get(field, "") if request.method == "POST" else ""
    )
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    best: tuple[int, datetime | None] = (0, None)
    for field, value in (("username", username), ("ip_address", address)):
        if not value:
            continue
        got = AccessAttempt.objects.filter(attempt_time__gte=since, **{field: value}).aggregate(
            n=Sum("failures_since_start"), last=Max("attempt_time")
        )
        if (got["n"] or 0) > best[0]:
            best = (got["n"], got["last"])
    return best


def pause_left(request: HttpRequest, credentials: dict[str, Any] | None = None) -> timedelta:
    """How much longer sign-in for this name (or from this address) is paused; zero when it is not."""
    failures, last = _recorded(request, credentials)
    if last is None:
        return timedelta(0)
    return max(timedelta(0), last + delay_after(failures) - timezone.now())


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """``AXES_FAILURE_LIMIT``: the limit while a pause runs, and out of reach once it has passed.

    django-axes refuses sign-in while the failures it remembers reach the limit;
    answering "one more than remembered" once the pause is over lets the next
    attempt through while the count (and so the next pause) keeps growing.
    """
    if pause_left(request, credentials) > timedelta(0):
        return settings.CONTINUUM_SIGNIN_FAILURE_LIMIT
    return _recorded(request, credentials)[0] + 1


def paused(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the pause page (429), naming the wait."""
    left = pause_left(request, credentials)
    seconds = max(1, int(left.total_seconds()) or settings.CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS)
    wait = f"{seconds} seconds" if seconds < 90 else f"{round(seconds / 60)} minutes"
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, {"wait": wait}, status=429)
    response["Retry-After"] = str(seconds)
    return response
