"""Every community safety page costs the same number of queries with one record as with five, and the
IOM matrix over time is one reading of the history however many days are asked.

Why: the pages list offenders, meetings with their cases and children, calls and crime figures; a
query per row (or per day of the matrix, as the IOM page once replayed the whole history for each
of its twelve month ends) makes the page slower as the cohort grows. Each page is read with one
record of each kind, then four more are added and it is read again: the count must not grow.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.actions import services as tracker
from continuum.community_safety import iom
from continuum.community_safety.keys import PARTNERSHIP_KEY, ensure_partnership_key
from continuum.community_safety.models import (
    AsbCall,
    CrimeKind,
    CrimeRecord,
    CrimeType,
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    MaracMeeting,
    MaracReferral,
    RiskChange,
    RiskColour,
)
from continuum.core import roles
from continuum.people.models import Child
from tests.page_queries import queries_of

pytestmark = pytest.mark.django_db

PAGES = {
    "crime summary": "/community-safety/crime-summary/?from=2012-04&to=2012-09",
    "asb": "/community-safety/asb/",
    "iom": "/community-safety/iom/?on=2012-09-30",
    "marac": "/community-safety/marac/",
    "landing": "/community-safety/",
    "board pack": "/community-safety/board-pack/",
    "action plan": "/community-safety/action-plan/",
}


def _add(n: int, owner) -> None:  # type: ignore[no-untyped-def]
    """``n`` more of each: IOM offenders (two flags, three colour changes, events, a release), MARAC
    meetings with a referral, a child in its household and an action, ASB calls and crime figures."""
    start = IomOffender.objects.count()
    leaf = CrimeType.objects.filter(kind=CrimeKind.OFFENCE).order_by("pk").first()
    for i in range(start, start + n):
        who = IomOffender.objects.create(
            reference=f"IOM-{i}", name=f"Adult {i}", added_on=date(2012, 1, 1), release_due=date(2012, 10, 20)
        )
        IomFlag.objects.bulk_create(
            [IomFlag(offender=who, status=IomStatus.PPO), IomFlag(offender=who, status=IomStatus.STATUTORY)]
        )
        for colour, on in ((RiskColour.RED, date(2012, 1, 1)), (RiskColour.AMBER, date(2012, 5, 1))):
            RiskChange.objects.create(offender=who, colour=colour, on=on, reason="Intelligence")
        RiskChange.objects.create(offender=who, colour=RiskColour.BLUE, on=date(2012, 7, 1), reason="Custody")
        IomEvent.objects.create(offender=who, kind=IomEventKind.CUSTODY, on=date(2012, 7, 1))
        meeting = MaracMeeting.objects.create(held_on=date(2012, 5, 3 + i))
        referral = MaracReferral.objects.create(
            referred_on=date(2012, 5, 1), agency="Police", risk_score=14, victim_key=f"V{i}", meeting=meeting
        )
        referral.children.set(
            [Child.objects.create(la_child_id=f"MQ-{i}", person_birth_date=date(2019, 3, 1))]
        )
        tracker.create_action(
            source=referral, label="MARAC", what="Safety plan", owner=owner, due=date(2012, 6, 1), by=owner
        )
        AsbCall.objects.create(
            received=date(2012, 5, 1 + i), call_type=f"Type {i}", ward="E05099901", caller_key=f"C{i}"
        )
        CrimeRecord.objects.create(
            crime_type=leaf, month=date(2012, 4 + i % 6, 1), ward=f"W{i}", offences=3, sanction_detections=1
        )


def _add_plan_lines(n: int, owner) -> None:  # type: ignore[no-untyped-def]
    """``n`` more lines of the partnership's action plan, each with a second (Amber) rating."""
    from continuum.improvement import services as plans
    from continuum.improvement.models import Objective

    objective = Objective.objects.filter(priority__plan__rag_key__code=PARTNERSHIP_KEY).first()
    if objective is None:
        plan = plans.create_plan(
            title="Safer streets",
            owner_body="Safer Communities Partnership",
            owner=owner,
            starts=date(2012, 4, 1),
            ends=date(2015, 3, 31),
            key=ensure_partnership_key(),
        )
        plans.add_lead(plan, "CS", owner)
        objective = plans.add_objective(plans.add_priority(plan, title="Burglary"), "Fewer burglaries")
    for i in range(n):
        line = plans.add_plan_action(
            objective,
            ref=f"1.{objective.plan_actions.count() + 1}",
            text=f"Target hardening {i}",
            lead_text="CS",
            delivery_text="Quarterly",
            rag="G",
            by=owner,
            rated_on=date(2012, 4, 1),
        )
        plans.record_rag(line, code="A", by=owner, on=date(2012, 7, 1), reason="Behind on visits")


def test_no_community_safety_page_asks_once_per_row(client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("cs-reader", roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER, roles.IOM_OFFICER)
    client.force_login(user)
    _add(1, user)
    _add_plan_lines(1, user)
    one = {name: queries_of(client, url) for name, url in PAGES.items()}
    _add(4, user)
    _add_plan_lines(4, user)
    five = {name: queries_of(client, url) for name, url in PAGES.items()}
    assert five == one


def test_the_matrix_over_any_number_of_days_is_one_query(make_user) -> None:  # type: ignore[no-untyped-def]
    """Known answers from one reading: before the offenders were added, nobody; in June all Amber;
    from July all Blue."""
    _add(3, make_user("cs-owner", roles.PERFORMANCE_ANALYST))
    days = [
        date(2011, 12, 31),
        date(2012, 6, 30),
        date(2012, 7, 31),
        *(date(2013, m, 1) for m in range(1, 13)),
    ]
    with CaptureQueriesContext(connection) as captured:
        over = dict(iom.counts_over_time(days))
    assert len(captured) == 1
    assert over[date(2011, 12, 31)] == {"red": 0, "amber": 0, "green": 0, "blue": 0}
    assert over[date(2012, 6, 30)] == {"red": 0, "amber": 3, "green": 0, "blue": 0}
    assert over[date(2013, 12, 1)] == {"red": 0, "amber": 0, "green": 0, "blue": 3}
    assert iom.colours_on(date(2012, 1, 1)) == dict.fromkeys(
        IomOffender.objects.values_list("pk", flat=True), "red"
    )


def test_the_iom_page_reads_the_matrix_history_once(client, make_user) -> None:  # type: ignore[no-untyped-def]
    """Twelve month ends, the board summary and (for the IOM team) the releases and the list of people
    share one reading: the list shows each person's colour on the day, their history is on their page."""
    board = make_user("cs-board", roles.BOARD_MEMBER)
    _add(3, board)
    history = RiskChange._meta.db_table
    for user, readings in ((board, 1), (make_user("cs-iom", roles.IOM_OFFICER), 1)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGES["iom"]).status_code == 200
        assert sum(history in q["sql"] for q in captured.captured_queries) == readings
