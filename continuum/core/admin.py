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

    list_display = ("at", "user", "action", "record_type", "record_id", "flagged")
    list_filter = ("flagged", "action", "record_type")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


from continuum.core.models import TimescaleRule  # noqa: E402  (appended with the timescales table)


@admin.register(TimescaleRule)
class TimescaleRuleAdmin(admin.ModelAdmin):
    """Where a council sets its own timescales, without a code change.

    Saving runs the model's ``clean()``, so a rule the clock engine could not
    use (a zero interval, an unknown unit, no source) is refused on the form.
    Work trays pick up changes the next time they load the rules.
    """

    list_display = (
        "code",
        "name",
        "interval",
        "unit",
        "repeat_interval",
        "repeat_unit",
        "applies_to",
        "source_kind",
        "active",
    )
    list_filter = ("active", "source_kind", "unit", "applies_to")
    search_fields = ("code", "name", "start_event", "citation")
    ordering = ("code",)
    fieldsets = (
        (None, {"fields": ("code", "name", "active")}),
        (
            "When it is due",
            {"fields": ("start_event", ("interval", "unit"), "counts_start_day", "applies_to")},
        ),
        (
            "Recurring clocks",
            {
                "fields": (
                    ("repeat_interval", "repeat_unit"),
                    ("ends_after_interval", "ends_after_unit"),
                    "then",
                )
            },
        ),
        ("Due soon", {"fields": (("due_soon_interval", "due_soon_unit"),)}),
        ("Where it comes from", {"fields": ("source_kind", "citation", "seed", "notes")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: TimescaleRule | None = None) -> tuple[str, ...]:
        """The code is how reports and chains refer to a rule, so it is fixed once saved."""
        return ("code", "updated_at") if obj is not None else ("updated_at",)


from continuum.core.models import LegitimateRelationship, RestrictedRecord  # noqa: E402  (child record)


@admin.register(LegitimateRelationship)
class LegitimateRelationshipAdmin(admin.ModelAdmin):
    """Where the service records why someone outside the child's team may see the record.

    An IRO or CP chair for a conference, a QA officer for a case audit, a
    complaints officer for a complaint. End a relationship by giving it an end
    date, so the history of who could see what stays readable.
    """

    list_display = ("user", "child_id", "reason", "start_date", "end_date")
    list_filter = ("start_date",)
    search_fields = ("user__username", "child_id", "reason")
    raw_id_fields = ("user",)


@admin.register(RestrictedRecord)
class RestrictedRecordAdmin(admin.ModelAdmin):
    """Records only the named users may open, whatever their team, relationship or reason."""

    list_display = ("child_id", "reason", "created_at")
    search_fields = ("child_id",)
    filter_horizontal = ("named_users",)
