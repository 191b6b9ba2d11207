"""The narrative of a casework record: what happened and the child's voice, as a case note about it.

Visits, assessments, core groups and reviews are recorded with their DfE
fields by their own forms; the words (what happened, what the child said,
wished and felt) are a case note linked to the record (``NoteAbout``), so
they are versioned, corrected with a reason, searchable and logged like any
note, and the child's voice keeps its own field (issue 18 point 1).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.db import models, transaction

from continuum.core import clock
from continuum.core.timescales import LOCAL_ZONE
from continuum.people.models import Child
from continuum.practice import services as notes
from continuum.practice.models import CaseNote, NarrativeOf, NoteAbout, NoteType

NOTE_TYPES = {
    NarrativeOf.VISIT: NoteType.VISIT,
    NarrativeOf.ASSESSMENT: NoteType.OTHER,
    NarrativeOf.CORE_GROUP: NoteType.MEETING,
    NarrativeOf.CP_REVIEW: NoteType.MEETING,
    NarrativeOf.CLA_REVIEW: NoteType.MEETING,
}
LEADS = {
    NarrativeOf.VISIT: "Visit",
    NarrativeOf.ASSESSMENT: "Assessment analysis",
    NarrativeOf.CORE_GROUP: "Core group",
    NarrativeOf.CP_REVIEW: "Child protection review",
    NarrativeOf.CLA_REVIEW: "Looked-after review",
}


@transaction.atomic
def write_narrative(
    *,
    child: Child,
    about: str,
    record: models.Model,
    on: date,
    what_happened: str,
    childs_voice: str = "",
    present: str = "",
    by: User,
) -> CaseNote | None:
    """The record's narrative as a note about it; nothing when both fields are empty."""
    if not what_happened.strip() and not childs_voice.strip():
        return None
    at = min(datetime.combine(on, time(12, 0), tzinfo=LOCAL_ZONE), clock.now())
    note = notes.write_note(
        child=child,
        note_type=NOTE_TYPES[NarrativeOf(about)],
        occurred_at=at,
        present=present,
        what_happened=what_happened.strip() or f"{LEADS[NarrativeOf(about)]}: see the child's voice.",
        childs_voice=childs_voice,
        by=by,
    )
    NoteAbout.objects.create(note=note, record_type=about, record_id=record.pk)
    return note


def narratives(about: str, record_ids: list[int]) -> dict[int, CaseNote]:
    """The latest narrative note for each record, by record id (one query)."""
    rows = NoteAbout.objects.filter(record_type=about, record_id__in=record_ids).select_related("note")
    return {row.record_id: row.note for row in rows.order_by("note_id")}
