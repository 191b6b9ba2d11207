"""Children, their families and addresses, and who holds their case.

These live with the journey services (not in ``people``) because every change
to a child belongs in the child's chronology, which the journey app keeps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from continuum.core import clock
from continuum.journey.errors import Rule
from continuum.journey.services._base import begin, fmt, lock, save_changes, snapshot
from continuum.people.models import (
    UPN_REGEX,
    Address,
    Allocation,
    AllocationRole,
    Child,
    ChildAddress,
    FamilyMember,
    Relationship,
    RelationshipType,
    Team,
    Worker,
)


def changed_values(current: Any, **values: Any) -> dict[str, Any]:
    """The update arguments that were given and differ from ``current``'s fields.

    Update services take every field as optional (``UNSET`` when not given), and
    write and record only what really changes.
    """
    return {k: v for k, v in values.items() if v is not UNSET and getattr(current, k) != v}


class _Unset:
    """Marks an update argument that was not given (None is a real value for dates)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

_CODED_CHILD_FIELDS = ("sex", "ethnicity", "disabilities", "upn_unknown", "uasc", "uasc_ceased_date")


def _check_child_codes(
    step: Any,
    *,
    sex: str,
    ethnicity: str,
    disabilities: Sequence[str],
    upn: str,
    former_upn: str,
    upn_unknown: str,
) -> None:
    step.check_code("Sex", sex, "sex")
    step.check_code("Ethnicity", ethnicity, "ethnicity")
    for code in disabilities:
        step.check_code("Disability", code, "disability")
    if "NONE" in disabilities and len(disabilities) > 1:
        step.fail(
            Rule.INVALID_CODE, "a child recorded with no disability (NONE) cannot also have a disability."
        )
    for value, what in ((upn, "unique pupil number"), (former_upn, "former unique pupil number")):
        if value and not re.match(UPN_REGEX, value):
            step.fail(
                Rule.INVALID_CODE,
                f"{value!r} is not a valid {what} (a letter, 11 digits, then a digit or letter).",
            )
    step.check_code("UPNunknown", upn_unknown, "UPN unknown", blank_ok=True)


@transaction.atomic
def register_child(
    *,
    first_name: str = "",
    last_name: str = "",
    person_birth_date: date | None = None,
    expected_person_birth_date: date | None = None,
    sex: str = "U",
    ethnicity: str = "NOBT",
    disabilities: Sequence[str] = (),
    upn: str = "",
    former_upn: str = "",
    upn_unknown: str = "",
    uasc: bool = False,
    la_child_id: str | None = None,
    by: User | None,
) -> Child:
    """Record a child (or an unborn child, with an expected date of birth only)."""
    step = begin("register_child", "record a new child", child=None, by=by)
    if person_birth_date is None and expected_person_birth_date is None:
        step.fail(
            Rule.MISSING_VALUE, "give a date of birth or, for an unborn child, an expected date of birth."
        )
    step.check_date(person_birth_date, "date of birth")
    _check_child_codes(
        step,
        sex=sex,
        ethnicity=ethnicity,
        disabilities=disabilities,
        upn=upn,
        former_upn=former_upn,
        upn_unknown=upn_unknown,
    )
    child = Child(
        first_name=first_name,
        last_name=last_name,
        person_birth_date=person_birth_date,
        expected_person_birth_date=expected_person_birth_date,
        sex=sex,
        ethnicity=ethnicity,
        disabilities=list(disabilities),
        upn=upn,
        former_upn=former_upn,
        upn_unknown=upn_unknown,
        uasc=uasc,
    )
    if la_child_id:
        child.la_child_id = la_child_id
    child.save()
    step.child = child
    step.record(
        what="Child recorded" + (" (unborn)" if child.is_unborn else ""),
        record=child,
        occurred_on=None,
        after={**snapshot(child, _CODED_CHILD_FIELDS), "unborn": child.is_unborn},
    )
    return child


