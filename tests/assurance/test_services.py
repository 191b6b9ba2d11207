"""The case-audit cycle through the services, on the real database: the sample, the immediate-harm
rule and its alerts, grades, the follow-up clock, moderation, the QA action plan, practice reviews.

Known answers: an Inadequate audit completed on Mon 3 June 2024 is followed up by Mon 1 July 2024
(4 weeks, the local setting); a serious incident notified on Fri 20 Dec 2024 is due its rapid review
by Wed 15 Jan 2025 (15 working days, skipping Christmas Day, Boxing Day and New Year's Day).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings

from continuum.actions.models import Action
from continuum.assurance import figures, selectors, services
from continuum.assurance.models import AuditStatus, CaseAudit, FollowUpReview, HarmAlert, ReviewStage
from continuum.core import roles
from continuum.core.models import TimescaleRule
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.web.test_casework_views import make_world

pytestmark = pytest.mark.django_db

TODAY = "2024-06-03"


@pytest.fixture
def qa_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """make_world's team and child (held by Sam, team manager Tia), a head of service, five more
    children in the team, and an auditor who manages another team."""
    world = make_world(make_user)
    users = world["users"]
    users["hos"] = make_user("hos", roles.TEAM_MANAGER)
    create_worker(
        first_name="Hana",
        last_name="Head",
        start_date=date(2020, 1, 1),
        team=world["team"],
        role="service_manager",
        user=users["hos"],
    )
    other = create_team(name="Children in care South", team_type=TeamType.CHILDREN_IN_CARE)
    users["auditor"] = make_user("auditor", roles.TEAM_MANAGER)
    create_worker(
        first_name="Ola",
        last_name="Auditor",
        start_date=date(2020, 1, 1),
        team=other,
        role="team_manager",
        user=users["auditor"],
    )
    users["qa2"] = make_user("qa2", roles.QA_OFFICER)
    world["others"] = []
    for n in range(5):
        child = s.register_child(
            first_name="Kid", last_name=f"Number{n}", person_birth_date=date(2012, 1, 1), by=None
        )
        s.open_referral(
            child=child,
            cin_referral_date=date(2024, 2, 1),
            referral_source="6",
            primary_need_code="N1",
            by=None,
        )
        s.allocate(child=child, team=world["team"], worker=world["kit"], start_date=date(2024, 2, 1), by=None)
        world["others"].append(child)
    world["other_team"] = other
    return world


def tool():  # type: ignore[no-untyped-def]
    return services.current_tool("case-file")


def all_grades(audit: CaseAudit, grade: str) -> dict[str, str]:
    return {section["key"]: grade for section in audit.tool.sections}


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_programme_samples_reproducibly_and_leaves_out_recent_audits(qa_world) -> None:
    qa = qa_world["users"]["qa"]
    live = selectors.live_cases([qa_world["team"].pk])
    assert {c.status for c in live} == {"CIN"}
    assert len(live) == 6
    # Ada was audited in March: within six months of June, so she is left out.
    services.start_audit(child=qa_world["child"], tool=tool(), as_at=date(2024, 3, 1), by=qa)
    june = services.create_programme(
        month=date(2024, 6, 1), target=4, team_ids=[qa_world["team"].pk], seed=11, by=qa
    )
    proposed = services.propose_sample(june)
    assert len(proposed) == 4
    assert qa_world["child"].pk not in {a.child_id for a in proposed}
    assert {a.as_at for a in proposed} == {date(2024, 6, 3)}
    # The same seed over the same record gives the same children.
    again = services.create_programme(
        month=date(2024, 5, 1), target=4, team_ids=[qa_world["team"].pk], seed=11, by=qa
    )
    CaseAudit.objects.filter(programme=june).update(status=AuditStatus.WITHDRAWN)
    assert {a.child_id for a in services.propose_sample(again)} == {a.child_id for a in proposed}
    # QA adds Ada by hand all the same; twice is refused.
    services.add_case(june, child=qa_world["child"], by=qa)
    with pytest.raises(services.AssuranceError, match="already in this month's programme"):
        services.add_case(june, child=qa_world["child"], by=qa)


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_immediate_harm_needs_an_action_and_alerts_the_managers_at_once(qa_world) -> None:
    users = qa_world["users"]
    audit = services.start_audit(child=qa_world["child"], tool=tool(), as_at=date(2024, 6, 3), by=users["qa"])
    with pytest.raises(services.AssuranceError, match="own team's cases"):
        services.assign(audit, auditor=users["tm"], by=users["qa"])
    services.assign(audit, auditor=users["auditor"], by=users["qa"])
    grades = all_grades(audit, "requires_improvement")
    with pytest.raises(services.AssuranceError, match="immediate harm"):
        services.complete_audit(
            audit, by=users["auditor"], immediate_harm=None, section_grades=grades, overall="good"
        )
    with pytest.raises(services.AssuranceError, match="set the action to take now"):
        services.complete_audit(
            audit,
            by=users["auditor"],
            immediate_harm=True,
            harm_note="Bruising unexplained",
            section_grades=grades,
            overall="inadequate",
        )
    with pytest.raises(services.AssuranceError, match="Grade every section"):
        services.complete_audit(
            audit, by=users["auditor"], immediate_harm=False, section_grades={}, overall="good"
        )
    services.complete_audit(
        audit,
        by=users["auditor"],
        immediate_harm=True,
        harm_note="Bruising seen on the last visit was not followed up.",
        harm_action=services.HarmAction("Strategy discussion today", users["tm"], date(2024, 6, 3)),
        section_grades=grades,
        overall="inadequate",
    )
    alerts = {(a.to.username, a.as_role) for a in HarmAlert.objects.filter(audit=audit)}
    assert alerts == {("tm", "Team manager"), ("hos", "Head of service")}
    owners = sorted(Action.objects.filter(source_id=audit.pk).values_list("owner__username", "due_date"))
    assert owners == [("hos", date(2024, 6, 3)), ("tm", date(2024, 6, 3)), ("tm", date(2024, 6, 3))]
    # Inadequate: the follow-up is due 4 weeks later (the local setting), Mon 1 July 2024.
    assert FollowUpReview.objects.get(audit=audit).due_on == date(2024, 7, 1)
    # A council that follows up within 2 weeks changes one row.
    TimescaleRule.objects.filter(code="case_audit_follow_up").update(interval=2)
    assert services.due_date(services.clock_rule("case_audit_follow_up"), date(2024, 6, 3)) == date(
        2024, 6, 17
    )


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_moderation_discussion_follow_up_and_the_action_plan(qa_world) -> None:
    users = qa_world["users"]
    audit = services.start_audit(
        child=qa_world["child"], tool=tool(), as_at=date(2024, 6, 1), by=users["qa"], auditor=users["auditor"]
    )
    services.complete_audit(
        audit,
        by=users["auditor"],
        immediate_harm=False,
        section_grades=all_grades(audit, "inadequate"),
        overall="inadequate",
        on=date(2024, 6, 3),
    )
    services.record_discussion(
        audit,
        on=date(2024, 6, 3),
        with_whom="Sam Worker",
        note="Sam agreed the plan has drifted.",
        actions=[("Update the CIN plan with SMART outcomes", users["sw"], date(2024, 6, 14))],
        by=users["auditor"],
    )
    services.record_feedback(
        audit, how="phone", from_whom="Mother", said="We never know who is coming.", by=users["auditor"]
    )
    with pytest.raises(services.AssuranceError, match="does not moderate their own"):
        services.moderate(audit, grade="inadequate", note="", by=users["auditor"])
    with pytest.raises(services.AssuranceError, match="Say why the moderated grade differs"):
        services.moderate(audit, grade="requires_improvement", note="", by=users["qa"])
    services.moderate(audit, grade="requires_improvement", note="Risk was responded to.", by=users["qa"])
    audit.refresh_from_db()
    assert (audit.overall_grade, audit.moderated_grade) == ("inadequate", "requires_improvement")
    follow_up = audit.follow_up
    services.record_follow_up(
        follow_up,
        done_on=date(2024, 6, 3),
        grade="requires_improvement",
        result="Plan updated",
        by=users["qa"],
    )
    [row] = figures.rows(date(2024, 6, 1), date(2024, 6, 30))
    assert figures.follow_up_result(row) == "improved"
    assert figures.agreement([row]) == figures.Agreement(0, 1)
    plan = figures.qa_actions()
    assert [a.what for a in plan] == ["Update the CIN plan with SMART outcomes"]
    assert figures.action_figures(date(2024, 6, 17)) == figures.ActionFigures(open=1, overdue=1, done=0)


@override_settings(CONTINUUM_AS_OF="2025-01-20")
def test_the_rapid_review_clock_and_the_review_to_its_end(qa_world) -> None:
    qa = qa_world["users"]["qa"]
    assert services.rapid_review_due(date(2024, 9, 2)) == date(2024, 9, 23)
    assert services.rapid_review_due(date(2024, 12, 20)) == date(2025, 1, 15)
    review = services.notify_incident(
        reference="Child G", summary="Serious injury to an infant.", notified_on=date(2024, 12, 20), by=qa
    )
    services.record_rapid_review(
        review, held_on=date(2025, 1, 14), decision="cspr", reason="Learning for the partnership", by=qa
    )
    rec = services.add_action(
        review, what="Embed the unborn protocol", owner=qa, due=date(2025, 6, 30), by=qa
    )
    services.move_review(review, stage=ReviewStage.PUBLISHED, published_on=date(2025, 1, 17), by=qa)
    with pytest.raises(services.AssuranceError, match="Every recommendation"):
        services.move_review(review, stage=ReviewStage.CLOSED, by=qa)
    from continuum.actions import services as action_services

    action_services.set_status(rec, status="done", by=qa, reason="Protocol in the partnership's procedures")
    services.move_review(review, stage=ReviewStage.CLOSED, by=qa)
    assert rec.source_label == "Practice review Child G"


@pytest.fixture
def campaign(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A Section 11 round asking three organisations, each with a partner member signing in for it."""
    from continuum.assurance.models import PartnerOrganisation

    members = {}
    orgs = []
    for name in ("Barnet Police", "Royal Free Hospital", "Barnet Homes"):
        org = PartnerOrganisation.objects.create(name=name, sector="Statutory")
        slug = name.split()[1].lower()
        members[slug] = make_user(f"pm-{slug}", roles.PARTNER_MEMBER)
        org.members.add(members[slug])
        orgs.append(org)
    qa = make_user("qa-s11", roles.QA_OFFICER)
    c = services.open_campaign(
        title="Section 11 self-assessment 2024",
        opened_on=date(2024, 9, 2),
        due_on=date(2024, 10, 31),
        organisation_ids=[o.pk for o in orgs],
    )
    return {"campaign": c, "members": members, "orgs": orgs, "qa": qa}


