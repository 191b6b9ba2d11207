"""Small response policies that apply to every page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, leaving server-error responses alone.

    With ``SESSION_SAVE_EVERY_REQUEST`` Django's version reads the session's
    expiry before it looks at the status, which goes back to the database: when
    the database is down, every failed request failed twice and logged two lines
    (found by the soak bench with a database restart). A 5xx response saves no
    session anyway, so there is nothing to do for it.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        return super().process_response(request, response)


def no_store_for_signed_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Stop browsers and proxies keeping copies of pages shown to staff.

    Case records must not survive in a shared machine's cache after sign-out.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code >= 500:  # an error page holds no case record; the user may be unreadable
            add_never_cache_headers(response)
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
