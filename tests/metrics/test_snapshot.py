"""The snapshot: analytical tables kept in memory and on disk, re-extracted only where the data changed.

Real PostgreSQL, committed rows (``transaction=True``): the fingerprints come from PostgreSQL's
write statistics and the COPYs from new connections, neither of which sees a test transaction's
rows. The COPYs are counted by wrapping ``extract._copy_table``, which every path goes through.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from continuum.journey import services as s
from continuum.metrics import extract, snapshot
from continuum.metrics.schema import schema_for
from continuum.people import services as people


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the tables copied out of PostgreSQL, in whatever thread the COPY ran."""
    copied: list[str] = []
    lock = threading.Lock()
    real = extract._copy_table

    def counting(cursor, name, code, query=None):  # type: ignore[no-untyped-def]
        with lock:
            copied.append(name)
        return real(cursor, name, code, query)

    monkeypatch.setattr(extract, "_copy_table", counting)
    return copied


@pytest.fixture
def analytics_dir(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_ANALYTICS_DIR = str(tmp_path / "analytics")
    snapshot.clear_memory()
    yield tmp_path / "analytics"
    snapshot.clear_memory()


def _child(la_child_id: str):  # type: ignore[no-untyped-def]
    return s.register_child(
        la_child_id=la_child_id,
        first_name="Test",
        last_name="Child",
        person_birth_date=date(2015, 5, 1),
        sex="F",
        ethnicity="WBRI",
        by=None,
    )


def _contact(child, day: date):  # type: ignore[no-untyped-def]
    return s.record_contact(
        child=child, received_at=_at(day, 10), referral_source="5A", consent="obtained", by=None
    )


def test_every_query_has_its_relations() -> None:
    """Each extracted table watches the relations its SQL reads (known answers for a few)."""
    found = snapshot.relations()
    assert set(found) == set(extract.EXTRACTED)
    assert all(found[name] for name in extract.EXTRACTED), [n for n in extract.EXTRACTED if not found[n]]
    assert found["contacts"] == ("journey_cinepisode", "journey_contact", "people_child")
    assert found["teams"] == ("people_team",)
    assert found["population"] == ("core_populationestimate",)
    assert found["children"] == ("people_address", "people_child", "people_childaddress")


@pytest.mark.django_db
def test_every_watched_relation_is_in_the_statistics() -> None:
    """A relation missing from pg_stat_user_tables would never change its tables' fingerprints."""
    watched = {rel for rels in snapshot.relations().values() for rel in rels}
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s)", [sorted(watched)])
        present = {row[0] for row in cursor.fetchall()}
    assert watched == present


