"""The work tray's clock logic, without a database: hand-built rows in, known due dates and statuses out.

:mod:`continuum.journey.worktray.clocks` is pure, so these tests build a
child's facts as plain dicts (the rows the loader gives) and check the clocks
and the engine's verdicts against dates worked by hand. English bank holidays
used below: 2024: 29 Mar (Good Friday), 1 Apr (Easter Monday), 6 May (early
May). No test here touches the database: pytest-django would refuse it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from continuum.core.timescale_defaults import DEFAULT_RULES
from continuum.core.timescales import LOCAL_ZONE, DueItem, Status, rules_by_code
from continuum.core.working_days import WorkingDayCalendar
from continuum.journey.models import PermanencePlan, VisitKind
from continuum.journey.worktray.clocks import Facts, clocks_for_child, due_items, periods_of_care
from continuum.journey.worktray.facts import FACTS

RULES = rules_by_code(DEFAULT_RULES)
CALENDAR = WorkingDayCalendar()


def child(born: date = date(2015, 5, 1), died: date | None = None, **lists: list[dict[str, Any]]) -> Facts:
    row = {
        "id": 1,
        "la_child_id": "C1",
        "first_name": "Ada",
        "last_name": "Test",
        "person_birth_date": born,
        "person_death_date": died,
    }
    return Facts(child=row, **lists)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_ZONE)


def items(
    facts: Facts, as_of: date, code: str, *, calendar: WorkingDayCalendar = CALENDAR, **kw: Any
) -> list[DueItem]:
    found = due_items(facts, RULES, as_of, calendar, outstanding_only=kw.get("outstanding_only", False))
    return [i for i in found if i.rule_code == code]


def referral(on: date, closed: date | None = None, nfa: bool = False) -> dict[str, Any]:
    return {"id": 10, "child_id": 1, "cin_referral_date": on, "cin_closure_date": closed, "referral_nfa": nfa}


# --- Working days: the assessment clock round Easter and the early May bank holiday -------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        # Mon 4 Mar 2024 + 45 working days, skipping 29 Mar, 1 Apr and 6 May: March 5-28 is 18,
        # 2 Apr-3 May is 24 more (42), then 7, 8, 9 May → Thu 9 May. Due soon from five
        # working days before (8, 7, 3, 2, 1 May): Wed 1 May.
        (date(2024, 4, 30), Status.DUE),
        (date(2024, 5, 1), Status.DUE_SOON),
        (date(2024, 5, 9), Status.DUE_SOON),  # the due day itself is still on time
        (date(2024, 5, 10), Status.OVERDUE),  # the day after it is not
    ],
)
def test_assessment_due_date_skips_bank_holidays(as_of: date, status: Status) -> None:
    (item,) = items(child(referrals=[referral(date(2024, 3, 4))]), as_of, "assessment_45wd")
    assert (item.due, item.status) == (date(2024, 5, 9), status)
    assert (item.subject.record_type, item.subject.record_id) == ("referral", 10)


@pytest.mark.parametrize(
    ("authorised", "status"), [(date(2024, 5, 9), Status.DONE_ON_TIME), (date(2024, 5, 10), Status.DONE_LATE)]
)
def test_assessment_done_on_the_due_day_is_on_time(authorised: date, status: Status) -> None:
    facts = child(
        referrals=[referral(date(2024, 3, 4))],
        assessments=[{"child_id": 1, "cin_episode_id": 10, "assessment_authorisation_date": authorised}],
    )
    (item,) = items(facts, date(2024, 6, 3), "assessment_45wd")
    assert (item.due, item.done, item.status) == (date(2024, 5, 9), authorised, status)
    # An assessment under another referral does not count.
    other = child(
        referrals=[referral(date(2024, 3, 4))],
        assessments=[{"child_id": 1, "cin_episode_id": 99, "assessment_authorisation_date": authorised}],
    )
    assert items(other, date(2024, 6, 3), "assessment_45wd")[0].status is Status.OVERDUE


def test_a_local_closure_day_moves_the_due_date() -> None:
    # Closing on Wed 8 May 2024 as well pushes the 45th working day from Thu 9 to Fri 10 May.
    closed = WorkingDayCalendar(extra_closures=[date(2024, 5, 8)])
    (item,) = items(
        child(referrals=[referral(date(2024, 3, 4))]), date(2024, 5, 1), "assessment_45wd", calendar=closed
    )
    assert item.due == date(2024, 5, 10)


def test_nfa_and_closed_referrals() -> None:
    assert not items(
        child(referrals=[referral(date(2024, 3, 4), nfa=True)]), date(2024, 5, 1), "assessment_45wd"
    )
    # Closed on 1 Apr: the full history shows the clock stopped, the tray shows nothing.
    closed = child(referrals=[referral(date(2024, 3, 4), closed=date(2024, 4, 1))])
    assert not items(closed, date(2024, 4, 2), "assessment_45wd", outstanding_only=True)
    # A closure after the as-of date is not known yet: the clock still runs.
    assert items(closed, date(2024, 3, 28), "assessment_45wd", outstanding_only=True)


def test_a_switched_off_rule_runs_no_clock() -> None:
    rules = rules_by_code(r for r in DEFAULT_RULES if r.code != "assessment_45wd")
    clocks = clocks_for_child(child(referrals=[referral(date(2024, 3, 4))]), rules, date(2024, 4, 1))
    assert clocks == []


# --- Timed clocks: the MASH decision and the return home interview ----------------------------------


def test_mash_decision_over_easter() -> None:
    # Received Thu 28 Mar 2024 at 10:00; one working day on, past Good Friday and Easter Monday: Tue 2 Apr.
    contact = {"id": 5, "child_id": 1, "received_at": at(2024, 3, 28), "decision_at": None}
    (item,) = items(child(contacts=[contact]), date(2024, 3, 28), "mash_decision")
    assert item.due == date(2024, 4, 2)
    assert items(child(contacts=[contact]), date(2024, 4, 3), "mash_decision")[0].status is Status.OVERDUE
    decided = {**contact, "decision_at": at(2024, 4, 2, 9)}
    assert (
        items(child(contacts=[decided]), date(2024, 4, 3), "mash_decision")[0].status is Status.DONE_ON_TIME
    )
    # A decision recorded after the as-of day is not known on it.
    assert items(child(contacts=[decided]), date(2024, 4, 1), "mash_decision")[0].done is None


def test_return_home_interview_counts_hours_not_working_days() -> None:
    # Back Fri 29 Mar 2024 at 18:00 (Good Friday); 72 hours on is Mon 1 Apr at 18:00, bank holiday or not.
    back = {"id": 7, "child_id": 1, "mis_end": at(2024, 3, 29, 18), "rhi_offered_at": at(2024, 4, 1, 18)}
    (item,) = items(child(missing_episodes=[back]), date(2024, 4, 2), "rhi_offer")
    assert item.due == date(2024, 4, 1)
    assert item.status is Status.DONE_ON_TIME
    late = {**back, "rhi_offered_at": at(2024, 4, 2, 9)}
    assert items(child(missing_episodes=[late]), date(2024, 4, 2), "rhi_offer")[0].status is Status.DONE_LATE


# --- Who the child is: death, ages ----------------------------------------------------------------------


def test_nothing_falls_due_after_a_childs_death() -> None:
    plan = {"id": 3, "child_id": 1, "cpp_start_date": date(2024, 1, 8), "cpp_end_date": None}
    alive = clocks_for_child(child(cp_plans=[plan]), RULES, date(2024, 3, 1))
    assert {c.rules[0].code for c in alive} == {
        "first_core_group",
        "cp_first_review",
        "cp_visit",
        "cp_plan_2y_warning",
    }
    assert all(c.stop is None for c in alive)
    gone = child(died=date(2024, 2, 1), cp_plans=[plan])
    assert all(c.stop == date(2024, 2, 1) for c in clocks_for_child(gone, RULES, date(2024, 3, 1)))
    assert not due_items(gone, RULES, date(2024, 3, 1), CALENDAR, outstanding_only=True)


def episode(
    id_: int, decom: date, dec: date | None, rec: str | None, placement: int = 20, **kw: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "child_id": 1,
        "decom": decom,
        "dec": dec,
        "rec": rec,
        "placement_id": placement,
        "permanence_plan": kw.get("plan", ""),
    }


def test_periods_of_care_join_x1_changes_only() -> None:
    e1 = episode(1, date(2023, 1, 9), date(2023, 6, 1), "X1")
    e2 = episode(2, date(2023, 6, 1), date(2023, 9, 4), "E11")
    e3 = episode(3, date(2024, 2, 5), None, None)
    # Given out of order: e1 and e2 make one period (X1 on e2's start), e3 another.
    periods = periods_of_care([e3, e2, e1], as_of=date(2024, 3, 1))
    assert [(first["id"], end, [e["id"] for e in run]) for first, end, run in periods] == [
        (1, date(2023, 9, 4), [1, 2]),
        (3, None, [3]),
    ]
    # Seen from before the end, the period is still open.
    assert periods_of_care([e1, e2], as_of=date(2023, 8, 1))[0][1] is None


def test_pep_clock_runs_from_the_fifth_birthday_to_the_seventeenth() -> None:
    # Born 15 Jun 2010, in care from 9 Jan 2012: the PEP clock starts on 15 Jun 2015 and stops on 15 Jun 2027.
    facts = child(born=date(2010, 6, 15), cla_episodes=[episode(1, date(2012, 1, 9), None, None)])
    (pep,) = [c for c in clocks_for_child(facts, RULES, date(2016, 1, 4)) if c.rules[0].code == "pep_review"]
    assert (pep.start, pep.stop) == (date(2015, 6, 15), date(2027, 6, 15))
    # Before the fifth birthday there is no PEP clock yet.
    assert not [
        c for c in clocks_for_child(facts, RULES, date(2015, 6, 14)) if c.rules[0].code == "pep_review"
    ]


@pytest.mark.parametrize(("plan", "long_term"), [(PermanencePlan.LONG_TERM_FOSTERING, True), ("", False)])
def test_only_a_long_term_placement_moves_to_three_monthly_visits(plan: str, long_term: bool) -> None:
    facts = child(
        born=date(2012, 6, 15),
        cla_episodes=[episode(1, date(2023, 1, 9), None, None, plan=plan)],
        placements=[{"id": 20, "child_id": 1, "start_date": date(2023, 1, 9), "end_date": None}],
        visits=[{"child_id": 1, "kind": VisitKind.CLA, "visit_date": date(2023, 1, 13), "cp_plan_id": None}],
    )
    (visits,) = [
        c for c in clocks_for_child(facts, RULES, date(2024, 3, 1)) if c.subject.record_type == "placement"
    ]
    assert ("cla_visit_long_term" in {r.code for r in visits.rules}) is long_term
    assert visits.completions == (date(2023, 1, 13),)


# --- The facts as data ----------------------------------------------------------------------------------


def test_every_fact_names_the_rules_that_read_it() -> None:
    known = set(RULES)
    for fact in FACTS:
        assert fact.rules, fact.attr
        assert set(fact.rules) <= known, (fact.attr, set(fact.rules) - known)
        assert "child_id" in fact.columns, fact.attr
