"""Tests for the statutory clock engine.

Every expected date was worked out by hand from the calendar and the bank
holidays of England and Wales; the comment next to each shows the counting.
The property tests then check the rules that must hold for any input.

Nothing here needs a database: rules are built in memory or taken from the
default table, exactly as a work-tray selector would pass them in.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from continuum.core.timescale_defaults import DEFAULT_RULES, DEFAULT_RULES_BY_CODE
from continuum.core.timescales import (
    LOCAL_ZONE,
    Rule,
    SourceKind,
    Status,
    Unit,
    add_months,
    chain,
    due_date,
    evaluate,
    load_rules,
    rules_by_code,
    shift,
    status_for,
    validate_rule_values,
)
from continuum.core.working_days import WorkingDayCalendar

CAL = WorkingDayCalendar()
CAL.preload(2012, 2040)
R = DEFAULT_RULES_BY_CODE

DONE_ON_TIME = Status.DONE_ON_TIME
DONE_LATE = Status.DONE_LATE
OVERDUE = Status.OVERDUE
DUE_SOON = Status.DUE_SOON
DUE = Status.DUE


def make_rule(**overrides: object) -> Rule:
    """A valid rule with test defaults, for clocks the default table does not have."""
    values: dict[str, object] = {
        "code": "test_rule",
        "name": "Test rule",
        "start_event": "start",
        "interval": 7,
        "unit": Unit.CALENDAR_DAYS,
        "applies_to": "all",
        "source_kind": SourceKind.LOCAL_STANDARD,
        "citation": "test",
    }
    values.update(overrides)
    return Rule(**values)  # type: ignore[arg-type]


def summary(items: list) -> list[tuple[str, date, object, Status]]:  # type: ignore[type-arg]
    return [(i.rule_code, i.due, i.done, i.status) for i in items]


# --- The default table ----------------------------------------------------------------

BRIEF_CODES = {
    "mash_decision",
    "assessment_45wd",
    "icpc_15wd",
    "first_core_group",
    "cp_first_review",
    "cp_review_repeat",
    "cp_visit",
    "cin_visit",
    "iro_allocated",
    "cla_first_review",
    "cla_second_review",
    "cla_review_repeat",
    "cla_visit_new_placement",
    "cla_visit_year_one",
    "cla_visit_long_term",
    "health_assessment_annual",
    "health_assessment_under5",
    "pep_review",
    "rhi_offer",
    "care_leaver_contact",
    "care_proceedings_26wk",
    "early_help_open_9m",
    "cp_plan_2y_warning",
    "strategy_discussion",
    # IRO dispute resolution stages (continuum/oversight/), local settings.
    "iro_escalation_informal",
    "iro_escalation_team_manager",
    "iro_escalation_service_manager",
    "iro_escalation_director",
    # Sign-off and supervision (practice), QA, SEND (SEND Regulations 2014), complaints (the 2006
    # Regulations for statutory complaints; the council's procedure for the rest) and members.
    "management_authorisation",
    "supervision_practitioner",
    "supervision_manager",
    "rapid_review",
    "case_audit_follow_up",
    "ehc_decision_to_assess",
    "ehc_advice",
    "ehc_decision_to_issue",
    "ehc_final_plan",
    "ehc_annual_review",
    "ehc_amended_plan",
    "ehc_phase_transfer",
    "ehc_phase_transfer_post16",
    "complaint_statutory_stage1",
    "complaint_statutory_stage1_extended",
    "complaint_statutory_stage2",
    "complaint_statutory_stage2_extended",
    "complaint_statutory_stage3",
    "complaint_corporate_stage1",
    "complaint_corporate_stage1_extended",
    "complaint_corporate_stage2",
    "complaint_corporate_stage3",
    "complaint_acknowledgement",
    "complaint_statutory_next_stage_request",
    "members_enquiry_response",
}


def test_default_table_has_every_clock_of_domain_section_1() -> None:
    assert {r.code for r in DEFAULT_RULES} == BRIEF_CODES
    assert len(DEFAULT_RULES) == len(BRIEF_CODES)  # no duplicate codes


def test_default_table_values_match_the_cited_sources() -> None:
    # (interval, unit, repeat interval, repeat unit) straight from the "Clock" column.
    expected = {
        "mash_decision": (1, Unit.WORKING_DAYS, None, None),
        "strategy_discussion": (1, Unit.WORKING_DAYS, None, None),
        "assessment_45wd": (45, Unit.WORKING_DAYS, None, None),
        "icpc_15wd": (15, Unit.WORKING_DAYS, None, None),
        "first_core_group": (10, Unit.WORKING_DAYS, None, None),
        "cp_first_review": (3, Unit.MONTHS, None, None),
        "cp_review_repeat": (6, Unit.MONTHS, 6, Unit.MONTHS),
        "cp_visit": (10, Unit.WORKING_DAYS, 10, Unit.WORKING_DAYS),
        "cp_plan_2y_warning": (24, Unit.MONTHS, None, None),
        "cin_visit": (4, Unit.WEEKS, 4, Unit.WEEKS),
        "iro_allocated": (5, Unit.WORKING_DAYS, None, None),
        "cla_first_review": (20, Unit.WORKING_DAYS, None, None),
        "cla_second_review": (3, Unit.MONTHS, None, None),
        "cla_review_repeat": (6, Unit.MONTHS, 6, Unit.MONTHS),
        "cla_visit_new_placement": (1, Unit.WEEKS, None, None),
        "cla_visit_year_one": (6, Unit.WEEKS, 6, Unit.WEEKS),
        "cla_visit_long_term": (3, Unit.MONTHS, 3, Unit.MONTHS),
        "health_assessment_annual": (12, Unit.MONTHS, 12, Unit.MONTHS),
        "health_assessment_under5": (6, Unit.MONTHS, 6, Unit.MONTHS),
        "pep_review": (6, Unit.MONTHS, 6, Unit.MONTHS),
        "rhi_offer": (72, Unit.HOURS, None, None),
        "care_leaver_contact": (2, Unit.MONTHS, 2, Unit.MONTHS),
        "care_proceedings_26wk": (26, Unit.WEEKS, None, None),
        "early_help_open_9m": (9, Unit.MONTHS, None, None),
        "iro_escalation_informal": (5, Unit.WORKING_DAYS, None, None),
        "iro_escalation_team_manager": (5, Unit.WORKING_DAYS, None, None),
        "iro_escalation_service_manager": (5, Unit.WORKING_DAYS, None, None),
        "iro_escalation_director": (10, Unit.WORKING_DAYS, None, None),
        # Working Together 2018 ch. 4: a rapid review within 15 working days of notification.
        # SEND Regulations 2014 regs 5, 8, 10, 13; CFA 2014 s44: 6, 6, 16 and 20 weeks; 12 months.
        # Representations Procedure Regulations 2006: 10 (20), 25 (65), 30 working days.
        "management_authorisation": (5, Unit.WORKING_DAYS, None, None),
        "supervision_practitioner": (4, Unit.WEEKS, None, None),
        "supervision_manager": (6, Unit.WEEKS, None, None),
        "rapid_review": (15, Unit.WORKING_DAYS, None, None),
        "case_audit_follow_up": (4, Unit.WEEKS, None, None),
        "ehc_decision_to_assess": (6, Unit.WEEKS, None, None),
        "ehc_advice": (6, Unit.WEEKS, None, None),
        "ehc_decision_to_issue": (16, Unit.WEEKS, None, None),
        "ehc_final_plan": (20, Unit.WEEKS, None, None),
        "ehc_annual_review": (12, Unit.MONTHS, 12, Unit.MONTHS),
        "ehc_amended_plan": (12, Unit.WEEKS, None, None),
        # SEND Regulations 2014 reg 18 as amended: 15 February (school), 31 March (into post-16).
        "ehc_phase_transfer": (215, Unit.DATE_IN_YEAR, None, None),
        "ehc_phase_transfer_post16": (331, Unit.DATE_IN_YEAR, None, None),
        "complaint_statutory_stage1": (10, Unit.WORKING_DAYS, None, None),
        "complaint_statutory_stage1_extended": (20, Unit.WORKING_DAYS, None, None),
        "complaint_statutory_stage2": (25, Unit.WORKING_DAYS, None, None),
        "complaint_statutory_stage2_extended": (65, Unit.WORKING_DAYS, None, None),
        "complaint_statutory_stage3": (30, Unit.WORKING_DAYS, None, None),
        "complaint_corporate_stage1": (10, Unit.WORKING_DAYS, None, None),
        "complaint_corporate_stage1_extended": (20, Unit.WORKING_DAYS, None, None),
        "complaint_corporate_stage2": (20, Unit.WORKING_DAYS, None, None),
        "complaint_corporate_stage3": (20, Unit.WORKING_DAYS, None, None),
        "complaint_acknowledgement": (3, Unit.WORKING_DAYS, None, None),
        "complaint_statutory_next_stage_request": (20, Unit.WORKING_DAYS, None, None),
        "members_enquiry_response": (5, Unit.WORKING_DAYS, None, None),
    }
    actual = {r.code: (r.interval, r.unit, r.repeat_interval, r.repeat_unit) for r in DEFAULT_RULES}
    assert actual == expected
    # Escalation at 21 months = 24 months with a 3-month due-soon window.
    assert (R["cp_plan_2y_warning"].due_soon_interval, R["cp_plan_2y_warning"].due_soon_unit) == (
        3,
        Unit.MONTHS,
    )


def test_every_default_cites_a_source_and_local_standards_are_marked() -> None:
    for rule in DEFAULT_RULES:
        assert rule.citation.strip(), rule.code
        assert rule.name, rule.code
        assert rule.start_event, rule.code
        assert rule.applies_to, rule.code
    local = {r.code for r in DEFAULT_RULES if r.source_kind is SourceKind.LOCAL_STANDARD}
    # Barnet's own settings (local settings, docs/sources.md) must never pass as law.
    assert {"cp_visit", "cin_visit", "strategy_discussion", "cp_plan_2y_warning"} <= local


def test_default_chains_link_up() -> None:
    assert [r.code for r in chain("cp_first_review", DEFAULT_RULES)] == [
        "cp_first_review",
        "cp_review_repeat",
    ]
    assert [r.code for r in chain("cla_first_review", R)] == [
        "cla_first_review",
        "cla_second_review",
        "cla_review_repeat",
    ]
    assert [r.code for r in chain("cla_visit_new_placement", R)] == [
        "cla_visit_new_placement",
        "cla_visit_year_one",
        "cla_visit_long_term",
    ]
    for rule in DEFAULT_RULES:
        assert not rule.then or rule.then in R, rule.code


# --- Units ---------------------------------------------------------------------


def test_working_days_assessment_known_answer() -> None:
    # Referral Mon 4 Mar 2024 + 45 working days = Thu 9 May 2024. Counting:
    # 5-8 Mar (4), 11-15 (9), 18-22 (14), 25-28 (18; Fri 29 Mar Good Friday),
    # 2-5 Apr (22; Mon 1 Apr Easter Monday), 8-12 (27), 15-19 (32), 22-26 (37),
    # 29 Apr-3 May (42), Tue 7 (43; Mon 6 May early May bank holiday), 8 (44), 9 (45).
    assert due_date(R["assessment_45wd"], date(2024, 3, 4), CAL) == date(2024, 5, 9)


def test_working_days_icpc_over_christmas() -> None:
    # Strategy discussion Thu 19 Dec 2024 + 15 working days = Tue 14 Jan 2025:
    # Fri 20 (1), Mon 23 (2), Tue 24 (3), [25, 26 Dec bank holidays] Fri 27 (4),
    # Mon 30 (5), Tue 31 (6), [1 Jan bank holiday] Thu 2 (7), Fri 3 (8),
    # 6-10 Jan (13), Mon 13 (14), Tue 14 (15).
    assert due_date(R["icpc_15wd"], date(2024, 12, 19), CAL) == date(2025, 1, 14)


def test_working_days_use_the_calendar_passed_in() -> None:
    # A council closed Wed 27 - Fri 29 Dec 2023. Strategy discussion Fri 22 Dec 2023:
    # without closures, 27 (1), 28 (2), 29 (3), [1 Jan] 2-5 Jan (7), 8-12 (12),
    # 15 (13), 16 (14), Wed 17 Jan (15).
    # With closures: 2-5 Jan (4), 8-12 (9), 15-19 (14), Mon 22 Jan (15).
    closed = WorkingDayCalendar(extra_closures=[date(2023, 12, 27), date(2023, 12, 28), date(2023, 12, 29)])
    assert due_date(R["icpc_15wd"], date(2023, 12, 22), CAL) == date(2024, 1, 17)
    assert due_date(R["icpc_15wd"], date(2023, 12, 22), closed) == date(2024, 1, 22)


def test_one_working_day_from_a_weekend_contact() -> None:
    # Contact on Sat 4 May 2024; Mon 6 May is a bank holiday: decision due Tue 7 May.
    assert due_date(R["mash_decision"], date(2024, 5, 4), CAL) == date(2024, 5, 7)


def test_aware_datetime_is_counted_from_its_english_date() -> None:
    # 23:30 UTC on Thu 6 Jun 2024 is 00:30 BST on Fri 7 Jun: the MASH counts
    # from the Friday, so the decision is due Mon 10 Jun (not Fri 7 Jun).
    contact = datetime(2024, 6, 6, 23, 30, tzinfo=UTC)
    assert due_date(R["mash_decision"], contact, CAL) == date(2024, 6, 10)
    # A naive datetime is already English local time: Thu 6 Jun -> Fri 7 Jun.
    assert due_date(R["mash_decision"], datetime(2024, 6, 6, 23, 30), CAL) == date(2024, 6, 7)


def test_calendar_days() -> None:
    # A council's own 7-calendar-day clock: Fri 27 Dec 2024 + 7 days = Fri 3 Jan 2025
    # (bank holidays do not matter for calendar days).
    rule = make_rule(interval=7, unit=Unit.CALENDAR_DAYS)
    assert due_date(rule, date(2024, 12, 27), CAL) == date(2025, 1, 3)


def test_weeks_cin_visit() -> None:
    # CIN plan start Mon 1 Jul 2024 + 4 weeks = Mon 29 Jul 2024.
    assert due_date(R["cin_visit"], date(2024, 7, 1), CAL) == date(2024, 7, 29)


@pytest.mark.parametrize(
    ("start", "months", "expected", "why"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29), "31 Jan + 1 month: February 2024 has 29 days"),
        (date(2023, 1, 31), 1, date(2023, 2, 28), "31 Jan + 1 month: February 2023 has 28 days"),
        (date(2023, 11, 30), 3, date(2024, 2, 29), "30 Nov + 3 months, clamped into a leap February"),
        (date(2024, 8, 31), 6, date(2025, 2, 28), "31 Aug + 6 months, clamped"),
        (date(2024, 3, 31), -1, date(2024, 2, 29), "going back clamps the same way"),
        (date(2024, 2, 29), 12, date(2025, 2, 28), "29 Feb + 1 year lands on 28 Feb"),
        (date(2024, 12, 15), 1, date(2025, 1, 15), "across a year end"),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date, why: str) -> None:
    assert add_months(start, months) == expected, why


def test_months_early_help_nine_months_clamped() -> None:
    # EHA start Fri 31 May 2024 + 9 months = 28 Feb 2025 (no 31 Feb; 2025 is not a leap year).
    assert due_date(R["early_help_open_9m"], date(2024, 5, 31), CAL) == date(2025, 2, 28)


def test_care_proceedings_count_the_issue_day_as_day_one() -> None:
    # Issued Mon 1 Jul 2024. 26 weeks = 182 days; 1 Jul + 182 days = Mon 30 Dec,
    # but s32(1)(a)(ii) says 26 weeks *beginning with* the issue day, so the
    # last day of the period is Sun 29 Dec 2024.
    assert due_date(R["care_proceedings_26wk"], date(2024, 7, 1), CAL) == date(2024, 12, 29)


# --- Hours: the 72-hour return home interview ----------------------------------------------


RETURN = datetime(2024, 3, 29, 15, 0, tzinfo=LOCAL_ZONE)  # Good Friday, 15:00 GMT


def test_rhi_72_hours_across_the_clock_change() -> None:
    # Return Fri 29 Mar 2024 15:00 GMT. Clocks go forward at 01:00 GMT on Sun 31 Mar,
    # so 72 elapsed hours later is Mon 1 Apr 16:00 BST (= 15:00 GMT).
    [item] = evaluate(R["rhi_offer"], start=RETURN, as_of=RETURN, calendar=CAL)
    assert item.due_at == datetime(2024, 4, 1, 16, 0, tzinfo=LOCAL_ZONE)
    assert item.due_at.astimezone(UTC) == datetime(2024, 4, 1, 15, 0, tzinfo=UTC)
    assert item.due == date(2024, 4, 1)
    assert item.status is DUE


@pytest.mark.parametrize(
    ("done", "status"),
    [
        (datetime(2024, 4, 1, 15, 30, tzinfo=LOCAL_ZONE), DONE_ON_TIME),  # 30 minutes to spare
        (datetime(2024, 4, 1, 16, 0, tzinfo=LOCAL_ZONE), DONE_ON_TIME),  # exactly at 72 hours
        (datetime(2024, 4, 1, 16, 30, tzinfo=LOCAL_ZONE), DONE_LATE),  # 72.5 hours
        (datetime(2024, 4, 1, 15, 30, tzinfo=UTC), DONE_LATE),  # 16:30 BST
        (datetime(2024, 4, 1, 16, 30), DONE_LATE),  # naive = English local time
        (date(2024, 4, 1), DONE_ON_TIME),  # only the day known: benefit of the doubt
        (date(2024, 4, 2), DONE_LATE),
    ],
)
def test_rhi_done_statuses(done: object, status: Status) -> None:
    as_of = datetime(2024, 4, 5, 9, 0, tzinfo=LOCAL_ZONE)
    [item] = evaluate(R["rhi_offer"], start=RETURN, as_of=as_of, completions=[done], calendar=CAL)  # type: ignore[list-item]
    assert item.status is status


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (datetime(2024, 3, 31, 15, 0, tzinfo=LOCAL_ZONE), DUE),  # 25 hours to go
        (datetime(2024, 3, 31, 16, 0, tzinfo=LOCAL_ZONE), DUE_SOON),  # 24 hours to go
        (datetime(2024, 4, 1, 16, 0, tzinfo=LOCAL_ZONE), DUE_SOON),  # the due moment itself
        (datetime(2024, 4, 1, 16, 1, tzinfo=LOCAL_ZONE), OVERDUE),
        (date(2024, 4, 1), DUE_SOON),  # as of the due day, by date
        (date(2024, 4, 2), OVERDUE),
    ],
)
def test_rhi_open_statuses(as_of: object, status: Status) -> None:
    [item] = evaluate(R["rhi_offer"], start=RETURN, as_of=as_of, calendar=CAL)  # type: ignore[arg-type]
    assert item.status is status


def test_rhi_from_a_date_only_rounds_hours_up_to_days() -> None:
    # Only the return day is known (Fri 29 Mar 2024): 72 hours = 3 days -> Mon 1 Apr.
    [item] = evaluate(R["rhi_offer"], start=date(2024, 3, 29), as_of=date(2024, 3, 29), calendar=CAL)
    assert item.due == date(2024, 4, 1)
    assert item.due_at is None
    # 30 hours from a date rounds up to 2 days.
    assert shift(date(2024, 3, 29), 30, Unit.HOURS, CAL) == date(2024, 3, 31)


# --- Every status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "as_of", "status", "why"),
    [
        (date(2024, 5, 9), date(2024, 6, 1), DONE_ON_TIME, "done on the due date is on time"),
        (date(2024, 3, 4), date(2024, 6, 1), DONE_ON_TIME, "done the day of the referral"),
        (date(2024, 5, 10), date(2024, 6, 1), DONE_LATE, "done the day after the due date"),
        (None, date(2024, 5, 10), OVERDUE, "not done, the day after the due date"),
        (None, date(2024, 5, 9), DUE_SOON, "not done, on the due date itself"),
        # 5 working days before Thu 9 May: Wed 8, Tue 7, [Mon 6 bank holiday], Fri 3,
        # Thu 2, Wed 1 May. So "due soon" starts on Wed 1 May.
        (None, date(2024, 5, 1), DUE_SOON, "5 working days before the due date"),
        (None, date(2024, 4, 30), DUE, "6 working days before the due date"),
        (None, date(2024, 3, 5), DUE, "just started"),
        (date(2024, 5, 20), date(2024, 5, 15), OVERDUE, "done after the as-of date is not yet known"),
    ],
)
def test_assessment_statuses(done: date | None, as_of: date, status: Status, why: str) -> None:
    # Referral Mon 4 Mar 2024, assessment due Thu 9 May 2024 (see the known answer above).
    [item] = evaluate(
        R["assessment_45wd"],
        start=date(2024, 3, 4),
        as_of=as_of,
        completions=[done],
        calendar=CAL,
        subject="child-17",
    )
    assert item.status is status, why
    assert item.due == date(2024, 5, 9)
    assert item.rule_code == "assessment_45wd"
    assert item.rule_name == "Single assessment completed"
    assert item.rule is R["assessment_45wd"]
    assert item.subject == "child-17"


def test_done_before_the_start_belongs_to_something_else() -> None:
    # An assessment finished before this referral was made is not this referral's.
    [item] = evaluate(
        R["assessment_45wd"],
        start=date(2024, 3, 4),
        as_of=date(2024, 3, 10),
        completions=[date(2024, 2, 1)],
        calendar=CAL,
    )
    assert item.done is None
    assert item.status is DUE


def test_cp_plan_two_year_flag_and_21_month_escalation() -> None:
    # Plan start Mon 31 Jan 2022: 2 years = Wed 31 Jan 2024; due soon (escalate)
    # from 21 months = Tue 31 Oct 2023. "Done" is the plan ending.
    rule = R["cp_plan_2y_warning"]
    start = date(2022, 1, 31)

    def status(as_of: date, ended: date | None = None) -> Status:
        return evaluate(rule, start=start, as_of=as_of, completions=[ended], calendar=CAL)[0].status

    assert status(date(2023, 10, 30)) is DUE
    assert status(date(2023, 10, 31)) is DUE_SOON
    assert status(date(2024, 1, 31)) is DUE_SOON
    assert status(date(2024, 2, 1)) is OVERDUE
    assert status(date(2024, 6, 1), ended=date(2024, 1, 15)) is DONE_ON_TIME
    assert status(date(2024, 6, 1), ended=date(2024, 3, 1)) is DONE_LATE


def test_status_for_directly() -> None:
    due = date(2024, 5, 9)
    assert status_for(due=due, done=None, as_of=date(2024, 5, 9)) is DUE  # no window given
    assert status_for(due=due, done=None, as_of=date(2024, 5, 9), due_soon_from=due) is DUE_SOON
    assert status_for(due=due, done=due, as_of=date(2000, 1, 1)) is DONE_ON_TIME


# --- Recurring chains -------------------------------------------------------------------


def test_cp_reviews_chain_counts_from_actual_reviews() -> None:
    # ICPC Mon 8 Jan 2024. First review within 3 months: due Mon 8 Apr 2024; held
    # Thu 4 Apr (on time). Next within 6 months of *that review*: due Fri 4 Oct 2024;
    # held Mon 14 Oct (late). Next due 6 months after 14 Oct: Mon 14 Apr 2025.
    items = evaluate(
        chain("cp_first_review", R),
        start=date(2024, 1, 8),
        as_of=date(2025, 3, 1),
        completions=[date(2024, 10, 14), date(2024, 4, 4)],  # any order
        calendar=CAL,
    )
    assert summary(items) == [
        ("cp_first_review", date(2024, 4, 8), date(2024, 4, 4), DONE_ON_TIME),
        ("cp_review_repeat", date(2024, 10, 4), date(2024, 10, 14), DONE_LATE),
        ("cp_review_repeat", date(2025, 4, 14), None, DUE),
    ]
    assert [i.counted_from for i in items] == [date(2024, 1, 8), date(2024, 4, 4), date(2024, 10, 14)]
    assert [i.sequence for i in items] == [1, 2, 3]


def test_a_plan_that_ends_stops_its_clock() -> None:
    # Same plan, ended Mon 10 Mar 2025: the review due Mon 14 Apr 2025 is never due.
    items = evaluate(
        chain("cp_first_review", R),
        start=date(2024, 1, 8),
        as_of=date(2025, 6, 1),
        completions=[date(2024, 4, 4), date(2024, 10, 14)],
        stop=date(2025, 3, 10),
        calendar=CAL,
    )
    assert [i.due for i in items] == [date(2024, 4, 8), date(2024, 10, 4)]
    assert all(i.status.is_done for i in items)


def test_cp_visits_every_ten_working_days() -> None:
    # Plan start Mon 2 Sep 2024. First visit due 10 working days later:
    # 3-6 Sep (4), 9-13 (9), Mon 16 Sep (10). Visited Fri 13 Sep -> next due
    # 10 working days after the visit: 16-20 (5), 23-27 (10) = Fri 27 Sep.
    # Visited Fri 27 Sep (on the due date) -> next due Fri 11 Oct. Not visited;
    # as of Mon 14 Oct it is overdue and, by default, the walk waits there.
    start = date(2024, 9, 2)
    visits = [date(2024, 9, 13), date(2024, 9, 27)]
    items = evaluate(R["cp_visit"], start=start, as_of=date(2024, 10, 14), completions=visits, calendar=CAL)
    assert summary(items) == [
        ("cp_visit", date(2024, 9, 16), date(2024, 9, 13), DONE_ON_TIME),
        ("cp_visit", date(2024, 9, 27), date(2024, 9, 27), DONE_ON_TIME),
        ("cp_visit", date(2024, 10, 11), None, OVERDUE),
    ]
    # The plan ended Wed 9 Oct: the visit due Fri 11 Oct was never needed.
    ended = evaluate(
        R["cp_visit"],
        start=start,
        as_of=date(2024, 10, 14),
        completions=visits,
        stop=date(2024, 10, 9),
        calendar=CAL,
    )
    assert [i.due for i in ended] == [date(2024, 9, 16), date(2024, 9, 27)]


def test_missed_from_due_keeps_walking_from_each_missed_due_date() -> None:
    # As above, but list every occurrence that went by: after Fri 11 Oct (missed)
    # the next is 10 working days after that due date: 14-18 (5), 21-25 (10) =
    # Fri 25 Oct. As of Mon 28 Oct both are overdue; the next, Fri 8 Nov, is "due".
    items = evaluate(
        R["cp_visit"],
        start=date(2024, 9, 2),
        as_of=date(2024, 10, 28),
        completions=[date(2024, 9, 13), date(2024, 9, 27)],
        calendar=CAL,
        missed="from_due",
    )
    assert [(i.due, i.status) for i in items[2:]] == [
        (date(2024, 10, 11), OVERDUE),
        (date(2024, 10, 25), OVERDUE),
        (date(2024, 11, 8), DUE),
    ]


def test_a_late_visit_restarts_the_clock_from_the_visit() -> None:
    # CIN plan start Mon 1 Jul 2024: visit due Mon 29 Jul; visited Fri 26 Jul ->
    # next due Fri 23 Aug; visited Tue 27 Aug (late) -> next due Tue 24 Sep.
    # As of Fri 20 Sep: 5 working days before Tue 24 Sep is Tue 17 Sep, so due soon.
    items = evaluate(
        R["cin_visit"],
        start=date(2024, 7, 1),
        as_of=date(2024, 9, 20),
        completions=[date(2024, 7, 26), date(2024, 8, 27), date(2024, 8, 27)],  # duplicate ignored
        calendar=CAL,
    )
    assert summary(items) == [
        ("cin_visit", date(2024, 7, 29), date(2024, 7, 26), DONE_ON_TIME),
        ("cin_visit", date(2024, 8, 23), date(2024, 8, 27), DONE_LATE),
        ("cin_visit", date(2024, 9, 24), None, DUE_SOON),
    ]


def test_cla_reviews_twenty_working_days_then_three_then_six_months() -> None:
    # Became looked after Mon 8 Jan 2024. First review within 20 working days:
    # 9-12 Jan (4), 15-19 (9), 22-26 (14), 29 Jan-2 Feb (19), Mon 5 Feb (20).
    # Held Thu 1 Feb -> second within 3 months: Wed 1 May. Held Fri 10 May (late)
    # -> then within 6 months: Sun 10 Nov 2024. Not held; overdue on 1 Mar 2025.
    items = evaluate(
        chain("cla_first_review", R),
        start=date(2024, 1, 8),
        as_of=date(2025, 3, 1),
        completions=[date(2024, 2, 1), date(2024, 5, 10)],
        calendar=CAL,
    )
    assert summary(items) == [
        ("cla_first_review", date(2024, 2, 5), date(2024, 2, 1), DONE_ON_TIME),
        ("cla_second_review", date(2024, 5, 1), date(2024, 5, 10), DONE_LATE),
        ("cla_review_repeat", date(2024, 11, 10), None, OVERDUE),
    ]


# Placement from Mon 8 Jan 2024, each visit made exactly on its due date.
# 1 week: Mon 15 Jan (visited early, Fri 12 Jan). Then every 6 weeks (42 days)
# from each visit: 23 Feb, 5 Apr (February 2024 has 29 days), 17 May, 28 Jun,
# 9 Aug, 20 Sep, 1 Nov, 13 Dec 2024, 24 Jan 2025. The 24 Jan 2025 visit is after
# the first anniversary (8 Jan 2025), so a long-term placement moves to 3-monthly:
# next due Thu 24 Apr 2025.
CLA_VISITS = [
    date(2024, 1, 12),
    date(2024, 2, 23),
    date(2024, 4, 5),
    date(2024, 5, 17),
    date(2024, 6, 28),
    date(2024, 8, 9),
    date(2024, 9, 20),
    date(2024, 11, 1),
    date(2024, 12, 13),
    date(2025, 1, 24),
]


def test_cla_visits_week_one_six_weekly_then_three_monthly_when_long_term() -> None:
    items = evaluate(
        chain("cla_visit_new_placement", R),
        start=date(2024, 1, 8),
        as_of=date(2025, 3, 1),
        completions=CLA_VISITS,
        calendar=CAL,
    )
    assert [i.rule_code for i in items] == (
        ["cla_visit_new_placement"] + ["cla_visit_year_one"] * 9 + ["cla_visit_long_term"]
    )
    assert [i.due for i in items] == [date(2024, 1, 15), *CLA_VISITS[1:], date(2025, 4, 24)]
    assert [i.status for i in items] == [DONE_ON_TIME] * 10 + [DUE]


def test_cla_visits_stay_six_weekly_when_placement_is_not_long_term() -> None:
    # Reg 28(2)(c)(ii): evaluate without the long-term rule; after 24 Jan 2025 the
    # next visit is due 6 weeks later, Fri 7 Mar 2025. 5 working days before is
    # Fri 28 Feb, so as of Sat 1 Mar it is due soon.
    items = evaluate(
        chain("cla_visit_new_placement", R)[:2],
        start=date(2024, 1, 8),
        as_of=date(2025, 3, 1),
        completions=CLA_VISITS,
        calendar=CAL,
    )
    assert (items[-1].rule_code, items[-1].due, items[-1].status) == (
        "cla_visit_year_one",
        date(2025, 3, 7),
        DUE_SOON,
    )


def test_health_assessments_month_end_chain() -> None:
    # Under 5: last assessment Thu 29 Feb 2024 -> 6 months = Thu 29 Aug 2024;
    # done Fri 30 Aug (late) -> next 28 Feb 2025 (30 Aug + 6 months, clamped).
    items = evaluate(
        R["health_assessment_under5"],
        start=date(2024, 2, 29),
        as_of=date(2024, 12, 1),
        completions=[date(2024, 8, 30)],
        calendar=CAL,
    )
    assert summary(items) == [
        ("health_assessment_under5", date(2024, 8, 29), date(2024, 8, 30), DONE_LATE),
        ("health_assessment_under5", date(2025, 2, 28), None, DUE),
    ]
    # Yearly from 29 Feb 2024 is 28 Feb 2025.
    assert due_date(R["health_assessment_annual"], date(2024, 2, 29), CAL) == date(2025, 2, 28)


def test_evaluating_an_old_as_of_date_ignores_later_work() -> None:
    # As of Fri 11 Oct 2024 the visit on Fri 18 Oct had not happened yet.
    items = evaluate(
        R["cp_visit"],
        start=date(2024, 9, 2),
        as_of=date(2024, 10, 11),
        completions=[date(2024, 9, 13), date(2024, 9, 27), date(2024, 10, 18)],
        calendar=CAL,
    )
    assert (items[-1].due, items[-1].done, items[-1].status) == (date(2024, 10, 11), None, DUE_SOON)


# --- Rules, validation and loading ----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"interval": 0}, "interval"),
        ({"interval": -3}, "interval"),
        ({"repeat_interval": 0, "repeat_unit": Unit.WEEKS}, "repeat_interval"),
        ({"repeat_interval": 2}, "repeat_interval"),  # no repeat unit
        ({"citation": "  "}, "citation"),
        ({"due_soon_interval": -1}, "due_soon_interval"),
        ({"unit": Unit.WORKING_DAYS, "counts_start_day": True}, "counts_start_day"),
        ({"then": "test_rule"}, "then"),
        ({"ends_after_interval": 12, "ends_after_unit": Unit.MONTHS}, "ends_after_interval"),
    ],
)
def test_invalid_rules_are_refused(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        make_rule(**overrides)


def test_unknown_units_and_sources_are_refused() -> None:
    with pytest.raises(ValueError, match="fortnights"):
        make_rule(unit="fortnights")
    with pytest.raises(ValueError, match="hearsay"):
        make_rule(source_kind="hearsay")
    errors = validate_rule_values(code="x", interval=1, unit="fortnights", citation="c")
    assert "unit" in errors
    assert validate_rule_values(code="x", interval=1, unit="weeks", citation="c") == {}


def test_rule_describes_itself_in_plain_english() -> None:
    assert R["cp_review_repeat"].describe() == (
        "Within 6 months of previous CP review conference, then every 6 months"
    )


def test_chain_survives_bad_links() -> None:
    a = make_rule(code="a", then="b", interval=1)
    b = make_rule(code="b", then="a", interval=2)  # a loop, from a careless edit
    assert [r.code for r in chain("a", [a, b])] == ["a", "b"]
    c = make_rule(code="c", then="gone")  # links to a switched-off rule
    assert [r.code for r in chain("c", [c])] == ["c"]
    with pytest.raises(KeyError):
        chain("nope", [c])
    with pytest.raises(ValueError, match="two timescale rules"):
        rules_by_code([a, a])


def test_load_rules_falls_back_to_defaults_without_a_database() -> None:
    # No `db` fixture here: database access is refused, so the defaults are used.
    assert load_rules() == DEFAULT_RULES


def test_evaluate_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least one rule"):
        evaluate([], start=date(2024, 1, 1), as_of=date(2024, 1, 1))
    with pytest.raises(ValueError, match="missed"):
        evaluate(R["cp_visit"], start=date(2024, 1, 1), as_of=date(2024, 1, 1), missed="never")  # type: ignore[arg-type]


# --- Properties ---------------------------------------------------------------------

DAY_UNITS = [Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS, Unit.HOURS]
dates = st.dates(min_value=date(2014, 1, 1), max_value=date(2034, 12, 31))


@st.composite
def rules(draw: st.DrawFn, *, repeating: bool = False) -> Rule:
    """Random valid rules. Recurring ones repeat at their own interval, as every
    default recurring clock does (a shorter repeat than the first step could
    rightly bring the next due date forward after an early visit)."""
    unit = draw(st.sampled_from(DAY_UNITS))
    interval = draw(st.integers(1, 60))
    return make_rule(
        interval=interval,
        unit=unit,
        repeat_interval=interval if repeating else None,
        repeat_unit=unit if repeating else None,
        due_soon_interval=draw(st.integers(0, 10)),
        due_soon_unit=draw(st.sampled_from(DAY_UNITS)),
        counts_start_day=draw(st.booleans())
        if unit in (Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS)
        else False,
    )


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=dates, done_offset=st.integers(-5, 400), as_of_offset=st.integers(0, 800))
def test_done_on_time_iff_done_on_or_before_due(
    rule: Rule, start: date, done_offset: int, as_of_offset: int
) -> None:
    done = start + timedelta(days=done_offset)
    as_of = start + timedelta(days=as_of_offset)
    [item] = evaluate(rule, start=start, as_of=as_of, completions=[done], calendar=CAL)
    if done < start or done > as_of:
        assert item.done is None
        assert (item.status is OVERDUE) == (as_of > item.due)
    else:
        assert item.done == done
        assert (item.status is DONE_ON_TIME) == (done <= item.due)
        assert (item.status is DONE_LATE) == (done > item.due)


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=dates)
def test_due_date_never_before_start(rule: Rule, start: date) -> None:
    due = due_date(rule, start, CAL)
    assert due >= start
    if not rule.counts_start_day:
        assert due > start


@settings(max_examples=300, deadline=None)
@given(rule=rules(), start=dates, as_of_offset=st.integers(0, 800))
def test_open_item_status_follows_as_of(rule: Rule, start: date, as_of_offset: int) -> None:
    as_of = start + timedelta(days=as_of_offset)
    [item] = evaluate(rule, start=start, as_of=as_of, calendar=CAL)
    assert (item.status is OVERDUE) == (as_of > item.due)
    if item.status is DUE_SOON:
        assert as_of <= item.due


@settings(max_examples=300, deadline=None)
@given(
    rule=rules(repeating=True),
    start=dates,
    visit_offsets=st.lists(st.integers(-10, 700), max_size=25),
    as_of_offset=st.integers(0, 800),
    stop_offset=st.one_of(st.none(), st.integers(0, 800)),
    missed=st.sampled_from(["wait", "from_due"]),
)
def test_recurring_chains_are_well_formed(
    rule: Rule,
    start: date,
    visit_offsets: list[int],
    as_of_offset: int,
    stop_offset: int | None,
    missed: str,
) -> None:
    visits = [start + timedelta(days=o) for o in visit_offsets]
    as_of = start + timedelta(days=as_of_offset)
    stop = None if stop_offset is None else start + timedelta(days=stop_offset)
    items = evaluate(
        rule,
        start=start,
        as_of=as_of,
        completions=visits,
        stop=stop,
        calendar=CAL,
        missed=missed,  # type: ignore[arg-type]
    )
    dues = [i.due for i in items]
    assert dues == sorted(dues), "recurring due dates never go backwards"
    for earlier, later in itertools.pairwise(items):
        if later.due == earlier.due:
            # Only possible when the visit bought no time at all: no working day
            # (or, for months, no calendar day after clamping) between the
            # previous visit and this one.
            assert later.counted_from != earlier.counted_from
            assert shift(later.counted_from, rule.repeat_interval, rule.repeat_unit, CAL) == later.due  # type: ignore[arg-type]
    assert all(d > start for d in dues) or rule.counts_start_day
    if stop is not None:
        assert all(d <= stop for d in dues), "nothing falls due after the clock stops"
    done = [i.done for i in items if i.done is not None]
    assert done == sorted(set(done))
    assert all(start < d <= as_of for d in done)  # type: ignore[operator]
    # Each due date is counted from the previous completion (or the start).
    previous: date = start
    for item in items:
        assert item.counted_from == previous
        previous = item.done or item.due  # type: ignore[assignment]
    open_items = [i for i in items if i.done is None]
    if missed == "wait":
        assert len(open_items) <= 1
        assert not open_items or open_items[0] is items[-1]
    else:
        # Only the last item may be not yet due; everything before it is overdue.
        assert all(i.status is OVERDUE for i in open_items[:-1])
    if stop is None:
        # Without a stop a recurring walk always ends on the next piece of work
        # still to do, so the work tray always has a next due date.
        assert items[-1].done is None
    for item in items:
        assert (item.status is DONE_ON_TIME) == (item.done is not None and item.done <= item.due)


@settings(max_examples=300, deadline=None)
@given(
    unit=st.sampled_from([Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.HOURS]),
    interval=st.integers(1, 30),
    start=dates,
    visit_offsets=st.lists(st.integers(1, 500), max_size=25),
    as_of_offset=st.integers(0, 600),
)
def test_recurring_due_dates_strictly_increase_when_visits_are_on_working_days(
    unit: Unit, interval: int, start: date, visit_offsets: list[int], as_of_offset: int
) -> None:
    # The ordinary case: visits on working days, a clock in days, weeks or hours.
    visits = [v for v in (start + timedelta(days=o) for o in visit_offsets) if CAL.is_working_day(v)]
    rule = make_rule(interval=interval, unit=unit, repeat_interval=interval, repeat_unit=unit)
    items = evaluate(
        rule, start=start, as_of=start + timedelta(days=as_of_offset), completions=visits, calendar=CAL
    )
    dues = [i.due for i in items]
    assert all(a < b for a, b in itertools.pairwise(dues))


@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), n=st.integers(-240, 240))
def test_add_months_properties(d: date, n: int) -> None:
    moved = add_months(d, n)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == n
    assert moved.day == d.day or (moved.day < d.day and (moved + timedelta(days=1)).day == 1)
