"""Properties of the work tray over random journeys and allocations.

* A team's tray is the union of its workers' trays and its unallocated children's items.
* Every tray line is exactly what :func:`due_items_for_child` says is outstanding for that child.
* The whole-service tray contains every team's tray, and every tray is in urgency order.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuum.journey import services as s
from continuum.journey.worktray import TrayItem, due_items_for_child, urgency_key, work_tray
from tests.journey.test_worktray import new_child, new_team, new_worker, referral

pytestmark = pytest.mark.django_db

_DAY0 = date(2024, 1, 1)

_journey = st.fixed_dictionaries(
    {
        "referred": st.integers(0, 120),
        "holder": st.one_of(st.none(), st.integers(0, 2)),  # workers 0 and 1 in team A, 2 in team B
        "authorised_after": st.one_of(st.none(), st.integers(1, 90)),
        "cin_plan_after": st.one_of(st.none(), st.integers(0, 40)),
        "visits": st.lists(st.tuples(st.integers(1, 150), st.booleans()), max_size=4),
    }
)


def _build(by: User, journey: dict, workers: list, team_a) -> None:  # type: ignore[no-untyped-def, type-arg]
    child = new_child(by)
    referred = _DAY0 + timedelta(days=journey["referred"])
    holder = journey["holder"]
    worker = workers[holder] if holder is not None else None
    s.allocate(child=child, team=worker.team if worker else team_a, worker=worker, start_date=referred, by=by)
    episode = referral(child, by, referred)
    if journey["authorised_after"] is not None:
        a = s.start_assessment(cin_episode=episode, assessment_actual_start_date=referred, by=by)
        s.complete_assessment(
            assessment=a,
            assessment_authorisation_date=referred + timedelta(days=journey["authorised_after"]),
            assessment_factors=["1A"],
            child_seen=True,
            outcome="cin_plan",
            expected_version=a.version,
            by=by,
        )
    if journey["cin_plan_after"] is not None:
        start = referred + timedelta(days=journey["cin_plan_after"])
        s.start_cin_plan(cin_episode=episode, cin_plan_start_date=start, by=by)
        for after, seen in journey["visits"]:
            s.record_visit(
                child=child,
                kind="cin",
                visit_date=start + timedelta(days=after),
                seen=seen,
                seen_alone=True if seen else None,
                by=by,
            )


def _key(line: TrayItem) -> tuple:  # type: ignore[type-arg]
    i = line.item
    return (line.child_id, i.rule_code, i.subject, i.sequence, i.due, i.status)


class _Rollback(Exception):
    pass


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(journeys=st.lists(_journey, min_size=1, max_size=5), probe=st.integers(0, 330))
def test_team_tray_is_the_union_of_its_workers_trays(officer: User, journeys: list, probe: int) -> None:  # type: ignore[type-arg]
    try:
        with transaction.atomic():  # roll each example back so examples do not see each other's data
            team_a, team_b = new_team(), new_team()
            workers = [new_worker(team_a), new_worker(team_a), new_worker(team_b)]
            for journey in journeys:
                _build(officer, journey, workers, team_a)
            as_of = _DAY0 + timedelta(days=probe)

            team_tray = work_tray(team=team_a, as_of=as_of)
            union = {_key(line) for w in workers[:2] for line in work_tray(worker=w, as_of=as_of)}
            unallocated = {_key(line) for line in team_tray if line.worker_id is None}
            assert {_key(line) for line in team_tray} == union | unallocated
            assert len(team_tray) == len({_key(line) for line in team_tray})

            for line in team_tray:
                expected = due_items_for_child(line.child_id, as_of=as_of, outstanding_only=True)
                assert line.item in expected
            for child_id in {line.child_id for line in team_tray}:
                mine = [line.item for line in team_tray if line.child_id == child_id]
                assert sorted(mine, key=lambda i: (i.due, i.rule_code, i.sequence)) == due_items_for_child(
                    child_id, as_of=as_of, outstanding_only=True
                )

            service = work_tray(as_of=as_of)
            service_keys = {_key(line) for line in service}
            assert {_key(line) for line in team_tray} <= service_keys
            assert {_key(line) for line in work_tray(team=team_b, as_of=as_of)} <= service_keys
            for tray in (team_tray, service):
                keys = [urgency_key(line.item, as_of) for line in tray]
                assert keys == sorted(keys)
            raise _Rollback
    except _Rollback:
        pass
