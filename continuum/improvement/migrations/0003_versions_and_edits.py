# Priorities, objectives and actions are edited in the web: each carries a version (a save from an
# older page is refused) and every edit is a row of an append-only history, in the database too.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE FUNCTION improvement_edit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'improvement_planedit is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER improvement_edit_append_only BEFORE UPDATE OR DELETE ON improvement_planedit
    FOR EACH ROW EXECUTE FUNCTION improvement_edit_append_only();
"""
UNDO = """
DROP TRIGGER IF EXISTS improvement_edit_append_only ON improvement_planedit;
DROP FUNCTION IF EXISTS improvement_edit_append_only();
"""

VERSION_HELP = "Raised by every edit, so a save made from an older page is refused."


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0002_default_rag_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="objective",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text=VERSION_HELP),
        ),
        migrations.AddField(
            model_name="planaction",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text=VERSION_HELP),
        ),
        migrations.AddField(
            model_name="priority",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text=VERSION_HELP),
        ),
        migrations.CreateModel(
            name="PlanEdit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "record_type",
                    models.CharField(help_text='"priority", "objective" or "action".', max_length=20),
                ),
                ("record_id", models.PositiveBigIntegerField()),
                (
                    "record_label",
                    models.CharField(help_text='As the plan names it: "Priority 2", "T1".', max_length=80),
                ),
                ("field", models.CharField(help_text='The field in words, or "Added".', max_length=80)),
                ("old", models.TextField(blank=True)),
                ("new", models.TextField(blank=True)),
                ("reason", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="edits",
                        to="improvement.plan",
                    ),
                ),
            ],
            options={
                "ordering": ["plan", "at", "pk"],
                "indexes": [
                    models.Index(fields=["plan", "record_type", "record_id"], name="planedit_record_idx")
                ],
            },
        ),
        migrations.RunSQL(APPEND_ONLY, UNDO),
    ]
