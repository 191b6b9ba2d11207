"""The timescales table in the database: seeded by migration, edited in the admin.

These run against the real (throwaway) PostgreSQL with the real migrations,
so "the migration seeded all defaults" is tested as a council would get it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from continuum.core.models import TimescaleRule
from continuum.core.timescale_defaults import DEFAULT_RULES, DEFAULT_RULES_BY_CODE
from continuum.core.timescales import chain, due_date, evaluate, load_rules, rules_by_code
from continuum.core.working_days import WorkingDayCalendar

pytestmark = pytest.mark.django_db

CAL = WorkingDayCalendar()


def test_migration_seeded_every_default_exactly() -> None:
    rows = {row.code: row for row in TimescaleRule.objects.all()}
    assert set(rows) == set(DEFAULT_RULES_BY_CODE)
    for code, default in DEFAULT_RULES_BY_CODE.items():
        row = rows[code]
        assert row.active, code
        # Rule equality compares every field that affects a due date or a citation.
        assert row.to_rule() == default, code
        assert row.notes == default.notes, code


def test_load_rules_reads_the_table() -> None:
    assert set(load_rules()) == set(DEFAULT_RULES)


def test_an_edited_rule_changes_load_rules_and_the_due_date() -> None:
    # Default: referral Mon 4 Mar 2024 + 45 working days = Thu 9 May 2024.
    referral = date(2024, 3, 4)
    before = rules_by_code(load_rules())["assessment_45wd"]
    assert due_date(before, referral, CAL) == date(2024, 5, 9)

    # A council tightens it to 40 working days. Counting from Mon 4 Mar 2024:
    # ... 22-26 Apr (37), Mon 29 Apr (38), Tue 30 Apr (39), Wed 1 May (40).
    TimescaleRule.objects.filter(code="assessment_45wd").update(interval=40)
    after = rules_by_code(load_rules())["assessment_45wd"]
    assert after.interval == 40
    [item] = evaluate(after, start=referral, as_of=date(2024, 5, 2), calendar=CAL)
    assert (item.due, item.status.value) == (date(2024, 5, 1), "overdue")


def test_switched_off_rules_are_left_out_and_break_their_chain() -> None:
    TimescaleRule.objects.filter(code="cla_visit_long_term").update(active=False)
    rules = rules_by_code(load_rules())
    assert "cla_visit_long_term" not in rules
    assert [r.code for r in chain("cla_visit_new_placement", rules)] == [
        "cla_visit_new_placement",
        "cla_visit_year_one",
    ]


def test_an_empty_table_falls_back_to_the_defaults() -> None:
    TimescaleRule.objects.all().delete()
    assert load_rules() == DEFAULT_RULES


def valid_row(**overrides: object) -> TimescaleRule:
    values: dict[str, object] = {
        "code": "pf_visit",
        "name": "Private fostering visit",
        "start_event": "notification",
        "interval": 7,
        "unit": TimescaleRule.Unit.CALENDAR_DAYS,
        "applies_to": "private fostering",
        "source_kind": TimescaleRule.SourceKind.LOCAL_STANDARD,
        "citation": "Local decision",
    }
    values.update(overrides)
    return TimescaleRule(**values)


def test_clean_accepts_a_valid_rule_and_it_reaches_the_engine() -> None:
    row = valid_row()
    row.full_clean()
    row.save()
    rule = rules_by_code(load_rules())["pf_visit"]
    # Notification Fri 27 Dec 2024 + 7 calendar days = Fri 3 Jan 2025.
    assert due_date(rule, date(2024, 12, 27), CAL) == date(2025, 1, 3)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"interval": 0}, "interval"),
        ({"unit": "fortnights"}, "unit"),
        ({"citation": ""}, "citation"),
        ({"repeat_interval": 0, "repeat_unit": "weeks"}, "repeat_interval"),
        ({"repeat_interval": 2}, "repeat_interval"),
        ({"then": "no_such_rule"}, "then"),
        ({"unit": "working_days", "counts_start_day": True}, "counts_start_day"),
    ],
)
def test_clean_refuses_what_the_engine_cannot_use(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        valid_row(**overrides).full_clean()
    assert field in caught.value.message_dict


def test_then_may_name_an_existing_rule() -> None:
    valid_row(then="cp_visit").full_clean()


def test_registered_in_the_admin_with_a_fixed_code() -> None:
    model_admin = admin.site._registry[TimescaleRule]
    row = TimescaleRule.objects.get(code="cp_visit")
    assert "code" in model_admin.get_readonly_fields(None, row)  # type: ignore[arg-type]
    assert "code" not in model_admin.get_readonly_fields(None, None)  # type: ignore[arg-type]
