"""``./run synth`` prints the indicator library's figures, not the generator's own counts (issue 15.9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from continuum.metrics.engine import Engine
from continuum.metrics.periods import financial_year_period
from continuum.synth.calibration import yearly_figures
from continuum.synth.params import Params
from continuum.synth.parquet import borough_tables
from continuum.synth.simulate import SimConfig
from continuum.synth.summary import SUMMARY, summary_lines
from tests.boroughs import simulated


def test_the_printed_line_is_the_indicators() -> None:
    borough = simulated(  # the borough of test_synthetic_consistency.py: simulated once for both
        SimConfig(
            years=2,
            seed=3,
            last_year_end=date(2025, 3, 31),
            warm_up_years=2,
            params=replace(Params(), new_children_per_year=900.0, uasc_per_year=4.0),
        )
    )
    tables = borough_tables(borough)
    years = [int(f["year_start"]) for f in yearly_figures(borough)]
    lines = summary_lines(tables, years)
    assert [line.split()[0] for line in lines] == ["2023-24", "2024-25"]
    engine = Engine(tables)
    for line, year in zip(lines, years, strict=True):
        for label, code in SUMMARY:
            shown = engine.run_one(code, financial_year_period(year)).display
            assert f"{label} {shown}" in line, (label, line)
    # The generator counts missing and absent episodes together; the line shows the indicator's.
    truth = yearly_figures(borough)[-1]
    missing = engine.run_one("missing_episodes", financial_year_period(years[-1])).numerator
    assert f"missing episodes {missing:,}" in lines[-1] or f"missing episodes {missing}" in lines[-1]
    assert missing <= truth["missing_episodes"]
