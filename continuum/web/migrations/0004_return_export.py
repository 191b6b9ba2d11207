"""Return exports: a statutory return written from the live record by a background job."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import continuum.web.returns.models


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0003_return_upload_postcodes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReturnExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=continuum.web.returns.models.new_token,
                        editable=False,
                        max_length=32,
                        unique=True,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("cin", "CIN census"),
                            ("903", "SSDA903 (children looked after)"),
                            ("sen2", "SEN2 (EHC plans)"),
                            ("annex-a", "Ofsted Annex A"),
                        ],
                        max_length=16,
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("requested_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to start"),
                            ("running", "Writing"),
                            ("succeeded", "Ready to download"),
                            ("failed", "Could not be written"),
                        ],
                        default="queued",
                        max_length=16,
                    ),
                ),
                ("stage", models.CharField(blank=True, max_length=200)),
                ("percent", models.PositiveSmallIntegerField(default=0)),
                ("runner", models.CharField(blank=True, max_length=64)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("problem", models.TextField(blank=True)),
                ("files", models.JSONField(blank=True, default=list)),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ("-requested_at", "-id")},
        ),
    ]
