"""The IRO's record of a looked-after review, and the dispute-resolution (escalation) log.

An IRO's duty (Care Planning Regulations 2010, reg 45; IRO Handbook 2010)
is to see that the plan meets the child's needs, to record the child's
participation and views, and to make recommendations; when a concern is not
resolved they escalate it through the council's dispute-resolution stages.
The stages are rows (:class:`EscalationStage`), not code: a council renames,
adds or re-times them. Each stage's clock is a timescale rule named by
``timescale_code``, so the due date is counted by the one clock engine
(:mod:`continuum.core.timescales`) and a council edits it in the same admin
as every other clock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from continuum.core.dates import day_words
from continuum.journey.models import CLAReview
from continuum.people.models import Child


class ReviewRecord(models.Model):
    """What the IRO wrote about one looked-after review: the child's participation and recommendations.

    Kept beside :class:`~continuum.journey.models.CLAReview` (the SSDA903
    row) rather than on it: the return needs only the date and participation
    code, the practice record needs the words.
    """

    review = models.OneToOneField(CLAReview, on_delete=models.PROTECT, related_name="iro_record")
    participation = models.TextField(
        "How the child took part", blank=True, help_text="In words: who they met, how their views were heard."
    )
    child_views = models.TextField("The child's words, wishes and feelings", blank=True)
    recommendations = models.TextField(
        "The IRO's recommendations", blank=True, help_text="One recommendation a line."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"IRO record of the review of {day_words(self.review.review)}"

    def recommendation_lines(self) -> list[str]:
        """The recommendations one a line, blank lines dropped, as the review page lists them."""
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]


class EscalationStage(models.Model):
    """One stage of the dispute-resolution process, in order; its clock is a timescale rule."""

    order = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    timescale_code = models.SlugField(
        max_length=60, help_text="Code of the timescale rule that says when this stage must be answered."
    )

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """A concern an IRO or chair raised about a child's plan, and how far it has gone.

    Never deleted: a resolved escalation keeps its stages and outcome, since
    the log is the evidence that the IRO challenged the plan.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="escalations")
    concern = models.TextField(help_text="What is wrong with the plan, and what the IRO asks for.")
    raised_on = models.DateField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"Escalation raised {day_words(self.raised_on)}"

    def current_step(self) -> EscalationStep | None:
        return self.steps.order_by("-stage__order", "-pk").first()


class EscalationStep(models.Model):
    """The escalation reaching one stage: when, addressed to whom, and the answer when it came."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="steps")
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    addressed_to = models.CharField(
        max_length=200, help_text="Who must answer at this stage, by role or name."
    )
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["stage__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["escalation", "stage"], name="escalation_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} from {day_words(self.started_on)}"


class ConferenceKind(models.TextChoices):
    INITIAL_CP = "icpc", "Initial child protection conference"
    REVIEW_CP = "rcpc", "Review child protection conference"
    CLA_REVIEW = "cla_review", "Looked-after review"


class ConferenceReport(models.TextChoices):
    """The reports a chair expects before a conference (Working Together 2018, chapter 1)."""

    SOCIAL_WORK = "social_work", "Social work report"
    PARENTS = "parents", "Parents' views"
    CHILD = "child", "The child's views"
    SCHOOL = "school", "School or nursery"
    HEALTH = "health", "Health (GP, health visitor, school nurse)"
    POLICE = "police", "Police"


class ConferenceBooking(models.Model):
    """A conference or review booked: when, who chairs, who is invited, which reports have come in.

    Apart from the SSDA903 and CIN rows the conference produces once held
    (``CLAReview``, ``Conference``): a booking is the work before and around
    them, and the chair's record (``outcome``, ``plan``) is in words.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="conference_bookings")
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    date = models.DateField()
    chair = models.ForeignKey(
        "people.Worker", on_delete=models.PROTECT, related_name="+", limit_choices_to={"role": "iro"}
    )
    invitees = models.TextField(help_text="One invitee a line: name, role or agency.")
    reports_received = models.JSONField(default=list, blank=True, help_text="ConferenceReport values.")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    held_on = models.DateField(null=True, blank=True)
    outcome = models.TextField("The conference's decision and why", blank=True)
    plan = models.TextField("The plan agreed (outcomes and who does what)", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The statutory record the held review made or was matched to (one each, never two bookings on one
    # record): what the clocks, the caseload and the returns count (oversight.services explains).
    cla_review = models.OneToOneField(
        CLAReview, null=True, blank=True, on_delete=models.PROTECT, related_name="booking"
    )
    cp_review = models.OneToOneField(
        "journey.Conference", null=True, blank=True, on_delete=models.PROTECT, related_name="booking"
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {day_words(self.date)}"

    @property
    def statutory_record(self) -> models.Model | None:
        """The looked-after review or review conference this booking's holding is recorded as, if any."""
        return self.cla_review or self.cp_review

    def invitee_lines(self) -> list[str]:
        return [line.strip() for line in self.invitees.splitlines() if line.strip()]

    def reports_labelled(self) -> list[tuple[str, bool]]:
        """Every expected report with whether it has come in, in the order the chair reads them."""
        received = set(self.reports_received)
        return [(label, value in received) for value, label in ConferenceReport.choices]
