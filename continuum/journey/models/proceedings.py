"""Pre-proceedings (the PLO) and care proceedings."""

from __future__ import annotations

from django.db import models

from continuum.journey.models.constraints import ends_after_starts
from continuum.journey.models.referrals import CINEpisode
from continuum.people.models import Child, VersionedModel


class PreProceedingsOutcome(models.TextChoices):
    """PPOutcome (codeset CS131) of the 2026-27 CIN census module 5.

    Provisional: the DfE's draft lists the codes A, B and C without their
    meanings; the labels say so until the final specification names them.
    """

    A = "A", "A (DfE code A; meaning to be published)"
    B = "B", "B (DfE code B; meaning to be published)"
    C = "C", "C (DfE code C; meaning to be published)"


class PreProceedings(VersionedModel):
    """The Public Law Outline pre-proceedings stage.

    Holds the CIN census module 5 (``<PreProceedingsandFGDM>``, new in 2026-27):
    the decision to start (PPStartDate), the letter before proceedings, the
    family group decision meeting offered and held, the initial meeting and
    the review meetings after it, the decision to step up or down, the outcome,
    the court application and the letter initiating care proceedings.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pre_proceedings")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="pre_proceedings")
    plo_start_date = models.DateField(
        "PLO start date", help_text="PPStartDate: the legal planning meeting that decided to start."
    )
    letter_before_proceedings_date = models.DateField(
        null=True, blank=True, help_text="LBPSentDate: the letter before proceedings was sent."
    )
    fgdm_offered = models.BooleanField(
        "FGDM offered",
        null=True,
        blank=True,
        help_text="FGDMMeetingOffer: a family group decision meeting was offered in the letter.",
    )
    fgdm_held = models.BooleanField(
        "FGDM held",
        null=True,
        blank=True,
        help_text="FGDMMeetingFac: a family group decision meeting was facilitated after the offer.",
    )
    fgdm_date = models.DateField("Family group decision meeting", null=True, blank=True)
    initial_meeting_date = models.DateField(
        "Initial pre-proceedings meeting",
        null=True,
        blank=True,
        help_text="InitialPPMeetingDate: the first effective pre-proceedings meeting.",
    )
    review_meetings = models.PositiveSmallIntegerField(
        "Review meetings held",
        null=True,
        blank=True,
        help_text="ReviewMeetingsCount: review meetings held after the initial meeting.",
    )
    decision_date = models.DateField(
        "Decision to step up or down",
        null=True,
        blank=True,
        help_text="StepDecisionDate: the decision to step up into proceedings or down.",
    )
    outcome = models.CharField(
        max_length=1, choices=PreProceedingsOutcome.choices, blank=True, help_text="PPOutcome (CS131)."
    )
    court_application_date = models.DateField(
        null=True,
        blank=True,
        help_text="CourtAppDate: the court application to start care proceedings was submitted.",
    )
    letter_initiating_proceedings_date = models.DateField(
        "Letter initiating care proceedings",
        null=True,
        blank=True,
        help_text="LetterInitCPDate: the letter to initiate care proceedings was sent to the parents.",
    )
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "pre-proceedings"
        constraints = [
            ends_after_starts("plo_start_date", "end_date", "preproc_end_after_start"),
            ends_after_starts(
                "plo_start_date", "letter_before_proceedings_date", "preproc_letter_after_start"
            ),
            ends_after_starts("plo_start_date", "decision_date", "preproc_decision_after_start"),
            ends_after_starts("decision_date", "court_application_date", "preproc_court_after_decision"),
            ends_after_starts(
                "court_application_date",
                "letter_initiating_proceedings_date",
                "preproc_letter_init_after_court",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", *PreProceedingsOutcome.values]),
                name="preproc_outcome_code",
            ),
        ]


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
