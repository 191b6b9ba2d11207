"""Reads of partnership business: the action log, attendance rates, the minutes as they stand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from continuum.actions.models import Action, ActionStatus
from continuum.metrics.periods import Period, PeriodKind, month_period, period_of
from continuum.partnership.models import AgendaItem, Attendance, Body, ItemMinute, Meeting
from continuum.publishing.models import ReportVersion


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


#: How the agenda item on the quarter's figures is known: its title names the report.
PERFORMANCE_MATTERS = "performance matters"


@dataclass(frozen=True)
class QuarterFigures:
    """The Performance Matters report a meeting's figures item is read with: the last month of the
    last quarter that ended before the meeting, and that month's published report if there is one."""

    item: AgendaItem
    month: Period
    report: ReportVersion | None


def quarter_month(meeting: Meeting) -> Period:
    """The month whose Performance Matters report carries the quarter's figures to ``meeting``: the
    last month of the financial quarter before the one the meeting is in (a meeting on 10 December
    2026 reads July to September, so September 2026), since a quarter's figures exist once it ends."""
    day = timezone.localtime(meeting.starts_at).date()
    quarter = period_of(day, PeriodKind.QUARTER).previous()
    return month_period(quarter.end.year, quarter.end.month)


def quarter_figures(meeting: Meeting, items: list[AgendaItem]) -> QuarterFigures | None:
    """The report for the meeting's Performance Matters item, when the agenda has one (not exempt) and
    no Performance Matters report is attached to it as a paper already.

    Why: the demo's board (and the seeds' boards) put "Performance Matters" on every agenda while the
    report is published in the reports, not uploaded; the pack page points to it rather than leave
    the item without a paper. Of the month's published versions, the latest published by the time
    the meeting started (what the board read), else the latest published since. Nothing is generated
    here; whether the reader may open it is the page's question (``reports.read``)."""
    item = next((i for i in items if not i.exempt and PERFORMANCE_MATTERS in i.title.lower()), None)
    if item is None:
        return None
    kind = ReportVersion.Kind.PERFORMANCE_MATTERS
    if any(p.report is not None and p.report.kind == kind for p in item.papers.all()):
        return None
    month = quarter_month(meeting)
    published = ReportVersion.objects.filter(kind=kind, period=month.label, published_at__isnull=False)
    report = (
        published.filter(published_at__lte=meeting.starts_at).order_by("-published_at", "-number").first()
        or published.order_by("-published_at", "-number").first()
    )
    return QuarterFigures(item=item, month=month, report=report)


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
