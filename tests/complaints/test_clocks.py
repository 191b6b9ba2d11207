"""Known answers for every complaints clock, with extensions and England's bank holidays.

Each due date is counted by hand in the comment (working days strictly after the start; bank
holidays skipped), so a change to the counting or to a default row shows here.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.complaints import clocks
from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.working_days import WorkingDayCalendar

CAL = WorkingDayCalendar()
RULES = DEFAULT_RULES_BY_CODE


@pytest.mark.parametrize(
    ("procedure", "number", "start", "extended", "due"),
    [
        # Mon 18 Mar 2024 + 10: 19-22 (4), 25-28 (8), Good Friday and Easter Monday skipped,
        # Tue 2 Apr (9), Wed 3 Apr (10).
        ("statutory", 1, date(2024, 3, 18), False, date(2024, 4, 3)),
        # Extended to 20: Thu 4 (11), Fri 5 (12), 8-12 Apr (17), 15-17 Apr (20).
        ("statutory", 1, date(2024, 3, 18), True, date(2024, 4, 17)),
        # Mon 2 Dec 2024 + 25: 3-6 (4), 9-13 (9), 16-20 (14), 23-24 (16), Christmas and Boxing Day
        # skipped, 27 (17), 30-31 (19), New Year's Day skipped, 2-3 Jan (21), 6-9 Jan (25).
        ("statutory", 2, date(2024, 12, 2), False, date(2025, 1, 9)),
        # Extended to 65: Fri 10 Jan (26), five full weeks 13 Jan-14 Feb (51), 17-21 Feb (56),
        # 24-28 Feb (61), 3-6 Mar (65).
        ("statutory", 2, date(2024, 12, 2), True, date(2025, 3, 6)),
        # Fri 3 May 2024 + 30: early May bank holiday skipped, 7-10 (4), 13-17 (9), 20-24 (14),
        # spring bank holiday skipped, 28-31 (18), 3-7 Jun (23), 10-14 Jun (28), 17-18 Jun (30).
        ("statutory", 3, date(2024, 5, 3), False, date(2024, 6, 18)),
        # Thu 22 Aug 2024 + 10: Fri 23 (1), summer bank holiday skipped, 27-30 (5), 2-6 Sep (10).
        ("corporate", 1, date(2024, 8, 22), False, date(2024, 9, 6)),
        # Extended to 20: 9-13 Sep (15), 16-20 Sep (20).
        ("corporate", 1, date(2024, 8, 22), True, date(2024, 9, 20)),
        # Mon 2 Sep 2024 + 20: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Sep (20).
        ("corporate", 2, date(2024, 9, 2), False, date(2024, 9, 30)),
        ("corporate", 3, date(2024, 9, 2), False, date(2024, 9, 30)),
    ],
)
def test_stage_due_dates(procedure, number, start, extended, due) -> None:  # type: ignore[no-untyped-def]
    assert clocks.stage_due(procedure, number, start, extended=extended, rules=RULES, calendar=CAL) == due


def test_members_enquiry_over_christmas() -> None:
    # Fri 20 Dec 2024 + 5: Mon 23 (1), Tue 24 (2), 25 and 26 skipped, Fri 27 (3), Mon 30 (4), Tue 31 (5).
    assert clocks.enquiry_due(date(2024, 12, 20), RULES, CAL) == date(2024, 12, 31)


def test_which_stages_can_be_extended() -> None:
    assert clocks.can_extend("statutory", 1)
    assert clocks.can_extend("statutory", 2)
    assert not clocks.can_extend("statutory", 3)
    assert clocks.can_extend("corporate", 1)
    assert not clocks.can_extend("corporate", 2)
    # Stage 3 ignores an "extended" flag: the panel has no extension.
    assert clocks.stage_due(
        "statutory", 3, date(2024, 5, 3), extended=True, rules=RULES, calendar=CAL
    ) == date(2024, 6, 18)


def test_status_on_the_due_day_the_day_after_and_before() -> None:
    rule = RULES["complaint_statutory_stage1"]
    due = date(2024, 4, 3)
    assert clocks.status(due, due, date(2024, 5, 1), rule, CAL).value == "done on time"
    assert clocks.status(due, date(2024, 4, 4), date(2024, 5, 1), rule, CAL).value == "done late"
    assert clocks.status(due, None, date(2024, 4, 4), rule, CAL).value == "overdue"
    # Due soon from 5 working days before, counting back over Easter: Tue 2 Apr (1), Thu 28 Mar (2),
    # Wed 27 (3), Tue 26 (4), Mon 25 Mar (5).
    assert clocks.status(due, None, date(2024, 3, 25), rule, CAL).value == "due soon"
    assert clocks.status(due, None, date(2024, 3, 22), rule, CAL).value == "due"
