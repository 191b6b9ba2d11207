"""Issuing the final plan in one corrected go: the personal-budget question applies only when a
budget was asked for, and the confirmation a plan inside the family's 15 days to comment needs
(SEND Regulations 2014 reg 13(1)) is asked for with the form's other errors, not after them.

The request: draft sent 16 Dec 2024, so the family has to 30 Dec; the final plan is dated 20 Dec,
inside that period."""

from __future__ import annotations

import re
from datetime import date

import pytest

from continuum.send.models import EHCPlan, EHCRequest
from tests.web.test_send_edges import (
    PLAN_ANSWERS,
    _assessed,
    _beside,
    _day,
    world,  # noqa: F401 - the fixture, shared
)

pytestmark = pytest.mark.django_db

EARLY = "The family has until 30 Dec 2024 to comment on the draft plan sent 16 Dec 2024"


def _drafted(child) -> EHCRequest:  # type: ignore[no-untyped-def]
    ehc = _assessed(child)
    EHCRequest.objects.filter(pk=ehc.pk).update(
        issue_decision="issue",
        issue_decided_on=date(2024, 12, 9),
        draft_issued_on=date(2024, 12, 16),
        version=4,
    )
    return ehc


def _answers(**changed: str) -> dict[str, str]:
    """The final plan dated 20 Dec 2024 with the plan's answers; a value of "" leaves a question out."""
    answers = {"form": "final", "version": "4", **_day("issued_on", date(2024, 12, 20)), **PLAN_ANSWERS}
    answers.update(changed)
    return {k: v for k, v in answers.items() if v != ""}


def _summary(page: str) -> list[str]:
    """The messages in the error summary at the top of the page, in order."""
    box = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert box is not None, "no error summary"
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]


def test_no_budget_asked_for_means_the_agreed_question_need_not_be_answered(client, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ehc = _drafted(world["child"])
    final = f"/send/requests/{ehc.pk}/final/"
    # Asked under "Yes, a budget was asked for" (a conditional reveal), not with a hint.
    assert 'data-aria-controls="conditional-id_budget_requested_0"' in client.get(final).content.decode()
    no_budget = _answers(budget_requested="no", budget_agreed="", budget_amount="", budget_purpose="")

    first = client.post(final, no_budget)
    page = first.content.decode()
    assert first.status_code == 400
    # Only the confirmation is asked for: nothing about the personal budget.
    assert _summary(page) == [
        EARLY + ": issue the final plan after then, or confirm the family has "
        "commented or agreed to an earlier final plan"
    ]
    assert 'id="id_budget_agreed-error"' not in page

    issued = client.post(final, {**no_budget, "family_commented_early": "on"})
    assert issued.status_code == 302
    plan = EHCPlan.objects.get(ehc_request=ehc)
    assert (plan.budget_requested, plan.budget_agreed, plan.budget_amount) == (False, False, None)


def test_every_error_comes_on_the_first_submission_so_one_resubmission_issues_the_plan(client, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A budget asked for but the agreed question left out, and no confirmation: both are named on
    the first submission, each beside its question; putting both right issues the plan."""
    ehc = _drafted(world["child"])
    final = f"/send/requests/{ehc.pk}/final/"
    missing = _answers(budget_agreed="", budget_amount="")

    first = client.post(final, missing)
    page = first.content.decode()
    assert first.status_code == 400
    assert _beside(page, "family_commented_early").startswith(EARLY)
    assert _beside(page, "budget_agreed") == "Select whether the personal budget asked for was agreed"
    summary = _summary(page)
    assert len(summary) == 2
    assert summary[0].startswith(EARLY)  # the page's order: the confirmation sits above the budget
    assert summary[1] == "Select whether the personal budget asked for was agreed"
    assert not EHCPlan.objects.filter(ehc_request=ehc).exists()

    issued = client.post(final, {**missing, "budget_agreed": "yes", "family_commented_early": "on"})
    assert issued.status_code == 302
    plan = EHCPlan.objects.get(ehc_request=ehc)
    assert (plan.budget_requested, plan.budget_agreed) == (True, True)
