"""What each person would do first today: the cards at the top of the home page.

The home page used to offer areas; a practitioner then had to open each one
to find out what was waiting. Each card here answers one morning question
for one kind of work (contacts to decide, a team's overdue work, reviews
coming up, break-glass accesses to review...), with numbers read live from
the record and a link to the page where the work is done.

Three rules hold for every card:

* **The policy decides.** A card is built only when :func:`may` allows the
  work it counts, and any count of children goes through
  :func:`~continuum.core.policy.visible_children` (counting this session's
  break glass), so no one sees a number of records they could not open.
  Cards give numbers and links, never a child's name.
* **Cheap.** The home page is opened many times a day: each card costs one
  aggregate query, or the same fixed handful of queries as the page it links
  to (the work trays), whatever the size of the service.
* **One "today".** Every date comes from :mod:`continuum.core.clock` (so
  ``CONTINUUM_AS_OF`` moves the home page with the work trays and the queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from continuum.core import roles as r
from continuum.core.clock import now, today
from continuum.core.dates import day_words
from continuum.core.policy import chaired_by, held_roles, may, roles_of, visible_children, works_in_mash
from continuum.core.timescales import LOCAL_ZONE, Rule, Status, Unit, due_date, load_rules, rules_by_code
from continuum.core.working_days import WorkingDayCalendar, default_calendar

__all__ = ["Card", "Line", "cards_for", "now", "today"]


# --- What a card holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of a card: a label, a number (or words), what it means, and where to act on it."""

    label: str
    count: int | None = None
    value: str = ""
    detail: str = ""
    href: str = ""
    link_text: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Card:
    """One thing to do, as a GOV.UK summary card: a title, its lines, and the page that holds the work."""

    key: str
    title: str
    href: str
    link_text: str
    lines: tuple[Line, ...] = ()
    note: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class TableRow:
    """One row of a card's table: what it counts (linked to its page) and its numbers."""

    label: str
    href: str
    cells: tuple[int, ...]
    urgent: bool = False


@dataclass(frozen=True)
class Table:
    """Numbers set side by side for several things of one kind (a head of service's teams)."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[TableRow, ...]
    totals: TableRow | None = None


@dataclass
class _Ask:
    """The request a card is built for, with today's date and calendar read once."""

    request: HttpRequest
    day: date = field(default_factory=today)
    moment: datetime = field(default_factory=now)

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    @cached_property
    def calendar(self) -> WorkingDayCalendar:
        return default_calendar()

    @cached_property
    def rules(self) -> dict[str, Rule]:
        return dict(rules_by_code(load_rules()))

    @cached_property
    def glass(self) -> set[int]:
        from continuum.web.children.access import glass_ids

        return glass_ids(self.request)

    def visible(self, child_ids: Iterable[int]) -> set[int]:
        """The children among ``child_ids`` this user may open (``child.view`` for all at once)."""
        return visible_children(self.user, child_ids, broken_glass=self.glass)

    def working_days_ago(self, day: date) -> int:
        return max(self.calendar.working_days_between(day, self.day), 0)


# --- Words ---------------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """ "Monday 7 December 2026": the home page's heading."""
    return day_words(day, long=True, weekday=True)


def _short_date(day: date) -> str:
    """ "Mon 7 Dec": a day near today, as a card's clock says it."""
    return day_words(day, weekday=True, year=False)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _ago(ask: _Ask, day: date) -> str:
    n = ask.working_days_ago(day)
    return "today" if n == 0 else f"{_plural(n, 'working day')} ago"


def _url(name: str, *args: int, **query: str) -> str:
    href = reverse(name, args=args)
    return f"{href}?{urlencode(query)}" if query else href


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, LOCAL_ZONE).date()


def _rule_words(rule: Rule) -> str:
    """ "1 working day", "45 working days": a rule's first step in words."""
    unit = Unit(rule.unit).label
    return f"{rule.interval} {unit[:-1] if rule.interval == 1 and unit.endswith('s') else unit}"


def _due_day(rule: Rule, start: date | datetime, calendar: WorkingDayCalendar) -> date:
    due = due_date(rule, start, calendar)
    return _local_day(due) if isinstance(due, datetime) else due


