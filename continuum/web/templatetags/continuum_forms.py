"""Render form inputs with GOV.UK classes and error wiring for screen readers, and the choices of
radios and checkboxes with the follow-up questions an answer reveals (``GovukForm.reveals``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, conditional_id

register = template.Library()


@register.simple_tag
def govuk_input(field: BoundField, input_class: str = "govuk-input") -> SafeString:
    classes = input_class + (" govuk-input--error" if field.errors else "")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
    attrs = {"class": classes}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@dataclass(frozen=True)
class Choice:
    """One radio or checkbox as the GOV.UK templates draw it, with the follow-up questions it
    reveals (none for most) and the id of the block that holds them."""

    value: str
    label: str
    id: str
    checked: bool
    conditional_id: str
    revealed: list[BoundField]


class Choices(list[Choice]):
    """A field's choices; ``reveals`` says whether any reveals a question (GOV.UK: radios that reveal
    are never drawn inline, the follow-up would sit between the answers)."""

    @property
    def reveals(self) -> bool:
        return any(choice.revealed for choice in self)


def _revealed(field: BoundField) -> dict[str, list[BoundField]]:
    out: dict[str, list[BoundField]] = {}
    if isinstance(field.form, GovukForm):
        for choice, follow_ups in field.form.revealed_by(field.name):
            out.setdefault(choice, []).extend(follow_ups)
    return out


@register.filter
def govuk_choices(field: BoundField) -> Choices:
    """The radios' or checkboxes' choices, each with what it reveals (``GovukForm.reveals``)."""
    revealed = _revealed(field)
    value = field.value()
    out = Choices()
    for index, (choice, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        text = str(choice)
        out.append(
            Choice(
                value=text,
                label=str(label),
                id=f"{field.auto_id}_{index}",
                checked=text in map(str, value) if isinstance(value, list | tuple) else str(value) == text,
                conditional_id=conditional_id(field, index),
                revealed=revealed.get(text, []),
            )
        )
    return out


@register.filter
def govuk_ticked_reveals(field: BoundField) -> list[BoundField]:
    """The follow-up questions a lone checkbox reveals when ticked (its choice "on")."""
    return _revealed(field).get("on", [])


def _template_for(field: BoundField) -> str:
    """The GOV.UK template that draws a field of this kind."""
    widget = field.field.widget
    if isinstance(field.field, GovukDateField):
        return "govuk/date_input.html"
    if isinstance(widget, forms.RadioSelect):
        return "govuk/radios.html"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "govuk/checkboxes.html"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk/checkbox.html"
    if isinstance(widget, forms.Textarea):
        return "govuk/textarea.html"
    if isinstance(widget, forms.Select):
        return "govuk/select.html"
    return "govuk/text_input.html"


@register.simple_tag
def govuk_field(field: BoundField) -> SafeString:
    """A follow-up question drawn inside the answer that reveals it: its kind's GOV.UK template, its
    ``help_text`` as the hint, and the options its form gave it with ``govuk_options``."""
    options = {"hint": field.help_text, **getattr(field.field, "govuk_options", {})}
    return mark_safe(render_to_string(_template_for(field), {"field": field, **options}))  # noqa: S308 - a template's own output
