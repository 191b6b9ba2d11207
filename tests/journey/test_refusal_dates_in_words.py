"""A journey refusal says its dates as every page does ("4 Mar 2024"), never "04/03/2024".

Why: the refusal is shown on the page next to dates written in words; a practitioner
comparing "04/03/2024" with "4 Mar 2024" has to translate one into the other. The
expected sentences are written out by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError, Rule
from tests.journey.conftest import open_referral


def test_an_authorisation_before_the_start_is_refused_with_both_days_in_words(child, officer):  # type: ignore[no-untyped-def]
    episode = open_referral(child, officer, on=date(2024, 3, 1))
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2024, 3, 5), by=officer
    )
    with pytest.raises(JourneyRuleError) as refused:
        s.complete_assessment(
            assessment=assessment,
            assessment_authorisation_date=date(2024, 3, 4),
            assessment_factors=["2A"],
            child_seen=True,
            outcome="nfa",
            expected_version=1,
            by=officer,
        )
    assert refused.value.rule == Rule.END_BEFORE_START
    assert str(refused.value) == (
        f"Cannot complete the assessment for child {child.la_child_id}: "
        "the authorisation date (4 Mar 2024) is before the assessment start date (5 Mar 2024)."
    )


def test_a_moment_in_a_refusal_is_said_in_london_time(child, officer):  # type: ignore[no-untyped-def]
    """23:30 UTC on 1 July is 00:30 on 2 July in British Summer Time, the day the worker saw."""
    with pytest.raises(JourneyRuleError) as refused:
        s.record_missing_episode(
            child=child,
            missing="M",
            mis_start=datetime(2024, 7, 1, 23, 30, tzinfo=UTC),
            mis_end=datetime(2024, 7, 1, 22, 15, tzinfo=UTC),
            where_from="home",
            by=officer,
        )
    assert refused.value.rule == Rule.END_BEFORE_START
    assert str(refused.value) == (
        f"Cannot record a missing episode for child {child.la_child_id}: "
        "the time the child returned (1 Jul 2024 23:15) is before "
        "the time the child went missing (2 Jul 2024 00:30)."
    )
