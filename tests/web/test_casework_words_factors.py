"""CIN census factor 21 ("No factors identified") stands alone (DfE rule 8869): refused with any other
factor by the service that completes an assessment, and by the form a worker proposes the factors
on, beside "Factors identified at assessment", before a manager is ever asked to authorise it.

Known answers: 3B with 21 is refused; 21 alone, and 3B with 4B, are taken.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError, Rule
from continuum.journey.models import Assessment
from continuum.journey.services.referrals import no_factors_with_others
from continuum.web.govuk.forms import error_list
from continuum.web.signoff.forms import SubmitAssessmentForm
from tests.web.test_casework_views import REFERRAL, make_world

pytestmark = pytest.mark.django_db

MESSAGE = "Select either '21 No factors identified' or the factors identified, not both"


def _proposal(*factors: str) -> dict[str, Any]:
    return {
        "summary": "Ada is safe at home; no services are needed.",
        "child_seen": "yes",
        "outcome": "nfa",
        "assessment_factors": list(factors),
    }


@pytest.mark.parametrize(
    ("factors", "clash"),
    [(["3B", "21"], True), (["21", "3B", "4B"], True), (["21"], False), (["3B", "4B"], False), ([], False)],
)
def test_the_rule_on_its_own(factors: list[str], clash: bool) -> None:
    assert no_factors_with_others(factors) is clash


def test_the_form_refuses_21_with_another_factor_beside_the_field() -> None:
    form = SubmitAssessmentForm(_proposal("3B", "21"))
    assert not form.is_valid()
    assert form.errors["assessment_factors"] == [MESSAGE]
    # The error summary links to the first factor's box, so the message sits beside the question.
    assert ("id_assessment_factors_0", MESSAGE) in error_list(form)


def test_the_form_takes_21_alone_or_other_factors_together() -> None:
    assert SubmitAssessmentForm(_proposal("21")).is_valid()
    assert SubmitAssessmentForm(_proposal("3B", "4B")).is_valid()


@pytest.fixture
def assessment(make_user) -> Assessment:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    return s.start_assessment(
        cin_episode=world["episode"], assessment_actual_start_date=REFERRAL, by=world["users"]["sw"]
    )


def test_the_service_refuses_21_with_another_factor_and_writes_nothing(assessment: Assessment) -> None:
    with pytest.raises(JourneyRuleError) as refused:
        s.complete_assessment(
            assessment=assessment,
            assessment_authorisation_date=date(2024, 2, 1),
            assessment_factors=["3B", "21"],
            child_seen=True,
            outcome="nfa",
            expected_version=assessment.version,
            by=None,
        )
    assert refused.value.rule == Rule.NO_FACTORS_WITH_OTHERS
    said = refused.value.message
    assert "factor 21 (no factors identified) cannot be recorded with any other factor" in said
    assessment.refresh_from_db()
    assert (assessment.assessment_authorisation_date, assessment.assessment_factors) == (None, [])


def test_the_service_takes_21_alone(assessment: Assessment) -> None:
    done = s.complete_assessment(
        assessment=assessment,
        assessment_authorisation_date=date(2024, 2, 1),
        assessment_factors=["21"],
        child_seen=True,
        outcome="nfa",
        expected_version=assessment.version,
        by=None,
    )
    assert done.assessment_factors == ["21"]
