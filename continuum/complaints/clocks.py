"""Which timescale rule times which stage, and the stage's due date and status.

The numbers are not here: they are rows of the one timescales table (core/timescale_defaults.py,
seeded by complaints migration 0002, edited by a council in the admin). This module only says which
row applies: the stage's own rule, or its "extended" rule once an extension is agreed. A stage 3
review panel has no extension (the regulations give none), nor do service complaints at stages 2
and 3 under this council's procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.timescales import Rule, Status, due_date, load_rules, rules_by_code, shift, status_for
from continuum.core.working_days import WorkingDayCalendar, default_calendar

#: (procedure, stage number) -> (rule code, rule code once extended or None).
STAGE_RULES: dict[tuple[str, int], tuple[str, str | None]] = {
    ("statutory", 1): ("complaint_statutory_stage1", "complaint_statutory_stage1_extended"),
    ("statutory", 2): ("complaint_statutory_stage2", "complaint_statutory_stage2_extended"),
    ("statutory", 3): ("complaint_statutory_stage3", None),
    ("corporate", 1): ("complaint_corporate_stage1", "complaint_corporate_stage1_extended"),
    ("corporate", 2): ("complaint_corporate_stage2", None),
    ("corporate", 3): ("complaint_corporate_stage3", None),
}
ENQUIRY_RULE = "members_enquiry_response"
#: The complaint's acknowledgement, from receipt (every procedure).
ACK_RULE = "complaint_acknowledgement"
#: How long a statutory complainant has, from a stage's response, to ask for the next stage as of right.
REQUEST_RULE = "complaint_statutory_next_stage_request"


def current_rules() -> dict[str, Rule]:
    """The council's table, read once per request; a complaints clock absent from it (a fresh or
    emptied table) falls back to its default, because a complaint always has its clock."""
    rules = rules_by_code(load_rules())
    return {**{c: r for c, r in DEFAULT_RULES_BY_CODE.items() if c in _CODES}, **rules}


_CODES = {code for pair in STAGE_RULES.values() for code in pair if code} | {
    ENQUIRY_RULE,
    ACK_RULE,
    REQUEST_RULE,
}


def can_extend(procedure: str, number: int) -> bool:
    return STAGE_RULES[(procedure, number)][1] is not None


def stage_rule(procedure: str, number: int, extended: bool, rules: Mapping[str, Rule]) -> Rule:
    base, longer = STAGE_RULES[(procedure, number)]
    return rules[longer if extended and longer else base]


def stage_due(
    procedure: str,
    number: int,
    started: date,
    *,
    extended: bool,
    rules: Mapping[str, Rule],
    calendar: WorkingDayCalendar | None = None,
) -> date:
    """The day the stage's response is due (on that day is on time)."""
    due = due_date(stage_rule(procedure, number, extended, rules), started, calendar or default_calendar())
    assert isinstance(due, date)
    return due


def rule_due(
    code: str, start: date, rules: Mapping[str, Rule], calendar: WorkingDayCalendar | None = None
) -> date:
    """The due date of a one-step clock of the table (an enquiry, an acknowledgement, a request window)."""
    due = due_date(rules[code], start, calendar or default_calendar())
    assert isinstance(due, date)
    return due


def enquiry_due(
    received: date, rules: Mapping[str, Rule], calendar: WorkingDayCalendar | None = None
) -> date:
    return rule_due(ENQUIRY_RULE, received, rules, calendar)


def acknowledgement_due(
    received: date, rules: Mapping[str, Rule], calendar: WorkingDayCalendar | None = None
) -> date:
    return rule_due(ACK_RULE, received, rules, calendar)


def request_deadline(
    procedure: str, responded: date, rules: Mapping[str, Rule], calendar: WorkingDayCalendar | None = None
) -> date | None:
    """The last day a statutory complainant may ask for the next stage as of right; None for a
    service complaint, whose procedure lets the officer decline a request with no new information."""
    if procedure != "statutory":
        return None
    return rule_due(REQUEST_RULE, responded, rules, calendar)


def may_decline(procedure: str, responded: date, requested: date, rules: Mapping[str, Rule]) -> bool:
    """Whether the gate may decline a request for the next stage. Under the Children Act 1989
    procedure a request made in time must go ahead; only a late one may be declined."""
    deadline = request_deadline(procedure, responded, rules)
    return deadline is None or requested > deadline


def status(
    due: date,
    done: date | None,
    as_of: date,
    rule: Rule,
    calendar: WorkingDayCalendar | None = None,
) -> Status:
    """On time, late, overdue, due soon or due, with the rule's own "due soon" window."""
    soon = shift(due, -rule.due_soon_interval, rule.due_soon_unit, calendar or default_calendar())
    return status_for(due=due, done=done, as_of=as_of, due_soon_from=soon)
