"""Caseloads on a date, alerts outside the range, unallocated cases; a property over random allocations."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuum.journey import services as s
from continuum.people import services as people
from continuum.people.caseloads import (
    caseload_range,
    caseloads,
    open_case_count,
    team_caseloads,
    unallocated_cases,
)
from continuum.people.models import Allocation, Child, Team, Worker

pytestmark = pytest.mark.django_db

_n = count(1)


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(username="caseload-officer", password="a-long-test-password-1")


def child(by: User | None) -> Child:
    return s.register_child(first_name=f"C{next(_n)}", person_birth_date=date(2015, 1, 1), by=by)


def team() -> Team:
    return people.create_team(name=f"Team {next(_n)}", team_type="intervention_planning")


def worker(t: Team | None, role: str = "social_worker", start: date = date(2020, 1, 1)) -> Worker:
    return people.create_worker(first_name="W", last_name=str(next(_n)), start_date=start, team=t, role=role)


def by_worker(rows: list) -> dict[int, int]:  # type: ignore[type-arg]
    return {r.worker_id: r.count for r in rows}


def test_caseload_on_a_date_follows_allocation_changes(officer: User) -> None:
    t = team()
    a, b = worker(t), worker(t)
    kids = [child(officer) for _ in range(3)]
    for k in kids:
        s.allocate(child=k, team=t, worker=a, start_date=date(2024, 1, 1), by=officer)
    # Kid 0 moves to B on 1 Mar (A's allocation ends that day: it counts for B from 1 Mar).
    s.allocate(
        child=kids[0], team=t, worker=b, start_date=date(2024, 3, 1), previous_end_reason="MANAGE", by=officer
    )
    # Kid 1's case closes on 1 Apr.
    alloc = Allocation.objects.get(child=kids[1], end_date__isnull=True)
    s.end_allocation(allocation=alloc, end_date=date(2024, 4, 1), expected_version=alloc.version, by=officer)

    assert by_worker(caseloads(date(2023, 12, 31), team=t)) == {a.pk: 0, b.pk: 0}
    assert by_worker(caseloads(date(2024, 2, 29), team=t)) == {a.pk: 3, b.pk: 0}
    assert by_worker(caseloads(date(2024, 3, 1), team=t)) == {a.pk: 2, b.pk: 1}
    assert by_worker(caseloads(date(2024, 3, 31), team=t)) == {a.pk: 2, b.pk: 1}
    assert by_worker(caseloads(date(2024, 4, 1), team=t)) == {a.pk: 1, b.pk: 1}


def test_alert_outside_the_range(officer: User) -> None:
    t = team()
    busy, light, manager = worker(t), worker(t), worker(t, role="team_manager")
    for _ in range(3):
        s.allocate(child=child(officer), team=t, worker=busy, start_date=date(2024, 1, 1), by=officer)
    s.allocate(child=child(officer), team=t, worker=light, start_date=date(2024, 1, 1), by=officer)
    s.allocate(child=child(officer), team=t, worker=manager, start_date=date(2024, 1, 1), by=officer)
    on = date(2024, 2, 1)
    with override_settings(CONTINUUM_CASELOAD_RANGE=(2, 2)):
        assert caseload_range() == (2, 2)
        alerts = {r.worker_id: r.alert for r in caseloads(on, team=t)}
    # Above the range is flagged for anyone; below it only for case-holding social work roles.
    assert alerts == {busy.pk: "above", light.pk: "below", manager.pk: ""}
    # Default range 12–16: everyone is below it.
    assert {r.worker_id: r.alert for r in caseloads(on, team=t)} == {
        busy.pk: "below",
        light.pk: "below",
        manager.pk: "",
    }
    assert {r.worker_id: r.alert for r in caseloads(on, team=t, bounds=(1, 3))} == {
        busy.pk: "",
        light.pk: "",
        manager.pk: "",
    }
    # Largest first.
    assert next(r.worker_id for r in caseloads(on, team=t)) == busy.pk


def test_workers_with_no_cases_are_listed_only_while_in_post_in_a_case_holding_role(officer: User) -> None:
    t = team()
    empty = worker(t)
    worker(t, role="team_manager")
    leaver = worker(t)
    people.record_worker_leaving(worker=leaver, leave_date=date(2024, 1, 31), expected_version=leaver.version)
    starter = worker(t, start=date(2024, 6, 1))
    rows = caseloads(date(2024, 3, 1), team=t)
    assert [(r.worker_id, r.count, r.alert) for r in rows] == [(empty.pk, 0, "below")]
    assert starter.pk not in by_worker(rows)


def test_unallocated_cases_and_team_totals(officer: User) -> None:
    t, other = team(), team()
    w = worker(t)
    held = child(officer)
    s.allocate(child=held, team=t, worker=w, start_date=date(2024, 1, 1), by=officer)
    waiting = child(officer)
    s.allocate(child=waiting, team=t, start_date=date(2024, 2, 1), by=officer)
    elsewhere = child(officer)
    s.allocate(child=elsewhere, team=other, start_date=date(2024, 2, 1), by=officer)
    on = date(2024, 3, 1)
    (case,) = unallocated_cases(on, team=t)
    assert (case.child_id, case.since, case.days_unallocated) == (waiting.pk, date(2024, 2, 1), 29)
    assert {c.child_id for c in unallocated_cases(on)} >= {waiting.pk, elsewhere.pk}
    # Allocating the waiting child clears it.
    s.allocate(child=waiting, team=t, worker=w, start_date=date(2024, 3, 4), by=officer)
    assert unallocated_cases(date(2024, 3, 4), team=t) == []
    totals = {tc.team_id: tc for tc in team_caseloads(on)}
    assert (totals[t.pk].children_held, totals[t.pk].unallocated) == (2, 1)
    assert [wc.worker_id for wc in totals[t.pk].workers] == [w.pk]
    assert totals[t.pk].average == 1.0
    assert (totals[other.pk].children_held, totals[other.pk].unallocated) == (1, 1)


def test_caseload_queries_are_fixed(officer: User) -> None:
    t = team()
    ws = [worker(t) for _ in range(3)]
    for i in range(9):
        s.allocate(child=child(officer), team=t, worker=ws[i % 3], start_date=date(2024, 1, 1), by=officer)
    with CaptureQueriesContext(connection) as small:
        caseloads(date(2024, 2, 1), team=t)
    for _ in range(9):
        s.allocate(child=child(officer), team=t, worker=worker(t), start_date=date(2024, 1, 1), by=officer)
    with CaptureQueriesContext(connection) as big:
        caseloads(date(2024, 2, 1), team=t)
    assert len(small.captured_queries) == len(big.captured_queries) <= 3


# --- Property: totals equal the open case-holder allocations ----------------------------------------

_DAY0 = date(2024, 1, 1)
# One step per child: (offset of first allocation, worker index or None, offset of a move or None,
# new worker index or None, offset of an end or None)
_step = st.tuples(
    st.integers(0, 60),
    st.one_of(st.none(), st.integers(0, 2)),
    st.one_of(st.none(), st.integers(1, 60)),
    st.one_of(st.none(), st.integers(0, 2)),
    st.one_of(st.none(), st.integers(1, 60)),
)


class _Rollback(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=8), probe=st.integers(0, 200))
def test_caseload_totals_equal_open_allocations(officer: User, steps: list, probe: int) -> None:  # type: ignore[type-arg]
    """Worker caseloads sum to open case-holder allocations with a worker; team totals to all of them."""
    try:
        with transaction.atomic():  # each example rolls back, so examples do not see each other's data
            teams = [team(), team()]
            workers = [worker(teams[0]), worker(teams[0]), worker(teams[1])]
            for first, who, move, new_who, end in steps:
                k = child(officer)
                start = _DAY0 + timedelta(days=first)
                w = workers[who] if who is not None else None
                s.allocate(child=k, team=w.team if w else teams[1], worker=w, start_date=start, by=officer)
                last = start
                if move is not None:
                    last = start + timedelta(days=move)
                    nw = workers[new_who] if new_who is not None else None
                    s.allocate(
                        child=k, team=nw.team if nw else teams[0], worker=nw, start_date=last, by=officer
                    )
                if end is not None:
                    current = Allocation.objects.get(child=k, end_date__isnull=True)
                    s.end_allocation(
                        allocation=current,
                        end_date=last + timedelta(days=end),
                        expected_version=current.version,
                        by=officer,
                    )
            on = _DAY0 + timedelta(days=probe)
            open_rows = [
                a
                for a in Allocation.objects.filter(role="case_holder")
                if a.start_date <= on and (a.end_date is None or a.end_date > on)
            ]
            total = sum(r.count for r in caseloads(on))
            assert total == sum(1 for a in open_rows if a.worker_id is not None)
            per_team = team_caseloads(on)
            assert sum(tc.children_held for tc in per_team) == len(open_rows) == open_case_count(on)
            assert sum(tc.unallocated for tc in per_team) == len(unallocated_cases(on))
            # Per team, its workers' caseloads plus its unallocated cases make up what it holds
            # (each worker here only ever holds cases in their own team).
            for tc in per_team:
                assert sum(w.count for w in tc.workers) + tc.unallocated == tc.children_held
            raise _Rollback
    except _Rollback:
        pass
