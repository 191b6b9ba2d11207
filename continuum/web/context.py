"""Template context shared by every page: service name, phase and navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from continuum.web.areas import areas_for


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.CONTINUUM_SERVICE_NAME,
        "service_phase": settings.CONTINUUM_PHASE,
        "session_timeout_minutes": settings.SESSION_COOKIE_AGE // 60,
        "nav_areas": areas_for(user) if user is not None and user.is_authenticated else [],
    }
