"""A looked-after review's participation code PN0 ("child aged under 4") is refused at entry for an
older child (SSDA903 error 440 would otherwise find it at the return). Known answers at the edge: the
day before the 4th birthday PN0 is taken; on the birthday it is refused, naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError, Rule
from continuum.journey.models import CLAReview

pytestmark = pytest.mark.django_db

BORN = date(2020, 3, 10)


@pytest.fixture
def toddler(officer):  # type: ignore[no-untyped-def]
    child = s.register_child(
        first_name="Pip", last_name="Young", person_birth_date=BORN, sex="M", ethnicity="WBRI", by=officer
    )
    s.start_cla_episode(
        child=child, decom=date(2023, 6, 1), ls="C2", cin="N1", place="U4", in_borough=True, by=officer
    )
    return child


def test_pn0_taken_the_day_before_the_fourth_birthday(toddler, officer) -> None:  # type: ignore[no-untyped-def]
    review = s.record_cla_review(child=toddler, review=date(2024, 3, 9), review_code="PN0", by=officer)
    assert review.review_code == "PN0"


def test_pn0_refused_from_the_fourth_birthday_naming_the_field(toddler, officer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JourneyRuleError) as refused:
        s.record_cla_review(child=toddler, review=date(2024, 3, 10), review_code="PN0", by=officer)
    assert refused.value.rule == Rule.INVALID_CODE
    message = refused.value.message
    assert "How the child took part (REVIEW_CODE)" in message
    assert "the child was 4 on the review date (10 Mar 2024)" in message
    assert not CLAReview.objects.exists()
    # Any other participation code is taken on the birthday.
    assert s.record_cla_review(child=toddler, review=date(2024, 3, 10), review_code="PN1", by=officer).pk
