"""The demo borough's partnership business: the safeguarding partnership board, two sub-groups and a
task-and-finish group, two years of quarterly meetings with agendas, minutes, attendance, actions
(in the one tracker) and approvals, the latest packs published, and training courses with bookings.

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


@transaction.atomic
def ensure_demo_partnership(*, seed: int, as_of: date) -> dict[str, int]:
    """Create the demo partnership once (two years of meetings to ``as_of``); return what was made."""
    if Body.objects.filter(name=BOARD).exists():
        return {}
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
        meetings.append(
            Meeting.objects.create(
                body=board,
                starts_at=datetime(day.year, day.month, min(day.day, 28), 14, 0, tzinfo=LONDON),
                place="Council Chamber, Civic Centre",
            )
        )
        day += timedelta(days=91)
    actions = 0
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
                due=held + timedelta(days=60),
                by=manager,
            )
            actions += 1
            closes = held + timedelta(days=rng.randint(20, 200))
            if closes <= as_of and rng.random() < 0.7:
                action_services.set_status(action, status="done", by=action.owner, on=closes)
        if n:
            services.approve_minutes(meetings[n - 1], at=meeting, by=manager)
    past = [m for m in meetings if m.starts_at.date() <= as_of]
    for meeting in past[-2:]:
        services.publish(meeting, by=manager)
    courses = 0
    bookings = []
    agencies = [a for a, _ in Agency.choices]
    weights = [30, 2, 15, 5, 15, 12, 25, 1, 0, 1]
    course_day = start
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
        course_day += timedelta(days=rng.randint(5, 12))
    Booking.objects.bulk_create(bookings)
    return {"meetings": len(meetings), "actions": actions, "courses": courses, "bookings": len(bookings)}
