"""API tokens carry an expiry date (issue 17): twelve months from when they are made by default.

Tokens made before this migration are given twelve months from the day it runs.
"""

from django.db import migrations, models

import continuum.api.models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(
                default=continuum.api.models.default_expiry,
                help_text="After this the token is refused (401); make a new one before.",
            ),
        ),
    ]
