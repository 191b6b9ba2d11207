"""Writing case notes: the only way a note or a correction is recorded.

Each write is one transaction, with its line in the child's chronology. A correction is a new version with its
reason, numbered after the last under a row lock; a correction made against
a version someone else has since corrected is refused (``expected_version``),
so neither person's words are replaced unseen.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from continuum.actions.services import ActionRuleError
from continuum.core import clock
from continuum.journey.errors import ConcurrentChangeError
from continuum.journey.services._base import begin
from continuum.people.models import Child
from continuum.practice.models import CaseNote, CaseNoteVersion, NoteType


def _check(note_type: str, occurred_at: datetime, what_happened: str) -> None:
    if note_type not in NoteType.values:
        raise ActionRuleError("Select the type of note", rule="note")
    if occurred_at > clock.now():
        raise ActionRuleError("The date and time cannot be in the future", rule="note")
    if not what_happened.strip():
        raise ActionRuleError("Enter what happened", rule="note")


@transaction.atomic
def write_note(
    *,
    child: Child,
    note_type: str,
    occurred_at: datetime,
    what_happened: str,
    present: str = "",
    childs_voice: str = "",
    by: User,
) -> CaseNote:
    """A new case note on the child's record (its version 1)."""
    _check(note_type, occurred_at, what_happened)
    step = begin("write_case_note", "write a case note", child=child, by=by)
    note = CaseNote.objects.create(child=child, created_by=by)
    CaseNoteVersion.objects.create(
        note=note,
        number=1,
        note_type=note_type,
        occurred_at=occurred_at,
        present=present.strip(),
        what_happened=what_happened.strip(),
        childs_voice=childs_voice.strip(),
        written_by=by,
    )
    # The chronology names the note, never its words (they stay on the note); and a child with a note
    # is a child recorded on by hand, which a demo refresh keeps (continuum/synth/refresh.py).
    step.record(
        what=f"Case note written: {NoteType(note_type).label.lower()}",
        record=note,
        occurred_on=occurred_at,
        after={"note_type": note_type},
    )
    return note


@transaction.atomic
def correct_note(
    note: CaseNote,
    *,
    note_type: str,
    occurred_at: datetime,
    what_happened: str,
    reason: str,
    present: str = "",
    childs_voice: str = "",
    by: User,
    expected_version: int | None = None,
) -> CaseNoteVersion:
    """Correct a note: a new version saying why; the earlier versions stay as written.

    ``expected_version`` is the number of the version the corrector read: if someone else has
    corrected the note since, the correction is refused rather than silently written over theirs.
    """
    if not reason.strip():
        raise ActionRuleError("Say why the note is corrected", rule="note")
    _check(note_type, occurred_at, what_happened)
    step = begin("correct_case_note", "correct a case note", child=note.child_id, by=by)
    CaseNote.objects.select_for_update().get(pk=note.pk)
    last = note.versions.order_by("-number").first()
    number = (last.number if last else 0) + 1
    if expected_version is not None and number - 1 != expected_version:
        raise ConcurrentChangeError(child_ref=step.child_ref, step=step.name, record="case note")
    version = CaseNoteVersion.objects.create(
        note=note,
        number=number,
        note_type=note_type,
        occurred_at=occurred_at,
        present=present.strip(),
        what_happened=what_happened.strip(),
        childs_voice=childs_voice.strip(),
        reason=reason.strip(),
        written_by=by,
    )
    step.record(
        what=f"Case note corrected: version {number}",
        record=note,
        occurred_on=occurred_at,
        after={"version": number},
    )
    return version
