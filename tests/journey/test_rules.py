"""One known-answer test per journey rule, named after the rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError, Rule
from continuum.journey.models import CLAEpisode, Placement
from tests.journey.conftest import at, open_referral, to_icpc, to_s47


class Refused:
    """Context manager: the block must raise a JourneyRuleError with this rule code."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.error: JourneyRuleError | None = None

    def __enter__(self) -> Refused:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:  # type: ignore[no-untyped-def]
        assert exc_type is not None, f"expected the rule {self.rule} to refuse the step"
        assert issubclass(exc_type, JourneyRuleError), (
            f"expected JourneyRuleError, got {exc_type.__name__}: {exc}"
        )
        assert exc.rule == self.rule, f"expected rule {self.rule}, got {exc.rule}: {exc}"
        self.error = exc
        return True


# --- ICPC and CP plan ------------------------------------------------------------------


def test_rule_icpc_needs_s47_in_the_same_cin_episode(child, officer):
    episode = open_referral(child, officer)
    with Refused(Rule.ICPC_NEEDS_S47) as r:
        s.hold_icpc(cin_episode=episode, conference_date=date(2024, 1, 20), outcome="plan", by=officer)
    assert str(r.error) == (
        f"Cannot hold an initial child protection conference for child {child.la_child_id}: "
        "there is no section 47 enquiry in this referral."
    )
    assert r.error.child_ref == child.la_child_id
    assert r.error.step == "hold_icpc"


def test_rule_icpc_needs_s47_not_from_another_cin_episode(child, officer):
    old_episode, old_s47 = to_s47(child, officer, on=date(2023, 3, 1))
    s.complete_s47(
        section47=old_s47,
        completed_on=date(2023, 3, 10),
        outcome="not_substantiated",
        expected_version=1,
        by=officer,
    )
    s.close_cin_episode(
        cin_episode=old_episode,
        cin_closure_date=date(2023, 4, 1),
        reason_for_closure="RC7",
        expected_version=1,
        by=officer,
    )
    new_episode = open_referral(child, officer, on=date(2024, 1, 10))
    with Refused(Rule.ICPC_NEEDS_S47):
        s.hold_icpc(
            cin_episode=new_episode,
            section47=old_s47,
            conference_date=date(2024, 1, 20),
            outcome="plan",
            by=officer,
        )


def test_rule_cp_plan_needs_an_icpc_that_decided_plan(child, officer):
    _, _, icpc = to_icpc(child, officer, outcome="no_plan")
    with Refused(Rule.CP_PLAN_NEEDS_ICPC_PLAN):
        s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer)


def test_rule_cp_plan_starts_on_the_icpc_date(child, officer):
    _, _, icpc = to_icpc(child, officer)
    with Refused(Rule.CP_PLAN_STARTS_ON_ICPC_DATE):
        s.start_cp_plan(
            icpc=icpc, initial_category_of_abuse="NEG", cpp_start_date=date(2024, 2, 1), by=officer
        )
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer)
    assert plan.cpp_start_date == icpc.conference_date == date(2024, 1, 31)
    assert plan.latest_category_of_abuse == "NEG"
    assert plan.number_of_previous_cpp == 0


def test_rule_icpc_not_held_when_s47_found_it_unnecessary(child, officer):
    episode, s47 = to_s47(child, officer)
    s.complete_s47(
        section47=s47,
        completed_on=date(2024, 1, 15),
        outcome="substantiated_no_icpc",
        expected_version=1,
        by=officer,
    )
    with Refused(Rule.ICPC_NOT_REQUIRED):
        s.hold_icpc(cin_episode=episode, conference_date=date(2024, 1, 20), outcome="plan", by=officer)


def test_rule_one_open_cp_plan(child, officer):
    episode, _, icpc = to_icpc(child, officer)
    s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer)
    s47b = s.start_s47(cin_episode=episode, s47_actual_start_date=date(2024, 2, 5), by=officer)
    icpc2 = s.hold_icpc(
        cin_episode=episode, section47=s47b, conference_date=date(2024, 2, 20), outcome="plan", by=officer
    )
    with Refused(Rule.ONE_OPEN_CP_PLAN):
        s.start_cp_plan(icpc=icpc2, initial_category_of_abuse="PHY", by=officer)


# --- Dates: birth, death, future, order ----------------------------------------------------


def test_rule_no_date_before_birth(child, officer):
    with Refused(Rule.DATE_BEFORE_BIRTH) as r:
        s.record_contact(
            child=child, received_at=at(2014, 1, 1), referral_source="6", consent="obtained", by=officer
        )
    assert "before the child's date of birth (1 May 2015)" in str(r.error)


