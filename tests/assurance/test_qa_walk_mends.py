"""The QA pages the tester walked as demo-qa (task H2), mended: who an immediate-harm alert reaches,
Assign with nothing chosen, words for "None", the follow-up count's period, plain citations, tables
at 320 px, and the demo's audit actions going to someone who can open the child.

The world is test_services.py's ``qa_world`` on Mon 3 June 2024: Ada is held by Sam in Intervention
North (team manager Tia with a sign-in, Hana a service manager there); Ola manages Children in care
South. Known answers worked by hand:

- The QA figures' standing period on 3 June 2024: 1 June 2024 less 335 days is 2 July 2023, whose
  month starts 1 July 2023; so 1 Jul 2023 to 3 Jun 2024.
- An Inadequate audit completed on Fri 1 Sep 2023 is followed up by Fri 29 Sep 2023 (4 weeks): not
  done by 3 June 2024, overdue, and inside the period. One completed on Tue 10 Jan 2023 (follow-up
  due Tue 7 Feb 2023) is overdue too but outside it. The home card counted both before (2 years); the
  dashboard counts 1, and now so does the card.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from continuum.actions.models import Action
from continuum.assurance import figures, services
from continuum.assurance.models import AuditStatus, AuditTool, CaseAudit, FollowUpReview, HarmAlert
from continuum.core import roles
from continuum.core.models import HeadOfServiceTeam
from continuum.core.policy import may
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.synth.assurance import DemoUsers, ensure_demo_assurance, who_acts
from continuum.web.assurance.home_card import qa_today
from continuum.web.home_today import _Ask
from tests.assurance.test_services import TODAY, qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_assurance import filled
from tests.web.test_casework_views import client_for, day

pytestmark = pytest.mark.django_db
NOW = date(2024, 6, 3)


def _tool() -> AuditTool:
    return services.current_tool("case-file")


def _grades(audit: CaseAudit, grade: str) -> dict[str, str]:
    return {section["key"]: grade for section in audit.tool.sections}


def _in_care_child(world: dict[str, Any], make_user: Any) -> tuple[Any, Any]:
    """Bo, looked after by Children in Care 1, whose team manager Cy has no sign-in (as in the demo)."""
    team = create_team(name="Children in Care 1", team_type=TeamType.CHILDREN_IN_CARE)
    create_worker(
        first_name="Cy", last_name="Nosignin", start_date=date(2020, 1, 1), team=team, role="team_manager"
    )
    holder = create_worker(first_name="Rosa", last_name="Holder", start_date=date(2020, 1, 1), team=team)
    bo = s.register_child(first_name="Bo", last_name="Incare", person_birth_date=date(2012, 2, 2), by=None)
    s.open_referral(child=bo, cin_referral_date=date(2024, 2, 1), referral_source="6", by=None)
    s.allocate(child=bo, team=team, worker=holder, start_date=date(2024, 2, 1), by=None)
    return bo, team


def _harm(audit: CaseAudit, world: dict[str, Any]) -> CaseAudit:
    return services.complete_audit(
        audit,
        by=world["users"]["qa"],
        immediate_harm=True,
        harm_note="Bruising seen on the last visit was not followed up.",
        harm_action=services.HarmAction("Strategy discussion today", world["users"]["qa"], NOW),
        section_grades=_grades(audit, "inadequate"),
        overall="inadequate",
    )


# --- 1. Who an immediate-harm alert reaches ---------------------------------------------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_head_of_service_is_alerted_when_no_manager_signs_in(qa_world, make_user) -> None:  # noqa: F811
    """The demo's case: Bo's team manager has no sign-in; the one head of service heads Intervention
    North only. Before, nobody was alerted; now the head of service is, and the page names them."""
    bo, _team = _in_care_child(qa_world, make_user)
    head = make_user("hal", roles.HEAD_OF_SERVICE)
    head.first_name, head.last_name = "Hal", "Head"
    head.save()
    HeadOfServiceTeam.objects.create(user=head, team_id=qa_world["team"].pk)
    audit = services.start_audit(child=bo, tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
    assert audit.team is not None
    assert audit.team.name == "Children in Care 1"
    qa = client_for(qa_world["users"]["qa"])
    saved = qa.post(
        reverse("assurance-audit-record", args=[audit.pk]),
        filled(
            audit,
            harm="yes",
            harm_note="Bruises not followed up",
            harm_action="Strategy discussion today",
            harm_owner=str(qa_world["users"]["qa"].pk),
            **day("harm_due", NOW),
        ),
    )
    assert saved.status_code == 302
    assert [(a.to.username, a.as_role) for a in HarmAlert.objects.filter(audit=audit)] == [
        ("hal", "Head of service")
    ]
    said = qa.get(saved["Location"]).content.decode()
    assert "Hal Head (head of service)" in said
    assert "nobody was alerted" not in said
    assert Action.objects.filter(owner=head, source_id=audit.pk, due_date=NOW).count() == 1


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_team_manager_and_the_head_over_the_team_are_alerted_not_every_head(qa_world, make_user) -> None:  # noqa: F811
    """Ada's team: Tia (team manager, signed in) and Hana (service manager in the team); Hal heads
    the team, Mo heads another service. Tia, Hana and Hal are alerted; Mo is not (a head over the
    team is found). With the team gone from the audit, every head of service is."""
    hal = make_user("hal", roles.HEAD_OF_SERVICE)
    mo = make_user("mo", roles.HEAD_OF_SERVICE)
    HeadOfServiceTeam.objects.create(user=hal, team_id=qa_world["team"].pk)
    HeadOfServiceTeam.objects.create(user=mo, team_id=qa_world["other_team"].pk)
    audit = services.start_audit(child=qa_world["child"], tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
    assert [(u.username, role) for u, role in services.harm_alert_recipients(audit)] == [
        ("tm", "Team manager"),
        ("hos", "Head of service"),
        ("hal", "Head of service"),
    ]
    audit.team = None
    assert [(u.username, role) for u, role in services.harm_alert_recipients(audit)] == [
        ("hal", "Head of service"),
        ("mo", "Head of service"),
    ]
    # A head of service whose sign-in is switched off is not alerted.
    mo.is_active = False
    mo.save()
    assert [u.username for u, _role in services.harm_alert_recipients(audit)] == ["hal"]


# --- 2. Assign with "Choose" still selected -----------------------------------------------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_assign_with_nothing_chosen_says_so_beside_the_audit(qa_world) -> None:  # noqa: F811
    qa = client_for(qa_world["users"]["qa"])
    june = services.create_programme(
        month=date(2024, 6, 1), target=2, team_ids=[qa_world["team"].pk], seed=11, by=qa_world["users"]["qa"]
    )
    first, *_rest = services.propose_sample(june)
    page = qa.post(reverse("assurance-audit-assign", args=[first.pk]), {"auditor": ""})
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body
    assert f'<a href="#auditor-{first.pk}">Select who will audit this case</a>' in body
    assert f'id="auditor-{first.pk}-error"' in body
    assert f'aria-describedby="auditor-{first.pk}-error"' in body
    assert "<title>Error: " in body
    # The other forms on the page still post to the programme, not to the assign address.
    assert f'action="{reverse("assurance-programme", args=[june.pk])}"' in body
    first.refresh_from_db()
    assert (first.auditor_id, first.status) == (None, AuditStatus.PROPOSED)
    # An auditor the service refuses (Ada's team's own manager) is said there too.
    own = qa.post(
        reverse("assurance-audit-assign", args=[first.pk]), {"auditor": str(qa_world["users"]["tm"].pk)}
    )
    assert own.status_code == 200
    assert "Choose an auditor from another team" in own.content.decode()
    # A good choice is saved and goes back to the programme.
    done = qa.post(
        reverse("assurance-audit-assign", args=[first.pk]), {"auditor": str(qa_world["users"]["auditor"].pk)}
    )
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.auditor_id == qa_world["users"]["auditor"].pk


# --- 3. Words, not "None" ---------------------------------------------------------------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_sample_not_yet_moderated_says_so(qa_world) -> None:  # noqa: F811
    qa = qa_world["users"]["qa"]
    audit = services.start_audit(
        child=qa_world["child"],
        tool=_tool(),
        as_at=date(2024, 5, 1),
        by=qa,
        auditor=qa_world["users"]["auditor"],
    )
    services.complete_audit(
        audit,
        by=qa_world["users"]["auditor"],
        immediate_harm=False,
        section_grades=_grades(audit, "good"),
        overall="good",
        on=date(2024, 5, 20),
    )
    sample = services.draw_moderation_sample(month=date(2024, 5, 1), share=10, seed=1, by=qa)
    body = client_for(qa).get(reverse("assurance-moderation-sample", args=[sample.pk])).content.decode()
    assert 'Auditor and moderator agree</dt><dd class="govuk-summary-list__value">Not moderated yet' in body
    assert ">None<" not in body
    assert figures.percent(0, 0) == "No audits"
    assert figures.percent(1, 4) == "25% (1 of 4)"


# --- 4. The home card and the dashboard count overdue follow-ups over one period --------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_home_card_and_the_dashboard_count_the_same_overdue_follow_ups(qa_world) -> None:  # noqa: F811
    qa = qa_world["users"]["qa"]
    for child, as_at, on in (
        (qa_world["child"], date(2023, 8, 25), date(2023, 9, 1)),
        (qa_world["others"][0], date(2023, 1, 3), date(2023, 1, 10)),
    ):
        audit = services.start_audit(child=child, tool=_tool(), as_at=as_at, by=qa)
        services.complete_audit(
            audit,
            by=qa,
            immediate_harm=False,
            section_grades=_grades(audit, "inadequate"),
            overall="inadequate",
            on=on,
        )
    assert [f.due_on for f in FollowUpReview.objects.order_by("due_on")] == [
        date(2023, 2, 7),
        date(2023, 9, 29),
    ]
    assert figures.last_twelve_months(NOW) == (date(2023, 7, 1), NOW)
    client = client_for(qa)
    dashboard = client.get(reverse("assurance-dashboard")).content.decode()
    assert "in the last 12 months, from 1 July 2023 to 3 June 2024" in dashboard
    shown = {f.key: f.value for f in figures.compute(figures.rows(date(2023, 7, 1), NOW), NOW)}
    assert shown["follow-up-overdue"] == "1"
    home = client.get("/")
    body = home.content.decode()
    card = body[body.index("Follow-up reviews of Inadequate audits overdue") :][:1500]
    assert "Of case audits completed in the last 12 months, 1 Jul 2023 to 3 Jun 2024" in card
    assert "from=2023-07-01&amp;to=2024-06-03" in card
    request = home.wsgi_request
    request.user = qa
    card_lines = qa_today(_Ask(request, day=NOW)).lines  # type: ignore[union-attr]
    [line] = [line for line in card_lines if line.label.startswith("Follow-up")]
    assert line.count == 1  # the dashboard's 1, not the 2 of two years


# --- 5. Citations by the paper's name -----------------------------------------------------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_audit_questions_cite_the_paper_not_the_seed_and_say_a_plain_sentence(qa_world) -> None:  # noqa: F811
    for tool in AuditTool.objects.all():
        for section in tool.sections:
            for question in section["questions"]:
                assert "seed" not in question["checks"], (tool.code, question["checks"])
                assert "Continuum:" not in question["checks"], (tool.code, question["checks"])
    audit = services.start_audit(child=qa_world["child"], tool=_tool(), as_at=NOW, by=qa_world["users"]["qa"])
    page = client_for(qa_world["users"]["qa"]).get(reverse("assurance-audit-record", args=[audit.pk]))
    body = page.content.decode()
    assert "Checks: Barnet QA annual report 2015 4.3.1 (SMART planning)" in body
    assert "The audit keeps the records and dates it relied on, so anyone can check it later" in body
    assert "seed 00" not in body


def test_the_migration_puts_stored_citations_in_the_papers_words(qa_world) -> None:  # noqa: F811
    """A database whose tools were written before: version 1 as shipped then, with the old labels."""
    migration = importlib.import_module("continuum.assurance.migrations.0005_plain_citations")
    old = AuditTool.objects.create(
        code="old-file",
        version=1,
        name="Old case-file audit",
        kind="case_file",
        sections=[
            {
                "key": "s1",
                "title": "Planning",
                "questions": [
                    {
                        "key": "s1q1",
                        "text": "SMART plan",
                        "answer": "yes/no/partly",
                        "checks": "Barnet QA annual report 2015 (seed 002) 4.3.1 (SMART planning)",
                    },
                    {
                        "key": "s1q2",
                        "text": "Voice",
                        "answer": "yes/no/partly",
                        "checks": "Children Act 1989 s53; seed 003 (voice of the child)",
                    },
                    {
                        "key": "s1q3",
                        "text": "Relied on",
                        "answer": "text",
                        "checks": "Continuum: the audit keeps what it relied on",
                    },
                ],
            }
        ],
    )
    migration.rewrite(apps, None)
    old.refresh_from_db()
    assert [q["checks"] for q in old.sections[0]["questions"]] == [
        "Barnet QA annual report 2015 4.3.1 (SMART planning)",
        "Children Act 1989 s53; Barnet Safeguarding Children Partnership report 2019-20 (voice of the child)",
        "The audit keeps the records and dates it relied on, so anyone can check it later",
    ]
    assert [q["key"] for q in old.sections[0]["questions"]] == ["s1q1", "s1q2", "s1q3"]  # answers still fit


# --- 6. Wide tables scroll in their own labelled region ------------------------------------------


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_wide_qa_tables_are_in_labelled_scroll_regions(qa_world) -> None:  # noqa: F811
    qa = qa_world["users"]["qa"]
    june = services.create_programme(
        month=date(2024, 6, 1), target=2, team_ids=[qa_world["team"].pk], seed=11, by=qa
    )
    services.propose_sample(june)
    client = client_for(qa)
    for url, regions in (
        (reverse("assurance-dashboard"), 4),
        (reverse("assurance-reviews"), 1),
        (reverse("assurance-programme", args=[june.pk]), 1),
    ):
        body = client.get(url).content.decode()
        assert body.count('<div class="app-table-scroll" role="region" aria-label="') == regions, url
        assert body.count("<table") == regions, url


# --- 7. The demo's audit actions go to someone who can open the child ---------------------------------


@override_settings(CONTINUUM_AS_OF="2024-06-20")
def test_the_demos_audit_actions_go_to_the_childs_worker_or_their_manager(qa_world, make_user) -> None:  # noqa: F811
    """demo-social-worker holds Ada and two of Kit's children (taken over); demo-team-manager manages
    Intervention North; Bo is held in Children in Care 1, where nobody has a sign-in."""
    users = {
        "qa": make_user("demo-qa", roles.QA_OFFICER),
        "tm": make_user("demo-team-manager", roles.TEAM_MANAGER),
        "sw": make_user("demo-social-worker", roles.SOCIAL_WORKER),
    }
    team = qa_world["team"]
    demo_sw = create_worker(
        first_name="Dee", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=users["sw"]
    )
    create_worker(
        first_name="Dom",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=team,
        role="team_manager",
        user=users["tm"],
    )
    bo, _care = _in_care_child(qa_world, make_user)
    held = [qa_world["others"][0], qa_world["others"][1]]
    for child in held:
        s.allocate(child=child, team=team, worker=demo_sw, start_date=date(2024, 3, 1), by=None)
    demo = DemoUsers(users["qa"], users["tm"], users["sw"])
    audits = [CaseAudit(child_id=c.pk) for c in (*held, qa_world["child"], bo)]
    owners = who_acts(audits, demo)
    # By hand: the children demo-social-worker holds go to them or their manager; Ada (Sam's, in the
    # same team) to the manager only; Bo to nobody with a sign-in.
    assert {c: [u.username for u in us] for c, us in owners.items()} == {
        held[0].pk: ["demo-social-worker", "demo-team-manager"],
        held[1].pk: ["demo-social-worker", "demo-team-manager"],
        qa_world["child"].pk: ["demo-team-manager"],
    }
    ensure_demo_assurance(seed=3, months=3, per_month=8)
    from_audits = Action.objects.filter(source_type__model="caseaudit").select_related("owner")
    assert from_audits.exists()
    for action in from_audits:
        assert may(action.owner, "child.view", action.child_id), (action.owner.username, action.child_id)
        if action.owner == users["sw"]:
            assert action.child_id in {c.pk for c in held}
