"""What the casework forms of every stage share: yes/no questions, edit forms, times and postcodes.

Forms that change an existing record inherit :class:`EditForm`, which carries
the version the user saw and what the page showed, so a clash with someone
else's save can say what changed. The GOV.UK pieces themselves (dates, text,
choices) are :mod:`continuum.web.govuk`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.core import signing
from django.db import models
from django.utils import timezone

from continuum.core.dates import day_words, moment_words
from continuum.web.govuk.fields import POSTCODE_RE, choice_field, text_field
from continuum.web.govuk.forms import GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message},
    )


def as_bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


_SEEN_SALT = "continuum.children.seen"


def _blank(value: Any) -> bool:
    """Nothing recorded: None, blank text or an empty list; never False or 0, which are answers."""
    return value is None or (isinstance(value, (str, list, tuple)) and not value)


def _state(value: Any) -> str:
    """A field's value as the token keeps it: False is "no", not blank, so a change to or from it shows."""
    if _blank(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def seen_token(obj: Any, fields: dict[str, str]) -> str:
    return signing.dumps({f: _state(getattr(obj, f)) for f in fields}, salt=_SEEN_SALT)


def _shown(obj: Any, field: str) -> str:
    """A field's value as the clash message says it: "Yes"/"No" for a yes/no, the choice's label,
    a date in words ("7 Dec 2026", never ISO); "not set" only for nothing at all (None or blank),
    never for a False."""
    value = getattr(obj, field)
    if _blank(value):
        return "not set"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, datetime):
        return moment_words(value)
    if isinstance(value, date):
        return day_words(value)
    return str(value)


def what_changed(token: str, obj: Any, fields: dict[str, str]) -> list[str]:
    """Plain descriptions of the fields someone else changed since the page was opened."""
    try:
        seen = signing.loads(token, salt=_SEEN_SALT)
    except signing.BadSignature:
        return []
    return [
        f"{label} is now: {_shown(obj, field)}"
        for field, label in fields.items()
        if seen.get(field, "") != _state(getattr(obj, field))
    ]


class ModelChoice(forms.ChoiceField):
    """A choice among a few of the child's own records, by id (refuses any other id)."""

    def __init__(self, *, label: str, rows: list[tuple[Any, str]], message: str, required: bool) -> None:
        self.rows = {str(obj.pk): obj for obj, _ in rows}
        choices = ([] if required else [("", "Not specified")]) + [(str(obj.pk), text) for obj, text in rows]
        if required:
            choices = [("", "Choose one"), *choices]
        super().__init__(
            label=label, choices=choices, required=required, error_messages={"required": message}
        )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.rows.get(value) if value else None


def optional(label: str, choices: list[tuple[str, str]], blank: str = "Not recorded") -> forms.ChoiceField:
    return choice_field(label, choices, "", required=False, blank=blank)


def radios(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": message}
    )


def postcode(label: str) -> forms.CharField:
    return text_field(label, required=False, max_length=8)


def clean_postcode(form: forms.Form, name: str) -> str:
    value = form.cleaned_data.get(name, "").strip().upper()
    if value and not POSTCODE_RE.match(value):
        what = str(form.fields[name].label).removesuffix(" (optional)")
        form.add_error(name, f"Enter a real {what[0].lower() + what[1:]}, like SE1 7QP")
    return value


class EditForm(GovukForm):
    """A form that changes a record someone else may change too.

    It carries the version the user saw; the service refuses a save against
    a newer version (:mod:`continuum.core.versions`). ``seen_fields`` name what the page showed, so the clash
    can be explained field by field rather than by "try again".
    """

    seen_fields: ClassVar[dict[str, str]] = {}

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def version_of(record: Any) -> int:
        """The number the service compares to refuse a stale save: a record's ``version``.

        A form over a record numbered some other way (a case note's versions) says so here.
        """
        return int(record.version)

    @classmethod
    def opening(cls, record: models.Model, **kwargs: Any) -> EditForm:
        """The form for ``record`` as it stands now (with any ``initial`` answers given)."""
        initial = {
            **kwargs.pop("initial", {}),
            "version": cls.version_of(record),
            "seen_state": seen_token(record, cls.seen_fields),
        }
        return cls(initial=initial, **kwargs)

    def catch_up(self, record: models.Model) -> list[str]:
        """After a clash: what changed, and move the form on to the current version.

        Everything the user typed stays; saving again is then a deliberate
        choice made with the other person's changes in view. A form with a prefix (a page holding
        several, as a complaint's) posts its hidden fields as "author-version" and so on.
        """
        changes = what_changed(self.data.get(self.add_prefix("seen_state"), ""), record, self.seen_fields)
        self.resend_with(
            version=str(self.version_of(record)), seen_state=seen_token(record, self.seen_fields)
        )
        return changes

    def clash(self, refusal: Exception, record: models.Model, against: str) -> str:
        """The sentence for a save refused over someone else's: the refusal, what they changed, and
        that what was typed is kept (the form moves on to ``record``'s version, see :meth:`catch_up`)."""
        changes = self.catch_up(record)
        what = ": " + "; ".join(changes) if changes else ""
        return f"{refusal}{what}. What you entered is kept: check it against {against}, then save again."


def at(day: date | None, clock: time | None) -> datetime | None:
    """The local moment of ``day`` at ``clock``, or None when either is missing."""
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))
