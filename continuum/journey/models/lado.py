"""Allegations against adults who work with children (the LADO's record)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from continuum.core import codes
from continuum.journey.models.constraints import ends_after_starts
from continuum.people.models import Child, VersionedModel


class EmployerSector(models.TextChoices):
    EDUCATION = "education", "Education"
    EARLY_YEARS = "early_years", "Early years and childcare"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    FOSTER_CARE = "foster_care", "Foster care"
    POLICE = "police", "Police"
    FAITH = "faith", "Faith groups"
    SPORT_LEISURE = "sport_leisure", "Sport and leisure"
    TRANSPORT = "transport", "Transport"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class LadoOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    UNFOUNDED = "unfounded", "Unfounded"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    MALICIOUS = "malicious", "Malicious"
    FALSE = "false", "False"
    SUBSTANTIATED = "substantiated", "Substantiated"


class LadoAction(models.TextChoices):
    SUSPENSION = "suspension", "Suspension"
    DISMISSAL = "dismissal", "Dismissal"
    S47 = "s47", "Section 47 enquiry"
    CRIMINAL_INVESTIGATION = "criminal_investigation", "Criminal investigation"
    CONVICTION = "conviction", "Conviction"
    BARRING_REFERRAL = "barring_referral", "Referral to the Disclosure and Barring Service"


class LadoAllegation(VersionedModel):
    """An allegation against someone who works with children, handled by the LADO.

    The child may not be known to the council, so ``child`` is optional.
    """

    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="lado_allegations"
    )
    received_date = models.DateField()
    source_agency = models.CharField(
        "ReferralSource",
        max_length=2,
        choices=codes.choices("ReferralSource"),
        help_text="Who raised it, as a CIN census ReferralSource code.",
    )
    employer_sector = models.CharField(max_length=20, choices=EmployerSector.choices)
    outcome = models.CharField(max_length=20, choices=LadoOutcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    actions = ArrayField(
        models.CharField(max_length=30, choices=LadoAction.choices), default=list, blank=True
    )

    class Meta:
        verbose_name = "LADO allegation"
        indexes = [models.Index(fields=["received_date"], name="lado_received_idx")]
        constraints = [ends_after_starts("received_date", "outcome_date", "lado_outcome_after_received")]
