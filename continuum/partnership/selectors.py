"""Reads of partnership business: the action log, attendance rates, the minutes as they stand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.contrib.contenttypes.models import ContentType

from continuum.actions.models import Action, ActionStatus
from continuum.partnership.models import AgendaItem, Attendance, Body, ItemMinute, Meeting


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def actions_of_body(body: Body) -> list[Action]:
    items = AgendaItem.objects.filter(meeting__body=body).values_list("pk", flat=True)
    return list(
        Action.objects.filter(source_type=ContentType.objects.get_for_model(AgendaItem), source_id__in=items)
        .select_related("owner")
        .order_by("due_date", "pk")
    )


def action_log(meeting: Meeting) -> list[Action]:
    """The action log a meeting reviews: every action set at an earlier meeting of its body that is
    still open, or was closed since the previous meeting (so each closure is reported once)."""
    prior_items = AgendaItem.objects.filter(
        meeting__body_id=meeting.body_id, meeting__starts_at__lt=meeting.starts_at
    ).values_list("pk", flat=True)
    previous = previous_meeting(meeting)
    since = previous.starts_at.date() if previous else date.min
    rows = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(AgendaItem), source_id__in=prior_items
    ).select_related("owner")
    log = [
        a
        for a in rows
        if a.status == ActionStatus.OPEN or (a.status_date is not None and since < a.status_date)
    ]
    return sorted(log, key=lambda a: (a.status != ActionStatus.OPEN, a.due_date, a.pk))


def minutes_now(item: AgendaItem) -> ItemMinute | None:
    """The version of an item's minutes that stands (the latest)."""
    return item.minute_versions.order_by("-version").first()


@dataclass(frozen=True)
class MinutedItem:
    """An agenda item as the minutes page shows it: its minutes as they stand, how many versions
    there are, and the actions set from it; nothing of an exempt item for a reader off the body."""

    item: AgendaItem
    minute: ItemMinute | None
    hidden: bool
    versions: int
    actions: list[Action]


def minuted_items(meeting: Meeting, *, sees_exempt: bool) -> list[MinutedItem]:
    """Every item of the meeting with its minutes and actions, in three queries however many items
    (the items, all their minute versions, all their actions through ``actions.selectors``)."""
    from continuum.actions.selectors import of_records

    items = list(meeting.items.all())
    versions: dict[int, list[ItemMinute]] = defaultdict(list)
    for minute in ItemMinute.objects.filter(item__meeting=meeting).order_by("item", "version"):
        versions[minute.item_id].append(minute)
    actions = of_records(AgendaItem, [item.pk for item in items])
    rows = []
    for item in items:
        hidden = item.exempt and not sees_exempt
        kept = versions.get(item.pk, [])
        rows.append(
            MinutedItem(
                item=item,
                minute=None if hidden or not kept else kept[-1],
                hidden=hidden,
                versions=len(kept),
                actions=[] if hidden else actions.get(item.pk, []),
            )
        )
    return rows


@dataclass(frozen=True)
class Rate:
    organisation: str
    year: int
    expected: int
    present: int

    @property
    def percent(self) -> int:
        """Attendance as a whole percentage, rounded half up (as the seeds print it)."""
        if not self.expected:
            return 0
        return int(Fraction(100 * self.present, self.expected) + Fraction(1, 2))


def attendance_rates(body: Body) -> list[Rate]:
    """Each organisation's attendance per calendar year: seats present over seats expected.

    A seat is expected at a meeting when an attendance row was recorded for it (present, apologies
    or absent); apologies count as not attending, as in the seeds' attendance reports."""
    counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in Attendance.objects.filter(meeting__body=body).select_related("member", "meeting"):
        key = (row.member.organisation, row.meeting.starts_at.year)
        counts[key][0] += 1
        counts[key][1] += row.status == Attendance.Status.PRESENT
    return [Rate(org, year, e, p) for (org, year), (e, p) in sorted(counts.items())]


def matrix(body: Body) -> tuple[list[Meeting], list[tuple[str, list[str]]]]:
    """The attendance matrix: one row per organisation, one column per meeting, "P"/"A"/"-" or a count
    like "2/3" when an organisation has several seats (present of expected)."""
    meetings = list(body.meetings.order_by("starts_at"))
    cells: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in Attendance.objects.filter(meeting__body=body).select_related("member"):
        c = cells[(row.member.organisation, row.meeting_id)]
        c[0] += 1
        c[1] += row.status == Attendance.Status.PRESENT
    orgs = sorted({org for org, _ in cells})
    rows = []
    for org in orgs:
        line = []
        for m in meetings:
            expected, present = cells.get((org, m.pk), (0, 0))
            line.append("" if not expected else f"{present}/{expected}")
        rows.append((org, line))
    return meetings, rows


def absent_three_in_a_row(body: Body) -> list[str]:
    """Members (by name) who missed the last three meetings with attendance recorded: flagged to the chair."""
    meetings = list(
        body.meetings.filter(attendance__isnull=False)
        .distinct()
        .order_by("-starts_at")
        .values_list("pk", flat=True)[:3]
    )
    if len(meetings) < 3:
        return []
    status = {
        (meeting, member): state
        for meeting, member, state in Attendance.objects.filter(meeting__in=meetings).values_list(
            "meeting_id", "member_id", "status"
        )
    }
    away = (Attendance.Status.APOLOGIES, Attendance.Status.ABSENT)
    return [
        member.name
        for member in body.members.filter(left_on__isnull=True)
        if all(status.get((m, member.pk)) in away for m in meetings)
    ]
