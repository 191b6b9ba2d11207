"""GOV.UK forms: the base form and the error summary's (anchor, message) pairs.

Why anchors: the GOV.UK error summary links each message to the box to fix,
so a date error links to its first wrong box and a radio error to its first
radio; a non-field error links to the form's ``non_field_anchor``.
"""

from __future__ import annotations

from typing import Any

from django import forms

from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.widgets import DATE_PARTS


def first_error_anchor(form: forms.Form, name: str) -> str:
    """The id the error summary links to for a field: its first wrong box, or its first radio."""
    field = form.fields[name]
    bound = form[name]
    if isinstance(field, GovukDateField):
        part = (field.error_parts or DATE_PARTS)[0]
        return f"{bound.auto_id}-{part}"
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


def error_list(*forms_: forms.Form | None) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the GOV.UK error summary, in page order."""
    out: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            out.append((form.non_field_anchor, message))  # type: ignore[attr-defined]
        for name in form.fields:
            for message in form.errors.get(name, []):
                out.append((first_error_anchor(form, name), message))
    return out


class GovukForm(forms.Form):
    """A form whose non-field errors link to a named field in the error summary."""

    non_field_anchor = "main-content"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
