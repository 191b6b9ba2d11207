"""SEND's records onto the project's VersionedModel, the named setting's URN and UKPRN, and phase transfers.

* EHC requests and plans take ``people.VersionedModel`` (version, created_at, updated_at) instead of
  their own version column: the version default moves from 0 to 1 for new rows only (a row's
  version is compared, never its value), and the timestamps of existing rows are the migration's
  time.
* The named setting's URN (schools) and UKPRN (post-16 providers), for SEN2.
* Phase transfers, with the two deadlines of SEND Regulations 2014 reg 18 as timescale rules of the
  fixed-date kind (core 0013). The rows are frozen here as 0002 froze the others
  (continuum/core/timescale_defaults.py carries the same rows; tests/core/test_timescale_rules_db.py
  checks they agree). get_or_create by code, so a council's edit survives.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

_COMMON = {
    "start_event": "the start of the last school year before the transfer (1 September)",
    "unit": "date_in_year",
    "applies_to": "EHC plans of children and young people moving to a new phase of education",
    "source_kind": "statute",
    "repeat_interval": None,
    "repeat_unit": "",
    "due_soon_interval": 6,
    "due_soon_unit": "weeks",
    "ends_after_interval": None,
    "ends_after_unit": "",
    "then": "",
    "counts_start_day": False,
    "seed": "001 L2892-3135 (timely completion and reviews of EHC plans)",
    "notes": "",
}
RULES = {
    "ehc_phase_transfer": {
        **_COMMON,
        "name": "EHC: plan amended for a phase transfer (school)",
        "interval": 215,
        "citation": "SEND Regulations 2014 reg 18(1)(b) as amended: reviewed and amended, naming the new "
        "school, by 15 February in the calendar year of the transfer",
    },
    "ehc_phase_transfer_post16": {
        **_COMMON,
        "name": "EHC: plan amended for a transfer to post-16",
        "interval": 331,
        "citation": "SEND Regulations 2014 reg 18(1)(a) as amended: from secondary school to a post-16 "
        "institution, reviewed and amended by 31 March in the calendar year of the transfer",
    },
}


def seed(apps, schema_editor):
    rules = apps.get_model("core", "TimescaleRule").objects
    for code, values in RULES.items():
        rules.get_or_create(code=code, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code__in=list(RULES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("send", "0003_versions_amended_plan_clock"),
        ("core", "0013_timescale_date_in_year"),
    ]

    operations = [
        migrations.AddField(
            model_name="ehcplan",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ehcplan",
            name="setting_ukprn",
            field=models.CharField(
                blank=True,
                help_text="Colleges and other post-16 providers: 8 digits starting with 1.",
                max_length=8,
                validators=[
                    django.core.validators.RegexValidator(
                        "^1\\d{7}$",
                        "A UKPRN is 8 digits starting with 1 (UK Register of Learning Providers).",
                    )
                ],
                verbose_name="Named setting's UKPRN",
            ),
        ),
        migrations.AddField(
            model_name="ehcplan",
            name="setting_urn",
            field=models.CharField(
                blank=True,
                help_text="Schools: 6 digits.",
                max_length=6,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{6}$", "A URN is 6 digits (Get Information about Schools)."
                    )
                ],
                verbose_name="Named setting's URN",
            ),
        ),
        migrations.AddField(
            model_name="ehcplan",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="ehcrequest",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="ehcplan",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="ehcrequest",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.CreateModel(
            name="PhaseTransfer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_phase",
                    models.CharField(
                        choices=[
                            ("early_years", "Early years"),
                            ("primary", "Primary school"),
                            ("secondary", "Secondary school"),
                            ("post16", "Post-16"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "to_phase",
                    models.CharField(
                        choices=[
                            ("early_years", "Early years"),
                            ("primary", "Primary school"),
                            ("secondary", "Secondary school"),
                            ("post16", "Post-16"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "transfer_year",
                    models.PositiveSmallIntegerField(
                        help_text="The calendar year the new phase starts (in September): the deadline is in this year."
                    ),
                ),
                ("setting_name", models.CharField(blank=True, max_length=200, verbose_name="New setting")),
                (
                    "setting_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("mainstream", "Mainstream school"),
                            ("resourced", "Mainstream with resourced provision"),
                            ("special", "State-funded special school"),
                            ("independent", "Independent or non-maintained special school"),
                            ("early_years", "Early years setting"),
                            ("post16", "Further education or post-16"),
                            ("other", "Other arrangements"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "setting_urn",
                    models.CharField(
                        blank=True,
                        help_text="Schools: 6 digits.",
                        max_length=6,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{6}$", "A URN is 6 digits (Get Information about Schools)."
                            )
                        ],
                        verbose_name="New setting's URN",
                    ),
                ),
                (
                    "setting_ukprn",
                    models.CharField(
                        blank=True,
                        help_text="Post-16 providers: 8 digits starting with 1.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^1\\d{7}$",
                                "A UKPRN is 8 digits starting with 1 (UK Register of Learning Providers).",
                            )
                        ],
                        verbose_name="New setting's UKPRN",
                    ),
                ),
                (
                    "amended_issued_on",
                    models.DateField(
                        blank=True,
                        help_text="The amended plan naming the new setting.",
                        null=True,
                        verbose_name="Amended plan issued",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transfers",
                        to="send.ehcplan",
                    ),
                ),
            ],
            options={
                "ordering": ["transfer_year", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "transfer_year"), name="send_one_transfer_a_year"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amended_issued_on__isnull", True),
                            models.Q(("setting_name", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="send_transfer_named_when_issued",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
