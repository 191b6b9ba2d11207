"""Days asked for in a page's query string (a GET form): GOV.UK day, month and year boxes, and the
YYYY-MM-DD values of links made before the boxes.

Months are read the same way (``GovukMonthField``: month and year boxes, and YYYY-MM in old links).

Why one helper: a page that shows a record "as it stood on a day" used to take the day as one text
box typed as 2025-03-31, unlike every other date in the app. The boxes (``<field>-day`` and so on)
are what the form now sends; a link or bookmark saved earlier (``?on=2025-03-31``) still opens the
same page, and pages may keep writing such links. Either way the same form checks the days, so a
31 February is refused in the same words naming the field, linked from the error summary to the box.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar, cast

from django.http import QueryDict

from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, error_list

_Form = TypeVar("_Form", bound=GovukForm)

#: The example in the words refusing an old link's day, when the page gives none of its own.
EXAMPLE = "2025-03-31"


@dataclass(frozen=True)
class DaysAsked(Generic[_Form]):
    """What the query asked: each date field's day (None: not asked, the page's default), the form
    as sent (to show again with its errors) and the error summary's (anchor, message) pairs."""

    days: dict[str, date | None]
    form: _Form
    errors: list[tuple[str, str]]


def _old_link(
    form_class: type[_Form], query: QueryDict, legacy: Mapping[str, str]
) -> tuple[QueryDict, list[str]]:
    """The boxes an old link's values (YYYY-MM-DD for a day, YYYY-MM for a month: the field's
    ``written``) stand for, and the fields whose value is no such date. A blank value is a day not
    asked, as blank boxes are."""
    data = QueryDict(mutable=True)
    unreadable: list[str] = []
    for name, field in legacy.items():
        raw = query.get(name, "").strip()
        if not raw:
            continue
        boxes = cast(GovukDateField, form_class.base_fields[field]).from_text(raw)
        if boxes is None:
            unreadable.append(field)
            continue
        data.update({f"{field}-{part}": value for part, value in boxes.items()})
    return data, unreadable


def read_days(
    form_class: type[_Form],
    query: QueryDict,
    *,
    legacy: Mapping[str, str] | None = None,
    examples: Mapping[str, str] | None = None,
) -> DaysAsked[_Form]:
    """The days ``form_class`` (a form of :class:`GovukDateField`, or of its month form
    :class:`~continuum.web.govuk.fields.GovukMonthField`: a month is read as its first day) asks
    for, read from ``query``.

    The boxes win when any is sent. Otherwise an old link's values are read: ``legacy`` maps each
    query name to its field (the field's own name when not given: ``on`` to ``on``), and a value
    that is no YYYY-MM-DD date (YYYY-MM for a month) is refused naming the field, with
    ``examples[field]`` (or :data:`EXAMPLE`) as the example. Nothing asked gives no days and no errors.
    """
    fields = [name for name, field in form_class.base_fields.items() if isinstance(field, GovukDateField)]
    legacy = dict(legacy) if legacy is not None else {name: name for name in fields}
    examples = examples or {}
    parts = {name: cast(GovukDateField, form_class.base_fields[name]).parts for name in fields}
    if any(f"{name}-{part}" in query for name in fields for part in parts[name]):
        form = form_class(query)
        unreadable: list[str] = []
    elif any(name in query for name in legacy):
        data, unreadable = _old_link(form_class, query, legacy)
        form = form_class(data)
    else:
        return DaysAsked(dict.fromkeys(fields), form_class(), [])
    form.is_valid()
    for name in unreadable:
        form.errors.pop(name, None)  # a required field's "Enter ..." says less than why it is unreadable
        field = cast(GovukDateField, form.fields[name])
        example = examples.get(name, EXAMPLE)
        form.add_error(
            name, f"{field.label} must be a {field.noun} written as {field.written}, like {example}"
        )
    if form.errors:
        return DaysAsked(dict.fromkeys(fields), form, error_list(form))
    return DaysAsked({name: form.cleaned_data.get(name) for name in fields}, form, [])
