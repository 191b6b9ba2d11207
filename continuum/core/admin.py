"""The Django admin, opened only through the permissions policy."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.core.models import AccessLogEntry
from continuum.core.policy import may


def _admin_has_permission(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff and may(request.user, "admin.use")


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Send admin sign-ins through the service's own sign-in page (with lockout)."""
    return redirect(f"/sign-in/?next={request.get_full_path()}")


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = "Continuum administration"
admin.site.site_title = "Continuum administration"


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """The access log is read-only: nobody may edit or delete who saw what."""

    list_display = ("at", "user", "action", "record_type", "record_id")
    list_filter = ("action", "record_type")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
