"""Every improvement plan page asks the database the same number of times whether a plan has one of
each thing (priorities, objectives, actions, ratings, leads, measures, edits, committee reports, plans)
or five: a page that asks once per row (N+1) fails here, naming the page. Asked as the plan's owner
and as a lead who holds no reader's role (whom the policy asks about each plan by name)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan, PlanAction
from continuum.web.dashboards.source import clear_cache
from tests.page_queries import queries_per_page
from tests.web.test_dashboards import hand_built

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def _plan(owner, title: str) -> Plan:  # type: ignore[no-untyped-def]
    return services.create_plan(
        title=title, owner_body="Children's Services", owner=owner,
        starts=date(2026, 1, 1), ends=date(2026, 12, 31), key=ensure_default_key(),
    )  # fmt: skip


@pytest.fixture
def world(make_user, settings) -> Any:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    owner = make_user("owner", roles.TEAM_MANAGER)
    lead = make_user("lead", roles.SOCIAL_WORKER)
    plan = _plan(owner, "Practice plan")
    services.add_lead(plan, "LD", lead)
    yield {"owner": owner, "lead": lead, "plan": plan, "grown": 0}
    clear_cache()


def _grow(w: dict[str, Any], upto: int) -> None:
    """Add one of each thing per step until there are ``upto`` of them."""
    plan, owner, lead = w["plan"], w["owner"], w["lead"]
    for k in range(w["grown"] + 1, upto + 1):
        services.add_lead(plan, f"L{k}", User.objects.create(username=f"l{k}"))
        priority = services.new_priority(plan, by=owner, title=f"Priority {k}", fix=f"Fix {k}")
        objective = services.new_objective(priority, by=owner, text=f"Objective {k}")
        line = services.new_plan_action(
            objective, by=owner, ref=f"T{k}", text=f"Do {k}", lead_text="LD", delivery_text="September 2026",
            rag="G", rated_on=date(2026, 1, k),
        )  # fmt: skip
        services.record_rag(line, code="A", by=owner, reason=f"Late {k}", on=date(2026, 2, k))
        services.link_measure(line, "mash_decision_1wd")
        services.edit_plan_action(
            line, version=1, by=owner, ref=f"T{k}", text=f"Do {k} well", lead_text=f"LD/L{k}",
            delivery_text="September 2026",
        )  # fmt: skip
        services.record_report(plan, as_of=date(2026, 3, k), since=None, by=owner)
        first = PlanAction.objects.filter(plan=plan).order_by("pk").first()
        if k > 1:  # the first line's own history grows too: its action page lists it
            services.record_rag(first, code="GA"[k % 2], by=owner, reason=f"Seen {k}", on=date(2026, 4, k))
            services.edit_plan_action(
                first, version=first.version, by=owner, ref="T1", text=f"Do 1, take {k}",
                lead_text=first.lead_text, delivery_text="September 2026",
            )  # fmt: skip
        other = _plan(owner, f"Plan {k}")
        services.add_lead(other, "LD", lead)
    w["grown"] = upto


def _pages(w: dict[str, Any]) -> list[str]:
    p = w["plan"]
    first = p.plan_actions.order_by("pk").first()
    priority, objective = p.priorities.order_by("pk").first(), first.objective
    urls = [
        "/improvement/",
        f"/improvement/{p.pk}/",
        f"/improvement/{p.pk}/?day=2026-02-15",
        f"/improvement/{p.pk}/dashboard/",
        f"/improvement/{p.pk}/changes/",
        f"/improvement/{p.pk}/actions/{first.pk}/",
        f"/improvement/{p.pk}/stocktake/?since=2026-01-15",
        f"/improvement/{p.pk}/report/",
        f"/improvement/{p.pk}/export.xlsx",
    ]
    owned = [
        f"/improvement/{p.pk}/priorities/new/",
        f"/improvement/{p.pk}/priorities/{priority.pk}/change/",
        f"/improvement/{p.pk}/objectives/new/",
        f"/improvement/{p.pk}/objectives/{objective.pk}/change/",
        f"/improvement/{p.pk}/actions/new/",
        f"/improvement/{p.pk}/actions/{first.pk}/change/",
    ]
    return urls + owned if w["who"] == "owner" else urls


def _counts(w: dict[str, Any]) -> dict[str, int]:
    client = Client()
    client.force_login(w[w["who"]])
    return queries_per_page(client, _pages(w))


@pytest.mark.parametrize("who", ["owner", "lead"])
def test_no_improvement_page_asks_once_per_row(world, who: str) -> None:  # type: ignore[no-untyped-def]
    world["who"] = who
    _grow(world, 1)
    one = _counts(world)
    _grow(world, 5)
    five = _counts(world)
    assert {url: (one[url], five[url]) for url in one if five[url] != one[url]} == {}
