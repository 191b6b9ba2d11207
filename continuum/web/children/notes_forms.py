"""Case note forms: a note, a correction (the same questions plus why), and the search within a child."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms

from continuum.core import clock
from continuum.core.timescales import LOCAL_ZONE
from continuum.practice.models import CaseNoteVersion, NoteType
from continuum.web.children.recording_forms import EditForm
from continuum.web.govuk.fields import GovukDateField, GovukTimeField
from continuum.web.govuk.forms import GovukForm


def _text(label: str, *, required: bool = False, message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=20_000,
        error_messages={"required": message, "max_length": f"{label} must be 20,000 characters or fewer"},
    )


def untimed_at(on: date) -> datetime:
    """Where a note given a date but no time is stored: noon that day, or now if that is still to
    come, as a casework record's narrative and a supervision's note are written
    (continuum/practice/narrative.py, supervision.py), so a correction of one keeps to the same rule."""
    return min(datetime.combine(on, time(12, 0), tzinfo=LOCAL_ZONE), clock.now())


class CaseNoteForm(GovukForm):
    non_field_anchor = "id_note_type_0"

    note_type = forms.ChoiceField(
        label="Type of note",
        choices=NoteType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of note"},
    )
    occurred_on = GovukDateField(label="Date")
    occurred_time = GovukTimeField(label="Time")
    present = _text("Who was present")
    what_happened = _text("What happened", required=True, message="Enter what happened")
    childs_voice = _text("The child's words, wishes and feelings")

    def __init__(
        self, *args: Any, oversees: bool, kept_type: str = "", untimed: bool = False, **kwargs: Any
    ) -> None:
        """``oversees``: whether the writer is a manager of the child's work (the policy's answer).

        Why: a management oversight note is the manager's recorded direction on the case, and an
        inspector reads it as such; one written by the worker would pass for oversight that never
        happened. So others are not offered the type, and one posted anyway is refused as a choice
        not offered. ``kept_type`` is a corrected note's own type, kept on offer so that correcting
        an existing oversight note does not force its type to change.

        ``untimed``: the note was recorded with a date only (a visit's or meeting's narrative, a
        supervision's decisions: their records carry a day, not a time). It is stored at noon, so
        asking for its time would offer that invented "12:00" to be saved as if someone had typed
        it; the form asks for the date alone and the correction stays dated only.
        """
        super().__init__(*args, **kwargs)
        self.untimed = untimed
        if untimed:
            del self.fields["occurred_time"]
        if not oversees and kept_type != NoteType.MANAGEMENT_OVERSIGHT:
            field = self.fields["note_type"]
            field.choices = [  # type: ignore[attr-defined]
                choice for choice in NoteType.choices if choice[0] != NoteType.MANAGEMENT_OVERSIGHT
            ]
            field.error_messages["invalid_choice"] = (
                "Select the type of note: a management oversight note is written by a team manager "
                "or head of service"
            )

    @staticmethod
    def answers(version: CaseNoteVersion, *, untimed: bool = False) -> dict[str, Any]:
        """What ``version`` says, as the form's answers (the time in local time; none for an
        ``untimed`` note, whose stored time nobody gave)."""
        local = version.occurred_at.astimezone(LOCAL_ZONE)
        return {
            "note_type": version.note_type,
            "occurred_on": local.date(),
            **({} if untimed else {"occurred_time": f"{local:%H:%M}"}),
            "present": version.present,
            "what_happened": version.what_happened,
            "childs_voice": version.childs_voice,
        }

    def note_data(self) -> dict[str, Any]:
        """The cleaned answers as the service takes them (the date and time joined, in local time;
        an untimed note's date stored as such notes are, see :func:`untimed_at`)."""
        data = self.cleaned_data
        on = data["occurred_on"]
        return {
            "note_type": data["note_type"],
            "occurred_at": (
                untimed_at(on)
                if self.untimed
                else datetime.combine(on, data["occurred_time"], tzinfo=LOCAL_ZONE)
            ),
            "present": data.get("present", ""),
            "what_happened": data["what_happened"],
            "childs_voice": data.get("childs_voice", ""),
        }


class CorrectionForm(EditForm, CaseNoteForm):
    """A correction, carrying the version of the note it corrects.

    Two people correcting the same note at once would otherwise each save over
    what the other wrote unseen: the second is refused, shown what the first
    changed, and keeps everything they typed to save again deliberately.
    """

    seen_fields: ClassVar[dict[str, str]] = {
        "note_type": "Type of note",
        "present": "Who was present",
        "what_happened": "What happened",
        "childs_voice": "The child's words, wishes and feelings",
    }

    reason = _text("Why are you correcting the note?", required=True, message="Say why the note is corrected")

    @staticmethod
    def version_of(record: Any) -> int:
        """A note is numbered by its versions: the one corrected is the note as it reads now."""
        return int(record.number)

    @classmethod
    def from_version(
        cls, version: CaseNoteVersion, *, oversees: bool, untimed: bool = False
    ) -> CorrectionForm:
        """The form showing the note as ``version`` reads, to be corrected against that version."""
        return cls.opening(  # type: ignore[return-value]
            version,
            initial=cls.answers(version, untimed=untimed),
            oversees=oversees,
            kept_type=version.note_type,
            untimed=untimed,
        )


class NoteSearchForm(GovukForm):
    non_field_anchor = "id_words"

    words = forms.CharField(
        label="Search this child's notes",
        max_length=200,
        error_messages={
            "required": "Enter words to search for",
            "max_length": "Search words must be 200 characters or fewer",
        },
    )
