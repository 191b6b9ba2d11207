"""``{% professionals child %}``: the professionals around a child on the family page, current first."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import F

from continuum.people.models import Child

register = template.Library()


@register.inclusion_tag("children/_professionals.html", takes_context=True)
def professionals(context: dict[str, Any], child: Child) -> dict[str, Any]:
    """The list, and the "add" link only for those the banner says may record (``can_record``)."""
    rows = child.professionals.order_by(F("end_date").asc(nulls_first=True), "role", "pk")
    return {"child": child, "rows": rows, "can_record": context.get("can_record", False)}
