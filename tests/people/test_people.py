"""People: identifiers, birth dates, codes and allocations, checked by the database and the services."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError, Rule
from continuum.people.models import UPN_REGEX, Allocation, Child, new_la_child_id, upn_validator
from continuum.people.services import create_team, create_worker


@pytest.fixture
def officer(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user(username="officer", password="a-long-test-password-1")


@pytest.mark.parametrize("upn", ["A12345678901B", "a123456789012", "Z000000000009"])
def test_valid_upns_pass(upn):
    upn_validator(upn)
    assert re.match(UPN_REGEX, upn)


@pytest.mark.parametrize("upn", ["12345678901B", "A1234567890B", "A12345678901BB", "A1234567890!B", ""])
def test_invalid_upns_fail(upn):
    with pytest.raises(ValidationError):
        upn_validator(upn)


def test_the_database_refuses_a_malformed_upn(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(person_birth_date=date(2015, 1, 1), upn="NOT-A-UPN")


def test_the_service_refuses_a_malformed_upn_with_a_clear_message(officer):
    with pytest.raises(JourneyRuleError) as info:
        s.register_child(person_birth_date=date(2015, 1, 1), upn="A123", by=officer)
    assert info.value.rule == Rule.INVALID_CODE
    assert "unique pupil number" in str(info.value)


def test_la_child_ids_are_generated_non_personal_and_unique(officer):
    ids = {new_la_child_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"C[2-9A-HJKMNP-Z]{9}", i) for i in ids)
    child = s.register_child(first_name="Alex", person_birth_date=date(2015, 1, 1), by=officer)
    assert "Alex" not in child.la_child_id


def test_a_child_needs_a_birth_date_or_an_expected_one(db, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create()
    with pytest.raises(JourneyRuleError):
        s.register_child(by=officer)


def test_an_unborn_child_is_born_by_recording_the_birth_date(officer):
    unborn = s.register_child(expected_person_birth_date=date(2024, 3, 1), by=officer)
    assert unborn.is_unborn
    assert unborn.age_on(date(2024, 1, 1)) is None
    born = s.update_child(
        child=unborn,
        person_birth_date=date(2024, 2, 25),
        first_name="Baby",
        expected_version=unborn.version,
        by=officer,
    )
    assert not born.is_unborn
    assert born.expected_person_birth_date == date(2024, 3, 1)
    assert born.version == 2


def test_disability_codes_are_dfe_codes_in_the_database_too(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(person_birth_date=date(2015, 1, 1), disabilities=["WINGS"])


def test_none_cannot_be_combined_with_a_disability(officer):
    with pytest.raises(JourneyRuleError):
        s.register_child(person_birth_date=date(2015, 1, 1), disabilities=["NONE", "AUT"], by=officer)


def test_one_open_allocation_per_child_and_role_in_the_database(officer):
    child = s.register_child(person_birth_date=date(2015, 1, 1), by=officer)
    team = create_team(name="Intervention 1", team_type="intervention_planning")
    Allocation.objects.create(child=child, team=team, start_date=date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(child=child, team=team, start_date=date(2024, 2, 1))


def test_allocation_to_a_worker_not_in_post_is_refused(officer):
    child = s.register_child(person_birth_date=date(2015, 1, 1), by=officer)
    team = create_team(name="Leaving Care", team_type="leaving_care")
    worker = create_worker(first_name="New", last_name="Starter", start_date=date(2024, 6, 1), team=team)
    with pytest.raises(JourneyRuleError) as info:
        s.allocate(child=child, team=team, worker=worker, start_date=date(2024, 1, 1), by=officer)
    assert info.value.rule == Rule.WORKER_NOT_IN_POST


def test_addresses_over_time_keep_ward_and_deprivation(officer):
    child = s.register_child(person_birth_date=date(2015, 1, 1), by=officer)
    s.record_address(
        child=child,
        start_date=date(2020, 1, 1),
        postcode="zz9 9zz",
        ward="Ward A",
        in_deprived_area=True,
        by=officer,
    )
    s.record_address(child=child, start_date=date(2023, 1, 1), postcode="ZZ1 1ZZ", ward="Ward B", by=officer)
    rows = list(child.addresses.select_related("address").order_by("start_date"))
    assert [(r.address.ward, r.address.in_deprived_area, r.end_date) for r in rows] == [
        ("Ward A", True, date(2023, 1, 1)),
        ("Ward B", False, None),
    ]
    assert rows[0].address.postcode == "ZZ9 9ZZ"


def test_family_members_and_siblings(officer):
    child = s.register_child(person_birth_date=date(2015, 1, 1), by=officer)
    sibling = s.register_child(person_birth_date=date(2017, 1, 1), by=officer)
    mother = s.add_family_member(
        child=child, relationship_type="mother", parental_responsibility=True, is_main_carer=True, by=officer
    )
    s.add_relationship(
        child=sibling, family_member=mother.family_member, relationship_type="mother", by=officer
    )
    s.add_relationship(child=child, related_child=sibling, relationship_type="sibling", by=officer)
    assert child.relationships.count() == 2
    with pytest.raises(JourneyRuleError):
        s.add_relationship(child=child, relationship_type="sibling", by=officer)
