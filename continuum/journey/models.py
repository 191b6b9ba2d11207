"""The child's journey: the system of record from the front door to leaving care.

Models hold data and simple derived properties. Every write goes through
``continuum.journey.services``, which enforces the rules, keeps each change in
one transaction and appends a :class:`ChronologyEvent`. The database backs the
most important rules too (check constraints, partial unique indexes, and a
trigger that keeps the chronology append-only), so that a bulk load or a stray
script cannot break them either.

Every record carries the child, even where it could be reached through a
parent record, so that "this child's records between two dates" is one
indexed look-up for the chronology, the child record page and the returns.

Field names follow the DfE names (CIN census elements, SSDA903 columns) where
one exists, in snake_case, with the DfE name in the verbose name and help text.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from continuum.core import codes
from continuum.people.models import Child, FamilyMember, VersionedModel, Worker


def _ends_after_starts(start: str, end: str, name: str) -> models.CheckConstraint:
    """The database copy of the rule "an end date is never before its start date"."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message="The end date cannot be before the start date.",
    )


def _codes_check(field: str, code_set: str, name: str, *, blank: bool = True) -> models.CheckConstraint:
    """The database copy of "only DfE codes in this field" (bulk loads cannot slip a typo in)."""
    allowed = Q(**{f"{field}__in": list(codes.codes_of(code_set))})
    return models.CheckConstraint(condition=(Q(**{field: ""}) | allowed) if blank else allowed, name=name)


# --- Front door ---------------------------------------------------------------------


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
            _codes_check("referral_source", "ReferralSource", "contact_referral_source_code", blank=False),
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


# --- Early help -----------------------------------------------------------------------


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
        constraints = [_ends_after_starts("eha_start_date", "eha_end_date", "eh_end_after_start")]


# --- Children in need ----------------------------------------------------------------


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
            _ends_after_starts("cin_referral_date", "cin_closure_date", "cin_closure_after_referral"),
            models.CheckConstraint(
                condition=(Q(cin_closure_date__isnull=True) & Q(reason_for_closure=""))
                | (Q(cin_closure_date__isnull=False) & ~Q(reason_for_closure="")),
                name="cin_closure_date_and_reason_together",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(cin_closure_date__isnull=True), name="cin_one_open_episode"
            ),
            _codes_check("referral_source", "ReferralSource", "cin_referral_source_code", blank=False),
            _codes_check("primary_need_code", "PrimaryNeedCode", "cin_primary_need_code"),
            _codes_check("reason_for_closure", "ReasonForClosure", "cin_reason_for_closure_code"),
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
            _ends_after_starts(
                "assessment_actual_start_date", "assessment_authorisation_date", "assessment_auth_after_start"
            ),
            models.CheckConstraint(
                condition=Q(assessment_factors__contained_by=list(codes.cin("AssessmentFactors"))),
                name="assessment_factor_codes",
            ),
        ]


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
        constraints = [_ends_after_starts("s47_actual_start_date", "completed_on", "s47_end_after_start")]


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
            _ends_after_starts("cpp_start_date", "cpp_end_date", "cpplan_end_after_start"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(cpp_end_date__isnull=True), name="cpplan_one_open_per_child"
            ),
            _codes_check(
                "initial_category_of_abuse", "InitialCategoryOfAbuse", "cpplan_initial_code", blank=False
            ),
            _codes_check(
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
            _ends_after_starts("cin_plan_start_date", "cin_plan_end_date", "cinplan_end_after_start"),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(cin_plan_end_date__isnull=True),
                name="cinplan_one_open_per_child",
            ),
        ]


# --- Looked-after children -------------------------------------------------------------


class PermanencePlan(models.TextChoices):
    RETURN_HOME = "return_home", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    RESIDENTIAL = "residential", "Residential care"
    INDEPENDENT_LIVING = "independent_living", "Supported or independent living"
    OTHER = "other", "Other"


