"""Every casework form opens for the worker under its own access-log action and is refused to QA and analysts.

One test over the forms of every stage, instead of a copy per views module:
the worker's GET is logged under the form's own action, and QA officers
(who may read a record with a reason but never record on it) and analysts
(who never see one) are refused a GET and a POST, each refusal logged, with
nothing written. The allocation forms are for team managers and are checked
in ``test_casework_views.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.utils import timezone

from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, Section47
from continuum.looked_after import services as la
from tests.web.test_casework_more import look_after
from tests.web.test_casework_views import client_for, make_world, url

pytestmark = pytest.mark.django_db

#: The OC2 form is for the latest 31 March, so its cases run on 16 June 2025 (see test_casework_outcomes).
OC2_NOW = datetime(2025, 6, 16, 10, 0, tzinfo=UTC)


def nothing(world: dict[str, Any]) -> tuple[int, ...]:
    return ()


def referral(world: dict[str, Any]) -> tuple[int, ...]:
    return (world["episode"].pk,)


def cp_plan(world: dict[str, Any]) -> tuple[int, ...]:
    return (world["plan"].pk,)


def enquiry(world: dict[str, Any]) -> tuple[int, ...]:
    return (Section47.objects.get(child=world["child"]).pk,)


def in_care(world: dict[str, Any]) -> tuple[int, ...]:
    return (look_after(world).pk,)


def in_care_only(world: dict[str, Any]) -> tuple[int, ...]:
    look_after(world)
    return ()


def adoption_plan(world: dict[str, Any]) -> tuple[int, ...]:
    look_after(world)
    plan = la.record_adoption_decision(child=world["child"], decided_on=date(2024, 4, 1), by=None)
    return (plan.pk,)


def adoption_decided(world: dict[str, Any]) -> tuple[int, ...]:
    adoption_plan(world)
    return ()


def care_leaver(world: dict[str, Any]) -> tuple[int, ...]:
    look_after(world)
    s.register_care_leaver(
        child=world["child"], eligibility_category="eligible", start_date=date(2025, 5, 1), by=None
    )
    return ()


@dataclass(frozen=True)
class Form:
    """One casework form: its URL name, its access-log action, what the child needs for it to open."""

    name: str
    action: str
    needs: Callable[[dict[str, Any]], tuple[int, ...]] = nothing
    opens: int = 200
    oc2_year: bool = False


FORMS = [
    # A referral's casework.
    Form("child-assessment-new", "child.assessment.new"),
    Form("child-cin-plan-new", "child.cin_plan.new"),
    # Closing a referral is submitting it for sign-off: the form's address leads there, still logged.
    Form("child-referral-close", "child.referral.close", referral, opens=302),
    # Child protection.
    Form("child-s47-complete", "child.s47.complete", enquiry),
    Form("child-core-group-new", "child.core_group.new", cp_plan),
    Form("child-cp-review-new", "child.cp_review.new", cp_plan),
    Form("child-cp-plan-end", "child.cp_plan.end", cp_plan),
    # Looked after.
    Form("child-cla-new", "child.cla.new"),
    Form("child-cla-review-new", "child.cla_review.new"),
    Form("child-missing-new", "child.missing.new"),
    Form("child-legal-status-change", "child.legal_status.change", in_care),
    Form("child-care-leaver-new", "child.care_leaver.new", in_care_only),
    # With a plan in progress the decision form sends the worker to the plan instead: still logged.
    Form("child-adoption-new", "child.adoption.new", adoption_decided, opens=302),
    Form("child-adoption-plan", "child.adoption.update", adoption_plan),
    Form("child-previous-permanence-new", "child.previous_permanence.new", in_care_only),
    Form("child-motherhood-new", "child.motherhood.new", in_care_only),
    Form("child-pep-new", "child.pep.new", in_care_only),
    Form("child-health-assessment-new", "child.health_assessment.new", in_care_only),
    Form("child-dental-check-new", "child.dental_check.new", in_care_only),
    # Yearly outcomes, SDQs and care leavers.
    Form("child-annual-outcomes", "child.outcomes.record", in_care_only, oc2_year=True),
    Form("child-sdq-new", "child.sdq.new", in_care_only, oc2_year=True),
    Form("child-pathway-review-new", "child.pathway_review.new", care_leaver, oc2_year=True),
]


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_the_form_logs_access_and_refuses_qa_and_analysts(form: Form, make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if form.oc2_year:
        real_now = timezone.now
        started = real_now()
        monkeypatch.setattr(timezone, "now", lambda: OC2_NOW + (real_now() - started))
    world = make_world(make_user, with_cp_plan=True)
    child = world["child"]
    address = url(form.name, world, *form.needs(world))
    written = ChronologyEvent.objects.count()

    assert client_for(world["users"]["sw"]).get(address).status_code == form.opens
    entry = AccessLogEntry.objects.filter(user=world["users"]["sw"]).latest("id")
    assert (entry.action, entry.record_id) == (form.action, str(child.pk))
    for name in ("qa", "analyst"):
        refused = client_for(world["users"][name])
        # QA may see a record with a reason, but never record on it; analysts never see one.
        assert refused.get(address).status_code == 403, name
        assert refused.post(address, {}).status_code == 403, name
        assert AccessLogEntry.objects.filter(user=world["users"][name]).latest("id").action == (
            "child.refused"
        )
    assert child.la_child_id not in address
    assert "Casechild" not in address
    assert ChronologyEvent.objects.count() == written
