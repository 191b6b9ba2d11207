"""The access log cannot be emptied by the app (issue 17, point 2).

The test database is migrated by the owner, which grants the app role its
privileges (continuum/core/db_roles.py). Connected as the app role: the access
log and its reviews take inserts but refuse UPDATE, DELETE and TRUNCATE for
want of privilege, and the role owns no table; the case record stays writable;
and the app's own work on the log (writing entries, recording a break-glass
review under its lock) runs as that role.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from psycopg import errors

from continuum.core import roles
from continuum.core.access_log import log_view
from continuum.core.db_roles import APPEND_ONLY_TABLES, app_role, connect_as_app_role
from continuum.core.models import AccessLogEntry, BreakGlassReview


def _connect_as_app() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"], port=s["PORT"] or None, dbname=s["NAME"], user=app_role(), autocommit=True
    )


@pytest.mark.django_db
def test_the_app_role_may_only_read_and_append_to_the_access_log() -> None:
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, 'SELECT'), has_table_privilege(%s, %s, 'INSERT'), "
                "has_table_privilege(%s, %s, 'UPDATE'), has_table_privilege(%s, %s, 'DELETE'), "
                "has_table_privilege(%s, %s, 'TRUNCATE')",
                [app_role(), table] * 5,
            )
            assert cursor.fetchone() == (True, True, False, False, False), table
        cursor.execute(
            "SELECT has_table_privilege(%s, 'people_child', 'UPDATE'), "
            "has_table_privilege(%s, 'journey_contact', 'INSERT'), "
            "has_table_privilege(%s, 'people_child', 'TRUNCATE')",
            [app_role()] * 3,
        )
        assert cursor.fetchone() == (True, True, False)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [app_role()])
        assert cursor.fetchone() == (0,)


@pytest.mark.django_db
def test_update_delete_and_truncate_are_refused_to_the_app_role() -> None:
    with _connect_as_app() as app:
        for table in APPEND_ONLY_TABLES:
            for statement in (
                f"UPDATE {table} SET id = id",  # noqa: S608 - fixed table names
                f"DELETE FROM {table}",  # noqa: S608
                f"TRUNCATE {table}",
            ):
                with pytest.raises(errors.InsufficientPrivilege):
                    app.execute(statement)


@pytest.fixture
def as_app_role() -> Iterator[None]:
    real = dict(connection.settings_dict)
    connect_as_app_role()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(USER=real["USER"], PASSWORD=real["PASSWORD"])


@pytest.mark.django_db(transaction=True)
def test_the_app_writes_the_log_and_reviews_as_the_app_role(make_user, as_app_role) -> None:  # type: ignore[no-untyped-def]
    from django.db.utils import ProgrammingError

    from continuum.web.access_admin.records import review_break_glass

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role(),)
    worker = make_user("sw-role", roles.SOCIAL_WORKER)
    qa = make_user("qa-role", roles.QA_OFFICER)
    log_view(
        user=worker, action="child.view", record_type="child", record_id=1, reason="Urgent", flagged=True
    )
    entry = AccessLogEntry.objects.get(user=worker)
    review = review_break_glass(entry=entry, outcome=BreakGlassReview.Outcome.JUSTIFIED, note="", by=qa)
    assert review.entry_id == entry.pk
    with pytest.raises(ProgrammingError):  # permission denied, before the trigger is even asked
        AccessLogEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
