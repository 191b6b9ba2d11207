"""Complaints, compliments and members' enquiries (domain.md section 3; seed 001 L2158-2576).

A complaint is one case with up to three stages. Each stage is its own row because each stage has
its own clock, author, extension, outcome and response letter, and the annual report counts stages
("number of complaints received at each stage"). A request to escalate that the complaints officer
declines (no new information) is kept as a stage row with status "declined" and the reason, so the
report can say how many requests were declined and the gate's decision is on the record.

Statutory complaints follow the Children Act 1989 Representations Procedure (England) Regulations
2006; service (corporate) complaints follow the council's own procedure. The clocks are rows of the
one timescales table (continuum/complaints/clocks.py names them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from continuum.core.dates import day_words


class Procedure(models.TextChoices):
    STATUTORY = "statutory", "Statutory (Children Act 1989)"
    CORPORATE = "corporate", "Service (corporate)"


class ComplainantType(models.TextChoices):
    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person"
    OTHER_FAMILY = "other_family", "Other family member"
    PROFESSIONAL_EXTERNAL = "professional_external", "Professional (external)"
    PROFESSIONAL_INTERNAL = "professional_internal", "Professional (internal)"
    FOSTER_CARER = "foster_carer", "Foster carer"
    OTHER = "other", "Other"


class Category(models.TextChoices):
    ACTION_OF_STAFF = "action_of_staff", "Action of staff"
    ASSESSMENT = "assessment", "Assessment"
    COMMUNICATION = "communication", "Communication"
    DECISION = "decision", "Decision"
    DELAYS = "delays", "Delays in service"
    FINANCE = "finance", "Finance"
    OTHER = "other", "Other"
    POLICY = "policy", "Policy"
    POOR_SERVICE = "poor_service", "Poor service"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class StageStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESPONDED = "responded", "Responded"
    DECLINED = "declined", "Escalation declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: Each service area's services, in the table's order, with the stage 1 complaints the seed's year
#: counted for each (the demo spreads its complaints by these; the report itself counts records).
SERVICES_BY_AREA: dict[str, tuple[tuple[str, int], ...]] = {
    "early_help": (
        ("Early Years & Early Help", 5),
        ("Commissioning and Business Improvement", 1),
        ("Youth & Family Support", 1),
        ("Workforce and Community Engagement", 1),
    ),
    "social_care": (
        ("0-25 Service", 13),
        ("Intake & Assessment", 25),
        ("Intervention & Planning", 28),
        ("Permanence & Transitions", 18),
        ("Placements Service", 9),
        ("Safeguarding & Quality Assurance", 10),
    ),
}
#: The services a head of service leads, as the annual report's table names them (seed 001 Appendix B,
#: "Number of complaints received by each Head of Service"). A complaint names one of these, chosen
#: from a list, never typed: typed names split one service into several rows of the report
#: ("Intake & Assessment" and "Intake and Assessment ") and put people's names among the services.
HEADS_OF_SERVICE: tuple[str, ...] = tuple(name for area in SERVICES_BY_AREA.values() for name, _ in area)


def _service_key(text: str) -> str:
    """A service's name reduced to what tells it apart: case, spacing and "&" against "and" dropped."""
    words = text.replace("&amp;", "&").replace("&", " and ").casefold().split()
    return " ".join(words)


_SERVICES_BY_KEY = {_service_key(name): name for name in HEADS_OF_SERVICE}


def head_of_service_as_listed(text: str) -> str | None:
    """The service on :data:`HEADS_OF_SERVICE` that ``text`` names, as the list spells it ("" for
    none recorded); None when it names no service on the list (a person's name, say)."""
    if not text.strip():
        return ""
    return _SERVICES_BY_KEY.get(_service_key(text))


class ServiceArea(models.TextChoices):
    """The report's service areas (seed 001 Appendix B, Table 1)."""

    SOCIAL_CARE = "social_care", "Children's Social Care"
    EARLY_HELP = "early_help", "Early Intervention and Prevention"
    EDUCATION = "education", "Education and Skills"
    OTHER = "other", "Other"


