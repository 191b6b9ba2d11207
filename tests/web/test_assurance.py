"""The QA pages through the test client: every page opens for QA, a case audit is a logged view of the
child's record, the immediate-harm question refuses a "yes" without an action, and the figures drill down.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from continuum.assurance import services
from continuum.assurance.models import CaseAudit, HarmAlert
from continuum.core.models import AccessLogEntry
from tests.assurance.test_services import TODAY, qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_casework_views import client_for, day

pytestmark = pytest.mark.django_db


def audit_for(world: dict[str, Any]) -> CaseAudit:
    return services.start_audit(
        child=world["child"],
        tool=services.current_tool("case-file"),
        as_at=date(2024, 6, 1),
        by=world["users"]["qa"],
        auditor=world["users"]["auditor"],
    )


def filled(audit: CaseAudit, **more: str) -> dict[str, str]:
    data = {f"grade_{s['key']}": "requires_improvement" for s in audit.tool.sections}
    data.update({"harm": "no", "overall": "requires_improvement", "summary": "Read the plan and visits."})
    data.update(more)
    return data


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_every_qa_page_opens_for_qa(qa_world) -> None:  # noqa: F811
    qa = client_for(qa_world["users"]["qa"])
    audit = audit_for(qa_world)
    for name, args in [
        ("assurance-home", []),
        ("assurance-programme-new", []),
        ("assurance-action-plan", []),
        ("assurance-dashboard", []),
        ("assurance-reviews", []),
        ("assurance-review-new", []),
        ("assurance-audit", [audit.pk]),
        ("assurance-audit-record", [audit.pk]),
    ]:
        assert qa.get(reverse(name, args=args)).status_code == 200, name
    # A social worker has no QA pages; a partner member never sees a case audit.
    assert client_for(qa_world["users"]["sw"]).get(reverse("assurance-dashboard")).status_code == 403


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_the_auditor_reads_the_record_as_at_and_the_view_is_logged(qa_world) -> None:  # noqa: F811
    audit = audit_for(qa_world)
    auditor = client_for(qa_world["users"]["auditor"])
    page = auditor.get(reverse("assurance-audit", args=[audit.pk]))
    assert page.status_code == 200
    assert "The record as at 1 June 2024 (read-only)" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        user=qa_world["users"]["auditor"],
        action="assurance.case_audit.view",
        record_id=str(qa_world["child"].pk),
    ).exists()
    # Kit works in Ada's team, so sees her audits; an analyst sees no child record (refusal logged).
    assert (
        client_for(qa_world["users"]["sw2"]).get(reverse("assurance-audit", args=[audit.pk])).status_code
        == 200
    )
    analyst = client_for(qa_world["users"]["analyst"])
    assert analyst.get(reverse("assurance-audit", args=[audit.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(user=qa_world["users"]["analyst"], action="child.refused").exists()


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_immediate_harm_yes_without_an_action_is_refused_then_alerts(qa_world) -> None:  # noqa: F811
    audit = audit_for(qa_world)
    auditor = client_for(qa_world["users"]["auditor"])
    url = reverse("assurance-audit-record", args=[audit.pk])
    refused = auditor.post(url, filled(audit, harm="yes", harm_note="Bruises not followed up"))
    assert refused.status_code == 200
    assert "Set the action to take now: the audit cannot be saved without it" in refused.content.decode()
    saved = auditor.post(
        url,
        filled(
            audit,
            harm="yes",
            harm_note="Bruises not followed up",
            harm_action="Strategy discussion today",
            harm_owner=str(qa_world["users"]["tm"].pk),
            **day("harm_due", date(2024, 6, 3)),
        ),
    )
    assert saved.status_code == 302
    assert HarmAlert.objects.filter(audit=audit).count() == 2


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_figure_drills_down_to_its_audits(qa_world) -> None:  # noqa: F811
    audit = audit_for(qa_world)
    services.complete_audit(
        audit,
        by=qa_world["users"]["auditor"],
        immediate_harm=False,
        overall="good",
        section_grades={s["key"]: "good" for s in audit.tool.sections},
    )
    qa = client_for(qa_world["users"]["qa"])
    body = qa.get(reverse("assurance-dashboard")).content.decode()
    assert "100% (1 of 1)" in body
    assert '?from=2024-04-01&amp;to=2025-03-31">2024-25</a>' in body
    last_year = qa.get(reverse("assurance-dashboard") + "?from=2023-04-01&to=2024-03-31").content.decode()
    assert (
        'Case audits completed</th><td class="govuk-table__cell govuk-table__cell--numeric">0<' in last_year
    )
    drill = qa.get(reverse("assurance-drilldown", args=["good-or-better"])).content.decode()
    assert f"Case audit {audit.pk}" in drill
    assert qa.get(reverse("assurance-drilldown", args=["nonsense"])).status_code == 404


@override_settings(CONTINUUM_AS_OF=TODAY)
def test_a_multi_agency_audit_with_its_agencies_cases_and_actions(qa_world) -> None:  # noqa: F811
    from continuum.assurance.models import ThematicAudit

    users = qa_world["users"]
    tool = services.current_tool("multi-agency")
    theme = ThematicAudit.objects.create(
        title="Child sexual abuse",
        kind="multi_agency",
        tool=tool,
        agencies="Police\nHealth",
        started_on=date(2024, 5, 1),
        findings="Information sharing was good.",
    )
    audit = services.start_audit(
        child=qa_world["child"],
        tool=tool,
        as_at=date(2024, 5, 1),
        by=users["qa"],
        thematic=theme,
        agency="Police",
    )
    services.complete_audit(
        audit,
        by=users["qa"],
        immediate_harm=False,
        overall="good",
        section_grades={s["key"]: "good" for s in tool.sections},
    )
    services.add_action(
        theme,
        what="Multi-agency training on thresholds",
        owner=users["tm"],
        due=date(2024, 9, 1),
        by=users["qa"],
    )
    qa = client_for(users["qa"])
    assert "Child sexual abuse" in qa.get(reverse("assurance-themes")).content.decode()
    body = qa.get(reverse("assurance-theme", args=[theme.pk])).content.decode()
    assert "Police, Health" in body
    assert f"Case audit {audit.pk}</a> (Police): Good" in body
    assert "Multi-agency training on thresholds" in body
    assert audit.kind == "multi_agency"


def test_a_qa_officer_edits_a_tool_as_a_new_version(qa_world) -> None:  # noqa: F811
    from continuum.assurance.tools import as_text

    qa = client_for(qa_world["users"]["qa"])
    url = reverse("assurance-tool-edit", args=["mash-threshold"])
    current = services.current_tool("mash-threshold")
    assert "## Decision at the front door" in qa.get(url).content.decode()
    bad = qa.post(url, {"text": "## Only a title", "note": "Trying"})
    assert "The section &#x27;Only a title&#x27; has no questions" in bad.content.decode()
    text = as_text(current.sections) + "- Was the child seen within a day? | yes/no | Local standard\n"
    assert qa.post(url, {"text": text, "note": "Seen within a day added"}).status_code == 302
    new = services.current_tool("mash-threshold")
    assert (new.version, new.sections[-1]["questions"][-1]["text"]) == (2, "Was the child seen within a day?")
    assert services.current_tool("mash-threshold").pk != current.pk
    assert "Seen within a day added" in qa.get(reverse("assurance-tools")).content.decode()
    assert client_for(qa_world["users"]["tm"]).get(url).status_code == 403