def full_ratings(rag: str = "green") -> dict[str, dict[str, str]]:
    return {
        key: {"rag": rag, "evidence": "Policy reviewed 2024"} for key, _text in services.SECTION_11_STANDARDS
    }


@override_settings(CONTINUUM_AS_OF="2024-10-15")
def test_section_11_returns_feedback_and_the_response_rate(campaign) -> None:
    c = campaign["campaign"]
    police = c.returns.get(organisation__name="Barnet Police")
    partial = full_ratings()
    partial.pop("training")
    with pytest.raises(services.AssuranceError, match="Rate every standard"):
        services.submit_return(police, ratings=partial, by=campaign["members"]["police"])
    ratings = full_ratings()
    ratings["culture"]["rag"] = "amber"
    services.submit_return(police, ratings=ratings, by=campaign["members"]["police"])
    with pytest.raises(services.AssuranceError, match="already been submitted"):
        services.submit_return(police, ratings=ratings, by=campaign["members"]["police"])
    services.give_feedback(police, feedback="Publicise the training offer more widely.", by=campaign["qa"])
    got = figures.section11_figures()
    assert (got.returned, got.asked) == (1, 3)
    assert got.rags == {"green": 7, "amber": 1}
    homes = c.returns.get(organisation__name="Barnet Homes")
    with pytest.raises(services.AssuranceError, match="Feedback follows a submitted return"):
        services.give_feedback(homes, feedback="x", by=campaign["qa"])
    # A partner member sees only their own organisation's returns.
    from continuum.core.policy import may

    assert may(campaign["members"]["police"], "assurance.section11", police)
    assert not may(campaign["members"]["homes"], "assurance.section11", police)
    assert not may(campaign["members"]["police"], "child.view")
