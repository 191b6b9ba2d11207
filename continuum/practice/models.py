"""Case notes: never deleted, corrected by a new version with a reason, every version kept.

A :class:`CaseNote` is the note's identity on the child's record; what it
says lives in its :class:`CaseNoteVersion` rows, the highest number being
what the note says now. A correction adds a version saying why; nothing is
updated or deleted (the model refuses, and so does the database), so the
history a manager, an IRO or a court reads is the history as written.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from continuum.actions.models import AppendOnly


class NoteType(models.TextChoices):
    VISIT = "visit", "Visit"
    DIRECT_WORK = "direct_work", "Direct work"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    OTHER = "other", "Other"


class CaseNote(AppendOnly):
    """A note on a child's record; what it says is in its versions."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="case_notes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["child", "created_at"], name="casenote_child_idx")]

    def __str__(self) -> str:
        return f"Case note {self.pk}"

    @property
    def current(self) -> CaseNoteVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class CaseNoteVersion(AppendOnly):
    """What a case note says, as written at one time; version 1 is the note, later ones corrections."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    note_type = models.CharField(max_length=30, choices=NoteType.choices)
    occurred_at = models.DateTimeField(help_text="When what the note records happened.")
    present = models.TextField(blank=True, help_text="Who was present.")
    what_happened = models.TextField()
    childs_voice = models.TextField(
        blank=True,
        help_text="The child's own words, wishes and feelings, kept apart from the worker's account.",
    )
    reason = models.TextField(
        blank=True, help_text="Why this version corrects the one before (empty for the first)."
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="casenote_version_unique"),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(reason=""), name="casenote_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Case note {self.note_id} version {self.number}"

    def field_values(self) -> dict[str, Any]:
        return {
            "note_type": self.note_type,
            "occurred_at": self.occurred_at,
            "present": self.present,
            "what_happened": self.what_happened,
            "childs_voice": self.childs_voice,
        }
