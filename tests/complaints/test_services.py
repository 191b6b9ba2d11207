"""Complaints services against the real database: stages, the extension, the gate, learning actions,
the clocks read from the timescales table, and who may see what."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.actions.models import Action
from continuum.complaints import clocks
from continuum.complaints import services as c
from continuum.complaints.models import Stage, StageStatus
from continuum.complaints.services import ComplaintRuleError
from continuum.core import roles
from continuum.core.models import TimescaleRule
from continuum.core.policy import may
from tests.complaints.conftest import a_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, complaints_people):  # type: ignore[no-untyped-def]
    officer, manager, team, kid = (complaints_people[k] for k in ("officer", "manager", "team", "kid"))
    stranger = make_user("cmp-other-sw", roles.SOCIAL_WORKER)
    complaint = a_complaint(by=officer, author=manager, team=team, children=[kid])
    return {**complaints_people, "stranger": stranger, "c": complaint}


def test_stage_1_extension_escalation_and_outcome(world) -> None:  # type: ignore[no-untyped-def]
    officer, complaint = world["officer"], world["c"]
    [one] = complaint.stages.all()
    rules = clocks.current_rules()
    assert clocks.stage_due("statutory", 1, one.started, extended=False, rules=rules) == date(2024, 4, 3)
    with pytest.raises(ComplaintRuleError, match="why"):
        c.extend(one, on=date(2024, 3, 28), reason=" ", by=officer)
    one = c.extend(one, on=date(2024, 3, 28), reason="Worker on leave", by=officer)
    assert clocks.stage_due("statutory", 1, one.started, extended=True, rules=rules) == date(2024, 4, 17)
    with pytest.raises(ComplaintRuleError, match="already been extended"):
        c.extend(one, on=date(2024, 3, 29), reason="Again", by=officer)
    with pytest.raises(ComplaintRuleError, match="still open"):
        c.escalate(complaint, requested=date(2024, 4, 20), by=officer)
    c.respond(one, on=date(2024, 4, 17), outcome="partly_upheld", letter="We are sorry.", by=world["manager"])
    with pytest.raises(ComplaintRuleError, match="already been answered"):
        c.respond(one, on=date(2024, 4, 18), outcome="upheld", letter="x", by=officer)
    two = c.escalate(complaint, requested=date(2024, 12, 2), by=officer, author=world["manager"])
    assert (two.number, two.status) == (2, StageStatus.OPEN)
    assert clocks.stage_due("statutory", 2, two.started, extended=False, rules=rules) == date(2025, 1, 9)
    c.respond(two, on=date(2025, 1, 10), outcome="not_upheld", letter="Investigation report", by=officer)
    two.refresh_from_db()
    rule = clocks.stage_rule("statutory", 2, False, rules)
    due = clocks.stage_due("statutory", 2, two.started, extended=False, rules=rules)
    assert clocks.status(due, two.responded, date(2025, 2, 1), rule).value == "done late"


def test_the_gate_needs_a_reason_and_keeps_it(world) -> None:  # type: ignore[no-untyped-def]
    officer, complaint = world["officer"], world["c"]
    one = complaint.stages.get()
    c.respond(one, on=date(2024, 4, 2), outcome="not_upheld", letter="Letter", by=officer)
    with pytest.raises(ComplaintRuleError, match="why the escalation is declined"):
        c.decline_escalation(complaint, requested=date(2024, 5, 1), reason="", by=officer)
    declined = c.decline_escalation(
        complaint, requested=date(2024, 5, 1), reason="No new information", by=officer
    )
    assert (declined.number, declined.status, declined.declined_reason) == (
        2,
        "declined",
        "No new information",
    )
    # A later request with new information may still go ahead, as stage 2.
    later = c.escalate(complaint, requested=date(2024, 6, 3), by=officer, author=officer)
    assert later.number == 2
    assert Stage.objects.filter(complaint=complaint).count() == 3


def test_stage_3_is_the_last_and_has_no_extension(world) -> None:  # type: ignore[no-untyped-def]
    officer, complaint = world["officer"], world["c"]
    for number, answered, requested in (
        (1, date(2024, 4, 2), date(2024, 4, 10)),
        (2, date(2024, 5, 1), date(2024, 6, 3)),
    ):
        stage = complaint.stages.get(number=number)
        c.respond(stage, on=answered, outcome="not_upheld", letter="Letter", by=officer)
        c.escalate(complaint, requested=requested, by=officer, author=officer)
    three = complaint.stages.get(number=3)
    with pytest.raises(ComplaintRuleError, match="cannot be extended"):
        c.extend(three, on=date(2024, 6, 4), reason="Panel availability", by=officer)
    c.respond(three, on=date(2024, 7, 1), outcome="upheld", letter="Panel findings", by=officer)
    with pytest.raises(ComplaintRuleError, match="last stage"):
        c.escalate(complaint, requested=date(2024, 7, 2), by=officer, author=officer)


def test_a_council_edit_of_the_table_moves_the_due_date(world) -> None:  # type: ignore[no-untyped-def]
    # Nine stage clocks, the acknowledgement and the statutory window to ask for the next stage.
    assert TimescaleRule.objects.filter(code__startswith="complaint_").count() == 11
    TimescaleRule.objects.filter(code="complaint_statutory_stage1").update(interval=5)
    # Mon 18 Mar 2024 + 5 working days: Mon 25 Mar.
    due = clocks.stage_due("statutory", 1, date(2024, 3, 18), extended=False, rules=clocks.current_rules())
    assert due == date(2024, 3, 25)


def test_learning_goes_into_the_one_action_tracker(world) -> None:  # type: ignore[no-untyped-def]
    officer, manager, complaint = world["officer"], world["manager"], world["c"]
    action = c.add_learning(
        complaint,
        learning="Calls were not logged",
        what="Remind the team to log calls",
        owner=manager,
        due=date(2024, 6, 1),
        by=officer,
    )
    assert Action.objects.get(pk=action.pk).source_label == f"Complaint {complaint.reference}"
    assert action.child_id is None  # the action names no child: it is the owner's and the setter's
    assert may(manager, "actions.view", action)
    complaint.refresh_from_db()
    assert complaint.learning == "Calls were not logged"


def test_who_may_see_what(world) -> None:  # type: ignore[no-untyped-def]
    officer, manager, sw, stranger, kid, complaint = (
        world[k] for k in ("officer", "manager", "sw", "stranger", "kid", "c")
    )
    assert may(officer, "complaints.view", complaint)
    assert may(officer, "complaints.record")
    assert may(manager, "complaints.view", complaint)  # the named author
    assert may(manager, "complaints.respond", complaint.stages.get())
    assert may(manager, "complaints.home")
    assert not may(manager, "complaints.record")
    # The child's social worker knows a complaint exists, not what it says.
    assert may(sw, "complaints.exists", kid)
    assert not may(sw, "complaints.view", complaint)
    assert not may(sw, "complaints.home")
    assert not may(stranger, "complaints.exists", kid)


def test_members_enquiry_clock_and_compliment(world) -> None:  # type: ignore[no-untyped-def]
    officer = world["officer"]
    enquiry = c.record_enquiry(
        received=date(2024, 12, 20), member="Cllr Example", summary="Family asks", by=officer
    )
    assert clocks.enquiry_due(enquiry.received, clocks.current_rules()) == date(2024, 12, 31)
    with pytest.raises(ComplaintRuleError):
        c.answer_enquiry(enquiry, on=date(2024, 12, 19), response="Reply")
    c.answer_enquiry(enquiry, on=date(2024, 12, 31), response="Reply")
    with pytest.raises(ComplaintRuleError):
        c.record_compliment(received=date(2024, 5, 1), team=None, from_type="parent", summary=" ", by=officer)
