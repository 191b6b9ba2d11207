"""Small-number suppression: known answers for the rule in continuum.metrics.suppression.

The edges are the ones a reader would ask about: exactly the threshold,
zero, a missing count, and the total that would give away a lone small group
unless a second group is withheld (as the dashboards have always done).
"""

from __future__ import annotations

import pytest

from continuum.metrics.definitions import Unit
from continuum.metrics.suppression import (
    FEWER_THAN,
    THRESHOLD,
    WITHHELD,
    count_tested,
    is_small,
    shown,
    suppress,
)


def test_the_threshold_is_five_and_reads_fewer_than_five() -> None:
    assert THRESHOLD == 5
    assert FEWER_THAN == "fewer than 5"


@pytest.mark.parametrize(
    ("count", "small"),
    [(None, False), (0, False), (1, True), (4, True), (4.5, True), (5, False), (6, False)],
)
def test_small_is_one_to_four(count: float | None, small: bool) -> None:
    """Exactly the threshold (5) is shown; zero identifies nobody and is shown too."""
    assert is_small(count) is small


def test_no_small_group_hides_nothing() -> None:
    assert suppress([5, 0, 12, None]) == [False, False, False, False]


def test_a_lone_small_group_takes_the_next_smallest_with_it() -> None:
    """Total 25 = 3 + 10 + 12: with 3 alone hidden, 25 - 10 - 12 would give it away."""
    assert suppress([10, 3, 12]) == [True, True, False]


def test_the_second_group_skips_zero_and_missing_and_takes_the_first_of_equals() -> None:
    assert suppress([0, 2, None, 7, 7, 9]) == [False, True, False, True, False, False]


def test_two_small_groups_need_no_second_suppression() -> None:
    """A total then reveals only their sum, not which group holds which children."""
    assert suppress([1, 4, 20, 30]) == [True, True, False, False]


def test_a_small_group_beside_only_zeros_is_hidden_alone() -> None:
    """There is no non-zero group to withhold; the current behaviour, kept."""
    assert suppress([3, 0, None]) == [True, False, False]


def test_one_group_alone_is_hidden_if_small() -> None:
    assert suppress([2]) == [True]
    assert suppress([5]) == [False]
    assert suppress([]) == []


@pytest.mark.parametrize(
    ("unit", "numerator", "denominator", "tested"),
    [
        (Unit.COUNT, 3, None, 3),
        (Unit.RATE, 3, 1000, 3),
        (Unit.PERCENT, 0, 3, 3),  # "0 of 3" identifies three children
        (Unit.PERCENT, 3, 40, 3),  # a small numerator is tested as itself
        (Unit.PERCENT, 7, 40, 40),
        (Unit.DAYS, 900, 4, 4),  # days: the records measured
        (Unit.AVERAGE, 12.5, 2, 2),
    ],
)
def test_the_count_tested_is_the_records_counted_or_measured(
    unit: str, numerator: float, denominator: float | None, tested: float | None
) -> None:
    assert count_tested(unit, numerator, denominator) == tested


@pytest.mark.parametrize(
    ("count", "hidden", "text"),
    [
        (None, False, "–"),
        (0, False, "0"),
        (3, True, FEWER_THAN),
        (3, False, "3"),
        (12, True, WITHHELD),
        (1234, False, "1,234"),
        (2.25, False, "2.3"),
    ],
)
def test_how_a_count_reads(count: float | None, hidden: bool, text: str) -> None:
    assert shown(count, hidden) == text
