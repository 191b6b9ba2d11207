"""The front door: contacts, the MASH decision, and the partner agencies' checks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from continuum.core import codes
from continuum.journey.models.constraints import codes_check
from continuum.people.models import Child, VersionedModel, Worker


class Brag(models.TextChoices):
    """The MASH risk rating. Blue = no further action; Red = high risk / statutory."""

    BLUE = "B", "Blue"
    GREEN = "G", "Green"
    AMBER = "A", "Amber"
    RED = "R", "Red"


class ContactOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"
    EXISTING_CASE = "existing_case", "Existing open case"


class Consent(models.TextChoices):
    OBTAINED = "obtained", "Consent obtained"
    DISPENSED = "dispensed", "Consent dispensed with"


class PartnerAgency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    MENTAL_HEALTH = "mental_health", "Mental health"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    OTHER = "other", "Other"


class Contact(VersionedModel):
    """A contact at the front door (MASH), and the MASH decision on it."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="contacts")
    received_at = models.DateTimeField()
    referral_source = models.CharField(
        "ReferralSource",
        max_length=2,
        choices=codes.choices("ReferralSource"),
        help_text="CIN census ReferralSource code for the agency the contact came from.",
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True, help_text="The referrer's job title.")
    # ``db_default`` as well as ``default``: the synthetic bulk loader COPYs a
    # fixed list of columns, and these must fill themselves in when left out.
    referrer_organisation = models.CharField(max_length=200, blank=True, default="", db_default="")
    referrer_phone = models.CharField(max_length=20, blank=True, default="", db_default="")
    referrer_email = models.CharField(max_length=120, blank=True, default="", db_default="")
    concerns = models.TextField(blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)
    consent_dispensed_rationale = models.TextField(
        blank=True,
        help_text="Required when consent is dispensed with: why it was right to proceed without it.",
    )
    # MASH decision
    initial_brag = models.CharField(max_length=1, choices=Brag.choices, blank=True)
    final_brag = models.CharField(max_length=1, choices=Brag.choices, blank=True)
    brag_rationale = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Why the contact was given its BRAG rating (the risk and what it rests on).",
    )
    decision_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices, blank=True)
    decided_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_rationale = models.TextField(
        blank=True, default="", db_default="", help_text="Why the MASH reached this outcome."
    )
    partner_checks = ArrayField(
        models.CharField(max_length=30, choices=PartnerAgency.choices),
        default=list,
        blank=True,
        help_text="Agencies that contributed checks (kept in step with the contact's PartnerCheck rows).",
    )
    manager_oversight_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manager_oversight_at = models.DateTimeField(null=True, blank=True)
    manager_oversight_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded the contact (a partner sees the outcome of their own contacts only).",
    )
    submission_token = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        help_text="The one-time token of the form that recorded the contact: the same form sent again "
        "(back and resend, a double click) finds this contact instead of recording another.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["child", "received_at"], name="contact_child_received_idx"),
            models.Index(fields=["received_at"], name="contact_received_idx"),
            models.Index(
                fields=["received_at"],
                condition=Q(decision_at__isnull=True),
                name="contact_awaiting_decision_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent="dispensed") | ~Q(consent_dispensed_rationale=""),
                name="contact_dispensed_consent_has_rationale",
            ),
            models.CheckConstraint(
                condition=Q(decision_at__isnull=True) | Q(decision_at__gte=F("received_at")),
                name="contact_decision_after_receipt",
            ),
            codes_check("referral_source", "ReferralSource", "contact_referral_source_code", blank=False),
            models.UniqueConstraint(
                fields=["submission_token"],
                condition=~Q(submission_token=""),
                name="contact_submission_token_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk} ({self.child_id})"

    @property
    def brag_changed(self) -> bool:
        """Whether the final BRAG differs from the initial one (tracked by the MASH)."""
        return bool(self.initial_brag and self.final_brag and self.initial_brag != self.final_brag)


class PartnerCheck(VersionedModel):
    """One partner agency's check for a MASH decision: which agency, when, and what it said.

    Checks are added one by one while the contact awaits its decision, so the
    decision can rest on them and a reviewer can see what was known when.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="partner_checks")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="checks")
    agency = models.CharField(max_length=30, choices=PartnerAgency.choices)
    checked_on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["contact", "checked_on"], name="partnercheck_contact_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__in=PartnerAgency.values), name="partnercheck_agency_known"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="partnercheck_has_summary"),
        ]

    def __str__(self) -> str:
        return f"Partner check {self.pk} ({self.agency}) on contact {self.contact_id}"
