"""Every complaints page costs the same number of queries with one record as with five.

Why: each page lists rows (stages, compliments, enquiries, a child's complaints, a complaint's
stages, children and learning); a query per row would make the busiest officer's tray the slowest
page. Each page is read with one record, then four more are added and it is read again: the count
must not grow.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from continuum.complaints import services as c
from continuum.complaints.models import Complaint, MembersEnquiry
from continuum.journey import services as s
from tests.complaints.conftest import a_complaint
from tests.page_queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(complaints_people, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    return {**complaints_people, "author": complaints_people["manager"]}


def _add(world: dict, n: int) -> None:  # type: ignore[type-arg]
    """``n`` more of everything: complaints about the child (one answered and escalated), each with a
    learning action, further children on the first complaint, compliments and members' enquiries."""
    officer, team = world["officer"], world["team"]
    first = Complaint.objects.order_by("pk").first()
    for i in range(n):
        complaint = a_complaint(
            by=officer,
            author=world["author"],
            received=date(2024, 3, 1 + i),
            team=team,
            children=[world["kid"]],
        )
        first = first or complaint
        stage = complaint.stages.get()
        c.respond(stage, on=date(2024, 3, 20), outcome="upheld", letter="Sorry", by=officer)
        c.escalate(complaint, requested=date(2024, 3, 25), by=officer, author=world["author"])
        c.add_learning(
            complaint,
            learning="Reply in 2 days",
            what="Brief the team",
            owner=officer,
            due=date(2024, 6, 1),
            by=officer,
        )
        other = s.register_child(
            first_name=f"Sib{i}", last_name="Child", person_birth_date=date(2014, 1, 1), by=None
        )
        first.children.add(other)
        c.record_compliment(
            received=date(2024, 3, 2 + i), team=team, from_type="parent", summary="Kind", by=officer
        )
        c.record_enquiry(
            received=date(2024, 4, 1 + i), member="Cllr Moss", summary="Why?", team=team, by=officer
        )


def _urls(world: dict) -> dict[str, str]:  # type: ignore[type-arg]
    first = Complaint.objects.order_by("pk").first()
    enquiry = MembersEnquiry.objects.order_by("pk").first()
    return {
        "tray": reverse("complaints-tray"),
        "complaint": reverse("complaints-complaint", args=[first.pk]),  # type: ignore[union-attr]
        "compliments": reverse("complaints-compliments"),
        "enquiries": reverse("complaints-enquiries"),
        "enquiry": reverse("complaints-enquiry", args=[enquiry.pk]),  # type: ignore[union-attr]
        "child": reverse("complaints-child", args=[world["kid"].pk]),
    }


def test_no_complaints_page_asks_once_per_row(client, world) -> None:  # type: ignore[no-untyped-def]
    _add(world, 1)
    pages = _urls(world)
    users = {name: world["officer"] for name in pages} | {"child": world["sw"]}
    one = {}
    for name, url in pages.items():
        client.force_login(users[name])
        one[name] = queries_of(client, url)
    _add(world, 4)
    five = {}
    for name, url in pages.items():
        client.force_login(users[name])
        five[name] = queries_of(client, url)
    assert five == one