class Complaint(models.Model):
    """One complaint from its receipt, whichever stage it has reached."""

    procedure = models.CharField(max_length=10, choices=Procedure.choices)
    received = models.DateField("Date received")
    #: When the complainant was told the complaint is received (its own clock: clocks.ACK_RULE).
    acknowledged = models.DateField("Date acknowledged", null=True, blank=True)
    complainant_name = models.CharField(max_length=120)
    complainant_type = models.CharField(max_length=30, choices=ComplainantType.choices)
    advocate = models.BooleanField(
        "An advocate acts for the child", default=False, help_text="For example a Barnardo's advocate."
    )
    #: The children the complaint concerns. Linked records: opening the complaint logs a view of each.
    children = models.ManyToManyField("people.Child", blank=True, related_name="complaints")
    team = models.ForeignKey("people.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    service_area = models.CharField(max_length=20, choices=ServiceArea.choices)
    head_of_service = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.TextField("What the complaint is about")
    learning = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: Moved on by every change to the complaint itself (acknowledgement, learning, a stage asked
    #: for), so a form opened before someone else's save is refused rather than saved over it.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-received", "-pk"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """The complaint's page (which asks the policy): where a learning action's "From" leads."""
        from django.urls import reverse

        return reverse("complaints-complaint", args=[self.pk])

    @property
    def reference(self) -> str:
        """A reference that names nobody, for pages, URLs and letters."""
        return f"CMP-{self.pk:05d}"

    @property
    def acknowledged_words(self) -> str:
        """The acknowledgement's date as the pages say it ("10 Apr 2024"), or "" before it."""
        return day_words(self.acknowledged) if self.acknowledged else ""

    @property
    def latest_stage_words(self) -> str:
        """Where the complaint has got to, for a clash message: "Stage 2: Escalation declined"."""
        stages = list(self.stages.all())
        if not stages:
            return ""
        last = max(stages, key=lambda s: (s.number, s.pk))
        return f"Stage {last.number}: {last.get_status_display()}"


class Stage(models.Model):
    """One stage of a complaint (or a declined request for one) with its clock, author and outcome."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    #: When this stage's clock starts: receipt for stage 1, the escalation request for stages 2 and 3.
    started = models.DateField()
    status = models.CharField(max_length=10, choices=StageStatus.choices, default=StageStatus.OPEN)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_stages",
        help_text="The named response author (team manager, senior manager or investigator).",
    )
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    responded = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    response_letter = models.TextField(blank=True)
    declined_reason = models.TextField(blank=True, help_text="Why the escalation was declined.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Moved on by every change to the stage (its author, extension or response): see Complaint.version.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["complaint_id", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=3), name="complaint_stage_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} stage {self.number}"

    @property
    def author_name(self) -> str:
        """The investigator or response author as the page names them, or "" when nobody is named."""
        if self.author is None:
            return ""
        return self.author.get_full_name() or self.author.get_username()

    @property
    def extension_words(self) -> str:
        """The extension as the page says it ("28 Mar 2024: Leave"), or "" when not extended."""
        return f"{day_words(self.extended_on)}: {self.extension_reason}" if self.extended_on else ""

    @property
    def response_words(self) -> str:
        """The response as the page says it ("9 Apr 2024, Not upheld"), or "" before it is sent."""
        return f"{day_words(self.responded)}, {self.get_outcome_display()}" if self.responded else ""


class ComplimentFrom(models.TextChoices):
    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person"
    PROFESSIONAL = "professional", "Professional"
    FOSTER_CARER = "foster_carer", "Foster carer"
    OTHER = "other", "Other"


class Compliment(models.Model):
    """A compliment, recorded against the team it praises."""

    received = models.DateField()
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    #: The annual report lists compliments to social care teams and to early intervention teams apart.
    service_area = models.CharField(
        max_length=20, choices=ServiceArea.choices, default=ServiceArea.SOCIAL_CARE
    )
    from_type = models.CharField("From", max_length=20, choices=ComplimentFrom.choices)
    summary = models.TextField("What they said")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received", "-pk"]

    def __str__(self) -> str:
        return f"Compliment {self.pk} ({self.received})"


class MembersEnquiry(models.Model):
    """A councillor's enquiry on behalf of a constituent, answered within 5 working days."""

    received = models.DateField()
    member = models.CharField("Councillor", max_length=120)
    team = models.ForeignKey("people.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("What the member asks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received", "-pk"]
        verbose_name_plural = "members' enquiries"

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ME-{self.pk:05d}"


class LearningLink(models.Model):
    """A complaint's learning action linked to the plan it serves: a line of an improvement plan, or
    an action of the QA action plan (issue 21 point 1: "linked to the improvement or QA plan").

    Why a link and not a second action: the learning action stays the complaint's, owned and closed
    in the one tracker; the plan line or QA action keeps its own owner and RAG. The link is what lets
    the complaint page name the plan line, and the plan side list the complaints' learning that feeds
    it. Exactly one of the two targets is set.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="learning_links")
    learning = models.OneToOneField(
        "actions.Action", on_delete=models.PROTECT, related_name="complaint_learning_link"
    )
    plan_action = models.ForeignKey(
        "improvement.PlanAction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_learning_links",
        help_text="The improvement-plan line the learning serves.",
    )
    qa_action = models.ForeignKey(
        "actions.Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_learning_links",
        help_text="The QA action plan's action the learning serves.",
    )
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan_action__isnull=False, qa_action__isnull=True)
                | models.Q(plan_action__isnull=True, qa_action__isnull=False),
                name="learning_link_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} learning link {self.pk}"

    @property
    def target_words(self) -> str:
        """The plan side in words: "Improvement plan title, T1: text" or "QA action plan: what"."""
        if self.plan_action_id is not None:
            line = self.plan_action
            return f"{line.plan.title}, {line.ref}: {line.text}"  # type: ignore[union-attr]
        return f"QA action plan ({self.qa_action.source_label}): {self.qa_action.what}"  # type: ignore[union-attr]
