# The version of an IOM offender's details: two officers updating the same person's release date,
# action plan, wanted or removal state; the second save is refused rather than silently overwriting.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community_safety", "0004_iomoffender_release_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="iomoffender",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