def test_rule_unborn_children_may_have_pre_birth_records(unborn, officer):
    """An unborn child (expected DOB only) can have a pre-birth assessment and ICPC.

    It cannot be looked after until born.
    """
    episode, _ = to_s47(unborn, officer, on=date(2024, 1, 10))
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 1, 11), by=officer)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=date(2024, 1, 31), outcome="plan", by=officer)
    assert s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer).cpp_start_date == date(
        2024, 1, 31
    )
    with Refused(Rule.UNBORN_NOT_ALLOWED):
        s.start_cla_episode(
            child=unborn, decom=date(2024, 2, 1), ls="V2", cin="N1", place="U4", in_borough=True, by=officer
        )


def test_rule_born_child_keeps_pre_birth_records_within_a_pregnancy(officer):
    born = s.register_child(
        person_birth_date=date(2024, 6, 1), expected_person_birth_date=date(2024, 6, 10), by=officer
    )
    open_referral(born, officer, on=date(2024, 1, 10))  # pre-birth referral: allowed
    other = s.register_child(person_birth_date=date(2024, 6, 1), by=officer)
    with Refused(Rule.DATE_BEFORE_BIRTH):
        open_referral(other, officer, on=date(2024, 1, 10))


def test_rule_end_dates_are_never_before_start_dates(child, officer):
    episode = open_referral(child, officer)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2024, 1, 15), by=officer
    )
    with Refused(Rule.END_BEFORE_START):
        s.complete_assessment(
            assessment=assessment,
            assessment_authorisation_date=date(2024, 1, 14),
            assessment_factors=["2A"],
            child_seen=True,
            outcome="nfa",
            expected_version=1,
            by=officer,
        )
    with Refused(Rule.END_BEFORE_START):
        s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=date(2024, 1, 9),
            reason_for_closure="RC7",
            expected_version=1,
            by=officer,
        )


def test_rule_end_before_start_is_also_refused_by_the_database(child, officer):
    episode = open_referral(child, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(episode).objects.filter(pk=episode.pk).update(
            cin_closure_date=date(2023, 1, 1), reason_for_closure="RC7"
        )


def test_rule_future_dates_are_refused(child, officer):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with Refused(Rule.FUTURE_DATE):
        open_referral(child, officer, on=tomorrow)
    with Refused(Rule.FUTURE_DATE):
        s.record_contact(
            child=child,
            received_at=timezone.now() + timedelta(hours=1),
            referral_source="6",
            consent="obtained",
            by=officer,
        )


def test_rule_nothing_is_recorded_after_the_childs_death(child, officer):
    episode = open_referral(child, officer)
    child.refresh_from_db()
    s.record_child_death(
        child=child, person_death_date=date(2024, 2, 1), expected_version=child.version, by=officer
    )
    with Refused(Rule.AFTER_DEATH):
        s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 2, 2), by=officer)
    with Refused(Rule.AFTER_DEATH):
        s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=date(2024, 2, 5),
            reason_for_closure="RC7",
            expected_version=1,
            by=officer,
        )


def test_rule_only_rc2_closure_records_death(child, officer):
    episode = open_referral(child, officer)
    with Refused(Rule.RC2_NEEDS_DEATH):
        s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=date(2024, 2, 5),
            reason_for_closure="RC2",
            expected_version=1,
            by=officer,
        )
    child.refresh_from_db()
    s.record_child_death(
        child=child, person_death_date=date(2024, 2, 1), expected_version=child.version, by=officer
    )
    closed = s.close_cin_episode(
        cin_episode=episode,
        cin_closure_date=date(2024, 2, 5),
        reason_for_closure="RC2",
        expected_version=1,
        by=officer,
    )
    assert closed.reason_for_closure == "RC2"


# --- CLA -----------------------------------------------------------------------------------


def _start_cla(child, officer, on=date(2024, 3, 1)):  # type: ignore[no-untyped-def]
    return s.start_cla_episode(
        child=child, decom=on, ls="V2", cin="N1", place="U6", in_borough=True, by=officer
    )


def test_rule_only_one_open_cla_episode_per_child(child, officer):
    _start_cla(child, officer)
    with Refused(Rule.ONE_OPEN_CLA_EPISODE):
        _start_cla(child, officer, on=date(2024, 4, 1))


