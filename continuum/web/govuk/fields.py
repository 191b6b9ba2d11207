"""GOV.UK fields: dates in three boxes, choices and text with errors that name the field.

Why the date is refused with its reason: GOV.UK wants the error to say *why*
("Date of birth must be a real date: February 2023 has 28 days") and which box
is wrong, so that a practitioner on the phone to a referrer can fix it at once.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, time
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from continuum.core import clock
from continuum.web.govuk.widgets import DATE_PARTS, MONTH_PARTS, DateInputWidget, MonthInputWidget

_MONTHS = tuple(calendar.month_name)
_F = TypeVar("_F", bound=forms.Field)
# A loose UK postcode pattern: GOV.UK advises accepting any reasonable format.
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE)


def enter_the_date(name: str) -> str:
    """The "nothing entered" message for a date, read as a sentence.

    Most date labels start "Date ..." ("Date the concern was raised"); a bare "Enter date the
    concern was raised" is not English, so those gain "the": "Enter the date the concern was
    raised". Words that already read as a noun phrase ("The date it is due by") keep theirs.
    """
    words = name[0].lower() + name[1:]
    if words.split(" ", 1)[0] == "date":
        words = f"the {words}"
    return f"Enter {words}"


class GovukDateField(forms.Field):
    """A date typed as day, month and year, refused with the reason when impossible.

    ``error_parts`` records which boxes were wrong, so the template can mark
    just those boxes and the error summary can link to the first of them.
    """

    widget = DateInputWidget
    #: The boxes, in the order they are drawn (the error summary links to the first wrong one).
    parts: tuple[str, ...] = DATE_PARTS
    #: What the errors call the value ("must be a real date"), and how a link made before the boxes
    #: wrote it (``continuum.web.govuk.days`` reads such links).
    noun = "date"
    #: Drawn without the day box (govuk/date_input.html): a month's field.
    month_only = False
    written = "YYYY-MM-DD"

    def __init__(self, *, label: str, past_only: bool = True, words: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.past_only = past_only
        #: How the errors name the date, when the label is a question that cannot ("By when?" would
        #: give "Enter by when?"): "The date it is due by" gives "Enter the date it is due by".
        self.words = words
        self.error_parts: tuple[str, ...] = ()

    def prepare_value(self, value: Any) -> dict[str, str]:
        if isinstance(value, date):
            return {part: str(getattr(value, part)) for part in self.parts}
        if isinstance(value, dict):
            return {part: value.get(part, "") for part in self.parts}
        return {part: "" for part in self.parts}

    def from_text(self, text: str) -> dict[str, str] | None:
        """The boxes a value written as :attr:`written` (an old link's ``2025-03-31``) stands for;
        None when it is no such date."""
        try:
            return self.prepare_value(date.fromisoformat(text))
        except ValueError:
            return None

    def enter(self, name: str) -> str:
        """The "nothing entered" message."""
        return enter_the_date(name)

    def clean(self, value: Any) -> date | None:
        self.error_parts = ()
        parts = self.prepare_value(value)
        # "Release date (optional) must be a real date" says "optional" where it means nothing.
        name = self.words or str(self.label).removesuffix(" (optional)")
        missing = [part for part in self.parts if not parts[part]]
        if len(missing) == len(self.parts):
            if self.required:
                self.error_parts = self.parts
                raise ValidationError(self.enter(name), code="required")
            return None
        if missing:
            self.error_parts = tuple(missing)
            raise ValidationError(f"{name} must include a {' and a '.join(missing)}", code="incomplete")
        bad = [part for part in self.parts if not parts[part].isdigit()]
        if bad:
            self.error_parts = tuple(bad)
            raise ValidationError(f"{name} must be a real {self.noun}, written in numbers", code="invalid")
        month, year = int(parts["month"]), int(parts["year"])
        if len(parts["year"]) != 4:
            self.error_parts = ("year",)
            raise ValidationError(f"Year in {name.lower()} must include 4 numbers", code="invalid")
        if not 1 <= month <= 12:
            self.error_parts = ("month",)
            raise ValidationError(
                f"{name} must be a real {self.noun}: the month must be between 1 and 12", code="invalid"
            )
        day = int(parts.get("day", "1"))
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            self.error_parts = ("day",)
            raise ValidationError(
                f"{name} must be a real date: {_MONTHS[month]} {year} has {last} days", code="invalid"
            )
        result = date(year, month, day)
        if self.past_only and result > clock.today():
            self.error_parts = self.parts
            now = "today" if "day" in self.parts else "this month"
            raise ValidationError(f"{name} must be {now} or in the past", code="future")
        if year < 1900:
            self.error_parts = ("year",)
            raise ValidationError(f"{name} must be after 1900", code="invalid")
        return result


class GovukMonthField(GovukDateField):
    """A month typed as month and year (GOV.UK's date input without the day), cleaned to its first day.

    Why a field of its own: a report's run of months ("April 2012 to September 2012") used to be
    typed as 2012-04 in one text box, unlike every other date in the app. The checks and their words
    are the date's (``Year in the first month must include 4 numbers``), less the day. A future
    month is allowed unless ``past_only`` says otherwise.
    """

    widget = MonthInputWidget
    parts = MONTH_PARTS
    noun = "month"
    month_only = True
    written = "YYYY-MM"

    def __init__(self, *, label: str, past_only: bool = False, words: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, past_only=past_only, words=words, **kwargs)

    def from_text(self, text: str) -> dict[str, str] | None:
        year, dash, month = text.partition("-")
        written = len(year) == 4 and len(month) == 2 and f"{year}{month}".isdigit()
        if not (dash and written and 1 <= int(month) <= 12):
            return None
        return {"month": str(int(month)), "year": year}

    def enter(self, name: str) -> str:
        words = name[0].lower() + name[1:]
        return f"Enter {words}" if words.startswith("the ") else f"Enter the {words}"


def govuk_options(field: _F, **options: Any) -> _F:
    """``field`` with how its GOV.UK template draws it (``width``, ``label_class``, ``inline``,
    ``rows``...), for a follow-up question drawn inside the answer that reveals it, where no page
    template names it. Returns the field, so it can be wrapped where it is declared."""
    field.govuk_options = options  # type: ignore[attr-defined]
    return field


def choice_field(
    label: str, choices: list[tuple[str, str]], message: str, *, required: bool = True, blank: str = ""
) -> forms.ChoiceField:
    """A choice (a select, or radios given a widget) whose "required" error says what to choose."""
    field_choices = ([("", blank)] if blank else []) + list(choices)
    return forms.ChoiceField(
        label=label, choices=field_choices, required=required, error_messages={"required": message}
    )


def text_field(label: str, message: str = "", *, required: bool = True, max_length: int = 200, **kw: Any):  # type: ignore[no-untyped-def]
    """A line of text whose errors name the field: ``message`` when empty, the limit when too long."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kw,
    )


_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class GovukTimeField(forms.CharField):
    """A time of day typed as 24-hour hours and minutes (14:30), refused with the reason."""

    def __init__(self, *, label: str, required: bool = True) -> None:
        super().__init__(
            label=label,
            required=required,
            max_length=5,
            error_messages={
                "required": f"Enter the {label[0].lower() + label[1:]}",
                "max_length": f"{label} must be a time like 14:30",
            },
        )

    def clean(self, value: Any) -> time | None:  # type: ignore[override]
        text = super().clean(value).strip()
        if not text:
            return None
        match = _TIME_RE.match(text)
        if not match:
            raise forms.ValidationError(f"{self.label} must be a time like 14:30, using the 24-hour clock")
        hours, minutes = int(match[1]), int(match[2])
        if hours > 23 or minutes > 59:
            raise forms.ValidationError(
                f"{self.label} must be a real time: hours 0 to 23 and minutes 0 to 59"
            )
        return time(hours, minutes)
