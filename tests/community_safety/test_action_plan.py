"""The partnership's strategy action plan: a plan of the improvement machinery with the seed's RAG key."""

from __future__ import annotations

import re
from datetime import date

import pytest

from continuum.actions.models import Action
from continuum.community_safety.keys import PARTNERSHIP_KEY
from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.models import Plan, RagKey
from continuum.synth.community_safety import PLAN, PLAN_TITLE, ensure_action_plan

URL = "/community-safety/action-plan/"


@pytest.mark.django_db
def test_the_migration_gives_the_partnership_its_own_key_in_the_seeds_words() -> None:
    key = RagKey.objects.get(code=PARTNERSHIP_KEY)
    levels = list(key.levels.order_by("order").values_list("code", "label", "meaning"))
    assert [(c, lab) for c, lab, _ in levels] == [("G", "Green"), ("A", "Amber"), ("R", "Red")]
    assert levels[0][2] == "Milestone met and no future risks to performance"
    assert levels[1][2] == "Milestone met, but risk to future performance has been identified."
    assert levels[2][2].startswith("Milestone not achieved and/ or risks threaten future performance.")
    # Not the improvement plan's C/G/A/R: there is no "completed" level.
    assert not key.levels.filter(done=True).exists()


@pytest.mark.django_db
def test_the_plan_uses_the_improvement_machinery_and_the_one_tracker(make_user) -> None:  # type: ignore[no-untyped-def]
    owner = make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    lines = ensure_action_plan(seed=7, as_of=date(2026, 9, 30), owner=owner)
    assert lines == sum(len(rows) for _, rows in PLAN)
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert plan.rag_key.code == PARTNERSHIP_KEY
    assert plan.priorities.count() == len(PLAN)
    # Every line is an action of the one tracker, owned by its lead.
    assert Action.objects.filter(plan_action__plan=plan).count() == lines
    line = plan.plan_actions.first()
    assert line is not None
    assert line.action is not None
    assert line.action.owner.username == f"officer-{line.lead_text.lower()}"
    # A RAG from outside the partnership's key is refused by the machinery's own rule.
    with pytest.raises(services.PlanRuleError, match="not in the plan's key"):
        services.record_rag(line, code="C", by=owner, on=date(2026, 9, 30))
    # An Amber needs its why (the key says so).
    with pytest.raises(services.PlanRuleError):
        services.record_rag(line, code="A" if line.rag.code != "A" else "R", by=owner, on=date(2026, 9, 30))
    assert ensure_action_plan(seed=7, as_of=date(2026, 9, 30), owner=owner) == 0  # once


@pytest.mark.django_db
def test_the_community_safety_page_shows_the_plan(client, make_user) -> None:  # type: ignore[no-untyped-def]
    owner = make_user("analyst", roles.PERFORMANCE_ANALYST)
    client.force_login(owner)
    assert "The partnership has no action plan yet." in client.get(URL).content.decode()
    ensure_action_plan(seed=7, as_of=date(2026, 9, 30), owner=owner)
    page = client.get(URL).content.decode()
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert "Milestone met and no future risks to performance" in page
    assert "Property crime with a special focus on burglary" in page
    assert f"/improvement/{plan.pk}/" in page
    total = sum(int(n) for n in re.findall(r'data-count="[GAR]">(\d+) action', page))
    assert total == plan.plan_actions.count()
    client.force_login(make_user("worker", roles.SOCIAL_WORKER))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_the_demo_reviews_say_why_each_line_moved_in_more_than_one_sentence(make_user) -> None:  # type: ignore[no-untyped-def]
    """Every later move to Amber or Red says why (the key requires it), and the reasons are the lead
    officers' several sentences, not one sentence repeated down the stocktake."""
    from continuum.improvement.models import RagChange

    owner = make_user("demo-analyst", roles.PERFORMANCE_ANALYST)
    ensure_action_plan(seed=7, as_of=date(2026, 9, 30), owner=owner)
    plan = Plan.objects.get(title=PLAN_TITLE)
    moves = RagChange.objects.filter(plan_action__plan=plan).exclude(on=plan.starts)
    off_track = moves.filter(level__code__in=["A", "R"])
    assert off_track.exists()
    assert not off_track.filter(reason="").exists()
    assert off_track.values("reason").distinct().count() > 2
