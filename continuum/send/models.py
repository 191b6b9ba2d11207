"""EHC needs assessments and EHC plans (Children and Families Act 2014 Part 3; SEND Code of Practice ch. 9).

The person is a ``people.Child``: the project's one person record, which holds young people up to 25
as well, so one person has one record across social care and SEND.

An assessment (:class:`EHCRequest`) is one journey from a request to a final plan or a stop (refusal
to assess, decision not to issue, withdrawal). Its dates are the facts the clocks count from and
to; the clocks themselves are rows of the one timescales table (``continuum/send/clocks.py`` names
them). Advice requests, setting consultations and exceptions are their own rows because there are
several of each and each has its own date. A plan (:class:`EHCPlan`) may exist without a request in
Continuum (a plan transferred in from another council).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from continuum.people.models import VersionedModel
from continuum.send import clocks

#: A school's Unique Reference Number (GIAS): 6 digits. SEN2 <URN>.
URN_VALIDATOR = RegexValidator(r"^\d{6}$", "A URN is 6 digits (Get Information about Schools).")
#: A provider's UK Provider Reference Number (UKRLP): 8 digits starting with 1. SEN2 <UKPRN>.
UKPRN_VALIDATOR = RegexValidator(
    r"^1\d{7}$", "A UKPRN is 8 digits starting with 1 (UK Register of Learning Providers)."
)


class Requester(models.TextChoices):
    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person"
    SCHOOL = "school", "School or college"
    OTHER = "other", "Other"


class AssessDecision(models.TextChoices):
    ASSESS = "assess", "Agreed to assess"
    REFUSE = "refuse", "Refused to assess"


class IssueDecision(models.TextChoices):
    ISSUE = "issue", "Plan to be issued"
    NOT_ISSUE = "not_issue", "No plan (needs met without one)"


class AdviceKind(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class SettingType(models.TextChoices):
    """The named setting's type, as SEN2 groups placements."""

    MAINSTREAM = "mainstream", "Mainstream school"
    RESOURCED = "resourced", "Mainstream with resourced provision"
    SPECIAL = "special", "State-funded special school"
    INDEPENDENT = "independent", "Independent or non-maintained special school"
    EARLY_YEARS = "early_years", "Early years setting"
    POST16 = "post16", "Further education or post-16"
    OTHER = "other", "Other arrangements"


