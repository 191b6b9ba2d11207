"""The people around each demo child with casework: parents, carers, siblings and professionals
(issue 18 point 5), so the family page and its genogram show a family in ``./run demo``.

Why written from the loaded record, after the borough: the simulator models
children's journeys, not families, and its random streams (so every
simulated figure) stay as they were. Everything here comes from its own
stream, seeded from the demo seed, so the same borough always gets the same
families.

Who is whose sibling: children with casework who share a surname, born one to
twelve years apart, are grouped (up to three) into one family. A sibling on
our books is linked as their own child record, both ways; a sibling who is
not (an adult brother or sister) is ONE family member record related to each
child of the group, and so is the mother (and a shared father), so a sibling
group is one query on the person, not matching free text.

Written with ``bulk_create`` (a few statements for the whole borough); no
chronology events, as for the rest of the loaded history.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from continuum.people.models import (
    Child,
    FamilyMember,
    Professional,
    ProfessionalRole,
    Relationship,
    RelationshipType,
)
from continuum.synth import names

#: How often a child sharing a surname with an older child with casework is made their sibling.
SIBLING_SHARE = 0.6
MAX_GROUP = 3
#: Birth gaps between siblings of one group, in days (one to twelve years).
SIBLING_GAP = (365, 12 * 365)
FATHER_RECORDED = 0.8
FATHER_HAS_PR = 0.85
FATHER_LIVES_WITH = 0.4
MOTHER_LIVES_WITH = 0.85
PARTNER = 0.15
GRANDPARENT = 0.3
ADULT_SIBLING = 0.2
POLICE_CONTACT = 0.1

SURGERIES = ("Hale Lane Surgery", "Parkside Medical Centre", "The Green Practice", "Station Road Surgery")
HEALTH_VISITING = "Health visiting service (0-19 team)"
POLICE = "Borough police safeguarding unit"


def ensure_demo_family(*, seed: int, as_of: date) -> dict[str, int]:
    """Create the families and professionals once; what was made, or {} if any already existed.

    Also fills an existing demo database on its next start (the areas' rule):
    it runs whenever the borough holds no family members and no professionals.
    """
    if FamilyMember.objects.exists() or Professional.objects.exists():
        return {}
    children = list(
        Child.objects.filter(cin_episodes__isnull=False, person_birth_date__isnull=False)
        .distinct()
        .order_by("pk")
        .values("pk", "first_name", "last_name", "person_birth_date", "sex", "ethnicity")
    )
    if not children:
        return {}
    rng = random.Random(f"family-{seed}")  # noqa: S311  (synthetic data, not security)
    families = group_siblings(rng, children)
    with transaction.atomic():
        return _write(rng, families, as_of)


def group_siblings(rng: random.Random, children: list[dict]) -> list[list[dict]]:
    """Children in families: each surname's children, oldest first, grouped as siblings by chance."""
    by_surname: dict[str, list[dict]] = defaultdict(list)
    for child in children:
        by_surname[child["last_name"] or f"#{child['pk']}"].append(child)
    families: list[list[dict]] = []
    for surname in sorted(by_surname):
        group: list[dict] = []
        for child in sorted(by_surname[surname], key=lambda c: (c["person_birth_date"], c["pk"])):
            gap = (child["person_birth_date"] - group[-1]["person_birth_date"]).days if group else 0
            joins = (
                group
                and len(group) < MAX_GROUP
                and SIBLING_GAP[0] <= gap <= SIBLING_GAP[1]
                and rng.random() < SIBLING_SHARE
            )
            if joins:
                group.append(child)
            else:
                if group:
                    families.append(group)
                group = [child]
        families.append(group)
    return families


def _years_before(rng: random.Random, day: date, low: int, high: int) -> date:
    return day - timedelta(days=rng.randint(low * 365, high * 365))


def _adult(rng: random.Random, sex: str, ethnicity: str, surname: str, born: date) -> FamilyMember:
    return FamilyMember(
        first_name=names.forename(rng, sex, ethnicity), last_name=surname, birth_date=born, sex=sex
    )


def _write(rng: random.Random, families: list[list[dict]], as_of: date) -> dict[str, int]:
    planned: list[tuple[FamilyMember, list[Relationship]]] = []
    between_children: list[Relationship] = []
    professionals: list[Professional] = []
    for group in families:
        eldest = group[0]
        ethnicity, surname = eldest["ethnicity"], eldest["last_name"]
        born = eldest["person_birth_date"]

        mother_home = rng.random() < MOTHER_LIVES_WITH
        _relate(
            planned,
            group,
            RelationshipType.MOTHER,
            _adult(rng, "F", ethnicity, surname, _years_before(rng, born, 17, 38)),
            parental_responsibility=True,
            lives_with_child=mother_home,
            is_main_carer=mother_home,
        )
        if rng.random() < FATHER_RECORDED:
            father_home = rng.random() < FATHER_LIVES_WITH
            _relate(
                planned,
                group,
                RelationshipType.FATHER,
                _adult(rng, "M", ethnicity, surname, _years_before(rng, born, 18, 45)),
                parental_responsibility=rng.random() < FATHER_HAS_PR,
                lives_with_child=father_home,
                is_main_carer=father_home and not mother_home,
            )
        if rng.random() < PARTNER:
            forename, last = names.person_name(rng, "M", ethnicity)
            partner = FamilyMember(
                first_name=forename, last_name=last, birth_date=_years_before(rng, as_of, 22, 50), sex="M"
            )
            _relate(
                planned,
                group,
                RelationshipType.PARENT_PARTNER,
                partner,
                lives_with_child=mother_home,
                since=_years_before(rng, as_of, 0, 3),
            )
        if rng.random() < GRANDPARENT:
            _relate(
                planned,
                group,
                RelationshipType.GRANDPARENT,
                _adult(rng, "F", ethnicity, surname, _years_before(rng, born, 40, 65)),
            )
        if rng.random() < ADULT_SIBLING:
            sex = rng.choice("MF")
            _relate(
                planned,
                group,
                RelationshipType.SIBLING,
                _adult(rng, sex, ethnicity, surname, _years_before(rng, as_of, 18, 26)),
                lives_with_child=rng.random() < 0.3,
            )
        for a in group:
            for b in group:
                if a is not b:
                    between_children.append(
                        Relationship(
                            child_id=a["pk"],
                            related_child_id=b["pk"],
                            relationship_type=RelationshipType.SIBLING,
                            lives_with_child=True,
                            start_date=max(a["person_birth_date"], b["person_birth_date"]),
                        )
                    )
        for child in group:
            professionals.extend(_professionals(rng, child, as_of))
    members = FamilyMember.objects.bulk_create([person for person, _ in planned], batch_size=2000)
    rows: list[Relationship] = []
    for member, (_, relationships) in zip(members, planned, strict=True):
        for rel in relationships:
            rel.family_member_id = member.pk
            rows.append(rel)
    Relationship.objects.bulk_create([*rows, *between_children], batch_size=2000)
    Professional.objects.bulk_create(professionals, batch_size=2000)
    return {
        "family members": len(members),
        "relationships": len(rows) + len(between_children),
        "professionals": len(professionals),
    }


def _relate(
    planned: list[tuple[FamilyMember, list[Relationship]]],
    group: list[dict],
    kind: str,
    person: FamilyMember,
    *,
    since: date | None = None,
    **flags: bool,
) -> None:
    """``person`` related to every child of the group: one person record, one row per child."""
    rows = [
        Relationship(
            child_id=c["pk"],
            relationship_type=kind,
            start_date=max(since or c["person_birth_date"], c["person_birth_date"]),
            **flags,
        )
        for c in group
    ]
    planned.append((person, rows))


def _professionals(rng: random.Random, child: dict, as_of: date) -> list[Professional]:
    """The child's GP; school or nursery by age; a health visitor under five; sometimes a police contact."""
    born: date = child["person_birth_date"]
    age = (as_of - born).days // 365
    if born > as_of:
        return []
    out = [
        Professional(
            child_id=child["pk"],
            role=ProfessionalRole.GP,
            name=f"Dr {names.forename(rng, rng.choice('MF'))} {names.surname(rng)}",
            organisation=rng.choice(SURGERIES),
            phone=f"020 7946 0{rng.randrange(100, 1000)}",
            start_date=born,
        )
    ]
    if 2 <= age <= 17:
        entry = 11 if age >= 11 else 4 if age >= 4 else 2
        out.append(
            Professional(
                child_id=child["pk"],
                role=ProfessionalRole.SCHOOL,
                name=f"{names.forename(rng, 'F')} {names.surname(rng)}, designated safeguarding lead",
                organisation=names.school_name(rng),
                phone=f"020 7946 1{rng.randrange(100, 1000)}",
                start_date=min(
                    as_of, date(born.year + entry, 9, 1) if entry > 2 else born + timedelta(days=730)
                ),
            )
        )
    if age < 5:
        out.append(
            Professional(
                child_id=child["pk"],
                role=ProfessionalRole.HEALTH_VISITOR,
                name=f"{names.forename(rng, 'F')} {names.surname(rng)}",
                organisation=HEALTH_VISITING,
                start_date=born,
            )
        )
    if age >= 10 and rng.random() < POLICE_CONTACT:
        out.append(
            Professional(
                child_id=child["pk"],
                role=ProfessionalRole.POLICE,
                name=f"DC {names.surname(rng)}",
                organisation=POLICE,
                start_date=_years_before(rng, as_of, 0, 2),
            )
        )
    return out
