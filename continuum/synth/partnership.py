"""The demo borough's partnership business: the safeguarding partnership board, two sub-groups and a
task-and-finish group, two years of quarterly meetings with agendas, minutes, attendance, actions
(in the one tracker) and approvals, the latest packs published (each before its meeting), and training
courses with bookings.

Invented people and organisations' officers (no real person); deterministic from the seed; written
through the services so the demo's business obeys the same rules as business recorded by hand.
Only the last few meetings' packs are rendered (each is a PDF through WeasyPrint), to keep
``./run demo`` quick; the rest show their agendas and minutes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

from continuum.actions import services as action_services
from continuum.actions.models import Action
from continuum.core.working_days import add_working_days
from continuum.partnership import services
from continuum.partnership.models import Agency, Body, Booking, Course, Meeting, Member, TermsOfReference

BOARD = "Safeguarding Children Partnership Board"
LONDON = ZoneInfo("Europe/London")

#: name, organisation, role, voting
SEATS = (
    ("Morwenna Tate", "Independent", "Independent chair", True),
    ("Idris Calloway", "Council", "Director of children's services", True),
    ("Priya Ashdown", "Council", "Head of safeguarding", True),
    ("Tobias Wren", "Police", "Detective chief inspector, public protection", True),
    ("Hollis Mbeki", "Health", "Designated nurse for safeguarding", True),
    ("Ada Fenwick", "Health", "Named GP", True),
    ("Rufus Pellow", "Education", "Primary head teacher", True),
    ("Sian Okoro", "Probation", "Senior probation officer", True),
    ("Leona Hart", "Voluntary", "Chief officer, voluntary sector forum", True),
    ("Demo Partner member", "Health", "Safeguarding lead, community health", True),
)
SUBGROUPS = (
    ("Quality and Performance sub-group", "sub-group", "quarterly"),
    ("Learning and Development sub-group", "sub-group", "twice a year"),
    ("Exploitation task-and-finish group", "task-group", "at its close"),
)
#: Days a board gives an action, and how long overdue it is left before the board chases it to a close.
ACTION_DAYS = 60
CHASED_AFTER_DAYS = 120

#: Working days before its meeting that a pack goes out: five clear days (the day it is published and
#: the meeting's day not counted), the notice a council gives of a public meeting's agenda.
PACK_WORKING_DAYS_BEFORE = 6

ITEMS = (
    ("Minutes of the last meeting and action log", "Independent chair", "decision", 10),
    ("Performance Matters: the quarter's figures", "Head of performance", "discussion", 25),
    ("Quality assurance: case audit findings", "Head of safeguarding", "discussion", 20),
    ("Training and development report", "Learning and Development sub-group", "information", 10),
)
ACTIONS = (
    "Bring a deep dive on re-referrals to the next meeting",
    "Circulate the audit themes to all partner agencies",
    "Confirm health's attendance at strategy discussions",
    "Report back on the multi-agency training uptake",
    "Update the escalation protocol and share it",
)


def _user(username: str, first: str, last: str) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    return user


def next_working_day(day: date) -> date:
    """``day`` if it is a working day in England, else the next one: a course is not run at the
    weekend or on a bank holiday."""
    return add_working_days(day - timedelta(days=1), 1)


def pack_published_at(meeting: Meeting) -> datetime:
    """When the demo's pack for ``meeting`` went out: 10:00 five clear working days before it. Why: the
    demo records its packs after the fact, and a pack stamped with the day the demo was built read as
    published months after the meeting it was for."""
    day = add_working_days(meeting.starts_at.astimezone(LONDON).date(), -PACK_WORKING_DAYS_BEFORE)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)


def _close_by(closures: list[tuple[date, Action]], day: date) -> list[tuple[date, Action]]:
    """Close the actions due to close by ``day`` (done on their own day); return those still to close.
    Why kept back: a pack published before its meeting shows the action log as it stood that day."""
    for closes, action in closures:
        if closes <= day:
            action_services.set_status(action, status="done", by=action.owner, on=closes)
    return [(closes, action) for closes, action in closures if closes > day]


def board_day(day: date) -> date:
    """The board's sitting in the week of ``day``: its Thursday, or the next working day if that is a
    bank holiday. Why: a quarter of 91 days keeps the weekday it started on, so the demo's board met
    on whatever weekday two years before the demo's day was, Saturdays included."""
    return next_working_day(day + timedelta(days=(3 - day.weekday()) % 7))


