"""The suite's own settings, which decide whether a run on a busy CI machine says something true."""

from __future__ import annotations

from hypothesis import settings


def test_property_tests_have_no_time_limit_per_example() -> None:
    # tests/conftest.py: answers are checked here, speed in ./run bench.
    assert settings.default.deadline is None
