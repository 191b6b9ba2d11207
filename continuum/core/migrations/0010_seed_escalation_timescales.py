"""Seed the clocks of the IRO dispute-resolution (escalation) stages (continuum/oversight/).

Each stage of an escalation must be answered within a set time; the IRO
Handbook 2010 (chapter 7) leaves the timescales to each council, so these are
local standards a council edits in the admin like any other clock. Frozen
here like 0004; continuum/core/timescale_defaults.py carries the same rows,
and tests/core/test_timescale_rules_db.py checks they agree. Existing rows are
left alone (get_or_create by code).
"""

from django.db import migrations

_CITATION = (
    "IRO Handbook 2010 (statutory guidance), chapter 7: the council sets its dispute resolution "
    "timescales; local setting"
)


def _row(code: str, name: str, start_event: str, interval: int) -> dict:
    return {
        "code": code,
        "name": name,
        "start_event": start_event,
        "interval": interval,
        "unit": "working_days",
        "applies_to": "CLA and CP (IRO or chair escalation)",
        "source_kind": "local standard",
        "citation": _CITATION,
        "repeat_interval": None,
        "repeat_unit": "",
        "due_soon_interval": 2,
        "due_soon_unit": "working_days",
        "ends_after_interval": None,
        "ends_after_unit": "",
        "then": "",
        "counts_start_day": False,
        "seed": "002 theme 6 (management footprint; IRO challenge)",
        "notes": "",
    }


ESCALATION_ROWS = [
    _row(
        "iro_escalation_informal", "Escalation answered: informal stage (social worker)", "concern raised", 5
    ),
    _row("iro_escalation_team_manager", "Escalation answered: team manager", "escalated to team manager", 5),
    _row(
        "iro_escalation_service_manager",
        "Escalation answered: service manager",
        "escalated to service manager",
        5,
    ),
    _row("iro_escalation_director", "Escalation answered: director", "escalated to director", 10),
]


def seed_escalation_timescales(apps, schema_editor):
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    for row in ESCALATION_ROWS:
        values = dict(row)
        code = values.pop("code")
        TimescaleRule.objects.get_or_create(code=code, defaults=values)


def unseed_escalation_timescales(apps, schema_editor):
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    TimescaleRule.objects.filter(code__in=[row["code"] for row in ESCALATION_ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0009_syntheticborough")]

    operations = [migrations.RunPython(seed_escalation_timescales, unseed_escalation_timescales)]