@transaction.atomic
def update_child(
    *,
    child: Child,
    expected_version: int,
    by: User | None,
    first_name: str = UNSET,
    last_name: str = UNSET,
    person_birth_date: date | None = UNSET,
    expected_person_birth_date: date | None = UNSET,
    sex: str = UNSET,
    ethnicity: str = UNSET,
    disabilities: Sequence[str] = UNSET,
    upn: str = UNSET,
    former_upn: str = UNSET,
    upn_unknown: str = UNSET,
    uasc: bool = UNSET,
    uasc_ceased_date: date | None = UNSET,
) -> Child:
    """Correct or add to a child's details; recording a birth date marks an unborn child as born."""
    step = begin("update_child", "update the child's details", child=child, by=by)
    current = step.child
    assert current is not None
    step.check_version(current, expected_version, "child's record")
    given: dict[str, Any] = changed_values(
        current,
        first_name=first_name,
        last_name=last_name,
        person_birth_date=person_birth_date,
        expected_person_birth_date=expected_person_birth_date,
        sex=sex,
        ethnicity=ethnicity,
        disabilities=list(disabilities) if disabilities is not UNSET else UNSET,
        upn=upn,
        former_upn=former_upn,
        upn_unknown=upn_unknown,
        uasc=uasc,
        uasc_ceased_date=uasc_ceased_date,
    )
    if not given:
        return current
    merged = {
        f: given.get(f, getattr(current, f))
        for f in ("sex", "ethnicity", "disabilities", "upn", "former_upn", "upn_unknown")
    }
    _check_child_codes(step, **merged)
    new_birth = given.get("person_birth_date", current.person_birth_date)
    new_expected = given.get("expected_person_birth_date", current.expected_person_birth_date)
    if new_birth is None and new_expected is None:
        step.fail(Rule.MISSING_VALUE, "a child needs a date of birth or an expected date of birth.")
    shown = [f for f in given if f in _CODED_CHILD_FIELDS or f.endswith("birth_date")]
    before = snapshot(current, shown)
    if "person_birth_date" in given:
        # Check the new birth date against "today" and the death date, not against the old birth date.
        current.person_birth_date = None
        step.check_date(new_birth, "date of birth")
    step.check_order(new_birth, current.person_death_date, "date of birth", "date of death")
    step.check_date(given.get("uasc_ceased_date"), "date UASC status ceased")
    for field, value in given.items():
        setattr(current, field, value)
    save_changes(current, given)
    step.record(
        what="Child's details updated: " + ", ".join(sorted(given)),
        record=current,
        occurred_on=clock.today(),
        before=before,
        after=snapshot(current, shown),
    )
    return current


@transaction.atomic
def record_child_death(
    *, child: Child, person_death_date: date, expected_version: int, by: User | None
) -> Child:
    """Record that a child has died (CIN PersonDeathDate).

    Nothing can be recorded after it except an RC2 closure.
    """
    step = begin("record_child_death", "record the child's death", child=child, by=by)
    current = step.child
    assert current is not None
    step.check_version(current, expected_version, "child's record")
    step.require(
        current.person_death_date is None, Rule.ALREADY_ENDED, "a date of death is already recorded."
    )
    step.require_born()
    step.check_date(person_death_date, "date of death")
    current.person_death_date = person_death_date
    save_changes(current, ["person_death_date"])
    step.record(
        what="Child's death recorded",
        record=current,
        occurred_on=person_death_date,
        before={"person_death_date": None},
        after=snapshot(current, ["person_death_date"]),
    )
    return current


@transaction.atomic
def add_family_member(
    *,
    child: Child,
    relationship_type: str,
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    sex: str = "U",
    parental_responsibility: bool = False,
    is_main_carer: bool = False,
    lives_with_child: bool = False,
    start_date: date | None = None,
    by: User | None,
) -> Relationship:
    """Record an adult in the child's life and how they are related to the child."""
    step = begin("add_family_member", "add a family member", child=child, by=by)
    step.check_choice(RelationshipType, relationship_type, "relationship")
    step.check_code("Sex", sex, "sex")
    if birth_date is not None and birth_date > clock.today():
        step.fail(
            Rule.FUTURE_DATE, f"the family member's date of birth ({fmt(birth_date)}) is in the future."
        )
    step.check_date(start_date, "relationship start date")
    member = FamilyMember.objects.create(
        first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex
    )
    relationship = Relationship.objects.create(
        child=step.subject,
        family_member=member,
        relationship_type=relationship_type,
        parental_responsibility=parental_responsibility,
        is_main_carer=is_main_carer,
        lives_with_child=lives_with_child,
        start_date=start_date,
    )
    step.record(
        what=f"Family member added ({relationship.get_relationship_type_display()})",
        record=relationship,
        occurred_on=start_date,
        after=snapshot(
            relationship, ["family_member", "relationship_type", "parental_responsibility", "is_main_carer"]
        ),
    )
    return relationship


