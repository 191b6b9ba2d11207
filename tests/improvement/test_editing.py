"""Writing a plan without a spreadsheet: priorities, objectives and actions added and reworded,
each refusal naming its box, a save over someone else's change refused, every change kept;
and "My actions" moving the plan's RAG (the one tracker's hook)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from continuum.actions import services as tracker
from continuum.actions.models import ActionChange, ActionStatus
from continuum.core import roles
from continuum.improvement import services
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan, PlanAction, PlanEdit, RagChange

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


@pytest.fixture
def plan(make_user, settings) -> Plan:  # type: ignore[no-untyped-def]
    """One priority, one objective, T1 led by LD (rated G on 31 January), a second lead "MK"."""
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    owner = make_user("owner", roles.TEAM_MANAGER)
    p = services.create_plan(
        title="Practice plan", owner_body="Children's Services", owner=owner,
        starts=date(2026, 1, 1), ends=date(2026, 12, 31), key=ensure_default_key(),
    )  # fmt: skip
    services.add_lead(p, "LD", make_user("lead"))
    services.add_lead(p, "MK", make_user("other-lead"))
    objective = services.add_objective(
        services.add_priority(p, title="Priority 1: Practice"), "Better practice"
    )
    services.add_plan_action(
        objective, ref="T1", text="Do T1", lead_text="LD", delivery_text="September 2026",
        rag="G", by=owner, rated_on=date(2026, 1, 31),
    )  # fmt: skip
    return p


def _field_of(call, match: str) -> str:  # type: ignore[no-untyped-def]
    """The form box a refusal names (its message matching ``match``)."""
    with pytest.raises(services.PlanRuleError, match=match) as refused:
        call()
    return refused.value.field


def test_each_box_is_named_in_its_refusal(plan: Plan) -> None:
    objective = plan.priorities.get().objectives.get()
    cases = [
        (
            "ref",
            'The ID "T1" is already used by another action of this plan',
            lambda: services.check_ref(plan, " T1 "),
        ),
        ("ref", "Enter the action's ID", lambda: services.check_ref(plan, "  ")),
        (
            "lead_text",
            r'The lead "ZZ" is not a lead of this plan \(its leads are LD, MK\)',
            lambda: services.resolve_leads(plan, "LD/ZZ"),
        ),
        (
            "delivery_text",
            r'^The delivery date "Octobr 2026" is not a month and year',
            lambda: services.delivery_of(plan, "Octobr 2026"),
        ),
        (
            "title",
            "Enter the priority's title",
            lambda: services.new_priority(plan, by=plan.owner, title=" "),
        ),
        (
            "reason",
            r"Say why the action is A \(off track, plan in place\)",
            lambda: services.new_plan_action(
                objective,
                by=plan.owner,
                ref="T2",
                text="Do T2",
                lead_text="LD",
                delivery_text="October 2026",
                rag="A",
            ),
        ),
    ]
    for field, match, call in cases:
        assert _field_of(call, match) == field
    assert plan.plan_actions.count() == 1
    assert not PlanEdit.objects.exists()


def test_added_in_the_web_numbered_tracked_and_kept_in_the_history(plan: Plan) -> None:
    owner = plan.owner
    second = services.new_priority(plan, by=owner, title="Priority 2: Front door", lead="Head of Service")
    assert second.number == 2
    objective = services.new_objective(second, by=owner, text="2a. An effective MASH")
    assert objective.order == 1
    line = services.new_plan_action(
        objective, by=owner, ref="2a(i)", text="Decide within a working day", lead_text="MK/LD",
        delivery_text="Oct 2026", rag="A", reason="Staffing gap until August",
    )  # fmt: skip
    assert (line.order, line.delivery, line.rag.code) == (2, date(2026, 10, 31), "A")
    assert line.action.owner.username == "other-lead"  # the first lead named holds the tracker action
    assert line.action.due_date == date(2026, 10, 31)
    rating = line.rag_history.get()
    assert (rating.on, rating.by, rating.reason) == (TODAY, owner, "Staffing gap until August")
    assert list(plan.edits.order_by("pk").values_list("record_label", "field", "new")) == [
        ("Priority 2", "Added", "Priority 2: Front door"),
        ("Objective 2.1", "Added", "2a. An effective MASH"),
        ("2a(i)", "Added", "Decide within a working day"),
    ]


def test_an_edit_moves_the_tracker_with_it_and_keeps_who_what_why(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    owner = plan.owner
    moved_silently = lambda: services.edit_plan_action(  # noqa: E731
        t1, version=1, by=owner, ref="T1", text="Do T1", lead_text="LD", delivery_text="December 2026"
    )
    assert _field_of(moved_silently, "Say why the delivery date moves") == "reason"
    changed = services.edit_plan_action(
        t1, version=1, by=owner, ref="T1a", text="Do T1 well", lead_text="MK",
        delivery_text="December 2026", reason="Agreed at the board on 3 June",
    )  # fmt: skip
    assert changed == ["ref", "text", "lead_text", "delivery_text", "delivery"]
    t1.refresh_from_db()
    assert (t1.ref, t1.version, t1.delivery) == ("T1a", 2, date(2026, 12, 31))
    assert [lead.initials for lead in t1.leads.all()] == ["MK"]
    action = t1.action
    action.refresh_from_db()
    assert (action.owner.username, action.due_date, action.what) == (
        "other-lead",
        date(2026, 12, 31),
        "Do T1 well",
    )
    assert action.source_label == "Practice plan, T1a"
    moved = ActionChange.objects.get(action=action, field="due date")
    assert (moved.old, moved.new, moved.reason) == (
        "30 Sep 2026",
        "31 Dec 2026",
        "Agreed at the board on 3 June",
    )
    rows = list(t1.plan.edits.filter(record_type="action").values_list("field", "old", "new", "reason", "by"))
    assert rows[0] == ("ID", "T1", "T1a", "Agreed at the board on 3 June", owner.pk)
    assert ("Lead", "LD", "MK", "Agreed at the board on 3 June", owner.pk) in rows
    # Nothing different: nothing saved, no version moved.
    same = dict(ref="T1a", text="Do T1 well", lead_text="MK", delivery_text="December 2026")
    assert services.edit_plan_action(t1, version=2, by=owner, **same) == []
    assert PlanAction.objects.get(pk=t1.pk).version == 2


def test_new_words_are_a_line_of_the_tracker_actions_history_on_its_page_and_in_my_actions(
    plan: Plan,
) -> None:
    """Found by review: the tracker's action was reworded by a bare ``update()``, so its history
    said nothing of the old words. Now the action's page shows what it used to ask, and who changed it."""
    from django.contrib.auth.models import Group
    from django.test import Client

    t1 = plan.plan_actions.get(ref="T1")
    lead = t1.action.owner
    lead.groups.add(Group.objects.get_or_create(name=roles.SOCIAL_WORKER.name)[0])
    services.edit_plan_action(
        t1, version=1, by=plan.owner, ref="T1a", text="Audit T1's case notes",
        lead_text="LD", delivery_text="September 2026", reason="Agreed at the board on 3 June",
    )  # fmt: skip
    rows = list(t1.action.history.values_list("field", "old", "new", "reason", "by"))
    assert rows[1:] == [
        ("what", "Do T1", "Audit T1's case notes", "Agreed at the board on 3 June", plan.owner.pk),
        ("from", "Practice plan, T1", "Practice plan, T1a", "Agreed at the board on 3 June", plan.owner.pk),
    ]
    client = Client()
    client.force_login(lead)
    page = client.get(f"/actions/{t1.action.pk}/").content.decode()
    assert "What: Do T1 → Audit T1&#x27;s case notes" in page
    assert "From: Practice plan, T1 → Practice plan, T1a" in page
    mine = client.get("/actions/").content.decode()
    assert "Audit T1&#x27;s case notes" in mine
    assert "Practice plan, T1a" in mine
    # A new lead only: the words stand, so no line of wording.
    services.edit_plan_action(
        t1, version=2, by=plan.owner, ref="T1a", text="Audit T1's case notes",
        lead_text="MK", delivery_text="September 2026",
    )  # fmt: skip
    assert t1.action.history.filter(field__in=["what", "from"]).count() == 2


