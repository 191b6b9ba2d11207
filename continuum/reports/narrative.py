"""Narrative sentences in the style of the monthly Performance Matters report.

The style to reproduce (seed 003 L460):

    The volume of referrals (234) is 20% lower than at the same point last
    year (294) and 6% lower than June (249).

Why generated rather than written by hand: the sentence restates figures the
report already shows, and a hand-typed "20% lower" drifts from the table the
moment the data is refreshed. Generating it from the same exact numbers keeps
text and table in step, and leaves officers to write the *why*.

Wording rules (docs/reports.md):

* Counts of things that happened in the period say "the volume of X"; counts
  at a point in time (children on a plan at the month end) say "the number of
  X", as seed 003 L464 does ("The number of children subject to a Child
  Protection Plan (162) ...").
* Percentages compare in *percentage points* (16.0% to 18.5% is "2.5
  percentage points higher"), never as a percentage of a percentage. Other
  units compare as a relative change ("20% lower").
* A change below the engine's ↔ threshold (settings ``trend_threshold_points``
  and ``trend_threshold_relative``) reads "is in line with".
* For indicators with a polarity, the sentence says whether the movement is
  good ("which is positive") or not ("which is a concern"); volumes have no
  polarity and get no verdict. Exceptions against target get a sentence of
  their own with the RAG rating.
* Months by name ("June"; "December 2019" when the year differs), thousands
  separators, and rounding half-up at display only, through the engine's
  :func:`~continuum.metrics.engine.format_value`. Arithmetic is on exact
  fractions so "20%" is the rounding of 20.408...%, not of a rounded ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from continuum.metrics import definitions
from continuum.metrics.definitions import Polarity, Unit
from continuum.metrics.engine import SAME, IndicatorResult, format_value, trend_arrow
from continuum.metrics.periods import MONTH_NAMES, Period, PeriodKind, parse_period

__all__ = [
    "MONTH_NAMES",
    "NOUNS",
    "Figure",
    "comparison_sentence",
    "exact",
    "exception_sentence",
    "figure_from_result",
    "period_name",
    "sentences",
]


#: How each indicator is named inside a sentence, after "the volume of",
#: "the number of", "the percentage of" or "the". Indicators not listed use
#: their title with a lower-case first letter.
NOUNS: dict[str, str] = {
    "contacts": "contacts",
    "referrals": "referrals",
    "referral_conversion": "contacts that became referrals",
    "rereferral_12m": "referrals that were re-referrals within 12 months",
    "mash_decision_1wd": "MASH decisions made within 1 working day",
    "assessments_completed": "assessments completed",
    "assessments_45wd": "assessments completed within 45 working days",
    "assessments_45wd_from_referral": "assessments completed within 45 working days of the referral",
    "assessment_avg_days": "average number of working days to complete an assessment",
    "s47_started": "section 47 enquiries started",
    "icpc_held": "children subject to an initial child protection conference",
    "icpc_15wd": "initial child protection conferences held within 15 working days",
    "cp_open": "children subject to a child protection plan",
    "cp_rate": "children subject to a child protection plan",
    "cp_started": "children who became subject to a child protection plan",
    "cp_plans_started": "child protection plans started",
    "cp_ended": "children whose child protection plan ended",
    "cp_plans_ended": "child protection plans ended",
    "cp_repeat": "child protection plans that were a second or subsequent plan",
    "cp_reviews_on_time": "child protection plans reviewed on time",
    "cp_visits_on_time": "children on a child protection plan visited within timescale",
    "cin_open": "children in need",
    "cin_visits_on_time": "children on a child in need plan visited within timescale",
    "cla_open": "children in care",
    "cla_rate": "children in care",
    "cla_started": "children who came into care",
    "cla_ceased": "children who left care",
    "cla_periods_started": "periods of care started",
    "cla_periods_ceased": "periods of care ended",
    "cla_3plus_placements": "children in care with 3 or more placements in the year",
    "cla_visits_on_time": "children in care visited within timescale",
    "cla_reviews_on_time": "children in care whose reviews were held on time",
    "missing_episodes": "missing episodes",
    "caseload_avg": "average caseload of social workers",
    "agency_worker_share": "social workers who are agency staff",
    "sw_changes": "changes of social worker",
}


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for a period and its comparison figures, all exact.

    Why not use :class:`~continuum.metrics.engine.IndicatorResult` directly:
    its comparisons carry floats, and a sentence must round exactly like the
    table beside it. :func:`figure_from_result` converts an engine result; the
    report builds figures from exact monthly results.
    """

    code: str
    title: str
    unit: str
    polarity: str
    period: Period
    value: Fraction | None
    previous: Fraction | None = None
    previous_period: Period | None = None
    last_year: Fraction | None = None
    average: Fraction | None = None
    target: float | None = None
    rag: str | None = None
    places: int = 1
    measure: str = "flow"
    numerator: int | float | None = None
    denominator: int | float | None = None

    def show(self, value: Fraction | float | None) -> str:
        """A value as the report shows it (engine rounding, % for percentages)."""
        return format_value(value, self.unit, self.places)


