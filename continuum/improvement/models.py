"""Strategic plans as records: a RAG key, priorities, objectives, actions, their RAG history and measures.

Why the app is called ``improvement`` and not ``plans``: "plan" in this
system already means a child's CIN, CP or pathway plan (continuum/web/children/
plans.py); these are an organisation's plans (the Ofsted improvement plan,
the community safety partnership's action plan), and the improvement plan is
the first of them. Nothing here is specific to it: a plan names its owner body
and area and its own RAG key (held as data, one per plan), so another council's
key or the partnership's fits without code.

Each plan action is also an :class:`continuum.actions.models.Action` of the one
action tracker (its ``action``, whose source is the plan action), so it shows in
its lead's "My actions" with the one overdue rule, beside QA and board actions.

A plan action's RAG is a list of append-only :class:`RagChange` rows, each with
the day it took effect, who recorded it, when, and why; ``PlanAction.rag`` is
the latest, kept alongside for lists. The state of the plan at any past day is
the last change on or before that day (``selectors.state_at``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from continuum.actions.models import AppendOnly
from continuum.core.dates import day_words


class RagKey(models.Model):
    """A set of RAG levels with their meanings: the seed's C/G/A/R, or a council's or partnership's own."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class RagLevel(models.Model):
    """One level of a key. ``order`` runs from best (completed) to worst; a move to a higher order slipped."""

    key = models.ForeignKey(RagKey, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(max_length=4)
    label = models.CharField(max_length=60)
    meaning = models.CharField(max_length=300)
    colour = models.CharField(
        max_length=20, help_text='A GOV.UK tag colour: "green", "yellow", "red", "blue".'
    )
    order = models.PositiveSmallIntegerField()
    reason_required = models.BooleanField(default=False, help_text="A move to this level must say why.")
    off_track = models.BooleanField(default=False, help_text="Reported as off track, with its mitigation.")
    done = models.BooleanField(
        default=False, help_text="The action is complete (its tracker action is done)."
    )

    class Meta:
        ordering = ["key", "order"]
        constraints = [
            models.UniqueConstraint(fields=["key", "code"], name="raglevel_unique_code"),
            models.UniqueConstraint(fields=["key", "order"], name="raglevel_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"


class Plan(models.Model):
    """An organisation's plan: who owns it (a body and area), who may edit it, its RAG key and its span."""

    title = models.CharField(max_length=200)
    owner_body = models.CharField(max_length=200, help_text='The body that owns it ("Children\'s Services").')
    area = models.CharField(max_length=200, blank=True, help_text='The area it covers ("Family Services").')
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        help_text="The person who keeps the plan: may edit it and record any action's RAG.",
    )
    rag_key = models.ForeignKey(RagKey, on_delete=models.PROTECT, related_name="plans")
    starts = models.DateField()
    ends = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="plan_span")
        ]

    def __str__(self) -> str:
        return self.title


