"""People in the Django admin: the council's teams and workers only.

Children, family members, relationships, addresses and allocations are case
records: the policy says system administrators see none, so they are not
registered here at all (continuum/core/admin.py says why). They are read on the
service's pages, which ask the policy and write the access log.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from continuum.core.admin import PolicyAdmin, ReadOnlyAdmin
from continuum.people import models as m


@admin.register(m.Team)
class TeamAdmin(PolicyAdmin):
    """Teams are reference data that administrators may keep up to date."""

    list_display = ("name", "team_type", "is_active")
    list_filter = ("team_type", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(m.Worker)
class WorkerAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "role", "team", "is_agency", "start_date", "leave_date")
    list_filter = ("role", "team", "is_agency")
