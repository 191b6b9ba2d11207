"""The words and colour of a due item's status tag, shared by every page that shows one.

One function, so an item due today reads "Due today" in the trays, on a
worker's page and in a child's "Next due", as the home page counts it,
rather than "Due soon" on one page and "Due today" on another. Only the
label changes: the clock still calls the item due soon (or due), so the
trays' filters and counts are as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from continuum.core.timescales import Status

#: Status tags: the words always say what the colour means.
STATUS_TAGS: Mapping[Status, tuple[str, str]] = {
    Status.OVERDUE: ("Overdue", "govuk-tag--red"),
    Status.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    Status.DUE: ("Due", "govuk-tag--grey"),
}

#: The same, for a page that says how a clock stands rather than listing work: a child's
#: "Next due", a worker's supervision.
ON_TRACK_TAGS: Mapping[Status, tuple[str, str]] = {
    **STATUS_TAGS,
    Status.DUE: ("On track", "govuk-tag--green"),
}

#: An outstanding item whose due date is today (the home page's "Due today").
DUE_TODAY = ("Due today", "govuk-tag--orange")


def status_tag(
    status: Status, due: date | None, today: date, tags: Mapping[Status, tuple[str, str]] = STATUS_TAGS
) -> tuple[str, str]:
    """The (words, tag class) for an item with ``status`` due on ``due``, seen on ``today``.

    Not yet overdue and due today reads "Due today", whatever the item's
    due-soon window; ``tags`` gives the words for everything else (a page
    may say "On track" where a tray says "Due").
    """
    if due == today and status in (Status.DUE_SOON, Status.DUE):
        return DUE_TODAY
    return tags.get(status, (str(status).capitalize(), "govuk-tag--grey"))


def tag_or_none(
    status: Status | None, due: date | None, today: date, tags: Mapping[Status, tuple[str, str]] = STATUS_TAGS
) -> tuple[str, str] | None:
    """:func:`status_tag`, or None where no clock runs (a council switched the rule off, nothing due)."""
    return status_tag(status, due, today, tags) if status else None