class Placement(VersionedModel):
    """Where a looked-after child lives, from one move to the next.

    A placement can span several SSDA903 episodes (a change of legal status
    alone starts a new episode in the same placement), so placement moves are
    counted from these rows, not from episodes.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    place = models.CharField(
        "PLACE", max_length=3, choices=codes.choices("episodes.PLACE"), help_text="SSDA903 PLACE."
    )
    place_provider = models.CharField(
        "PLACE_PROVIDER",
        max_length=3,
        blank=True,
        choices=codes.choices("episodes.PLACE_PROVIDER"),
        help_text="SSDA903 PLACE_PROVIDER.",
    )
    provider_name = models.CharField(max_length=200, blank=True)
    urn = models.CharField(
        "URN", max_length=8, blank=True, help_text="SSDA903 URN: Ofsted unique reference number."
    )
    pl_post = models.CharField(
        "PL_POST", max_length=8, blank=True, help_text="SSDA903 PL_POST (placement postcode)."
    )
    in_borough = models.BooleanField(help_text="Is the placement inside the council's own boundary?")
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE",
        max_length=6,
        blank=True,
        choices=codes.choices("episodes.REASON_PLACE_CHANGE"),
        help_text="SSDA903 REASON_PLACE_CHANGE: why the placement ended.",
    )

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="placement_child_start_idx")]
        constraints = [
            _ends_after_starts("start_date", "end_date", "placement_end_after_start"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="placement_one_open_per_child"
            ),
        ]


class CLAEpisode(VersionedModel):
    """One SSDA903 episode of care: a spell with one legal status and one placement.

    A new episode starts whenever the legal status or the placement changes
    (RNE says which); the previous one then ends the same day with REC ``X1``.
    A child has at most one open episode: enforced here by a partial unique
    index as well as by the services.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cla_episodes")
    cin_episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="cla_episodes"
    )
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="cla_episodes")
    decom = models.DateField("DECOM", help_text="SSDA903 DECOM: date the episode began.")
    rne = models.CharField(
        "RNE", max_length=1, choices=codes.choices("episodes.RNE"), help_text="SSDA903 RNE."
    )
    ls = models.CharField("LS", max_length=2, choices=codes.choices("episodes.LS"), help_text="SSDA903 LS.")
    cin = models.CharField(
        "CIN",
        max_length=2,
        choices=codes.choices("episodes.CIN"),
        help_text="SSDA903 CIN: category of need (N1–N8).",
    )
    place = models.CharField(
        "PLACE", max_length=3, choices=codes.choices("episodes.PLACE"), help_text="SSDA903 PLACE."
    )
    place_provider = models.CharField(
        "PLACE_PROVIDER",
        max_length=3,
        blank=True,
        choices=codes.choices("episodes.PLACE_PROVIDER"),
        help_text="SSDA903 PLACE_PROVIDER.",
    )
    home_post = models.CharField("HOME_POST", max_length=8, blank=True, help_text="SSDA903 HOME_POST.")
    pl_post = models.CharField("PL_POST", max_length=8, blank=True, help_text="SSDA903 PL_POST.")
    urn = models.CharField("URN", max_length=8, blank=True, help_text="SSDA903 URN.")
    in_borough = models.BooleanField(help_text="Placed inside the council's own boundary?")
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE",
        max_length=6,
        blank=True,
        choices=codes.choices("episodes.REASON_PLACE_CHANGE"),
        help_text="SSDA903 REASON_PLACE_CHANGE, on the episode that ended with a placement change.",
    )
    dec = models.DateField("DEC", null=True, blank=True, help_text="SSDA903 DEC: date the episode ceased.")
    rec = models.CharField(
        "REC", max_length=3, blank=True, choices=codes.choices("episodes.REC"), help_text="SSDA903 REC."
    )
    permanence_plan = models.CharField(max_length=30, choices=PermanencePlan.choices, blank=True)

    class Meta:
        verbose_name = "CLA episode"
        indexes = [
            models.Index(fields=["child", "decom"], name="cla_child_decom_idx"),
            models.Index(fields=["decom", "dec"], name="cla_dates_idx"),
        ]
        constraints = [
            _ends_after_starts("decom", "dec", "cla_dec_after_decom"),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(dec__isnull=True),
                name="cla_one_open_episode_per_child",
                violation_error_message="A child can have only one open CLA episode.",
            ),
            models.CheckConstraint(
                condition=(Q(dec__isnull=True) & Q(rec="")) | (Q(dec__isnull=False) & ~Q(rec="")),
                name="cla_dec_and_rec_together",
            ),
            _codes_check("rne", "episodes.RNE", "cla_rne_code", blank=False),
            _codes_check("ls", "episodes.LS", "cla_ls_code", blank=False),
            _codes_check("cin", "episodes.CIN", "cla_cin_code", blank=False),
            _codes_check("place", "episodes.PLACE", "cla_place_code", blank=False),
            _codes_check("rec", "episodes.REC", "cla_rec_code"),
        ]

    def __str__(self) -> str:
        return f"CLA episode {self.pk} ({self.child_id}, {self.decom})"


