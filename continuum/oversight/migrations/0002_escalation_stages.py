"""Seed the dispute-resolution stages an IRO or chair escalates through (IRO Handbook 2010, chapter 7).

Frozen here so the migration means the same thing forever; a council renames,
adds or re-times stages in the admin. Each stage names the timescale rule
(core migration 0010) that says when it must be answered. Existing rows are
left alone (get_or_create by order).
"""

from django.db import migrations

STAGES = [
    (
        1,
        "Informal resolution with the social worker",
        "The IRO raises the concern with the allocated social worker and agrees how it will be put right.",
        "iro_escalation_informal",
    ),
    (
        2,
        "Team manager",
        "Not resolved informally: the IRO writes to the team manager, who answers in writing.",
        "iro_escalation_team_manager",
    ),
    (
        3,
        "Service manager",
        "Not resolved by the team manager: the IRO escalates to the service manager or head of service.",
        "iro_escalation_service_manager",
    ),
    (
        4,
        "Director of children's services",
        "Not resolved by the service manager: the IRO escalates to the director, and may refer to Cafcass.",
        "iro_escalation_director",
    ),
]


def seed_stages(apps, schema_editor):
    EscalationStage = apps.get_model("oversight", "EscalationStage")
    for order, name, description, code in STAGES:
        EscalationStage.objects.get_or_create(
            order=order, defaults={"name": name, "description": description, "timescale_code": code}
        )


def unseed_stages(apps, schema_editor):
    EscalationStage = apps.get_model("oversight", "EscalationStage")
    EscalationStage.objects.filter(order__in=[stage[0] for stage in STAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial"), ("core", "0010_seed_escalation_timescales")]

    operations = [migrations.RunPython(seed_stages, unseed_stages)]
