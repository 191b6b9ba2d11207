"""Earlier moderations: a case audit's moderation replaced by a later one is kept, append-only in the
database too (a trigger refuses UPDATE and DELETE, as for the action tracker's history)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE FUNCTION assurance_earlier_moderation_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'assurance_earliermoderation is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assurance_earlier_moderation_append_only BEFORE UPDATE OR DELETE
    ON assurance_earliermoderation
    FOR EACH ROW EXECUTE FUNCTION assurance_earlier_moderation_append_only();
"""
UNDO = """
DROP TRIGGER IF EXISTS assurance_earlier_moderation_append_only ON assurance_earliermoderation;
DROP FUNCTION IF EXISTS assurance_earlier_moderation_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0003_moderation_sample_and_vcfs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EarlierModeration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("outstanding", "Outstanding"),
                            ("good", "Good"),
                            ("requires_improvement", "Requires improvement"),
                            ("inadequate", "Inadequate"),
                        ],
                        max_length=24,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                ("on", models.DateField(blank=True, null=True)),
                ("replaced_at", models.DateTimeField(auto_now_add=True)),
                (
                    "audit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="earlier_moderations",
                        to="assurance.caseaudit",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "replaced_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["replaced_at", "pk"]},
        ),
        migrations.RunSQL(APPEND_ONLY, UNDO),
    ]