def test_rule_only_one_open_cla_episode_is_also_a_partial_unique_index(child, officer):
    first = _start_cla(child, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CLAEpisode.objects.create(
            child=child,
            placement=first.placement,
            decom=date(2024, 4, 1),
            rne="S",
            ls="V2",
            cin="N1",
            place="U6",
            in_borough=True,
        )


def test_rule_cla_episodes_never_overlap(child, officer):
    episode = _start_cla(child, officer, on=date(2024, 3, 1))
    s.end_cla_episode(cla_episode=episode, dec=date(2024, 5, 1), rec="E4A", expected_version=1, by=officer)
    with Refused(Rule.CLA_OVERLAP):
        _start_cla(child, officer, on=date(2024, 4, 1))


# --- CIN episodes -----------------------------------------------------------------------------


def test_rule_nothing_happens_in_a_closed_cin_episode_until_a_new_referral(child, officer):
    episode = open_referral(child, officer)
    s.close_cin_episode(
        cin_episode=episode,
        cin_closure_date=date(2024, 2, 1),
        reason_for_closure="RC7",
        expected_version=1,
        by=officer,
    )
    with Refused(Rule.CIN_EPISODE_CLOSED) as r:
        s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 2, 2), by=officer)
    assert "open a new referral first" in str(r.error)
    new_episode = open_referral(child, officer, on=date(2024, 2, 2))
    assert s.start_assessment(
        cin_episode=new_episode, assessment_actual_start_date=date(2024, 2, 2), by=officer
    ).pk


def test_rule_one_open_cin_episode_per_child(child, officer):
    open_referral(child, officer)
    with Refused(Rule.ONE_OPEN_CIN_EPISODE):
        open_referral(child, officer, on=date(2024, 2, 1))


def test_rule_rc8_rc9_closure_refused_when_the_episode_holds_s47s_plans_or_conferences(child, officer):
    episode, s47 = to_s47(child, officer)
    s.complete_s47(
        section47=s47,
        completed_on=date(2024, 1, 15),
        outcome="not_substantiated",
        expected_version=1,
        by=officer,
    )
    for reason in ("RC8", "RC9"):
        with Refused(Rule.RC8_RC9_WITH_STATUTORY_WORK) as r:
            s.close_cin_episode(
                cin_episode=episode,
                cin_closure_date=date(2024, 2, 1),
                reason_for_closure=reason,
                expected_version=1,
                by=officer,
            )
        assert "section 47 enquiries" in str(r.error)
    assert s.close_cin_episode(
        cin_episode=episode,
        cin_closure_date=date(2024, 2, 1),
        reason_for_closure="RC7",
        expected_version=1,
        by=officer,
    )


def test_rule_once_closed_rc8_rc9_no_s47_plan_or_conference_can_be_added(child, officer):
    episode = open_referral(child, officer)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2024, 1, 11), by=officer
    )
    s.complete_assessment(
        assessment=assessment,
        assessment_authorisation_date=date(2024, 2, 1),
        assessment_factors=[],
        child_seen=True,
        outcome="nfa",
        expected_version=1,
        by=officer,
    )
    s.close_cin_episode(
        cin_episode=episode,
        cin_closure_date=date(2024, 2, 1),
        reason_for_closure="RC8",
        expected_version=1,
        by=officer,
    )
    # Even dated inside the episode, statutory work cannot be added after an RC8 closure.
    with Refused(Rule.CLOSED_RC8_RC9):
        s.start_s47(cin_episode=episode, s47_actual_start_date=date(2024, 1, 20), by=officer)
    with Refused(Rule.CLOSED_RC8_RC9):
        s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2024, 1, 20), by=officer)


def test_rule_closure_refused_while_a_plan_is_open(child, officer):
    episode = open_referral(child, officer)
    s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2024, 1, 20), by=officer)
    with Refused(Rule.CLOSURE_WITH_OPEN_PLAN):
        s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=date(2024, 2, 1),
            reason_for_closure="RC7",
            expected_version=1,
            by=officer,
        )


def test_rule_no_activity_dated_after_the_closure(child, officer):
    episode = open_referral(child, officer)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 2, 10), by=officer)
    with Refused(Rule.ACTIVITY_AFTER_CLOSURE):
        s.close_cin_episode(
            cin_episode=episode,
            cin_closure_date=date(2024, 2, 1),
            reason_for_closure="RC7",
            expected_version=1,
            by=officer,
        )


def test_rule_cin_plan_cannot_run_with_a_cp_plan(child, officer):
    episode, _, icpc = to_icpc(child, officer)
    s.start_cp_plan(icpc=icpc, initial_category_of_abuse="EMO", by=officer)
    with Refused(Rule.CIN_PLAN_DURING_CP_PLAN):
        s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2024, 2, 10), by=officer)