@transaction.atomic
def ensure_demo_partnership(*, seed: int, as_of: date) -> dict[str, int]:
    """Create the demo partnership once (two years of meetings to ``as_of``); return what was made."""
    if Body.objects.filter(name=BOARD).exists():
        return ensure_demo_business(seed=seed, as_of=as_of)
    rng = random.Random(seed * 7919 + 22)  # noqa: S311 - synthetic data, not security
    manager = _user("demo-board", "Demo", "Board member")
    member_user = User.objects.filter(username="demo-partner-member").first()
    board = Body.objects.create(name=BOARD, kind="board", quorum=5, secretary=manager)
    TermsOfReference.objects.create(
        body=board,
        version=1,
        text="The partnership coordinates and assures the safeguarding work of its partners.",
        adopted_on=as_of - timedelta(days=800),
    )
    start = as_of - timedelta(days=730)
    seats = []
    for i, (name, org, role, voting) in enumerate(SEATS):
        seats.append(
            Member.objects.create(
                body=board,
                name=name,
                organisation=org,
                role=role,
                voting=voting,
                is_chair=i == 0,
                joined_on=start,
                user=member_user if name == "Demo Partner member" else None,
            )
        )
    for name, kind, schedule in SUBGROUPS:
        group = Body.objects.create(
            name=name, kind=kind, parent=board, reports_to_parent=schedule, secretary=manager, quorum=3
        )
        for seat in seats[1:5]:
            Member.objects.create(
                body=group,
                name=seat.name,
                organisation=seat.organisation,
                role=seat.role,
                joined_on=start,
                user=seat.user,
            )
    owners = [manager] + ([member_user] if member_user else [])
    meetings = []
    day = start
    while day <= as_of + timedelta(days=90):
        held = board_day(day)
        meetings.append(
            Meeting.objects.create(
                body=board,
                starts_at=datetime(held.year, held.month, held.day, 14, 0, tzinfo=LONDON),
                place="Council Chamber, Civic Centre",
            )
        )
        day += timedelta(days=91)
    actions = 0
    # The latest two meetings held have their packs published, each before its meeting (so the pack
    # gives the last minutes as "for approval" and the action log as it stood then, not as now).
    published = {m.pk for m in [m for m in meetings if m.starts_at.date() <= as_of][-2:]}
    closures: list[tuple[date, Action]] = []  # (the day it closes, the action), kept until that day
    for n, meeting in enumerate(meetings):
        items = [
            services.add_item(meeting, title=t, presenter=p, purpose=purpose, minutes_allowed=m)
            for t, p, purpose, m in ITEMS
        ]
        if n % 3 == 1:
            items.append(
                services.add_item(
                    meeting,
                    title="Commissioning of the independent scrutineer",
                    presenter="Director",
                    purpose="decision",
                    exempt=True,
                    exemption_category="3",
                )
            )
        if meeting.pk in published:
            sent = pack_published_at(meeting)
            closures = _close_by(closures, sent.date() - timedelta(days=1))
            services.publish(meeting, by=manager, published_at=sent)
        held = meeting.starts_at.date()
        if held > as_of:
            continue  # the next meeting: an agenda, not yet met
        for seat in seats:
            status = "present" if rng.random() < 0.8 else rng.choice(["apologies", "apologies", "absent"])
            services.record_attendance(meeting, seat, status=status)
        for item in items:
            services.write_minute(
                item,
                text=f"The board discussed {item.title.lower()}.",
                decision="Noted" if n % 2 else "Agreed",
                by=manager,
            )
        for item in items[1:3]:
            action = services.set_action(
                item,
                what=rng.choice(ACTIONS),
                owner=rng.choice(owners),
                due=held + timedelta(days=ACTION_DAYS),
                by=manager,
            )
            actions += 1
            closes = held + timedelta(days=rng.randint(20, 200))
            # Most actions close by their date; the rest late, and a board chases an action more
            # than four months overdue to a close, so only the last meetings' actions stay open.
            on_time = rng.random() < 0.7
            if closes <= as_of and (on_time or action.due_date < as_of - timedelta(days=CHASED_AFTER_DAYS)):
                closures.append((closes, action))
        if n:
            services.approve_minutes(meetings[n - 1], at=meeting, by=manager)
    _close_by(closures, as_of)
    courses = 0
    bookings = []
    agencies = [a for a, _ in Agency.choices]
    weights = [30, 2, 15, 5, 15, 12, 25, 1, 0, 1]
    course_day = next_working_day(start)
    while course_day <= as_of:
        course = Course.objects.create(
            title=rng.choice(["Working together to safeguard children", "Child exploitation", "Neglect"]),
            held_on=course_day,
            trainer="Partnership trainer",
            capacity=25,
            quality_assured=True,
            online=rng.random() < 0.15,
        )
        courses += 1
        for i in range(rng.randint(8, 25)):
            bookings.append(
                Booking(
                    course=course,
                    name=f"Delegate {courses}-{i}",
                    agency=rng.choices(agencies, weights)[0],
                    attended=rng.random() < 0.9,
                    evaluation=rng.randint(3, 5),
                )
            )
        course_day = next_working_day(course_day + timedelta(days=rng.randint(5, 12)))
    Booking.objects.bulk_create(bookings)
    made = {"meetings": len(meetings), "actions": actions, "courses": courses, "bookings": len(bookings)}
    return made | ensure_demo_business(seed=seed, as_of=as_of)


