"""An immediate-harm alert reaches someone who can act on it (task N3): the head of service alerted
can open the audit the alert links to and the child's record without breaking glass, the alert says
what harm was found, and the auditor is told why the team manager was not alerted.

The world is test_qa_walk_mends.py's on Mon 3 June 2024: Bo is held by Children in Care 1, whose
team manager Cy has no sign-in (as in the demo); Hal heads Intervention North only, so before an
alert Hal cannot open Bo. Known answers worked by hand:

- The alert's recorded reason to see Bo runs from Mon 3 Jun 2024 for 30 days: to Wed 3 Jul 2024.
  On Thu 4 Jul 2024 it has ended: Hal no longer opens Bo's record, but still opens the audit that
  alerted him (the alert stays his reason to read that audit).
- Another audit, of Cal (also in Children in Care 1, no alert), stays closed to Hal: the alert opens
  the audit it points to, not every audit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from continuum.actions.models import Action
from continuum.assurance import services
from continuum.assurance.models import CaseAudit
from continuum.core import roles
from continuum.core.models import HeadOfServiceTeam, LegitimateRelationship, RestrictedRecord
from continuum.core.policy import ChildAccess, may
from continuum.journey import services as s
from tests.assurance.test_qa_walk_mends import _grades, _in_care_child, _tool
from tests.assurance.test_services import TODAY, qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_assurance import filled
from tests.web.test_casework_views import client_for, day

pytestmark = pytest.mark.django_db
NOW = date(2024, 6, 3)


def _hal(world: dict[str, Any], make_user: Any) -> User:
    """Hal Head, head of service over Intervention North (Ada's team), not over Children in Care 1."""
    hal = make_user("hal", roles.HEAD_OF_SERVICE)
    hal.first_name, hal.last_name = "Hal", "Head"
    hal.save()
    HeadOfServiceTeam.objects.create(user=hal, team_id=world["team"].pk)
    return hal


def _record_harm(world: dict[str, Any], audit: CaseAudit) -> str:
    """The QA officer records immediate harm through the form; the page it goes on to, as text."""
    qa = client_for(world["users"]["qa"])
    saved = qa.post(
        reverse("assurance-audit-record", args=[audit.pk]),
        filled(
            audit,
            harm="yes",
            harm_note="Bruises on the arm not followed up.",
            harm_action="Strategy discussion today",
            harm_owner=str(world["users"]["qa"].pk),
            **day("harm_due", NOW),
        ),
    )
    assert saved.status_code == 302
    return qa.get(saved["Location"]).content.decode()


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_head_of_service_alerted_opens_the_audit_and_the_child(qa_world, make_user) -> None:  # noqa: F811
    bo, _team = _in_care_child(qa_world, make_user)
    hal = _hal(qa_world, make_user)
    qa_user = qa_world["users"]["qa"]
    audit = services.start_audit(child=bo, tool=_tool(), as_at=NOW, by=qa_user)
    page = reverse("assurance-audit", args=[audit.pk])
    head = client_for(hal)
    assert head.get(page).status_code == 403  # before any alert: not Hal's service, no reason to read

    said = _record_harm(qa_world, audit)

    # (b) The auditor is told why only the head of service was alerted.
    assert (
        "The team manager of Children in Care 1 has no sign-in, so the head of service was alerted to "
        "immediate harm, with an action due today: Hal Head (head of service)"
    ) in said
    # (a) The alert says what was found and what was set, not only "confirm the child is safe".
    alert = Action.objects.get(owner=hal, source_id=audit.pk)
    qa_name = qa_user.get_full_name() or qa_user.get_username()
    assert alert.what == (
        f"Immediate harm found by case audit {audit.pk}: Bruises on the arm not followed up. "
        f"Action set: Strategy discussion today ({qa_name}, due 3 Jun 2024). Confirm the child is safe today."
    )
    # The audit the alert links to, and the child's record, open for Hal without breaking glass.
    assert head.get(reverse("action", args=[alert.pk])).status_code == 200
    assert head.get(page).status_code == 200
    assert head.get(reverse("child-record", args=[bo.pk])).status_code == 200
    kept = LegitimateRelationship.objects.get(user=hal, child_id=bo.pk)
    assert (kept.start_date, kept.end_date) == (date(2024, 6, 3), date(2024, 7, 3))
    assert kept.reason == f"Immediate-harm alert from case audit {audit.pk}"
    # Only those alerted are given one: not the auditor (the QA officer, also the action's owner).
    assert list(LegitimateRelationship.objects.values_list("user__username", flat=True)) == ["hal"]

    # Not every audit: Cal's audit, in the same team, with no alert, stays closed to Hal.
    cal = s.register_child(first_name="Cal", last_name="Incare", person_birth_date=date(2013, 3, 3), by=None)
    other = services.start_audit(child=cal, tool=_tool(), as_at=NOW, by=qa_user)
    assert head.get(reverse("assurance-audit", args=[other.pk])).status_code == 403


@override_settings(CONTINUUM_AS_OF="2024-07-04")
def test_after_thirty_days_the_child_closes_but_the_alerting_audit_stays_open(qa_world, make_user) -> None:  # noqa: F811
    bo, _team = _in_care_child(qa_world, make_user)
    hal = _hal(qa_world, make_user)
    with override_settings(CONTINUUM_AS_OF=TODAY):
        audit = services.start_audit(child=bo, tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
        services.complete_audit(
            audit,
            by=qa_world["users"]["qa"],
            immediate_harm=True,
            harm_note="Bruises on the arm not followed up.",
            harm_action=services.HarmAction("Strategy discussion today", qa_world["users"]["qa"], NOW),
            section_grades=_grades(audit, "inadequate"),
            overall="inadequate",
        )
        assert may(hal, "child.view", ChildAccess(bo.pk))
    assert not may(hal, "child.view", ChildAccess(bo.pk))
    assert may(hal, "assurance.case_audit", audit)


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_restricted_record_stays_with_its_named_users_alert_or_not(qa_world, make_user) -> None:  # noqa: F811
    bo, _team = _in_care_child(qa_world, make_user)
    hal = _hal(qa_world, make_user)
    RestrictedRecord.objects.create(child_id=bo.pk)
    audit = services.start_audit(child=bo, tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
    services.complete_audit(
        audit,
        by=qa_world["users"]["qa"],
        immediate_harm=True,
        harm_note="Bruises on the arm not followed up.",
        harm_action=services.HarmAction("Strategy discussion today", qa_world["users"]["qa"], NOW),
        section_grades=_grades(audit, "inadequate"),
        overall="inadequate",
    )
    assert not may(hal, "assurance.case_audit", audit)
    assert not may(hal, "child.view", ChildAccess(bo.pk))


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_when_the_team_manager_signs_in_no_reason_is_given(qa_world) -> None:  # noqa: F811
    """Ada's team: Tia, the team manager, has a sign-in and is alerted; the message gives no excuse."""
    audit = services.start_audit(child=qa_world["child"], tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
    said = _record_harm(qa_world, audit)
    assert "Alerted to immediate harm, with an action due today in their actions:" in said
    assert "has no sign-in" not in said
    assert services.unalerted_team_manager(audit) == ""
