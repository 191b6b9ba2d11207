"""Backup and restore proved (issue 17, point 7).

A small simulated borough is loaded, seen and reviewed (access log, a
break-glass review), backed up with ``./run db backup``'s code, and restored
into a second, empty embedded server with ``./run db restore``'s. Read from the
restored server: every analytical table, every indicator for the year, the
whole chronology and the whole access log are identical; the append-only
triggers came back with the data; and the app role has its privileges there.
A restore over a database that holds tables is refused.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from continuum.core import roles
from continuum.core.access_log import log_view
from continuum.core.db_roles import app_role
from continuum.core.models import AccessLogEntry, BreakGlassReview
from continuum.devtools import backup, pg
from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from continuum.synth.load import load_borough
from continuum.synth.params import Params
from continuum.synth.simulate import SimConfig, simulate
from continuum.web.access_admin.records import review_break_glass

YEAR = "2024-25"


def _url(settings_dict: dict[str, Any]) -> str:
    host = quote(str(settings_dict["HOST"]), safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}{port}/{settings_dict['NAME']}"


def _snapshot(code: str) -> dict[str, Any]:
    """Everything that must survive: the analytical tables, the year's figures, chronology, access log."""
    tables = extract_tables(code=code, workers=1)
    results = [(r.code, r.value, r.numerator, r.denominator, r.status) for r in Engine(tables).run(YEAR)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM journey_chronologyevent ORDER BY id")
        chronology = cursor.fetchall()
        cursor.execute("SELECT * FROM core_accesslogentry ORDER BY id")
        access_log = cursor.fetchall()
        cursor.execute("SELECT * FROM core_breakglassreview ORDER BY id")
        reviews = cursor.fetchall()
    return {
        "tables": {name: t.to_pylist() for name, t in tables.items()},
        "results": results,
        "chronology": chronology,
        "access_log": access_log,
        "reviews": reviews,
    }


@pytest.fixture
def second_server() -> Iterator[str]:
    """An empty embedded server in a folder its own user may enter; yields a database URL on it."""
    folder = Path(tempfile.mkdtemp(prefix="continuum-restore-"))
    folder.chmod(0o755)
    pgdata = folder / "data"
    try:
        socket_dir = pg.start(pgdata)
        pg.ensure_database(socket_dir, "restored")
        yield pg.socket_url(socket_dir, "restored")
    finally:
        pg.stop(pgdata)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.django_db(transaction=True)  # committed rows: pg_dump reads them from its own connection
def test_backup_restores_into_an_empty_server_identically(make_user, second_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    borough = simulate(
        SimConfig(
            years=1,
            seed=17,
            last_year_end=date(2025, 3, 31),
            warm_up_years=2,
            params=replace(Params(), new_children_per_year=400.0, uasc_per_year=2.0),
        )
    )
    load_borough(borough, progress=None)
    worker = make_user("sw-backup", roles.SOCIAL_WORKER)
    qa = make_user("qa-backup", roles.QA_OFFICER)
    for record_id in (1, 2, 3):
        log_view(user=worker, action="child.view", record_type="child", record_id=record_id)
    log_view(
        user=worker, action="child.view", record_type="child", record_id=4, reason="Urgent", flagged=True
    )
    flagged = AccessLogEntry.objects.get(flagged=True)
    review_break_glass(entry=flagged, outcome=BreakGlassReview.Outcome.JUSTIFIED, note="", by=qa)
    before = _snapshot(borough.la_code)
    assert len(before["chronology"]) > 1000
    assert len(before["access_log"]) >= 5
    assert any(value is not None for _, value, *_ in before["results"])

    file = backup.backup(_url(connection.settings_dict), tmp_path / "borough.backup")
    assert file.stat().st_size > 10_000
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    backup.restore(second_server, file)

    real = dict(connection.settings_dict)
    restored = psycopg.conninfo.conninfo_to_dict(second_server)
    connection.close()
    connection.settings_dict.update(
        HOST=restored["host"], NAME=restored["dbname"], USER="postgres", PASSWORD="", PORT=""
    )
    try:
        after = _snapshot(borough.la_code)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'core_accesslogentry', 'INSERT'), "
                "has_table_privilege(%s, 'core_accesslogentry', 'DELETE'), "
                "has_table_privilege(%s, 'people_child', 'UPDATE')",
                [app_role()] * 3,
            )
            assert cursor.fetchone() == (True, False, True)
            with pytest.raises(Exception, match="append-only"):
                cursor.execute("DELETE FROM core_accesslogentry")
    finally:
        connection.close()
        connection.settings_dict.update(real)
    for part in ("results", "chronology", "access_log", "reviews"):
        assert after[part] == before[part], part
    assert after["tables"] == before["tables"]

    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(second_server, file)
