"""Token authentication and the permissions policy for the partner API.

``@api_view("contact.create", methods=("POST",))`` reads ``Authorization:
Bearer <token>``, answers 401 (JSON) for a missing, unknown, expired or revoked token,
403 for a user who holds no partner agency role or whom the policy refuses,
405 for another method, and access-logs every authenticated request. Every answer to a token names its expiry
day (``Token-Expires``), and in the last 30 days a ``Warning`` header says to
ask for a new one, so a partner's system can alert its owners in time. It sets
``continuum_action`` so the URL guard test sees the policy action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from continuum.api.tokens import authenticate
from continuum.core.access_log import log_view
from continuum.core.policy import has_any_role, may
from continuum.core.roles import PARTNER_ROLES

logger = logging.getLogger("continuum.api")

View = Callable[..., HttpResponse]


def error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"errors": [{"field": None, "message": message}]}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unauthorised(message: str) -> JsonResponse:
    return error(401, message, WWW_Authenticate='Bearer realm="continuum"')


def bearer_secret(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def api_view(action: str, *, methods: Iterable[str] = ("GET",)) -> Callable[[View], View]:
    """Guard a partner API view with token authentication and the policy action ``action``.

    The view is ``csrf_exempt`` because it is authenticated by the bearer token
    alone: a browser never sends that header by itself, so a forged cross-site
    request carries no credential and CSRF (which exists to stop the browser's
    automatic cookies being used) cannot happen. For the same reason the
    session cookie is ignored here: ``request.user`` is always the token's
    user. Every other view keeps Django's CSRF protection.
    """
    allowed = tuple(m.upper() for m in methods)

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            secret = bearer_secret(request)
            if secret is None:
                return unauthorised("Send your API token as 'Authorization: Bearer <token>'")
            token = authenticate(secret)
            if token is None:
                # Never log the secret: only that a bad one was sent.
                logger.warning("API request refused: unknown, expired or revoked token")
                return unauthorised("The API token is not valid, has expired or has been revoked")
            response = _answer(request, token, view, action, allowed, args, kwargs)
            expires = timezone.localdate(token.expires).isoformat()
            response["Token-Expires"] = expires
            if token.expires_soon():
                response["Warning"] = (
                    f'299 continuum "This API token expires on {expires}: ask for a new one"'
                )
            return response

        exempt = csrf_exempt(guarded)
        exempt.continuum_action = action  # type: ignore[attr-defined]
        return exempt

    return decorate


def _answer(
    request: HttpRequest,
    token: Any,
    view: View,
    action: str,
    allowed: tuple[str, ...],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponse:
    """The view's answer for an authenticated token: 405 or 403 first where they apply."""
    user = token.user
    request.user = user
    request.api_token = token  # type: ignore[attr-defined]
    if request.method not in allowed:
        log_view(user=user, action=f"api.{action}.refused", record_type="api", record_id="405")
        response = error(405, f"Use {' or '.join(allowed)} here")
        response["Allow"] = ", ".join(allowed)
        return response
    if not has_any_role(user, PARTNER_ROLES) or not may(user, action):
        log_view(user=user, action=f"api.{action}.refused", record_type="api", record_id="403")
        return error(403, "This API is for partner agencies (police, health, education) only")
    return view(request, *args, **kwargs)
