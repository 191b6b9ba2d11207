"""Early help: an Early Help Assessment to its closure, and the steps to and from social care."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from continuum.journey.models.constraints import ends_after_starts
from continuum.journey.models.front_door import Contact, PartnerAgency
from continuum.people.models import Child, VersionedModel, Worker


class EarlyHelpEpisode(VersionedModel):
    """An early help episode: Early Help Assessment (EHA, formerly CAF) to closure."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="early_help_episodes")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    eha_start_date = models.DateField("EHA start date")
    eha_end_date = models.DateField("EHA end date", null=True, blank=True)
    lead_professional = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="early_help_episodes"
    )
    lead_professional_agency = models.CharField(max_length=30, choices=PartnerAgency.choices, blank=True)
    panel_date = models.DateField(null=True, blank=True)
    panel_decision = models.CharField(max_length=200, blank=True)
    stepped_down_from = models.ForeignKey(
        "CINEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_downs",
        help_text="The social care episode this was stepped down from, if any.",
    )
    stepped_up_to = models.ForeignKey(
        "CINEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_ups",
        help_text="The social care referral this was stepped up to, if any.",
    )
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "eha_start_date"], name="eh_child_start_idx"),
            models.Index(
                fields=["eha_start_date"], condition=Q(eha_end_date__isnull=True), name="eh_open_idx"
            ),
        ]
        constraints = [ends_after_starts("eha_start_date", "eha_end_date", "eh_end_after_start")]
