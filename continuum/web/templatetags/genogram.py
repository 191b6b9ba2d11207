"""``{% genogram child %}``: the family page's genogram (continuum/web/genogram.py) with its text."""

from __future__ import annotations

from typing import Any

from django import template

from continuum.people.models import Child
from continuum.web.genogram import BOX, for_child

register = template.Library()


@register.inclusion_tag("children/_genogram.html")
def genogram(child: Child) -> dict[str, Any]:
    """Drawn from the child's relationships each time the page opens; nothing is stored."""
    return {"g": for_child(child), "half": BOX // 2, "box": BOX}