def late_before(rule: Rule, day: date, calendar: WorkingDayCalendar) -> datetime:
    """The moment before which a contact received is past ``rule``'s timescale on ``day``.

    A contact is overdue when its due day is before today (the MASH queue's
    clock). The due day never goes back as the received time goes forward,
    so one cut-off moment splits the queue, and the count is one SQL filter
    rather than a clock per contact. Day-based rules depend on the received
    day only: walk back from today to the last day whose due day has passed.
    """
    midnight = datetime.combine(day, time(0), tzinfo=LOCAL_ZONE)
    if Unit(rule.unit) is Unit.HOURS:
        return midnight - (due_date(rule, midnight, calendar) - midnight)  # type: ignore[operator]
    received = day
    for _ in range(4000):  # any rule shorter than ten years
        if _due_day(rule, received, calendar) < day:
            break
        received -= timedelta(days=1)
    return datetime.combine(received + timedelta(days=1), time(0), tzinfo=LOCAL_ZONE)


# --- The front door ------------------------------------------------------------------------------

MASH_RULE = "mash_decision"


def _queue(**query: str) -> str:
    return _url("mash-queue", **query)


def contacts_to_decide(ask: _Ask) -> Card | None:
    """MASH: contacts awaiting a decision, red first, with how many are past the timescale. One query."""
    user = ask.user
    if not (may(user, "mash.queue") and may(user, "contact.decide") and works_in_mash(user)):
        return None
    from continuum.journey.models import Brag, Contact

    rule = ask.rules.get(MASH_RULE)
    red = Q(initial_brag=Brag.RED)
    late = Q(received_at__lt=late_before(rule, ask.day, ask.calendar)) if rule else Q(pk__in=[])
    figures = Contact.objects.filter(decision_at__isnull=True).aggregate(
        total=Count("pk"),
        red=Count("pk", filter=red),
        red_late=Count("pk", filter=red & late),
        late=Count("pk", filter=late),
        oldest=Min("received_at"),
    )
    total = figures["total"]
    oldest = (
        f"The oldest was received {_ago(ask, _local_day(figures['oldest']))}." if figures["oldest"] else ""
    )
    timescale = f"Past the {_rule_words(rule)} timescale" if rule else "Past the timescale"
    lines = (
        Line(
            "Rated red",
            figures["red"],
            detail=f"{figures['red_late']} of them past the timescale." if figures["red"] else "",
            href=_queue(stage="decision", brag=Brag.RED, sort="urgency"),
            link_text="Decide on red contacts first",
            urgent=figures["red"] > 0,
        ),
        Line(
            timescale,
            figures["late"],
            href=_queue(stage="decision", sort="urgency"),
            link_text="See the most urgent",
            urgent=figures["late"] > 0,
        ),
        Line(
            "Awaiting a decision",
            total,
            detail=oldest,
            href=_queue(stage="decision", sort="oldest"),
            link_text="See all, oldest first",
        ),
    )
    return Card(
        "mash-decisions",
        "Contacts awaiting a MASH decision",
        _queue(stage="decision", sort="urgency"),
        "Open the MASH queue",
        lines,
        note="" if total else "No contact is waiting for a decision.",
    )


def contacts_to_oversee(ask: _Ask) -> Card | None:
    """Team managers: MASH decisions awaiting their sign-off, oldest decision first. One query."""
    from continuum.web.signoff.views import oversight_waiting

    waiting = oversight_waiting(ask.user)  # the same count "Awaiting my authorisation" gives
    if waiting is None:
        return None
    total = waiting.total
    oldest = waiting.oldest
    detail = f"The oldest decision was made {_ago(ask, _local_day(oldest))}." if oldest else ""
    return Card(
        "mash-oversight",
        "MASH decisions awaiting your oversight",
        _queue(stage="oversight", sort="oldest"),
        "Open the oversight queue",
        (
            Line(
                "Awaiting oversight",
                total,
                detail=detail,
                href=_queue(stage="oversight", sort="oldest"),
                link_text="Sign off, oldest first",
            ),
        ),
        note="" if total else "No MASH decision is waiting for your sign-off.",
    )


def contacts_made(ask: _Ask) -> Card | None:
    """Partner agencies: the contacts they made, and which have an outcome this week. One query."""
    if not may(ask.user, "contact.own"):
        return None
    from continuum.journey.models import Contact

    week_ago = ask.moment - timedelta(days=7)
    figures = Contact.objects.filter(created_by=ask.user).aggregate(
        waiting=Count("pk", filter=Q(decision_at__isnull=True)),
        decided=Count("pk", filter=Q(decision_at__gte=week_ago)),
    )
    mine = _url("mash-my-contacts")
    lines = [
        Line("Awaiting a MASH decision", figures["waiting"], href=mine, link_text="See your contacts"),
        Line(
            "Outcome given in the last 7 days", figures["decided"], href=mine, link_text="Read the outcomes"
        ),
    ]
    if may(ask.user, "contact.create"):
        lines.append(
            Line(
                "Worried about a child?",
                value="Tell the MASH",
                href=_url("mash-contact-new"),
                link_text="Make a contact",
            )
        )
    return Card("partner-contacts", "Contacts you made", mine, "See your contacts", tuple(lines))