def exact(value: Fraction | float | int | None) -> Fraction | None:
    """An exact fraction for a figure; floats are read as their shortest decimal form.

    ``Decimal(repr(x))`` is what the engine's own display rounding does, so
    16.35 stays 16.35 rather than 16.349999....
    """
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))


def _measure(code: str) -> str:
    try:
        return definitions.get(code).measure
    except KeyError:
        return "flow"


def figure_from_result(result: IndicatorResult, period: Period | str | None = None) -> Figure:
    """A :class:`Figure` from an engine result computed with ``compare=True``.

    The current value is the engine's exact fraction; comparison values are
    read back exactly from the engine's floats (:func:`exact`).
    """
    period = parse_period(period or result.period)
    comps = result.comparisons
    prev = comps.get("previous_period")
    last = comps.get("same_period_last_year")
    avg = comps.get("rolling_12_month_average")
    return Figure(
        code=result.code,
        title=result.title,
        unit=result.unit,
        polarity=result.polarity,
        period=period,
        value=result.exact if result.exact is not None else exact(result.value),
        previous=exact(prev.value) if prev else None,
        previous_period=parse_period(prev.label) if prev else period.previous(),
        last_year=exact(last.value) if last else None,
        average=exact(avg.value) if avg else None,
        target=result.target,
        rag=result.rag,
        places=result.places,
        measure=_measure(result.code),
        numerator=result.numerator,
        denominator=result.denominator,
    )


def period_name(period: Period, relative_to: Period | None = None) -> str:
    """ "June" for a month in the same year as ``relative_to``, else "December 2019" or the label."""
    if period.kind is PeriodKind.MONTH:
        name = MONTH_NAMES[period.start.month]
        if relative_to is not None and relative_to.start.year == period.start.year:
            return name
        return f"{name} {period.start.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"the previous quarter ({period.label})"
    if period.kind is PeriodKind.FINANCIAL_YEAR:
        return f"{period.label}"
    return f"the 12 months to {MONTH_NAMES[period.end.month]} {period.end.year}"


def _subject(fig: Figure, noun: str | None) -> str:
    noun = noun or NOUNS.get(fig.code) or (fig.title[:1].lower() + fig.title[1:])
    if fig.unit == Unit.COUNT:
        return f"The {'number' if fig.measure == 'snapshot' else 'volume'} of {noun}"
    if fig.unit == Unit.PERCENT:
        return f"The percentage of {noun}"
    if fig.unit == Unit.RATE:
        return f"The rate of {noun} per 10,000 children"
    return f"The {noun}"


def _settings_thresholds(settings: dict[str, Any] | None) -> tuple[float, float]:
    settings = settings or {}
    return float(settings.get("trend_threshold_points", 1.0)), float(
        settings.get("trend_threshold_relative", 0.02)
    )


def _difference(fig: Figure, earlier: Fraction, change_places: int) -> str:
    """ "20%" or "2.5 percentage points": the size of a move, rounded for display."""
    assert fig.value is not None
    if fig.unit == Unit.PERCENT:
        shown = format_value(abs(fig.value - earlier), Unit.AVERAGE, fig.places)
        unit = "percentage point" if Decimal(shown.replace(",", "")) == 1 else "percentage points"
        return f"{shown} {unit}"
    relative = abs(fig.value - earlier) * 100 / abs(earlier)
    return f"{format_value(relative, Unit.AVERAGE, change_places)}%"


