"""A child's warning forms name their box when text is too long (found by review: Django's own
"Ensure this value has at most 2000 characters (it has 10038)." named no field)."""

from __future__ import annotations

import pytest

from continuum.web.children.warnings import EndWarningForm, WarningForm


@pytest.mark.django_db
def test_too_long_text_is_named() -> None:
    long = "O'Brien-Zoë <script>" + "x" * 10_000
    assert WarningForm({"details": long}).errors["details"] == ["Details must be 2000 characters or fewer"]
    assert EndWarningForm({"reason": long}).errors["reason"] == [
        "Why it no longer applies must be 2000 characters or fewer"
    ]
    assert EndWarningForm({}).errors["reason"] == ["Say why the warning no longer applies"]
