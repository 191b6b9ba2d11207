"""Versions on EHC requests and plans (concurrent edits are refused), and the amended-plan clock.

The clock row is frozen here as 0002 froze the others (continuum/core/timescale_defaults.py carries
the same row; tests/core/test_timescale_rules_db.py checks they agree). get_or_create by code, so a
council's edit survives.
"""

from django.db import migrations, models

AMENDED_PLAN = {
    "code": "ehc_amended_plan",
    "name": "EHC: amended plan after an annual review",
    "start_event": "annual review meeting that decided to amend the plan",
    "interval": 12,
    "unit": "weeks",
    "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
    "source_kind": "statute",
    "citation": "SEND Regulations 2014 reg 20(10) (decision within 4 weeks of the meeting) and reg 22(5) "
    "(amended plan within 8 weeks of the amendment notice): 12 weeks from the meeting",
    "repeat_interval": None,
    "repeat_unit": "",
    "due_soon_interval": 1,
    "due_soon_unit": "weeks",
    "ends_after_interval": None,
    "ends_after_unit": "",
    "then": "",
    "counts_start_day": False,
    "seed": "001 L2892-3135 (timely completion and reviews of EHC plans)",
    "notes": "",
}


def seed(apps, schema_editor):
    values = dict(AMENDED_PLAN)
    code = values.pop("code")
    apps.get_model("core", "TimescaleRule").objects.get_or_create(code=code, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code=AMENDED_PLAN["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("send", "0002_ehc_clocks")]

    operations = [
        migrations.AddField(
            model_name="ehcrequest", name="version", field=models.PositiveIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="ehcplan", name="version", field=models.PositiveIntegerField(default=0)
        ),
        migrations.RunPython(seed, unseed),
    ]
