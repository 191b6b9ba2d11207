"""Missing and absent episodes, and the return home interview offered (and held) after each."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from continuum.core import codes
from continuum.journey.models.constraints import ends_after_starts
from continuum.journey.models.looked_after import CLAEpisode
from continuum.people.models import Child, VersionedModel


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    PLACEMENT_IN_BOROUGH = "placement_in_borough", "Placement in borough"
    PLACEMENT_OUT_OF_BOROUGH = "placement_out_of_borough", "Placement out of borough"
    OTHER_LA_CHILD_HERE = "other_la_child_here", "Another council's child placed here"


class MissingEpisode(VersionedModel):
    """A missing or absent episode (SSDA903 missing table) and its return home interview."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_episodes")
    cla_episode = models.ForeignKey(
        CLAEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    missing = models.CharField(
        "MISSING",
        max_length=1,
        choices=codes.choices("missing.MISSING"),
        help_text="SSDA903 MISSING: M or A.",
    )
    mis_start = models.DateTimeField("MIS_START", help_text="SSDA903 MIS_START (the return uses the date).")
    mis_end = models.DateTimeField("MIS_END", null=True, blank=True, help_text="SSDA903 MIS_END (date part).")
    where_from = models.CharField(max_length=30, choices=MissingFrom.choices)
    reason = models.TextField(blank=True)
    rhi_offered_at = models.DateTimeField("Return home interview offered", null=True, blank=True)
    rhi_accepted = models.BooleanField(
        "Return home interview accepted",
        null=True,
        blank=True,
        help_text="Yes accepted, no refused, blank not answered yet.",
    )
    #: When the interview was held: the statutory guidance times the interview held (within 72
    #: hours of the return), not the offer, so the national measure needs the moment it happened.
    rhi_held_at = models.DateTimeField(
        "Return home interview held",
        null=True,
        blank=True,
        help_text="When the return home interview took place (date and time).",
    )

    class Meta:
        indexes = [
            models.Index(fields=["child", "mis_start"], name="missing_child_start_idx"),
            models.Index(fields=["mis_start"], condition=Q(mis_end__isnull=True), name="missing_open_idx"),
        ]
        constraints = [
            ends_after_starts("mis_start", "mis_end", "missing_end_after_start"),
            models.CheckConstraint(
                condition=Q(rhi_offered_at__isnull=True) | Q(rhi_offered_at__gte=F("mis_end")),
                name="missing_rhi_after_return",
            ),
            models.CheckConstraint(
                condition=Q(rhi_held_at__isnull=True) | Q(rhi_held_at__gte=F("mis_end")),
                name="missing_rhi_held_after_return",
            ),
        ]