@transaction.atomic
def add_relationship(
    *,
    child: Child,
    relationship_type: str,
    family_member: FamilyMember | None = None,
    related_child: Child | None = None,
    parental_responsibility: bool = False,
    is_main_carer: bool = False,
    lives_with_child: bool = False,
    start_date: date | None = None,
    by: User | None,
) -> Relationship:
    """Link a child to someone already recorded: an adult, or another child (a sibling)."""
    step = begin("add_relationship", "record a relationship", child=child, by=by)
    step.check_choice(RelationshipType, relationship_type, "relationship")
    if (family_member is None) == (related_child is None):
        step.fail(Rule.MISSING_VALUE, "name either a family member or another child, not both.")
    if related_child is not None and step.child is not None and related_child.pk == step.subject.pk:
        step.fail(Rule.WRONG_CHILD, "a child cannot be related to themselves.")
    step.check_date(start_date, "relationship start date")
    relationship = Relationship.objects.create(
        child=step.subject,
        family_member=family_member,
        related_child=related_child,
        relationship_type=relationship_type,
        parental_responsibility=parental_responsibility,
        is_main_carer=is_main_carer,
        lives_with_child=lives_with_child,
        start_date=start_date,
    )
    step.record(
        what=f"Relationship recorded ({relationship.get_relationship_type_display()})",
        record=relationship,
        occurred_on=start_date,
        after=snapshot(relationship, ["family_member", "related_child", "relationship_type"]),
    )
    return relationship


#: Kinds of relationship that read the same from either child: Amir is Sara's sibling and she his.
SYMMETRIC_KINDS = frozenset({RelationshipType.SIBLING, RelationshipType.HALF_SIBLING})


def current_child_relationship(
    child: Child, related_child: Child, relationship_type: str
) -> Relationship | None:
    """The relationship of this kind already recorded, and not ended, between two children, if any.

    A sibling recorded from either child counts: the family page and the
    genogram show both directions, so a second row would show him twice.
    """
    pairs = [(child.pk, related_child.pk)]
    if relationship_type in SYMMETRIC_KINDS:
        pairs.append((related_child.pk, child.pk))
    for child_id, related_id in pairs:
        found = Relationship.objects.filter(
            child_id=child_id,
            related_child_id=related_id,
            relationship_type=relationship_type,
            end_date__isnull=True,
        ).first()
        if found is not None:
            return found
    return None


@transaction.atomic
def link_children(
    *, child: Child, related_child: Child, relationship_type: str, by: User | None
) -> Relationship:
    """Link two children unless that link is already recorded; return the link either way.

    A second contact about the same child lists the same brothers and sisters
    again: each contact must not add its own copy of a relationship the record
    already holds (the family page showed the same sibling twice).
    """
    existing = current_child_relationship(child, related_child, relationship_type)
    if existing is not None:
        return existing
    return add_relationship(
        child=child, related_child=related_child, relationship_type=relationship_type, by=by
    )


@transaction.atomic
def change_relationship(
    *,
    relationship: Relationship,
    expected_version: int,
    by: User | None,
    relationship_type: Any = UNSET,
    parental_responsibility: Any = UNSET,
    is_main_carer: Any = UNSET,
    lives_with_child: Any = UNSET,
    end_date: Any = UNSET,
) -> Relationship:
    """Change how someone is related to the child, or end the relationship (kept, with its dates).

    Refused against a version newer than the one the user saw, so two
    workers cannot silently overwrite each other; only what changes is saved
    and recorded in the chronology.
    """
    step = begin("change_relationship", "change a relationship", child=relationship.child_id, by=by)
    current = lock(Relationship, relationship.pk)
    step.check_version(current, expected_version, "relationship")
    if relationship_type is not UNSET:
        step.check_choice(RelationshipType, relationship_type, "relationship")
    if end_date is not UNSET and end_date is not None and end_date != current.end_date:
        if current.end_date is not None:
            step.fail(Rule.ALREADY_ENDED, f"the relationship already ended on {fmt(current.end_date)}.")
        step.check_date(end_date, "date the relationship ended")
        step.check_order(current.start_date, end_date, "relationship start date", "date it ended")
    changes = changed_values(
        current,
        relationship_type=relationship_type,
        parental_responsibility=parental_responsibility,
        is_main_carer=is_main_carer,
        lives_with_child=lives_with_child,
        end_date=end_date,
    )
    if not changes:
        return current
    before = snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    save_changes(current, changes)
    ended = "end_date" in changes and current.end_date is not None
    step.record(
        what=f"Relationship {'ended' if ended else 'changed'} ({current.get_relationship_type_display()})",
        record=current,
        occurred_on=current.end_date if ended else clock.today(),
        before=before,
        after=snapshot(current, changes),
    )
    return current


