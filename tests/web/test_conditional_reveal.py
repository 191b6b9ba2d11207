"""GOV.UK conditional reveal, declared once on a form (``GovukForm.reveals``): the radios template
draws the follow-up question inside the answer's conditional block, pointed at by the answer's
``data-aria-controls`` (GOV.UK Frontend makes it ``aria-controls`` and hides the block while the
answer is not chosen; without script the block simply shows), and the form asks the follow-up
only when the answer was chosen.

Worked by hand on the SEND final plan's personal budget: "Did the parent or young person ask for
a personal budget?" is the radios ``id_budget_requested``; its first choice, "Yes" (input
``id_budget_requested_0``), reveals block ``conditional-id_budget_requested_0`` holding whether it
was agreed, the amount and the purpose; "No" (``id_budget_requested_1``) reveals nothing.
"""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from django import forms
from django.template.loader import render_to_string

from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm, Reveal
from continuum.web.send.forms import PlanFields, ReviewForm

PLAN = {
    "primary_need": "SLCN",
    "needs": "Speech and language: understands short sentences only.",
    "outcomes": "Takes part in class discussion by the end of Year 5.",
    "provision": "Speech and language therapy, 30 minutes a week.",
    "setting_name": "Riverside Primary",
    "setting_type": "mainstream",
    "out_of_borough": "no",
}


# Elements whose class list holds a class (XPath: lxml's CSS selectors need a package we do not use).
_CLASS = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' %s ')]"


def _by_id(root: lxml.html.HtmlElement, id_: str) -> lxml.html.HtmlElement:
    (found,) = root.xpath(".//*[@id=$id]", id=id_)
    return found


