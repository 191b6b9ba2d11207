"""Make the chronology append-only in the database itself.

The model already refuses updates and deletes, but a chronology is evidence:
it must also hold against raw SQL, a bulk loader or a mistaken script. A
row-level trigger refuses every UPDATE and DELETE on journey_chronologyevent.
TRUNCATE is left alone so that test databases can still be emptied.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION journey_chronology_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Chronology events are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER journey_chronology_append_only
    BEFORE UPDATE OR DELETE ON journey_chronologyevent
    FOR EACH ROW EXECUTE FUNCTION journey_chronology_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS journey_chronology_append_only ON journey_chronologyevent;
DROP FUNCTION IF EXISTS journey_chronology_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("journey", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