def _clause(
    fig: Figure,
    earlier: Fraction,
    against: str,
    in_line_against: str,
    settings: dict[str, Any] | None,
    change_places: int,
) -> tuple[str, bool | None, bool]:
    """One comparison clause, whether its movement is good, and whether it is "in line"."""
    assert fig.value is not None
    points, relative = _settings_thresholds(settings)
    arrow, good = trend_arrow(
        float(fig.value),
        float(earlier),
        fig.unit,
        fig.polarity,
        threshold_points=points,
        threshold_relative=relative,
    )
    shown = fig.show(earlier)
    if arrow == SAME:
        return f"in line with {in_line_against} ({shown})", None, True
    direction = "higher" if fig.value > earlier else "lower"
    if earlier == 0 and fig.unit != Unit.PERCENT:
        return f"{direction} than {against} ({shown})", good, False
    return f"{_difference(fig, earlier, change_places)} {direction} than {against} ({shown})", good, False


def comparison_sentence(
    fig: Figure,
    *,
    noun: str | None = None,
    settings: dict[str, Any] | None = None,
    change_places: int = 0,
    with_average: bool = False,
) -> str | None:
    """The seed-style sentence comparing a figure with last year and the previous period.

    Returns ``None`` when there is no figure. Without any comparison figure
    it still states the figure ("The volume of referrals in July 2020 was
    234.") so the report never silently drops an indicator.
    ``change_places`` is the decimal places of a relative change (0: "20%").
    """
    if fig.value is None:
        return None
    subject = _subject(fig, noun)
    clauses: list[tuple[str, bool | None, bool]] = []
    if fig.last_year is not None:
        clauses.append(
            _clause(
                fig,
                fig.last_year,
                "at the same point last year",
                "the same point last year",
                settings,
                change_places,
            )
        )
    if fig.previous is not None and fig.previous_period is not None:
        name = period_name(fig.previous_period, fig.period)
        clauses.append(_clause(fig, fig.previous, name, name, settings, change_places))
    if with_average and fig.average is not None:
        clauses.append(
            _clause(
                fig,
                fig.average,
                "the 12-month rolling average",
                "the 12-month rolling average",
                settings,
                change_places,
            )
        )
    if not clauses:
        return f"{subject} in {period_name(fig.period)} was {fig.show(fig.value)}."
    texts = [c[0] for c in clauses]
    # "in line with A and with B" reads better than "in line with A and in line with B".
    for i in range(1, len(texts)):
        if clauses[i][2] and clauses[i - 1][2]:
            texts[i] = "with " + texts[i].removeprefix("in line with ")
    body = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]
    verdict = ""
    if fig.polarity != Polarity.NEUTRAL:
        goods = [c[1] for c in clauses if c[1] is not None]
        if goods and all(goods):
            verdict = ", which is positive"
        elif goods and not any(goods):
            verdict = ", which is a concern"
    return f"{subject} ({fig.show(fig.value)}) is {body}{verdict}."


_RAG_WORDS = {"R": "red", "A": "amber", "G": "green"}


def exception_sentence(fig: Figure, *, noun: str | None = None) -> str | None:
    """A sentence for a figure rated red or amber against its target; ``None`` otherwise.

    "The percentage of assessments completed within 45 working days (82.0%)
    is 8.0 percentage points below the target (90.0%) and is rated amber."
    """
    if fig.value is None or fig.target is None or fig.rag not in ("R", "A"):
        return None
    target = exact(fig.target)
    assert target is not None
    subject = _subject(fig, noun)
    if fig.value == target:
        position = "is at the target"
    else:
        side = "above" if fig.value > target else "below"
        if fig.unit != Unit.PERCENT and target == 0:
            position = f"is {side} the target"  # no relative change from 0
        else:
            position = f"is {_difference(fig, target, 0)} {side} the target"
    rating = _RAG_WORDS[fig.rag]
    return f"{subject} ({fig.show(fig.value)}) {position} ({fig.show(target)}) and is rated {rating}."


def sentences(
    figures: list[Figure],
    *,
    nouns: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
) -> list[str]:
    """Comparison sentences for every figure with a value, in the order given."""
    out = []
    for fig in figures:
        text = comparison_sentence(fig, noun=(nouns or {}).get(fig.code), settings=settings)
        if text:
            out.append(text)
    return out
