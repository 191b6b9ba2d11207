"""The journey's writes with versions, the amended-plan clock, the reviews coming due, the person's
social-care status, the SEND caseworker's policy, and the plans table the indicators read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from continuum.core import roles
from continuum.core.models import RestrictedRecord
from continuum.core.policy import ChildAccess, may
from continuum.journey.models import CareLeaver, CINEpisode
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send import clocks, services
from continuum.send.models import AnnualReview, EHCPlan, EHCRequest
from continuum.send.rules import visible_send_children

pytestmark = pytest.mark.django_db


@pytest.fixture
def ehc() -> EHCRequest:
    child = Child.objects.create(la_child_id="SEND-D1", person_birth_date=date(2014, 3, 3))
    return EHCRequest.objects.create(child=child, requested_by="parent", received_on=date(2024, 9, 2))


def test_each_decision_moves_the_version_and_a_stale_one_is_refused(ehc: EHCRequest) -> None:
    assert ehc.version == 1
    services.record_decision_to_assess(ehc, "assess", date(2024, 10, 1), expected_version=1)
    with pytest.raises(ValidationError) as clash:  # a second caseworker, on the page opened before
        services.record_decision_to_assess(ehc, "refuse", date(2024, 10, 2), expected_version=1)
    assert clash.value.code == "concurrent_change"
    with pytest.raises(ValidationError, match="already recorded"):  # up to date, but decided already
        services.record_decision_to_assess(ehc, "refuse", date(2024, 10, 2), expected_version=2)
    services.record_decision_to_issue(ehc, "issue", date(2024, 12, 9), expected_version=2)
    with pytest.raises(ValidationError, match="cannot be before 9 December 2024"):
        services.record_draft(ehc, date(2024, 12, 1), expected_version=3)
    services.record_draft(ehc, date(2024, 12, 16), expected_version=3)
    plan = services.issue_final_plan(
        ehc,
        date(2025, 1, 13),
        expected_version=4,
        primary_need="ASD",
        setting_name="Riverside Primary",
        setting_type="mainstream",
        budget_requested=True,
        budget_agreed=True,
        budget_amount=Decimal("1800"),
    )
    assert EHCRequest.objects.get(pk=ehc.pk).version == 5
    with pytest.raises(ValidationError, match="already issued"):
        services.issue_final_plan(ehc, date(2025, 1, 14), expected_version=5, primary_need="ASD")
    assert plan.version == 1


def test_a_budget_is_agreed_only_when_asked_for(ehc: EHCRequest) -> None:
    plan = EHCPlan.objects.create(child=ehc.child, issued_on=date(2024, 1, 8), primary_need="MLD")
    with pytest.raises(ValidationError, match="only when one was requested"):
        services.change_plan(plan, expected_version=1, budget_agreed=True)
    with pytest.raises(ValidationError, match="only for an agreed"):
        services.change_plan(plan, expected_version=1, budget_amount=Decimal("10"))
    services.change_plan(
        plan, expected_version=1, budget_requested=True, budget_agreed=True, setting_type="special"
    )
    with pytest.raises(ValidationError) as clash:
        services.change_plan(plan, expected_version=1, needs="Stale")
    assert clash.value.code == "concurrent_change"
    assert EHCPlan.objects.get(pk=plan.pk).needs == ""


def test_consultations_and_advice_keep_their_order(ehc: EHCRequest) -> None:
    with pytest.raises(ValidationError, match="setting's answer cannot be before"):
        services.record_consultation(ehc, "Oak Lodge", "special", date(2024, 12, 2), date(2024, 11, 30), True)
    with pytest.raises(ValidationError, match="date the setting answered"):
        services.record_consultation(ehc, "Oak Lodge", "special", date(2024, 12, 2), None, False)
    c = services.record_consultation(ehc, "Oak Lodge", "special", date(2024, 12, 2), date(2024, 12, 16), True)
    assert (c.accepts, ehc.consultations.count()) == (True, 1)
    advice = services.request_advice(ehc, "health", date(2024, 10, 7))
    with pytest.raises(ValidationError):
        services.request_advice(ehc, "health", date(2024, 8, 1))
    services.record_advice_received(advice, date(2024, 11, 11))
    [item] = [
        c.item for c in services.request_clocks(ehc, date(2024, 12, 1)) if c.item.rule_code == clocks.ADVICE
    ]
    assert (item.due, item.status.value) == (date(2024, 11, 18), "done on time")


def test_the_amended_plan_clock_runs_twelve_weeks_from_the_meeting(ehc: EHCRequest) -> None:
    plan = EHCPlan.objects.create(child=ehc.child, issued_on=date(2023, 2, 1), primary_need="SLCN")
    review = services.record_review(plan, date(2024, 1, 22), "amend", expected_version=1)
    rules = services.rules()
    # Mon 22 Jan 2024 + 12 calendar weeks = Mon 15 Apr 2024 (Easter does not move it).
    item = clocks.amended_plan(review, rules, date(2024, 4, 10))
    assert (item.due, item.status.value) == (date(2024, 4, 15), "due soon")
    assert clocks.amended_plan(review, rules, date(2024, 4, 16)).status.value == "overdue"
    services.record_amended_plan(review, date(2024, 4, 19))
    assert clocks.amended_plan(review, rules, date(2024, 5, 1)).status.value == "done late"
    kept = services.record_review(plan, date(2025, 1, 20), "maintain", expected_version=2)
    assert clocks.amended_plan(kept, rules, date(2025, 2, 1)) is None  # nothing to amend
    with pytest.raises(ValidationError, match="only when the review decided to amend"):
        services.record_review(plan, date(2025, 2, 1), "maintain", date(2025, 3, 1), expected_version=3)
    with pytest.raises(ValidationError, match="cannot be before 20 January 2025"):
        services.record_review(plan, date(2024, 12, 1), "maintain", expected_version=3)
    with pytest.raises(ValidationError, match="Only a review that decided to amend"):
        services.record_amended_plan(kept, date(2025, 3, 1))
    services.cease_plan(plan, date(2025, 3, 3), "moved_la", expected_version=3)
    with pytest.raises(ValidationError, match="has ceased"):
        services.record_review(plan, date(2025, 4, 1), "maintain", expected_version=4)
    with pytest.raises(ValidationError, match="already ceased"):
        services.cease_plan(plan, date(2025, 4, 1), "other", expected_version=4)


def test_reviews_due_lists_late_and_coming_reviews_only(ehc: EHCRequest) -> None:
    child = ehc.child
    late = EHCPlan.objects.create(child=child, issued_on=date(2023, 6, 1), primary_need="ASD")
    soon = EHCPlan.objects.create(child=child, issued_on=date(2024, 1, 1), primary_need="ASD")
    AnnualReview.objects.create(plan=soon, held_on=date(2024, 12, 20), outcome="maintain")
    EHCPlan.objects.create(child=child, issued_on=date(2024, 9, 1), primary_need="ASD")  # due Sep 2025
    EHCPlan.objects.create(
        child=child,
        issued_on=date(2022, 1, 1),
        primary_need="ASD",
        ceased_on=date(2023, 1, 1),
        cease_reason="other",
    )
    got = [(line.plan, line.due, line.overdue) for line in services.reviews_due(date(2025, 1, 10))]
    assert got == [(late, date(2024, 6, 1), True)]
    # 1 Nov 2025, looking 8 weeks ahead (to 27 Dec): the September plan is late, the reviewed one due.
    got = [(line.plan.issued_on, line.due, line.overdue) for line in services.reviews_due(date(2025, 11, 1))]
    assert got == [
        (date(2023, 6, 1), date(2024, 6, 1), True),
        (date(2024, 9, 1), date(2025, 9, 1), True),
        (date(2024, 1, 1), date(2025, 12, 20), False),
    ]


def test_social_care_status_reads_the_journey(ehc: EHCRequest) -> None:
    child = ehc.child
    assert services.social_care_status(child.pk, date(2025, 1, 1)) == []
    CINEpisode.objects.create(child=child, cin_referral_date=date(2024, 3, 4), referral_source="1A")
    CareLeaver.objects.create(child=child, eligibility_category="relevant", start_date=date(2024, 6, 1))
    got = [(s.label, s.since) for s in services.social_care_status(child.pk, date(2025, 1, 1))]
    assert got == [("Child in need (open referral)", date(2024, 3, 4)), ("Care leaver", date(2024, 6, 1))]
    assert [s.label for s in services.social_care_status(child.pk, date(2024, 4, 1))] == [
        "Child in need (open referral)"
    ]


def test_the_send_caseworker_policy(ehc: EHCRequest, make_user) -> None:  # type: ignore[no-untyped-def]
    send = make_user("send-cw", roles.SEND_CASEWORKER)
    colleague = make_user("send-cw2", roles.SEND_CASEWORKER)
    sw = make_user("send-sw", roles.SOCIAL_WORKER)
    analyst = make_user("send-an", roles.PERFORMANCE_ANALYST)
    ehc.caseworker = send
    ehc.save()
    access = ChildAccess(ehc.child_id)
    # Every SEND caseworker sees and records SEND work; none opens the case record itself.
    for user in (send, colleague):
        assert may(user, "send.home")
        assert may(user, "send.view", access)
        assert may(user, "send.record", access)
        assert not may(user, "child.view", access)
    # The social-care status: the caseworker holding the request, not a colleague.
    assert may(send, "send.social_care", access)
    assert not may(colleague, "send.social_care", access)
    # A social worker without the child sees nothing of it; an analyst only the figures.
    assert not may(sw, "send.view", access)
    assert not may(sw, "send.social_care", access)
    assert not may(analyst, "send.home")
    assert may(analyst, "send.figures")
    # A restriction holds for SEND too, unless the caseworker is named on it.
    other = Child.objects.create(la_child_id="SEND-D2", person_birth_date=date(2013, 1, 1))
    restriction = RestrictedRecord.objects.create(child_id=ehc.child_id, reason="Adoption")
    assert not may(send, "send.view", access)
    assert not may(send, "send.social_care", access)
    assert visible_send_children(send, [ehc.child_id, other.pk]) == {other.pk}
    restriction.named_users.add(send)
    assert may(send, "send.view", access)
    assert visible_send_children(send, [ehc.child_id, other.pk]) == {ehc.child_id, other.pk}
    # The list answer is the one answer: a social worker sees their team's child through both.
    team = create_team(name="SEND casework", team_type=TeamType.INTERVENTION_PLANNING)
    create_worker(first_name="A", last_name="B", start_date=date(2020, 1, 1), team=team, user=sw)
    Allocation.objects.create(child=other, team=team, start_date=date(2024, 1, 1))
    sw = type(sw).objects.get(pk=sw.pk)  # a fresh request: its teams are read again
    assert visible_send_children(sw, [ehc.child_id, other.pk]) == {other.pk}
    assert may(sw, "send.view", ChildAccess(other.pk))
    assert may(sw, "send.social_care", ChildAccess(other.pk))


def test_the_plans_table_carries_reviews_and_codes(ehc: EHCRequest) -> None:
    from continuum.metrics.extract import extract_tables

    plan = EHCPlan.objects.create(
        child=ehc.child,
        ehc_request=ehc,
        issued_on=date(2023, 2, 1),
        primary_need="SEMH",
        setting_type="independent",
        out_of_borough=True,
        budget_requested=True,
    )
    AnnualReview.objects.create(plan=plan, held_on=date(2025, 1, 20), outcome="maintain")
    AnnualReview.objects.create(plan=plan, held_on=date(2024, 1, 22), outcome="amend")
    bare = EHCPlan.objects.create(
        child=ehc.child,
        issued_on=date(2020, 1, 1),
        primary_need="HI",
        ceased_on=date(2022, 1, 1),
        cease_reason="needs_met",
    )
    rows = {r["ehc_plan_id"]: r for r in extract_tables()["ehc_plans"].to_pylist()}
    got = rows[str(plan.pk)]
    assert (got["la_child_id"], got["ehc_request_id"], got["primary_need"], got["setting_type"]) == (
        "SEND-D1",
        str(ehc.pk),
        "SEMH",
        "INDEPENDENT",
    )
    assert (got["out_of_borough"], got["budget_requested"], got["budget_agreed"]) == (True, True, False)
    assert got["review_dates"] == [date(2024, 1, 22), date(2025, 1, 20)]
    assert (rows[str(bare.pk)]["ceased_on"], rows[str(bare.pk)]["cease_reason"]) == (
        date(2022, 1, 1),
        "NEEDS_MET",
    )
    assert rows[str(bare.pk)]["review_dates"] is None
