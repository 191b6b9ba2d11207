"""A QA officer's review of a flagged (break-glass) access, append-only like the log it reviews.

One review per access-log entry (one-to-one), a note whenever the access was
not justified (check constraint), and a trigger refusing UPDATE and DELETE, as
migration 0006 does for the access log: a review is evidence too.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION core_break_glass_review_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Break-glass reviews are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER core_break_glass_review_append_only
    BEFORE UPDATE OR DELETE ON core_breakglassreview
    FOR EACH ROW EXECUTE FUNCTION core_break_glass_review_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS core_break_glass_review_append_only ON core_breakglassreview;
DROP FUNCTION IF EXISTS core_break_glass_review_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_population"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BreakGlassReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reviewed_at", models.DateTimeField(auto_now_add=True)),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("justified", "Justified: the access was appropriate"),
                            (
                                "not_justified",
                                "Not justified: referred to the manager and information governance",
                            ),
                            ("more_information", "More information: asked the worker to explain"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="Required when the access was not justified."),
                ),
                (
                    "entry",
                    models.OneToOneField(
                        help_text="The flagged access.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="review",
                        to="core.accesslogentry",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("outcome", "not_justified"), _negated=True),
                            models.Q(("note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="break_glass_review_note_if_not_justified",
                    )
                ],
            },
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
