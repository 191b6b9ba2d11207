"""Make the access log append-only in the database itself.

The model refuses updates and deletes, but who saw a child's record is
evidence for a practice review or a data-protection complaint: it must also
hold against raw SQL, a bulk loader or a mistaken script. A row-level trigger
refuses every UPDATE and DELETE on core_accesslogentry, as the chronology's
does (journey migration 0002). TRUNCATE is left alone so that test databases
can still be emptied.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_access_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Access log entries are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER core_access_log_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_access_log_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS core_access_log_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_access_log_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0005_access_reasons_and_relationships")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
