"""A whole journey through the services, and the selectors that read it back."""

from __future__ import annotations

from datetime import date

from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent
from continuum.people.services import create_team, create_worker
from tests.journey.conftest import at


def test_front_door_to_child_protection_to_care(child, officer):
    team = create_team(name="Assessment Team A", team_type="duty_assessment")
    worker = create_worker(first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team)
    contact = s.record_contact(
        child=child, received_at=at(2024, 1, 9, 9), referral_source="3A", consent="obtained", by=officer
    )
    contact = s.record_mash_decision(
        contact=contact,
        initial_brag="A",
        final_brag="R",
        decision_at=at(2024, 1, 9, 16),
        outcome="referral",
        partner_checks=["police", "health", "education"],
        decided_by=worker,
        expected_version=contact.version,
        by=officer,
    )
    episode = s.open_referral(
        child=child,
        contact=contact,
        cin_referral_date=date(2024, 1, 10),
        referral_source="3A",
        primary_need_code="N1",
        by=officer,
    )
    s.allocate(child=child, team=team, worker=worker, start_date=date(2024, 1, 10), by=officer)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2024, 1, 10), worker=worker, by=officer
    )
    discussion = s.hold_strategy_discussion(
        cin_episode=episode,
        held_on=date(2024, 1, 11),
        decision_s47=True,
        agencies_present=["police", "health"],
        by=officer,
    )
    s47 = s.start_s47(
        cin_episode=episode,
        s47_actual_start_date=date(2024, 1, 11),
        strategy_discussion=discussion,
        by=officer,
    )
    assert s47.initial_cpc_target == date(2024, 2, 1)  # 15 working days after 11 January 2024
    s47 = s.complete_s47(
        section47=s47,
        completed_on=date(2024, 1, 25),
        outcome="substantiated_icpc",
        expected_version=1,
        by=officer,
    )
    assert s47.icpc_not_required is False
    s.complete_assessment(
        assessment=assessment,
        assessment_authorisation_date=date(2024, 1, 30),
        assessment_factors=["2A", "3A"],
        child_seen=True,
        outcome="strategy",
        expected_version=1,
        by=officer,
    )
    icpc = s.hold_icpc(
        cin_episode=episode,
        conference_date=date(2024, 2, 1),
        outcome="plan",
        child_participation="views_conveyed",
        by=officer,
    )
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer)
    s.record_core_group(cp_plan=plan, meeting_date=date(2024, 2, 14), agencies_present=["health"], by=officer)
    visit = s.record_visit(
        child=child,
        kind="cp",
        visit_date=date(2024, 2, 12),
        seen=True,
        seen_alone=True,
        bedroom_seen=True,
        worker=worker,
        by=officer,
    )
    assert visit.cp_plan_id == plan.pk
    assert visit.cin_episode_id == episode.pk
    review = s.hold_cp_review(
        cp_plan=plan,
        conference_date=date(2024, 4, 25),
        outcome="continue_plan",
        latest_category_of_abuse="MUL",
        expected_version=plan.version,
        by=officer,
    )
    plan.refresh_from_db()
    assert plan.latest_category_of_abuse == "MUL"
    assert review.kind == "review"
    pre = s.start_pre_proceedings(cin_episode=episode, plo_start_date=date(2024, 5, 1), by=officer)
    proceedings = s.start_care_proceedings(
        cin_episode=episode, application_date=date(2024, 6, 3), pre_proceedings=pre, by=officer
    )
    cla = s.start_cla_episode(
        child=child,
        decom=date(2024, 6, 4),
        ls="C1",
        cin="N1",
        place="U6",
        in_borough=False,
        place_provider="PR1",
        cin_episode=episode,
        by=officer,
    )
    s.end_cp_plan(cp_plan=plan, cpp_end_date=date(2024, 6, 4), expected_version=plan.version, by=officer)
    assert selectors.open_cla_episode(child).pk == cla.pk
    s.record_cla_review(child=child, review=date(2024, 6, 28), review_code="PN1", by=officer)
    cla = s.change_placement(
        cla_episode=cla,
        on=date(2024, 7, 1),
        place="U4",
        in_borough=True,
        reason_place_change="CARPL",
        expected_version=1,
        by=officer,
    )
    s.end_care_proceedings(
        care_proceedings=proceedings,
        end_date=date(2024, 11, 29),
        outcome="care_order",
        expected_version=1,
        by=officer,
    )
    cla = s.change_legal_status(
        cla_episode=cla, on=date(2024, 11, 29), ls="C2", expected_version=1, by=officer
    )
    s.record_health_assessment(child=child, assessment_date=date(2024, 7, 15), kind="initial", by=officer)
    s.record_pep(child=child, pep_date=date(2024, 9, 20), by=officer)
    missing = s.record_missing_episode(
        child=child,
        missing="M",
        mis_start=at(2024, 10, 1, 22),
        mis_end=at(2024, 10, 2, 9),
        where_from="placement_in_borough",
        by=officer,
    )
    s.record_return_home_interview(
        missing_episode=missing,
        rhi_offered_at=at(2024, 10, 3, 9),
        rhi_accepted=True,
        expected_version=1,
        by=officer,
    )
    episodes = list(selectors.cla_episodes(child))
    assert [(e.rne, e.rec) for e in episodes] == [("S", "X1"), ("P", "X1"), ("L", "")]
    assert selectors.current_allocation(child).worker_id == worker.pk
    [cin] = selectors.child_episodes(child)
    assert len(cin.section47s.all()) == 1
    assert len(cin.cp_plans.all()) == 1
    assert len(cin.conferences.all()) == 2
    steps = list(ChronologyEvent.objects.filter(child=child).values_list("step", flat=True))
    assert steps[0] == "register_child"
    assert steps[-1] == "record_return_home_interview"
    assert len(steps) == 27


def test_services_use_a_fixed_small_number_of_queries(child, officer, django_assert_max_num_queries):
    """Lean enough for bulk synthetic loads: no query per related row."""
    with django_assert_max_num_queries(8):
        contact = s.record_contact(
            child=child, received_at=at(2024, 1, 9), referral_source="6", consent="obtained", by=officer
        )
    with django_assert_max_num_queries(10):
        s.record_mash_decision(
            contact=contact,
            initial_brag="G",
            final_brag="G",
            decision_at=at(2024, 1, 9, 12),
            outcome="advice",
            expected_version=1,
            by=officer,
        )
    with django_assert_max_num_queries(10):
        s.start_cla_episode(
            child=child, decom=date(2024, 3, 1), ls="V2", cin="N1", place="U6", in_borough=True, by=officer
        )


def test_allocation_moves_on_and_current_allocation_follows(child, officer):
    team = create_team(name="Children in Care 1", team_type="children_in_care")
    first = create_worker(first_name="A", last_name="One", start_date=date(2020, 1, 1), team=team)
    second = create_worker(
        first_name="B", last_name="Two", start_date=date(2020, 1, 1), team=team, is_agency=True
    )
    s.allocate(child=child, team=team, worker=first, start_date=date(2024, 1, 1), by=officer)
    s.allocate(
        child=child,
        team=team,
        worker=second,
        start_date=date(2024, 3, 1),
        previous_end_reason="LEFTRL",
        by=officer,
    )
    assert selectors.current_allocation(child).worker_id == second.pk
    assert selectors.current_allocation(child, on=date(2024, 2, 1)).worker_id == first.pk
    assert selectors.caseload(first.pk).count() == 0
    assert selectors.caseload(second.pk).count() == 1
