"""API tokens in the admin: list them and revoke them. They are made with ``./run api-token create``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from continuum.api.models import ApiToken
from continuum.core.admin import PolicyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(PolicyAdmin):
    """No adding here (the secret is shown once, by the command line); no deleting (revoke instead)."""

    list_display = ("name", "user", "created", "expires", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "user__username")
    fields = ("user", "name", "created", "expires", "last_used", "revoked")
    readonly_fields = ("user", "name", "created", "expires", "last_used")
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        # Revoking is final: a leaked secret must not be brought back to life.
        if obj is not None and obj.revoked:
            return (*self.readonly_fields, "revoked")
        return tuple(self.readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
