"""The indicator engine agrees with the synthetic generator's own ground truth.

The generator (continuum.synth) knows exactly what it simulated, and its
calibration module counts those records in plain Python
(``continuum.synth.calibration.yearly_figures``), independently of the SQL in
the indicator library. Running the engine over the same borough, as the
analytical tables, must give the same figures for every indicator whose
definition the two share. Where the definitions differ on purpose, the test
says how and recomputes the generator's side with the indicator's definition,
so a disagreement always means a bug in one of them.

The borough is small (two reported years after two warm-up years) so the test
takes seconds; the figures exercise re-referrals, repeat plans, placement moves
and working-day clocks across bank holidays.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from continuum.metrics import definitions
from continuum.metrics.engine import Engine
from continuum.metrics.periods import financial_year_period
from continuum.synth.calibration import yearly_figures
from continuum.synth.model import Borough
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig
from tests.boroughs import simulated

#: Indicator code -> the generator's figure with the same definition.
#: Counts compare as counts; the generator's proportions are fractions (0-1)
#: where the library's percentages are 0-100.
SAME_DEFINITION_COUNTS = {
    "contacts": "contacts",
    "referrals": "referrals",
    "assessments_completed": "assessments",
    "s47_started": "s47",
    "icpc_held": "icpcs",
    "cp_plans_started": "cp_started",  # the generator counts plans and periods of care
    "cp_open": "cp_open",
    "cla_open": "cla_open",
    "cla_periods_started": "cla_started",
    "cla_periods_ceased": "cla_ceased",
}
SAME_DEFINITION_PERCENTAGES = {
    "referral_conversion": "referral_conversion",
    "rereferral_12m": "re_referrals",
    "assessments_45wd_from_referral": "assessments_45wd",
    "cp_repeat": "cp_repeat",
    "cla_3plus_placements": "cla_3_placements",
}


@pytest.fixture(scope="module")
def borough() -> Borough:
    """The same borough as tests/metrics/test_engine_fast.py samples: simulated once for both."""
    return simulated(
        SimConfig(
            years=2,
            seed=3,
            last_year_end=date(2025, 3, 31),
            warm_up_years=2,
            params=replace(Params(), new_children_per_year=900.0, uasc_per_year=4.0),
        )
    )


def _indicator(code: str) -> definitions.Indicator:
    return next(i for i in definitions.all_indicators() if i.code == code)


def test_the_engine_gives_the_generators_figures(borough: Borough) -> None:
    engine = Engine(borough_tables(borough))
    checked = 0
    for truth in yearly_figures(borough):
        period = financial_year_period(int(truth["year_start"]))
        for code, key in SAME_DEFINITION_COUNTS.items():
            result = engine.run_one(_indicator(code), period)
            assert result.numerator == truth[key], (period.label, code)
            checked += 1
        for code, key in SAME_DEFINITION_PERCENTAGES.items():
            result = engine.run_one(_indicator(code), period)
            assert result.denominator, (period.label, code)
            # Exact comparison: both sides are ratios of whole numbers.
            engine_ratio = Fraction(int(result.numerator), int(result.denominator))
            assert engine_ratio == Fraction(truth[key]).limit_denominator(10_000), (period.label, code)
            checked += 1
    assert checked == 2 * (len(SAME_DEFINITION_COUNTS) + len(SAME_DEFINITION_PERCENTAGES))


def test_missing_episodes_count_only_missing_not_absent(borough: Borough) -> None:
    """The generator's calibration counts missing and absent episodes together; the
    indicator follows the seeds' "missing episodes" (MISSING = M only). Recounted
    from the generator's records with that definition, the two agree."""
    engine = Engine(borough_tables(borough))
    for start, end in borough.years:
        period = financial_year_period(start.year)
        truth = sum(1 for m in borough.tables["missing"] if m.missing == "M" and start <= m.mis_start <= end)
        both = sum(1 for m in borough.tables["missing"] if start <= m.mis_start <= end)
        result = engine.run_one(_indicator("missing_episodes"), period)
        assert result.numerator == truth
        assert truth <= both
