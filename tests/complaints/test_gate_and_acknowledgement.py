"""The statutory escalation gate, the named investigator, the acknowledgement clock and finding any
complaint (tester findings 5, 6 and 11), against the real database and the seeded timescales table."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.complaints import clocks, selectors
from continuum.complaints import services as c
from continuum.complaints.models import Stage, StageStatus
from continuum.complaints.services import ComplaintRuleError
from continuum.core.models import TimescaleRule
from continuum.core.timescales import Status
from tests.complaints.conftest import a_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(complaints_people):  # type: ignore[no-untyped-def]
    return complaints_people


def _answered(officer, manager, procedure: str = "statutory"):  # type: ignore[no-untyped-def]
    """A complaint received Mon 18 Mar 2024 whose stage 1 was answered Tue 2 Apr 2024 (after Easter)."""
    complaint = a_complaint(by=officer, author=manager, procedure=procedure)
    c.respond(complaint.stages.get(), on=date(2024, 4, 2), outcome="not_upheld", letter="Letter", by=manager)
    return complaint


def test_the_two_new_clocks_are_rows_of_the_table() -> None:
    rows = {r.code: r for r in TimescaleRule.objects.filter(code__in=[clocks.ACK_RULE, clocks.REQUEST_RULE])}
    assert (rows[clocks.ACK_RULE].interval, rows[clocks.ACK_RULE].unit) == (3, "working_days")
    assert (rows[clocks.REQUEST_RULE].interval, rows[clocks.REQUEST_RULE].unit) == (20, "working_days")


def test_a_statutory_request_in_time_cannot_be_declined(people) -> None:  # type: ignore[no-untyped-def]
    officer, manager = people["officer"], people["manager"]
    complaint = _answered(officer, manager)
    # Tue 2 Apr 2024 + 20 working days: 3-5 Apr (3), 8-12 (8), 15-19 (13), 22-26 (18), 29 (19),
    # Tue 30 Apr (20).
    deadline = clocks.request_deadline("statutory", date(2024, 4, 2), clocks.current_rules())
    assert deadline == date(2024, 4, 30)
    with pytest.raises(ComplaintRuleError, match="cannot be declined") as refused:
        c.decline_escalation(complaint, requested=date(2024, 4, 30), reason="No new information", by=officer)
    assert refused.value.field == "decision"
    assert "30 Apr 2024" in str(refused.value)
    assert not Stage.objects.filter(complaint=complaint, number=2).exists()
    # Asked for on Wed 1 May, the 21st working day: late, so the gate may decline it.
    late = c.decline_escalation(complaint, requested=date(2024, 5, 1), reason="Asked too late", by=officer)
    assert (late.number, late.status) == (2, StageStatus.DECLINED)


def test_a_service_complaint_may_still_be_declined_in_time(people) -> None:  # type: ignore[no-untyped-def]
    officer, manager = people["officer"], people["manager"]
    complaint = _answered(officer, manager, procedure="corporate")
    assert clocks.request_deadline("corporate", date(2024, 4, 2), clocks.current_rules()) is None
    declined = c.decline_escalation(
        complaint, requested=date(2024, 4, 3), reason="No new information", by=officer
    )
    assert declined.status == StageStatus.DECLINED


def test_escalating_names_someone_and_they_can_be_changed_later(people) -> None:  # type: ignore[no-untyped-def]
    officer, manager = people["officer"], people["manager"]
    complaint = _answered(officer, manager)
    with pytest.raises(ComplaintRuleError, match="Select who will investigate or respond at stage 2") as e:
        c.escalate(complaint, requested=date(2024, 4, 3), by=officer)
    assert e.value.field == "author"
    assert not Stage.objects.filter(complaint=complaint, number=2).exists()
    two = c.escalate(complaint, requested=date(2024, 4, 3), by=officer, author=manager)
    assert two.author == manager
    two = c.name_author(two, author=officer, by=officer)
    assert Stage.objects.get(pk=two.pk).author == officer
    with pytest.raises(ComplaintRuleError, match="Select who"):
        c.name_author(two, author=None, by=officer)
    one = complaint.stages.get(number=1)
    with pytest.raises(ComplaintRuleError, match="Only an open stage"):
        c.name_author(one, author=officer, by=officer)


def test_acknowledgement_clock_and_the_officers_list(people) -> None:  # type: ignore[no-untyped-def]
    officer, manager = people["officer"], people["manager"]
    waiting = a_complaint(by=officer, author=manager)  # Mon 18 Mar 2024
    answered = _answered(officer, manager)  # stage 1 answered: no longer waits to be acknowledged
    # Mon 18 Mar + 3 working days = Thu 21 Mar 2024; on Fri 22 Mar it is overdue.
    [row] = selectors.unacknowledged(date(2024, 3, 22))
    assert (row.item, row.due, row.status) == (waiting, date(2024, 3, 21), Status.OVERDUE)
    assert answered.pk != waiting.pk
    with pytest.raises(ComplaintRuleError, match="before the complaint was received"):
        c.acknowledge(waiting, on=date(2024, 3, 15), by=officer)
    waiting = c.acknowledge(waiting, on=date(2024, 3, 20), by=officer)
    assert waiting.acknowledged == date(2024, 3, 20)
    assert selectors.acknowledgement_clock(waiting, date(2024, 3, 22)).status == Status.DONE_ON_TIME
    assert selectors.unacknowledged(date(2024, 3, 22)) == []
    with pytest.raises(ComplaintRuleError, match="already been acknowledged"):
        c.acknowledge(waiting, on=date(2024, 3, 21), by=officer)


def test_find_any_complaint_by_reference_or_name_open_or_closed(people) -> None:  # type: ignore[no-untyped-def]
    officer, manager = people["officer"], people["manager"]
    still_open = a_complaint(by=officer, author=manager, complainant_name="Robin Open")
    closed = _answered(officer, manager)  # "A Parent", stage 1 answered, nothing asked since
    assert list(selectors.find_complaints("", "open")) == [still_open]
    assert list(selectors.find_complaints("", "closed")) == [closed]
    assert set(selectors.find_complaints("", "all")) == {still_open, closed}
    for typed in (closed.reference, closed.reference.lower(), f"cmp {closed.pk}", str(closed.pk)):
        assert list(selectors.find_complaints(typed, "all")) == [closed], typed
    assert list(selectors.find_complaints("parent", "closed")) == [closed]
    assert list(selectors.find_complaints("robin", "closed")) == []
    [found] = selectors.find_complaints(closed.reference, "closed")
    assert selectors.standing(found) == "Stage 1 answered: not upheld"
