"""Private fostering arrangements notified to the council."""

from __future__ import annotations

from django.db import models

from continuum.journey.models.constraints import ends_after_starts
from continuum.people.models import Child, FamilyMember, VersionedModel


class PrivateFostering(VersionedModel):
    """A private fostering arrangement notified to the council."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="private_fostering")
    carer = models.ForeignKey(FamilyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notification_date = models.DateField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "private fostering arrangements"
        constraints = [ends_after_starts("start_date", "end_date", "pf_end_after_start")]
