"""The three default audit tools (version 1) and the two QA clocks in the timescales table.

The tools come from continuum/assurance/tools.py (a council's later change is a new version a QA
officer saves in the app; a change to the shipped defaults would be a new default version, never an
edit of version 1 once installed). The
clocks (rapid review within 15 working days; follow-up of an Inadequate audit within 4 weeks, a local
setting) are rows of the one timescales table a council edits in the admin; core/timescale_defaults.py
carries the same rows and tests/core/test_timescale_rules_db.py checks they agree. Existing rows are
left alone (get_or_create).
"""

from django.db import migrations

from continuum.assurance import tools

CLOCK_ROWS = [
    {
        "code": "rapid_review",
        "name": "Rapid review held",
        "start_event": "serious incident notification",
        "interval": 15,
        "unit": "working_days",
        "applies_to": "serious child safeguarding cases",
        "source_kind": "statutory guidance",
        "citation": "Working Together to Safeguard Children 2018, chapter 4 para 20: a rapid review within "
        "15 working days of the serious incident notification",
        "seed": "003 L242-261 (six rapid reviews)",
    },
    {
        "code": "case_audit_follow_up",
        "name": "Follow-up review of an Inadequate case audit",
        "start_event": "case audit graded Inadequate",
        "interval": 4,
        "unit": "weeks",
        "applies_to": "case audits",
        "source_kind": "local standard",
        "citation": "Local QA framework: every Inadequate audit is followed up; local setting",
        "seed": "002 L342-585 (follow-up of Inadequate audits)",
    },
]
_ROW_DEFAULTS = {
    "repeat_interval": None,
    "repeat_unit": "",
    "due_soon_interval": 5,
    "due_soon_unit": "working_days",
    "ends_after_interval": None,
    "ends_after_unit": "",
    "then": "",
    "counts_start_day": False,
    "notes": "",
}


def seed(apps, schema_editor):
    AuditTool = apps.get_model("assurance", "AuditTool")
    for default in tools.DEFAULT_TOOLS:
        AuditTool.objects.get_or_create(
            code=default.code,
            version=1,
            defaults={
                "name": default.name,
                "kind": default.kind,
                "sections": tools.parse(default.text),
                "change_note": "Default tool shipped with Continuum",
            },
        )
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    for row in CLOCK_ROWS:
        values = {**_ROW_DEFAULTS, **row}
        code = values.pop("code")
        TimescaleRule.objects.get_or_create(code=code, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code__in=[r["code"] for r in CLOCK_ROWS]).delete()
    apps.get_model("assurance", "AuditTool").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_initial"), ("core", "0010_seed_escalation_timescales")]

    operations = [migrations.RunPython(seed, unseed)]
