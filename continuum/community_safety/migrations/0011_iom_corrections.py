"""Corrections of what was recorded when a person joined the IOM list, kept append-only in the
database too (a trigger refuses UPDATE and DELETE, as for the action tracker's history)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import continuum.core.clock

APPEND_ONLY = """
CREATE FUNCTION community_safety_iom_correction_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'community_safety_iomcorrection is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER community_safety_iom_correction_append_only BEFORE UPDATE OR DELETE
    ON community_safety_iomcorrection
    FOR EACH ROW EXECUTE FUNCTION community_safety_iom_correction_append_only();
"""
UNDO = """
DROP TRIGGER IF EXISTS community_safety_iom_correction_append_only ON community_safety_iomcorrection;
DROP FUNCTION IF EXISTS community_safety_iom_correction_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("community_safety", "0010_pseudonymous_keys_refused_unless_as_stored"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IomCorrection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "field",
                    models.CharField(
                        help_text='The detail in words: "Name", "Date added to the list".', max_length=40
                    ),
                ),
                ("old", models.TextField(blank=True)),
                ("new", models.TextField(blank=True)),
                ("reason", models.TextField()),
                ("at", models.DateTimeField(default=continuum.core.clock.now)),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "offender",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="corrections",
                        to="community_safety.iomoffender",
                    ),
                ),
            ],
            options={
                "ordering": ["offender", "at", "pk"],
            },
        ),
        migrations.RunSQL(APPEND_ONLY, UNDO),
    ]
