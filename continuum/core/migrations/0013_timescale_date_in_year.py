"""A timescale rule may be a fixed date in the year (unit ``date_in_year``, 215 = 15 February).

Choices only: no column changes. The EHC phase transfer deadlines (SEND Regulations 2014 reg 18:
15 February, or 31 March into post-16) are the first rules of this kind (send migration 0005).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_iom_send_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="timescalerule",
            name="due_soon_unit",
            field=models.CharField(
                choices=[
                    ("working_days", "working days"),
                    ("calendar_days", "calendar days"),
                    ("hours", "hours"),
                    ("weeks", "weeks"),
                    ("months", "months"),
                    ("date_in_year", "date in the year (215 = 15 February)"),
                ],
                default="working_days",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="timescalerule",
            name="ends_after_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("working_days", "working days"),
                    ("calendar_days", "calendar days"),
                    ("hours", "hours"),
                    ("weeks", "weeks"),
                    ("months", "months"),
                    ("date_in_year", "date in the year (215 = 15 February)"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="timescalerule",
            name="repeat_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("working_days", "working days"),
                    ("calendar_days", "calendar days"),
                    ("hours", "hours"),
                    ("weeks", "weeks"),
                    ("months", "months"),
                    ("date_in_year", "date in the year (215 = 15 February)"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="timescalerule",
            name="unit",
            field=models.CharField(
                choices=[
                    ("working_days", "working days"),
                    ("calendar_days", "calendar days"),
                    ("hours", "hours"),
                    ("weeks", "weeks"),
                    ("months", "months"),
                    ("date_in_year", "date in the year (215 = 15 February)"),
                ],
                max_length=20,
            ),
        ),
    ]