# --- Casework: my work, my team, conferences ---------------------------------------------------


def my_work(ask: _Ask) -> Card | None:
    """Case holders: overdue and due-today items, visits due this week and work returned to them.

    Counted from "My work"'s own tray with its own filters, and each line links to "My work" filtered
    the same way, so the number is the number of rows the link shows.
    """
    if not may(ask.user, "worktray.mine"):
        return None
    from continuum.web.signoff.views import returned_to
    from continuum.web.worktray.views import is_due_today, is_visit_this_week, my_tray, week_end

    worker, tray = my_tray(ask.request, as_of=ask.day)
    href = _url("worktray-mine")
    if worker is None:
        return Card(
            "my-work",
            "Your cases",
            href,
            "Open My work",
            note="Your sign-in is not linked to a worker record, so no cases are shown. "
            "Ask your system administrator to link it.",
        )
    returned = returned_to(ask.request)
    if not tray and not returned and r.SOCIAL_WORKER not in roles_of(ask.user):
        return None  # a manager holding no cases: their team's card says it all
    overdue = [line for line in tray if line.status is Status.OVERDUE]
    due_today = [line for line in tray if is_due_today(line, ask.day)]
    visits = [line for line in tray if is_visit_this_week(line, ask.day)]
    longest = max((line.days_overdue for line in overdue), default=0)
    children = len({line.child_id for line in overdue})
    overdue_detail = (
        f"For {_plural(children, 'child', 'children')}; the longest is {_plural(longest, 'day')} overdue."
        if overdue
        else ""
    )
    return Card(
        "my-work",
        "Your cases",
        href,
        "Open My work",
        (
            Line(
                "Overdue",
                len(overdue),
                detail=overdue_detail,
                href=_url("worktray-mine", status="overdue"),
                link_text="See overdue work",
                urgent=bool(overdue),
            ),
            Line(
                "Due today",
                len(due_today),
                href=_url("worktray-mine", status="due-today"),
                link_text="See what is due today",
            ),
            Line(
                f"Visits due by {_short_date(week_end(ask.day))}",
                len(visits),
                detail="Statutory visits to children on a plan or looked after.",
                href=_url("worktray-mine", status="visits"),
                link_text="See visits due",
            ),
            _returned_line(ask, returned, href),
        ),
    )


def _returned_line(ask: _Ask, returned: list[Any], tray: str) -> Line:
    """Work a manager sent back to this worker with comments: how many, and how long the oldest has waited."""
    detail = (
        f"A manager asked for changes; the oldest was returned {_ago(ask, returned[0].returned_on)}."
        if returned
        else ""
    )
    return Line(
        "Returned to you",
        len(returned),
        detail=detail,
        href=f"{tray}#returned" if returned else "",
        link_text="Read the comments and submit again",
        urgent=bool(returned),
    )


ASSESSMENT_RULE = "assessment_45wd"


@dataclass(frozen=True)
class _TeamWork:
    """One team's morning numbers, each list already cut to the children this user may open."""

    team_id: int
    title: str
    href: str
    overdue: list[Any]
    unallocated: list[Any]
    assessments: list[dict[str, Any]]
    late: list[dict[str, Any]]
    above: int
    below: int
    rule: Rule | None
    #: False for a MASH team, whose caseloads are not judged against the range (it holds no cases).
    measured: bool = True

    @property
    def overdue_children(self) -> int:
        return len({line.child_id for line in self.overdue})