def test_rule_a_cp_plan_ends_an_open_cin_plan_on_its_start_date(child, officer):
    episode, s47 = to_s47(child, officer)
    cin_plan = s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2024, 1, 12), by=officer)
    icpc = s.hold_icpc(
        cin_episode=episode, section47=s47, conference_date=date(2024, 1, 31), outcome="plan", by=officer
    )
    s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=officer)
    cin_plan.refresh_from_db()
    assert cin_plan.cin_plan_end_date == date(2024, 1, 31)


def test_rule_dates_are_not_before_the_referral(child, officer):
    episode = open_referral(child, officer)
    with Refused(Rule.DATE_BEFORE_REFERRAL):
        s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 1, 9), by=officer)


def test_rule_referral_nfa_holds_no_further_work(child, officer):
    episode = s.open_referral(
        child=child, cin_referral_date=date(2024, 1, 10), referral_source="2A", referral_nfa=True, by=officer
    )
    with Refused(Rule.REFERRAL_NFA):
        s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 1, 11), by=officer)


# --- Front door, visits, missing, care leavers, private fostering ------------------------


def test_rule_dispensed_consent_needs_a_rationale(child, officer):
    with Refused(Rule.CONSENT_RATIONALE_REQUIRED):
        s.record_contact(
            child=child, received_at=at(2024, 1, 9), referral_source="6", consent="dispensed", by=officer
        )
    contact = s.record_contact(
        child=child,
        received_at=at(2024, 1, 9),
        referral_source="6",
        consent="dispensed",
        consent_dispensed_rationale="Seeking consent would place the child at risk of significant harm.",
        by=officer,
    )
    assert contact.pk


def test_rule_codes_must_be_dfe_codes(child, officer):
    with Refused(Rule.INVALID_CODE):
        s.record_contact(
            child=child, received_at=at(2024, 1, 9), referral_source="99", consent="obtained", by=officer
        )
    with Refused(Rule.INVALID_CODE):
        s.open_referral(
            child=child,
            cin_referral_date=date(2024, 1, 10),
            referral_source="6",
            primary_need_code="N10",
            by=officer,
        )


def test_rule_mash_decision_is_made_once_and_after_receipt(child, officer):
    contact = s.record_contact(
        child=child, received_at=at(2024, 1, 9, 9), referral_source="6", consent="obtained", by=officer
    )
    with Refused(Rule.END_BEFORE_START):
        s.record_mash_decision(
            contact=contact,
            initial_brag="A",
            final_brag="R",
            decision_at=at(2024, 1, 8),
            outcome="referral",
            expected_version=1,
            by=officer,
        )
    decided = s.record_mash_decision(
        contact=contact,
        initial_brag="A",
        final_brag="R",
        decision_at=at(2024, 1, 9, 15),
        outcome="referral",
        partner_checks=["police"],
        expected_version=1,
        by=officer,
    )
    assert decided.brag_changed
    with Refused(Rule.CONTACT_ALREADY_DECIDED):
        s.record_mash_decision(
            contact=contact,
            initial_brag="A",
            final_brag="B",
            decision_at=at(2024, 1, 9, 16),
            outcome="nfa",
            expected_version=2,
            by=officer,
        )


def test_rule_not_seen_alone_needs_a_reason(child, officer):
    episode = open_referral(child, officer)
    with Refused(Rule.SEEN_ALONE_REASON_REQUIRED):
        s.record_visit(
            child=child,
            kind="cin",
            visit_date=date(2024, 1, 12),
            seen=True,
            seen_alone=False,
            cin_episode=episode,
            by=officer,
        )
    with Refused(Rule.SEEN_ALONE_NEEDS_SEEN):
        s.record_visit(
            child=child, kind="cin", visit_date=date(2024, 1, 12), seen=False, seen_alone=True, by=officer
        )


def test_rule_cp_visit_needs_a_cp_plan_on_the_day(child, officer):
    open_referral(child, officer)
    with Refused(Rule.NO_PLAN_FOR_VISIT):
        s.record_visit(
            child=child, kind="cp", visit_date=date(2024, 1, 12), seen=True, seen_alone=True, by=officer
        )


