"""The complaints and members' enquiries clocks in the one timescales table.

Frozen here (a migration must not change when the defaults module does);
continuum/core/timescale_defaults.py carries the same rows and tests/core/test_timescale_rules_db.py
checks they agree. Existing rows are left alone (get_or_create by code), so a council's edits survive.
"""

from django.db import migrations

_RPR2006 = "Children Act 1989 Representations Procedure (England) Regulations 2006"


def _row(code, name, start_event, interval, applies_to, source_kind, citation, seed):
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
        "due_soon_interval": 5,
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
        "complaint_statutory_stage1",
        "Statutory complaint: stage 1 response",
        "complaint received",
        10,
        "statutory complaints (Children Act 1989)",
        "statute",
        f"{_RPR2006} reg 14: local resolution within 10 working days",
        "001 L2292 (stage 1 responded to by the team manager)",
    ),
    _row(
        "complaint_statutory_stage1_extended",
        "Statutory complaint: stage 1 response (extended)",
        "complaint received",
        20,
        "statutory complaints with an extension agreed",
        "statute",
        f"{_RPR2006} reg 14(3): extendable to a maximum of 20 working days",
        "001 L2292",
    ),
    _row(
        "complaint_statutory_stage2",
        "Statutory complaint: stage 2 investigation",
        "stage 2 requested",
        25,
        "statutory complaints at stage 2",
        "statute",
        f"{_RPR2006} reg 17: independent investigation within 25 working days",
        "001 L2294 (stage 2 independent investigation)",
    ),
    _row(
        "complaint_statutory_stage2_extended",
        "Statutory complaint: stage 2 investigation (extended)",
        "stage 2 requested",
        65,
        "statutory complaints at stage 2 with an extension",
        "statute",
        f"{_RPR2006} reg 17(5): extendable to a maximum of 65 working days",
        "001 L2294",
    ),
    _row(
        "complaint_statutory_stage3",
        "Statutory complaint: stage 3 review panel held",
        "stage 3 requested",
        30,
        "statutory complaints at stage 3",
        "statute",
        f"{_RPR2006} reg 19: the review panel meets within 30 working days of the request",
        "001 L2296",
    ),
    _row(
        "complaint_corporate_stage1",
        "Service complaint: stage 1 response (team manager)",
        "complaint received",
        10,
        "service (corporate) complaints",
        "local standard",
        "Council corporate complaints procedure: 10 working days; local setting",
        "001 L2300, L2334 (77% within 10 working days)",
    ),
    _row(
        "complaint_corporate_stage1_extended",
        "Service complaint: stage 1 response (extended)",
        "complaint received",
        20,
        "service complaints with an extension agreed",
        "local standard",
        "Council corporate complaints procedure: extension to 20 working days; local setting",
        "001 L2300",
    ),
    _row(
        "complaint_corporate_stage2",
        "Service complaint: stage 2 response (senior manager)",
        "stage 2 requested",
        20,
        "service complaints at stage 2",
        "local standard",
        "Council corporate complaints procedure: senior manager's investigation; local setting",
        "001 L2302",
    ),
    _row(
        "complaint_corporate_stage3",
        "Service complaint: stage 3 review (another directorate)",
        "stage 3 requested",
        20,
        "service complaints at stage 3",
        "local standard",
        "Council corporate complaints procedure: review by another delivery unit; local setting",
        "001 L2304",
    ),
    _row(
        "members_enquiry_response",
        "Members' enquiry answered",
        "enquiry received",
        5,
        "members' enquiries (councillors' casework)",
        "local standard",
        "Council corporate target: members answered within 5 working days; local setting",
        "001 L2413 (target achieved in 76% of enquiries)",
    ),
]


def seed_complaint_timescales(apps, schema_editor):
    TimescaleRule = apps.get_model("core", "TimescaleRule")
    for row in CLOCK_ROWS:
        values = dict(row)
        code = values.pop("code")
        TimescaleRule.objects.get_or_create(code=code, defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("core", "TimescaleRule").objects.filter(code__in=[r["code"] for r in CLOCK_ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial"), ("core", "0011_head_of_service_partner_member")]

    operations = [migrations.RunPython(seed_complaint_timescales, unseed)]
