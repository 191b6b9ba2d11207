"""The sign-off texts have a limit, said as they type: the worker's summary, the closure's reasons, the
child's words and the manager's comments hold 5,000 characters, the assessment's analysis 20,000. Over
it, the form says so by the field's name and nothing is submitted; a line break counts once, as the
GOV.UK character count shows it. Browser test: the count as they type, the error, axe, and the
screenshot tests/artifacts/sign-off-character-count.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.practice import signoff
from continuum.web.signoff.forms import AnswerForm, SubmitAssessmentForm, SubmitClosureForm, SubmitForm
from tests.conftest import sign_in
from tests.web.test_mash_browser import axe_problems, shot
from tests.web.test_signoff import SUBMISSION, _client, _page, world  # noqa: F401 (fixture)


def _errors(form) -> dict:  # type: ignore[no-untyped-def]
    form.is_valid()
    return dict(form.errors)


def test_each_text_has_its_limit_and_says_so_by_name() -> None:
    over = "x" * 5_001
    assert _errors(SubmitForm({"summary": over})) == {
        "summary": ["Summary for your manager must be 5,000 characters or fewer"]
    }
    assert _errors(SubmitForm({"summary": "x" * 5_000})) == {}
    assert (
        "Why the case can close must be 5,000 characters or fewer"
        in _errors(SubmitClosureForm({"summary": over}))["summary"]
    )
    assert _errors(AnswerForm({"answer": "return", "comments": over})) == {
        "comments": ["Comments must be 5,000 characters or fewer"]
    }
    assessment = {**SUBMISSION, "summary": "x" * 20_000, "childs_voice": over}
    assert _errors(SubmitAssessmentForm(assessment)) == {
        "childs_voice": ["The child's words, wishes and feelings must be 5,000 characters or fewer"]
    }
    assert _errors(SubmitAssessmentForm({**SUBMISSION, "summary": "x" * 20_001})) == {
        "summary": ["Analysis must be 20,000 characters or fewer"]
    }


def test_a_line_break_counts_once_as_the_count_shows_it() -> None:
    # 2,500 lines of "x" and a break: 4,999 characters as typed, 7,498 as a browser posts them (CR LF).
    posted = "\r\n".join(["x"] * 2_500)
    form = SubmitForm({"summary": posted})
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["summary"]) == 4_999


@pytest.mark.django_db
def test_over_the_limit_nothing_is_submitted_and_the_page_shows_the_count(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    sw = _client(world["sw"])
    opened = sw.get(_page(world)).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in opened
    assert 'data-maxlength="20000"' in opened
    assert "You can enter up to 5,000 characters" in opened
    refused = sw.post(_page(world), {**SUBMISSION, "childs_voice": "x" * 5_001})
    assert refused.status_code == 200
    assert (
        "The child&#x27;s words, wishes and feelings must be 5,000 characters or fewer"
        in refused.content.decode()
    )
    assert (
        signoff.for_record("assessment", world["assessment"].pk) is None
        or not signoff.for_record("assessment", world["assessment"].pk).steps.exists()
    )


@pytest.mark.django_db(transaction=True)
def test_the_count_as_they_type_in_the_browser(page, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    sign_in(page, "so-sw")
    page.goto(_page(world))
    voice = page.get_by_label("The child's words, wishes and feelings")
    status = page.locator(".govuk-character-count__status").last
    voice.fill("x" * 4_990)
    expect(status).to_have_text("You have 10 characters remaining")
    voice.fill("x" * 5_010)
    expect(status).to_have_text("You have 10 characters too many")
    page.get_by_role("radio", name="Yes").first.check()
    page.get_by_role("radio", name="Child in need plan", exact=False).check()
    page.locator("input[name=assessment_factors]").first.check()
    page.get_by_label("Analysis").fill("Neglect of basic care; mother engaging.")
    page.get_by_role("button", name="Submit for authorisation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        "The child's words, wishes and feelings must be 5,000 characters or fewer"
    )
    assert axe_problems(page) == []
    shot(page, "sign-off-character-count")
