"""A complaint's acknowledgement date, and two more complaint clocks in the one timescales table.

The acknowledgement clock (3 working days from receipt) times the officer's first step; the
statutory request window (20 working days from a stage's response) is when a statutory complainant
may ask for the next stage as of right, so the escalation gate may not decline it. The rows are
frozen here (a migration must not change when the defaults module does);
continuum/core/timescale_defaults.py carries the same rows and tests/core/test_timescale_rules_db.py
checks they agree. Existing rows are left alone (get_or_create by code), so a council's edits survive.
"""

from django.db import migrations, models

_RPR2006 = "Children Act 1989 Representations Procedure (England) Regulations 2006"


def _row(code, name, start_event, interval, applies_to, source_kind, citation, seed, due_soon):
    return {
        "code": code,
        "name": name,
        "start_event": start_event,
        "interval": interval,
        "unit": "working_days",
        "applies_to": applies_to,
        "source_kind": source_kind,
        "citation": citation,
        "repeat_interval": None,
        "repeat_unit": "",
        "due_soon_interval": due_soon,
        "due_soon_unit": "working_days",
        "ends_after_interval": None,
        "ends_after_unit": "",
        "then": "",
        "counts_start_day": False,
        "seed": seed,
        "notes": "",
    }


CLOCK_ROWS = [
    _row(
        "complaint_acknowledgement",
        "Complaint acknowledged",
        "complaint received",
        3,
        "all complaints (statutory and service)",
        "statutory guidance",
        "Getting the Best from Complaints (DfES 2006), guidance on the 2006 Regulations: "
        "acknowledge within 3 working days; the council's procedure uses the same for service complaints",
        "001 L2158-2576 (complaints procedure); local setting",
        1,
    ),
    _row(
        "complaint_statutory_next_stage_request",
        "Statutory complaint: time to ask for the next stage",
        "stage response sent",
        20,
        "statutory complaints: a stage 2 or review panel asked for within this is a right",
        "statute",
        f"{_RPR2006}: the complainant may ask for stage 2 (and then a review panel) within "
        "20 working days of being told the result; a request in time cannot be refused",
        "001 L2292-2296",
        5,
    ),
]


def seed(apps, schema_editor):
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    for row in CLOCK_ROWS:
        values = dict(row)
        code = values.pop("code")
        TimescaleRule.objects.get_or_create(code=code, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code__in=[r["code"] for r in CLOCK_ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_learninglink"), ("core", "0013_timescale_date_in_year")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="acknowledged",
            field=models.DateField(blank=True, null=True, verbose_name="Date acknowledged"),
        ),
        migrations.RunPython(seed, unseed),
    ]