def test_a_save_from_an_older_page_is_refused(plan: Plan) -> None:
    priority = plan.priorities.get()
    services.edit_priority(priority, version=1, by=plan.owner, title="Priority 1: Practice first")
    with pytest.raises(services.PlanConflict, match="changed by someone else after you opened it"):
        services.edit_priority(priority, version=1, by=plan.owner, title="Priority 1: Mine")
    priority.refresh_from_db()
    assert (priority.title, priority.version) == ("Priority 1: Practice first", 2)
    objective = priority.objectives.get()
    services.edit_objective(objective, version=1, by=plan.owner, text="Better practice, audited")
    with pytest.raises(services.PlanConflict):
        services.edit_objective(objective, version=1, by=plan.owner, text="Mine")


def test_the_history_of_edits_is_append_only_in_the_database_too(plan: Plan) -> None:
    services.new_priority(plan, by=plan.owner, title="Priority 2")
    edit = PlanEdit.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        edit.save()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE improvement_planedit SET new = 'x'")


# --- "My actions" moves the plan's RAG ----------------------------------------------------------


def test_done_in_my_actions_rates_it_complete_with_who_and_when(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    lead = t1.action.owner
    tracker.set_status(t1.action, status=ActionStatus.DONE, by=lead, on=date(2026, 6, 12))
    t1.refresh_from_db()
    assert t1.rag.code == "C"
    rating = t1.rag_history.order_by("-pk").first()
    assert (rating.level.code, rating.on, rating.by, rating.reason) == (
        "C", date(2026, 6, 12), lead, 'Marked done in "My actions"'
    )  # fmt: skip
    assert rating.at is not None
    # Reopened: on track again, from today; dropped: the RAG is the owner's call, left alone.
    tracker.set_status(t1.action, status=ActionStatus.OPEN, by=lead, reason="Audit found gaps")
    t1.refresh_from_db()
    assert (t1.rag.code, t1.rag_history.order_by("-pk").first().reason) == ("G", "Audit found gaps")
    tracker.set_status(t1.action, status=ActionStatus.DROPPED, by=lead, reason="Superseded by T2")
    t1.refresh_from_db()
    assert t1.rag.code == "G"
    assert list(t1.rag_history.values_list("level__code", flat=True)) == ["G", "C", "G"]


def test_rating_it_complete_on_the_plan_is_one_rating_not_two(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    services.record_rag(t1, code="C", by=plan.owner, on=date(2026, 6, 1))
    t1.refresh_from_db()
    assert t1.action.status == ActionStatus.DONE
    assert t1.rag_history.count() == 2
    services.record_rag(t1, code="A", by=plan.owner, reason="Reopened by the audit")
    t1.refresh_from_db()
    assert (t1.action.status, t1.rag_history.count()) == (ActionStatus.OPEN, 3)


def test_a_done_day_before_the_last_rating_is_refused_and_nothing_moves(plan: Plan) -> None:
    t1 = plan.plan_actions.get(ref="T1")
    with pytest.raises(
        tracker.ActionRuleError, match=r"The plan's RAG for T1 cannot follow: The date cannot be"
    ):
        tracker.set_status(t1.action, status=ActionStatus.DONE, by=plan.owner, on=date(2026, 1, 15))
    t1.refresh_from_db()
    assert (t1.rag.code, t1.action.status) == ("G", ActionStatus.OPEN)
    assert RagChange.objects.filter(plan_action=t1).count() == 1
