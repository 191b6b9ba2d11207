"""Codes with words: a coded field shown to practitioners by its meaning alone.

Why a filter: the models' choices carry the DfE code in front of its label
("V2 Single period of accommodation under section 20") so that forms and
analysts' pages show both. A practitioner reading a child's record needs the
meaning, not the code (issue 18 point 7), and a code without a held label is
still shown as itself rather than hidden.
"""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

register = template.Library()


@register.filter
def meaning(record: Model | None, field_name: str) -> str:
    """The label of ``record.field_name`` without its code in front ("V2 Single …" reads "Single …")."""
    if record is None:
        return ""
    try:
        field = record._meta.get_field(field_name)
    except FieldDoesNotExist:
        return ""
    value = getattr(record, field.attname, "")
    if value in (None, ""):
        return ""
    shown = str(dict(field.flatchoices).get(value, value))  # type: ignore[attr-defined]
    prefix = f"{value} "
    return shown[len(prefix) :] if shown.startswith(prefix) and len(shown) > len(prefix) else shown