class CLAReview(VersionedModel):
    """A looked-after child review chaired by the IRO (SSDA903 reviews table)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cla_reviews")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="reviews")
    review = models.DateField("REVIEW", help_text="SSDA903 REVIEW: date of the review.")
    review_code = models.CharField(
        "REVIEW_CODE",
        max_length=3,
        choices=codes.choices("reviews.REVIEW_CODE"),
        help_text="SSDA903 REVIEW_CODE: how the child took part (PN0–PN7).",
    )
    iro = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "CLA review"
        indexes = [models.Index(fields=["child", "review"], name="clareview_child_date_idx")]


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class HealthAssessment(VersionedModel):
    """A looked-after child's health assessment (yearly; six-monthly under 5)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="health_assessments")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    assessment_date = models.DateField()
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)

    class Meta:
        indexes = [models.Index(fields=["child", "assessment_date"], name="health_child_date_idx")]


class DentalCheck(VersionedModel):
    """A looked-after child's dental check (SSDA903 OC2 TEETH_CHECK)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="dental_checks")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    check_date = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "check_date"], name="dental_child_date_idx")]


class SDQ(VersionedModel):
    """A Strengths and Difficulties Questionnaire (SSDA903 OC2 SDQ_SCORE / SDQ_REASON)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sdqs")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    sdq_date = models.DateField()
    sdq_score = models.PositiveSmallIntegerField(
        "SDQ_SCORE", null=True, blank=True, help_text="SSDA903 SDQ_SCORE (0–40)."
    )
    sdq_reason = models.CharField(
        "SDQ_REASON",
        max_length=4,
        blank=True,
        choices=codes.choices("oc2.SDQ_REASON"),
        help_text="SSDA903 SDQ_REASON: why there is no score.",
    )

    class Meta:
        verbose_name = "SDQ"
        constraints = [
            models.CheckConstraint(
                condition=(Q(sdq_score__isnull=False) & Q(sdq_score__lte=40) & Q(sdq_reason=""))
                | (Q(sdq_score__isnull=True) & ~Q(sdq_reason="")),
                name="sdq_score_or_reason",
            )
        ]


class PEP(VersionedModel):
    """A Personal Education Plan meeting (reviewed every 6 months)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="peps")
    cla_episode = models.ForeignKey(CLAEpisode, on_delete=models.PROTECT, related_name="+")
    pep_date = models.DateField()

    class Meta:
        verbose_name = "PEP"
        indexes = [models.Index(fields=["child", "pep_date"], name="pep_child_date_idx")]


# --- Visits ----------------------------------------------------------------------------


class VisitKind(models.TextChoices):
    CP = "cp", "Child protection visit"
    CIN = "cin", "Child in need visit"
    CLA = "cla", "Looked-after child visit"
    PRIVATE_FOSTERING = "private_fostering", "Private fostering visit"
    CARE_LEAVER = "care_leaver", "Care leaver visit"
    ASSESSMENT = "assessment", "Assessment visit"
    OTHER = "other", "Other visit"


class Visit(VersionedModel):
    """A statutory or other visit: seen, seen alone (with a reason if not), bedroom seen."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    visit_date = models.DateField()
    worker = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    seen = models.BooleanField()
    seen_alone = models.BooleanField(null=True, blank=True)
    not_seen_alone_reason = models.TextField(blank=True)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    cin_episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    cp_plan = models.ForeignKey(
        CPPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    cla_episode = models.ForeignKey(
        CLAEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    private_fostering = models.ForeignKey(
        "PrivateFostering", null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )

    class Meta:
        indexes = [
            models.Index(fields=["child", "visit_date"], name="visit_child_date_idx"),
            models.Index(fields=["worker", "visit_date"], name="visit_worker_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen=True) | Q(seen_alone__isnull=True) | Q(seen_alone=False),
                name="visit_seen_alone_needs_seen",
            ),
            models.CheckConstraint(
                condition=~Q(seen_alone=False) | ~Q(not_seen_alone_reason=""),
                name="visit_not_seen_alone_has_reason",
            ),
        ]


# --- Missing and absent ---------------------------------------------------------------


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
    rhi_accepted = models.BooleanField("Return home interview accepted", null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "mis_start"], name="missing_child_start_idx"),
            models.Index(fields=["mis_start"], condition=Q(mis_end__isnull=True), name="missing_open_idx"),
        ]
        constraints = [
            _ends_after_starts("mis_start", "mis_end", "missing_end_after_start"),
            models.CheckConstraint(
                condition=Q(rhi_offered_at__isnull=True) | Q(rhi_offered_at__gte=F("mis_end")),
                name="missing_rhi_after_return",
            ),
        ]


# --- Care leavers ----------------------------------------------------------------------


