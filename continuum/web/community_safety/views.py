"""Community safety pages: the crime summary for a run of months, and the cost-benefit model's working.

The period comes as ``from`` and ``to`` months (YYYY-MM); without them, the financial year to date
of the latest month with figures. A bad month is said in words, with a 400, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max
from django.http import HttpRequest, HttpResponse

from continuum.community_safety.costbenefit import formula_labels, in_words, level_2, load_unit_costs
from continuum.community_safety.models import CrimeRecord
from continuum.community_safety.summary import crime_summary
from continuum.metrics.periods import PeriodError, PeriodKind, parse_month, period_of
from continuum.web.access import requires
from continuum.web.community_safety.nav import render_page


def _month(value: str) -> date | None:
    try:
        return parse_month(value).start
    except PeriodError:
        return None


def read_span(
    query: Any, parse: Callable[[str], date | None], unit: str, written: str, examples: tuple[str, str]
) -> tuple[date | None, date | None, list[tuple[str, str]]]:
    """The ``from`` and ``to`` of a query read by ``parse``, each refusal in words ("Enter the first
    month as YYYY-MM, for example 2012-04"), shared by the pages that take months and those that take
    days so both say the same things the same way."""
    errors: list[tuple[str, str]] = []
    first, last = parse(query.get("from", "")), parse(query.get("to", ""))
    if first is None:
        errors.append(("id_from", f"Enter the first {unit} as {written}, for example {examples[0]}"))
    if last is None:
        errors.append(("id_to", f"Enter the last {unit} as {written}, for example {examples[1]}"))
    if first and last and last < first:
        errors.append(("id_to", f"The last {unit} must be the same as or after the first {unit}"))
    return first, last, errors


def month_period(query: Any) -> tuple[date | None, date | None, list[tuple[str, str]], date | None]:
    """``from`` and ``to`` months from the query (or a posted form), with errors in words; without
    them, the financial year to date of the latest month with crime figures. Also that latest month."""
    errors: list[tuple[str, str]] = []
    latest = CrimeRecord.objects.aggregate(latest=Max("month"))["latest"]
    first = last = None
    if "from" in query or "to" in query:
        first, last, errors = read_span(query, _month, "month", "YYYY-MM", ("2012-04", "2012-09"))
    elif latest is not None:
        first, last = period_of(latest, PeriodKind.FINANCIAL_YEAR).start, latest
    return first, last, errors, latest


@requires("community_safety.view")
def crime_summary_page(request: HttpRequest) -> HttpResponse:
    first, last, errors, latest = month_period(request.GET)
    summary = crime_summary(first, last) if first and last and not errors else None
    context = {
        "summary": summary,
        "errors": errors,
        "values": {
            "from": request.GET.get("from", f"{first:%Y-%m}" if first else ""),
            "to": request.GET.get("to", f"{last:%Y-%m}" if last else ""),
        },
        "has_records": latest is not None,
    }
    return render_page(request, "community_safety/crime_summary.html", context, status=400 if errors else 200)


#: The cost-benefit form's inputs: name, label, hint, default (a worked example, not the seed's).
COST_BENEFIT_INPUTS: tuple[tuple[str, str, str, str], ...] = (
    ("interventions", "Police interventions", "How many call-outs the scenario avoids in a year", "100"),
    ("arrest_rate", "Share arrested", "Of the interventions, as a decimal: 0.5 is half", "0.5"),
    ("caution_rate", "Share cautioned", "Of those arrested", "0.2"),
    ("prosecution_rate", "Share prosecuted", "Of those arrested", "0.6"),
    ("sentence_rate", "Share sentenced", "Of those prosecuted", "0.5"),
    ("cost_sentence", "Cost of a sentence (£)", "Varies with the sentence", "1000"),
)


@requires("community_safety.view")
def cost_benefit_page(request: HttpRequest) -> HttpResponse:
    """The level-2 logic worked through for the inputs given, each step with its formula."""
    errors: list[tuple[str, str]] = []
    values: dict[str, Decimal] = {}
    fields = []
    for name, label, hint, default in COST_BENEFIT_INPUTS:
        raw = request.GET.get(name, default).strip()
        try:
            value = Decimal(raw)
            if value < 0 or not value.is_finite() or (name.endswith("_rate") and value > 1):
                raise InvalidOperation
            values[name] = value
        except InvalidOperation:
            limit = "a decimal from 0 to 1" if name.endswith("_rate") else "a number of 0 or more"
            errors.append((f"id_{name}", f"{label}: enter {limit}"))
        fields.append({"name": name, "label": label, "hint": hint, "value": raw})
    unit_costs = load_unit_costs()
    result = None if errors else level_2(values, unit_costs)
    labels = formula_labels({name: label for name, label, _, _ in COST_BENEFIT_INPUTS}, unit_costs)
    context = {
        "fields": fields,
        "errors": errors,
        "error_ids": {i for i, _ in errors},
        "unit_costs": list(unit_costs.values()),
        "result": result,
        "lines": [(step, in_words(step, labels), value) for step, value in result.lines] if result else [],
    }
    return render_page(request, "community_safety/cost_benefit.html", context, status=400 if errors else 200)