def _team_work(ask: _Ask, team: object) -> _TeamWork:
    """One team's overdue work, unallocated cases, submitted assessments and caseloads outside range."""
    from continuum.journey.worktray import work_tray
    from continuum.people.caseloads import caseloads, unallocated_cases
    from continuum.people.models import Allocation, AllocationRole
    from continuum.web.worktray.views import caseloads_measured

    team_id = team.pk  # type: ignore[attr-defined]
    measured = caseloads_measured(team)  # type: ignore[arg-type]
    tray = work_tray(team=team_id, as_of=ask.day, rules=ask.rules)
    unallocated = unallocated_cases(ask.day, team=team_id)
    held = Allocation.objects.filter(
        team_id=team_id, role=AllocationRole.CASE_HOLDER, start_date__lte=ask.day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=ask.day))
    assessments = _submitted_assessments(held.values_list("child_id", flat=True))
    visible = ask.visible(
        {line.child_id for line in tray}
        | {u.child_id for u in unallocated}
        | {a["child_id"] for a in assessments}
    )
    assessments = [a for a in assessments if a["child_id"] in visible]
    rule = ask.rules.get(ASSESSMENT_RULE)
    loads = caseloads(ask.day, team=team_id) if measured else []
    name = str(team)
    return _TeamWork(
        team_id=team_id,
        title=name if name.lower().endswith("team") else f"{name} team",
        href=_url("worktray-team", team=str(team_id)),
        overdue=[line for line in tray if line.status is Status.OVERDUE and line.child_id in visible],
        unallocated=[u for u in unallocated if u.child_id in visible],
        assessments=assessments,
        late=[
            a
            for a in assessments
            if rule and _due_day(rule, a["assessment_actual_start_date"], ask.calendar) < ask.day
        ],
        above=sum(1 for load in loads if load.alert == "above"),
        below=sum(1 for load in loads if load.alert == "below"),
        rule=rule,
        measured=measured,
    )