#: The partners' contributions (whole pounds) in the order the partnership lists them, last year's;
#: this year's are last year's with the council's and health's rises below.
CONTRIBUTIONS = (
    ("Council", 182_400),
    ("Police (Office of the Police and Crime Commissioner)", 5_000),
    ("Integrated care board", 37_500),
    ("Community health trust", 12_500),
    ("Mental health trust", 12_500),
    ("Acute hospital trust", 12_500),
    ("Probation Service", 1_000),
    ("Cafcass", 550),
    ("Fire and rescue service", 500),
)
SPENDING = (
    ("Business unit staff", 168_000),
    ("Independent scrutineer", 24_000),
    ("Multi-agency training", 38_500),
    ("Child safeguarding practice reviews", 22_000),
    ("Website, events and communications", 6_200),
)
#: title, partner (blank for a theme chapter), demo sign-in that writes it
CHAPTERS = (
    ("Strengthening leadership and partnership", "", "demo-analyst"),
    ("Driving continuous practice improvement", "", "demo-qa"),
    ("Listening to the voice of the child", "", "demo-head-of-service"),
    ("Update from community health", "Community health trust", "demo-partner-member"),
)


def _chapter_text(title: str, organisation: str, year: int) -> str:
    who = organisation or "The partnership"
    return (
        f"{who} set out in April {year} what it would do under this priority, "
        f"\u201c{title.lower()}\u201d, and this chapter reports what was done by March {year + 1}.\n\n"
        "Multi-agency audits and the training offer were used to test whether practice improved, and the "
        "board scrutinised the figures each quarter.\n\n"
        "Next year the partners will build on this work, with the sub-groups reporting progress to the board."
    )


def ensure_demo_business(*, seed: int, as_of: date) -> dict[str, int]:
    """The budget (two years of contributions and spending) and annual reports: last year's written,
    approved and assembled, this year's chapters given with their actions. Once (nothing if done)."""
    from continuum.partnership import annual, budget

    board = Body.objects.filter(name=BOARD).first()
    if board is None or board.contributions.exists() or board.annual_reports.exists():
        return {}
    manager = board.secretary
    this_year = as_of.year if as_of.month >= 4 else as_of.year - 1
    rises = {"Council": 1.04, "Integrated care board": 1.02}
    for year in (this_year - 1, this_year):
        for organisation, amount in CONTRIBUTIONS:
            if year == this_year:
                amount = int(round(amount * rises.get(organisation, 1.0), -2))
            budget.record_contribution(board, year=year, organisation=organisation, amount=amount, by=manager)
        for line, amount in SPENDING:
            budget.record_spending(board, year=year, line=line, amount=amount, by=manager)
    authors = {u.username: u for u in User.objects.filter(username__in=[c[2] for c in CHAPTERS])}
    last = annual.start_report(board, year=this_year - 1)
    current = annual.start_report(board, year=this_year)
    chapters = 0
    for title, organisation, username in CHAPTERS:
        author = authors.get(username)
        if author is None:
            continue
        done = annual.add_chapter(
            last,
            title=title,
            organisation=organisation,
            owner=author,
            due_on=date(this_year, 5, 31),
            by=manager,
        )
        annual.save_draft(done, text=_chapter_text(title, organisation, this_year - 1), by=author)
        annual.submit(done, by=author)
        annual.approve(done, by=manager)
        due = (
            max(as_of, date(this_year + 1, 5, 31))
            if username != "demo-partner-member"
            else as_of + timedelta(days=21)
        )
        annual.add_chapter(
            current, title=title, organisation=organisation, owner=author, due_on=due, by=manager
        )
        chapters += 2
    if last.chapters.exists():
        annual.assemble(last, by=manager)
    return {"budget lines": board.contributions.count() + board.spending.count(), "report chapters": chapters}
