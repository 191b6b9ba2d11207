"""The dispute-resolution stages are a council's setting: renamed, added or re-timed in the admin.

Only the stages are registered; the escalations themselves are case records
and go through the policy and the access log on the child's pages.
"""

from django.contrib import admin

from continuum.core.admin import PolicyAdmin
from continuum.oversight.models import EscalationStage


@admin.register(EscalationStage)
class EscalationStageAdmin(PolicyAdmin):
    """A stage's clock is the timescale rule it names (edited with the other timescales)."""

    list_display = ("order", "name", "timescale_code")
    ordering = ("order",)

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        """Stages already used by escalations must stay; a council renames or re-times one instead."""
        return False
