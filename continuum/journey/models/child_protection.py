"""Child protection: strategy discussions, section 47 enquiries, conferences, CP plans, core groups."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from continuum.core import codes
from continuum.journey.models.constraints import codes_check, ends_after_starts
from continuum.journey.models.front_door import PartnerAgency
from continuum.journey.models.referrals import CINEpisode
from continuum.people.models import Child, VersionedModel


class StrategyDiscussion(VersionedModel):
    """A multi-agency strategy discussion (or meeting), which may decide to start a section 47 enquiry."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="strategy_discussions")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="strategy_discussions")
    held_on = models.DateField()
    agencies_present = ArrayField(
        models.CharField(max_length=30, choices=PartnerAgency.choices), default=list, blank=True
    )
    decision_s47 = models.BooleanField(help_text="Did the discussion decide to start a section 47 enquiry?")

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"], name="strategy_child_date_idx")]


class S47Outcome(models.TextChoices):
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    SUBSTANTIATED_NO_ICPC = "substantiated_no_icpc", "Concerns substantiated, no ICPC needed"
    SUBSTANTIATED_ICPC = "substantiated_icpc", "Concerns substantiated, ICPC needed"


class Section47(VersionedModel):
    """A section 47 enquiry (CIN census Section47)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="section47s")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="section47s")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.PROTECT, related_name="section47s"
    )
    s47_actual_start_date = models.DateField("S47ActualStartDate", help_text="CIN census S47ActualStartDate.")
    initial_cpc_target = models.DateField(
        "InitialCPCtarget", null=True, blank=True, help_text="CIN census InitialCPCtarget."
    )
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=S47Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField(
        "ICPCnotRequired", null=True, blank=True, help_text="CIN census ICPCnotRequired."
    )

    class Meta:
        verbose_name = "section 47 enquiry"
        indexes = [
            models.Index(fields=["child", "s47_actual_start_date"], name="s47_child_start_idx"),
            models.Index(
                fields=["s47_actual_start_date"], condition=Q(completed_on__isnull=True), name="s47_open_idx"
            ),
        ]
        constraints = [ends_after_starts("s47_actual_start_date", "completed_on", "s47_end_after_start")]


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"
    REVIEW = "review", "Review child protection conference"


class ConferenceOutcome(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE_PLAN = "continue_plan", "Plan continues"
    END_PLAN = "end_plan", "Plan ends"


class ChildParticipation(models.TextChoices):
    ATTENDED_SPOKE = "attended_spoke", "Attended and spoke for themselves"
    ATTENDED_ADVOCATE = "attended_advocate", "Attended with an advocate"
    VIEWS_CONVEYED = "views_conveyed", "Did not attend; views conveyed"
    VIEWS_NOT_CONVEYED = "views_not_conveyed", "Did not attend; views not conveyed"
    TOO_YOUNG = "too_young", "Too young to take part (or unborn)"


class Conference(VersionedModel):
    """A child protection conference: initial (ICPC), transfer-in, or review (CPPreviewDate)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="conferences")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    section47 = models.ForeignKey(
        Section47, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    cp_plan = models.ForeignKey(
        "CPPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_conferences",
        help_text="For a review conference: the plan reviewed.",
    )
    target_date = models.DateField(null=True, blank=True)
    conference_date = models.DateField(
        "DateOfInitialCPC / CPPreviewDate",
        help_text="CIN census DateOfInitialCPC, or CPPreviewDate for a review.",
    )
    outcome = models.CharField(max_length=20, choices=ConferenceOutcome.choices)
    child_participation = models.CharField(max_length=30, choices=ChildParticipation.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "conference_date"], name="conference_child_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="initial") | Q(section47__isnull=False), name="conference_icpc_has_s47"
            ),
            models.CheckConstraint(
                condition=~Q(kind="review") | Q(cp_plan__isnull=False), name="conference_review_has_plan"
            ),
        ]


class CPPlan(VersionedModel):
    """A child protection plan (CIN census ChildProtectionPlans)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cp_plans")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="cp_plans")
    icpc = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="resulting_cp_plan")
    cpp_start_date = models.DateField("CPPstartDate", help_text="CIN census CPPstartDate: the ICPC date.")
    cpp_end_date = models.DateField("CPPendDate", null=True, blank=True, help_text="CIN census CPPendDate.")
    initial_category_of_abuse = models.CharField(
        "InitialCategoryOfAbuse",
        max_length=3,
        choices=codes.choices("InitialCategoryOfAbuse"),
        help_text="CIN census InitialCategoryOfAbuse.",
    )
    latest_category_of_abuse = models.CharField(
        "LatestCategoryOfAbuse",
        max_length=3,
        choices=codes.choices("LatestCategoryOfAbuse"),
        help_text="CIN census LatestCategoryOfAbuse.",
    )
    number_of_previous_cpp = models.PositiveIntegerField(
        "NumberOfPreviousCPP", default=0, help_text="CIN census NumberOfPreviousCPP."
    )

    class Meta:
        verbose_name = "child protection plan"
        indexes = [
            models.Index(fields=["child", "cpp_start_date"], name="cpplan_child_start_idx"),
            models.Index(
                fields=["cpp_start_date"], condition=Q(cpp_end_date__isnull=True), name="cpplan_open_idx"
            ),
        ]
        constraints = [
            ends_after_starts("cpp_start_date", "cpp_end_date", "cpplan_end_after_start"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(cpp_end_date__isnull=True), name="cpplan_one_open_per_child"
            ),
            codes_check(
                "initial_category_of_abuse", "InitialCategoryOfAbuse", "cpplan_initial_code", blank=False
            ),
            codes_check(
                "latest_category_of_abuse", "LatestCategoryOfAbuse", "cpplan_latest_code", blank=False
            ),
        ]


class CoreGroup(VersionedModel):
    """A core group meeting under a child protection plan (first within 10 working days of the ICPC)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="core_groups")
    cp_plan = models.ForeignKey(CPPlan, on_delete=models.PROTECT, related_name="core_groups")
    meeting_date = models.DateField()
    agencies_present = ArrayField(
        models.CharField(max_length=30, choices=PartnerAgency.choices), default=list, blank=True
    )

    class Meta:
        indexes = [models.Index(fields=["cp_plan", "meeting_date"], name="coregroup_plan_date_idx")]
