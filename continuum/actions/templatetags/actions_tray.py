"""``{% my_actions_note %}``: a work tray's line about the signed-in user's overdue and due-soon actions.

A tag rather than a change to each tray's view, so any tray page can carry
the line; it counts through the same list as "My actions" (every open action given to the user),
and calls an action due today "due today", as its tag does (not "due soon").
"""

from __future__ import annotations

from typing import Any

from django import template

from continuum.actions import selectors
from continuum.actions.clock import Clock
from continuum.core import clock
from continuum.core.policy import may

register = template.Library()


@register.inclusion_tag("actions/_tray_note.html", takes_context=True)
def my_actions_note(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not may(request.user, "actions.mine"):
        return {"shown": False}
    lines = selectors.my_open_actions(request.user, clock.today())
    overdue = sum(line.clock.state is Clock.OVERDUE for line in lines)
    today = sum(line.clock.due_today for line in lines)
    soon = sum(line.clock.state is Clock.DUE_SOON and not line.clock.due_today for line in lines)
    return {"shown": bool(lines), "overdue": overdue, "today": today, "soon": soon, "total": len(lines)}
