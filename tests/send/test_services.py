"""Recording a journey and a plan against the real database: order kept, clocks from the seeded table."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from continuum.core.models import TimescaleRule
from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import AdviceRequest, EHCPlan, EHCRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_() -> EHCRequest:
    child = Child.objects.create(la_child_id="SEND-T1", person_birth_date=date(2015, 5, 1))
    return EHCRequest.objects.create(child=child, requested_by="school", received_on=date(2024, 9, 2))


def test_the_migrations_seeded_every_clock() -> None:
    assert set(TimescaleRule.objects.filter(code__startswith="ehc_").values_list("code", flat=True)) == set(
        clocks.CODES
    )


def test_a_journey_to_a_plan(request_: EHCRequest) -> None:
    AdviceRequest.objects.create(ehc_request=request_, kind="health", requested_on=date(2024, 9, 10))
    services.record_decision_to_assess(request_, "assess", date(2024, 10, 10))
    # The health advice is still awaited: the caseworker confirms deciding without it.
    services.record_decision_to_issue(request_, "issue", date(2024, 12, 16), despite_awaited_advice=True)
    line = services.open_requests(date(2024, 12, 20))[0]
    assert line.request == request_
    assert line.next_clock is not None
    assert line.next_clock.label == "Advice: health"
    assert line.final is not None
    assert line.final.due == date(2025, 1, 20)
    plan = services.issue_final_plan(
        request_, date(2025, 1, 17), primary_need="ASD", setting_type="mainstream"
    )
    assert plan.child_id == request_.child_id
    assert plan.issued_on == date(2025, 1, 17)
    assert services.open_requests(date(2025, 1, 20)) == []
    assert clocks.timeliness(request_, [], services.rules()).on_time


def test_a_council_edit_moves_the_clock(request_: EHCRequest) -> None:
    TimescaleRule.objects.filter(code=clocks.FINAL_PLAN).update(interval=18)
    assert services.open_requests(date(2024, 9, 3))[0].final.due == date(2025, 1, 6)


def test_the_order_is_kept(request_: EHCRequest) -> None:
    with pytest.raises(ValidationError):
        services.record_decision_to_issue(request_, "issue", date(2024, 10, 1))  # no decision to assess yet
    with pytest.raises(ValidationError):
        services.record_decision_to_assess(request_, "assess", date(2024, 8, 1))  # before the request
    services.record_decision_to_assess(request_, "refuse", date(2024, 10, 1))
    assert not EHCRequest.objects.get(pk=request_.pk).is_open
    assert services.open_requests(date(2024, 10, 2)) == []


def test_reviews_and_ceasing(request_: EHCRequest) -> None:
    plan = EHCPlan.objects.create(child=request_.child, issued_on=date(2023, 3, 1), primary_need="SLCN")
    services.record_review(plan, date(2024, 2, 20), "maintain")
    with pytest.raises(ValidationError):
        services.cease_plan(plan, date(2024, 6, 1), "")
    services.cease_plan(plan, date(2024, 6, 1), "moved_la")
    got = clocks.annual_reviews(
        plan, [r.held_on for r in plan.reviews.all()], services.rules(), date(2025, 6, 1)
    )
    assert [(i.due, i.is_done) for i in got] == [(date(2024, 3, 1), True)]  # no review due after ceasing


def test_extraction_marks_only_allowed_exceptions(request_: EHCRequest) -> None:
    from continuum.metrics.extract import extract_tables
    from continuum.send.models import AssessmentException

    other = EHCRequest.objects.create(
        child=request_.child, requested_by="parent", received_on=date(2024, 9, 9)
    )
    AssessmentException.objects.create(
        ehc_request=request_, reason="late_advice", starts_on=date(2024, 10, 1)
    )
    AssessmentException.objects.create(
        ehc_request=other, reason="school_closure", starts_on=date(2024, 10, 1)
    )
    rows = extract_tables()["ehc_requests"].to_pylist()
    got = {r["ehc_request_id"]: (r["requested_by"], r["received_on"], r["allowed_exception"]) for r in rows}
    assert got == {
        str(request_.pk): ("SCHOOL", date(2024, 9, 2), False),
        str(other.pk): ("PARENT", date(2024, 9, 9), True),
    }
