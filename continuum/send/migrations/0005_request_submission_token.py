"""An EHC request keeps the one-time token of the form that recorded it, so a re-sent form is not
recorded twice."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("send", "0004_versioned_ids_phase_transfers"),
    ]

    operations = [
        migrations.AddField(
            model_name="ehcrequest",
            name="submission_token",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text=(
                    "The one-time token of the form that recorded the request: the same form sent again "
                    "(back and resend, a double click) finds this request instead of recording another."
                ),
                max_length=64,
            ),
        ),
        migrations.AddConstraint(
            model_name="ehcrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("submission_token", ""), _negated=True),
                fields=("submission_token",),
                name="send_request_submission_token_once",
            ),
        ),
    ]
