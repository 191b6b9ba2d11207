"""Return uploads: last year's files, earlier years' Episodes and provider information; background import."""

from django.db import migrations, models

STATUS = [
    ("queued", "Waiting to start"),
    ("running", "Checking"),
    ("succeeded", "Checked"),
    ("failed", "Could not be checked"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_return_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="returnupload",
            name="previous_files",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="history_files",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="provider_files",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="import_status",
            field=models.CharField(blank=True, choices=STATUS, max_length=16),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="import_stage",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="import_percent",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="import_problem",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="returnupload",
            name="import_unmapped",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
