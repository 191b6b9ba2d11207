"""Community safety pages: the crime summary for a run of months, and the cost-benefit model's working.

The period comes as the first and last month, in GOV.UK month and year boxes (``from`` and ``to``
written YYYY-MM, as links made before the boxes have them, are still read); without them, the
financial year to date of the latest month with figures. A bad month is said in words naming its
box, with a 400, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, QueryDict

from continuum.community_safety.costbenefit import formula_labels, in_words, level_2, load_unit_costs
from continuum.community_safety.models import CrimeRecord
from continuum.community_safety.summary import crime_summary
from continuum.metrics.periods import PeriodKind, period_of
from continuum.web.access import requires
from continuum.web.community_safety.nav import render_page
from continuum.web.govuk.days import read_days
from continuum.web.govuk.fields import GovukDateField, GovukMonthField
from continuum.web.govuk.forms import GovukForm, error_list, refuse_field


class MonthRangeForm(GovukForm):
    """The crime summary's and the board pack's first and last month, as GOV.UK month and year boxes
    (``first-month``, ``first-year`` ...); ``from``/``to`` written YYYY-MM are still read for links
    and bookmarks made before them."""

    non_field_anchor = "id_first-month"

    # A month still to come has no crimes yet: every row would read "-100.0% (decrease)".
    first = GovukMonthField(label="First month", past_only=True)
    last = GovukMonthField(label="Last month", past_only=True)


class DayRangeForm(GovukForm):
    """The ASB page's first and last day, as GOV.UK day, month and year boxes; ``from``/``to``
    written YYYY-MM-DD are still read for links made before them."""

    non_field_anchor = "id_first-day"

    first = GovukDateField(label="First day", past_only=False)
    last = GovukDateField(label="Last day", past_only=False)


#: The query names links made before the boxes used, and the fields they stand for.
OLD_LINK = {"from": "first", "to": "last"}


@dataclass(frozen=True)
class Span:
    """A run of months or days asked for: its first and last (None when not asked or refused), the
    form to show and the error summary's (anchor, message) pairs."""

    first: date | None
    last: date | None
    form: GovukForm
    errors: list[tuple[str, str]]


def read_range(
    form_class: type[MonthRangeForm] | type[DayRangeForm],
    query: QueryDict,
    unit: str,
    examples: dict[str, str],
) -> Span:
    """The ``first`` and ``last`` boxes of ``form_class`` (or an old link's ``from`` and ``to``), each
    refusal naming its field, shared by the pages that take months and the one that takes days so
    both say the same things the same way. Nothing asked gives no span and no errors."""
    asked = read_days(form_class, query, legacy=OLD_LINK, examples=examples)
    first, last, form = asked.days["first"], asked.days["last"], asked.form
    if asked.errors:
        return Span(None, None, form, asked.errors)
    if first and last and last < first:
        refuse_field(form, "last", f"The last {unit} must be the same as or after the first {unit}")
        return Span(None, None, form, error_list(form))
    return Span(first, last, form, [])


@dataclass(frozen=True)
class MonthsAsked(Span):
    """The months asked (or the default), and the latest month with crime figures (None: none yet)."""

    latest: date | None = None


def month_period(query: QueryDict) -> MonthsAsked:
    """The first and last month from the query (or a posted form), refused in words naming the box;
    without them, the financial year to date of the latest month with crime figures."""
    latest = CrimeRecord.objects.aggregate(latest=Max("month"))["latest"]
    span = read_range(MonthRangeForm, query, "month", {"first": "2012-04", "last": "2012-09"})
    first, last = span.first, span.last
    if not span.errors and first is None and last is None and latest is not None:
        first, last = period_of(latest, PeriodKind.FINANCIAL_YEAR).start, latest
    form = span.form if span.errors else MonthRangeForm(initial={"first": first, "last": last})
    return MonthsAsked(first, last, form, span.errors, latest)


@requires("community_safety.view")
def crime_summary_page(request: HttpRequest) -> HttpResponse:
    asked = month_period(request.GET)
    first, last = asked.first, asked.last
    summary = crime_summary(first, last) if first and last else None
    context = {
        "summary": summary,
        "errors": asked.errors,
        "form": asked.form,
        "has_records": asked.latest is not None,
    }
    return render_page(
        request, "community_safety/crime_summary.html", context, status=400 if asked.errors else 200
    )


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
    """The level-2 logic worked through for the inputs given, each step said in words."""
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
    # An input's label without its unit box's "(£)", as it reads in a step's words.
    labels = formula_labels(
        {name: label.removesuffix(" (£)") for name, label, _, _ in COST_BENEFIT_INPUTS}, unit_costs
    )
    context = {
        "fields": fields,
        "errors": errors,
        "error_ids": {i for i, _ in errors},
        "unit_costs": list(unit_costs.values()),
        "result": result,
        "lines": [(step, in_words(step, labels), value) for step, value in result.lines] if result else [],
    }
    return render_page(request, "community_safety/cost_benefit.html", context, status=400 if errors else 200)
