"""A contact's BRAG rating has its rationale: why the MASH rated it so (issue 18 point 8)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journey", "0007_pre_proceedings_module"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="brag_rationale",
            field=models.TextField(
                blank=True,
                db_default="",
                default="",
                help_text="Why the contact was given its BRAG rating (the risk and what it rests on).",
            ),
        ),
    ]
