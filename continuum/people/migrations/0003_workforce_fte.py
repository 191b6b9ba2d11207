"""Contracted hours per worker and each team's establishment in FTE (issue 15): the DfE counts FTE."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_sw_reason_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="team",
            name="establishment_fte",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Funded posts in full-time equivalents, for the vacancy rate.",
                max_digits=6,
                null=True,
                verbose_name="Establishment (FTE)",
            ),
        ),
        migrations.AddField(
            model_name="worker",
            name="contracted_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Blank means full time.",
                max_digits=4,
                null=True,
                verbose_name="Contracted hours a week",
            ),
        ),
    ]
