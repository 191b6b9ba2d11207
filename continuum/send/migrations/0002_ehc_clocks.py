"""The EHC needs assessment and plan clocks in the one timescales table.

Frozen here (a migration must not change when the defaults module does);
continuum/core/timescale_defaults.py carries the same rows and tests/core/test_timescale_rules_db.py
checks they agree. Existing rows are left alone (get_or_create by code), so a council's edits survive.
"""

from django.db import migrations

CLOCK_ROWS = [
    {
        "code": "ehc_decision_to_assess",
        "name": "EHC: decision whether to assess",
        "start_event": "request for an EHC needs assessment",
        "interval": 6,
        "unit": "weeks",
        "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
        "source_kind": "statute",
        "citation": "SEND Regulations 2014 reg 5(1): within 6 weeks of the request",
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
    },
    {
        "code": "ehc_advice",
        "name": "EHC: advice received",
        "start_event": "request for advice",
        "interval": 6,
        "unit": "weeks",
        "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
        "source_kind": "statute",
        "citation": "SEND Regulations 2014 reg 8(1): advice within 6 weeks of the request for it",
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
    },
    {
        "code": "ehc_decision_to_issue",
        "name": "EHC: decision whether to issue a plan",
        "start_event": "request for an EHC needs assessment",
        "interval": 16,
        "unit": "weeks",
        "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
        "source_kind": "statute",
        "citation": "SEND Regulations 2014 reg 10(1): within 16 weeks of the request",
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
    },
    {
        "code": "ehc_final_plan",
        "name": "EHC: final plan issued",
        "start_event": "request for an EHC needs assessment",
        "interval": 20,
        "unit": "weeks",
        "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
        "source_kind": "statute",
        "citation": "SEND Regulations 2014 reg 13(2): within 20 weeks of the request",
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
    },
    {
        "code": "ehc_annual_review",
        "name": "EHC: annual review",
        "start_event": "EHC plan issued (then the last review)",
        "interval": 12,
        "unit": "months",
        "applies_to": "EHC needs assessments and plans (children and young people 0-25)",
        "source_kind": "statute",
        "citation": "Children and Families Act 2014 s44(1); SEND Regulations 2014 reg 18: every 12 months",
        "repeat_interval": 12,
        "repeat_unit": "months",
        "due_soon_interval": 4,
        "due_soon_unit": "weeks",
        "ends_after_interval": None,
        "ends_after_unit": "",
        "then": "",
        "counts_start_day": False,
        "seed": "001 L2892-3135 (timely completion and reviews of EHC plans)",
        "notes": "",
    },
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
    dependencies = [("send", "0001_initial"), ("core", "0011_head_of_service_partner_member")]

    operations = [migrations.RunPython(seed, unseed)]
