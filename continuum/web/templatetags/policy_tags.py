"""Ask the policy from a template: ``{% load policy_tags %}{% may "send.figures" as can_plan %}``.

Why a tag: a shared include (such as an area's navigation) is rendered by several views, and a link to
a page must show only to those who may open it; asking here keeps each view from passing one flag
per link, and the answer is the policy's own (:func:`continuum.core.policy.may`), never a copy.
"""

from __future__ import annotations

from typing import Any

from django import template

from continuum.core.policy import may as policy_may

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: dict[str, Any], action: str, obj: Any = None) -> bool:
    """Whether the signed-in user may do ``action`` (on ``obj``); False when no one is signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and policy_may(user, action, obj))
