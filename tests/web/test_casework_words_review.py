"""The looked-after review form in words: its question has no SSDA903 field name, and "Child aged
under 4" for an older child is refused beside the question in plain words, linked from the summary.

Known answer: Ada, born 1 June 2010, was 13 on 20 March 2024.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from continuum.journey import services as s
from continuum.journey.models import CLAReview
from continuum.web.children.looked_after_forms import CLAReviewForm
from tests.web.test_casework_views import client_for, day, make_world, url

pytestmark = pytest.mark.django_db

PLAIN = "&#x27;Child aged under 4&#x27; is only for a child under 4 on the review date; this child was 13"


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    s.start_cla_episode(
        child=world["child"], decom=date(2024, 3, 1), ls="C2", cin="N1", place="U4", in_borough=True, by=None
    )
    return world


def test_the_question_is_in_words_only(world) -> None:
    body = client_for(world["users"]["sw"]).get(url("child-cla-review-new", world)).content.decode()
    assert "How the child took part" in body
    assert "REVIEW_CODE" not in body


def test_under_4_for_a_child_of_13_is_refused_beside_the_question(world) -> None:
    response = client_for(world["users"]["sw"]).post(
        url("child-cla-review-new", world),
        {**day("review", date(2024, 3, 20)), "review_code": "PN0", "what_happened": "Plan reviewed."},
    )
    body = response.content.decode()
    assert response.status_code == 200
    # Once in the summary, linked to the question's first choice, and once beside the question.
    assert f'<a href="#id_review_code_0">{PLAIN}</a>' in body
    assert body.count(PLAIN) == 2
    assert "REVIEW_CODE" not in body
    assert "Cannot record" not in body
    assert "Plan reviewed." in body  # what was typed is kept
    assert not CLAReview.objects.exists()


def test_the_form_takes_under_4_the_day_before_the_fourth_birthday(world) -> None:
    child = world["child"]
    answers = {**day("review", date(2014, 5, 31)), "review_code": "PN0"}
    assert CLAReviewForm(answers, child=child).is_valid()
    on_birthday = CLAReviewForm({**answers, **day("review", date(2014, 6, 1))}, child=child)
    assert not on_birthday.is_valid()
    assert on_birthday.errors["review_code"] == [
        "'Child aged under 4' is only for a child under 4 on the review date; this child was 4"
    ]
