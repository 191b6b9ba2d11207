"""The cost-benefit model: level 2 worked by hand, and the seed's year-1 table (seed 004, 1005-1013)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from continuum.community_safety.costbenefit import (
    LEVEL_2,
    AgencyLine,
    FormulaError,
    compare,
    evaluate,
    level_2,
    load_unit_costs,
    scenario_table,
    year_one_table,
)

D = Decimal
HAND_CASE = {
    "interventions": D(100),
    "arrest_rate": D("0.5"),
    "caution_rate": D("0.2"),
    "prosecution_rate": D("0.6"),
    "sentence_rate": D("0.5"),
    "cost_sentence": D(1000),
}


def test_unit_costs_are_the_packs_each_with_its_source_and_year() -> None:
    costs = load_unit_costs()
    assert {c: costs[c].amount for c in costs} == {
        "cost_call_out": 542,
        "cost_arrest": 1930,
        "cost_caution": 492,
        "cost_cps": 500,
        "cost_magistrates_court": 768,
    }
    assert all(cost.source and cost.year == 2012 for cost in costs.values())


def test_level_2_worked_by_hand() -> None:
    """100 call-outs at £542 = £54,200; 50 arrested at £1,930 = £96,500; 10 cautioned at £492 = £4,920;
    30 prosecuted at £500 (CPS) = £15,000 and £768 (court) = £23,040; 15 sentenced at £1,000 = £15,000."""
    result = level_2(HAND_CASE)
    assert {step.name: value for step, value in result.lines} == {
        "call_out_cost": 54200,
        "arrests": 50,
        "arrest_cost": 96500,
        "cautions": 10,
        "caution_cost": 4920,
        "prosecutions": 30,
        "cps_cost": 15000,
        "court_cost": 23040,
        "sentenced": 15,
        "sentence_cost": 15000,
    }
    assert result.by_agency == {"Police": 155620, "CPS": 15000, "Court": 23040, "Prison": 15000}
    assert result.total == 208660


def test_the_formulas_are_readable_text_and_nothing_else_runs() -> None:
    assert [step.formula for step in LEVEL_2][:2] == [
        "interventions * cost_call_out",
        "interventions * arrest_rate",
    ]
    assert evaluate("(a + 2) * b / 4 - -1", {"a": D(2), "b": D(3)}) == 4
    with pytest.raises(FormulaError, match="has no value"):
        evaluate("interventions * arrest_rate", {"interventions": D(1)})
    with pytest.raises(FormulaError, match="may only use"):
        evaluate("__import__('os')", {})
    with pytest.raises(FormulaError, match="is not a formula"):
        evaluate("1 +", {})


# Seed 004 lines 1007-1013, as printed.
SEED_YEAR_ONE = [
    ["Police", "£357,871", "(£98,400)", "£259,471", "(£46,000)", "£213,471"],
    ["CPS", "£126,260", "£0", "£126,260", "£0", "£126,260"],
    ["Probation", "£0", "(£397,350)", "(£397,350)", "(£5,000)", "(£402,350)"],
    ["Court", "£193,935", "£0", "£193,935", "£0", "£193,935"],
    ["Prison", "£351,788", "£0", "£351,788", "£0", "£351,788"],
    ["TBC", "£0", "(£75,000)", "(£75,000)", "(£241,500)", "(£316,500)"],
    ["Total", "£1,029,854", "(£570,750)", "£459,104", "(£292,500)", "£166,604"],
]


def _amount(cell: str) -> Decimal:
    return D(cell.strip("()").replace("£", "").replace(",", ""))


def test_the_seeds_year_one_table_is_reproduced() -> None:
    """The per-agency saving, cost and set-up cost go in; every derived cell and the totals come out."""
    inputs = [
        AgencyLine(row[0], _amount(row[1]), _amount(row[2]), _amount(row[4])) for row in SEED_YEAR_ONE[:-1]
    ]
    table = year_one_table(inputs)
    assert [line.cells() for line in table] == SEED_YEAR_ONE
    assert table[-1].year_one_impact == 166604


def test_scenarios_side_by_side() -> None:
    small = scenario_table(HAND_CASE, {"Police": D(50000)}, {"Police": D(10000)})
    large = scenario_table({**HAND_CASE, "interventions": D(200)}, {"Police": D(50000)}, {"Police": D(10000)})
    side_by_side = dict(compare({"Small": small, "Large": large}))
    assert side_by_side["Police"] == [155620 - 60000, 311240 - 60000]
    assert side_by_side["Total"] == [208660 - 60000, 417320 - 60000]
