"""The moderation sample on the real database, and the VCFS checklist from its versioned tool.

Known answers: in May 2024 the auditor completed four audits (one Inadequate) and QA one; a June
thematic audit is not sampled. At 10% each auditor gets one drawn audit besides the Inadequate one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings

from continuum.assurance import services, tools
from continuum.assurance.models import AuditStatus, CaseAudit, ModerationPick, ThematicAudit
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db


def completed(
    world: dict[str, Any], child: Any, auditor: Any, grade: str, on: date, **more: Any
) -> CaseAudit:
    return CaseAudit.objects.create(
        tool=services.current_tool("case-file"),
        child=child,
        as_at=on,
        auditor=auditor,
        status=AuditStatus.COMPLETED,
        overall_grade=grade,
        completed_on=on,
        **more,
    )


@pytest.fixture
def may_audits(qa_world) -> dict[str, Any]:  # noqa: F811
    users, kids = qa_world["users"], [qa_world["child"], *qa_world["others"]]
    by_auditor = [
        completed(qa_world, kids[n], users["auditor"], grade, date(2024, 5, 10 + n))
        for n, grade in enumerate(["good", "requires_improvement", "good", "inadequate"])
    ]
    by_qa = completed(qa_world, kids[4], users["qa"], "good", date(2024, 5, 31))
    theme = ThematicAudit.objects.create(
        title="Neglect", kind="thematic", tool=services.current_tool("case-file"), started_on=date(2024, 5, 1)
    )
    completed(qa_world, kids[5], users["auditor"], "inadequate", date(2024, 5, 20), thematic=theme)
    completed(qa_world, kids[5], users["auditor"], "good", date(2024, 6, 1))  # June: another month
    return {**qa_world, "by_auditor": by_auditor, "by_qa": by_qa}


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_a_months_moderation_sample_is_drawn_once_from_its_completed_audits(may_audits) -> None:
    qa = may_audits["users"]["qa2"]
    sample = services.draw_moderation_sample(month=date(2024, 5, 17), share=10, seed=9, by=qa)
    assert sample.month == date(2024, 5, 1)
    picks = {p.audit_id: p.reason for p in ModerationPick.objects.filter(sample=sample)}
    inadequate = may_audits["by_auditor"][3]
    assert picks[inadequate.pk] == "inadequate"
    # One more of the auditor's three others, and QA's only audit; no thematic or June audit.
    others = {a.pk for a in may_audits["by_auditor"][:3]}
    assert len(picks) == 3
    assert len(set(picks) & others) == 1
    assert picks[may_audits["by_qa"].pk] == "share"
    # The same audits and seed give the same picks.
    again = services.moderation_candidates(date(2024, 5, 1))
    from continuum.assurance import sampling

    assert dict(sampling.moderation_sample(again, 10, 9)) == picks
    with pytest.raises(services.AssuranceError, match="already been drawn"):
        services.draw_moderation_sample(month=date(2024, 5, 1), share=10, seed=1, by=qa)
    with pytest.raises(services.AssuranceError, match="once the month has ended"):
        services.draw_moderation_sample(month=date(2024, 6, 1), share=10, seed=1, by=qa)
    with pytest.raises(services.AssuranceError, match="No case audits were completed"):
        services.draw_moderation_sample(month=date(2024, 4, 1), share=10, seed=1, by=qa)
    with pytest.raises(services.AssuranceError, match="from 1 to 100"):
        services.draw_moderation_sample(month=date(2024, 3, 1), share=0, seed=1, by=qa)


@override_settings(CONTINUUM_AS_OF="2024-10-15")
def test_a_vcfs_round_asks_the_current_version_of_the_checklist_tool(qa_world) -> None:  # noqa: F811
    from continuum.assurance.models import PartnerOrganisation

    org = PartnerOrganisation.objects.create(name="Hendon Youth Club", sector="Voluntary")
    first = services.open_campaign(
        title="VCFS 2024",
        opened_on=date(2024, 9, 2),
        due_on=date(2024, 10, 31),
        organisation_ids=[org.pk],
        checklist="vcfs",
    )
    assert len(first.standards) == 12
    assert first.standards[0]["key"] == "s1q1"
    assert first.standards[0]["section"] == "Leadership and policy"
    assert "Charity Commission" in first.standards[0]["checks"]
    # QA adds a question: the next round asks it; the first round keeps the questions it asked.
    text = tools.as_text(services.current_tool("vcfs").sections) + (
        "- Volunteers under 18 are supervised | red/amber/green | Local VCFS standard\n"
    )
    services.save_tool_version(code="vcfs", text=text, note="Young volunteers", by=qa_world["users"]["qa"])
    second = services.open_campaign(
        title="VCFS 2025",
        opened_on=date(2024, 10, 1),
        due_on=date(2024, 10, 31),
        organisation_ids=[org.pk],
        checklist="vcfs",
    )
    assert len(second.standards) == 13
    first.refresh_from_db()
    assert len(first.standards) == 12
    # Section 11 still asks its eight standards.
    assert len(services.checklist_standards("s11")) == 8
