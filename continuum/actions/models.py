"""Actions and their history: one model for every area that sets someone a task with a date.

Plan actions (CIN, CP and pathway plans) are the first users; QA, the
improvement plan, complaints and board action logs come later. So the record
an action came from is a generic link (content type and id) with a plain
English "from" label that a list can show without reading the source, and a
``child`` column when the source is part of a child's record, so that the
policy can ask about that child without knowing every kind of source.

An action's history is append-only: every change (created, status, due date,
owner) is a new :class:`ActionChange` row saying who, when and why; a row is
never updated or deleted, here or in the database (:class:`AppendOnly`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Outcome(models.Model):
    """What a plan aims to achieve for the child; its actions are the steps towards it."""

    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_outcomes"
    )
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source_type", "source_id"], name="outcome_source_idx")]

    def __str__(self) -> str:
        return f"Outcome {self.pk}"


class Action(models.Model):
    """One thing someone must do by a date, with where it came from."""

    what = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    status_date = models.DateField(
        null=True, blank=True, help_text="When the action was done or dropped (empty while open)."
    )
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(max_length=200, help_text='Where it came from, in words ("CP plan").')
    child = models.ForeignKey(
        "people.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The child whose record the source belongs to, if any: the policy asks about this child.",
    )
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_idx"),
            models.Index(fields=["source_type", "source_id"], name="action_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", status_date__isnull=True)
                | (~models.Q(status="open") & models.Q(status_date__isnull=False)),
                name="action_status_date_with_status",
            )
        ]

    def __str__(self) -> str:
        return f"Action {self.pk}"


class AppendOnly(models.Model):
    """A model whose rows are written once: saving an existing row or deleting one is refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} is append-only: a change is a new row.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"{type(self).__name__} is append-only: rows are never deleted.")


class ActionChange(AppendOnly):
    """One line of an action's history: who changed what, when, from what to what, and why."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=20, help_text='"created", "status", "due date" or "owner".')
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Change {self.pk} to action {self.action_id}"
