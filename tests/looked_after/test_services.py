"""The looked_after services: each rule refuses with a message naming the child, and each step is recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError, Rule
from continuum.journey.models import SDQ, ChronologyEvent
from continuum.looked_after import services as la
from continuum.looked_after.models import AdoptionPlan
from continuum.metrics.extract import extract_tables
from continuum.people.models import Child


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(username="officer", password="a-long-test-password-1")


def _child(officer: User, sex: str, born: date) -> Child:
    return s.register_child(
        first_name="Test",
        last_name="Child",
        person_birth_date=born,
        sex=sex,
        ethnicity="WBRI",
        disabilities=["NONE"],
        by=officer,
    )


@pytest.fixture
def looked_after(officer: User) -> Child:
    """A girl born 1 May 2010, looked after from 10 January 2024 (C1, foster care)."""
    child = _child(officer, "F", date(2010, 5, 1))
    s.start_cla_episode(
        child=child,
        decom=date(2024, 1, 10),
        ls="C1",
        cin="N1",
        place="U4",
        in_borough=True,
        place_provider="PR1",
        by=officer,
    )
    return child


def _refused(rule: str, call, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(JourneyRuleError) as info:
        call(**kwargs)
    assert info.value.rule == rule
    return str(info.value.message)


def test_an_adoption_plan_from_decision_to_order(officer: User, looked_after: Child) -> None:
    msg = _refused(
        Rule.NOT_LOOKED_AFTER,
        la.record_adoption_decision,
        child=looked_after,
        decided_on=date(2024, 1, 9),
        by=officer,
    )
    assert looked_after.la_child_id in msg
    assert "9 Jan 2024" in msg
    plan = la.record_adoption_decision(child=looked_after, decided_on=date(2024, 2, 1), by=officer)
    _refused(
        Rule.ALREADY_ENDED,
        la.record_adoption_decision,
        child=looked_after,
        decided_on=date(2024, 2, 2),
        by=officer,
    )
    msg = _refused(
        Rule.END_BEFORE_START,
        la.update_adoption_plan,
        plan=plan,
        progress=la.AdoptionProgress(date_match=date(2024, 1, 20)),
        expected_version=plan.version,
        by=officer,
    )
    assert "match with the prospective adopters (20 Jan 2024)" in msg
    household = la.record_adopter_household(
        reference="FAM1",
        enquiry_date=date(2023, 1, 5),
        stage1_start=date(2023, 1, 20),
        stage1_end=date(2023, 3, 20),
        stage2_start=date(2023, 4, 1),
        stage2_end=date(2023, 8, 1),
        application_date=date(2023, 4, 1),
        approval_date=date(2023, 9, 1),
        by=officer,
    )
    la.add_prospective_adopter(household=household, reference="ADR1", sex="F", ethnicity="WBRI", by=officer)
    plan = la.update_adoption_plan(
        plan=plan,
        progress=la.AdoptionProgress(
            date_placement_order=date(2024, 3, 1),
            date_match=date(2024, 4, 2),
            date_placed=date(2024, 4, 20),
            foster_care=False,
            nb_adoptr=1,
            sex_adoptr="F1",
            ls_adoptr="L4",
        ),
        household=household,
        expected_version=1,
        by=officer,
    )
    assert plan.version == 2
    with pytest.raises(ConcurrentChangeError):
        la.update_adoption_plan(
            plan=plan,
            progress=la.AdoptionProgress(date_adoption_order=date(2024, 9, 1)),
            expected_version=1,
            by=officer,
        )
    _refused(
        Rule.INVALID_CODE,
        la.update_adoption_plan,
        plan=plan,
        progress=la.AdoptionProgress(
            date_adoption_order=date(2024, 9, 1),
            date_placed_ceased=date(2024, 9, 2),
            reason_placed_ceased="RD1",
        ),
        expected_version=2,
        by=officer,
    )
    la.update_adoption_plan(
        plan=plan,
        progress=la.AdoptionProgress(date_adoption_order=date(2024, 9, 1)),
        expected_version=2,
        by=officer,
    )
    plan.refresh_from_db()
    assert (plan.date_adoption_order, plan.household_id, plan.version) == (date(2024, 9, 1), household.pk, 3)
    steps = list(
        ChronologyEvent.objects.filter(child=looked_after, record_type="adoptionplan").values_list(
            "step", flat=True
        )
    )
    assert steps == ["record_adoption_decision", "update_adoption_plan", "update_adoption_plan"]
    [row] = extract_tables(code="123")["adoptions"].to_pylist()
    assert row | {"adoption_id": None} == {
        "la_code": "123",
        "adoption_id": None,
        "la_child_id": looked_after.la_child_id,
        "date_should_be_placed": date(2024, 2, 1),
        "date_placement_order": date(2024, 3, 1),
        "date_ffa_placed": None,
        "date_match": date(2024, 4, 2),
        "date_placed": date(2024, 4, 20),
        "date_adoption_order": date(2024, 9, 1),
        "date_placed_ceased": None,
        "reason_placed_ceased": None,
        "foster_care": False,
        "nb_adoptr": 1,
        "sex_adoptr": "F1",
        "ls_adoptr": "L4",
        "family_id": "FAM1",
    }
    [adopter] = extract_tables(code="123")["adopters"].to_pylist()
    assert (adopter["adopter_id"], adopter["family_id"], adopter["approval_date"]) == (
        "ADR1",
        "FAM1",
        date(2023, 9, 1),
    )


def test_a_plan_that_ends_needs_date_and_reason(officer: User, looked_after: Child) -> None:
    plan = la.record_adoption_decision(child=looked_after, decided_on=date(2024, 2, 1), by=officer)
    msg = _refused(
        Rule.MISSING_VALUE,
        la.update_adoption_plan,
        plan=plan,
        progress=la.AdoptionProgress(date_placed_ceased=date(2024, 5, 1)),
        expected_version=1,
        by=officer,
    )
    assert "both its date and its reason" in msg
    _refused(
        Rule.INVALID_CODE,
        la.update_adoption_plan,
        plan=plan,
        progress=la.AdoptionProgress(date_placed_ceased=date(2024, 5, 1), reason_placed_ceased="RD9"),
        expected_version=1,
        by=officer,
    )
    la.update_adoption_plan(
        plan=plan,
        progress=la.AdoptionProgress(date_placed_ceased=date(2024, 5, 1), reason_placed_ceased="RD1"),
        expected_version=1,
        by=officer,
    )
    assert AdoptionPlan.objects.get().reason_placed_ceased == "RD1"


def test_previous_permanence(officer: User, looked_after: Child) -> None:
    _refused(
        Rule.INVALID_CODE,
        la.record_previous_permanence,
        child=looked_after,
        period_started=date(2024, 1, 10),
        prev_perm="Z1",
        date_perm=date(2020, 1, 1),
        by=officer,
    )
    _refused(
        Rule.END_BEFORE_START,
        la.record_previous_permanence,
        child=looked_after,
        period_started=date(2024, 1, 10),
        prev_perm="P2",
        date_perm=date(2024, 2, 1),
        by=officer,
    )
    la.record_previous_permanence(
        child=looked_after,
        period_started=date(2024, 1, 10),
        prev_perm="P2",
        la_perm="123",
        date_perm=date(2019, 6, 3),
        by=officer,
    )
    _refused(
        Rule.ALREADY_ENDED,
        la.record_previous_permanence,
        child=looked_after,
        period_started=date(2024, 1, 10),
        prev_perm="Z1",
        by=officer,
    )
    [row] = extract_tables(code="123")["prev_perm"].to_pylist()
    assert (row["prev_perm"], row["la_perm"], row["date_perm"]) == ("P2", "123", date(2019, 6, 3))


def test_motherhood_and_yearly_outcomes(officer: User, looked_after: Child) -> None:
    boy = _child(officer, "M", date(2009, 1, 1))
    _refused(
        Rule.INVALID_CODE,
        la.record_motherhood,
        child=boy,
        recorded_on=date(2024, 2, 1),
        mother=False,
        by=officer,
    )
    _refused(
        Rule.INVALID_CODE,
        la.record_motherhood,
        child=looked_after,
        recorded_on=date(2024, 2, 1),
        mother=False,
        mc_dob=date(2024, 1, 1),
        by=officer,
    )
    la.record_motherhood(
        child=looked_after, recorded_on=date(2024, 2, 1), mother=True, mc_dob=date(2023, 12, 1), by=officer
    )
    _refused(
        Rule.INVALID_CODE,
        la.record_annual_outcome,
        child=looked_after,
        year_ending=date(2024, 4, 30),
        flags={"convicted": False},
        by=officer,
    )
    _refused(
        Rule.NOT_LOOKED_AFTER,
        la.record_annual_outcome,
        child=boy,
        year_ending=date(2024, 3, 31),
        flags={"convicted": False},
        by=officer,
    )
    la.record_annual_outcome(
        child=looked_after,
        year_ending=date(2024, 3, 31),
        flags={
            "convicted": False,
            "immunisations": True,
            "teeth_check": True,
            "health_assessment": True,
            "substance_misuse": False,
        },
        by=officer,
    )
    episode = looked_after.cla_episodes.get()
    SDQ.objects.create(child=looked_after, cla_episode=episode, sdq_date=date(2024, 3, 1), sdq_score=17)
    SDQ.objects.create(child=looked_after, cla_episode=episode, sdq_date=date(2024, 1, 20), sdq_score=25)
    tables = extract_tables(code="123")
    [outcome] = tables["cla_outcomes"].to_pylist()
    assert (outcome["sdq_score"], outcome["convicted"], outcome["health_check"], outcome["teeth_check"]) == (
        17,
        False,
        None,
        True,
    )
    [mother] = tables["motherhood"].to_pylist()
    assert (mother["mother"], mother["mc_dob"]) == (True, date(2023, 12, 1))
