"""The seed's plan imported and exported line for line; a bad file names each bad row and writes nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from continuum.actions.models import Action, ActionStatus
from continuum.core import roles
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan, PlanAction, RagChange
from continuum.improvement.services import PlanRuleError, parse_delivery
from continuum.improvement.workbook import HEADER, ImportRefused, export_plan, import_plan, plan_rows
from tests.improvement.plans import SEED, import_seed_plan, seed_rows, username_for, workbook

pytestmark = pytest.mark.django_db


def _trimmed(row: tuple[object, ...]) -> tuple[str, ...]:
    cells = ["" if v is None else str(v) for v in row]
    while cells and cells[-1] == "":
        cells.pop()
    return tuple(cells)


@pytest.fixture
def owner(make_user):  # type: ignore[no-untyped-def]
    return make_user("plan-owner", roles.TEAM_MANAGER)


def test_the_seed_plan_is_reproduced_line_for_line_and_tracked(owner: User) -> None:
    plan = import_seed_plan(owner)
    assert plan.plan_actions.count() == 94  # "the Ofsted improvement plan with 94 actions"
    assert plan.priorities.count() == 7
    assert plan_rows(plan, date(2017, 10, 31)) == seed_rows()
    # Exported and read back: the same rows, cell for cell.
    book = load_workbook(io.BytesIO(export_plan(plan, date(2017, 10, 31))), read_only=True)
    assert [_trimmed(row) for row in book["Plan"].iter_rows(values_only=True)] == seed_rows()
    # The priorities' texts and leads came with it.
    third = plan.priorities.get(number=3)
    assert third.title == "Priority three: Embedding Practice Leadership"
    assert third.lead == "Jo Carver and Ruth Ellery"
    assert third.fix.startswith("- Oversight of practice does not provide sufficient guidance")

    # Each imported action is an action of the one tracker (one import for both checks: it is the slow part).
    t3 = PlanAction.objects.get(plan=plan, ref="T3")
    assert t3.action.owner.username == username_for("PK")
    assert t3.action.due_date == date(2017, 10, 31)
    assert t3.action.source == t3
    # Two leads: the first owns the tracker action; both are recorded.
    a = PlanAction.objects.get(plan=plan, ref="3a(iv)")
    assert a.lead_text == "EF/GHa"
    assert sorted(lead.initials for lead in a.leads.all()) == ["EF", "GHa"]
    assert a.action.owner.username == username_for("EF")
    # Completed lines (C) are done in the tracker; the rest are open.
    assert Action.objects.filter(plan_action__plan=plan, status=ActionStatus.DONE).count() == 9
    assert PlanAction.objects.filter(plan=plan, rag__code="C").count() == 9
    # "Quarterly" has no month: due at the plan's end. "Sept 2018" and "End October 2017" are months.
    assert PlanAction.objects.get(plan=plan, ref="4c(iv)").delivery == date(2018, 9, 30)
    assert PlanAction.objects.get(plan=plan, ref="6b(ii)").delivery == date(2018, 9, 30)
    assert PlanAction.objects.get(plan=plan, ref="4b(ii)").delivery == date(2017, 10, 31)


def test_delivery_dates() -> None:
    end = date(2018, 9, 30)
    assert parse_delivery("Launched August 2017", end) == date(2017, 8, 31)
    assert parse_delivery("September 2017 onwards", end) == date(2017, 9, 30)
    assert parse_delivery("Feb 2016", end) == date(2016, 2, 29)
    with pytest.raises(PlanRuleError, match='"Octobr 2017" is not a month'):
        parse_delivery("Octobr 2017", end)


def test_a_bad_file_names_every_bad_row_and_writes_nothing(owner: User) -> None:
    User.objects.create(username="lead-ab")
    rows = [
        ("T0", "comes first", "Before any heading", "AB", "October 2017", "G"),
        ("Priority 1: Turnaround",),
        HEADER,
        ("T1", "Objective one", "A good row", "AB", "October 2017", "G"),
        ("T2", "", "Unknown lead", "ZZ", "October 2017", "G"),
        ("T1", "", "Repeated ID", "AB", "October 2017", "G"),
        ("T3", "", "Bad date", "AB", "Octobr 2017", "G"),
        ("T4", "", "Bad RAG", "AB", "October 2017", "P"),
        ("", "", "No ID", "AB", "October 2017", "G"),
        ("T5", "", "", "", "October 2017", "A"),
    ]
    data = workbook(rows, {"AB": "lead-ab", "CD": "nobody-here"})
    with pytest.raises(ImportRefused) as refused:
        import_plan(
            data,
            title="Bad plan",
            owner_body="Children's Services",
            owner=owner,
            starts=date(2017, 9, 1),
            ends=date(2018, 9, 30),
            key=ensure_default_key(),
            by=owner,
            rated_on=date(2017, 10, 31),
        )
    assert refused.value.problems == [
        "Row 1 (T0) comes before any priority heading.",
        'Row 5 (T2) names a lead not on the Leads sheet ("ZZ").',
        "Row 6 (T1) repeats the ID of row 4.",
        'Row 7 (T3) has the delivery date "Octobr 2017" is not a month and year (or "Quarterly").',
        'Row 8 (T4) has the RAG "P", not in the key (A, C, G, R).',
        "Row 9 has no ID.",
        "Row 10 (T5) has no action; has no lead.",
        'Leads: "CD" stands for "nobody-here", who is not a user of the system.',
    ]
    assert not Plan.objects.exists()
    assert not PlanAction.objects.exists()
    assert not Action.objects.exists()
    assert not RagChange.objects.exists()


def test_a_file_that_is_not_a_workbook(owner: User) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_plan(
            b"ID,Objective\n",
            title="x",
            owner_body="x",
            owner=owner,
            starts=date(2017, 9, 1),
            ends=date(2018, 9, 30),
            key=ensure_default_key(),
            by=owner,
            rated_on=date(2017, 10, 31),
        )
    assert refused.value.problems == ["The file is not an XLSX workbook."]


def test_the_seed_fixture_holds_94_actions_and_no_real_initials() -> None:
    actions = [r for r in SEED["rows"] if len(r) == 6]
    assert len(actions) == 94
    real = {"DS", "SM", "CM", "BJ", "TMcE", "JH", "SD", "NH", "KPop"}
    assert not real & {i.strip() for r in actions for i in r[3].split("/")}
