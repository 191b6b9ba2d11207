# The release date an IOM offender in custody is due out: the board wants a community action plan
# in place before it (seed 004 line 757), so the plans are shown against their dates.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community_safety", "0003_asb_iom_marac"),
    ]

    operations = [
        migrations.AddField(
            model_name="iomoffender",
            name="release_due",
            field=models.DateField(
                blank=True,
                null=True,
                verbose_name="Release date",
                help_text="When an offender in custody is due for release; the community action plan "
                "must be in place before it.",
            ),
        ),
    ]
