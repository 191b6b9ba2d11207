"""The plan shows the tracker's due date (one date, not two), both statuses labelled, and its trend
words read as sentences with the month in words.

Known answers by hand: the fixture's plan (tests/web/test_improvement_views.py) is seen on 30 June
2026; T1 and T2 are delivered "September 2026", month ending 30 September 2026.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from continuum.actions import services as tracker
from continuum.improvement import services
from continuum.improvement.models import Plan
from continuum.web.dashboards.build import ComparisonView
from tests.web.test_improvement_views import _client, plan  # noqa: F401  (the plan fixture)


def test_a_due_date_moved_in_the_tracker_shows_on_the_plan(plan: Plan) -> None:  # noqa: F811
    t1 = plan.plan_actions.get(ref="T1")
    tracker.change_due(t1.action, due=date(2026, 6, 1), by=plan.owner, reason="Brought forward")
    owner = _client(plan.owner)
    moved = "Due 1 Jun 2026, moved in the action tracker (the plan said \u201cSeptember 2026\u201d)"
    kept = "September 2026 (due 30 Sep 2026)"
    page = owner.get(f"/improvement/{plan.pk}/").content.decode()
    assert moved in page
    assert kept in page  # T2, not moved
    action = owner.get(f"/improvement/{plan.pk}/actions/{t1.pk}/").content.decode()
    assert moved in action
    # On 30 June the moved date has passed: the dashboard counts T1 past its date (T2 is complete).
    dashboard = owner.get(f"/improvement/{plan.pk}/dashboard/").content.decode()
    assert "1 past its delivery date and not completed." in dashboard


def test_the_plans_rag_and_the_trackers_clock_are_both_labelled(plan: Plan) -> None:  # noqa: F811
    t1 = plan.plan_actions.get(ref="T1")
    services.record_rag(t1, code="A", by=plan.owner, reason="Recruitment slipped")
    page = _client(plan.owner).get(f"/improvement/{plan.pk}/actions/{t1.pk}/").content.decode()
    assert "Plan RAG now" in page
    assert "The lead's judgement of progress, recorded in the plan." in page
    # The tracker's clock: due 30 September 2026, 92 days after 30 June 2026, so on track.
    assert '<dt class="govuk-summary-list__key">Action tracker</dt>' in page
    assert 'On track</strong> <span class="govuk-body-s">due in 92 days</span>' in page
    assert "By the due date alone, not by progress" in page


def _trend(arrow: str | None, good: bool | None, figure: bool = False) -> str:
    c = ComparisonView(
        name="previous_period", label="2026-10", display="99.1%", arrow=arrow,
        arrow_text={"↑": "up", "↓": "down", "↔": "no real change"}.get(arrow or "", ""),
        good=good, words="October 2026",
    )  # fmt: skip
    return " ".join(render_to_string("improvement/_trend.html", {"c": c, "figure": figure}).split())


def test_the_trend_reads_as_a_sentence() -> None:
    hidden = '<span aria-hidden="true">'
    assert (
        _trend("↔", None, figure=True)
        == f"{hidden}↔</span> no real change since October 2026 (October 2026: 99.1%)"
    )
    assert _trend("↑", True) == f"{hidden}↑</span> better than October 2026"
    assert _trend("↓", False) == f"{hidden}↓</span> worse than October 2026"
    assert _trend("↑", None) == f"{hidden}↑</span> up on October 2026 (neither better nor worse)"
    assert _trend(None, None) == "no figure for October 2026"
