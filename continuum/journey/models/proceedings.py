"""Pre-proceedings (the PLO) and care proceedings."""

from __future__ import annotations

from django.db import models

from continuum.journey.models.constraints import ends_after_starts
from continuum.journey.models.referrals import CINEpisode
from continuum.people.models import Child, VersionedModel


class PreProceedings(VersionedModel):
    """The Public Law Outline pre-proceedings stage."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pre_proceedings")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="pre_proceedings")
    plo_start_date = models.DateField("PLO start date")
    letter_before_proceedings_date = models.DateField(null=True, blank=True)
    fgdm_date = models.DateField("Family group decision meeting", null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "pre-proceedings"
        constraints = [ends_after_starts("plo_start_date", "end_date", "preproc_end_after_start")]


class ProceedingsOutcome(models.TextChoices):
    CARE_ORDER = "care_order", "Care order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    PLACEMENT_ORDER = "placement_order", "Placement order"
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order"
    NO_ORDER = "no_order", "No order"
    WITHDRAWN = "withdrawn", "Application withdrawn"


class CareProceedings(VersionedModel):
    """Care proceedings: court application to final order (expected within 26 weeks)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_proceedings")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="care_proceedings")
    pre_proceedings = models.ForeignKey(
        PreProceedings, null=True, blank=True, on_delete=models.PROTECT, related_name="care_proceedings"
    )
    application_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ProceedingsOutcome.choices, blank=True)

    class Meta:
        verbose_name_plural = "care proceedings"
        indexes = [models.Index(fields=["child", "application_date"], name="careproc_child_date_idx")]
        constraints = [ends_after_starts("application_date", "end_date", "careproc_end_after_start")]
