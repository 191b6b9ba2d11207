"""A child's "Next due" and the work tray agree: a plan that has ended leaves nothing due on the record.

Testers found the record showing "Child protection visit 6 May 2026 — Overdue"
for a CP plan that ended on 7 May, while the trays and the home page counted
nothing overdue. Both now read the work tray's answer for the child.

Known answers, worked by hand (English bank holidays: 29 Mar and 1 Apr 2024),
seen on Tuesday 2 April 2024:

* Both children were referred on Mon 8 Jan 2024 with an assessment started and
  not finished: due 45 working days later (the referral day not counted):
  17 days to 31 Jan, 21 in February (38), 1 Mar and 4–8 Mar (44), Mon 11 Mar (45).
  Overdue on 2 April, and still work to do: the referral is open.
* The CP child: ICPC Wed 24 Jan 2024, plan from that day, never visited.
  A CP visit was due 10 working days on, Wed 7 Feb (25, 26, 29, 30, 31 Jan,
  1, 2, 5, 6, 7 Feb). The plan ended Wed 20 Mar 2024.
* The CIN child: CIN plan from Mon 15 Jan 2024, never visited; a CIN visit was
  due 4 weeks on, Mon 12 Feb. The plan ended Mon 19 Feb 2024.

The missed visits stay "overdue" in the history, but neither plan is running
on 2 April, so neither visit is work to do.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import Status
from continuum.journey import services as s
from continuum.journey.worktray import due_items_for_child, work_tray
from continuum.people.models import Child, TeamType, Worker
from continuum.people.services import create_team, create_worker
from continuum.web.children.pages import due_lines

pytestmark = pytest.mark.django_db

AS_OF = date(2024, 4, 2)
REFERRAL = date(2024, 1, 8)
ASSESSMENT_DUE = date(2024, 3, 11)


def referred(first: str) -> Child:
    child = s.register_child(first_name=first, last_name="Ended", person_birth_date=date(2016, 3, 1), by=None)
    episode = s.open_referral(child=child, cin_referral_date=REFERRAL, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=REFERRAL, by=None)
    return child


def cp_plan_ended() -> Child:
    child = referred("Protected")
    episode = child.cin_episodes.get()
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=REFERRAL, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=REFERRAL, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(
        cin_episode=episode, conference_date=date(2024, 1, 24), outcome="plan", section47=s47, by=None
    )
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(cp_plan=plan, meeting_date=date(2024, 1, 25), by=None)
    s.end_cp_plan(cp_plan=plan, cpp_end_date=date(2024, 3, 20), expected_version=plan.version, by=None)
    return child


def cin_plan_ended() -> Child:
    child = referred("Needing")
    plan = s.start_cin_plan(
        cin_episode=child.cin_episodes.get(), cin_plan_start_date=date(2024, 1, 15), by=None
    )
    s.end_cin_plan(cin_plan=plan, cin_plan_end_date=date(2024, 2, 19), expected_version=plan.version, by=None)
    return child


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    user = make_user("ended-sw", roles.SOCIAL_WORKER)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=user
    )
    children = {"cp": cp_plan_ended(), "cin": cin_plan_ended()}
    for child in children.values():
        s.allocate(child=child, team=team, worker=worker, start_date=REFERRAL, by=None)
    return user, worker, children


def tray_lines(worker: Worker, child: Child) -> list[tuple[str, date, Status]]:
    return [
        (line.item.rule_name, line.due, line.status)
        for line in work_tray(worker=worker, as_of=AS_OF)
        if line.child_id == child.pk
    ]


@pytest.mark.parametrize(
    ("which", "missed"),
    [
        ("cp", ("Child protection visit", date(2024, 2, 7))),
        ("cin", ("Child in need visit", date(2024, 2, 12))),
    ],
)
def test_a_visit_missed_on_an_ended_plan_is_in_the_history_but_not_next_due(world, which, missed) -> None:  # type: ignore[no-untyped-def]
    _user, worker, children = world
    child = children[which]
    history = [(i.rule_name, i.due, i.status) for i in due_items_for_child(child, as_of=AS_OF)]
    assert (*missed, Status.OVERDUE) in history  # the record of what was missed is kept

    record = [(line.name, line.due, line.status_text) for line in due_lines(child) or []]
    assert record == [("Single assessment completed", ASSESSMENT_DUE, "Overdue")]
    assert tray_lines(worker, child) == [("Single assessment completed", ASSESSMENT_DUE, Status.OVERDUE)]


def test_the_record_page_shows_what_the_tray_shows(world) -> None:  # type: ignore[no-untyped-def]
    user, worker, children = world
    client = Client()
    client.force_login(user)
    for child in children.values():
        html = client.get(reverse("child-record", args=[child.pk])).content.decode()
        next_due = html.split("Next due</h2>", 1)[1].split("</table>", 1)[0]
        assert "visit" not in next_due
        assert next_due.count('<tr class="govuk-table__row"><td') == len(tray_lines(worker, child)) == 1
        assert "Single assessment completed" in next_due
        assert "11 Mar 2024" in next_due