@transaction.atomic
def record_address(
    *,
    child: Child,
    start_date: date,
    postcode: str = "",
    ward: str = "",
    in_deprived_area: bool = False,
    line_1: str = "",
    line_2: str = "",
    town: str = "",
    address: Address | None = None,
    by: User | None,
) -> ChildAddress:
    """Record that the child moved to an address; the previous address ends that day."""
    step = begin("record_address", "record the child's address", child=child, by=by)
    step.check_date(start_date, "date of the move")
    previous = (
        ChildAddress.objects.select_for_update().filter(child=step.subject, end_date__isnull=True).first()
    )
    if previous is not None:
        step.check_order(previous.start_date, start_date, "start of the current address", "date of the move")
        previous.end_date = start_date
        save_changes(previous, ["end_date"])
    if address is None:
        address = Address.objects.create(
            line_1=line_1,
            line_2=line_2,
            town=town,
            postcode=postcode.upper().strip(),
            ward=ward,
            in_deprived_area=in_deprived_area,
        )
    lived = ChildAddress.objects.create(child=step.subject, address=address, start_date=start_date)
    step.record(
        what="Address recorded",
        record=lived,
        occurred_on=start_date,
        before={"address_id": previous.address_id} if previous else None,
        after={"address_id": address.pk, "ward": address.ward, "in_deprived_area": address.in_deprived_area},
    )
    return lived


@transaction.atomic
def allocate(
    *,
    child: Child,
    team: Team,
    start_date: date,
    worker: Worker | None = None,
    role: str = AllocationRole.CASE_HOLDER,
    previous_end_reason: str = "",
    by: User | None,
) -> Allocation:
    """Allocate a child to a worker (or to a team, unallocated) from a date.

    The child's previous open allocation in the same role ends on that date,
    with ``previous_end_reason`` (SSDA903 SW_REASON) saying why, so changes
    of worker and caseloads can be counted from these rows.
    """
    step = begin("allocate", "allocate the case", child=child, by=by)
    step.check_choice(AllocationRole, role, "allocation role")
    step.check_date(start_date, "allocation date")
    step.check_worker(worker, start_date)
    step.check_code(
        "social_worker.SW_REASON", previous_end_reason, "reason for change of worker", blank_ok=True
    )
    previous = (
        Allocation.objects.select_for_update()
        .filter(child=step.subject, role=role, end_date__isnull=True)
        .first()
    )
    before = None
    if previous is not None:
        step.check_order(
            previous.start_date, start_date, "start of the current allocation", "new allocation date"
        )
        before = snapshot(previous, ["worker", "team", "start_date"])
        previous.end_date = start_date
        previous.end_reason = previous_end_reason
        save_changes(previous, ["end_date", "end_reason"])
    allocation = Allocation.objects.create(
        child=step.subject, worker=worker, team=team, role=role, start_date=start_date
    )
    step.record(
        what="Case allocated" + (" to a worker" if worker else " to a team (unallocated)"),
        record=allocation,
        occurred_on=start_date,
        before=before,
        after=snapshot(allocation, ["worker", "team", "role", "start_date"]),
    )
    return allocation


@transaction.atomic
def end_allocation(
    *, allocation: Allocation, end_date: date, end_reason: str = "", expected_version: int, by: User | None
) -> Allocation:
    """End an allocation without a new one (for example when the case closes)."""
    step = begin("end_allocation", "end the allocation", child=allocation.child_id, by=by)
    current = lock(Allocation, allocation.pk)
    step.check_version(current, expected_version, "allocation")
    step.require(current.end_date is None, Rule.ALREADY_ENDED, "the allocation has already ended.")
    step.check_date(end_date, "end date", after_death_ok=True)
    step.check_order(current.start_date, end_date, "allocation start date", "end date")
    step.check_code("social_worker.SW_REASON", end_reason, "reason for change of worker", blank_ok=True)
    current.end_date = end_date
    current.end_reason = end_reason
    save_changes(current, ["end_date", "end_reason"])
    step.record(
        what="Allocation ended",
        record=current,
        occurred_on=end_date,
        before={"end_date": None},
        after=snapshot(current, ["end_date", "end_reason"]),
    )
    return current
