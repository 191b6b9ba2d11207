"""People in the Django admin: read-mostly.

Children, families and allocations change only through the services (which
check the rules and write the chronology), so the admin shows them without
offering add, change or delete.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from continuum.people import models as m


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and detail pages only; every change goes through a service."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = (
        "la_child_id",
        "sex",
        "ethnicity",
        "person_birth_date",
        "expected_person_birth_date",
        "uasc",
    )
    list_filter = ("sex", "ethnicity", "uasc")
    search_fields = ("la_child_id", "upn")


@admin.register(m.FamilyMember)
class FamilyMemberAdmin(ReadOnlyAdmin):
    list_display = ("pk", "sex", "birth_date")


@admin.register(m.Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ("child", "relationship_type", "family_member", "related_child", "parental_responsibility")
    list_filter = ("relationship_type",)


@admin.register(m.Address)
class AddressAdmin(ReadOnlyAdmin):
    list_display = ("postcode", "ward", "in_deprived_area")
    list_filter = ("in_deprived_area",)


@admin.register(m.ChildAddress)
class ChildAddressAdmin(ReadOnlyAdmin):
    list_display = ("child", "address", "start_date", "end_date")


@admin.register(m.Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams are reference data that administrators may keep up to date."""

    list_display = ("name", "team_type", "is_active")
    list_filter = ("team_type", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.Worker)
class WorkerAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "role", "team", "is_agency", "start_date", "leave_date")
    list_filter = ("role", "team", "is_agency")


@admin.register(m.Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("child", "worker", "team", "role", "start_date", "end_date")
    list_filter = ("role", "team")
    date_hierarchy = "start_date"
