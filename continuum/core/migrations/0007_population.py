"""Population estimates by year, single year of age, sex, ward and ethnicity (for rates)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_access_log_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="PopulationEstimate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        help_text="Year of the ONS mid-year estimate (30 June)."
                    ),
                ),
                ("age", models.PositiveSmallIntegerField(help_text="Age in whole years on 30 June, 0-17.")),
                ("sex", models.CharField(choices=[("M", "Male"), ("F", "Female")], max_length=1)),
                (
                    "ward",
                    models.CharField(
                        blank=True, help_text="Blank when the figure is for the borough.", max_length=100
                    ),
                ),
                (
                    "ethnicity",
                    models.CharField(
                        blank=True, help_text="DfE ethnicity code; blank if not split.", max_length=4
                    ),
                ),
                ("population", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "age", "sex", "ward", "ethnicity"), name="population_cell"
                    ),
                    models.CheckConstraint(condition=models.Q(("age__lte", 17)), name="population_age_0_17"),
                ],
            },
        ),
    ]
