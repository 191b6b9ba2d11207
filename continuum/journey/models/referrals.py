"""Children in need: the referral and the episode of need it opens, assessments and CIN plans."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from continuum.core import codes
from continuum.journey.models.constraints import codes_check, ends_after_starts
from continuum.journey.models.front_door import Contact
from continuum.people.models import Child, VersionedModel, Worker


class CINEpisode(VersionedModel):
    """A referral to children's social care and the episode of need it opens (CIN census CINdetails)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cin_episodes")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="cin_episodes"
    )
    cin_referral_date = models.DateField("CINreferralDate", help_text="CIN census CINreferralDate.")
    referral_source = models.CharField(
        "ReferralSource",
        max_length=2,
        choices=codes.choices("ReferralSource"),
        help_text="CIN census ReferralSource.",
    )
    primary_need_code = models.CharField(
        "PrimaryNeedCode",
        max_length=2,
        blank=True,
        choices=codes.choices("PrimaryNeedCode"),
        help_text="CIN census PrimaryNeedCode (N0–N9).",
    )
    referral_nfa = models.BooleanField(
        "ReferralNFA",
        default=False,
        help_text="CIN census ReferralNFA: the referral led to no further action.",
    )
    cin_closure_date = models.DateField(
        "CINclosureDate", null=True, blank=True, help_text="CIN census CINclosureDate."
    )
    reason_for_closure = models.CharField(
        "ReasonForClosure",
        max_length=3,
        blank=True,
        choices=codes.choices("ReasonForClosure"),
        help_text="CIN census ReasonForClosure (RC1–RC9).",
    )

    class Meta:
        verbose_name = "CIN episode (referral)"
        indexes = [
            models.Index(fields=["child", "cin_referral_date"], name="cin_child_referral_idx"),
            models.Index(fields=["cin_referral_date"], name="cin_referral_date_idx"),
            models.Index(fields=["cin_closure_date"], name="cin_closure_date_idx"),
        ]
        constraints = [
            ends_after_starts("cin_referral_date", "cin_closure_date", "cin_closure_after_referral"),
            models.CheckConstraint(
                condition=(Q(cin_closure_date__isnull=True) & Q(reason_for_closure=""))
                | (Q(cin_closure_date__isnull=False) & ~Q(reason_for_closure="")),
                name="cin_closure_date_and_reason_together",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(cin_closure_date__isnull=True), name="cin_one_open_episode"
            ),
            codes_check("referral_source", "ReferralSource", "cin_referral_source_code", blank=False),
            codes_check("primary_need_code", "PrimaryNeedCode", "cin_primary_need_code"),
            codes_check("reason_for_closure", "ReasonForClosure", "cin_reason_for_closure_code"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.child_id}, {self.cin_referral_date})"

    @property
    def is_open(self) -> bool:
        return self.cin_closure_date is None


class AssessmentOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Step down to early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY = "strategy", "Strategy discussion"
    CLA = "cla", "Become looked after"
    OTHER = "other", "Other services"


class Assessment(VersionedModel):
    """A single (continuous) assessment within a CIN episode (CIN census Assessments)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessments")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="assessments")
    worker = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessment_actual_start_date = models.DateField(
        "AssessmentActualStartDate", help_text="CIN census AssessmentActualStartDate."
    )
    assessment_authorisation_date = models.DateField(
        "AssessmentAuthorisationDate",
        null=True,
        blank=True,
        help_text="CIN census AssessmentAuthorisationDate.",
    )
    assessment_factors = ArrayField(
        models.CharField(max_length=3, choices=codes.choices("AssessmentFactors")),
        default=list,
        blank=True,
        help_text="CIN census FactorsIdentifiedAtAssessment/AssessmentFactors codes.",
    )
    child_seen = models.BooleanField(
        null=True, blank=True, help_text="Was the child seen during the assessment?"
    )
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "assessment_actual_start_date"], name="assessment_child_start_idx"),
            models.Index(
                fields=["assessment_actual_start_date"],
                condition=Q(assessment_authorisation_date__isnull=True),
                name="assessment_open_idx",
            ),
        ]
        constraints = [
            ends_after_starts(
                "assessment_actual_start_date", "assessment_authorisation_date", "assessment_auth_after_start"
            ),
            models.CheckConstraint(
                condition=Q(assessment_factors__contained_by=list(codes.cin("AssessmentFactors"))),
                name="assessment_factor_codes",
            ),
        ]


class CINPlan(VersionedModel):
    """A child in need plan (CIN census CINPlanDates)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cin_plans")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="cin_plans")
    cin_plan_start_date = models.DateField("CINPlanStartDate", help_text="CIN census CINPlanStartDate.")
    cin_plan_end_date = models.DateField(
        "CINPlanEndDate", null=True, blank=True, help_text="CIN census CINPlanEndDate."
    )

    class Meta:
        verbose_name = "CIN plan"
        indexes = [
            models.Index(fields=["child", "cin_plan_start_date"], name="cinplan_child_start_idx"),
        ]
        constraints = [
            ends_after_starts("cin_plan_start_date", "cin_plan_end_date", "cinplan_end_after_start"),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(cin_plan_end_date__isnull=True),
                name="cinplan_one_open_per_child",
            ),
        ]
