"""CLA visits after a placement's first year: schedule, words, and tray, record and indicator agreeing.

Reg 28(2) of the Care Planning, Placement and Case Review (England) Regulations 2010
(domain.md: "Visits within 1 week of each placement, then every 6 weeks in year one,
then every 3 months once the placement is long-term"): a placement not intended to
last until 18 stays six-weekly after its first year; a long-term one moves to
three-monthly visits. A tester saw looked-after children past their first year with
a "first year of placement" visit overdue. The dates were right (the demo's borough
records no long-term plans, yet its workers visit about every 12 weeks after a year,
so six-weekly visits really are late); the words were not: a placement that is not
long-term has six-weekly visits throughout, which are not "first year" visits.

Every child below is placed on Mon 8 Jan 2024, so the first year ends Wed 8 Jan 2025.
Visits in year one, worked by hand (each exactly on its due date, so all on time):
15 Jan 2024 (within a week), then every 6 weeks: 26 Feb, 8 Apr, 20 May, 1 Jul, 12 Aug,
23 Sep, 4 Nov, 16 Dec 2024; the visit after that, 6 weeks on, is Mon 27 Jan 2025, the
first on or after the anniversary. Records are built through the services only.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User

from continuum.core.timescales import DueItem, Status, chain, rules_by_code
from continuum.journey import services as s
from continuum.journey.models import PermanencePlan
from continuum.journey.worktray import due_items_for_child, next_due_for_child, work_tray
from continuum.journey.worktray.clocks import placement_visit_chain
from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from continuum.people.models import Child
from tests.journey.test_worktray import cla_child
from tests.metrics.builders import CALENDAR, rules_with

pytestmark = pytest.mark.django_db

PLACED = date(2024, 1, 8)
YEAR_ONE = [date(2024, 1, 15) + timedelta(weeks=6 * n) for n in range(9)]  # 15 Jan .. 16 Dec 2024
FIRST_AFTER_ANNIVERSARY = date(2025, 1, 27)
SIX_WEEKLY = "Visit to a looked-after child (every 6 weeks)"
LONG_TERM = "Visit to a looked-after child (long-term placement)"


def placed_child(officer: User, visits: list[date], *, long_term_agreed: bool) -> Child:
    """A child placed on 8 Jan 2024 and seen on ``visits``; long-term fostering agreed after year one."""
    child, episode = cla_child(officer, decom=PLACED)
    for day in visits:
        s.record_visit(child=child, kind="cla", visit_date=day, seen=True, seen_alone=True, by=officer)
    if long_term_agreed:
        s.update_cla_episode(
            cla_episode=episode,
            expected_version=episode.version,
            permanence_plan=PermanencePlan.LONG_TERM_FOSTERING,
            by=officer,
        )
    return child


def visit_clock(child: Child, as_of: date) -> list[DueItem]:
    return [i for i in due_items_for_child(child, as_of=as_of) if i.subject.record_type == "placement"]


def outstanding_visit(child: Child, as_of: date) -> DueItem:
    """The one visit line of the child's record; the work tray must show exactly the same."""
    (item,) = [i for i in next_due_for_child(child, as_of) if i.subject.record_type == "placement"]
    tray = [
        line.item
        for line in work_tray(children=[child.pk], as_of=as_of)
        if line.item.subject.record_type == "placement"
    ]
    assert tray == [item]
    return item


def test_a_placement_not_long_term_stays_six_weekly_after_its_first_year(officer: User) -> None:
    # Seen six-weekly throughout: after 27 Jan 2025, 10 Mar 2025 (6 weeks on). Next due
    # 10 Mar + 6 weeks = Mon 21 Apr 2025. On Mon 7 Apr 2025 (15 months in) that is "due": due soon
    # starts 5 working days before 21 Apr (Easter Monday; 18 Apr is Good Friday): 17, 16, 15, 14,
    # 11 Apr -> Fri 11 Apr.
    child = placed_child(
        officer, [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 3, 10)], long_term_agreed=False
    )
    item = outstanding_visit(child, date(2025, 4, 7))
    assert (item.due, item.status, item.rule_name) == (date(2025, 4, 21), Status.DUE, SIX_WEEKLY)
    assert outstanding_visit(child, date(2025, 4, 11)).status is Status.DUE_SOON
    # Not seen by Tue 22 Apr: overdue, and still called a six-weekly visit, not a first-year one.
    item = outstanding_visit(child, date(2025, 4, 22))
    assert (item.due, item.status, item.rule_name) == (date(2025, 4, 21), Status.OVERDUE, SIX_WEEKLY)
    # The whole history: the week-one visit, then eleven six-weekly items (ten done on time, the last
    # overdue), none in the words of the first year only.
    history = visit_clock(child, date(2025, 4, 22))
    assert [i.rule_name for i in history] == ["Visit to a child in a new placement"] + [SIX_WEEKLY] * 11
    assert [i.status for i in history[:-1]] == [Status.DONE_ON_TIME] * 11
    assert not [i for i in history if "first year" in i.rule_name]


