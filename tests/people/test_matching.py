"""Known answers for the duplicate check: names tolerant of typos and transliteration, dates, postcodes."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey import services as s
from continuum.people.matching import (
    ChildDetails,
    DobMatch,
    NameMatch,
    compare_dobs,
    compare_names,
    find_possible_matches,
    normalise_name,
    normalise_postcode,
    swapped_day_month,
)


@pytest.mark.parametrize(
    ("typed", "recorded", "expected"),
    [
        ("Mohammed", "Muhammad", NameMatch.SOUNDS),
        ("Mohamed", "Muhammad", NameMatch.SOUNDS),
        ("Aleksandr", "Alexander", NameMatch.SOUNDS),
        ("Katherine", "Catherine", NameMatch.SOUNDS),
        ("Smith", "Smyth", NameMatch.SOUNDS),
        ("Zoë", "Zoe", NameMatch.SAME),
        ("O'Brien", "obrien", NameMatch.SAME),
        ("Jonathon", "Jonatahn", NameMatch.SOUNDS),  # a slip that still sounds the same
        ("Isla", "Ilsa", NameMatch.SIMILAR),  # two letters swapped: one transposition
        ("Oliver", "Olivia", NameMatch.NONE),
        ("Smith", "Jones", NameMatch.NONE),
        ("", "Smith", NameMatch.NONE),
    ],
)
def test_compare_names(typed: str, recorded: str, expected: NameMatch) -> None:
    assert compare_names(typed, recorded) is expected


def test_normalisers() -> None:
    assert normalise_name("  Zoë-Anne O'Neill ") == "zoeanneoneill"
    assert normalise_postcode(" n1  9gu ") == "N19GU"


@pytest.mark.parametrize(
    ("typed", "recorded", "expected"),
    [
        (date(2015, 3, 4), date(2015, 3, 4), DobMatch.SAME),
        (date(2015, 3, 4), date(2015, 4, 3), DobMatch.SWAPPED),
        (date(2015, 3, 14), date(2015, 3, 4), DobMatch.NONE),
        (date(2015, 3, 3), date(2015, 3, 3), DobMatch.SAME),
        (None, date(2015, 3, 3), DobMatch.NONE),
    ],
)
def test_compare_dobs(typed: date | None, recorded: date | None, expected: DobMatch) -> None:
    assert compare_dobs(typed, recorded) is expected


def test_swapped_day_month_only_when_it_makes_a_different_real_date() -> None:
    assert swapped_day_month(date(2015, 3, 4)) == date(2015, 4, 3)
    assert swapped_day_month(date(2015, 3, 25)) is None
    assert swapped_day_month(date(2015, 5, 5)) is None


@pytest.fixture
def known_children(django_user_model):  # type: ignore[no-untyped-def]
    by = django_user_model.objects.create_user(username="matcher", password="a-long-test-password-1")
    muhammad = s.register_child(
        first_name="Muhammad", last_name="Khan", person_birth_date=date(2016, 3, 4), by=by
    )
    s.record_address(child=muhammad, start_date=date(2020, 1, 1), postcode="N1 9GU", by=by)
    alexander = s.register_child(
        first_name="Alexander", last_name="Petrov", person_birth_date=date(2012, 11, 20), by=by
    )
    other = s.register_child(
        first_name="Olivia", last_name="Brown", person_birth_date=date(2016, 3, 4), by=by
    )
    return {"muhammad": muhammad, "alexander": alexander, "other": other}


def test_transliterated_name_and_same_birth_date_is_suggested_with_reasons(known_children) -> None:
    found = find_possible_matches(
        ChildDetails(first_name="Mohammed", last_name="Khan", birth_date=date(2016, 3, 4))
    )
    assert [sug.child for sug in found] == [known_children["muhammad"]]
    assert found[0].reason_text == "same date of birth; same surname; first name sounds the same"


def test_swapped_birth_date_and_postcode(known_children) -> None:
    found = find_possible_matches(
        ChildDetails(first_name="Mohamed", last_name="Kahn", birth_date=date(2016, 4, 3), postcode="n19gu")
    )
    assert found[0].child == known_children["muhammad"]
    assert "date of birth with day and month swapped" in found[0].reasons
    assert "same postcode" in found[0].reasons


def test_name_sounding_alike_with_a_different_birth_date_needs_both_names(known_children) -> None:
    found = find_possible_matches(
        ChildDetails(first_name="Aleksandr", last_name="Petrov", birth_date=date(2012, 11, 21))
    )
    assert [sug.child for sug in found] == [known_children["alexander"]]
    assert found[0].reason_text == "different date of birth; same surname; first name sounds the same"


def test_same_birth_date_alone_is_not_enough(known_children) -> None:
    assert (
        find_possible_matches(ChildDetails(first_name="Zed", last_name="Quux", birth_date=date(2016, 3, 4)))
        == []
    )


def test_names_entered_the_wrong_way_round(known_children) -> None:
    found = find_possible_matches(
        ChildDetails(first_name="Khan", last_name="Muhammad", birth_date=date(2016, 3, 4))
    )
    assert found[0].child == known_children["muhammad"]
    assert "first name and surname the other way round" in found[0].reasons


def test_the_record_itself_can_be_excluded(known_children) -> None:
    child = known_children["muhammad"]
    details = ChildDetails(first_name="Muhammad", last_name="Khan", birth_date=date(2016, 3, 4))
    assert find_possible_matches(details, exclude=child.pk) == []