@pytest.mark.django_db(transaction=True)
def test_only_what_changed_is_copied_and_a_new_process_maps_the_files(  # type: ignore[no-untyped-def]
    analytics_dir: Path, copies: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    team = people.create_team(name="Intervention 1", team_type="intervention_planning")
    child = _child("SNAP1")
    _contact(child, date(2024, 6, 3))

    first = snapshot.refresh()
    assert sorted(copies) == sorted(extract.EXTRACTED)
    assert first.extracted == extract.EXTRACTED
    assert first.loaded == ()
    assert {p.name for p in analytics_dir.glob("*/*.arrow")} == {f"{n}.arrow" for n in extract.EXTRACTED}
    for name, table in first.tables.items():
        assert table.schema.equals(schema_for(name), check_metadata=True), name
    assert first.tables["contacts"].num_rows == 1

    # Nothing written: nothing copied, the very same tables, the same state.
    copies.clear()
    again = snapshot.refresh()
    assert copies == []
    assert again.extracted == ()
    assert again.loaded == ()
    assert again.state == first.state
    assert all(again.tables[n] is first.tables[n] for n in extract.EXTRACTED)

    # A write to a relation no table reads (a user account) leaves every fingerprint alone.
    before = snapshot.fingerprints()
    get_user_model().objects.create_user("snapshot-reader")
    assert snapshot.fingerprints() == before

    # One new contact: exactly the tables whose queries read journey_contact are copied again.
    _contact(child, date(2024, 6, 10))
    readers = {n for n, rels in snapshot.relations().items() if "journey_contact" in rels}
    assert readers == {"contacts"}
    after = snapshot.fingerprints()
    assert after is not None
    assert {n for n in after if after[n] != before[n]} == readers
    copies.clear()
    third = snapshot.refresh()
    assert copies == ["contacts"]  # its new row only (tests/metrics/test_snapshot_growth.py)
    assert third.grown == ("contacts",)
    assert third.extracted == ()
    assert third.tables["contacts"].num_rows == 2
    assert third.state != first.state
    assert third.tables["teams"] is first.tables["teams"]

    # A new process: nothing in memory, every table mapped from its file, nothing copied.
    snapshot.clear_memory()
    copies.clear()
    fourth = snapshot.refresh()
    assert copies == []
    assert sorted(fourth.loaded) == sorted(extract.EXTRACTED)
    assert fourth.state == third.state
    for name in extract.EXTRACTED:
        assert fourth.tables[name].equals(third.tables[name], check_metadata=True), name

    # A torn file is copied again (and mended); the others are still mapped. (Put in place by a
    # rename, as every write is: rewriting a mapped file in place would change the tables above.)
    contacts = third.tables["contacts"].to_pylist()
    path = next(analytics_dir.glob("*/contacts.arrow"))
    torn = path.with_name("torn")
    torn.write_bytes(path.read_bytes()[:200])
    torn.replace(path)
    snapshot.clear_memory()
    copies.clear()
    fifth = snapshot.refresh()
    assert copies == ["contacts"]
    assert fifth.tables["contacts"].to_pylist() == contacts
    snapshot.clear_memory()
    copies.clear()
    assert snapshot.refresh().extracted == ()

    # A file holding the current fingerprint but another schema (written by other code) is copied again.
    teams = first.tables["teams"].to_pylist()
    good = next(analytics_dir.glob("*/teams.arrow"))
    fingerprint = snapshot.fingerprints()["teams"]  # type: ignore[index]
    wrong = pa.table({"team_id": [str(team.pk)]})
    wrong = wrong.replace_schema_metadata({b"continuum.fingerprint": fingerprint.encode()})
    other = good.with_name("other")
    with pa.OSFile(str(other), "wb") as sink, pa.ipc.new_file(sink, wrong.schema) as out:
        out.write_table(wrong)
    other.replace(good)
    snapshot.clear_memory()
    copies.clear()
    assert snapshot.refresh().tables["teams"].to_pylist() == teams
    assert copies == ["teams"]

    # A change of a table's schema (here a column's documentation) changes that table's fingerprint.
    real = snapshot.schema_for

    def changed(name: str) -> pa.Schema:
        schema = real(name)
        if name != "teams":
            return schema
        field = schema.field(1)
        return schema.set(1, field.with_metadata({b"doc": b"a new meaning"}))

    unchanged = snapshot.fingerprints()
    monkeypatch.setattr(snapshot, "schema_for", changed)
    snapshot._digest.cache_clear()
    try:
        moved = snapshot.fingerprints()
    finally:
        monkeypatch.setattr(snapshot, "schema_for", real)
        snapshot._digest.cache_clear()
    assert moved is not None
    assert unchanged is not None
    assert {n for n in moved if moved[n] != unchanged[n]} == {"teams"}
    # So does a change of its SQL, even in a process that has already read the old one.
    monkeypatch.setitem(extract.QUERIES, "teams", extract.QUERIES["teams"] + "\n")
    requeried = snapshot.fingerprints()
    assert requeried is not None
    assert {n for n in requeried if requeried[n] != unchanged[n]} == {"teams"}


@pytest.mark.django_db  # a test transaction: its rows are uncommitted, and the statistics cannot see them
def test_inside_a_writing_transaction_every_table_is_copied_and_nothing_kept(
    analytics_dir: Path, copies: list[str]
) -> None:
    _contact(_child("SNAP2"), date(2024, 6, 3))
    current = snapshot.refresh()
    assert current.state is None
    assert current.tables["contacts"].num_rows == 1  # this connection's own uncommitted row
    assert sorted(copies) == sorted(extract.EXTRACTED)
    assert not analytics_dir.exists()
    copies.clear()
    snapshot.refresh()
    assert sorted(copies) == sorted(extract.EXTRACTED)


@pytest.mark.django_db(transaction=True)
def test_an_unwritable_folder_keeps_the_tables_in_memory(  # type: ignore[no-untyped-def]
    settings, tmp_path: Path, copies: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.CONTINUUM_ANALYTICS_DIR = str(blocker / "analytics")
    snapshot.clear_memory()
    try:
        _contact(_child("SNAP3"), date(2024, 6, 3))
        first = snapshot.refresh()
        assert first.tables["contacts"].num_rows == 1
        assert first.state is not None
        copies.clear()
        assert snapshot.refresh().extracted == ()
        assert copies == []
    finally:
        snapshot.clear_memory()


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_the_files_every_minute(analytics_dir: Path) -> None:
    """The periodic job writes the files a web process then maps: a record shows within a minute."""
    from procrastinate.contrib.django import app

    from continuum.jobs import tasks

    schedule = {p.periodic_id: (p.task.name, p.cron) for p in app.periodic_registry.periodic_tasks.values()}
    assert schedule["analytics-refresh"] == ("metrics.refresh", "* * * * *")
    _contact(_child("SNAP4"), date(2024, 6, 3))
    tasks.refresh_analytics(timestamp=0)
    snapshot.clear_memory()  # the web process: nothing in memory, the worker's files on disk
    mapped = snapshot.refresh()
    assert sorted(mapped.loaded) == sorted(extract.EXTRACTED)
    assert mapped.tables["contacts"].num_rows == 1


def test_temporary_files_a_crash_left_are_swept_and_fresh_ones_kept(tmp_path: Path) -> None:
    """A write stopped mid-way leaves ``.<table>.<id>.tmp``: one over an hour old is removed when the
    folder is next prepared; one just started (another process writing now) is left alone."""
    import os
    import time

    folder = tmp_path / "analytics"
    folder.mkdir()
    stale, fresh, table = folder / ".contacts.aa.tmp", folder / ".visits.bb.tmp", folder / "contacts.arrow"
    for f in (stale, fresh, table):
        f.write_bytes(b"x")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(table, (old, old))
    assert snapshot._prepare(folder)
    assert not stale.exists()
    assert fresh.exists()
    assert table.exists()
