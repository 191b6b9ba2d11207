"""Who changed a timescale rule's timing, when and why; append-only like the access log.

The rules are not dated, so a change recounts every figure, past months included:
the dashboards name the change and its reason from these rows. A trigger refuses
UPDATE and DELETE, as migrations 0006 and 0008 do for the access log and its reviews.
Also: the access log's plural in the admin ("access log entries", not "entrys").
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION core_timescale_rule_change_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Timescale rule changes are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER core_timescale_rule_change_append_only
    BEFORE UPDATE OR DELETE ON core_timescalerulechange
    FOR EACH ROW EXECUTE FUNCTION core_timescale_rule_change_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS core_timescale_rule_change_append_only ON core_timescalerulechange;
DROP FUNCTION IF EXISTS core_timescale_rule_change_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_community_safety_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="accesslogentry",
            options={
                "ordering": ["-at"],
                "verbose_name": "access log entry",
                "verbose_name_plural": "access log entries",
            },
        ),
        migrations.CreateModel(
            name="TimescaleRuleChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "changed_fields",
                    models.CharField(help_text="The changed fields' labels, in words.", max_length=300),
                ),
                (
                    "before",
                    models.CharField(help_text="The timing before the change, in words.", max_length=400),
                ),
                (
                    "after",
                    models.CharField(help_text="The timing after the change, in words.", max_length=400),
                ),
                (
                    "reason",
                    models.TextField(help_text="Why the council changed it, in the administrator's words."),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="changes",
                        to="core.timescalerule",
                    ),
                ),
            ],
            options={
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
