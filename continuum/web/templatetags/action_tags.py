"""An action's clock as its tag shows it: one tag, and words that do not say it again.

Why not :attr:`ActionClock.words` and :attr:`ActionClock.detail` side by side:
an action due today is "due soon" to the clock, so the pair read "Due soon due
today". Here it reads "Due today", in the words and colour every tray gives an
item due today (:data:`continuum.web.worktray.tags.DUE_TODAY`), with nothing
after it. Likewise a tag that says "Overdue" is followed by "by 2 days", not "2 days overdue". The
clock itself is unchanged, so its counts and filters are as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from continuum.actions.clock import ActionClock, Clock, day_count
from continuum.web.worktray.tags import DUE_TODAY

register = template.Library()


@dataclass(frozen=True)
class ClockTag:
    """The tag's words and colour, and what follows it (blank when the tag says it all)."""

    words: str
    tag_class: str
    detail: str


#: What follows a tag that already says the state: "Overdue by 2 days", "Due soon in 3 days", "Done
#: late by 1 day" (the clock's own words, "2 days overdue", would say "overdue" twice).
AFTER_TAG = {Clock.OVERDUE: "by", Clock.DONE_LATE: "by", Clock.DUE_SOON: "in"}


@register.filter
def clock_tag(clock: ActionClock) -> ClockTag:
    """``clock`` as ``actions/_clock.html`` shows it: "Due today" alone for an open action due today."""
    if clock.due_today:
        words, tag_class = DUE_TODAY
        return ClockTag(words, tag_class, "")
    after = AFTER_TAG.get(clock.state)
    detail = f"{after} {day_count(clock.days)}" if after else clock.detail
    return ClockTag(clock.words, clock.tag_class, detail)


@register.filter
def action_state(action: object) -> str:
    """An action's state on today's clock in words, as its tag reads ("Overdue by 11 days", "Due
    today", "On track", "Done"): for a list naming actions in a sentence, where "Open" hid an overdue
    one."""
    from continuum.actions.clock import clock_of
    from continuum.core import clock

    now = clock_of(action, clock.today())
    shown = clock_tag(now)
    if now.state is Clock.ON_TRACK:  # the list gives the due date itself: "on track, due 28 Dec 2026"
        return shown.words
    return f"{shown.words} {shown.detail}".strip()
