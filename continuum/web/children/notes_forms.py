"""Case note forms: a note, a correction (the same questions plus why), and the search within a child."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django import forms

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

    @staticmethod
    def answers(version: CaseNoteVersion) -> dict[str, Any]:
        """What ``version`` says, as the form's answers (the time in local time)."""
        local = version.occurred_at.astimezone(LOCAL_ZONE)
        return {
            "note_type": version.note_type,
            "occurred_on": local.date(),
            "occurred_time": f"{local:%H:%M}",
            "present": version.present,
            "what_happened": version.what_happened,
            "childs_voice": version.childs_voice,
        }

    def note_data(self) -> dict[str, Any]:
        """The cleaned answers as the service takes them (the date and time joined, in local time)."""
        data = self.cleaned_data
        return {
            "note_type": data["note_type"],
            "occurred_at": datetime.combine(data["occurred_on"], data["occurred_time"], tzinfo=LOCAL_ZONE),
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
    def from_version(cls, version: CaseNoteVersion) -> CorrectionForm:
        """The form showing the note as ``version`` reads, to be corrected against that version."""
        return cls.opening(version, initial=cls.answers(version))  # type: ignore[return-value]


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
