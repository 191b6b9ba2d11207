"""The partnership's cost-benefit model (seed 004, lines 977-1013), with its logic in plain sight.

Level 1: (savings) - (costs) = net system saving. Level 2, for a standard intervention, is the chain
the pack lists: police interventions x call-out cost; a share arrested x arrest cost; of those, a share
cautioned x caution cost and a share prosecuted x (CPS + magistrates' court cost); of those
prosecuted, a share sentenced x the sentence's cost. Each step is a formula written out as text
(:data:`LEVEL_2`) and evaluated by a small arithmetic reader (numbers, names, + - * / and brackets,
nothing else); the page says each step in words made from that same formula (:func:`in_words`), so
what a user reads is exactly what is computed, with no code name on the page. Unit costs are data
(data/unit_costs.csv, each with its source and year); rates and volumes are a scenario's inputs.

The year-1 table by agency: annual impact = annual saving - annual cost; year-1 impact = annual
impact - set-up costs. Amounts are whole pounds, costs printed in brackets as the pack does.
"""

from __future__ import annotations

import ast
import csv
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

UNIT_COSTS = Path(__file__).resolve().parent / "data" / "unit_costs.csv"


@dataclass(frozen=True)
class UnitCost:
    code: str
    label: str
    amount: Decimal
    agency: str
    source: str
    year: int


def load_unit_costs(path: Path = UNIT_COSTS) -> dict[str, UnitCost]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["code"]: UnitCost(
                row["code"],
                row["label"],
                Decimal(row["amount"]),
                row["agency"],
                row["source"],
                int(row["year"]),
            )
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class Step:
    """One line of the level-2 logic: ``name = formula``; a cost step says which agency bears it."""

    number: int
    name: str
    label: str
    formula: str
    agency: str = ""


#: The pack's level-2 lines 1-11. Inputs (a scenario's): interventions, arrest_rate, caution_rate,
#: prosecution_rate, sentence_rate (shares, 0-1) and cost_sentence (it varies with the sentence;
#: its cost falls to Prison here). Unit costs come from data/unit_costs.csv.
LEVEL_2: tuple[Step, ...] = (
    Step(2, "call_out_cost", "Cost of call-outs", "interventions * cost_call_out", "Police"),
    Step(3, "arrests", "Number arrested", "interventions * arrest_rate"),
    Step(4, "arrest_cost", "Cost of arrests", "arrests * cost_arrest", "Police"),
    Step(5, "cautions", "Number cautioned", "arrests * caution_rate"),
    Step(6, "caution_cost", "Cost of cautions", "cautions * cost_caution", "Police"),
    Step(7, "prosecutions", "Number prosecuted", "arrests * prosecution_rate"),
    Step(8, "cps_cost", "CPS cost of prosecutions", "prosecutions * cost_cps", "CPS"),
    Step(
        9,
        "court_cost",
        "Magistrates' court cost of prosecutions",
        "prosecutions * cost_magistrates_court",
        "Court",
    ),
    Step(10, "sentenced", "Number sentenced", "prosecutions * sentence_rate"),
    Step(11, "sentence_cost", "Cost of sentences", "sentenced * cost_sentence", "Prison"),
)

_OPERATORS: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class FormulaError(ValueError):
    pass


def evaluate(formula: str, names: Mapping[str, Decimal]) -> Decimal:
    """Work out an arithmetic formula over named values: only numbers, names, + - * / and brackets."""

    def walk(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise FormulaError(f"'{node.id}' in '{formula}' has no value")
            return names[node.id]
        raise FormulaError(f"'{formula}' may only use numbers, names, + - * / and brackets")

    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise FormulaError(f"'{formula}' is not a formula") from None
    return walk(tree)


@dataclass(frozen=True)
class Level2Result:
    values: dict[str, Decimal]
    lines: list[tuple[Step, Decimal]]
    by_agency: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_agency.values(), Decimal(0))


def level_2(inputs: Mapping[str, Decimal], unit_costs: Mapping[str, UnitCost] | None = None) -> Level2Result:
    """The cost of a scenario's interventions, step by step and by agency, in whole pounds per agency."""
    costs = load_unit_costs() if unit_costs is None else unit_costs
    values: dict[str, Decimal] = {code: cost.amount for code, cost in costs.items()}
    values.update({k: Decimal(v) for k, v in inputs.items()})
    lines = []
    by_agency: dict[str, Decimal] = {}
    for step in LEVEL_2:
        values[step.name] = evaluate(step.formula, values)
        lines.append((step, values[step.name]))
        if step.agency:
            by_agency[step.agency] = by_agency.get(step.agency, Decimal(0)) + values[step.name]
    return Level2Result(values, lines, {a: whole_pounds(v) for a, v in by_agency.items()})


