"""The moment a return home interview was held (issue 15): the 72 hours are timed to it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journey", "0005_sdq_reason_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="missingepisode",
            name="rhi_accepted",
            field=models.BooleanField(
                blank=True,
                help_text="Yes accepted, no refused, blank not answered yet.",
                null=True,
                verbose_name="Return home interview accepted",
            ),
        ),
        migrations.AddField(
            model_name="missingepisode",
            name="rhi_held_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the return home interview took place (date and time).",
                null=True,
                verbose_name="Return home interview held",
            ),
        ),
        migrations.AddConstraint(
            model_name="missingepisode",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("rhi_held_at__isnull", True), ("rhi_held_at__gte", models.F("mis_end")), _connector="OR"
                ),
                name="missing_rhi_held_after_return",
            ),
        ),
    ]
