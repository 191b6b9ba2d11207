"""``figure``: a number on the dashboards as a reader writes it ("1,286", "12.5", "–").

Why a filter: the headline figure, the chart's table and the comparators are
formatted by the engine (:func:`continuum.metrics.engine.format_value`, with
thousands separators), but a numerator, a denominator or a count of records
reaches the page as a bare number, so "1286" stood beside the headline "1,286".
Every number a dashboard page prints that is not already text goes through
this one filter, so the two read alike.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from continuum.metrics.definitions import Unit
from continuum.metrics.engine import format_value

register = template.Library()

Number = int | float | Decimal | Fraction


@register.filter
def figure(value: Number | str | None) -> str:
    """Thousands separated; a fraction to two places at most, trailing zeros dropped; "–" for none.

    Text (a figure the engine has already written, or "fewer than 5") is shown as it stands.
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, str | bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value == int(value):
        return f"{int(value):,}"
    text = format_value(Fraction(value), Unit.AVERAGE, 2)
    return text.rstrip("0").rstrip(".")


@register.filter
def in_sentence(title: str) -> str:
    """A title inside a sentence ("Back to the SEND dashboard", "the front door figures"): its first
    letter lower-cased unless its first word is an abbreviation (``|lower`` gave "the send dashboard")."""
    from continuum.reports.charts import in_sentence as words

    return words(str(title))