def in_words(step: Step, labels: Mapping[str, str]) -> str:
    """``step`` as a sentence a board member can follow ("Number arrested = police interventions ×
    share arrested"): each name by its label (an input's, a unit cost's or an earlier step's) in
    lower case after the first (an initialism such as CPS kept), the operators as signs. Why: the
    formula is what is computed, but its names ("cost_call_out") are code; the page shows the words
    only, and they say the same thing."""
    symbols = {"*": "\u00d7", "/": "\u00f7", "+": "+", "-": "\u2212"}

    def word(token: str) -> str:
        if token in labels:
            return _in_sentence(labels[token])
        return symbols.get(token, token)

    tokens = re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?|[-+*/()]", step.formula)
    return f"{step.label} = " + " ".join(word(t) for t in tokens).replace("( ", "(").replace(" )", ")")


def _in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Cost of an arrest" as "cost of an arrest", "CPS cost of
    a prosecution" as it is."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def formula_labels(inputs: Mapping[str, str], unit_costs: Mapping[str, UnitCost]) -> dict[str, str]:
    """Every name a formula may use, with the words for it: inputs, unit costs and the steps."""
    labels = {code: cost.label for code, cost in unit_costs.items()}
    labels.update(inputs)
    labels.update({step.name: step.label for step in LEVEL_2})
    return labels


def whole_pounds(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class AgencyLine:
    """One agency's row of the year-1 table: savings, costs and set-up costs are all positive amounts."""

    agency: str
    annual_saving: Decimal
    annual_cost: Decimal
    setup_cost: Decimal

    @property
    def annual_impact(self) -> Decimal:
        return self.annual_saving - self.annual_cost

    @property
    def year_one_impact(self) -> Decimal:
        return self.annual_impact - self.setup_cost

    def cells(self) -> list[str]:
        """The row as the pack prints it: costs as negative amounts in brackets."""
        return [
            self.agency,
            money(self.annual_saving),
            money(-self.annual_cost),
            money(self.annual_impact),
            money(-self.setup_cost),
            money(self.year_one_impact),
        ]


def year_one_table(lines: list[AgencyLine]) -> list[AgencyLine]:
    """The agencies' rows and their total row."""
    total = AgencyLine(
        "Total",
        sum((line.annual_saving for line in lines), Decimal(0)),
        sum((line.annual_cost for line in lines), Decimal(0)),
        sum((line.setup_cost for line in lines), Decimal(0)),
    )
    return [*lines, total]


def scenario_table(
    inputs: Mapping[str, Decimal],
    annual_costs: Mapping[str, Decimal],
    setup_costs: Mapping[str, Decimal],
    unit_costs: Mapping[str, UnitCost] | None = None,
) -> list[AgencyLine]:
    """A scenario's year-1 table: savings are the level-2 costs its interventions avoid."""
    savings = level_2(inputs, unit_costs).by_agency
    agencies = list(dict.fromkeys([*savings, *annual_costs, *setup_costs]))
    return year_one_table(
        [
            AgencyLine(
                a, savings.get(a, Decimal(0)), Decimal(annual_costs.get(a, 0)), Decimal(setup_costs.get(a, 0))
            )
            for a in agencies
        ]
    )


def compare(scenarios: Mapping[str, list[AgencyLine]]) -> list[tuple[str, list[Decimal]]]:
    """Scenarios side by side: for each agency (and the total), its year-1 impact in each scenario."""
    agencies = list(dict.fromkeys(line.agency for table in scenarios.values() for line in table))
    by_name = {
        name: {line.agency: line.year_one_impact for line in table} for name, table in scenarios.items()
    }
    return [(a, [by_name[name].get(a, Decimal(0)) for name in scenarios]) for a in agencies]


def money(value: Decimal) -> str:
    """£1,234 or (£1,234) for a negative amount, as the pack prints them."""
    text = f"£{abs(whole_pounds(value)):,.0f}"
    return f"({text})" if value < 0 else text
