"""The IOM cohort's figures: each offender's colour on a day, counts per colour over time, the summary.

Why the colour is a history and not a field: the board asks how the matrix moved ("16 placed in
custody since June"), so each change is a row with its day and reason and the colour on any day is
the last change on or before it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from continuum.community_safety.models import (
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
)

COLOUR_ORDER = [RiskColour.RED, RiskColour.AMBER, RiskColour.GREEN, RiskColour.BLUE]


def colours_over(days: Iterable[date]) -> dict[date, dict[int, str]]:
    """Per day asked, offender id to the matrix colour in force that day (offenders added after the
    day are left out).

    Why one pass: the matrix over a year is twelve days of the same history; reading the history once
    (one query) and walking it forward through the days in order keeps the page's queries the same
    however many days or offenders there are.
    """
    wanted = sorted(set(days))
    if not wanted:
        return {}
    changes = (
        RiskChange.objects.filter(on__lte=wanted[-1], offender__added_on__lte=wanted[-1])
        .order_by("on", "pk")
        .values_list("on", "offender_id", "colour", "offender__added_on")
    )
    history = iter(changes)
    current: dict[int, tuple[str, date]] = {}
    found: dict[date, dict[int, str]] = {}
    pending = next(history, None)
    for day in wanted:
        while pending is not None and pending[0] <= day:
            _, offender, colour, added = pending
            current[offender] = (colour, added)
            pending = next(history, None)
        found[day] = {pk: colour for pk, (colour, added) in current.items() if added <= day}
    return found


def colours_on(day: date) -> dict[int, str]:
    """Offender id to the matrix colour in force on ``day`` (offenders added after it are left out)."""
    return colours_over([day])[day]


def _counted(colours: dict[int, str]) -> dict[str, int]:
    counted = Counter(colours.values())
    return {c.value: counted.get(c.value, 0) for c in COLOUR_ORDER}


def counts_on(day: date) -> dict[str, int]:
    return _counted(colours_on(day))


def counts_over_time(
    days: list[date], over: dict[date, dict[int, str]] | None = None
) -> list[tuple[date, dict[str, int]]]:
    """The counts per colour on each day, in the order asked, from one reading of the history (or from
    ``over``, the colours a page has already read for these days and more)."""
    over = over if over is not None else colours_over(days)
    return [(d, _counted(over[d])) for d in days]


@dataclass
class BoardSummary:
    """The figures of the board's IOM paper (seed 004 lines 745-779), for one day and a 'since' day."""

    on: date
    since: date
    listed: int
    removal_due: int
    statuses: dict[str, int]
    colours: dict[str, int]
    red_arrested: int
    custody_since: int
    on_remand: int
    arrested: int
    arrests: int
    wanted: int

    def sentences(self) -> list[str]:
        """The summary in the seed's words, with Continuum's figures."""
        s, c = self.statuses, self.colours
        since = f"{self.since:%B %Y}"
        return [
            f"There are currently {self.listed} offenders on the IOM list though {self.removal_due} "
            "of these are scheduled for removal.",
            f"Of the {self.listed} currently listed, {s['ppo']} are PPO, {s['statutory']} are "
            f"statutory and {s['non-statutory']} are non-statutory.",
            f"Red (high risk of offending) – {c['red']} clients listed. Of the {c['red']} listed, "
            f"{self.red_arrested} have been arrested since {since}.",
            f"Blue (currently in custody) – {c['blue']} clients listed. Of these, {self.custody_since} "
            f"have been placed in custody since {since} with {self.on_remand} currently on remand.",
            f"Amber (further intelligence/ongoing monitoring required) – {c['amber']} clients listed.",
            "Green (intelligence and engagement levels suggest not currently offending) – "
            f"{c['green']} clients listed.",
            f"{self.arrested} of the {self.listed} IOM offenders have been arrested at least once since "
            f"{since} with the total number of arrests being {self.arrests}. {self.wanted} offenders "
            "are currently on the wanted list.",
        ]


def board_summary(on: date, since: date, colours: dict[int, str] | None = None) -> BoardSummary:
    """The board's figures on ``on``; ``colours`` is the matrix that day if the caller has read it."""
    listed = IomOffender.objects.filter(added_on__lte=on)
    ids = set(listed.values_list("pk", flat=True))
    colours = colours if colours is not None else colours_on(on)
    statuses = Counter(IomFlag.objects.filter(offender_id__in=ids).values_list("status", flat=True))
    events = list(IomEvent.objects.filter(offender_id__in=ids, on__gt=since, on__lte=on))
    arrests = [e for e in events if e.kind == IomEventKind.ARREST]
    arrested = {e.offender_id for e in arrests}
    custody = {e.offender_id for e in events if e.kind == IomEventKind.CUSTODY}
    blue = {pk for pk, c in colours.items() if c == RiskColour.BLUE}
    red = {pk for pk, c in colours.items() if c == RiskColour.RED}
    remand = {e.offender_id for e in events if e.kind == IomEventKind.REMAND}
    return BoardSummary(
        on=on,
        since=since,
        listed=len(ids),
        removal_due=listed.filter(removal_due=True).count(),
        statuses={s.value: statuses.get(s.value, 0) for s in IomStatus},
        colours=_counted(colours),
        red_arrested=len(red & arrested),
        custody_since=len(blue & custody),
        on_remand=len(blue & remand),
        arrested=len(arrested),
        arrests=len(arrests),
        wanted=listed.filter(wanted=True).count(),
    )


#: How far ahead a release counts as near: the community action plan should be ready by then.
RELEASE_HORIZON_DAYS = 56


@dataclass(frozen=True)
class Release:
    """An offender in custody on the day, with the release date and the community action plan."""

    offender: IomOffender
    due: date | None
    plan: str
    near: bool

    @property
    def needs_plan(self) -> bool:
        """Due out within the horizon (or on an unknown day) and no community action plan yet."""
        return self.near and not self.plan.strip()


def releases(on: date, colours: dict[int, str] | None = None) -> list[Release]:
    """Offenders in custody (Blue) on ``on``: soonest release first, unknown release dates last.

    The board's paper promises "a community action plan ... for each offender prior to their
    release dates" (seed 004 line 757); this is the list that promise is checked against. ``colours``
    is the matrix on ``on`` if the caller has read it.
    """
    colours = colours if colours is not None else colours_on(on)
    blue = [pk for pk, colour in colours.items() if colour == RiskColour.BLUE]
    horizon = on + timedelta(days=RELEASE_HORIZON_DAYS)
    rows = [
        Release(o, o.release_due, o.release_plan, o.release_due is not None and o.release_due <= horizon)
        for o in IomOffender.objects.filter(pk__in=blue)
    ]
    return sorted(rows, key=lambda r: (r.due is None, r.due or on, r.offender.reference))
