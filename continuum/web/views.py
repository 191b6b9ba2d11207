"""Staff pages of the foundation: sign-in, sign-out, the home page, and the error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from continuum.core import roles as r
from continuum.core.policy import held_roles, roles_of
from continuum.failures import database_unreachable
from continuum.web.access import requires
from continuum.web.areas import areas_for
from continuum.web.forms import SignInForm
from continuum.web.home_today import cards_for, long_date, today


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (from the button in the header), as CSRF requires."""


@requires("home.view")
def home(request: HttpRequest) -> HttpResponse:
    """What this person would do first today (continuum.web.home_today), then every area they may open."""
    return render(
        request,
        "web/home.html",
        {
            "cards": cards_for(request),
            "today_words": long_date(today()),
            "areas": areas_for(request.user),
            "roles": sorted(role.name for role in held_roles(request.user)),
        },
    )


def no_role(request: HttpRequest) -> HttpResponse:
    """Shown to a signed-in user who holds no role yet."""
    return render(request, "web/no_role.html", status=403)


def _is_api(request: HttpRequest) -> bool:
    """Partner systems read JSON: every error under /api/ is answered in JSON, never an HTML page."""
    return request.path.startswith("/api/")


def _json_error(status: int, message: str) -> JsonResponse:
    from continuum.api.auth import error

    return error(status, message)


def ask_for_access(user: User | AnonymousUser) -> str:
    """Whom the refused page tells this user to ask, by role.

    Telling a team manager to "ask your team manager" sends them to themselves: a manager asks
    a head of service, a head of service (or an administrator) asks the system administrator.
    """
    held = held_roles(user)
    if r.SYSTEM_ADMINISTRATOR in held:
        return "ask another system administrator"
    if r.HEAD_OF_SERVICE in held:
        return "ask your system administrator"
    if r.TEAM_MANAGER in held:
        return "ask a head of service or your system administrator"
    return "ask your team manager or system administrator"


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error(403, "You may not use this address")
    if request.user.is_authenticated and not roles_of(request.user):
        return no_role(request)
    return render(request, "errors/403.html", {"ask_whom": ask_for_access(request.user)}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error(404, "There is nothing at this address; see /api/v1/openapi.json")
    return render(request, "errors/404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error(400, "The request could not be read")
    return _render_without_database(request, "errors/400.html", 400)


#: Seconds a user (or a partner's system) is asked to wait before trying again when the database is down.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 "service unavailable" page when the database could not be reached.

    Django calls this inside its ``except`` block, so the failure is in
    ``sys.exc_info()``. Neither page reads ``request.user`` (or the session or
    messages), which need the database: when the database is down the error
    page must still be Continuum's own, not the WSGI server's plain text.
    """
    failure = sys.exc_info()[1]
    unavailable = failure is not None and database_unreachable(failure)
    status = 503 if unavailable else 500
    if _is_api(request):
        response: HttpResponse = _json_error(
            status,
            "The service is unavailable for a moment: try again shortly"
            if unavailable
            else "Sorry, there is a problem with the service",
        )
    else:
        response = _render_without_database(request, f"errors/{status}.html", status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _render_without_database(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """The branded page with only what needs no database: no user, session, messages or navigation.

    Rendered without the request's context processors (they read the user); the
    request itself is passed for the CSP nonce, which the middleware holds.
    """
    context = {
        "request": request,
        "service_name": settings.CONTINUUM_SERVICE_NAME,
        "service_phase": settings.CONTINUUM_PHASE,
        "retry_after_seconds": RETRY_AFTER_SECONDS,
    }
    return HttpResponse(render_to_string(template, context), status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
