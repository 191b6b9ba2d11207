"""Quality assurance records: audit tools, case audits and their cycle, thematic audits, practice reviews,
Section 11 campaigns.

Why these shapes:

* An audit tool (:class:`AuditTool`) is data, a versioned list of sections and questions, so QA officers
  change the questions without code; an audit keeps the exact version it was done with, so last year's
  answers still read against last year's questions.
* A case audit is of one child (or one contact, for the front door) *at a date*: the auditor reads the
  record as it stood then (the chronology cut at that date), and the audit keeps what the auditor relied
  on in its own answers; Continuum does not reconstruct every field's past value.
* The moderated grade sits beside the auditor's, never over it, so the agreement rate can be counted.
* Actions (agreed at the reflective discussion, set for immediate harm, practice-review recommendations,
  thematic findings) are rows of the one action tracker (``continuum.actions``) with the audit or review
  as their source: together they are the one QA action plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Grade(models.TextChoices):
    """Ofsted's four grades, best first (the order is the rank used in figures)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


#: Grades counted as "Good or better" (the indicator and the annual report's headline).
GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


class AuditKind(models.TextChoices):
    CASE_FILE = "case_file", "Monthly case-file audit"
    FRONT_DOOR = "front_door", "MASH threshold audit"
    MULTI_AGENCY = "multi_agency", "Multi-agency audit"
    THEMATIC = "thematic", "Thematic audit"
    DIP_SAMPLE = "dip_sample", "Dip sample"
    RE_AUDIT = "re_audit", "Re-audit of action progress"


#: What an audit tool is for: a kind of case audit, or a partners' safeguarding checklist (the VCFS
#: questions), which is answered by organisations in a campaign, never of a child.
CHECKLIST_KIND = "checklist"
TOOL_KINDS = [*AuditKind.choices, (CHECKLIST_KIND, "Safeguarding checklist for partner organisations")]