def test_a_long_term_placement_visited_every_twelve_weeks_after_its_first_year_is_on_time(
    officer: User,
) -> None:
    # Long-term fostering agreed after year one. 27 Jan 2025 is the first visit on or after the
    # anniversary: it answers the six-weekly step due that day, and moves the clock to 3 months.
    # Then every 12 weeks: 21 Apr 2025 (due 27 Jan + 3 months = Sun 27 Apr: on time) and 14 Jul 2025
    # (due 21 Apr + 3 months = Mon 21 Jul: on time). Next due 14 Jul + 3 months = Tue 14 Oct 2025.
    visits = [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 4, 21), date(2025, 7, 14)]
    child = placed_child(officer, visits, long_term_agreed=True)
    history = visit_clock(child, date(2025, 8, 4))
    assert [(i.rule_code, i.due, i.status) for i in history[-4:]] == [
        ("cla_visit_year_one", date(2025, 1, 27), Status.DONE_ON_TIME),
        ("cla_visit_long_term", date(2025, 4, 27), Status.DONE_ON_TIME),
        ("cla_visit_long_term", date(2025, 7, 21), Status.DONE_ON_TIME),
        ("cla_visit_long_term", date(2025, 10, 14), Status.DUE),
    ]
    item = outstanding_visit(child, date(2025, 8, 4))
    assert (item.due, item.status, item.rule_name) == (date(2025, 10, 14), Status.DUE, LONG_TERM)
    # Fifteen months in (Mon 7 Apr 2025), 10 weeks after the 27 Jan visit: due 27 Apr, not overdue.
    item = outstanding_visit(child, date(2025, 4, 7))
    assert (item.due, item.status, item.rule_name) == (date(2025, 4, 27), Status.DUE, LONG_TERM)


def test_twelve_weekly_visits_in_a_placement_not_long_term_are_late(officer: User) -> None:
    # The demo's case: its synthetic workers visit about every 12 weeks after a year, but its
    # borough records no long-term plans. The same visits as above without the plan: after 27 Jan
    # 2025 the next is due 6 weeks on, Mon 10 Mar 2025, so on Mon 7 Apr 2025 it is overdue. That is
    # the law (reg 28(2)(c)(ii)), not a fault in the clock.
    visits = [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 4, 21), date(2025, 7, 14)]
    child = placed_child(officer, visits, long_term_agreed=False)
    item = outstanding_visit(child, date(2025, 4, 7))
    assert (item.due, item.status, item.rule_name) == (date(2025, 3, 10), Status.OVERDUE, SIX_WEEKLY)
    # Later: 21 Apr was late for 10 Mar; 14 Jul late for 2 Jun (21 Apr + 6 weeks); next due 25 Aug.
    history = visit_clock(child, date(2025, 8, 4))
    assert [(i.due, i.status) for i in history[-3:]] == [
        (date(2025, 3, 10), Status.DONE_LATE),
        (date(2025, 6, 2), Status.DONE_LATE),
        (date(2025, 8, 25), Status.DUE),
    ]


def test_the_indicator_counts_these_children_as_the_record_does(officer: User) -> None:
    # At the end of April 2025 (Wed 30 Apr), with the visits known by then:
    #   six-weekly throughout, last seen 10 Mar -> due 21 Apr -> overdue;
    #   long-term, last seen 21 Apr -> due 21 Jul -> not overdue;
    #   not long-term, same visits, last seen 21 Apr -> due 2 Jun -> not overdue.
    as_of = date(2025, 4, 30)
    children = {
        "six-weekly": placed_child(
            officer, [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 3, 10)], long_term_agreed=False
        ),
        "long-term": placed_child(
            officer, [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 4, 21)], long_term_agreed=True
        ),
        "not long-term": placed_child(
            officer, [*YEAR_ONE, FIRST_AFTER_ANNIVERSARY, date(2025, 4, 21)], long_term_agreed=False
        ),
    }
    result = Engine(extract_tables(), calendar=CALENDAR).run_one("cla_visits_on_time", "2025-04")
    assert result.status != "error", result.error
    rows = {r["la_child_id"]: (r["next_due"], r["num"]) for r in result.rows.to_pylist()}
    record = {}
    for name, child in children.items():
        item = outstanding_visit(child, as_of)
        record[name] = (item.due, int(item.status is not Status.OVERDUE))
        assert rows[child.la_child_id] == record[name], name
    assert record == {
        "six-weekly": (date(2025, 4, 21), 0),
        "long-term": (date(2025, 7, 21), 1),
        "not long-term": (date(2025, 6, 2), 1),
    }


def test_the_six_weekly_rule_keeps_the_councils_numbers_and_says_them() -> None:
    # A council that visits every 4 weeks: the placement that is not long-term is visited every
    # 4 weeks, under that name; the long-term chain is the council's chain untouched.
    index = rules_by_code(rules_with("cla_visit_year_one", interval=4, repeat_interval=4))
    other = placement_visit_chain(index, long_term=False)
    assert [(r.code, r.name, r.repeat_interval) for r in other] == [
        ("cla_visit_new_placement", "Visit to a child in a new placement", None),
        ("cla_visit_year_one", "Visit to a looked-after child (every 4 weeks)", 4),
    ]
    assert placement_visit_chain(index, long_term=True) == chain("cla_visit_new_placement", index)
