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
from continuum.core import clock


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


# --- What a note is about: the narrative of a visit, assessment, core group or review -----------------


class NarrativeOf(models.TextChoices):
    """The casework records whose narrative and child's voice are written as a note linked to them.

    A visit, an assessment, a core group or a review is recorded with its DfE
    fields by its own form; what happened and what the child said are a case
    note about that record, so they are versioned, searchable and logged like
    every note, with no second narrative mechanism.
    """

    VISIT = "visit", "Visit"
    ASSESSMENT = "assessment", "Assessment"
    CORE_GROUP = "core_group", "Core group"
    CP_REVIEW = "cp_review", "Child protection review"
    CLA_REVIEW = "cla_review", "Looked-after review"


class NoteAbout(AppendOnly):
    """Links a case note to the casework record it narrates (a visit, assessment, core group, review)."""

    note = models.OneToOneField(CaseNote, on_delete=models.PROTECT, related_name="about")
    record_type = models.CharField(max_length=20, choices=NarrativeOf.choices)
    record_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["record_type", "record_id"], name="noteabout_record_idx")]

    def __str__(self) -> str:
        return f"Note {self.note_id} about {self.record_type} {self.record_id}"


# --- Sign-off: the worker submits, a manager authorises or returns (issue 18 point 2) ---------------------


class SignOffKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    CIN_PLAN = "cin_plan", "Child in need plan"
    CP_PLAN = "cp_plan", "Child protection plan"
    CLOSURE = "closure", "Case closure"
    STEP_DOWN = "step_down", "Step-down to early help"


class SignOffStep(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for authorisation"
    RETURNED = "returned", "Returned with comments"
    AUTHORISED = "authorised", "Authorised"


class SignOff(AppendOnly):
    """One piece of work put up for a manager's authorisation; where it stands is its latest step.

    ``record_id`` is the assessment's, plan's or referral's (for closure and
    step-down) internal number. The steps are never changed: a return and a
    resubmission are new rows, so the trail of who asked, who answered and
    what they said is the record's management footprint.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="sign_offs")
    kind = models.CharField(max_length=20, choices=SignOffKind.choices)
    record_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "record_id"], name="signoff_record_idx")]

    def __str__(self) -> str:
        return f"Sign-off {self.pk} ({self.kind} {self.record_id})"


class SignOffEvent(AppendOnly):
    """One step of a sign-off: submitted (with what the worker proposes), returned or authorised."""

    sign_off = models.ForeignKey(SignOff, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=20, choices=SignOffStep.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The service's ``clock.now()``, so the authorisation clock runs on the same "now" as every tray.
    at = models.DateTimeField(default=clock.now)
    comments = models.TextField(blank=True, help_text="The worker's summary, or the manager's comments.")
    proposed = models.JSONField(
        default=dict, blank=True, help_text="What the worker put up (applied to the record on authorisation)."
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Sign-off {self.sign_off_id}: {self.step}"


# --- Supervision (issue 18 point 4) ---------------------------------------------------------------------


class Supervision(AppendOnly):
    """A reflective supervision session with one worker, as recorded by their supervisor."""

    worker = models.ForeignKey("people.Worker", on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    reflection = models.TextField(
        blank=True, help_text="The reflective discussion: the worker's practice, learning and wellbeing."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["worker", "held_on"], name="supervision_worker_idx")]

    def __str__(self) -> str:
        return f"Supervision {self.pk} of worker {self.worker_id} on {self.held_on}"


class SupervisionChild(AppendOnly):
    """A child discussed in supervision: what was discussed and decided, copied to the child's record."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="children")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    discussion = models.TextField(blank=True)
    decisions = models.TextField()
    note = models.OneToOneField(CaseNote, on_delete=models.PROTECT, related_name="supervision_child")

    def __str__(self) -> str:
        return f"Child {self.child_id} in supervision {self.supervision_id}"


# --- Warnings on a child and saved drafts (issue 18 point 1) ---------------------------------------------


class WarningType(models.Model):
    """A kind of warning a council shows on a child's record: a setting, edited in the admin."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChildWarning(models.Model):
    """A warning on a child (risk to staff, do not disclose address, ...), shown on every view of the child
    until its review date or its end, with who raised it."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="warnings")
    warning_type = models.ForeignKey(WarningType, on_delete=models.PROTECT, related_name="+")
    details = models.TextField(blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    review_on = models.DateField(null=True, blank=True, help_text="Shown until this date unless reviewed.")
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["child", "ended_on"], name="childwarning_child_idx")]

    def __str__(self) -> str:
        return f"Warning {self.pk} on child {self.child_id}"


class Draft(models.Model):
    """What one person has typed into one form so far, kept until they submit it.

    ``form_key`` names the form and its record ("case-note/child/12"). The data
    is kept as posted, unchecked, so nothing typed is lost to a crash, a
    timeout or a mistake the form refuses; submitting the form removes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=120)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "form_key"], name="draft_one_per_form")]

    def __str__(self) -> str:
        return f"Draft {self.form_key} of user {self.user_id}"
