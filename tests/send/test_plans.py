"""EHC plans: named setting and type, personal budget, annual reviews, ceasing with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import EHCPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def child() -> Child:
    return Child.objects.create(la_child_id="SEND-P1", person_birth_date=date(2012, 1, 9))


def test_a_plan_keeps_its_setting_and_budget(child: Child) -> None:
    plan = EHCPlan.objects.create(
        child=child,
        issued_on=date(2024, 4, 2),
        primary_need="ASD",
        setting_name="Oak Lodge School",
        setting_type="special",
        out_of_borough=True,
        budget_requested=True,
        budget_agreed=True,
        budget_amount=Decimal("2400.00"),
        budget_purpose="Short breaks",
    )
    got = EHCPlan.objects.get(pk=plan.pk)
    assert (got.get_setting_type_display(), got.budget_amount, got.out_of_borough) == (
        "State-funded special school",
        Decimal("2400.00"),
        True,
    )
    assert services.current_plan(child.pk) == got


def test_a_ceased_plan_needs_a_reason_and_is_no_longer_current(child: Child) -> None:
    plan = EHCPlan.objects.create(child=child, issued_on=date(2020, 5, 1), primary_need="MLD")
    with pytest.raises(IntegrityError), transaction.atomic():
        EHCPlan.objects.filter(pk=plan.pk).update(ceased_on=date(2024, 7, 19))  # no reason: refused by the DB
    services.cease_plan(plan, date(2024, 7, 19), "needs_met")
    assert services.current_plan(child.pk) is None


def test_reviews_on_time_late_and_overdue(child: Child) -> None:
    plan = EHCPlan.objects.create(child=child, issued_on=date(2021, 3, 15), primary_need="SEMH")
    services.record_review(plan, date(2022, 3, 10), "maintain")  # on time
    services.record_review(
        plan, date(2023, 4, 3), "amend", amended_on=date(2023, 5, 22)
    )  # 10 Mar 2023 missed
    got = clocks.annual_reviews(
        plan, [r.held_on for r in plan.reviews.all()], services.rules(), date(2024, 5, 1)
    )
    assert [(i.due, i.status.value) for i in got] == [
        (date(2022, 3, 15), "done on time"),
        (date(2023, 3, 10), "done late"),
        (date(2024, 4, 3), "overdue"),
    ]
