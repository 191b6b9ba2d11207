"""The demo borough's improvement plan: two years of monthly RAG reviews, measures, quarterly reports."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from continuum.actions.models import Action
from continuum.improvement import selectors
from continuum.improvement.models import CommitteeReport, Plan, PlanMeasure, RagChange
from continuum.synth.improvement import ensure_demo_improvement_plan

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


def test_the_demo_plan(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    User.objects.create(username="demo-team-manager", first_name="Demo", last_name="Team manager")
    changes = ensure_demo_improvement_plan(seed=1, as_of=AS_OF)
    plan = Plan.objects.get()
    assert (plan.starts, plan.ends) == (date(2024, 12, 1), date(2027, 11, 30))
    assert plan.plan_actions.filter(rag__code="G").exists()  # a year to run: some still on track
    assert plan.plan_actions.count() == 18
    assert Action.objects.filter(plan_action__plan=plan).count() == 18
    assert PlanMeasure.objects.filter(plan_action__plan=plan).count() == 12
    history = RagChange.objects.filter(plan_action__plan=plan)
    assert history.count() == 18 + changes
    assert changes > 20  # two years of monthly reviews move things
    assert min(history.values_list("on", flat=True)) == date(2024, 12, 31)
    assert max(history.values_list("on", flat=True)) <= AS_OF
    assert not history.filter(level__reason_required=True, reason="").exists()  # every A and R says why
    assert (
        CommitteeReport.objects.filter(plan=plan).count() == 7
    )  # each quarter end, March 2025 to September 2026
    take = selectors.stocktake(plan, date(2025, 11, 30), AS_OF)
    assert take.moved
    # Deterministic and once only.
    assert ensure_demo_improvement_plan(seed=1, as_of=AS_OF) == 0
