"""Partner contributions, spending and the budget statement: seed 001's "Budget 2016/17" and "Budget
2017/18" annexes reproduced from contribution records, their printed totals (168,000 and 295,258) made
by adding the records up, and the statement's totals and balance by known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum.partnership import budget
from continuum.partnership.models import Body
from continuum.partnership.services import PartnershipRuleError

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds"

#: Seed 001, Annex 1, as printed (amounts with and without thousands commas, as the seed has them).
ANNEX = """\
Budget 2016/17

London Borough of Barnet\t109400
Metropolitan Police (MOPAC)\t5000
Barnet CCG\t12500
CLCH\t12500
BEHMHT\t12500
Royal Free NHS FT\t12500
National Probation Service\t1000
London Community Rehabilitation\t1000
East London Foundation Trusts NHS\t550
CafCASS\t550
London Fire Brigade\t500
\t168,000

Budget 2017/18

London Borough of Barnet\t211,658
Metropolitan Police (MOPAC)\t5000
Barnet CCG\t37500
CLCH\t12500
BEHMHT\t12500
Royal Free NHS FT\t12500
National Probation Service\t1000
London Community Rehabilitation\t1000
East London Foundation Trusts NHS\t550
CafCASS\t550
London Fire Brigade\t500
\t295,258
"""


def seed_budget(year_label: str, text: str = ANNEX) -> tuple[list[tuple[str, str]], str]:
    """The annex for a year: (partner, amount as printed) lines and the printed total."""
    lines = text.splitlines()
    start = lines.index(f"Budget {year_label}") + 2
    rows = []
    for line in lines[start:]:
        partner, amount = line.split("\t")
        if not partner:
            return rows, amount
        rows.append((partner, amount))
    raise AssertionError("no total")


@pytest.mark.skipif(not SEED.exists(), reason="the seeds are not beside the checkout")
def test_annex_is_the_seeds() -> None:
    seed = next(SEED.glob("001_*.txt")).read_text(encoding="utf-8")
    for label in ("2016/17", "2017/18"):
        assert seed_budget(label, seed) == seed_budget(label)


@pytest.fixture
def board(make_user):  # type: ignore[no-untyped-def]
    manager = make_user("business-manager")
    return Body.objects.create(name="Safeguarding Children Board", kind="board", secretary=manager), manager


@pytest.mark.parametrize(("year", "label", "total"), [(2016, "2016/17", 168_000), (2017, "2017/18", 295_258)])
def test_seed_budget_annex_from_records(board, year, label, total) -> None:  # type: ignore[no-untyped-def]
    body, manager = board
    rows, printed_total = seed_budget(label)
    for partner, amount in rows:  # typed as the seed prints them, "211,658" or "109400"
        budget.record_contribution(
            body, year=year, organisation=partner, amount=budget.parse_amount(amount), by=manager
        )
    statement = budget.statement(body, year)
    assert [(p, f"{a}") for p, a in statement.contributions] == [(p, a.replace(",", "")) for p, a in rows]
    assert statement.income == total == int(printed_total.replace(",", ""))
    text = statement.as_text().splitlines()
    assert text[0] == f"Budget {label}"
    assert text[-1] == f"\t{printed_total}"
    assert len(statement.contributions) == 11


def test_statement_totals_and_balance(board) -> None:  # type: ignore[no-untyped-def]
    body, manager = board
    for org, amount in (("Council", 100_000), ("Police", 5_000), ("Health", 37_500)):
        budget.record_contribution(body, year=2025, organisation=org, amount=amount, by=manager)
    budget.record_contribution(body, year=2024, organisation="Council", amount=1, by=manager)
    for line, amount in (("Business unit staff", 120_000), ("Independent scrutineer", 30_000)):
        budget.record_spending(body, year=2025, line=line, amount=amount, by=manager)
    s = budget.statement(body, 2025)
    assert (s.income, s.spent, s.balance) == (142_500, 150_000, -7_500)
    assert s.rows()[3] == ["Total contributions", "£142,500"]
    assert s.rows()[-1] == ["Balance (contributions less spending)", "-£7,500"]
    # recording a partner again for the year corrects it: the total follows
    budget.record_contribution(body, year=2025, organisation="Police", amount=12_500, by=manager)
    assert budget.statement(body, 2025).income == 150_000
    assert budget.statement(body, 2025).balance == 0
    assert budget.years(body) == [2025, 2024]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount in pounds"),
        ("12.50", "whole pounds"),
        ("-5", "whole pounds"),
        ("abc", "whole pounds"),
    ],
)
def test_amount_typed_wrong(typed: str, message: str) -> None:
    with pytest.raises(PartnershipRuleError, match=message):
        budget.parse_amount(typed)


def test_amount_typed_with_pound_sign_and_commas() -> None:
    assert budget.parse_amount(" £211,658 ") == 211_658


def test_refused_lines(board) -> None:  # type: ignore[no-untyped-def]
    body, manager = board
    with pytest.raises(PartnershipRuleError, match="more than £0"):
        budget.record_contribution(body, year=2025, organisation="Police", amount=0, by=manager)
    with pytest.raises(PartnershipRuleError, match="contributing organisation"):
        budget.record_contribution(body, year=2025, organisation="  ", amount=10, by=manager)
    with pytest.raises(PartnershipRuleError, match="financial year"):
        budget.record_spending(body, year=20255, line="Training", amount=10, by=manager)
    assert budget.statement(body, 2025).contributions == budget.statement(body, 2025).spending == []
