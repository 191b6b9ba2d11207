"""Two database roles: the owner, and the role the running app connects as.

Who saw a child's record is evidence, so the app must not be able to empty the
access log even if it is made to run a statement it should not (an injection,
a bug, a mistaken script run through it). The owner (the role that runs
migrations, test set-up, flushes, restores and ``./run demo --refresh``) owns
every table. The app role (``CONTINUUM_DATABASE_APP_ROLE``, default
``continuum_app``) owns nothing; it may read and write the case record, but on
the access log and its reviews it may only read and insert: no UPDATE, DELETE
or TRUNCATE (the append-only triggers also refuse UPDATE and DELETE to
everyone; TRUNCATE stays possible for the owner alone, which is how tests and
restores empty tables).

After every ``migrate`` the owner grants the app role exactly that
(``post_migrate``), so new tables are covered as they come. On the embedded
server (where the owner is a superuser) the app role is created if missing; on
a real server the administrator creates it (docs/operations.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

#: Tables the app may only read and append to.
APPEND_ONLY_TABLES = ("core_accesslogentry", "core_breakglassreview")


def app_role() -> str:
    return settings.CONTINUUM_DATABASE_APP_ROLE


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_app_role(using: str = "default") -> bool:
    """Give the app role its privileges (run as the owner); False if the role is missing and cannot be."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return grant_with(cursor, connection.settings_dict["NAME"])


def grant_with(cursor: Any, database: str) -> bool:
    """:func:`grant_app_role` on any DB-API cursor (a restore uses its own connection)."""
    role = app_role()
    cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
    owner, is_superuser = cursor.fetchone()
    if role == owner:
        return True  # one role for both (a single-role installation): nothing to separate
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        if not is_superuser:
            logger.warning("Database role %s does not exist: create it (docs/operations.md)", role)
            return False
        # Two test workers may migrate at once: the second CREATE ROLE is not an error.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {_quoted(role)} LOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    r = _quoted(role)
    cursor.execute(f"GRANT CONNECT ON DATABASE {_quoted(database)} TO {r}")
    cursor.execute(f"GRANT USAGE ON SCHEMA public TO {r}")
    cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}")
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}")
    cursor.execute(f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {r}")
    # Only the tables there are: a database not yet migrated (or restored from one) has none.
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'", [list(APPEND_ONLY_TABLES)]
    )
    present = [row[0] for row in cursor.fetchall()]
    if present:
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(present)} FROM {r}")
    return True


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver: regrant once per migrate (sent per app, after every migration ran)."""
    if sender.label == "core":
        grant_app_role(using)


def connect_as_app_role(using: str = "default") -> None:
    """From now on, connect as the app role (the embedded server trusts its local socket).

    For ``./run demo``: it migrates and loads the borough as the owner, then
    serves as the app role, as production does with two ``DATABASE_URL``s.
    """
    connection = connections[using]
    connection.close()
    connection.settings_dict["USER"] = app_role()
    connection.settings_dict["PASSWORD"] = ""
