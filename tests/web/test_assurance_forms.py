"""The QA forms' number boxes name themselves in every error (found by review: "Enter a whole number."
twice in one summary, for "How many cases" and "Sample reference", said neither)."""

from __future__ import annotations

from continuum.web.assurance.forms import AddCaseForm, ProgrammeForm


def test_each_bad_number_is_named_in_its_error() -> None:
    form = ProgrammeForm(
        {"month-day": "1", "month-month": "11", "month-year": "2026", "target": "O'Brien", "seed": "-3"},
        team_choices=[],
    )
    assert not form.is_valid()
    assert form.errors["target"] == ["How many cases must be a whole number, like 12"]
    assert form.errors["seed"] == ["Sample reference must be 0 or more"]
    too_many = ProgrammeForm({"target": "501"}, team_choices=[])
    assert too_many.errors["target"] == ["How many cases must be 500 or fewer"]
    assert AddCaseForm({"child": "<script>"}).errors["child"] == [
        "Child record number must be a whole number, like 12"
    ]
    assert AddCaseForm({}).errors["child"] == ["Enter the child record number"]
