"""The clash message says what someone else changed in words a worker reads: a yes/no set to no reads
"No" (it read "not set"), set to yes reads "Yes", and only nothing at all reads "not set". Checked on a
real versioned change of a relationship through the journey service and the change form's token."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey import services as s
from continuum.people.models import Relationship
from continuum.web.children.family_forms import RELATIONSHIP_SEEN, ChangeRelationshipForm
from continuum.web.children.recording_forms import seen_token, what_changed
from tests.web.test_casework_views import make_world


@pytest.mark.django_db
def test_someone_else_sets_a_yes_to_no_and_a_no_to_yes(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    rel = s.add_family_member(
        child=world["child"],
        relationship_type="father",
        first_name="Dan",
        sex="M",
        parental_responsibility=True,
        start_date=date(2010, 6, 1),
        by=None,
    )
    token = ChangeRelationshipForm.opening(rel).initial["seen_state"]
    # Someone else saves first: parental responsibility yes -> no, main carer no -> yes.
    now = s.change_relationship(
        relationship=rel,
        expected_version=rel.version,
        parental_responsibility=False,
        is_main_carer=True,
        by=world["users"]["sw"],
    )
    assert now.version == rel.version + 1
    assert what_changed(token, now, RELATIONSHIP_SEEN) == [
        "Parental responsibility is now: No",
        "Main carer is now: Yes",
    ]
    # Ended by them too: the date; nothing else read as changed.
    seen = seen_token(now, RELATIONSHIP_SEEN)
    ended = s.change_relationship(
        relationship=now, expected_version=now.version, end_date=date(2024, 1, 5), by=None
    )
    assert what_changed(seen, ended, RELATIONSHIP_SEEN) == ["Date the relationship ended is now: 5 Jan 2024"]


def test_only_nothing_at_all_reads_not_set() -> None:
    fields = {"end_date": "Date the relationship ended", "relationship_type": "Relationship"}
    token = seen_token(Relationship(end_date=date(2024, 1, 5), relationship_type="mother"), fields)
    assert what_changed(token, Relationship(end_date=None, relationship_type=""), fields) == [
        "Date the relationship ended is now: not set",
        "Relationship is now: not set",
    ]
    # A choice reads as its label; an unchanged value is not mentioned.
    token = seen_token(Relationship(relationship_type="mother"), fields)
    assert what_changed(token, Relationship(relationship_type="father"), fields) == [
        "Relationship is now: Father"
    ]