def test_rule_return_home_interview_is_after_the_return(child, officer):
    episode = s.record_missing_episode(
        child=child, missing="M", mis_start=at(2024, 1, 5, 20), where_from="home", by=officer
    )
    with Refused(Rule.MISSING_NOT_ENDED):
        s.record_return_home_interview(
            missing_episode=episode,
            rhi_offered_at=at(2024, 1, 7),
            rhi_accepted=True,
            expected_version=1,
            by=officer,
        )
    episode = s.end_missing_episode(
        missing_episode=episode, mis_end=at(2024, 1, 6, 8), expected_version=1, by=officer
    )
    with Refused(Rule.RHI_BEFORE_RETURN):
        s.record_return_home_interview(
            missing_episode=episode,
            rhi_offered_at=at(2024, 1, 6, 7),
            rhi_accepted=True,
            expected_version=2,
            by=officer,
        )
    done = s.record_return_home_interview(
        missing_episode=episode,
        rhi_offered_at=at(2024, 1, 7, 9),
        rhi_accepted=True,
        expected_version=2,
        by=officer,
    )
    assert done.rhi_accepted is True


def test_rule_missing_from_placement_needs_the_child_looked_after(child, officer):
    with Refused(Rule.NOT_LOOKED_AFTER):
        s.record_missing_episode(
            child=child,
            missing="A",
            mis_start=at(2024, 1, 5, 20),
            where_from="placement_in_borough",
            by=officer,
        )


def test_rule_care_leaver_needs_a_care_history(child, officer):
    with Refused(Rule.CARE_LEAVER_NEEDS_CARE_HISTORY):
        s.register_care_leaver(
            child=child, eligibility_category="relevant", start_date=date(2024, 6, 1), by=officer
        )


def test_rule_care_leaver_accommodation_and_activity_together(child, officer):
    episode = _start_cla(child, officer)
    s.end_cla_episode(cla_episode=episode, dec=date(2024, 5, 1), rec="E5", expected_version=1, by=officer)
    leaver = s.register_care_leaver(
        child=child, eligibility_category="relevant", start_date=date(2024, 5, 1), by=officer
    )
    with Refused(Rule.ACCOM_ACTIV_TOGETHER):
        s.record_care_leaver_contact(
            care_leaver=leaver, contact_date=date(2024, 6, 1), in_touch="YES", accom="U1", by=officer
        )
    contact = s.record_care_leaver_contact(
        care_leaver=leaver, contact_date=date(2024, 6, 1), in_touch="YES", accom="U1", activ="F2", by=officer
    )
    assert contact.accommodation_suitable is True


def test_rule_private_fostering_is_for_children_under_16_or_18_if_disabled(officer):
    older = s.register_child(person_birth_date=date(2007, 1, 1), disabilities=["NONE"], by=officer)
    with Refused(Rule.PRIVATE_FOSTERING_AGE):
        s.notify_private_fostering(child=older, notification_date=date(2024, 1, 10), by=officer)
    disabled = s.register_child(person_birth_date=date(2007, 1, 1), disabilities=["MOB"], by=officer)
    assert s.notify_private_fostering(child=disabled, notification_date=date(2024, 1, 10), by=officer).pk


def test_rule_sdq_has_a_score_or_a_reason(child, officer):
    _start_cla(child, officer)
    with Refused(Rule.SDQ_SCORE_OR_REASON):
        s.record_sdq(child=child, sdq_date=date(2024, 4, 1), by=officer)
    with Refused(Rule.SDQ_SCORE_OR_REASON):
        s.record_sdq(child=child, sdq_date=date(2024, 4, 1), sdq_score=41, by=officer)
    assert s.record_sdq(child=child, sdq_date=date(2024, 4, 1), sdq_score=12, by=officer).pk


def test_rule_health_and_education_records_need_the_child_looked_after(child, officer):
    with Refused(Rule.NOT_LOOKED_AFTER):
        s.record_pep(child=child, pep_date=date(2024, 4, 1), by=officer)


# --- Concurrency -----------------------------------------------------------------------------


def test_rule_concurrent_change_is_refused_with_a_reload_message(child, officer):
    episode = open_referral(child, officer)
    stale_version = episode.version
    s.update_referral(cin_episode=episode, primary_need_code="N4", expected_version=stale_version, by=officer)
    with pytest.raises(ConcurrentChangeError) as info:
        s.update_referral(
            cin_episode=episode, primary_need_code="N5", expected_version=stale_version, by=officer
        )
    assert info.value.rule == Rule.CONCURRENT_CHANGE
    assert "changed by someone else" in str(info.value)
    assert "Reload" in str(info.value)
    episode.refresh_from_db()
    assert episode.primary_need_code == "N4"
    assert episode.version == stale_version + 1


def test_versions_increase_by_one_on_each_update(child, officer):
    episode = _start_cla(child, officer)
    assert episode.version == 1
    updated = s.update_cla_episode(
        cla_episode=episode, permanence_plan="long_term_fostering", expected_version=1, by=officer
    )
    assert updated.version == 2
    assert Placement.objects.get(child=child).version == 1