def _submitted_assessments(child_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Assessments of ``child_ids`` submitted for authorisation and not yet authorised or returned.

    Why not "every assessment without an authorisation date": most of those are still being written,
    with nothing for a manager to do. Awaiting a manager means the sign-off's latest step is a
    submission (as on "Awaiting my authorisation"). Oldest start first, since the 45 working days run
    from the start. Three queries.
    """
    from continuum.journey.models import Assessment
    from continuum.practice.models import SignOffKind
    from continuum.practice.signoff import awaiting_sign_offs

    pairs = awaiting_sign_offs(child_ids)
    ids = [sign_off.record_id for sign_off, _ in pairs if sign_off.kind == SignOffKind.ASSESSMENT]
    return list(
        Assessment.objects.filter(pk__in=ids, assessment_authorisation_date__isnull=True)
        .order_by("assessment_actual_start_date", "pk")
        .values("pk", "child_id", "assessment_actual_start_date")
    )


def _allocate_line(ask: _Ask, waiting: Any, count: int, page: str, where: str = "") -> Line:
    return Line(
        "Cases awaiting allocation",
        count,
        detail=f"The longest has waited {_plural(waiting.days_unallocated, 'day')}{where}.",
        href=_url("child-allocate", waiting.child_id) if may(ask.user, "child.allocate") else page,
        link_text="Allocate the longest waiting",
        urgent=True,
    )


def _authorise_line(
    ask: _Ask, rule: Rule | None, oldest: dict[str, Any], count: int, late: int, where: str = ""
) -> Line:
    """Submitted assessments: how many, how many past 45 working days from their start, and the oldest
    one's sign-off page, where the manager authorises or returns it."""
    from continuum.practice.models import SignOffKind

    past = f"{late} past the {_rule_words(rule)} timescale; " if rule else ""
    return Line(
        "Assessments awaiting authorisation",
        count,
        detail=f"{past}the oldest started {_ago(ask, oldest['assessment_actual_start_date'])}{where}.",
        href=reverse("child-sign-off", args=[oldest["child_id"], SignOffKind.ASSESSMENT, oldest["pk"]]),
        link_text="Authorise the oldest",
        urgent=bool(late),
    )


def _team_card(ask: _Ask, work: _TeamWork) -> Card:
    """A team manager's one team: each number with what it means and where to act on it."""
    from continuum.people.caseloads import caseload_range

    page = work.href
    overdue = work.overdue
    lines = [
        Line(
            "Overdue work in the team",
            len(overdue),
            detail=f"For {_plural(work.overdue_children, 'child', 'children')}." if overdue else "",
            href=page,
            link_text="See overdue work by worker",
            urgent=bool(overdue),
        )
    ]
    if work.unallocated:
        lines.append(_allocate_line(ask, work.unallocated[0], len(work.unallocated), page))
    else:
        lines.append(Line("Cases awaiting allocation", 0, href=page, link_text="See unallocated cases"))
    if work.assessments:
        lines.append(
            _authorise_line(ask, work.rule, work.assessments[0], len(work.assessments), len(work.late))
        )
    else:
        lines.append(Line("Assessments awaiting authorisation", 0))
    low, high = caseload_range()
    if work.measured:
        lines.append(
            Line(
                f"Caseloads outside {low} to {high}",
                work.above + work.below,
                detail=f"{work.above} above, {work.below} below the range."
                if work.above + work.below
                else "",
                href=page,
                link_text="See caseloads",
            )
        )
    note = "" if work.measured else "MASH: caseloads not measured (the front door holds no cases)."
    return Card(f"team-{work.team_id}", work.title, page, "Open team caseloads", tuple(lines), note=note)


def _teams_card(ask: _Ask, works: list[_TeamWork]) -> Card:
    """Several teams (a head of service's): one table of each team's numbers, with their totals.

    Why: six team cards of four lines each made a head of service read and add
    up 24 numbers to learn where the service stands. The table reads across
    teams at a glance, each team's name opens its page, and the two things to
    act on first (the longest unallocated case, the oldest assessment waiting
    for authorisation) are named once, for the whole service.
    """
    from continuum.people.caseloads import caseload_range

    low, high = caseload_range()
    rows = tuple(
        TableRow(
            w.title,
            w.href,
            (w.overdue_children, len(w.unallocated), len(w.assessments), len(w.late), w.above + w.below),
            urgent=bool(w.overdue or w.unallocated or w.late),
        )
        for w in works
    )
    totals = tuple(sum(row.cells[i] for row in rows) for i in range(len(rows[0].cells)))
    table = Table(
        caption=f"Your {len(works)} teams today",
        head=(
            "Children with overdue work",
            "Cases awaiting allocation",
            "Assessments awaiting authorisation",
            f"Of which past the {_rule_words(works[0].rule)} timescale" if works[0].rule else "Of which late",
            f"Caseloads outside {low} to {high}",
        ),
        rows=rows,
        totals=TableRow("All your teams", "", totals),
    )
    lines = []
    waiting = [(u, w) for w in works for u in w.unallocated]
    if waiting:
        longest, team = max(waiting, key=lambda pair: pair[0].days_unallocated)
        lines.append(_allocate_line(ask, longest, len(waiting), team.href, f", in {team.title}"))
    pending = [(a, w) for w in works for a in w.assessments]
    if pending:
        oldest, team = min(pending, key=lambda pair: (pair[0]["assessment_actual_start_date"], pair[0]["pk"]))
        late = sum(len(w.late) for w in works)
        lines.append(_authorise_line(ask, team.rule, oldest, len(pending), late, f", in {team.title}"))
    return Card(
        "teams", "Your teams", _url("worktray-team"), "Open team caseloads", tuple(lines), table=table
    )


def my_teams(ask: _Ask) -> list[Card]:
    """Team managers: one card per team they manage; several teams share one table (see _teams_card)."""
    if not may(ask.user, "worktray.team"):
        return []
    from continuum.web.worktray.views import manager_teams

    teams = manager_teams(ask.user)
    if not teams:
        return [
            Card(
                "team",
                "Your team",
                _url("worktray-team"),
                "Open team caseloads",
                note="Your sign-in is not linked to a worker in a team, so no team is shown. "
                "Ask your system administrator to link it.",
            )
        ]
    works = [_team_work(ask, team) for team in teams]
    if len(works) == 1:
        return [_team_card(ask, works[0])]
    return [_teams_card(ask, works)]


def _reviewed_children(ask: _Ask) -> set[int]:
    """The children an IRO has a recorded reason to see: the ones whose conferences and reviews are theirs.

    The same reasons the policy's ``child.view`` accepts for someone outside
    the case-holding team (an open allocation to them, a relationship in
    date, a review or conference they chaired or are booked to chair: the
    policy's ``chaired_by``), plus this session's break glass; the caller
    still passes them through :meth:`_Ask.visible`. One query.
    """
    from continuum.core.models import LegitimateRelationship
    from continuum.people.models import Allocation

    user, day = ask.user, ask.day
    reasons = (
        Allocation.objects.filter(worker__user=user, end_date__isnull=True).order_by().values("child_id"),
        LegitimateRelationship.objects.filter(user=user, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by()
        .values("child_id"),
        *(chaired.order_by().values("child_id") for chaired in chaired_by(user)),
    )
    return set(reasons[0].union(*reasons[1:]).values_list("child_id", flat=True)) | ask.glass


def conferences_due(ask: _Ask) -> Card | None:
    """IROs: conferences and reviews overdue or due in the next 10 working days, for their children."""
    if not (may(ask.user, "worktray.conferences") and r.IRO_CP_CHAIR in roles_of(ask.user)):
        return None
    from continuum.journey.worktray import work_tray
    from continuum.web.worktray.views import CONFERENCE_RULES

    horizon = ask.calendar.add_working_days(ask.day, 10)
    children = ask.visible(_reviewed_children(ask))
    items = [
        line
        for line in (work_tray(children=children, as_of=ask.day, rules=ask.rules) if children else [])
        if line.rule_code in CONFERENCE_RULES and line.due <= horizon
    ]
    overdue = [line for line in items if line.status is Status.OVERDUE]
    coming = [line for line in items if line.status is not Status.OVERDUE]
    cp = sum(1 for line in coming if not line.rule_code.startswith("cla_"))
    href = _url("worktray-conferences")
    return Card(
        "conferences",
        "Conferences and reviews coming up",
        href,
        "Open conferences and reviews due",
        (
            Line(
                "Overdue",
                len(overdue),
                href=_url("worktray-conferences", status="overdue"),
                link_text="See overdue conferences and reviews",
                urgent=bool(overdue),
            ),
            Line(
                f"Due by {_short_date(horizon)} (10 working days)",
                len(coming),
                detail=(
                    f"{_plural(cp, 'child protection conference')}, "
                    f"{_plural(len(coming) - cp, 'looked-after review')}."
                    if coming
                    else ""
                ),
                href=href,
                link_text="See what is coming up",
            ),
        ),
    )


# --- Quality, performance, returns, administration -----------------------------------------------


def break_glass_to_review(ask: _Ask) -> Card | None:
    """QA officers: break-glass accesses not yet reviewed, oldest first. One query."""
    if not may(ask.user, "access.review"):
        return None
    from continuum.core.models import AccessLogEntry

    figures = AccessLogEntry.objects.filter(flagged=True, review__isnull=True).aggregate(
        total=Count("pk"), oldest=Min("at")
    )
    total = figures["total"]
    href = _url("access-break-glass")
    return Card(
        "break-glass",
        "Break-glass access to review",
        href,
        "Open break-glass review",
        (
            Line(
                "Not yet reviewed",
                total,
                detail=f"The oldest is from {_ago(ask, _local_day(figures['oldest']))}." if total else "",
                href=href,
                link_text="Review them",
                urgent=bool(total),
            ),
        ),
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _performance_matters_link(month: date) -> tuple[str, str]:
    """Where the analyst's card sends a reader of reports for ``month``'s Performance Matters: its
    latest published version, or the reports page (to generate or publish it) while none is."""
    from continuum.publishing.models import ReportVersion

    published = (
        ReportVersion.objects.filter(
            kind=ReportVersion.Kind.PERFORMANCE_MATTERS,
            period=_month_label(month),
            published_at__isnull=False,
        )
        .order_by("-published_at", "-number")
        .first()
    )
    if published is not None:
        return reverse("reports-version", args=[published.token]), f"Read Performance Matters for {month:%B}"
    return _url("reports-index"), f"Open the reports: {month:%B}'s is not published yet"


def this_month(ask: _Ask) -> Card | None:
    """Analysts: this month's contacts and referrals so far, and the month Performance Matters reports.

    Two counts from the record (no extraction: the dashboards do that), each linked to its own
    figure on the front door dashboard for this month, and a link to the Performance Matters reports
    (to generate or read the last complete month's), or the dashboards for one who cannot open them.
    """
    if not (may(ask.user, "performance.dashboard") and may(ask.user, "performance.drilldown")):
        return None
    from continuum.journey.models import CINEpisode, Contact

    start = _month_start(ask.day)
    last = _month_start(start - timedelta(days=1))
    midnight = datetime.combine(start, time(0), tzinfo=LOCAL_ZONE)
    contacts = Contact.objects.filter(received_at__gte=midnight).count()
    referrals = CINEpisode.objects.filter(
        cin_referral_date__gte=start, cin_referral_date__lte=ask.day
    ).count()
    front_door = reverse("performance-dashboard", args=["front-door"])
    month = f"{ask.day:%B}"
    reads_reports = may(ask.user, "reports.read")
    report_href, report_words = _performance_matters_link(last) if reads_reports else ("", "")
    return Card(
        "this-month",
        f"Performance in {month} {ask.day.year}",
        _url("performance-index"),
        "Open the dashboards",
        (
            Line(
                f"Contacts since 1 {month}",
                contacts,
                href=f"{front_door}?{urlencode({'period': _month_label(start)})}#ind-contacts",
                link_text=f"See contacts in {month}",
            ),
            Line(
                f"Referrals since 1 {month}",
                referrals,
                href=f"{front_door}?{urlencode({'period': _month_label(start)})}#ind-referrals",
                link_text=f"See referrals in {month}",
            ),
            Line(
                "Performance Matters",
                value=f"{last:%B} {last.year}",
                detail=f"The monthly report covers the last complete month, {last:%B} {last.year}.",
                href=report_href or f"{front_door}?{urlencode({'period': _month_label(last)})}",
                link_text=report_words or f"Check the figures for {last:%B}",
            ),
        ),
    )


def latest_figures(ask: _Ask) -> Card | None:
    """Those who read aggregates only (board members): the dashboards for the last complete month."""
    if not may(ask.user, "performance.dashboard") or may(ask.user, "performance.drilldown"):
        return None
    from continuum.web.dashboards.areas import areas_for

    last = _month_start(_month_start(ask.day) - timedelta(days=1))
    period = urlencode({"period": _month_label(last)})
    lines = tuple(
        Line(
            area.title,
            value=area.summary,
            href=f"{reverse('performance-dashboard', args=[area.slug])}?{period}",
            link_text=f"Read {last:%B}'s figures",
        )
        for area in areas_for(ask.user)
    )
    return Card(
        "latest-figures",
        f"The figures for {last:%B} {last.year}",
        _url("performance-index"),
        "Open the dashboards",
        lines,
        note="Figures only: no child's details. Small numbers are not shown.",
    )


def returns_status(ask: _Ask) -> Card | None:
    """Analysts and QA officers: uploads still being checked, and the latest checked upload's errors."""
    if not may(ask.user, "returns.upload"):
        return None
    from continuum.web.returns.models import ReturnUpload

    status = ReturnUpload.Status
    checking = ReturnUpload.objects.filter(status__in=(status.QUEUED, status.RUNNING)).count()
    latest = (
        ReturnUpload.objects.filter(status__in=(status.SUCCEEDED, status.FAILED))
        .order_by("-uploaded_at", "-pk")
        .only("token", "status", "errors", "uploaded_at")
        .first()
    )
    index = _url("returns-index")
    lines = [Line("Being checked", checking, href=index, link_text="See uploads")]
    if latest is None:
        lines.append(
            Line(
                "Latest upload",
                value="None yet",
                href=_url("returns-upload"),
                link_text="Upload CIN census or SSDA903 files",
            )
        )
    else:
        when = _short_date(_local_day(latest.uploaded_at))
        failed = latest.status == status.FAILED
        lines.append(
            Line(
                f"Errors in the latest upload ({when})",
                None if failed else latest.errors,
                value="Could not be checked" if failed else "",
                href=reverse("returns-upload-detail", args=[latest.token]),
                link_text="Read its report",
                urgent=failed or latest.errors > 0,
            )
        )
    return Card("returns", "Statutory returns", index, "Open statutory returns", tuple(lines))


def administration(ask: _Ask) -> Card | None:
    """System administrators: sign-ins that need them (no role yet, locked out); no case records."""
    if not may(ask.user, "admin.use"):
        return None
    from axes.models import AccessAttempt

    def admin_url(name: str) -> str:
        try:
            return reverse(name)
        except NoReverseMatch:
            return reverse("admin:index")

    no_role = User.objects.filter(is_active=True, groups__isnull=True).count()
    limit = settings.CONTINUUM_SIGNIN_FAILURE_LIMIT
    locked = AccessAttempt.objects.filter(failures_since_start__gte=limit).count()
    return Card(
        "administration",
        "Sign-ins to look after",
        reverse("admin:index"),
        "Open administration",
        (
            Line(
                "Active users with no role",
                no_role,
                detail="They can sign in but see nothing until given a role.",
                href=admin_url("admin:auth_user_changelist"),
                link_text="Give them a role",
                urgent=bool(no_role),
            ),
            Line(
                "Locked out after failed sign-ins",
                locked,
                href=admin_url("admin:axes_accessattempt_changelist"),
                link_text="See locked sign-ins",
            ),
        ),
        note="You manage users, roles and settings; children's records are not open to this role.",
    )


def my_actions(ask: _Ask) -> Card | None:
    """Anyone given actions (plan actions now; QA, complaints, board logs later): overdue and due soon."""
    from continuum.web.actions.views import actions_card

    return actions_card(ask.request, ask.day)  # type: ignore[no-any-return]


def awaiting_authorisation(ask: _Ask) -> Card | None:
    """Managers: work submitted for their authorisation (sign-offs; MASH decisions are on their own card).

    Left out when nothing awaits. Numbers only, from the same list as the tray page.
    """
    if not may(ask.user, "signoff.tray"):
        return None
    from continuum.core.timescales import Status
    from continuum.web.signoff.views import awaiting_for

    lines = awaiting_for(ask.request)
    if not lines:
        return None
    overdue = sum(1 for line in lines if line.status is Status.OVERDUE)
    href = _url("signoff-tray")
    return Card(
        "authorisation",
        "Awaiting your authorisation",
        href,
        "Open Awaiting my authorisation",
        (
            Line("Submitted to you", len(lines), href=href, link_text="See what is awaiting you"),
            Line(
                "Past the authorisation timescale",
                overdue,
                detail="The clock runs from the day the work was submitted.",
                urgent=bool(overdue),
            ),
        ),
    )


def partnership(ask: _Ask) -> Card | None:
    """Partner members: their actions from the board, its sub-groups and Section 11; never a child.

    The actions card itself is left out when they hold none, so this card
    says where their work will appear and what the role does not show.
    """
    if r.PARTNER_MEMBER not in roles_of(ask.user) or not may(ask.user, "actions.mine"):
        return None
    return Card(
        "partnership",
        "Your partnership work",
        _url("my-actions"),
        "Open My actions",
        note="Actions given to you by the partnership board, its sub-groups or a Section 11 audit "
        "are listed under My actions, with their due dates. Partner members see no child's record.",
    )


# --- Which cards, in which order -------------------------------------------------------------------

Builder = Callable[[_Ask], "Card | list[Card] | None"]


def _area_card(module: str, name: str) -> Builder:
    """A card built by an area's own module (``continuum.web.<area>``), imported when first asked for.

    Why late: those modules build their cards from this module's ``Card`` and ``Line``, so importing
    them here at load time would be circular.
    """

    def build(ask: _Ask) -> Card | list[Card] | None:
        return getattr(import_module(module), name)(ask)

    build.__name__ = name
    return build


BUILDERS: dict[str, Builder] = {
    "decide": contacts_to_decide,
    "oversee": contacts_to_oversee,
    "team": my_teams,
    "mine": my_work,
    "conferences": conferences_due,
    "break-glass": break_glass_to_review,
    "this-month": this_month,
    "returns": returns_status,
    "partner": contacts_made,
    "figures": latest_figures,
    "admin": administration,
    "actions": my_actions,
    "partnership": partnership,
    "authorise": awaiting_authorisation,
    "annual-report": _area_card("continuum.web.partnership.cards", "annual_report_chapters"),
    "qa": _area_card("continuum.web.assurance.home_card", "qa_today"),
    "complaints": _area_card("continuum.web.complaints.today", "complaints_today"),
    "iom": _area_card("continuum.web.community_safety.today", "iom_today"),
    "marac": _area_card("continuum.web.community_safety.marac_today", "marac_today"),
    "send": _area_card("continuum.web.send.cards", "send_casework"),
}

#: Each role's cards, what comes first first. A person holding several roles
#: gets each role's cards in the order of ``ALL_ROLES``, each card once.
ROLE_CARDS: dict[r.Role, tuple[str, ...]] = {
    r.MASH_PRACTITIONER: ("decide",),
    r.SOCIAL_WORKER: ("mine",),
    r.TEAM_MANAGER: ("decide", "oversee", "authorise", "team", "mine"),
    r.HEAD_OF_SERVICE: ("authorise", "team", "oversee"),
    r.IRO_CP_CHAIR: ("conferences",),
    r.QA_OFFICER: ("qa", "break-glass", "returns"),
    r.PERFORMANCE_ANALYST: ("this-month", "returns"),
    r.PARTNER_POLICE: ("partner",),
    r.PARTNER_HEALTH: ("partner",),
    r.PARTNER_EDUCATION: ("partner",),
    r.COMPLAINTS_OFFICER: ("complaints",),
    r.BOARD_MEMBER: ("figures",),
    r.PARTNER_MEMBER: ("partnership",),
    r.IOM_OFFICER: ("iom",),
    r.SEND_CASEWORKER: ("send",),
    r.COMMUNITY_SAFETY_OFFICER: ("marac",),
    r.SYSTEM_ADMINISTRATOR: ("admin",),
}


def cards_for(request: HttpRequest) -> list[Card]:
    """The cards for the signed-in user, most pressing role's first. Each builder asks the policy itself."""
    ask = _Ask(request)
    held = held_roles(request.user)  # the roles given, not those acted as: a head of service's own cards
    keys: list[str] = []
    for role in r.ALL_ROLES:
        if role in held:
            keys.extend(key for key in ROLE_CARDS.get(role, ()) if key not in keys)
    # Anyone may be given actions, an annual report chapter or a complaint response to write; each
    # card is left out when there are none.
    keys.extend(key for key in ("actions", "annual-report", "complaints") if key not in keys)
    cards: list[Card] = []
    for key in keys:
        built = BUILDERS[key](ask)
        if built is None:
            continue
        cards.extend(built if isinstance(built, list) else [built])
    return cards
