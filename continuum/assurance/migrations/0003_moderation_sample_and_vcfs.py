"""The moderation sample (a month's picks, each with why it was picked) and the VCFS safeguarding
checklist as an audit tool (version 1, from continuum/assurance/tools.py), so its questions are
versioned data a QA officer edits like the case-audit tools. An existing tool of that code is left
alone (get_or_create)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from continuum.assurance import tools


def seed(apps, schema_editor):
    tool = tools.VCFS_TOOL
    apps.get_model("assurance", "AuditTool").objects.get_or_create(
        code=tool.code,
        version=1,
        defaults={
            "name": tool.name,
            "kind": tool.kind,
            "sections": tools.parse(tool.text),
            "change_note": "Default checklist shipped with Continuum",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("assurance", "AuditTool").objects.filter(code=tools.VCFS_TOOL.code, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0002_default_tools_and_clocks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="audittool",
            name="kind",
            field=models.CharField(
                choices=[
                    ("case_file", "Monthly case-file audit"),
                    ("front_door", "MASH threshold audit"),
                    ("multi_agency", "Multi-agency audit"),
                    ("thematic", "Thematic audit"),
                    ("dip_sample", "Dip sample"),
                    ("re_audit", "Re-audit of action progress"),
                    ("checklist", "Safeguarding checklist for partner organisations"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="ModerationSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="The first day of the month whose audits are sampled.", unique=True
                    ),
                ),
                (
                    "share",
                    models.PositiveSmallIntegerField(help_text="Percent of each auditor's audits drawn."),
                ),
                ("seed", models.PositiveIntegerField(help_text="The random seed of the draw.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-month"]},
        ),
        migrations.CreateModel(
            name="ModerationPick",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("share", "Drawn from the auditor's audits"),
                            ("inadequate", "Every Inadequate audit"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "audit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="moderation_picks",
                        to="assurance.caseaudit",
                    ),
                ),
                (
                    "sample",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="picks",
                        to="assurance.moderationsample",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("sample", "audit"), name="moderation_pick_once")
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