class CareLeaverCategory(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible (still looked after, 16–17)"
    RELEVANT = "relevant", "Relevant (left care at 16–17)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (18–25)"
    QUALIFYING = "qualifying", "Qualifying"


class CareLeaver(VersionedModel):
    """A young person owed leaving-care duties (to age 25)."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="care_leaver")
    eligibility_category = models.CharField(max_length=20, choices=CareLeaverCategory.choices)
    start_date = models.DateField(help_text="When leaving-care duties began.")
    end_date = models.DateField(null=True, blank=True)
    personal_adviser = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="care_leavers"
    )

    class Meta:
        constraints = [_ends_after_starts("start_date", "end_date", "careleaver_end_after_start")]


class PathwayPlanReview(VersionedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pathway_plan_reviews")
    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="pathway_plan_reviews")
    review_date = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["child", "review_date"], name="pathway_child_date_idx")]


class CareLeaverContact(VersionedModel):
    """A contact with a care leaver: in touch, accommodation (and suitability), activity, Staying Put."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_leaver_contacts")
    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="contacts")
    contact_date = models.DateField()
    in_touch = models.CharField(
        "IN_TOUCH", max_length=4, choices=codes.choices("oc3.IN_TOUCH"), help_text="SSDA903 OC3 IN_TOUCH."
    )
    accom = models.CharField(
        "ACCOM",
        max_length=2,
        blank=True,
        choices=codes.choices("oc3.ACCOM"),
        help_text="SSDA903 OC3 ACCOM: the letter is the type, 1 suitable, 2 not suitable.",
    )
    activ = models.CharField(
        "ACTIV", max_length=2, blank=True, choices=codes.choices("oc3.ACTIV"), help_text="SSDA903 OC3 ACTIV."
    )
    staying_put = models.BooleanField(default=False, help_text="Staying Put with former foster carers.")

    class Meta:
        indexes = [models.Index(fields=["child", "contact_date"], name="clcontact_child_date_idx")]

    @property
    def accommodation_suitable(self) -> bool | None:
        """ACCOM codes end in 1 (suitable) or 2 (not suitable); ``0`` and blank say nothing."""
        if self.accom.endswith("1"):
            return True
        if self.accom.endswith("2"):
            return False
        return None


# --- Proceedings -----------------------------------------------------------------------


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
        constraints = [_ends_after_starts("plo_start_date", "end_date", "preproc_end_after_start")]


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
        constraints = [_ends_after_starts("application_date", "end_date", "careproc_end_after_start")]


# --- Private fostering -------------------------------------------------------------------


class PrivateFostering(VersionedModel):
    """A private fostering arrangement notified to the council."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="private_fostering")
    carer = models.ForeignKey(FamilyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notification_date = models.DateField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "private fostering arrangements"
        constraints = [_ends_after_starts("start_date", "end_date", "pf_end_after_start")]


# --- LADO ---------------------------------------------------------------------------------


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
        constraints = [_ends_after_starts("received_date", "outcome_date", "lado_outcome_after_received")]


# --- Chronology --------------------------------------------------------------------------


class ImmutableRecordError(ValidationError):
    """Raised on any attempt to change or delete a chronology event from Python."""


class ChronologyQuerySet(models.QuerySet["ChronologyEvent"]):
    """Bulk update and delete are refused: the chronology is append-only."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableRecordError("Chronology events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError("Chronology events cannot be deleted.")


class ChronologyEvent(models.Model):
    """One step in a child's journey: who did what, when, with the values before and after.

    Append-only. The model refuses updates and deletes, and a PostgreSQL
    trigger (migration 0002) refuses them for any other writer too, because a
    chronology that can be quietly edited cannot be relied on in court or in
    a practice review. ``before`` and ``after`` hold only the fields the step
    changed, and never free-text narrative (that stays on the record itself).
    """

    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="chronology_events"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the change; blank for a system or bulk load.",
    )
    at = models.DateTimeField(auto_now_add=True, help_text="When the change was recorded.")
    occurred_on = models.DateField(
        null=True, blank=True, help_text="The practice date of the step, for ordering."
    )
    step = models.CharField(max_length=60, help_text="The service that made the change, e.g. hold_icpc.")
    what = models.CharField(max_length=300)
    record_type = models.CharField(max_length=60)
    record_id = models.BigIntegerField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = ChronologyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["child", "occurred_on"], name="chronology_child_date_idx"),
            models.Index(fields=["record_type", "record_id"], name="chronology_record_idx"),
            models.Index(fields=["at"], name="chronology_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.step} {self.record_type}:{self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("Chronology events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecordError("Chronology events cannot be deleted.")
