"""``fte``: a number of FTE or hours as people write it (1.5, 4, 37, 7.25), never 1.50 or 37.0."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def fte(value: Decimal | float | None) -> str:
    """Two decimal places at most, trailing zeros dropped; blank for no value."""
    if value is None:
        return ""
    rounded = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
