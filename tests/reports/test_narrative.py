"""Known answers for the narrative sentences (seed 003 L460 and the wording rules in docs/reports.md)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from continuum.metrics.definitions import Polarity, Unit
from continuum.metrics.engine import Comparison, IndicatorResult
from continuum.metrics.periods import month_period
from continuum.reports.narrative import (
    Figure,
    comparison_sentence,
    exception_sentence,
    figure_from_result,
    period_name,
)

SEED = (
    "The volume of referrals (234) is 20% lower than at the same point last year (294) "
    "and 6% lower than June (249)."
)


def _referrals_result() -> IndicatorResult:
    """What the engine returns for July 2020 with compare=True, built by hand from the numerators."""
    return IndicatorResult(
        code="referrals",
        title="Referrals to children's social care",
        unit=str(Unit.COUNT),
        polarity=str(Polarity.NEUTRAL),
        period="2020-07",
        value=234.0,
        numerator=234,
        exact=Fraction(234),
        places=0,
        comparisons={
            "previous_period": Comparison("2020-06", 249.0, -15.0, "↓", None),
            "same_period_last_year": Comparison("2019-07", 294.0, -60.0, "↓", None),
        },
    )


def _fig(**kw: object) -> Figure:
    base: dict[str, object] = {
        "code": "assessments_45wd",
        "title": "Assessments completed within 45 working days",
        "unit": str(Unit.PERCENT),
        "polarity": str(Polarity.HIGHER),
        "period": month_period(2020, 7),
        "value": Fraction(82),
        "previous_period": month_period(2020, 6),
        "places": 1,
    }
    base.update(kw)
    return Figure(**base)  # type: ignore[arg-type]


def test_seed_sentence_from_numerators() -> None:
    assert comparison_sentence(figure_from_result(_referrals_result())) == SEED


def test_in_line_when_below_the_trend_threshold() -> None:
    fig = dataclasses.replace(figure_from_result(_referrals_result()), last_year=Fraction(238))  # 1.7% < 2%
    assert comparison_sentence(fig) == (
        "The volume of referrals (234) is in line with the same point last year (238) "
        "and 6% lower than June (249)."
    )
    both = dataclasses.replace(fig, previous=Fraction(233))
    assert comparison_sentence(both) == (
        "The volume of referrals (234) is in line with the same point last year (238) and with June (233)."
    )


def test_snapshot_counts_say_number_and_thousands_separators() -> None:
    fig = Figure(
        code="cin_open",
        title="Children in need at the period end",
        unit=str(Unit.COUNT),
        polarity=str(Polarity.NEUTRAL),
        period=month_period(2020, 1),
        value=Fraction(1234),
        previous=Fraction(1100),
        previous_period=month_period(2019, 12),
        last_year=Fraction(1500),
        places=0,
        measure="snapshot",
    )
    assert comparison_sentence(fig) == (
        "The number of children in need (1,234) is 18% lower than at the same point last year (1,500) "
        "and 12% higher than December 2019 (1,100)."
    )


def test_percentages_compare_in_percentage_points_with_polarity() -> None:
    good = _fig(last_year=Fraction(785, 10), previous=Fraction(815, 10))
    assert comparison_sentence(good) == (
        "The percentage of assessments completed within 45 working days (82.0%) is 3.5 percentage points "
        "higher than at the same point last year (78.5%) and in line with June (81.5%), which is positive."
    )
    bad = _fig(last_year=Fraction(90), previous=Fraction(85))
    assert comparison_sentence(bad) == (
        "The percentage of assessments completed within 45 working days (82.0%) is 8.0 percentage points "
        "lower than at the same point last year (90.0%) and 3.0 percentage points lower than June (85.0%), "
        "which is a concern."
    )


def test_lower_is_better_reads_a_fall_as_positive() -> None:
    fig = _fig(
        code="rereferral_12m",
        polarity=str(Polarity.LOWER),
        value=Fraction(15),
        last_year=Fraction(18),
        previous=Fraction(17),
    )
    assert comparison_sentence(fig) == (
        "The percentage of referrals that were re-referrals within 12 months (15.0%) is 3.0 "
        "percentage points lower than at the same point last year (18.0%) and 2.0 percentage points "
        "lower than June (17.0%), which is positive."
    )


def test_rounding_is_half_up_on_exact_values() -> None:
    # 2.5% exactly: half-up gives 3%, banker's rounding would give 2%.
    fig = dataclasses.replace(
        figure_from_result(_referrals_result()), value=Fraction(205), last_year=Fraction(200)
    )
    fig = dataclasses.replace(fig, previous=None)
    assert comparison_sentence(fig) == (
        "The volume of referrals (205) is 3% higher than at the same point last year (200)."
    )
    # 0.05 points at one place: 0.1, not 0.0 (and "point" not "points" for exactly 1).
    one = _fig(value=Fraction(8205, 100), last_year=Fraction(8105, 100), previous=None)
    assert "1.0 percentage point higher" in (comparison_sentence(one) or "")


def test_sentence_without_comparisons_states_the_figure() -> None:
    fig = _fig(previous=None, previous_period=None)
    assert comparison_sentence(fig) == (
        "The percentage of assessments completed within 45 working days in July 2020 was 82.0%."
    )
    assert comparison_sentence(_fig(value=None)) is None


def test_exception_sentences() -> None:
    assert exception_sentence(_fig(target=90, rag="A")) == (
        "The percentage of assessments completed within 45 working days (82.0%) is 8.0 percentage points "
        "below the target (90.0%) and is rated amber."
    )
    caseload = _fig(
        code="caseload_avg",
        unit=str(Unit.AVERAGE),
        polarity=str(Polarity.LOWER),
        value=Fraction(18),
        target=16,
        rag="R",
    )
    assert exception_sentence(caseload) == (
        "The average caseload of social workers (18.0) is 13% above the target (16.0) and is rated red."
    )
    assert exception_sentence(_fig(target=80, rag="G")) is None


@pytest.mark.parametrize(
    ("month", "relative", "name"),
    [((2020, 6), (2020, 7), "June"), ((2019, 12), (2020, 1), "December 2019")],
)
def test_month_names(month: tuple[int, int], relative: tuple[int, int], name: str) -> None:
    assert period_name(month_period(*month), month_period(*relative)) == name
