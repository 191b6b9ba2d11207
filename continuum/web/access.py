"""The guard every staff view goes through.

``@requires("action")`` sends anonymous users to sign in and answers 403 when
the permissions policy refuses; views never decide access themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from continuum.core.policy import may

View = Callable[..., HttpResponse]


def requires(action: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user, action):
                raise PermissionDenied(action)
            return view(request, *args, **kwargs)

        guarded.continuum_action = action  # type: ignore[attr-defined]
        return guarded

    return decorate
