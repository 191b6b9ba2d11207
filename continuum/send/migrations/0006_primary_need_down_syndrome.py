"""Down syndrome (DS), a SEN2 primary need since 2025, can be recorded as a plan's primary need."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("send", "0005_request_submission_token"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ehcplan",
            name="primary_need",
            field=models.CharField(
                choices=[
                    ("SPLD", "Specific learning difficulty"),
                    ("MLD", "Moderate learning difficulty"),
                    ("SLD", "Severe learning difficulty"),
                    ("PMLD", "Profound and multiple learning difficulty"),
                    ("SEMH", "Social, emotional and mental health"),
                    ("SLCN", "Speech, language and communication needs"),
                    ("HI", "Hearing impairment"),
                    ("VI", "Vision impairment"),
                    ("MSI", "Multi-sensory impairment"),
                    ("PD", "Physical disability"),
                    ("ASD", "Autistic spectrum disorder"),
                    ("DS", "Down syndrome"),
                    ("OTH", "Other difficulty or disability"),
                ],
                max_length=4,
            ),
        ),
    ]
