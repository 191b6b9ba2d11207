"""QueryBatch: querysets compiled once with stand-ins, read with real values in one round trip.

Known answers from a handful of workers with hand-picked start dates. The
checks the work tray relies on: rows exactly as ``values()`` gives them, a
literal that equals a stand-in left alone, stand-ins that cannot be told apart
refused, one batch per thread, and the one-by-one path under server-side
parameter binding (a real reconnection with that option, not a mock).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from continuum.core.policy import among_children
from continuum.core.query_batch import QueryBatch, per_thread
from continuum.people import services as people
from continuum.people.models import Team, Worker

FIRST = {"ids": [-7], "day": date(1901, 2, 3)}
SECOND = {"ids": [-8], "day": date(1902, 4, 5)}


def build(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
    """Two statements: workers among ``ids`` started by ``day``, and teams among ``ids`` (by worker)."""
    workers = among_children(Worker.objects.filter(start_date__lte=v["day"]), v["ids"], column="id")
    teams = among_children(Team.objects.filter(is_active=True), v["ids"], column="id")
    return [
        workers.order_by("start_date").values("id", "last_name", "start_date"),
        teams.order_by("name").values("name"),
    ]


@pytest.fixture
def staff(db: None) -> tuple[Team, list[Worker]]:
    team = people.create_team(name="Batch team", team_type="intervention_planning")
    workers = [
        people.create_worker(first_name="W", last_name=name, start_date=started, team=team)
        for name, started in (
            ("Early", date(2020, 1, 6)),
            ("Later", date(2023, 9, 4)),
            ("Latest", date(2024, 5, 7)),
        )
    ]
    return team, workers


def test_read_gives_what_values_gives(staff: tuple[Team, list[Worker]]) -> None:
    team, (early, later, latest) = staff
    batch = QueryBatch(build, FIRST, SECOND)
    assert batch.uses("ids") == [1, 1]
    assert batch.uses("day") == [1, 0]
    ids = [early.pk, later.pk, latest.pk, team.pk]
    rows, teams = batch.read({"ids": ids, "day": date(2023, 9, 4)})
    # Started on or before 4 Sep 2023: Early and Later (the edge day counts), not Latest.
    assert rows == [
        {"id": early.pk, "last_name": "Early", "start_date": date(2020, 1, 6)},
        {"id": later.pk, "last_name": "Later", "start_date": date(2023, 9, 4)},
    ]
    assert rows == list(build({"ids": ids, "day": date(2023, 9, 4)})[0])
    assert teams == [{"name": "Batch team"}]
    # Read again with other values: the same compiled batch, the new answer, one round trip.
    with CaptureQueriesContext(connection) as queries:
        again, no_teams = batch.read({"ids": [latest.pk], "day": date(2024, 12, 31)})
    assert [r["last_name"] for r in again] == ["Latest"]
    assert no_teams == []
    assert len(queries) == 1


def test_a_literal_equal_to_a_stand_in_stays_a_literal(staff: tuple[Team, list[Worker]]) -> None:
    _, workers = staff

    def clashing(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
        # 3 Feb 1901 is the first set's "day" stand-in, but here it is a fixed bound of the query.
        qs = Worker.objects.filter(start_date__gt=date(1901, 2, 3), start_date__lte=v["day"])
        return [among_children(qs, v["ids"], column="id").order_by("start_date").values("last_name")]

    batch = QueryBatch(clashing, FIRST, SECOND)
    assert batch.uses("day") == [1]
    (rows,) = batch.read({"ids": [w.pk for w in workers], "day": date(2023, 12, 31)})
    assert [r["last_name"] for r in rows] == ["Early", "Later"]


def test_stand_ins_that_cannot_be_told_apart_are_refused(db: None) -> None:
    with pytest.raises(ValueError, match="must differ"):
        QueryBatch(build, FIRST, {**SECOND, "day": FIRST["day"]})
    with pytest.raises(ValueError, match="same names"):
        QueryBatch(build, FIRST, {"ids": [-8]})

    def derived(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
        return [Worker.objects.filter(start_date__lt=v["day"] + timedelta(days=1)).values("id")]

    with pytest.raises(ValueError, match="stand-in of its own"):
        QueryBatch(derived, FIRST, SECOND)

    def twins(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
        return [Worker.objects.filter(start_date__lte=v["day"], leave_date__lte=v["other"]).values("id")]

    with pytest.raises(ValueError, match="equal values"):
        QueryBatch(twins, {**FIRST, "other": FIRST["day"]}, {**SECOND, "other": SECOND["day"]})

    def by_length(v: Mapping[str, Any]) -> list[QuerySet[Any]]:
        return [Worker.objects.filter(pk__in=v["ids"]).values("id")]  # one placeholder per id

    with pytest.raises(ValueError, match="depends on the stand-in values"):
        QueryBatch(by_length, FIRST, {**SECOND, "ids": [-8, -9]})


def test_one_batch_per_thread(db: None) -> None:
    made: list[str] = []

    def make() -> QueryBatch:
        made.append(threading.current_thread().name)
        return QueryBatch(build, FIRST, SECOND)

    mine = per_thread(("test_query_batch", "default"), make)
    assert per_thread(("test_query_batch", "default"), make) is mine
    theirs: list[QueryBatch] = []

    def in_another_thread() -> None:
        theirs.append(per_thread(("test_query_batch", "default"), make))
        connections.close_all()

    other = threading.Thread(target=in_another_thread)
    other.start()
    other.join()
    assert theirs[0] is not mine
    assert len(made) == 2
    assert made[0] != made[1]
    # Another key in this thread is another batch.
    assert per_thread(("test_query_batch", "other"), make) is not mine


@pytest.mark.django_db(transaction=True)
def test_server_side_binding_sends_the_statements_one_by_one(staff: tuple[Team, list[Worker]]) -> None:
    team, workers = staff
    ids = [*(w.pk for w in workers), team.pk]
    expected = QueryBatch(build, FIRST, SECOND).read({"ids": ids, "day": date(2023, 9, 4)})
    options = connection.settings_dict.setdefault("OPTIONS", {})
    connection.close()
    options["server_side_binding"] = True
    try:
        connection.ensure_connection()
        assert "ServerBinding" in connection.connection.cursor_factory.__name__
        batch = QueryBatch(build, FIRST, SECOND)
        with CaptureQueriesContext(connection) as queries:
            got = batch.read({"ids": ids, "day": date(2023, 9, 4)})
        assert got == expected
        assert len(queries) == 2  # server-side binding refuses several statements at once
    finally:
        connection.close()
        options.pop("server_side_binding", None)
