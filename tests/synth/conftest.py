"""A five-year synthetic borough, simulated once per test session.

The end date is fixed (31 March 2026) so the tests do not change as the
calendar moves on; ``./run synth`` defaults to the last complete year instead.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig
from tests.boroughs import simulated

END = date(2026, 3, 31)


@pytest.fixture(scope="session")
def borough() -> Borough:
    return simulated(SimConfig(years=5, seed=1, last_year_end=END))


@pytest.fixture(scope="session")
def figures(borough: Borough) -> list[dict[str, float]]:
    from continuum.synth.calibration import yearly_figures

    return yearly_figures(borough)
