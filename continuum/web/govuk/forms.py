"""GOV.UK forms: the base form and the error summary's (anchor, message) pairs.

Why anchors: the GOV.UK error summary links each message to the box to fix,
so a date error links to its first wrong box and a radio error to its first
radio; a non-field error links to the form's ``non_field_anchor``.

Why :class:`Reveal`: GOV.UK asks a follow-up question only of those whose answer
makes it apply ("conditionally revealing a related question"). The form says so
once, and both halves follow from it: the radios or checkbox template draws the
follow-up inside the answer's ``govuk-*__conditional`` block (shown by GOV.UK
Frontend's script only while that answer is chosen, and always shown without
script), and the form asks the follow-up only when the answer was chosen, so a
question nobody was asked is neither refused nor kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django import forms

from continuum.core.refusals import Refused
from continuum.web.govuk.fields import GovukDateField


def first_error_anchor(form: forms.Form, name: str) -> str:
    """The id the error summary links to for a field: its first wrong box, or its first radio."""
    field = form.fields[name]
    bound = form[name]
    if isinstance(field, GovukDateField):
        part = (field.error_parts or field.parts)[0]
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
            out.append((form.non_field_anchor, str(message)))  # type: ignore[attr-defined]
        for name in form.fields:
            for message in form.errors.get(name, []):
                out.append((first_error_anchor(form, name), str(message)))
    return out


@dataclass(frozen=True)
class Reveal:
    """Questions (``fields``) asked only when ``choice`` is the answer to ``field``.

    ``field`` is radios, checkboxes, or a lone checkbox (whose ``choice`` is "on", what a ticked
    box sends). The revealed fields keep their own ``required`` and messages: those hold when the
    choice is chosen; otherwise the fields are not asked, so they are left blank and not refused.
    A revealed field may reveal in turn, when its :class:`Reveal` comes later in the list.
    """

    field: str
    choice: str
    fields: tuple[str, ...]


def conditional_id(bound: forms.BoundField, index: int) -> str:
    """The id of the block a choice reveals, as GOV.UK Frontend names it ("conditional-" and the
    input's id): the choice's ``data-aria-controls`` points at it."""
    return f"conditional-{bound.auto_id}_{index}"


def chosen(value: Any, choice: str) -> bool:
    """Whether the answer as sent (text from radios, a list from checkboxes, a bool from a lone
    checkbox) is ``choice``."""
    if isinstance(value, bool):
        return value and choice == "on"
    if isinstance(value, list | tuple):
        return choice in (str(item) for item in value)
    return value is not None and str(value) == choice


class GovukForm(forms.Form):
    """A form whose non-field errors link to a named field in the error summary, and whose
    follow-up questions are asked only of the answer that reveals them (:attr:`reveals`)."""

    non_field_anchor = "main-content"
    #: Follow-up questions and the answer that reveals each (GOV.UK conditional reveal).
    reveals: ClassVar[tuple[Reveal, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def resend_with(self, **values: str) -> None:
        """Put ``values`` (by field name, prefixed here) into what was sent, as if the user had
        sent them, leaving the rest as it was: a form shown again with a fresh version token, say,
        or a choice the details imply. What was sent is copied, never changed in place (a request's
        QueryDict is immutable; a test's dict copies as well)."""
        data = cast(Any, self.data).copy()
        for name, value in values.items():
            data[self.add_prefix(name)] = value
        self.data = data

    def revealed_by(self, name: str) -> Iterator[tuple[str, list[forms.BoundField]]]:
        """(choice, the follow-up fields it reveals, bound) for each answer of ``name`` that reveals
        questions on this form (a follow-up the form dropped, say a reason it does not offer, is left out)."""
        for reveal in self.reveals:
            if reveal.field == name:
                shown = [self[field] for field in reveal.fields if field in self.fields]
                if shown:
                    yield reveal.choice, shown

    def unasked(self) -> set[str]:
        """The follow-up questions no chosen answer revealed in what was sent (one revealed by two
        answers is asked when either is chosen; one revealed inside a question not asked is not)."""
        revealed: set[str] = set()
        asked: set[str] = set()
        for reveal in self.reveals:
            names = {field for field in reveal.fields if field in self.fields}
            field = reveal.field
            if field in self.fields and (field not in revealed or field in asked):
                bound = self[field]
                if chosen(bound.initial if bound.field.disabled else bound.data, reveal.choice):
                    asked |= names
            revealed |= names
        return revealed - asked

    def _clean_fields(self) -> None:
        """Clean as Django does, then blank each question not asked: the answer left in a hidden
        box (typed before the revealing answer was changed) is dropped, and it is never refused.

        Why this (private) step of Django's ``full_clean`` rather than ``clean()``: it runs after the
        fields and before the form's own ``clean()``, so a form's cross-field rules never see an
        answer to a question it did not ask. tests/web/test_conditional_reveal.py pins the
        behaviour, so a Django upgrade that moves the step fails there, not on a user's form."""
        super()._clean_fields()  # type: ignore[misc]
        for name in self.unasked():
            self._errors.pop(name, None)  # type: ignore[attr-defined]
            self.cleaned_data[name] = self.fields[name].to_python(None)


def add_refusal(form: forms.Form, refused: Refused) -> None:
    """A service's refusal on the form: beside the field it names, or at the top when this form has
    no such field (a rule about the whole record)."""
    refuse_field(form, refused.field if refused.field in form.fields else None, str(refused))


def refuse_field(form: forms.Form, name: str | None, message: str) -> None:
    """``message`` against field ``name`` (None: the whole form). A date's boxes are all marked: a
    service's rule is about the whole date ("not before the day they joined"), not one box."""
    field = form.fields.get(name) if name else None
    if isinstance(field, GovukDateField):
        field.error_parts = field.parts
    form.add_error(name, message)
