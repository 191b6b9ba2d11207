"""Test helpers: a small board with members from four organisations and its meetings."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from continuum.partnership.models import Body, Meeting, Member

LONDON = ZoneInfo("Europe/London")

#: (name, organisation, role, voting, chair)
SEATS = [
    ("Ann Chair", "Council", "Cabinet member", True, True),
    ("Bob Director", "Council", "Director of children's services", True, False),
    ("Cath Nurse", "Health", "Designated nurse", True, False),
    ("Dan Inspector", "Police", "Detective inspector", True, False),
    ("Eve Head", "Education", "Head teacher", True, False),
    ("Fay Officer", "Council", "Strategy officer", False, False),
]


def make_board(secretary: User, member_user: User | None = None) -> Body:
    """The Children's Trust Board with its six seats; ``member_user`` signs in as Cath Nurse."""
    body = Body.objects.create(name="Children's Trust Board", kind="board", quorum=3, secretary=secretary)
    for name, org, role, voting, chair in SEATS:
        Member.objects.create(
            body=body,
            name=name,
            organisation=org,
            role=role,
            voting=voting,
            is_chair=chair,
            joined_on=date(2011, 4, 1),
            user=member_user if name == "Cath Nurse" else None,
        )
    return body


def meeting(body: Body, y: int, m: int, d: int) -> Meeting:
    return Meeting.objects.create(
        body=body, starts_at=datetime(y, m, d, 14, 0, tzinfo=LONDON), place="Committee Room 1, Town Hall"
    )


def seat(body: Body, name: str) -> Member:
    return body.members.get(name=name)
