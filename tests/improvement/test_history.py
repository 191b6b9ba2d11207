"""Known answers for the RAG history: who, when and why; the plan at a past day; a stocktake; the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from docx import Document

from continuum.actions.models import ActionStatus
from continuum.cli import main
from continuum.core import roles
from continuum.improvement import selectors, services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import CommitteeReport, Plan, PlanAction, RagChange
from continuum.improvement.report import build, to_html

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


@pytest.fixture
def plan(make_user, settings) -> Plan:  # type: ignore[no-untyped-def]
    """Three actions rated G on 1 January 2026, then (known answers below):

    A1: G -> A on 1 March (mitigation) -> G on 1 May -> C on 1 June
    A2: G -> R on 15 April
    A3: G throughout; A4 added on 1 April rated A.
    """
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    owner = make_user("owner", roles.TEAM_MANAGER)
    lead = make_user("lead")
    p = services.create_plan(
        title="Test plan", owner_body="Children's Services", owner=owner,
        starts=date(2026, 1, 1), ends=date(2026, 12, 31), key=ensure_default_key(),
    )  # fmt: skip
    services.add_lead(p, "LD", lead)
    objective = services.add_objective(
        services.add_priority(p, title="Priority 1: Practice"), "Better practice"
    )
    jan = date(2026, 1, 1)
    for ref in ("A1", "A2", "A3"):
        services.add_plan_action(
            objective, ref=ref, text=f"Do {ref}", lead_text="LD", delivery_text="September 2026",
            rag="G", by=owner, rated_on=jan,
        )  # fmt: skip
    a1, a2 = (PlanAction.objects.get(plan=p, ref=r) for r in ("A1", "A2"))
    services.record_rag(
        a1, code="A", by=lead, on=date(2026, 3, 1), reason="Recruitment delayed; agency cover from April"
    )
    services.record_rag(
        a2, code="R", by=owner, on=date(2026, 4, 15), reason="Funding withdrawn; no mitigation"
    )
    services.add_plan_action(
        objective, ref="A4", text="Do A4", lead_text="LD", delivery_text="Quarterly",
        rag="A", by=owner, rated_on=date(2026, 4, 1), reason="Started late",
    )  # fmt: skip
    services.record_rag(a1, code="G", by=lead, on=date(2026, 5, 1), reason="Agency cover in place")
    services.record_rag(a1, code="C", by=lead, on=date(2026, 6, 1))
    return p


def _codes(lines: list[selectors.Line]) -> dict[str, str | None]:
    return {line.action.ref: line.level.code if line.level else None for line in lines}


def test_state_at_past_days(plan: Plan) -> None:
    assert _codes(selectors.state_at(plan, date(2025, 12, 31))) == {
        "A1": None,
        "A2": None,
        "A3": None,
        "A4": None,
    }
    assert _codes(selectors.state_at(plan, date(2026, 2, 28))) == {
        "A1": "G",
        "A2": "G",
        "A3": "G",
        "A4": None,
    }
    assert _codes(selectors.state_at(plan, date(2026, 3, 1))) == {"A1": "A", "A2": "G", "A3": "G", "A4": None}
    assert _codes(selectors.state_at(plan, date(2026, 4, 30))) == {"A1": "A", "A2": "R", "A3": "G", "A4": "A"}
    assert _codes(selectors.state_at(plan, TODAY)) == {"A1": "C", "A2": "R", "A3": "G", "A4": "A"}
    march = {line.action.ref: line for line in selectors.state_at(plan, date(2026, 3, 31))}
    assert march["A1"].mitigation == "Recruitment delayed; agency cover from April"
    assert march["A1"].rating.by.username == "lead"


def test_stocktake_between_two_days(plan: Plan) -> None:
    take = selectors.stocktake(plan, date(2026, 2, 28), date(2026, 4, 30))
    assert {m.action.ref: m.kind for m in take.moves} == {
        "A1": "slipped", "A2": "slipped", "A3": "unchanged", "A4": "added",
    }  # fmt: skip
    assert [c.reason for c in take.of_kind("slipped")[0].changes] == [
        "Recruitment delayed; agency cover from April"
    ]
    later = selectors.stocktake(plan, date(2026, 4, 30), TODAY)
    assert {m.action.ref: m.kind for m in later.moved} == {"A1": "completed"}
    assert [c.level.code for c in later.moved[0].changes] == ["G", "C"]
    # A1 went A -> G -> C within the span: its net move is what counts, every step is kept.
    back = selectors.stocktake(plan, date(2026, 3, 15), date(2026, 5, 15))
    assert {m.action.ref: m.kind for m in back.moved} == {"A1": "improved", "A2": "slipped", "A4": "added"}


def test_rag_rules_and_the_tracker(plan: Plan) -> None:
    a3 = PlanAction.objects.get(plan=plan, ref="A3")
    owner = plan.owner
    with pytest.raises(services.PlanRuleError, match="Say why the action is A"):
        services.record_rag(a3, code="A", by=owner)
    with pytest.raises(services.PlanRuleError, match="already rated G"):
        services.record_rag(a3, code="G", by=owner)
    with pytest.raises(services.PlanRuleError, match="not in the plan's key"):
        services.record_rag(a3, code="X", by=owner)
    with pytest.raises(services.PlanRuleError, match="future"):
        services.record_rag(a3, code="C", by=owner, on=date(2026, 7, 1))
    with pytest.raises(services.PlanRuleError, match="before the last rating"):
        services.record_rag(a3, code="C", by=owner, on=date(2025, 12, 1))
    # Completed: done in the tracker, with the RAG line in the action's own history; reopened when it slips.
    a1 = PlanAction.objects.get(plan=plan, ref="A1")
    a1.action.refresh_from_db()
    assert (a1.action.status, a1.action.status_date) == (ActionStatus.DONE, date(2026, 6, 1))
    services.record_rag(a1, code="A", by=owner, reason="Audit found the change did not stick")
    a1.action.refresh_from_db()
    assert a1.action.status == ActionStatus.OPEN
    assert [(c.field, c.old, c.new) for c in a1.action.history.filter(field="RAG")][:1] == [
        ("RAG", "G", "A from 1 Mar 2026")
    ]
    with pytest.raises(ValueError, match="append-only"):
        RagChange.objects.filter(plan_action=a1).first().save()  # type: ignore[union-attr]


def test_summary_off_track_and_the_committee_report(plan: Plan, tmp_path: Path) -> None:
    services.record_report(plan, as_of=date(2026, 3, 31), since=None, by=None)
    report = build(plan, TODAY)
    assert report.since == date(2026, 3, 31)
    assert report.summary_headers() == [
        "Priority",
        "C: Completed",
        "G: On track",
        "A: Off track, plan in place",
        "R: Off track, no mitigation",
        "Actions",
    ]
    assert report.summary_rows() == [
        ["Priority 1: Practice", "1", "1", "1", "1", "4"],
        ["All priorities", "1", "1", "1", "1", "4"],
    ]
    assert [(r[0], r[4], r[5]) for r in report.off_track_rows()] == [
        ("A2", "R: Off track, no mitigation", "Funding withdrawn; no mitigation"),
        ("A4", "A: Off track, plan in place", "Started late"),
    ]
    assert [(c[0], c[2], c[3], c[4]) for c in report.change_rows()] == [
        ("A1", "A", "C", "completed"), ("A2", "G", "R", "slipped"), ("A4", "not in the plan", "A", "added"),
    ]  # fmt: skip
    assert "Funding withdrawn; no mitigation" in to_html(report)

    out = tmp_path / "out"
    assert (
        main(
            [
                "report",
                "improvement-plan",
                "--plan",
                str(plan.pk),
                "--as-of",
                TODAY.isoformat(),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    pdf = out / f"improvement-plan-{plan.pk}-2026-06-30.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "\n".join(
        [p.text for p in Document(str(pdf.with_suffix(".docx"))).paragraphs]
        + [
            c.text
            for t in Document(str(pdf.with_suffix(".docx"))).tables
            for row in t.rows
            for c in row.cells
        ]
    )
    assert "Changes since the last report" in text
    assert "Funding withdrawn; no mitigation" in text
    assert "Started late" in text
    # The command recorded the report: the next one counts changes from 30 June.
    assert CommitteeReport.objects.filter(plan=plan).latest("pk").as_of == TODAY
    assert build(plan, TODAY).since == date(2026, 3, 31)  # a report for the same day looks back past itself
    assert isinstance(plan.owner, User)
