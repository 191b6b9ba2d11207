"""A date's errors name it without its "(optional)": "Release date must be a real date ...", as a
tester met "Release date (optional) must be a real date" on the IOM page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from continuum.web.govuk.fields import GovukDateField


def _error(field: GovukDateField, **parts: str) -> str:
    with pytest.raises(ValidationError) as caught:
        field.clean(parts)
    return str(caught.value.messages[0])


def test_an_optional_dates_errors_leave_out_optional() -> None:
    field = GovukDateField(label="Release date (optional)", required=False, past_only=False)
    assert field.clean({"day": "", "month": "", "year": ""}) is None
    assert _error(field, day="31", month="2", year="2026") == (
        "Release date must be a real date: February 2026 has 28 days"
    )
    assert _error(field, day="3", month="", year="2026") == "Release date must include a month"
    assert _error(field, day="3", month="4", year="26") == "Year in release date must include 4 numbers"


def test_a_required_dates_words_are_as_before() -> None:
    field = GovukDateField(label="Date the request was received")
    assert _error(field, day="", month="", year="") == "Enter the date the request was received"
    assert _error(field, day="x", month="4", year="2026") == (
        "Date the request was received must be a real date, written in numbers"
    )
