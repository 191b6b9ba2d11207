"""Case-audit actions reach their owner (findings 1, 2, 3, 7, 8 of the assurance tester's report).

The world is tests/assurance/test_services.py's ``qa_world`` on Mon 3 June 2024: Ada is held by Sam in
Intervention North (team manager Tia, head of service Hana); Ola manages Children in care South and
has no working relationship with Ada. A QA officer audits Ada and sets Ola the immediate-harm action.
Known answers by hand: an action due 1 January 2020 is before 3 June 2024, so it is refused; one due
3 June 2024 is today, so it is accepted.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from continuum.actions import services as tracker
from continuum.actions.models import Action
from continuum.assurance import services
from continuum.assurance.models import CaseAudit
from continuum.core import roles
from continuum.core.models import AccessLogEntry, HeadOfServiceTeam
from continuum.core.policy import may
from tests.assurance.test_services import TODAY, qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_assurance import filled
from tests.web.test_casework_views import client_for, day

pytestmark = pytest.mark.django_db
NOW = date(2024, 6, 3)


def qa_audit(world: dict[str, Any]) -> CaseAudit:
    """An audit of Ada given to the QA officer (as in the demo, where QA audits and sets the action)."""
    return services.start_audit(
        child=world["child"],
        tool=services.current_tool("case-file"),
        as_at=date(2024, 6, 1),
        by=world["users"]["qa"],
        auditor=world["users"]["qa"],
    )


def harm(world: dict[str, Any], audit: CaseAudit, owner: Any, due: date) -> dict[str, str]:
    return filled(
        audit,
        harm="yes",
        harm_note="Bruises not followed up",
        harm_action="Strategy discussion today; see child within 24 hours",
        harm_owner=str(owner.pk),
        **day("harm_due", due),
    )


def _errors(response: Any) -> str:
    """The error summary's text, for a failing test's message."""
    body = response.content.decode()
    start = body.find("govuk-error-summary")
    return body[start : start + 1500] if start >= 0 else "no error summary"


@pytest.fixture
def harm_set(qa_world, settings) -> dict[str, Any]:  # noqa: F811
    """QA has completed the audit with immediate harm and given the action to Ola (another team)."""
    settings.CONTINUUM_AS_OF = TODAY
    users = qa_world["users"]
    audit = qa_audit(qa_world)
    saved = client_for(users["qa"]).post(
        reverse("assurance-audit-record", args=[audit.pk]), harm(qa_world, audit, users["auditor"], NOW)
    )
    assert saved.status_code == 302, _errors(saved)
    action = Action.objects.get(owner=users["auditor"])
    return {**qa_world, "audit": audit, "action": action}


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_owner_finds_the_action_in_my_actions_and_opens_it(harm_set) -> None:
    ola, action, child = harm_set["users"]["auditor"], harm_set["action"], harm_set["child"]
    assert not may(ola, "child.view", child)  # Ola has no working relationship with Ada
    client = client_for(ola)
    mine = client.get(reverse("my-actions")).content.decode()
    assert "Strategy discussion today; see child within 24 hours" in mine
    assert f"Child record {child.pk}" in mine
    assert child.display_name not in mine  # not named to someone who may not open her record
    page = client.get(reverse("action", args=[action.pk]))
    assert page.status_code == 200  # not sent to break glass
    body = page.content.decode()
    assert "Strategy discussion today; see child within 24 hours" in body
    assert f'href="{reverse("child-record", args=[child.pk])}"' in body
    assert child.display_name not in body
    assert AccessLogEntry.objects.filter(user=ola, action="action.view", record_id=str(action.pk)).exists()
    # The owner updates it there.
    done = client.post(reverse("action", args=[action.pk]), {"change": "done"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_setter_and_qa_open_the_action_without_break_glass(harm_set, make_user) -> None:  # type: ignore[no-untyped-def]
    users, action = harm_set["users"], harm_set["action"]
    for name in ("qa", "qa2"):  # the auditor who set it, and another QA officer (the QA action plan)
        page = client_for(users[name]).get(reverse("action", args=[action.pk]))
        assert page.status_code == 200, name
    # Someone with no part in it is still sent to break glass for the child, as before.
    outsider = client_for(users["analyst"])
    assert outsider.get(reverse("action", args=[action.pk])).status_code == 403
    nosy = make_user("nosy-sw", roles.SOCIAL_WORKER)
    refused = client_for(nosy).get(reverse("action", args=[action.pk]))
    assert refused.status_code == 302
    assert reverse("child-break-glass", args=[harm_set["child"].pk]) in refused["Location"]


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_managers_over_the_case_are_alerted_and_see_it_at_home(qa_world, make_user) -> None:  # noqa: F811
    users = qa_world["users"]
    head = make_user("head", roles.HEAD_OF_SERVICE)
    head.first_name, head.last_name = "Hal", "Head"
    head.save()
    HeadOfServiceTeam.objects.create(user=head, team_id=qa_world["team"].pk)
    audit = qa_audit(qa_world)
    qa = client_for(users["qa"])
    saved = qa.post(
        reverse("assurance-audit-record", args=[audit.pk]), harm(qa_world, audit, users["auditor"], NOW)
    )
    said = qa.get(saved["Location"]).content.decode()
    assert "Alerted to immediate harm, with an action due today in their actions:" in said
    assert "Hal Head (head of service)" in said
    home = client_for(head).get("/").content.decode()
    assert "Your actions" in home
    mine = client_for(head).get(reverse("my-actions")).content.decode()
    # The alert says what was found, the auditor's note (task N3); the list shortens the rest.
    assert f"Immediate harm found by case audit {audit.pk}: Bruises not followed up. Action set:" in mine


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_nobody_to_alert_is_said_not_claimed(qa_world) -> None:  # noqa: F811
    users = qa_world["users"]
    audit = qa_audit(qa_world)
    CaseAudit.objects.filter(pk=audit.pk).update(team=None)  # no team holds the case
    qa = client_for(users["qa"])
    saved = qa.post(
        reverse("assurance-audit-record", args=[audit.pk]), harm(qa_world, audit, users["auditor"], NOW)
    )
    said = qa.get(saved["Location"]).content.decode()
    assert "nobody was alerted" in said
    assert "have been alerted" not in said


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_who_takes_the_action_lists_only_casework_staff(qa_world, make_user) -> None:  # noqa: F811
    users = qa_world["users"]
    outsiders = [
        make_user(name, role)
        for name, role in [
            ("board-b", roles.BOARD_MEMBER),
            ("police-p", roles.PARTNER_POLICE),
            ("health-h", roles.PARTNER_HEALTH),
            ("education-e", roles.PARTNER_EDUCATION),
            ("admin-a", roles.SYSTEM_ADMINISTRATOR),
        ]
    ]
    head = make_user("head-h", roles.HEAD_OF_SERVICE)
    audit = qa_audit(qa_world)
    form = client_for(users["qa"]).get(reverse("assurance-audit-record", args=[audit.pk])).content.decode()
    for user in [*outsiders, users["analyst"]]:
        assert f'<option value="{user.pk}"' not in form, user.username
    for user in (users["tm"], users["sw"], users["qa"], head):
        assert f'<option value="{user.pk}"' in form, user.username
    # Posted anyway: refused beside the field, and the service refuses such an owner too.
    refused = client_for(users["qa"]).post(
        reverse("assurance-audit-record", args=[audit.pk]), harm(qa_world, audit, outsiders[0], NOW)
    )
    assert "Choose who takes the action from the list" in refused.content.decode()
    with pytest.raises(services.AssuranceError, match="works on children's cases"):
        services.add_action(audit, what="Read the plan", owner=outsiders[0], due=NOW, by=users["qa"])


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_due_date_in_the_past_is_refused_when_set_or_moved(qa_world) -> None:  # noqa: F811
    users = qa_world["users"]
    audit = qa_audit(qa_world)
    qa = client_for(users["qa"])
    url = reverse("assurance-audit-record", args=[audit.pk])
    refused = qa.post(url, harm(qa_world, audit, users["tm"], date(2020, 1, 1)))
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "The due date must be today or later" in body
    assert "Strategy discussion today; see child within 24 hours" in body  # what was typed is kept
    assert not Action.objects.exists()
    with pytest.raises(services.AssuranceError, match="today or later"):
        services.complete_audit(
            audit,
            by=users["qa"],
            immediate_harm=True,
            harm_note="Bruises",
            harm_action=services.HarmAction("See the child", users["tm"], date(2020, 1, 1)),
            section_grades={s["key"]: "good" for s in audit.tool.sections},
            overall="good",
        )
    assert qa.post(url, harm(qa_world, audit, users["tm"], NOW)).status_code == 302
    # Moving the date in the tracker: refused before today; an action already overdue stays valid.
    action = Action.objects.filter(owner=users["tm"]).order_by("pk").first()
    tm = client_for(users["tm"])
    moved = tm.post(
        reverse("action", args=[action.pk]),
        {"change": "due", **day("due", date(2020, 1, 1)), "reason": "Family away"},
    )
    assert "The due date must be today or later" in moved.content.decode()
    action.refresh_from_db()
    assert action.due_date == NOW
    old = tracker.create_action(
        source=audit,
        label="Case audit",
        what="Old",
        owner=users["tm"],
        due=NOW - timedelta(days=9),
        by=users["qa"],
    )
    assert tm.get(reverse("action", args=[old.pk])).status_code == 200


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_action_plan_lists_the_latest_closed_first_and_links_only_what_opens(qa_world) -> None:  # noqa: F811
    users = qa_world["users"]
    review = services.notify_incident(
        reference="CSPR-1", summary="Learning", notified_on=date(2024, 5, 1), by=users["qa"]
    )
    rec = services.add_action(review, what="Share the learning", owner=users["qa"], due=NOW, by=users["qa"])
    audit = qa_audit(qa_world)
    closed = []
    for n, on in enumerate([date(2024, 1, 5), date(2024, 5, 30), date(2024, 3, 2)]):
        action = services.add_action(audit, what=f"Closed {n}", owner=users["qa"], due=NOW, by=users["qa"])
        tracker.set_status(action, status="done", by=users["qa"], on=on)
        closed.append(action)
    body = client_for(users["qa"]).get(reverse("assurance-action-plan")).content.decode()
    assert body.index("Closed 1") < body.index("Closed 2") < body.index("Closed 0")  # 30 May, 2 Mar, 5 Jan
    # A manager may read a practice review's recommendation (they see the register): linked, and it opens.
    tia = client_for(users["tm"])
    link = f'href="{reverse("action", args=[rec.pk])}"'
    assert link in tia.get(reverse("assurance-action-plan")).content.decode()
    assert tia.get(reverse("action", args=[rec.pk])).status_code == 200
    # An analyst sees the plan's figures but not the review register: the line is there, unlinked.
    analyst_plan = client_for(users["analyst"]).get(reverse("assurance-action-plan")).content.decode()
    assert "Share the learning" in analyst_plan
    assert link not in analyst_plan
    assert client_for(users["analyst"]).get(reverse("action", args=[rec.pk])).status_code == 403
