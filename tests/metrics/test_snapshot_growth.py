"""Tables brought up to date with their new rows alone (continuum/metrics/growth.py, snapshot._grow).

The pure part (which queries may grow, the tail's SQL) on known SQL; the rest on real PostgreSQL
with committed rows, each answer compared with a full copy made at the same moment.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from django.db import connection

from continuum.metrics import extract, growth, snapshot
from continuum.metrics.schema import schema_for
from tests.metrics.test_snapshot import _child, _contact, analytics_dir, copies  # noqa: F401  (fixtures)

KNOWN = {"journey_contact", "people_child", "people_worker", "journey_cinepisode", "journey_claepisode"}


def test_a_table_of_one_row_per_driving_row_grows() -> None:
    sql = """
        SELECT x.id::text, c.la_child_id, w.name
        FROM journey_contact x JOIN people_child c ON c.id = x.child_id
        LEFT JOIN people_worker w ON w.id = x.worker_id
        LEFT JOIN (SELECT r.contact_id FROM journey_cinepisode r GROUP BY r.contact_id) r
               ON r.contact_id = x.id
        ORDER BY x.id"""
    grows = growth.growth(sql, KNOWN)
    assert grows == growth.Growth("journey_contact", "x", frozenset({"people_child", "people_worker"}), key=1)
    # journey_cinepisode is joined by the contact's id, not its own: a new referral changes an old
    # row, so it is no parent and any write to it means a full copy.
    tail = growth.tail_sql(sql, grows, 41)
    assert tail.rstrip().endswith("WHERE x.id > 41\n        ORDER BY x.id")
    assert "GROUP BY r.contact_id) r" in tail  # the subquery's own clauses untouched


def test_a_top_level_filter_gets_and() -> None:
    sql = "SELECT x.id::text FROM journey_contact x WHERE x.outcome = 'nfa' ORDER BY x.id"
    grows = growth.growth(sql, KNOWN)
    assert grows is not None
    assert "WHERE x.outcome = 'nfa' AND x.id > 7" in growth.tail_sql(sql, grows, 7)


@pytest.mark.parametrize(
    "sql",
    [
        # Not ordered by the driving id, or the id not selected: no key to append after.
        "SELECT x.id::text FROM journey_contact x",
        "SELECT c.la_child_id FROM journey_contact x JOIN people_child c ON c.id = x.child_id ORDER BY x.id",
        # Grouped, windowed, distinct: a new row can change old rows.
        "SELECT x.id::text FROM journey_contact x GROUP BY x.id ORDER BY x.id",
        "SELECT x.id::text, count(*) OVER (PARTITION BY x.child_id) FROM journey_contact x ORDER BY x.id",
        "SELECT DISTINCT x.id::text FROM journey_contact x ORDER BY x.id",
        # A CTE as the driver (the CLA episodes' periods of care) is no relation.
        "WITH g AS (SELECT * FROM journey_claepisode) SELECT g.id::text FROM g ORDER BY g.id",
        # A lookup read otherwise than by its primary key is no parent.
        "WITH g AS (SELECT * FROM journey_claepisode) SELECT g.id::text FROM g "
        "JOIN people_child c ON c.id = g.child_id WHERE EXISTS (SELECT 1 FROM people_child k) ORDER BY g.id",
        # A relation the database does not have.
        "SELECT x.id::text FROM somewhere_else x ORDER BY x.id",
    ],
)
def test_queries_with_no_tail(sql: str) -> None:
    """None of these can be brought up to date by new rows of a relation (at most, when only a
    lookup joined by its key grew, they stay as they were)."""
    grows = growth.growth(sql, KNOWN)
    assert grows is None or grows.relation is None
    if "EXISTS" in sql or "somewhere_else" in sql:
        assert grows is None


def test_the_project_queries_that_grow() -> None:
    """Known answers for the tables that matter most; the CLA episodes never grow (periods of care)."""
    assert snapshot._growth("contacts") == growth.Growth(
        "journey_contact", "x", frozenset({"people_child"}), key=1
    )
    assert snapshot._growth("visits") == growth.Growth(
        "journey_visit", "x", frozenset({"people_child", "people_worker"}), key=1
    )
    # The children: the record id is their last column; a new address of a child already held
    # changes their row (people_childaddress is no parent), a new address row alone does not.
    children = snapshot._growth("children")
    assert children == growth.Growth("people_child", "c", frozenset({"people_address"}), key=15)
    assert schema_for("children").field(15).name == "child_record_id"
    # The CLA episodes' periods of care: no tail (a new episode can join an old period), but a
    # new child alone leaves the table as it was.
    assert snapshot._growth("cla_episodes") == growth.Growth(None, None, frozenset({"people_child"}))
    assert snapshot._growth("population") is None


@pytest.mark.django_db
def test_every_tail_from_nothing_is_the_whole_table() -> None:
    """For every table that grows, its tail after id 0 is exactly the full copy: the added WHERE is
    valid SQL in every query and keeps every row (a test transaction: the rows are this
    connection's own, so the copies run on it)."""
    child = _child("GROW0")
    _contact(child, date(2024, 6, 3))
    _contact(child, date(2024, 6, 4))
    full = extract.extract_tables(connection)
    grows = {name: snapshot._growth(name) for name in extract.EXTRACTED}
    tails = {
        name: extract.Tail(growth.tail_sql(extract.QUERIES[name], g, 0), g.relation)
        for name, g in grows.items()
        if g is not None and g.relation is not None
    }
    assert len(tails) > 20
    counted: dict[str, int] = {}
    got = extract.extract_tables(connection, names=(), tails=tails, counted=counted)
    for name in tails:
        assert got[name].equals(full[name]), name
    assert counted["contacts"] == 2


def _growths() -> dict[str, growth.Growth | None]:
    return {name: snapshot._growth(name) for name in extract.EXTRACTED}


def _full_now() -> dict[str, pa.Table]:
    """Every table copied whole, now (new connections: the committed rows)."""
    return extract.extract_tables(fresh=True)


@pytest.mark.django_db(transaction=True)
def test_a_new_contact_appends_and_a_new_child_copies_almost_nothing(  # type: ignore[no-untyped-def]
    analytics_dir: Path,  # noqa: F811
    copies: list[str],  # noqa: F811
) -> None:
    child = _child("GROW1")
    _contact(child, date(2024, 6, 3))
    first = snapshot.refresh()

    # A contact for a child new to the council: the children and contacts tables gain their rows,
    # the child's other tables are the very same objects (only a lookup grew).
    copies.clear()
    _contact(_child("GROW2"), date(2024, 6, 5))
    second = snapshot.refresh()
    readers = {n for n, rels in snapshot.relations().items() if "people_child" in rels}
    assert {"children", "contacts"} <= set(second.grown)
    assert set(second.grown) == {n for n in readers if _growths()[n] is not None}
    assert second.extracted == ()
    assert sorted(copies) == ["children", "contacts"]
    assert second.tables["visits"] is first.tables["visits"]
    assert second.tables["referrals"] is first.tables["referrals"]
    full = _full_now()
    for name in extract.EXTRACTED:
        assert second.tables[name].equals(full[name]), name

    # A new process maps the appended file under its new fingerprint; nothing copied.
    snapshot.clear_memory()
    copies.clear()
    third = snapshot.refresh()
    assert copies == []
    assert third.tables["contacts"].equals(full["contacts"])

    # An edit of a held row is no insert: the table is copied whole.
    from continuum.journey.models import Contact

    Contact.objects.filter(pk=Contact.objects.order_by("pk").first().pk).update(referral_source="1A")
    copies.clear()
    fourth = snapshot.refresh()
    assert fourth.extracted == ("contacts",)
    assert fourth.grown == ()
    assert fourth.tables["contacts"].equals(_full_now()["contacts"])


@pytest.mark.django_db(transaction=True)
def test_rows_that_do_not_add_up_mean_a_full_copy(  # type: ignore[no-untyped-def]
    analytics_dir: Path,  # noqa: F811
    copies: list[str],  # noqa: F811
) -> None:
    """A row committed out of id order (two people saving at once: the smaller id commits last)
    is missing from the table held, and no tail after the largest id can bring it. The driving
    relation's count, read in the tail's snapshot, catches it: the table is copied whole."""
    child = _child("GROW3")
    for day in (3, 4, 5):
        _contact(child, date(2024, 6, day))
    snapshot.refresh()
    fingerprint, held = snapshot._memory["contacts"]
    snapshot._memory["contacts"] = (fingerprint, held.slice(1))  # the first row "not yet committed"
    _contact(child, date(2024, 6, 6))
    copies.clear()
    mended = snapshot.refresh()
    assert mended.grown == ()
    assert mended.extracted == ("contacts",)
    assert copies == ["contacts", "contacts"]  # the tail, then the whole table
    assert mended.tables["contacts"].num_rows == 4
    assert mended.tables["contacts"].equals(_full_now()["contacts"])


@pytest.mark.django_db(transaction=True)
def test_contacts_saved_at_once_are_all_in_the_table(analytics_dir: Path) -> None:  # noqa: F811
    """Contacts saved from several threads while others refresh: the end state equals a full copy."""
    child = _child("GROW4")
    _contact(child, date(2024, 6, 3))
    snapshot.refresh()
    errors: list[BaseException] = []

    def save(day: int) -> None:
        from django.db import connections

        try:
            _contact(child, date(2024, 7, day))
            snapshot.refresh()
        except BaseException as exc:  # re-raised below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(d,)) for d in range(1, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    final = snapshot.refresh()
    assert final.tables["contacts"].num_rows == 7
    assert final.tables["contacts"].equals(_full_now()["contacts"])
