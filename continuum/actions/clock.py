"""The one overdue rule for actions: a plain comparison of dates, no statutory timescale.

An action's due date is whatever the person setting it chose, in calendar
days; so unlike the statutory clocks (continuum/core/timescales.py) there is
no working-day calendar here. "Due soon" is a window of
``CONTINUUM_ACTION_DUE_SOON_DAYS`` calendar days (a local setting), and
"done late" keeps the lateness of finished work visible for supervision and
audit. Pure functions, so the known answers need no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.conf import settings


class Clock(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    ON_TRACK = "on track"
    DONE = "done"
    DONE_LATE = "done late"
    DROPPED = "dropped"


#: Each state's words and GOV.UK tag colour, as a page shows them.
TAGS: dict[Clock, tuple[str, str]] = {
    Clock.OVERDUE: ("Overdue", "govuk-tag--red"),
    Clock.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    Clock.ON_TRACK: ("On track", "govuk-tag--green"),
    Clock.DONE: ("Done", "govuk-tag--blue"),
    Clock.DONE_LATE: ("Done late", "govuk-tag--purple"),
    Clock.DROPPED: ("Dropped", "govuk-tag--grey"),
}


def day_count(n: int) -> str:
    """ "1 day", "3 days"."""
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ActionClock:
    """Where an action stands on ``today``: its state and how many days early, late or to go."""

    state: Clock
    days: int

    @property
    def words(self) -> str:
        return TAGS[self.state][0]

    @property
    def tag_class(self) -> str:
        return TAGS[self.state][1]

    @property
    def due_today(self) -> bool:
        """Open and due today: what the tag calls "Due today" (to the state, "due soon"), so every
        count of actions due today or due soon agrees with the tags."""
        return self.state in (Clock.DUE_SOON, Clock.ON_TRACK) and self.days == 0

    @property
    def detail(self) -> str:
        """ "3 days overdue", "due today", "due in 2 days", "1 day late"."""
        days = day_count
        if self.state is Clock.OVERDUE:
            return f"{days(self.days)} overdue"
        if self.state in (Clock.DUE_SOON, Clock.ON_TRACK):
            return "due today" if self.days == 0 else f"due in {days(self.days)}"
        if self.state is Clock.DONE_LATE:
            return f"{days(self.days)} late"
        return ""


def due_soon_days() -> int:
    return int(settings.CONTINUUM_ACTION_DUE_SOON_DAYS)


def action_clock(
    *, status: str, due: date, status_date: date | None, today: date, soon: int | None = None
) -> ActionClock:
    """The one overdue rule. Open: overdue after its due day, due soon within ``soon`` days (due today
    included), else on track. Done: late if done after its due day. Dropped: dropped."""
    soon = due_soon_days() if soon is None else soon
    if status == "dropped":
        return ActionClock(Clock.DROPPED, 0)
    if status == "done":
        finished = status_date or today
        late = (finished - due).days
        return ActionClock(Clock.DONE_LATE, late) if late > 0 else ActionClock(Clock.DONE, 0)
    to_go = (due - today).days
    if to_go < 0:
        return ActionClock(Clock.OVERDUE, -to_go)
    return ActionClock(Clock.DUE_SOON if to_go <= soon else Clock.ON_TRACK, to_go)


def clock_of(action: object, today: date) -> ActionClock:
    """:func:`action_clock` for an :class:`~continuum.actions.models.Action`."""
    return action_clock(
        status=action.status,  # type: ignore[attr-defined]
        due=action.due_date,  # type: ignore[attr-defined]
        status_date=action.status_date,  # type: ignore[attr-defined]
        today=today,
    )