class AuditTool(models.Model):
    """One version of an audit tool: its sections and questions as data (see :mod:`.tools`).

    A change is a new version (``version`` + 1) and the old one stays, because completed audits
    point at the version they were done with.
    """

    code = models.SlugField(max_length=40, help_text="Stable name of the tool across versions.")
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=TOOL_KINDS)
    sections = models.JSONField(help_text="Sections with their questions; see continuum/assurance/tools.py.")
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="audit_tool_version_once")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class AuditProgramme(models.Model):
    """A month's programme: which teams, how many cases, and the seed that makes the sample reproducible."""

    month = models.DateField(unique=True, help_text="The first day of the month audited.")
    target = models.PositiveIntegerField(help_text="How many cases to audit this month.")
    teams = models.ManyToManyField("people.Team", related_name="+", blank=True)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="+")
    seed = models.PositiveIntegerField(help_text="The random seed of the proposed sample.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Case audit programme {self.month:%B %Y}"


class ThematicAudit(models.Model):
    """A thematic or multi-agency audit: a theme, its question set, a sample, auditors from named agencies,
    findings and recommendations (whose actions go into the QA action plan)."""

    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20,
        choices=[
            (AuditKind.THEMATIC.value, "Thematic audit"),
            (AuditKind.MULTI_AGENCY.value, "Multi-agency"),
        ],
    )
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="+")
    agencies = models.TextField(blank=True, help_text="The agencies taking part, one a line.")
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="thematic_audits", blank=True)
    started_on = models.DateField()
    findings = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where an action from this theme links back to (the actions page's "From")."""
        from django.urls import reverse

        return reverse("assurance-theme", args=[self.pk])

    def agency_lines(self) -> list[str]:
        return [line.strip() for line in self.agencies.splitlines() if line.strip()]


class AuditStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ASSIGNED = "assigned", "Assigned"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FeedbackHow(models.TextChoices):
    VISIT = "visit", "On a visit"
    PHONE = "phone", "By phone"
    LETTER = "letter", "Letter or survey"
    MEETING = "meeting", "At a meeting or review"
    NOT_SOUGHT = "not_sought", "Not sought"


class CaseAudit(models.Model):
    """One case audit: of a child (or a contact) at a date, with grades, the immediate-harm check,
    the reflective discussion, the child's and family's feedback, and moderation beside it."""

    kind = models.CharField(max_length=20, choices=AuditKind.choices, default=AuditKind.CASE_FILE)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    programme = models.ForeignKey(
        AuditProgramme, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    thematic = models.ForeignKey(
        ThematicAudit, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="case_audits")
    contact = models.ForeignKey(
        "journey.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_audits",
        help_text="For a front-door audit: the contact audited.",
    )
    as_at = models.DateField(
        help_text="The record is read as it stood on this day (the chronology cut here)."
    )
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The team holding the case when it was sampled.",
    )
    case_holder = models.ForeignKey(
        "people.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(max_length=20, blank=True, help_text="The child's status when sampled.")
    added_by_hand = models.BooleanField(default=False)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="case_audits"
    )
    agency = models.CharField(max_length=120, blank=True, help_text="The auditor's agency (multi-agency).")
    status = models.CharField(max_length=12, choices=AuditStatus.choices, default=AuditStatus.PROPOSED)
    # The immediate-harm check comes first on every audit.
    immediate_harm = models.BooleanField(null=True)
    immediate_harm_note = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="Question key to answer and note.")
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    summary = models.TextField(blank=True, help_text="What the auditor relied on and concluded.")
    completed_on = models.DateField(null=True, blank=True)
    # The reflective discussion with the case holder.
    discussion_on = models.DateField(null=True, blank=True)
    discussion_with = models.CharField(max_length=200, blank=True)
    discussion_note = models.TextField(blank=True)
    # Feedback from the child and family.
    feedback_how = models.CharField(max_length=12, choices=FeedbackHow.choices, blank=True)
    feedback_from = models.CharField(max_length=200, blank=True)
    feedback_said = models.TextField(blank=True)
    # Moderation: beside the auditor's grade, never over it.
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_on = models.DateField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_at", "pk"]
        indexes = [
            models.Index(fields=["child", "as_at"], name="case_audit_child_idx"),
            models.Index(fields=["status", "completed_on"], name="case_audit_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | (Q(completed_on__isnull=False) & ~Q(overall_grade="")),
                name="case_audit_completed_has_grade",
            ),
            models.CheckConstraint(
                condition=Q(moderated_grade="") | Q(moderated_on__isnull=False),
                name="case_audit_moderation_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Case audit {self.pk}"

    def get_absolute_url(self) -> str:
        """Where an action from this audit links back to (the actions page's "From")."""
        from django.urls import reverse

        return reverse("assurance-audit", args=[self.pk])

    @property
    def grade_label(self) -> str:
        return Grade(self.overall_grade).label if self.overall_grade else ""


class SectionGrade(models.Model):
    """The auditor's grade for one section of the tool."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="section_grades")
    section = models.CharField(max_length=20, help_text="The section's key in the tool.")
    title = models.CharField(max_length=200)
    grade = models.CharField(max_length=24, choices=Grade.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["audit", "section"], name="section_graded_once")]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_grade_display()}"


class HarmAlert(models.Model):
    """Who was alerted to an immediate-harm finding, and when (at the moment the audit was saved)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="harm_alerts")
    to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    as_role = models.CharField(max_length=40, help_text='"Team manager" or "Head of service".')
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Alert {self.pk} on case audit {self.audit_id}"


class FollowUpReview(models.Model):
    """The follow-up review every Inadequate audit generates, due within the local setting's time,
    whose result is recorded against the original audit."""

    audit = models.OneToOneField(CaseAudit, on_delete=models.PROTECT, related_name="follow_up")
    due_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    result = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(grade=""), name="follow_up_done_has_grade"
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up of case audit {self.audit_id}"


class EarlierModeration(models.Model):
    """A moderation that a later one replaced, kept as it was: who moderated, when, the grade and why,
    and who replaced it and when. Why: a moderated grade is evidence of how well audits are graded
    (the agreement rate), so a changed mind is shown beside the first, never silently over it.
    Append-only, in the model and in the database (a trigger refuses UPDATE and DELETE)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="earlier_moderations")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(null=True, blank=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "pk"]

    def __str__(self) -> str:
        return f"Earlier moderation {self.pk} of case audit {self.audit_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("EarlierModeration is append-only: a change is a new row.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("EarlierModeration is append-only: rows are never deleted.")


def moderation_version(audit: CaseAudit) -> int:
    """How many times the audit has been moderated (its moderation's version): the earlier moderations
    kept, and the one standing. A form carries the number it showed, so a second moderator's save
    over a moderation they have not seen is refused rather than replacing it unseen."""
    return audit.earlier_moderations.count() + (1 if audit.moderated_grade else 0)


class ModerationSample(models.Model):
    """A month's moderation sample, chosen by Continuum: a share of each auditor's completed audits and
    every Inadequate one, drawn from a seed (see :func:`continuum.assurance.sampling.moderation_sample`).

    The picks are kept, with why each was picked, so the sample a QA officer works is the one drawn
    that day; the seed lets anyone draw it again from the same audits and get the same cases.
    """

    month = models.DateField(unique=True, help_text="The first day of the month whose audits are sampled.")
    share = models.PositiveSmallIntegerField(help_text="Percent of each auditor's audits drawn.")
    seed = models.PositiveIntegerField(help_text="The random seed of the draw.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Moderation sample {self.month:%B %Y}"


class PickReason(models.TextChoices):
    SHARE = "share", "Drawn from the auditor's audits"
    INADEQUATE = "inadequate", "Every Inadequate audit"


class ModerationPick(models.Model):
    """One audit in a moderation sample, and why it was picked."""

    sample = models.ForeignKey(ModerationSample, on_delete=models.CASCADE, related_name="picks")
    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="moderation_picks")
    reason = models.CharField(max_length=12, choices=PickReason.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["sample", "audit"], name="moderation_pick_once")]

    def __str__(self) -> str:
        return f"Case audit {self.audit_id} in {self.sample}"


# --- Practice reviews --------------------------------------------------------------------------------


class ReviewDecision(models.TextChoices):
    CSPR = "cspr", "Child Safeguarding Practice Review"
    LOCAL_LEARNING = "local_learning", "Local learning exercise"
    NO_FURTHER = "no_further", "No further review"


class ReviewStage(models.TextChoices):
    NOTIFIED = "notified", "Notified: rapid review due"
    DECIDED = "decided", "Rapid review held"
    UNDERWAY = "underway", "Review underway"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed: recommendations complete"


class PracticeReview(models.Model):
    """A serious incident notification and what followed: the rapid review (due within 15 working days,
    Working Together 2018), its decision, the review's progress and publication. Its recommendations are
    actions in the one tracker, each with an owner and evidence of completion."""

    reference = models.CharField(
        max_length=40, unique=True, help_text='The case as the board names it ("Child G").'
    )
    summary = models.TextField(help_text="What happened, without names.")
    notified_on = models.DateField(help_text="Serious incident notification to the national panel.")
    rapid_review_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    stage = models.CharField(max_length=12, choices=ReviewStage.choices, default=ReviewStage.NOTIFIED)
    published_on = models.DateField(null=True, blank=True)
    child = models.ForeignKey(
        "people.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The child, when on the record (the register never shows a name).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-notified_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(rapid_review_on__isnull=False),
                name="practice_review_decided_held",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """Where a recommendation's action links back to (the actions page's "From")."""
        from django.urls import reverse

        return reverse("assurance-review", args=[self.pk])


# --- Section 11 and VCFS checklists ------------------------------------------------------------------


class PartnerOrganisation(models.Model):
    """A partner agency or voluntary group asked for a Section 11 return or VCFS checklist."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=60, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="partner_organisations",
        blank=True,
        help_text="Who signs in for the organisation (partner members).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Section11Campaign(models.Model):
    """A round of Section 11 self-assessments (or the VCFS checklist): standards, returns, themes, panel."""

    title = models.CharField(max_length=200)
    checklist = models.CharField(
        max_length=10,
        choices=[("s11", "Section 11 self-assessment"), ("vcfs", "VCFS safeguarding checklist")],
        default="s11",
    )
    standards = models.JSONField(help_text="The standards, each with key and text.")
    opened_on = models.DateField()
    due_on = models.DateField()
    themes = models.TextField(blank=True, help_text="Common themes across the returns.")
    panel_on = models.DateField(null=True, blank=True, help_text="The challenge panel.")
    panel_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Section11Return(models.Model):
    """One organisation's return: a RAG and evidence per standard, then the board's feedback to it."""

    campaign = models.ForeignKey(Section11Campaign, on_delete=models.PROTECT, related_name="returns")
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="returns")
    ratings = models.JSONField(default=dict, blank=True, help_text="Standard key to RAG and evidence.")
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback = models.TextField(blank=True)
    feedback_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="section11_return_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.campaign}"
