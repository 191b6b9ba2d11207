"""A complaint's learning action linked to the plan it serves (an improvement-plan line or a QA action),
chosen on the learning form, and shown on both sides: the complaint page, and the plan line's and the
QA action's own pages (through the tracker action page and the ``complaints_learning`` tag)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from continuum.actions.models import Action
from continuum.assurance.models import ThematicAudit
from continuum.complaints import services as c
from continuum.complaints.models import LearningLink
from continuum.complaints.services import ComplaintRuleError
from continuum.core import roles
from continuum.improvement import services as plans
from continuum.improvement.keys import DEFAULT_KEY
from continuum.improvement.models import RagKey
from tests.complaints.conftest import a_complaint

pytestmark = pytest.mark.django_db


def _date(prefix: str, d: date) -> dict[str, str]:
    return {f"{prefix}-day": str(d.day), f"{prefix}-month": str(d.month), f"{prefix}-year": str(d.year)}


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    officer = make_user("ll-officer", roles.COMPLAINTS_OFFICER)
    manager = make_user("ll-manager", roles.TEAM_MANAGER)
    qa = make_user("ll-qa", roles.QA_OFFICER)
    plan = plans.create_plan(
        title="Children's Services Improvement Plan",
        owner_body="Children's Services",
        owner=manager,
        starts=date(2024, 1, 1),
        ends=date(2025, 3, 31),
        key=RagKey.objects.get(code=DEFAULT_KEY),
    )
    plans.add_lead(plan, "TM", manager)
    objective = plans.add_objective(plans.add_priority(plan, title="Communication with families"), "Calls")
    line = plans.add_plan_action(
        objective,
        ref="T1",
        text="Return every call from a parent within one working day",
        lead_text="TM",
        delivery_text="June 2024",
        rag="G",
        by=manager,
        rated_on=date(2024, 1, 5),
    )
    complaint = a_complaint(by=officer, author=manager)
    return {"officer": officer, "manager": manager, "qa": qa, "line": line, "complaint": complaint}


def _qa_action(world):  # type: ignore[no-untyped-def]
    """An action of the QA action plan, set from a thematic audit (no child's record)."""
    from continuum.assurance import services as assurance
    from continuum.assurance.models import AuditTool

    theme = ThematicAudit.objects.create(
        title="Recording of contacts with parents",
        kind="thematic",
        tool=AuditTool.objects.order_by("pk").first(),
        started_on=date(2024, 2, 1),
        created_by=world["qa"],
    )
    return assurance.add_action(
        theme, what="Audit call records", owner=world["qa"], due=date(2024, 6, 1), by=world["qa"]
    )


def test_the_learning_form_links_the_action_to_a_plan_line_shown_on_both_sides(client, world) -> None:  # type: ignore[no-untyped-def]
    complaint, line, manager = world["complaint"], world["line"], world["manager"]
    client.force_login(world["officer"])
    page = client.get(reverse("complaints-complaint", args=[complaint.pk])).content.decode()
    assert f'value="plan:{line.pk}"' in page
    assert "Improvement plan: Children&#x27;s Services Improvement Plan, T1: Return every call" in page
    form = {
        "form": "learning",
        "learning-learning": "Parents were not called back.",
        "learning-what": "Remind the team of the call-back standard",
        "learning-owner": str(manager.pk),
        **_date("learning-due", date(2024, 5, 31)),
        "learning-serves": f"plan:{line.pk}",
    }
    response = client.post(reverse("complaints-complaint", args=[complaint.pk]), form)
    assert response.status_code == 302
    link = LearningLink.objects.get()
    assert (link.complaint, link.plan_action, link.qa_action) == (complaint, line, None)
    assert link.learning.what == "Remind the team of the call-back standard"
    # This side: the complaint page names the plan line and links to it.
    page = client.get(reverse("complaints-complaint", args=[complaint.pk])).content.decode()
    assert reverse("improvement-action", args=[line.plan_id, line.pk]) in page
    assert "T1: Return every call from a parent within one working day" in page
    # The other side: the plan line's tracker action lists the learning, for its lead too.
    client.force_login(manager)
    page = client.get(reverse("action", args=[line.action_id])).content.decode()
    assert "Learning from complaints that serves this" in page
    assert complaint.reference in page
    assert "Remind the team of the call-back standard" in page
    # And the plan line's own page.
    page = client.get(reverse("improvement-action", args=[line.plan_id, line.pk])).content.decode()
    assert "Learning from complaints that serves this" in page
    assert "Remind the team of the call-back standard" in page
    # The learning action's own page says what it serves.
    page = client.get(reverse("action", args=[link.learning_id])).content.decode()
    assert f"This learning from complaint {complaint.reference} serves" in page


def test_a_qa_action_can_be_served_and_nothing_else(world) -> None:  # type: ignore[no-untyped-def]
    qa_action = _qa_action(world)
    complaint, officer = world["complaint"], world["officer"]
    action = c.add_learning(
        complaint,
        learning="",
        what="Check call logs",
        owner=officer,
        due=date(2024, 6, 1),
        by=officer,
        serves=qa_action,
    )
    link = LearningLink.objects.get(learning=action)
    assert link.qa_action == qa_action
    assert link.target_words == "QA action plan (QA: Recording of contacts with parents): Audit call records"
    from continuum.complaints.selectors import learning_linked_to

    assert learning_linked_to(qa_action) == [link]
    # An action that is not the QA action plan's (here, another complaint's learning) is refused,
    # and nothing is written.
    with pytest.raises(ComplaintRuleError, match="improvement plan or an action of the QA action plan"):
        c.add_learning(
            complaint,
            learning="",
            what="Another",
            owner=officer,
            due=date(2024, 6, 1),
            by=officer,
            serves=action,
        )
    assert Action.objects.filter(what="Another").count() == 0