class PrimaryNeed(models.TextChoices):
    """SEN2 / school census primary need codes, in the order of the SEN2 layout's SENtype list
    (``continuum/specs/sen2_2025_26_layout.csv``): a code missing here is a need the return
    accepts but a caseworker could not record. Down syndrome (DS) is SEN2's since 2025."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"


class CeaseReason(models.TextChoices):
    """Why a plan ceased (Children and Families Act 2014 s45; SEN2 reasons)."""

    NEEDS_MET = "needs_met", "Needs met without a plan"
    MOVED_LA = "moved_la", "Moved to another local authority"
    EMPLOYMENT = "employment", "Into paid employment"
    HIGHER_EDUCATION = "higher_education", "Into higher education"
    LEFT_EDUCATION = "left_education", "Left education or training (19-25)"
    AGE_25 = "age_25", "Reached 25"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class EHCRequest(VersionedModel):
    """One request for an EHC needs assessment and everything up to the final plan (or a stop).

    Versioned as every other mutable record (``people.VersionedModel``): a form carries the version
    it was opened on and a save against an older one is refused (``services._locked``).
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="ehc_requests")
    requested_by = models.CharField(max_length=20, choices=Requester.choices)
    received_on = models.DateField(
        help_text="The day the council received the request: every clock starts here."
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assess_decision = models.CharField(max_length=10, choices=AssessDecision.choices, blank=True)
    assess_decided_on = models.DateField(null=True, blank=True)
    issue_decision = models.CharField(max_length=10, choices=IssueDecision.choices, blank=True)
    issue_decided_on = models.DateField(null=True, blank=True)
    draft_issued_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    submission_token = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        help_text="The one-time token of the form that recorded the request: the same form sent again "
        "(back and resend, a double click) finds this request instead of recording another.",
    )

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token"],
                condition=~models.Q(submission_token=""),
                name="send_request_submission_token_once",
            ),
        ]

    def __str__(self) -> str:
        return f"EHC needs assessment request {self.pk} received {self.received_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        """Still in progress: no final plan and no stop."""
        return self.final_issued_on is None and clocks.stopped_on(self) is None


class AdviceRequest(models.Model):
    """A request for advice (SEND Regulations 2014 reg 6): due within 6 weeks of being asked."""

    ehc_request = models.ForeignKey(EHCRequest, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField(max_length=20, choices=AdviceKind.choices)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} advice requested {self.requested_on:%d %b %Y}"


class SettingConsultation(models.Model):
    """Consultation with a setting the parent or young person asked to be named (s39, reg 13)."""

    ehc_request = models.ForeignKey(EHCRequest, on_delete=models.CASCADE, related_name="consultations")
    setting_name = models.CharField(max_length=200)
    setting_type = models.CharField(max_length=20, choices=SettingType.choices)
    consulted_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    accepts = models.BooleanField(null=True, blank=True, help_text="Blank until the setting answers.")

    class Meta:
        ordering = ["consulted_on", "pk"]

    def __str__(self) -> str:
        return f"Consultation with {self.setting_name}"


class AssessmentException(models.Model):
    """A reason the council could not meet a time limit, as recorded at the time.

    Whether it takes the request out of the timeliness figure is not stored: it follows from the
    reason (``clocks.EXCEPTIONS``), so a late advice note can never be recorded as an allowed one.
    """

    ehc_request = models.ForeignKey(EHCRequest, on_delete=models.CASCADE, related_name="exceptions")
    reason = models.CharField(max_length=30, choices=[(k, v.label) for k, v in clocks.EXCEPTIONS.items()])
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.get_reason_display()

    @property
    def excludable(self) -> bool:
        return clocks.EXCEPTIONS[self.reason].excludable


class EHCPlan(VersionedModel):
    """An EHC plan: its sections, the named setting, the personal budget, and how it ended.

    The named setting carries the identifier SEN2 asks for: a school's URN, or a post-16 provider's
    UKPRN (SEN2 2026 items 5.3 and 5.4), so the return names the setting rather than a placeholder.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="ehc_plans")
    ehc_request = models.OneToOneField(
        EHCRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="plan"
    )
    issued_on = models.DateField(help_text="The final plan's date: the first annual review counts from here.")
    primary_need = models.CharField(max_length=4, choices=PrimaryNeed.choices)
    needs = models.TextField("Section B: special educational needs", blank=True)
    outcomes = models.TextField("Section E: outcomes", blank=True)
    provision = models.TextField("Section F: special educational provision", blank=True)
    setting_name = models.CharField("Named setting", max_length=200, blank=True)
    setting_type = models.CharField(max_length=20, choices=SettingType.choices, blank=True)
    setting_urn = models.CharField(
        "Named setting's URN",
        max_length=6,
        blank=True,
        validators=[URN_VALIDATOR],
        help_text="Schools: 6 digits.",
    )
    setting_ukprn = models.CharField(
        "Named setting's UKPRN",
        max_length=8,
        blank=True,
        validators=[UKPRN_VALIDATOR],
        help_text="Colleges and other post-16 providers: 8 digits starting with 1.",
    )
    out_of_borough = models.BooleanField(default=False)
    budget_requested = models.BooleanField("Personal budget requested", default=False)
    budget_agreed = models.BooleanField("Personal budget agreed", default=False)
    budget_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    budget_purpose = models.CharField("Personal budget for", max_length=300, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=20, choices=CeaseReason.choices, blank=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="send_plan_ceased_with_reason",
                condition=models.Q(ceased_on__isnull=True, cease_reason="")
                | models.Q(ceased_on__isnull=False) & ~models.Q(cease_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"EHC plan issued {self.issued_on:%d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.ceased_on is None


class AnnualReview(models.Model):
    """An annual review meeting (reg 18): within 12 months of the plan or the last review."""

    class Outcome(models.TextChoices):
        MAINTAIN = "maintain", "Maintain the plan"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Cease the plan"

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    amended_on = models.DateField(null=True, blank=True, help_text="The amended plan's date, if amended.")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Annual review {self.held_on:%d %b %Y}"


class Phase(models.TextChoices):
    """The phases of education an EHC plan moves between (SEND Regulations 2014 reg 18)."""

    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary school"
    SECONDARY = "secondary", "Secondary school"
    POST16 = "post16", "Post-16"


class PhaseTransfer(models.Model):
    """A move to the next phase of education, and the amended plan naming the new setting.

    The plan must be reviewed and the amended plan, naming the new school or college, issued by
    15 February in the calendar year of the transfer, or 31 March for a move from secondary school
    into post-16 (SEND Regulations 2014 reg 18 as amended). Those deadlines are timescale rules
    (``clocks.PHASE_TRANSFER``, ``clocks.PHASE_TRANSFER_POST16``), never dates in code, so the
    caseworker's list, the plan page and the indicator count with the same rule.
    """

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="transfers")
    from_phase = models.CharField(max_length=20, choices=Phase.choices)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    transfer_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the new phase starts (in September): the deadline is in this year."
    )
    setting_name = models.CharField("New setting", max_length=200, blank=True)
    setting_type = models.CharField(max_length=20, choices=SettingType.choices, blank=True)
    setting_urn = models.CharField(
        "New setting's URN",
        max_length=6,
        blank=True,
        validators=[URN_VALIDATOR],
        help_text="Schools: 6 digits.",
    )
    setting_ukprn = models.CharField(
        "New setting's UKPRN",
        max_length=8,
        blank=True,
        validators=[UKPRN_VALIDATOR],
        help_text="Post-16 providers: 8 digits starting with 1.",
    )
    amended_issued_on = models.DateField(
        "Amended plan issued", null=True, blank=True, help_text="The amended plan naming the new setting."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transfer_year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "transfer_year"], name="send_one_transfer_a_year"),
            models.CheckConstraint(
                name="send_transfer_named_when_issued",
                condition=models.Q(amended_issued_on__isnull=True) | ~models.Q(setting_name=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer to {self.get_to_phase_display().lower()} in {self.transfer_year}"
