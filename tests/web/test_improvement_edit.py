"""The improvement plan written in the web, its dashboard, and "My actions" moving its RAG.

Only the plan's owner adds and rewords; readers and leads are refused (403). Each error names its
box; a save from an older page says what the other person changed and keeps what was typed. The
dashboard sets each priority's delivery beside its measures, with links down to both.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan, PlanEdit
from continuum.web.dashboards.source import clear_cache
from tests.web.test_dashboards import hand_built

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


@pytest.fixture
def plan(make_user, settings) -> Plan:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built  # front-door figures for July 2024
    clear_cache()
    owner = make_user("owner", roles.TEAM_MANAGER)
    p = services.create_plan(
        title="Practice plan", owner_body="Children's Services", owner=owner,
        starts=date(2026, 1, 1), ends=date(2026, 12, 31), key=ensure_default_key(),
    )  # fmt: skip
    services.add_lead(p, "LD", make_user("lead", roles.SOCIAL_WORKER))
    objective = services.add_objective(
        services.add_priority(p, title="Priority 1: Front door"), "Quick decisions"
    )
    for ref, rag, month in (
        ("T1", "G", "September 2026"),
        ("T2", "C", "March 2026"),
        ("T3", "A", "May 2026"),
    ):
        services.add_plan_action(
            objective, ref=ref, text=f"Do {ref}", lead_text="LD", delivery_text=month,
            rag=rag, by=owner, rated_on=date(2026, 1, 31), reason="Late start" if rag == "A" else "",
        )  # fmt: skip
    services.link_measure(p.plan_actions.get(ref="T1"), "mash_decision_1wd")
    services.link_measure(p.plan_actions.get(ref="T3"), "mash_decision_1wd")
    yield p
    clear_cache()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_dashboard_sets_delivery_beside_impact_with_links_down(plan: Plan, make_user) -> None:  # type: ignore[no-untyped-def]
    board = _client(make_user("board", roles.BOARD_MEMBER))
    page = board.get(f"/improvement/{plan.pk}/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Improvement dashboard: delivery beside impact" in html
    assert "1 of 3</span> actions completed" in html
    # T3 (rated A, due May 2026) is past its date on 30 June; T2 is complete, T1 not yet due.
    assert "1 past its delivery date and not completed" in html
    (row,) = page.context["priorities"]
    assert [line.action.ref for line in row["overdue"]] == ["T3"]
    ((view, href, refs),) = row["impact"]
    assert (view.code, view.display, refs) == ("mash_decision_1wd", "75.0%", ["T1", "T3"])
    assert href == "/performance/front-door/?period=2024-07#ind-mash_decision_1wd"
    t3 = plan.plan_actions.get(ref="T3")
    assert f'href="/improvement/{plan.pk}/actions/{t3.pk}/"' in html
    # On a past day: as it stood then; a bad day said in words.
    january = board.get(f"/improvement/{plan.pk}/dashboard/?on=2026-01-15").content.decode()
    assert "Delivery as it stood on 15 January 2026" in january
    assert "0 of 0</span> actions completed" in january
    bad = board.get(f"/improvement/{plan.pk}/dashboard/?on=15/01/2026")
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_on-day", "The day to show delivery on must be a date written as YYYY-MM-DD, like 2025-03-31")
    ]
    # Someone who may not read the plan does not reach its dashboard.
    assert (
        _client(make_user("sw", roles.SOCIAL_WORKER)).get(f"/improvement/{plan.pk}/dashboard/").status_code
        == 403
    )
    assert (
        f'href="/improvement/{plan.pk}/dashboard/"' in board.get(f"/improvement/{plan.pk}/").content.decode()
    )


def test_only_the_owner_writes_the_plan(plan: Plan, make_user) -> None:  # type: ignore[no-untyped-def]
    t1 = plan.plan_actions.get(ref="T1")
    priority = plan.priorities.get()
    urls = [
        f"/improvement/{plan.pk}/priorities/new/",
        f"/improvement/{plan.pk}/priorities/{priority.pk}/change/",
        f"/improvement/{plan.pk}/objectives/new/",
        f"/improvement/{plan.pk}/objectives/{priority.objectives.get().pk}/change/",
        f"/improvement/{plan.pk}/actions/new/",
        f"/improvement/{plan.pk}/actions/{t1.pk}/change/",
    ]
    owner = _client(plan.owner)
    for url in urls:
        assert owner.get(url).status_code == 200, url
    for user in (make_user("board", roles.BOARD_MEMBER), t1.action.owner):  # a reader; the action's lead
        other = _client(user)
        for url in urls:
            assert other.get(url).status_code == 403, url
            assert other.post(url, {"title": "x"}).status_code == 403, url
    assert "Add a priority" in owner.get(f"/improvement/{plan.pk}/").content.decode()
    assert (
        "Add a priority"
        not in _client(make_user("qa", roles.QA_OFFICER)).get(f"/improvement/{plan.pk}/").content.decode()
    )


def test_the_owner_adds_a_priority_objective_and_action_each_error_naming_its_box(plan: Plan) -> None:
    owner = _client(plan.owner)
    empty = owner.post(f"/improvement/{plan.pk}/priorities/new/", {"title": ""})
    assert empty.status_code == 400
    assert "Enter the priority&#x27;s title" in empty.content.decode()
    saved = owner.post(
        f"/improvement/{plan.pk}/priorities/new/", {"title": "Priority 2: Care leavers", "lead": "HoS"}
    )
    priority = plan.priorities.get(number=2)
    assert saved["Location"] == f"/improvement/{plan.pk}/#priority-2"
    made = owner.post(
        f"/improvement/{plan.pk}/objectives/new/", {"priority": priority.pk, "text": "2a. Stay in touch"}
    )
    assert made.status_code == 302
    objective = priority.objectives.get()
    # The empty objective shows on the plan page, with where to add its first action.
    page = owner.get(f"/improvement/{plan.pk}/").content.decode()
    assert "2a. Stay in touch" in page
    assert f"/improvement/{plan.pk}/actions/new/?objective={objective.pk}" in page
    bad = owner.post(
        f"/improvement/{plan.pk}/actions/new/",
        {
            "objective": objective.pk,
            "ref": "T1",
            "text": "",
            "lead_text": "ZZ",
            "delivery_text": "Soon",
            "level": "R",
        },
    )
    assert bad.status_code == 400
    errors = [message for _anchor, message in bad.context["errors"]]
    assert errors == [
        'The ID "T1" is already used by another action of this plan',
        "Enter the action",
        'The lead "ZZ" is not a lead of this plan (its leads are LD)',
        'The delivery date "Soon" is not a month and year (or "Quarterly")',
    ]
    action = {
        "objective": objective.pk, "ref": "2a(i)", "text": "Call each care leaver monthly", "lead_text": "LD",
        "delivery_text": "November 2026", "level": "R",
    }  # fmt: skip
    why = owner.post(f"/improvement/{plan.pk}/actions/new/", action)
    assert why.status_code == 400
    assert [a for a, _m in why.context["errors"]] == ["id_reason"]
    done = owner.post(f"/improvement/{plan.pk}/actions/new/", {**action, "reason": "No worker yet"})
    line = plan.plan_actions.get(ref="2a(i)")
    assert done["Location"] == f"/improvement/{plan.pk}/actions/{line.pk}/"
    assert (line.rag.code, line.action.owner.username) == ("R", "lead")
    assert "Call each care leaver monthly" in _client(line.action.owner).get("/actions/").content.decode()
    changes = owner.get(f"/improvement/{plan.pk}/changes/").content.decode()
    for text in ("Priority 2: Care leavers", "2a. Stay in touch", "Call each care leaver monthly"):
        assert text in changes


def test_a_save_over_someone_elses_change_says_what_they_changed(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    url = f"/improvement/{plan.pk}/actions/{t1.pk}/change/"
    owner = _client(plan.owner)
    opened = owner.get(url)
    version = opened.context["form"]["version"].value()
    seen = opened.context["form"]["seen_state"].value()
    # Meanwhile the same owner, in another tab, rewords the action.
    services.edit_plan_action(
        t1, version=1, by=plan.owner, ref="T1", text="Do T1 with partners", lead_text="LD",
        delivery_text="September 2026",
    )  # fmt: skip
    mine = {"version": version, "seen_state": seen, "ref": "T1", "text": "Do T1 my way", "lead_text": "LD",
            "delivery_text": "September 2026"}  # fmt: skip
    clash = owner.post(url, mine)
    assert clash.status_code == 400
    html = clash.content.decode()
    assert "This action was changed by someone else after you opened it" in html
    assert "The action is now: Do T1 with partners" in html
    assert "Do T1 my way" in html  # what was typed is kept
    again = owner.post(url, {**mine, "version": 2})
    assert again.status_code == 302
    t1.refresh_from_db()
    assert (t1.text, t1.version) == ("Do T1 my way", 3)
    moved = owner.post(url, {**mine, "version": 3, "delivery_text": "December 2026"})
    assert moved.status_code == 400
    assert [a for a, _m in moved.context["errors"]] == ["id_reason"]
    page = owner.get(f"/improvement/{plan.pk}/actions/{t1.pk}/").content.decode()
    assert "Changes to its wording" in page
    assert PlanEdit.objects.filter(record_id=t1.pk, field="Action").count() == 2


def test_done_in_my_actions_moves_the_plans_rag(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    lead = _client(t1.action.owner)
    page = lead.get(f"/improvement/{plan.pk}/actions/{t1.pk}/").content.decode()
    assert "rates it C (completed) here" in page
    saved = lead.post(
        f"/actions/{t1.action.pk}/", {"change": "done", "on-day": "29", "on-month": "6", "on-year": "2026"}
    )
    assert saved.status_code == 302
    t1.refresh_from_db()
    assert t1.rag.code == "C"
    latest = t1.rag_history.order_by("-pk").first()
    assert (latest.on, latest.by.username) == (date(2026, 6, 29), "lead")
    history = _client(plan.owner).get(f"/improvement/{plan.pk}/actions/{t1.pk}/").content.decode()
    assert "Marked done in &quot;My actions&quot;" in history
    # A day before the plan's last rating is refused on the tracker's page, and nothing moves.
    t3 = plan.plan_actions.get(ref="T3")
    early = lead.post(
        f"/actions/{t3.action.pk}/", {"change": "done", "on-day": "1", "on-month": "1", "on-year": "2026"}
    )
    assert early.status_code == 200
    assert "The plan&#x27;s RAG for T3 cannot follow" in early.content.decode()
    t3.refresh_from_db()
    assert (t3.rag.code, t3.action.status) == ("A", "open")
