"""Return uploads: an optional ONS Postcode Directory file, for the SSDA903 placement-area rules."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_return_upload_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="returnupload",
            name="postcode_files",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