class PlanLead(models.Model):
    """Initials as the plan writes them ("TMcE"), resolved to a person who can own tracker actions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="leads")
    initials = models.CharField(max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "initials"], name="planlead_unique")]

    def __str__(self) -> str:
        return self.initials


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300, help_text="As the plan heads it.")
    fix = models.TextField("What do we need to fix?", blank=True)
    change = models.TextField("What do we need to change?", blank=True)
    want_to_see = models.TextField("What do we want to see?", blank=True)
    lead = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every edit, so a save made from an older page is refused."
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="priority_unique_number")]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every edit, so a save made from an older page is refused."
    )

    class Meta:
        ordering = ["priority", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanAction(models.Model):
    """A line of the plan: its ID in the plan's scheme, what, lead, delivery date, RAG, its tracker action.

    Kept apart from the tracker's Action so a plan can say things the tracker does not (its ID, RAG).
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="plan_actions")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_actions")
    ref = models.CharField("ID", max_length=20, help_text='The plan\'s own ID: "T1", "4a(iv)".')
    order = models.PositiveIntegerField(help_text="Its line in the plan.")
    text = models.TextField()
    lead_text = models.CharField(max_length=60, help_text="The lead as the plan writes it (initials).")
    leads = models.ManyToManyField(PlanLead, related_name="plan_actions")
    delivery_text = models.CharField(max_length=60, help_text='As written: "October 2017", "Quarterly".')
    delivery = models.DateField(help_text="The month ending the plan gives (or the plan's end, if none).")
    rag = models.ForeignKey(RagLevel, on_delete=models.PROTECT, related_name="+")
    action = models.OneToOneField(
        "actions.Action", on_delete=models.PROTECT, related_name="plan_action", null=True, blank=True
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every edit, so a save made from an older page is refused."
    )

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="planaction_unique_ref"),
            models.UniqueConstraint(fields=["plan", "order"], name="planaction_unique_order"),
        ]

    def __str__(self) -> str:
        return self.ref

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("improvement-action", args=[self.plan_id, self.pk])

    @property
    def due(self) -> date:
        """The line's one due date: its tracker action's, which "My actions", the overdue rule and
        a new due date set in the tracker all use; the plan's month ending only for a line with no
        tracker action. Why: the plan showing its own date after the tracker moved it said two things."""
        return self.action.due_date if self.action is not None else self.delivery

    @property
    def due_moved(self) -> bool:
        """Whether the due date was moved in the tracker away from the month the plan's delivery names."""
        return self.due != self.delivery

    @property
    def delivery_words(self) -> str:
        """The delivery as the plan page, the dashboard and the committee report show it:
        "March 2027 (due 31 Mar 2027)", or once the tracker moved it "Due 1 Jan 2020, moved in the
        action tracker (the plan said "march 2027")", so no page shows a date the tracker no longer holds."""
        due = day_words(self.due)
        if self.due_moved:
            return f"Due {due}, moved in the action tracker (the plan said \u201c{self.delivery_text}\u201d)"
        return f"{self.delivery_text[:1].upper()}{self.delivery_text[1:]} (due {due})"


class RagChange(AppendOnly):
    """One RAG rating of a plan action: the level, the day it took effect, who recorded it and why."""

    plan_action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="rag_history")
    level = models.ForeignKey(RagLevel, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(help_text="The day the rating took effect.")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, help_text="Why; for an off-track level, the plan to recover.")

    class Meta:
        ordering = ["plan_action", "on", "pk"]
        indexes = [models.Index(fields=["plan_action", "on"], name="ragchange_action_on_idx")]

    def __str__(self) -> str:
        return f"{self.plan_action_id} {self.on}"


class PlanEdit(AppendOnly):
    """One change to a plan's wording made in the web: which record, which field, from what to what,
    who, when and why. Append-only (also in the database), like the RAG history, so the plan's
    history says who rewrote an action or moved its date, not only who re-rated it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="edits")
    record_type = models.CharField(max_length=20, help_text='"priority", "objective" or "action".')
    record_id = models.PositiveBigIntegerField()
    record_label = models.CharField(max_length=80, help_text='As the plan names it: "Priority 2", "T1".')
    field = models.CharField(max_length=80, help_text='The field in words, or "Added".')
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "at", "pk"]
        indexes = [models.Index(fields=["plan", "record_type", "record_id"], name="planedit_record_idx")]

    def __str__(self) -> str:
        return f"{self.record_label}: {self.field}"


class PlanMeasure(models.Model):
    """An indicator code from the library whose figure shows whether a plan action is making a difference."""

    plan_action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="measures")
    indicator = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan_action", "indicator"], name="planmeasure_unique")
        ]

    def __str__(self) -> str:
        return self.indicator


class CommitteeReport(models.Model):
    """A committee report as issued: its day, so the next report can say what changed since."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    as_of = models.DateField()
    since = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "as_of", "pk"]

    def __str__(self) -> str:
        return f"Report on {self.plan_id} at {self.as_of}"
