"""Sign-off, supervision, warnings, drafts and notes about casework records (issue 18 points 1, 2, 4).

Sign-off steps, supervision records and note links are never updated or deleted, in the database as in
the model (the trigger function of 0001). The warning types a council starts with are rows it may edit
or add to in the admin; the authorisation and supervision clocks are rows of the one timescales table
(core/timescale_defaults.py carries the same rows; tests/core/test_timescale_rules_db.py checks they
agree). Existing rows are left alone (get_or_create).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import continuum.core.clock

APPEND_ONLY_TABLES = (
    "practice_signoff",
    "practice_signoffevent",
    "practice_supervision",
    "practice_supervisionchild",
    "practice_noteabout",
)
APPEND_ONLY = "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION practice_append_only();\n"
    for table in APPEND_ONLY_TABLES
)
UNDO = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in APPEND_ONLY_TABLES)

WARNING_TYPES = (
    ("risk-to-staff", "Risk to staff"),
    ("do-not-disclose-address", "Do not disclose address"),
    ("interpreter-needed", "Interpreter needed"),
    ("other", "Other"),
)

_ROW = {
    "unit": "working_days",
    "source_kind": "local standard",
    "repeat_interval": None,
    "repeat_unit": "",
    "ends_after_interval": None,
    "ends_after_unit": "",
    "then": "",
    "counts_start_day": False,
    "notes": "",
}
_SUPERVISION_CITATION = (
    "Employer standards for social workers (LGA 2020), standard 6: regular reflective "
    "supervision; the frequency per role is a local setting"
)
CLOCK_ROWS = [
    {
        **_ROW,
        "code": "management_authorisation",
        "name": "Submitted work authorised or returned by a manager",
        "start_event": "submitted for authorisation",
        "interval": 5,
        "applies_to": "assessments, CIN and CP plans, case closure and step-down",
        "citation": "Local practice standard: a manager authorises or returns submitted work; local setting",
        "seed": "002 theme 6 (management footprint on case files is poor)",
        "due_soon_interval": 2,
        "due_soon_unit": "working_days",
    },
    *(
        {
            **_ROW,
            "code": code,
            "name": f"Supervision held: {who}",
            "start_event": "last supervision (or start in post)",
            "interval": weeks,
            "unit": "weeks",
            "applies_to": who,
            "citation": _SUPERVISION_CITATION,
            "seed": "002 theme 6 (reflective supervision)",
            "due_soon_interval": 1,
            "due_soon_unit": "weeks",
        }
        for code, who, weeks in (
            ("supervision_practitioner", "case-holding practitioners", 4),
            ("supervision_manager", "team and service managers", 6),
        )
    ),
]


def seed(apps, schema_editor):
    WarningType = apps.get_model("practice", "WarningType")
    for code, name in WARNING_TYPES:
        WarningType.objects.get_or_create(code=code, defaults={"name": name})
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    for row in CLOCK_ROWS:
        values = dict(row)
        TimescaleRule.objects.get_or_create(code=values.pop("code"), defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code__in=[r["code"] for r in CLOCK_ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_professional"),
        ("practice", "0001_initial"),
        ("core", "0011_head_of_service_partner_member"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WarningType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("active", models.BooleanField(default=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="SignOff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("assessment", "Assessment"),
                            ("cin_plan", "Child in need plan"),
                            ("cp_plan", "Child protection plan"),
                            ("closure", "Case closure"),
                            ("step_down", "Step-down to early help"),
                        ],
                        max_length=20,
                    ),
                ),
                ("record_id", models.PositiveBigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sign_offs",
                        to="people.child",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SignOffEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "step",
                    models.CharField(
                        choices=[
                            ("submitted", "Submitted for authorisation"),
                            ("returned", "Returned with comments"),
                            ("authorised", "Authorised"),
                        ],
                        max_length=20,
                    ),
                ),
                ("at", models.DateTimeField(default=continuum.core.clock.now)),
                (
                    "comments",
                    models.TextField(
                        blank=True, help_text="The worker's summary, or the manager's comments."
                    ),
                ),
                (
                    "proposed",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="What the worker put up (applied to the record on authorisation).",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "sign_off",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="steps",
                        to="practice.signoff",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Supervision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField()),
                (
                    "reflection",
                    models.TextField(
                        blank=True,
                        help_text="The reflective discussion: the worker's practice, learning and wellbeing.",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "supervisor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supervisions",
                        to="people.worker",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SupervisionChild",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("discussion", models.TextField(blank=True)),
                ("decisions", models.TextField()),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.child"
                    ),
                ),
                (
                    "note",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supervision_child",
                        to="practice.casenote",
                    ),
                ),
                (
                    "supervision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="practice.supervision",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ChildWarning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("details", models.TextField(blank=True)),
                ("raised_on", models.DateField()),
                (
                    "review_on",
                    models.DateField(
                        blank=True, help_text="Shown until this date unless reviewed.", null=True
                    ),
                ),
                ("ended_on", models.DateField(blank=True, null=True)),
                ("end_reason", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="warnings",
                        to="people.child",
                    ),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "raised_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "warning_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="practice.warningtype",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Draft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("form_key", models.CharField(max_length=120)),
                ("data", models.JSONField(default=dict)),
                ("saved_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "form_key"), name="draft_one_per_form")
                ],
            },
        ),
        migrations.CreateModel(
            name="NoteAbout",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "record_type",
                    models.CharField(
                        choices=[
                            ("visit", "Visit"),
                            ("assessment", "Assessment"),
                            ("core_group", "Core group"),
                            ("cp_review", "Child protection review"),
                            ("cla_review", "Looked-after review"),
                        ],
                        max_length=20,
                    ),
                ),
                ("record_id", models.PositiveBigIntegerField()),
                (
                    "note",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="about",
                        to="practice.casenote",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["record_type", "record_id"], name="noteabout_record_idx")],
            },
        ),
        migrations.AddIndex(
            model_name="signoff",
            index=models.Index(fields=["kind", "record_id"], name="signoff_record_idx"),
        ),
        migrations.AddIndex(
            model_name="supervision",
            index=models.Index(fields=["worker", "held_on"], name="supervision_worker_idx"),
        ),
        migrations.AddIndex(
            model_name="childwarning",
            index=models.Index(fields=["child", "ended_on"], name="childwarning_child_idx"),
        ),
        migrations.RunSQL(APPEND_ONLY, UNDO),
        migrations.RunPython(seed, unseed),
    ]
