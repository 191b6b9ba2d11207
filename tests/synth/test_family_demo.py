"""The demo's families (issue 18 point 5): every child with casework has a mother with parental
responsibility and professionals; siblings share one mother record and are linked both ways; the
same seed gives the same families; an existing database is filled once, and never twice.

Cheap: a handful of children made through the services, not a simulated borough.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from continuum.journey import services as s
from continuum.people.models import FamilyMember, Professional, Relationship, RelationshipType
from continuum.synth import family
from continuum.synth.family import ensure_demo_family, group_siblings

AS_OF = date(2026, 3, 1)


class Always(random.Random):
    """A stream whose every chance comes out yes: grouping is then decided by surnames and ages alone."""

    def random(self) -> float:
        return 0.0


def test_siblings_are_grouped_by_surname_and_age_gap() -> None:
    def kid(pk: int, last: str, born: date) -> dict:
        return {"pk": pk, "last_name": last, "person_birth_date": born}

    children = [
        kid(1, "Okafor", date(2012, 1, 1)),
        kid(2, "Okafor", date(2015, 6, 1)),
        kid(3, "Okafor", date(2015, 9, 1)),  # under a year after 2: a family of its own
        kid(4, "Smith", date(2010, 1, 1)),
        kid(5, "Smith", date(2024, 1, 1)),  # fourteen years apart: not grouped
        kid(6, "Reid", date(2011, 1, 1)),
        kid(7, "Reid", date(2013, 1, 1)),
        kid(8, "Reid", date(2015, 1, 1)),
        kid(9, "Reid", date(2017, 1, 1)),  # a group holds three at most
    ]
    groups = [[c["pk"] for c in g] for g in group_siblings(Always(), children)]
    assert groups == [[1, 2], [3], [6, 7, 8], [9], [4], [5]]


def _child(first: str, last: str, born: date, *, casework: bool = True):  # type: ignore[no-untyped-def]
    child = s.register_child(first_name=first, last_name=last, person_birth_date=born, by=None)
    if casework:
        s.open_referral(
            child=child,
            cin_referral_date=date(2025, 5, 1),
            referral_source="6",
            primary_need_code="N1",
            by=None,
        )
    return child


def _snapshot() -> list[tuple]:
    return sorted(
        Relationship.objects.values_list(
            "child_id",
            "related_child_id",
            "relationship_type",
            "parental_responsibility",
            "family_member__first_name",
            "family_member__birth_date",
        ),
        key=repr,
    )


@pytest.mark.django_db
def test_families_for_the_children_with_casework(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(family, "SIBLING_SHARE", 1.0)
    older = _child("Ada", "Okafor", date(2012, 4, 1))
    younger = _child("Ben", "Okafor", date(2015, 8, 1))
    baby = _child("Cal", "Reid", date(2024, 6, 1))
    no_casework = _child("Dee", "Okafor", date(2018, 1, 1), casework=False)

    made = ensure_demo_family(seed=7, as_of=AS_OF)
    assert made["family members"] == FamilyMember.objects.count() > 0
    assert made["relationships"] == Relationship.objects.count()
    assert made["professionals"] == Professional.objects.count()
    assert not Relationship.objects.filter(child=no_casework).exists()
    assert not Professional.objects.filter(child=no_casework).exists()
    # Every child with casework: one mother, with parental responsibility, and a GP.
    for child in (older, younger, baby):
        mother = Relationship.objects.get(child=child, relationship_type=RelationshipType.MOTHER)
        assert mother.parental_responsibility
        assert mother.family_member.sex == "F"
        assert mother.family_member.birth_date < child.person_birth_date
        assert Professional.objects.filter(child=child, role="gp").count() == 1
    # The Okafor siblings: linked both ways as child records, and their mother is ONE person.
    assert set(
        Relationship.objects.filter(related_child__isnull=False).values_list("child_id", "related_child_id")
    ) == {(older.pk, younger.pk), (younger.pk, older.pk)}
    mothers = Relationship.objects.filter(child__in=[older, younger], relationship_type="mother")
    assert len({m.family_member_id for m in mothers}) == 1
    other_mother = Relationship.objects.get(child=baby, relationship_type="mother").family_member_id
    assert other_mother not in {m.family_member_id for m in mothers}
    # By age: a school for the 13-year-old, a health visitor for the baby (under five), not the other way.
    assert Professional.objects.filter(child=older, role="school").exists()
    assert not Professional.objects.filter(child=older, role="health_visitor").exists()
    assert Professional.objects.filter(child=baby, role="health_visitor").exists()
    assert not Professional.objects.filter(child=baby, role="school").exists()

    # Never twice; and the same seed gives the same families when filled again.
    first = _snapshot()
    assert ensure_demo_family(seed=7, as_of=AS_OF) == {}
    Professional.objects.all().delete()
    Relationship.objects.all().delete()
    FamilyMember.objects.all().delete()
    ensure_demo_family(seed=7, as_of=AS_OF)
    assert _snapshot() == first
