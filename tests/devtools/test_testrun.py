"""./run test lists the slowest tests, unless the caller chose a count of their own."""

from __future__ import annotations

from continuum.devtools.testrun import SLOWEST, pytest_command


def test_the_slowest_fifteen_are_listed_by_default() -> None:
    command = pytest_command(["-q", "tests/core"])
    assert command[1:] == ["-m", "pytest", "--durations=15", "-q", "tests/core"]
    assert SLOWEST == 15


def test_a_count_the_caller_gives_wins() -> None:
    assert "--durations=15" not in pytest_command(["--durations=3"])
    assert "--durations=15" not in pytest_command(["--durations", "0"])
