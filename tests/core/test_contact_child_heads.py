"""A head of service oversees the front door's decisions (``contact.oversee``), so they read who every
contact is about, as the MASH team does: the queue of decisions awaiting oversight had offered them
only "Say why you need to see contact N", row after row (found walking the demo as the head of
service). A restricted record stays closed to them; a manager of another team still sees a contact's
child only as they would the child's record."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core import roles
from continuum.core.models import RestrictedRecord
from continuum.core.policy import ChildAccess, may, visible_contact_children
from continuum.journey import services as s

pytestmark = pytest.mark.django_db


def test_a_head_of_service_sees_every_contacts_child_but_a_restricted_one(make_user) -> None:
    open_child = s.register_child(
        first_name="Ama", last_name="Owusu", person_birth_date=date(2015, 1, 1), by=None
    )
    kept = s.register_child(first_name="Bea", last_name="Owusu", person_birth_date=date(2016, 1, 1), by=None)
    RestrictedRecord.objects.create(child_id=kept.pk, reason="Staff member's child")
    head = make_user("head", roles.HEAD_OF_SERVICE)
    plans_manager = make_user("plans", roles.TEAM_MANAGER)

    assert may(head, "contact.child", ChildAccess(open_child.pk))
    assert not may(head, "contact.child", ChildAccess(kept.pk))
    assert visible_contact_children(head, [open_child.pk, kept.pk]) == {open_child.pk}

    assert not may(plans_manager, "contact.child", ChildAccess(open_child.pk))
    assert visible_contact_children(plans_manager, [open_child.pk, kept.pk]) == set()
