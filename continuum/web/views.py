"""Staff pages of the foundation: sign-in, sign-out and the home page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.core.policy import roles_of
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
            "roles": sorted(role.name for role in roles_of(request.user)),
        },
    )


def no_role(request: HttpRequest) -> HttpResponse:
    """Shown to a signed-in user who holds no role yet."""
    return render(request, "web/no_role.html", status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.user.is_authenticated and not roles_of(request.user):
        return no_role(request)
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