def _radios(form: GovukForm, name: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(
        render_to_string("govuk/radios.html", {"field": form[name], "inline": True}), create_parent="div"
    )


def test_the_yes_answer_controls_the_block_that_holds_the_budget_questions() -> None:
    page = _radios(PlanFields(), "budget_requested")
    yes, no = page.xpath(".//input[@name='budget_requested']")
    assert (yes.get("id"), yes.get("value"), yes.get("data-aria-controls")) == (
        "id_budget_requested_0",
        "yes",
        "conditional-id_budget_requested_0",
    )
    assert no.get("data-aria-controls") is None  # "No" reveals nothing
    (block,) = page.xpath(_CLASS % "govuk-radios__conditional")
    assert block.get("id") == "conditional-id_budget_requested_0"
    # Unanswered: the block starts hidden (GOV.UK hides it only where its script runs).
    assert "govuk-radios__conditional--hidden" in block.get("class")
    # The block follows the "Yes" item, inside the radios (GOV.UK's markup).
    assert block.getprevious().xpath(".//input")[0].get("id") == "id_budget_requested_0"
    # Radios that reveal are never inline, though the page asked for inline.
    assert "govuk-radios--inline" not in page.xpath(_CLASS % "govuk-radios")[0].get("class")
    # The follow-up questions keep their own labels, and their own options (the amount's width).
    inside = block.text_content()
    assert "Was a personal budget agreed?" in inside
    assert block.xpath(".//label[@for='id_budget_amount']")[0].text_content().strip() == (
        "Personal budget a year, in pounds (optional)"
    )
    assert "govuk-input--width-10" in _by_id(block, "id_budget_amount").get("class")
    assert block.xpath(".//label[@for='id_budget_purpose']")
    assert [i.get("id") for i in block.xpath(".//input[@name='budget_agreed']")] == [
        "id_budget_agreed_0",
        "id_budget_agreed_1",
    ]


def test_a_follow_up_left_unanswered_shows_its_error_inside_the_open_block() -> None:
    form = PlanFields({**PLAN, "budget_requested": "yes"})
    assert not form.is_valid()
    page = _radios(form, "budget_requested")
    block = _by_id(page, "conditional-id_budget_requested_0")
    assert "govuk-radios__conditional--hidden" not in block.get("class")  # chosen: shown
    assert _by_id(page, "id_budget_requested_0").get("checked") is not None
    error = _by_id(block, "id_budget_agreed-error").text_content()
    assert "Select whether the personal budget asked for was agreed" in error
    fieldset = block.xpath(".//fieldset")[0]
    assert "id_budget_agreed-error" in fieldset.get("aria-describedby")


def test_the_budget_questions_are_required_only_when_a_budget_was_asked_for() -> None:
    asked = PlanFields({**PLAN, "budget_requested": "yes"})
    assert not asked.is_valid()
    assert asked.errors["budget_agreed"] == ["Select whether the personal budget asked for was agreed"]

    agreed = PlanFields(
        {
            **PLAN,
            "budget_requested": "yes",
            "budget_agreed": "yes",
            "budget_amount": "£1,200",
            "budget_purpose": "Short breaks",
        }
    )
    assert agreed.is_valid(), agreed.errors
    values = agreed.plan_values()
    assert (values["budget_requested"], values["budget_agreed"], str(values["budget_amount"])) == (
        True,
        True,
        "1200",
    )
    assert values["budget_purpose"] == "Short breaks"


def test_answers_left_in_the_hidden_questions_are_dropped_not_refused() -> None:
    """Yes, agreed, an amount mistyped and a purpose typed, then the answer changed to "No": the
    hidden answers were never asked, so neither the bad amount nor "agreed" is kept or refused."""
    form = PlanFields(
        {
            **PLAN,
            "budget_requested": "no",
            "budget_agreed": "yes",
            "budget_amount": "12x",
            "budget_purpose": "Respite",
        }
    )
    assert form.is_valid(), form.errors
    values = form.plan_values()
    assert (values["budget_requested"], values["budget_agreed"], values["budget_amount"]) == (
        False,
        False,
        None,
    )
    assert values["budget_purpose"] == ""


def test_the_amended_plans_date_is_asked_only_of_a_review_that_amends() -> None:
    base = {"held_on-day": "12", "held_on-month": "1", "held_on-year": "2026"}
    kept = ReviewForm(
        {
            **base,
            "outcome": "maintain",
            "amended_on-day": "40",
            "amended_on-month": "1",
            "amended_on-year": "2026",
        }
    )
    kept.is_valid()
    assert "amended_on" not in kept.errors
    assert kept.cleaned_data["amended_on"] is None
    amend = ReviewForm(
        {
            **base,
            "outcome": "amend",
            "amended_on-day": "40",
            "amended_on-month": "1",
            "amended_on-year": "2026",
        }
    )
    amend.is_valid()
    assert amend.errors["amended_on"] == [
        "Date the amended plan was issued must be a real date: January 2026 has 31 days"
    ]
    dated = ReviewForm(
        {
            **base,
            "outcome": "amend",
            "amended_on-day": "2",
            "amended_on-month": "2",
            "amended_on-year": "2026",
        }
    )
    dated.is_valid()
    assert "amended_on" not in dated.errors
    assert dated.cleaned_data["amended_on"] == date(2026, 2, 2)


class _Contact(GovukForm):
    """Checkboxes reveal too: "Phone" reveals the number, and a lone box reveals a date."""

    ways = forms.MultipleChoiceField(
        label="How can we contact you?",
        choices=[("email", "Email"), ("phone", "Phone")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone = forms.CharField(label="Phone number", error_messages={"required": "Enter the phone number"})
    unborn = forms.BooleanField(label="The child is not born yet", required=False)
    expected = GovukDateField(label="Expected date of birth", past_only=False)
    reveals = (Reveal("ways", "phone", ("phone",)), Reveal("unborn", "on", ("expected",)))


def test_checkboxes_and_a_lone_checkbox_reveal_and_require_their_follow_up() -> None:
    form = _Contact({"ways": ["phone"]})
    assert not form.is_valid()
    assert form.errors["phone"] == ["Enter the phone number"]
    assert "expected" not in form.errors  # the box was not ticked
    page = lxml.html.fragment_fromstring(
        render_to_string("govuk/checkboxes.html", {"field": form["ways"]}), create_parent="div"
    )
    email, phone = page.xpath(".//input[@type='checkbox']")
    assert (email.get("data-aria-controls"), phone.get("data-aria-controls")) == (
        None,
        "conditional-id_ways_1",
    )
    (block,) = page.xpath(_CLASS % "govuk-checkboxes__conditional")
    assert block.get("id") == "conditional-id_ways_1"
    assert "--hidden" not in block.get("class")
    assert _by_id(block, "id_phone-error") is not None

    ticked = _Contact({"unborn": "on"})
    assert not ticked.is_valid()
    assert ticked.errors["expected"] == ["Enter expected date of birth"]
    assert "phone" not in ticked.errors
    box = lxml.html.fragment_fromstring(
        render_to_string("govuk/checkbox.html", {"field": ticked["unborn"]}), create_parent="div"
    )
    assert _by_id(box, "id_unborn").get("data-aria-controls") == "conditional-id_unborn"
    assert _by_id(_by_id(box, "conditional-id_unborn"), "id_expected-day") is not None

    neither = _Contact({"phone": "01632 960000", "expected-day": "1"})
    assert neither.is_valid(), neither.errors
    assert (neither.cleaned_data["phone"], neither.cleaned_data["expected"]) == ("", None)


@pytest.mark.django_db
def test_the_escalation_decision_reveals_the_author_or_the_reason_to_decline() -> None:
    """Complaints: "Escalate" (the first choice) reveals the investigator, "Decline" (the second)
    the reason; where declining is not offered there is no reason, and no block for it."""
    from continuum.web.complaints.forms import EscalateForm

    form = EscalateForm(prefix="escalate")
    page = _radios(form, "decision")
    escalate, decline = page.xpath(".//input[@name='escalate-decision']")
    assert (escalate.get("data-aria-controls"), decline.get("data-aria-controls")) == (
        "conditional-id_escalate-decision_0",
        "conditional-id_escalate-decision_1",
    )
    assert _by_id(_by_id(page, "conditional-id_escalate-decision_0"), "id_escalate-author") is not None
    reason = _by_id(_by_id(page, "conditional-id_escalate-decision_1"), "id_escalate-reason")
    assert (reason.tag, reason.get("rows")) == ("textarea", "3")

    in_time = _radios(EscalateForm(prefix="escalate", decline=""), "decision")
    assert not in_time.xpath(".//textarea")
    assert _by_id(in_time, "id_escalate-decision_0").get("data-aria-controls") == (
        "conditional-id_escalate-decision_0"
    )

    declined = EscalateForm(
        {"escalate-decision": "decline", "escalate-reason": "No new information", "escalate-author": "7"},
        prefix="escalate",
    )
    declined.is_valid()
    assert (declined.cleaned_data["reason"], declined.cleaned_data["author"]) == ("No new information", "")
    escalated = EscalateForm(
        {"escalate-decision": "escalate", "escalate-reason": "Typed, then escalated"}, prefix="escalate"
    )
    escalated.is_valid()
    assert escalated.cleaned_data["reason"] == ""
